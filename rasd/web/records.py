"""Events as the JSON, CSV and GeoJSON the API returns: one shape for every output."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from rasd.export import ACLED_COLUMNS, acled_row, defuse_formulas, geojson_feature
from rasd.model import EVENT_FIELDS, Event, PairScore, Source

#: CSV columns: the contract's fields after the event id, then the deduplication extras.
CSV_FIELDS: tuple[str, ...] = ("id", *EVENT_FIELDS, "doc_ids", "source_count", "fatalities_low", "fatalities_high")


def event_item(event: Event) -> dict[str, Any]:
    """One event as listed by ``/api/events``: its id and every field of the output contract."""
    return event.to_record()


def source_item(source: Source) -> dict[str, Any]:
    data = asdict(source)
    data["published"] = source.published.isoformat() if source.published else None
    return data


def pair_item(pair: PairScore, documents: dict[str, str]) -> dict[str, Any]:
    return {"mention_a": pair.mention_a, "mention_b": pair.mention_b,
            "doc_a": documents.get(pair.mention_a), "doc_b": documents.get(pair.mention_b),
            "score": pair.score, "reasons": pair.reasons}


def event_detail(event: Event, pairs: list[PairScore], documents: dict[str, str]) -> dict[str, Any]:
    """One event with every source, its evidence and the pair scores behind each merge.

    ``documents`` maps mention ids to document ids, so a merge names the reports it joined.
    """
    item = event_item(event)
    item["sources"] = [source_item(s) for s in event.sources]
    item["mention_ids"] = list(event.mention_ids)
    item["merges"] = [pair_item(p, documents) for p in pairs]
    return item


def evidence_context(text: str, evidence: str, around: int = 400) -> dict[str, str] | None:
    """The evidence with up to ``around`` characters of its report before and after, or None.

    Returned as three plain strings so templates escape each and mark only the evidence.
    """
    at = text.find(evidence) if evidence else -1
    if at < 0:
        return None
    start, end = max(0, at - around), min(len(text), at + len(evidence) + around)
    return {"before": ("…" if start else "") + text[start:at], "evidence": evidence,
            "after": text[at + len(evidence):end] + ("…" if end < len(text) else "")}


def _contract_row(event: Event) -> dict[str, Any]:
    record = event_item(event)
    record["doc_ids"] = ";".join(record.get("doc_ids") or [])
    return record


def csv_lines(events: Iterable[Event], acled: bool = False) -> Iterator[str]:
    """The selection as CSV text, streamed a row at a time: the contract's columns, or ACLED's."""
    buffer = io.StringIO()
    stamp = int(time.time())
    columns = ACLED_COLUMNS if acled else CSV_FIELDS
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow(defuse_formulas(acled_row(event, stamp) if acled else _contract_row(event)))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def geojson_chunks(events: Iterable[Event]) -> Iterator[str]:
    """The selection as a GeoJSON FeatureCollection, streamed a feature at a time."""
    yield '{"type":"FeatureCollection","features":['
    for index, event in enumerate(events):
        yield ("," if index else "") + json.dumps(geojson_feature(event), ensure_ascii=False)
    yield "]}"
