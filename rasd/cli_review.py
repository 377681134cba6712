"""Commands of the review desk: ``rasd reprocess`` and ``rasd gold export`` (``rasd users`` is
in ``rasd.cli_users``). Registered on ``rasd.cli.app``; thin, like the rest of the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from rasd.cli import DB_HELP, _open_filled_store, _settings, app, fail, report_error
from rasd.errors import InputError
from rasd.settings import BATCH_SIZE

gold_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="Reviewed documents as gold annotations.")
app.add_typer(gold_app, name="gold")


@app.command()
def reprocess(
    doc_ids: Optional[list[str]] = typer.Argument(None, help="Document ids (default: every stored document)."),
    everything: bool = typer.Option(False, "--all", help="Also read again every kept raw page; a page that now reads differently replaces its document (unless a reviewer decided about it)."),
    source: Optional[str] = typer.Option(None, "--source", help="Only this watched source's pages and documents (id, URL or name)."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
    processes: Optional[int] = typer.Option(None, help="Worker processes for extraction (default: RASD_PROCESSES or 1)."),
    batch_size: Optional[int] = typer.Option(None, help=f"Documents per database transaction (default {BATCH_SIZE:,})."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read what is stored again with this rasd: kept raw pages, then documents; nothing is
    fetched, and reviewers' decisions stand.

    Pages that gave no article are read again (with --all, every kept page). Then every stored
    document (or those named) is extracted again: mentions read the same way stay, those no
    longer read go, new readings are deduplicated like ingested ones. Whatever a reviewer
    accepted, corrected, merged, split, added or rejected is kept as decided.

    Example: rasd reprocess --db sqlite:///rasd.db --processes 2
    """
    from rasd.cli_progress import IngestProgress
    from rasd.cli_watch import _source_or_fail, reread_pages
    from rasd.ingest.pipeline import extracted
    from rasd.watch.reprocess import source_documents

    settings = _settings(db=db, processes=processes, batch_size=batch_size)
    store = _open_filled_store(settings.db)
    source_id = _source_or_fail(store, source).id if source else None
    if not doc_ids:
        reread_pages(settings, store, everything, source_id)
        doc_ids = source_documents(store, source_id) if source_id is not None else None
    errors: list[InputError] = []

    def on_error(error: InputError) -> None:
        errors.append(error)
        progress.error()
        report_error(error)

    with IngestProgress(enabled=not quiet, verb="reprocessing") as progress:
        documents = store.iter_documents(doc_ids) if doc_ids is None or doc_ids else iter(())
        items = extracted(documents, settings.processes, on_document=progress.document, on_error=on_error)
        report = store.reprocess(items, settings.batch_size)
    for message in report.failed:
        typer.echo(f"rasd: {message}", err=True)
    typer.echo(f"{report.documents} documents reprocessed: {report.kept} mentions read the same, {report.added} new "
               f"or read differently, {report.removed} no longer read, {report.pinned} kept as reviewers decided; "
               f"{report.events} events created or updated; database {store.url}", err=True)
    if report.failed or errors:
        raise typer.Exit(1)


@gold_app.command("export")
def gold_export(
    out: Path = typer.Argument(..., help="Output file (JSONL, the gold format of the event contract)."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Write every document marked "reviewed, nothing missed" as a gold line: its reviewed events.

    Score any extractor against it with `rasd evaluate OUT.jsonl DOCS.jsonl`, or the current
    one against the database directly with `rasd evaluate --reviewed`.

    Example: rasd gold export reviewed-gold.jsonl
    """
    from rasd.review.gold import gold_lines

    store = _open_filled_store(db)
    documents = events = 0
    with out.open("w", encoding="utf-8") as handle:
        for line in gold_lines(store):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            documents += 1
            events += len(line["events"])
    if not documents:
        typer.echo("rasd: warning: no document is marked reviewed, nothing missed; mark them on their pages "
                   "(/documents/ID) once their events are reviewed", err=True)
    typer.echo(f"{documents} reviewed documents, {events} events written to {out}", err=True)


def evaluate_reviewed(db: str | None, fmt: str, errors: bool) -> None:
    """``rasd evaluate --reviewed``: the current extractor against the store's reviewed documents."""
    from rasd.review.gold import evaluate_reviewed as run

    report = run(_open_filled_store(db))
    if not report.docs:
        fail("no document is marked reviewed, nothing missed yet; nothing to score against")
    rules = report.rules()
    if fmt == "json":
        payload = {**report.to_dict(), "rules": [{"rule": r, "events": n, "corrected": c} for r, n, c in rules]}
        typer.echo(json.dumps(payload, indent=2))
        return
    if errors:
        typer.echo(report.errors())
    typer.echo(report.format())
    if not rules:
        typer.echo("rules      this extractor does not record which rules made each event")
        return
    typer.echo("rules whose events were most often corrected (rule: corrected of events)")
    for rule, made, corrected in rules[:15]:
        typer.echo(f"  {rule:<40} {corrected:>4} of {made:<4} ({corrected / made:.0%})")
