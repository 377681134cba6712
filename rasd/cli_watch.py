"""Commands of the monitor: ``rasd sources``, ``rasd watch``, ``rasd alerts``, ``rasd digest``,
``rasd reprocess``. Registered on ``rasd.cli.app``; thin, like the rest of the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from rasd.cli import DB_HELP, _open_store, _settings, app, fail
from rasd.errors import ConfigError

sources_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                          help="The feeds, sitemaps and folders `rasd watch` polls.")
app.add_typer(sources_app, name="sources")


def _source_or_fail(store: Any, key: str) -> Any:
    found = store.sources.get(key)
    if found is None:
        fail(f"no source {key!r}; list them with `rasd sources list`", 2)
    return found


@sources_app.command("add")
def sources_add(
    url: str = typer.Argument(..., help="Feed or sitemap URL (http/https), or a local folder."),
    name: Optional[str] = typer.Option(None, "--name", help="Outlet name (default: the host name)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="rss, atom, sitemap or folder (default: guessed from the URL)."),
    every: str = typer.Option("30m", "--every", help="How often to poll: 90s, 15m, 2h, 1d."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Watch a feed, a sitemap (news sitemaps too) or a folder of .txt/.html/.jsonl/.warc.gz files.

    Example: rasd sources add https://www.example.org/feed/ --name "Example News" --every 15m
    """
    from rasd.watch.sources import format_every, spec

    store = _open_store(db)
    try:
        added = store.sources.add(spec(url, name, kind, every))
    except ConfigError as exc:
        fail(str(exc), 2)
    typer.echo(f"source {added.id} added: {added.name} ({added.kind}, every {format_every(added.every_seconds)}) {added.url}")


@sources_app.command("list")
def sources_list(
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """List sources with their schedule and health: last success, failures, articles, the last error.

    Example: rasd sources list --format json
    """
    from rasd.watch.health import health_rows

    rows = health_rows(_open_store(db))
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    from rasd.cli_render import sources_table

    sources_table(rows)


@sources_app.command("remove")
def sources_remove(key: str = typer.Argument(..., help="Source id, URL or name."),
                   db: Optional[str] = typer.Option(None, help=DB_HELP)) -> None:
    """Stop watching a source. What it fetched stays stored (and is never fetched again).

    Example: rasd sources remove 3
    """
    store = _open_store(db)
    found = _source_or_fail(store, key)
    store.sources.remove(found.id)
    typer.echo(f"source {found.id} removed: {found.name} {found.url}")


def _set_paused(key: str, db: str | None, paused: bool) -> None:
    store = _open_store(db)
    found = _source_or_fail(store, key)
    store.sources.set_paused(found.id, paused)
    typer.echo(f"source {found.id} {'paused' if paused else 'resumed'}: {found.name}")


@sources_app.command("pause")
def sources_pause(key: str = typer.Argument(..., help="Source id, URL or name."),
                  db: Optional[str] = typer.Option(None, help=DB_HELP)) -> None:
    """Stop polling a source for now (`rasd sources resume` starts it again).

    Example: rasd sources pause "Example News"
    """
    _set_paused(key, db, True)


@sources_app.command("resume")
def sources_resume(key: str = typer.Argument(..., help="Source id, URL or name."),
                   db: Optional[str] = typer.Option(None, help=DB_HELP)) -> None:
    """Poll a paused source again, starting now.

    Example: rasd sources resume 3
    """
    _set_paused(key, db, False)


@sources_app.command("load")
def sources_load(path: Path = typer.Argument(..., help="A sources.toml ([[source]] tables with url, name, kind, every)."),
                 db: Optional[str] = typer.Option(None, help=DB_HELP)) -> None:
    """Add the sources of a sources.toml (and update name, kind and schedule of those already there).

    Example: rasd sources load sources.toml
    """
    from rasd.watch.sources import load_toml

    store = _open_store(db)
    try:
        added, updated = store.sources.seed(load_toml(path))
    except ConfigError as exc:
        fail(str(exc), 2)
    typer.echo(f"{added} source(s) added, {updated} updated from {path}")


# -- watch -------------------------------------------------------------------------------------

def _round_line(results: list[Any]) -> str:
    stored = sum(r.stored for r in results)
    failed = [r for r in results if r.error]
    return (f"{len(results)} source(s) polled, {sum(r.fetched for r in results)} page(s) fetched, {stored} new "
            f"document(s), {sum(r.mentions for r in results)} event mention(s), {len(failed)} source(s) failed")


@app.command()
def watch(
    once: bool = typer.Option(False, "--once", help="Poll the sources that are due, once, and exit (for cron)."),
    force: bool = typer.Option(False, "--force", help="With --once: poll every active source now, whatever its schedule."),
    sources: Optional[Path] = typer.Option(None, "--sources", help="A sources.toml to load first (default: the sources_file setting)."),
    workers: Optional[int] = typer.Option(None, help="Sources polled at the same time (default: RASD_WATCH_WORKERS or 4)."),
    log_format: str = typer.Option("json", "--log-format", help="json (one object a line) or text."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Poll every source on its schedule, read what is new, store it; runs until stopped.

    State lives in the database: `kill -9` and a restart lose nothing and fetch nothing twice.
    Logs are JSON lines on stderr. Stop with SIGTERM or Ctrl-C (the current polls finish).

    Example: rasd watch --sources sources.toml --db sqlite:///rasd.db
    """
    import logging
    import signal
    import threading

    from rasd.watch import build_watcher, logs
    from rasd.watch.sources import load_toml

    if log_format not in ("json", "text"):
        fail(f"--log-format {log_format!r}: choose json or text", 2)
    settings = _settings(db=db, watch_workers=workers)
    logs.setup(log_format, logging.DEBUG if logging.getLogger("rasd").level == logging.DEBUG else logging.INFO)
    store = _open_store(settings.db)
    seed = sources or (Path(settings.sources_file) if settings.sources_file else None)
    if seed is not None:
        try:
            added, updated = store.sources.seed(load_toml(seed))
        except ConfigError as exc:
            fail(str(exc), 2)
        typer.echo(f"rasd: {added} source(s) added, {updated} updated from {seed}", err=True)
    watcher = build_watcher(settings, store)
    if once:
        results = watcher.run_once(force=force)
        typer.echo(f"rasd: {_round_line(results)}", err=True)
        raise typer.Exit(1 if any(r.error for r in results) else 0)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    watcher.run_forever(stop)
