"""Human-readable output of the CLI (tables and event pages), written with rich to stdout."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from rasd.model import Event, PairScore

import sys

#: piped output is not squeezed to 80 columns: tables stay one row per event
console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def _s(value: Any) -> str:
    """Text from the data, with rich markup characters made inert."""
    return "" if value is None else escape(str(value))


def events_table(events: Sequence[Event], total: int) -> None:
    table = Table(show_lines=False)
    for name in ("id", "date", "sub-event type", "location", "admin1", "actor1", "actor2"):
        table.add_column(name, no_wrap=name in ("id", "date"), overflow="fold")
    table.add_column("killed", justify="right")
    table.add_column("sources", justify="right")
    for e in events:
        m = e.mention
        table.add_row(_s(e.id), _s(m.event_date), _s(m.sub_event_type), _s(m.location), _s(m.admin1),
                      _s(m.actor1), _s(m.actor2), _s(m.fatalities), _s(e.source_count))
    console.print(table)
    console.print(f"{len(events)} of {total} events")


def counts_table(by: str, rows: Sequence[tuple[Any, int]]) -> None:
    table = Table()
    table.add_column(by)
    table.add_column("events", justify="right")
    for key, n in rows:
        table.add_row(_s(key) or "(unknown)", str(n))
    table.add_row("total", str(sum(n for _, n in rows)), style="bold")
    console.print(table)


def _explain(pair: PairScore) -> str:
    try:
        from rasd.dedup import explain

        return explain(pair)
    except ImportError:  # the dedup package may not offer an explanation
        reasons = ", ".join(f"{k} {v:+.2f}" for k, v in sorted(pair.reasons.items()))
        return f"score {pair.score:.2f} ({reasons})"


def event_detail(event: Event, pairs: Sequence[PairScore], mention_docs: Mapping[str, str]) -> None:
    record = event.to_record()
    console.print(f"[bold]{_s(event.id)}[/bold]  {record['event_date']}  {_s(record['event_type'])} / {_s(record['sub_event_type'])}")
    for name in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "location", "admin2", "admin1", "admin1_code",
                 "latitude", "longitude", "geo_precision", "time_precision", "fatalities", "fatalities_low",
                 "fatalities_high", "injuries", "source", "source_count"):
        if record.get(name) is not None:
            console.print(f"  {name:<15} {_s(record[name])}")
    console.print(f"\n[bold]{len(event.sources)} source(s)[/bold]")
    for s in event.sources:
        console.print(f"- {_s(s.outlet or '(unknown outlet)')}, {s.published or 'undated'}: {_s(s.title or '(untitled)')} ({_s(s.doc_id)})")
        if s.url:
            console.print(f"  {_s(s.url)}")
        console.print(f"  “{_s(s.evidence)}”")
    if pairs:
        console.print("\n[bold]Why merged (and what was kept apart)[/bold]")
        for p in pairs:
            a, b = mention_docs.get(p.mention_a, p.mention_a), mention_docs.get(p.mention_b, p.mention_b)
            console.print(f"- {_s(a)} ~ {_s(b)}: {_s(_explain(p))}")


def event_json(event: Event, pairs: Sequence[PairScore]) -> dict[str, Any]:
    record = event.to_record()
    record["sources"] = [
        {"doc_id": s.doc_id, "outlet": s.outlet, "url": s.url, "title": s.title,
         "published": s.published.isoformat() if s.published else None, "evidence": s.evidence}
        for s in event.sources
    ]
    record["pairs"] = [{"mention_a": p.mention_a, "mention_b": p.mention_b, "score": p.score, "reasons": p.reasons} for p in pairs]
    return record


def sources_table(rows: Sequence[Mapping[str, Any]]) -> None:
    """Watched sources and their health (``rasd sources list``)."""
    table = Table()
    for name in ("id", "name", "kind", "every", "status", "last success", "articles", "events", "error rate", "last error"):
        table.add_column(name, overflow="fold", justify="right" if name in ("id", "articles", "events") else "left")
    for r in rows:
        table.add_row(_s(r["id"]), _s(r["name"]), _s(r["kind"]), _s(r["every"]), _s(r["status"]),
                      _s(r["last_success"] or "never"), _s(r["articles"]), _s(r["events"]),
                      f"{r['error_rate']:.0%}", _s(r["last_error"] or ""))
    console.print(table)
    console.print(f"{len(rows)} source(s)")
