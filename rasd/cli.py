"""rasd's command line: thin commands over the library (``rasd --help``).

Errors are printed as ``rasd: <input>:<line>: <problem>`` on stderr; the exit code is 1 when any
input failed and 2 for a bad option or setting. Only this module turns errors into exit codes.
Other packages add commands here (``estimate``, ``onthisday``, ``serve``).
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any, Optional

import typer

from rasd.errors import ConfigError, InputError, RasdError
from rasd.model import parse_day
from rasd.settings import BATCH_SIZE

app = typer.Typer(
    name="rasd",
    help="Turn news reports about Iraq into a sourced, geocoded, deduplicated ACLED-compatible event dataset.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
events_app = typer.Typer(rich_markup_mode=None)

DB_HELP = "Database URL (default: RASD_DB or sqlite:///rasd.db)."
PROCESSES_HELP = "Worker processes for extraction (default: RASD_PROCESSES, else every core for inputs over 1 MB)."
TEXT_COLUMN = typer.Option("text", "--text-column", help="CSV/Parquet inputs: the column holding each report's text.")
DATE_COLUMN = typer.Option("published", "--date-column", help="CSV/Parquet inputs: the column of publication dates (YYYY-MM-DD).")
URL_COLUMN = typer.Option("url", "--url-column", help="CSV/Parquet inputs: the column of URLs.")
CLUSTER_HELP = "Extract on a Dask cluster: local:N or the scheduler's tcp://HOST:8786 (pip install 'rasd[dask]')."
#: Rows `rasd events` shows in a table unless --limit says otherwise (machine formats get all).
TABLE_ROWS = 50


# -- shared helpers ----------------------------------------------------------------------------

def fail(message: str, code: int = 1) -> None:
    typer.echo(f"rasd: {message}", err=True)
    raise typer.Exit(code)


def report_error(error: InputError) -> None:
    typer.echo(f"rasd: {error}", err=True)


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        level = "" if record.levelno >= logging.ERROR else f"{record.levelname.lower()}: "
        typer.echo(f"rasd: {level}{record.getMessage()}", err=True)


def _setup_logging(verbose: bool) -> None:
    root = logging.getLogger("rasd")
    root.handlers[:] = [_StderrHandler()]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.propagate = False


def _settings(**flags: Any) -> Any:
    from rasd.settings import load_settings

    try:
        return load_settings(**flags)
    except ConfigError as exc:
        fail(str(exc), 2)


def _open_store(db: str | None) -> Any:
    from rasd.store import Store

    try:
        return Store.open(db)
    except RasdError as exc:
        fail(str(exc), 2)


def _open_filled_store(db: str | None) -> Any:
    """A store for reading; warns when it holds nothing (often a mistyped --db)."""
    store = _open_store(db)
    if store.is_empty():
        typer.echo(f"rasd: warning: database {store.url} holds no documents; add some with `rasd ingest FILE...`", err=True)
    return store


def _date_option(value: str | None, name: str) -> date | None:
    try:
        return parse_day(value)
    except ValueError as exc:
        fail(f"{name}: {exc}", 2)
    return None


def _published_option(value: str | None) -> date | None:
    from rasd.ingest.published import published_problem

    day = _date_option(value, "--published")
    problem = published_problem(day)
    if problem is not None:
        fail(f"--published: {problem}", 2)
    return day


def _query(since: str | None, until: str | None, admin1: str | None, event_type: str | None,
           sub_event_type: str | None = None, actor: str | None = None, text: str | None = None,
           sort: str = "event_date", ascending: bool = False, limit: int | None = None, offset: int = 0) -> Any:
    from rasd.store import EventQuery

    try:
        return EventQuery.parse(since=since, until=until, admin1=admin1, event_type=event_type,
                                sub_event_type=sub_event_type, actor=actor, text=text, sort=sort,
                                descending=not ascending, limit=limit, offset=offset)
    except ConfigError as exc:
        fail(f"--{exc}", 2)


def _csv_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    return "" if value is None else value


def _write_records(records: Any, fmt: str, out: Any = None, fields: list[str] | None = None) -> int:
    """Records as JSONL or CSV (header ``fields``, else the first record's keys); returns how many.

    CSV text a spreadsheet would run as a formula gets a leading quote, as in ``rasd export``.
    """
    from rasd.export import defuse_formulas

    out = out or sys.stdout
    writer, count = None, 0
    for record in records:
        if fmt == "csv":
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=fields or list(record), lineterminator="\n")
                writer.writeheader()
            writer.writerow(defuse_formulas({k: _csv_value(v) for k, v in record.items()}))
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging detail to stderr.")) -> None:
    """Turn news reports about Iraq into a sourced, geocoded, deduplicated ACLED-compatible event dataset.

    Example: rasd ingest samples/ && rasd stats --by month
    """
    _setup_logging(verbose)


# -- extract -----------------------------------------------------------------------------------

@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="Documents: .jsonl (one a line), .txt, .html, or folders of them."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for documents that carry none."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="Output format: jsonl or csv."),
    processes: Optional[int] = typer.Option(None, help=PROCESSES_HELP),
    cluster: Optional[str] = typer.Option(None, help=CLUSTER_HELP),
    text_column: str = TEXT_COLUMN,
    date_column: str = DATE_COLUMN,
    url_column: str = URL_COLUMN,
) -> None:
    """Print the events in documents, one per line, without storing anything.

    Every field of the event contract is printed (JSONL by default, or CSV).

    Example: rasd extract samples/ --published 2011-06-02 --format csv
    """
    from rasd.ingest import Columns, articles_only, read_documents
    from rasd.ingest.pipeline import extracted
    from rasd.model import EVENT_FIELDS
    from rasd.parallel import auto_processes

    if fmt not in ("jsonl", "csv"):
        fail(f"--format {fmt!r}: choose jsonl or csv", 2)
    settings = _settings(processes=processes, cluster=cluster)
    errors: list[InputError] = []

    def record(error: InputError) -> None:
        errors.append(error)
        report_error(error)

    columns = Columns(text=text_column, date=date_column, url=url_column)
    articles = articles_only(read_documents(files, _published_option(published), settings.max_document_mb, columns), record)
    workers = auto_processes(files, settings.processes)
    records = (m.to_record() for _, mentions in extracted(articles, workers, on_error=record, cluster=settings.cluster)
               for m in mentions)
    _write_records(records, fmt, fields=[*EVENT_FIELDS, "mention_id"])
    if errors:
        raise typer.Exit(1)


# -- ingest ------------------------------------------------------------------------------------

@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files (.jsonl, .txt, .html, .warc.gz, .csv, .parquet) or folders, read recursively."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD for documents that carry none."),
    processes: Optional[int] = typer.Option(None, help=PROCESSES_HELP),
    cluster: Optional[str] = typer.Option(None, help=CLUSTER_HELP),
    text_column: str = TEXT_COLUMN,
    date_column: str = DATE_COLUMN,
    url_column: str = URL_COLUMN,
    batch_size: Optional[int] = typer.Option(None, help=f"Documents per database transaction (default {BATCH_SIZE:,})."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Store documents and the events they report; re-ingesting a document changes nothing.

    Bad inputs are reported (file and line) and skipped; the exit code is 1 if any failed.

    Example: rasd ingest samples/ reports.jsonl --db sqlite:///rasd.db
    Example: rasd ingest archive/ --cluster tcp://10.0.0.5:8786   (extraction on a Dask cluster)
    Example: rasd ingest crawl.parquet --text-column body --date-column crawled --url-column link
    """
    from rasd.cli_progress import IngestProgress
    from rasd.ingest import Columns
    from rasd.ingest.pipeline import ingest_paths

    settings = _settings(db=db, processes=processes, batch_size=batch_size, cluster=cluster)
    store = _open_store(settings.db)
    input_errors: list[InputError] = []

    def on_error(error: InputError) -> None:
        input_errors.append(error)
        progress.error()
        report_error(error)

    with IngestProgress(enabled=not quiet) as progress:
        report = ingest_paths(
            store, paths, published=_published_option(published), processes=settings.processes,
            batch_size=settings.batch_size, max_document_mb=settings.max_document_mb,
            on_error=on_error, on_document=progress.document, cluster=settings.cluster,
            columns=Columns(text=text_column, date=date_column, url=url_column),
        )
    for message in report.failed[len(input_errors):]:  # store refusals; input errors were printed already
        typer.echo(f"rasd: {message}", err=True)
    typer.echo(
        f"{report.documents} documents stored, {report.skipped} already stored, {report.mentions} mentions, "
        f"{report.events} events created or updated, {len(report.failed)} failed; database {store.url}",
        err=True,
    )
    store.close()
    if report.failed:
        raise typer.Exit(1)


# -- events ------------------------------------------------------------------------------------

@events_app.callback(invoke_without_command=True)
def events(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, help="First day, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Last day, YYYY-MM-DD."),
    admin1: Optional[str] = typer.Option(None, help="Governorate name or ISO 3166-2 code (Maysan, IQ-MA)."),
    event_type: Optional[str] = typer.Option(None, "--type", help="ACLED event type, e.g. 'Battles'."),
    sub_event_type: Optional[str] = typer.Option(None, "--sub-type", help="ACLED sub-event type, e.g. 'Armed clash'."),
    actor: Optional[str] = typer.Option(None, help="Canonical actor name, as actor1 or actor2."),
    text: Optional[str] = typer.Option(None, "--text", "-q", help="Words (or word beginnings) that must all appear in evidence, location or actors."),
    sort: str = typer.Option("event_date", help="Sort field (event_date, fatalities, admin1, ...)."),
    ascending: bool = typer.Option(False, "--asc", help="Oldest / smallest first."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, jsonl or csv."),
    limit: Optional[int] = typer.Option(None, help="At most this many events (default: 50 in a table, every "
                                        "event as jsonl or csv; 0 = all)."),
    offset: int = typer.Option(0, help="Skip this many events first."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """List stored events matching filters, as a table, JSONL or CSV; `events show ID` shows one.

    Example: rasd events --admin1 Maysan --since 2011-01-01 --type "Explosions/Remote violence" --format jsonl
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    from rasd.cli_render import events_table

    if fmt not in ("table", "jsonl", "csv"):
        fail(f"--format {fmt!r}: choose table, jsonl or csv", 2)
    store = _open_filled_store(db)
    if limit is None:
        limit = TABLE_ROWS if fmt == "table" else 0
    q = _query(since, until, admin1, event_type, sub_event_type, actor, text, sort, ascending, limit or None, offset)
    try:
        if fmt == "table":
            found, total = store.query_events(q)
            events_table(found, total)
        else:
            _write_records((e.to_record() for e in store.iter_events(q)), fmt)
    except ConfigError as exc:
        fail(str(exc), 2)


@events_app.command("show")
def events_show(
    ctx: typer.Context,
    event_id: str = typer.Argument(..., help="Event id, as listed by `rasd events`."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Show one event: its fields, every source with its evidence, and why reports were merged.

    Example: rasd events show IRQ-3f2a9c1b7d04
    """
    from rasd.cli_render import event_detail, event_json

    store = _open_store(db or (ctx.obj or {}).get("db"))
    event = store.get_event(event_id)
    if event is None:
        fail(f"no event {event_id!r}; list ids with `rasd events`")
    pairs = store.event_pairs(event_id)
    if fmt == "json":
        typer.echo(json.dumps(event_json(event, pairs), ensure_ascii=False, indent=2))
    else:
        event_detail(event, pairs, store.mention_labels({p.mention_a for p in pairs} | {p.mention_b for p in pairs}))


app.add_typer(events_app, name="events")


# -- export, stats, evaluate -------------------------------------------------------------------

@app.command()
def export(
    out: Optional[Path] = typer.Argument(None, help="Output file (default: standard output)."),
    fmt: str = typer.Option("acled-csv", "--format", "-f", help="acled-csv, jsonl or geojson."),
    since: Optional[str] = typer.Option(None, help="First day, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Last day, YYYY-MM-DD."),
    admin1: Optional[str] = typer.Option(None, help="Governorate name or ISO 3166-2 code."),
    event_type: Optional[str] = typer.Option(None, "--type", help="ACLED event type."),
    verbatim: bool = typer.Option(False, "--verbatim", help="CSV: keep text exactly as stored, even text a "
                                  "spreadsheet would run as a formula (by default it gets a leading quote)."),
    reviewed_only: bool = typer.Option(False, "--reviewed-only", help="Only events a reviewer accepted, edited or added."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Write the stored dataset: ACLED's 31-column CSV, JSONL, or a GeoJSON FeatureCollection.

    News text that a spreadsheet would run as a formula ("=HYPERLINK(...)") is written with a
    leading quote in the CSV, as in the dashboard's downloads; --verbatim keeps it as stored.
    Each event carries its review status (JSONL and GeoJSON: review_status; ACLED CSV: in
    tags, "rasd review: accepted"); rejected events are never exported.

    Example: rasd export --format acled-csv iraq-events.csv --reviewed-only
    """
    from dataclasses import replace
    from functools import partial

    from rasd.export import WRITERS, write_acled_csv

    if fmt not in WRITERS:
        fail(f"--format {fmt!r}: choose {', '.join(WRITERS)}", 2)
    write = partial(write_acled_csv, verbatim=verbatim) if fmt == "acled-csv" else WRITERS[fmt]
    store = _open_filled_store(db)
    q = _query(since, until, admin1, event_type, sort="event_date", ascending=True)
    if reviewed_only:
        q = replace(q, reviewed=True)
    events_iter = store.iter_events(q)
    if out is None:
        count = write(events_iter, sys.stdout)
    else:
        with out.open("w", encoding="utf-8", newline="") as handle:
            count = write(events_iter, handle)
    typer.echo(f"{count} events written to {out or 'standard output'}", err=True)


@app.command()
def stats(
    by: str = typer.Option("month", help="month, admin1, event_type, sub_event_type or actor."),
    since: Optional[str] = typer.Option(None, help="First day, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Last day, YYYY-MM-DD."),
    admin1: Optional[str] = typer.Option(None, help="Governorate name or ISO 3166-2 code."),
    event_type: Optional[str] = typer.Option(None, "--type", help="ACLED event type."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Count stored events by month, governorate, event type or actor.

    Example: rasd stats --by month --admin1 Maysan
    """
    from rasd.cli_render import counts_table

    store = _open_filled_store(db)
    try:
        rows = store.stats(by, _query(since, until, admin1, event_type))
    except ConfigError as exc:
        fail(str(exc), 2)
    if fmt == "json":
        typer.echo(json.dumps([{by: k, "events": n} for k, n in rows], ensure_ascii=False))
    elif fmt == "csv":
        _write_records(({by: k, "events": n} for k, n in rows), "csv")
    else:
        counts_table(by, rows)


@app.command()
def evaluate(
    gold: Optional[Path] = typer.Argument(None, help="Gold annotations (JSONL: id, published, events)."),
    docs: Optional[Path] = typer.Argument(None, help="The documents the gold events are read from (JSONL)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    errors: bool = typer.Option(False, "--errors", help="Also list every missed, spurious and disagreeing event."),
    reviewed: bool = typer.Option(False, "--reviewed", help="Score against the database's reviewed documents instead of files."),
    by: Optional[list[str]] = typer.Option(None, "--by", help="Also break recall and precision down by a field: "
                                           "event_type, sub_event_type, country or admin1 (repeatable)."),
    db: Optional[str] = typer.Option(None, help=DB_HELP + " (with --reviewed)"),
) -> None:
    """Score extraction against gold events: precision, recall, F1 and per-field agreement.

    With --by sub_event_type, a table gives for each sub-event type the gold events, how many
    were found (matched on event type, place and date) and found with that sub-type (recall),
    and the predictions of that sub-type and how many were right (precision).

    With --reviewed, the gold is the database's documents marked "reviewed, nothing missed",
    and the report adds the rules whose events reviewers corrected most often.

    Example: rasd evaluate ../shared/examples/gold.jsonl ../shared/examples/docs.jsonl --errors
    Example: rasd evaluate tests/data/snippets/gold.jsonl tests/data/snippets/docs.jsonl --by sub_event_type
    Example: rasd evaluate --reviewed --db sqlite:///rasd.db
    """
    from rasd.evaluate import BREAKDOWN_FIELDS, evaluate as run, format_groups

    unknown = [name for name in by or () if name not in BREAKDOWN_FIELDS]
    if unknown:
        fail(f"cannot break scores down by {unknown[0]!r}; choose one of {', '.join(BREAKDOWN_FIELDS)}", 2)
    if reviewed:
        from rasd.cli_review import evaluate_reviewed

        return evaluate_reviewed(db, fmt, errors)
    if gold is None or docs is None:
        fail("give GOLD.jsonl and DOCS.jsonl, or --reviewed to score against the database's reviewed documents", 2)
    try:
        report = run(gold, docs)
    except RasdError as exc:
        fail(str(exc))
    if fmt == "json":
        breakdown = {f"by_{name}": [g.to_dict() for g in report.by(name)] for name in by or ()}
        typer.echo(json.dumps({**report.to_dict(), **breakdown}, indent=2, ensure_ascii=False))
        return
    if errors:
        typer.echo(report.errors())
    typer.echo(report.format())
    for name in by or ():
        typer.echo("\n" + format_groups(name, report.by(name)))


@app.command()
def serve(
    db: Optional[str] = typer.Option(None, help=DB_HELP),
    host: Optional[str] = typer.Option(None, help="Address to bind (default 127.0.0.1: this machine only)."),
    port: Optional[int] = typer.Option(None, help="Port to listen on (default 8000)."),
) -> None:
    """Serve the dashboard and the JSON API (OpenAPI at /openapi.json) over the database.

    Writing (POST /api/reports) is enabled only when RASD_API_TOKEN is set.

    Example: rasd serve --db sqlite:///demo.db --port 8000   (then open http://127.0.0.1:8000/)
    """
    from rasd.web.serve import run_server

    settings = _settings(db=db, host=host, port=port)
    typer.echo(f"rasd: dashboard at http://{settings.host}:{settings.port}/ over {settings.db}", err=True)
    run_server(settings, _open_store(db))


# -- analysis: estimate, onthisday -------------------------------------------------------------

def _estimate_line(item: Any) -> str:
    key = f"{item.key:<12} " if item.key is not None else ""
    if item.estimate is None:
        return f"{key}{item.documented:>9}  refused: {item.refused}"
    return (f"{key}{item.documented:>9} {item.estimate:>10.0f}  [{item.ci_low:.0f}, {item.ci_high:.0f}]  "
            f"{item.model}; Chao lower bound {item.chao_lower_bound:.0f}")


@app.command()
def estimate(
    by: Optional[str] = typer.Option(None, help="month or admin1 (default: one estimate for the whole selection)."),
    since: Optional[str] = typer.Option(None, help="First day, YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Last day, YYYY-MM-DD."),
    admin1: Optional[str] = typer.Option(None, help="Governorate name or ISO 3166-2 code."),
    event_type: Optional[str] = typer.Option(None, "--type", help="ACLED event type."),
    lists: int = typer.Option(3, help="Number of source lists: the busiest outlets, the rest pooled as one."),
    criterion: str = typer.Option("bic", help="Information criterion for log-linear interactions: bic or aic."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Estimate how many incidents happened, reported or not, from the overlap between outlets.

    Multiple-systems estimation (Chapman for two lists, log-linear models for three or more;
    see docs/estimation.md for the assumptions). Refuses when outlets overlap too little.

    Example: rasd estimate --by month --since 2011-01-01 --until 2011-06-30
    """
    from rasd.analysis.estimate import estimate as run_estimate

    if fmt not in ("table", "json"):
        fail(f"--format {fmt!r}: choose table or json", 2)
    store = _open_store(db)
    q = _query(since, until, admin1, event_type, sort="event_date", ascending=True)
    try:
        results = run_estimate(store.iter_events(q), by=by, max_lists=lists, criterion=criterion)
    except RasdError as exc:
        fail(str(exc))
    if fmt == "json":
        payload = [r.to_dict() for r in results]
        typer.echo(json.dumps(payload if by else payload[0], ensure_ascii=False, indent=2))
        return
    typer.echo(f"lists: {', '.join(results[0].lists)}")
    typer.echo((f"{by:<12} " if by else "") + "documented   estimate  95% interval  model")
    for item in results:
        typer.echo(_estimate_line(item))


@app.command()
def onthisday(
    month_day: Optional[str] = typer.Argument(None, help="Calendar day MM-DD (default: today)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or jsonl."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """List stored events of a calendar day in earlier years, newest first.

    Example: rasd onthisday 04-01 --db sqlite:///demo.db
    """
    from rasd.analysis.onthisday import on_this_day

    store = _open_store(db)
    try:
        found = on_this_day(store, month_day)
    except ConfigError as exc:
        fail(str(exc), 2)
    if fmt == "jsonl":
        _write_records((e.to_record() for e in found), "jsonl")
        return
    if not found:
        typer.echo("no stored events on that day in earlier years")
    for e in found:
        m = e.mention
        place = ", ".join(p for p in (m.location, m.admin1) if p) or "place unknown"
        toll = f"{m.fatalities} killed" if m.fatalities is not None else "toll unknown"
        typer.echo(f"{m.event_date}  {m.sub_event_type}  {place}  {toll}  [{e.source_count} source(s)]  {e.id}")

@app.command("settings")
def show_settings(fmt: str = typer.Option("table", "--format", "-f", help="table or json.")) -> None:
    """Show every setting: its value now (defaults < rasd.toml < RASD_* environment), and what it does.

    Example: RASD_DB=sqlite:///other.db rasd settings
    """
    from rasd.settings import describe

    current = _settings()
    rows = [(name, getattr(current, name), help_text) for name, _, help_text in describe()]
    if fmt == "json":
        typer.echo(json.dumps({name: (None if value is None else str(value)) for name, value, _ in rows}))
        return
    for name, value, help_text in rows:
        typer.echo(f"{name:<20} {value!s:<28} {help_text}")


# The monitor's commands (sources, watch, alerts, digest, reprocess) live in their own module,
# and so do the review desk's (users, reprocess, gold).
from rasd import cli_review, cli_users, cli_watch  # noqa: E402,F401


def run() -> None:  # pragma: no cover - console entry for `python -m rasd.cli`
    # Under `python -m` this file runs as __main__; the commands of cli_watch are registered on
    # the app of the imported module rasd.cli, so that is the one to run.
    from rasd.cli import app as registered

    registered()


if __name__ == "__main__":  # pragma: no cover
    run()

