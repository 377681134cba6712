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
    try:
        watcher = build_watcher(settings, store)
        deliverer = _deliverer(settings, store)
    except ConfigError as exc:
        fail(str(exc), 2)
    if once:
        results = watcher.run_once(force=force)
        if deliverer is not None:
            deliverer.run_due()
        typer.echo(f"rasd: {_round_line(results)}", err=True)
        raise typer.Exit(1 if any(r.error for r in results) else 0)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if deliverer is not None:
        from rasd.alerts.deliver import DeliveryThread

        DeliveryThread(deliverer, stop).start()
    watcher.run_forever(stop)


def _deliverer(settings: Any, store: Any) -> Any:
    """The alert sender, when alerts are on and a channel (webhook, SMTP) is configured."""
    if not settings.alerts:
        return None
    from rasd.alerts import load_rules
    from rasd.alerts.deliver import Deliverer

    config = load_rules(settings.alerts_file)
    return Deliverer(store, config) if config.channels else None


# -- alerts ------------------------------------------------------------------------------------

alerts_app = typer.Typer(rich_markup_mode=None)
app.add_typer(alerts_app, name="alerts")


def _alert_config(settings: Any) -> Any:
    from rasd.alerts import load_rules

    try:
        return load_rules(settings.alerts_file)
    except ConfigError as exc:
        fail(str(exc), 2)


@alerts_app.callback(invoke_without_command=True)
def alerts(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, help="Alerts raised on or after this day, YYYY-MM-DD."),
    kind: Optional[str] = typer.Option(None, help="surge, first, deadly, silent or failing."),
    limit: int = typer.Option(50, help="At most this many (0 = all)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or jsonl."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """List alerts, newest first: surges, first events for a while, deadly events, silent or failing sources.

    Subcommands: `rasd alerts scan` (apply the rules now), `rasd alerts deliver` (send what is
    waiting), `rasd alerts rules` (the rules in force).

    Example: rasd alerts --since 2026-01-01 --kind surge
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    from datetime import datetime

    from rasd.alerts.deliver import alert_record
    from rasd.cli import _date_option

    if fmt not in ("table", "jsonl"):
        fail(f"--format {fmt!r}: choose table or jsonl", 2)
    day = _date_option(since, "--since")
    store = _open_store(db)
    found = store.alerts.recent(datetime(day.year, day.month, day.day) if day else None, limit=limit or None, kind=kind)
    if fmt == "jsonl":
        for alert in found:
            typer.echo(json.dumps(alert_record(alert), ensure_ascii=False, default=str))
        return
    if not found:
        typer.echo("no alerts" + (f" since {day}" if day else ""))
    for alert in found:
        typer.echo(f"{alert.created_at:%Y-%m-%d %H:%M}  {alert.kind:<8} {alert.title}  [{alert.id}]")


@alerts_app.command("scan")
def alerts_scan(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, help="Check events dated from this day (default: the rules' lookback, 14 days)."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """Apply the alert rules to the stored events and sources now, and store the new alerts.

    `rasd watch` does this after each round; use this after `rasd ingest`, or from cron.

    Example: rasd alerts scan --since 2011-01-01
    """
    from dataclasses import replace
    from datetime import date

    from rasd.alerts import raise_alerts
    from rasd.cli import _date_option

    settings = _settings(db=db or (ctx.obj or {}).get("db"))
    config = _alert_config(settings)
    day = _date_option(since, "--since")
    if day is not None:
        config = replace(config, lookback_days=(date.today() - day).days)
    new = raise_alerts(_open_store(settings.db), config)
    for alert in new:
        typer.echo(f"{alert.kind:<8} {alert.title}")
    typer.echo(f"{len(new)} new alert(s)", err=True)


@alerts_app.command("deliver")
def alerts_deliver(ctx: typer.Context, db: Optional[str] = typer.Option(None, help=DB_HELP)) -> None:
    """Send the alerts waiting for delivery (webhook, e-mail) now; `rasd watch` does it every 15 s.

    Example: rasd alerts deliver
    """
    from rasd.alerts.deliver import Deliverer

    settings = _settings(db=db or (ctx.obj or {}).get("db"))
    config = _alert_config(settings)
    if not config.channels:
        fail("no delivery channel: add [webhook] or [smtp] to your alerts file (the alerts_file setting)", 2)
    sent, failed = Deliverer(_open_store(settings.db), config).run_due()
    typer.echo(f"{sent} delivered, {failed} failed (tried again later)", err=True)
    if failed:
        raise typer.Exit(1)


@alerts_app.command("rules")
def alerts_rules() -> None:
    """Print the alert rules in force (rasd's defaults with your alerts file on top) and the channels.

    Example: RASD_ALERTS_FILE=alerts.toml rasd alerts rules
    """
    config = _alert_config(_settings())
    for rule in config.rules:
        params = ", ".join(f"{k}={v}" for k, v in rule.params.items())
        typer.echo(f"{rule.name:<26} {rule.kind:<8} {'on ' if rule.enabled else 'off'} {params}")
    typer.echo(f"lookback: {config.lookback_days} days; delivery: {', '.join(config.channels) or 'none (dashboard and Atom feed only)'}")


# -- digest ------------------------------------------------------------------------------------

@app.command()
def digest(
    date: Optional[str] = typer.Option(None, "--date", help="A calendar day (UTC), YYYY-MM-DD (default: the last 24 hours)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    db: Optional[str] = typer.Option(None, help=DB_HELP),
) -> None:
    """The daily digest: events reported by governorate, new alerts, source health, this day in history.

    The dashboard shows it at /digest, with an Atom feed at /digest.atom.

    Example: rasd digest --date 2026-05-01
    """
    from rasd.analysis.digest import build_digest
    from rasd.cli import _date_option

    if fmt not in ("text", "json"):
        fail(f"--format {fmt!r}: choose text or json", 2)
    data = build_digest(_open_store(db), _date_option(date, "--date")).to_dict()
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"Digest {data['start']} to {data['end']}: {data['headline']}")
    for group in data["by_governorate"]:
        typer.echo(f"\n{group['admin1']} ({len(group['events'])})")
        for e in group["events"]:
            toll = f", {e['fatalities']} killed" if e["fatalities"] else ""
            typer.echo(f"  {e['event_date']}  {e['sub_event_type']}, {e['location'] or 'place unknown'}{toll}  [{e['id']}]")
    for title, items, line in (("Alerts", data["alerts"], lambda a: f"  {a['kind']:<8} {a['title']}"),
                               ("Sources", data["sources"], lambda s: f"  {s['name']}: {s['status']}" + (f" ({s['last_error']})" if s["last_error"] and s["status"] != "ok" else "")),
                               ("This day in history", data["this_day_in_history"],
                                lambda e: f"  {e['event_date']}  {e['sub_event_type']}, {e['location'] or ''} {e['admin1'] or ''}")):
        typer.echo(f"\n{title}: {len(items) or 'none'}")
        for item in items:
            typer.echo(line(item))


# -- reprocess (the command is in rasd.cli_review: it also reads stored documents again) ---------

def reread_pages(settings: Any, store: Any, everything: bool, source_id: int | None) -> None:
    """The pages step of ``rasd reprocess``: kept raw pages read again with today's readers and
    extractor (those without an article; with ``everything``, every stored one, a changed
    reading replacing its document unless a reviewer decided about it). Nothing is fetched."""
    from rasd.watch.fetch import Fetcher, FetchPolicy
    from rasd.watch.poll import Poller, WatchOptions
    from rasd.watch.reprocess import reprocess as run

    with Fetcher(FetchPolicy.from_settings(settings)) as fetcher:  # never used to fetch: the poller wants one
        report = run(store, Poller(store, fetcher, WatchOptions.from_settings(settings)), everything, source_id)
    states = report.result.states if report.result else {}
    typer.echo(f"{report.requeued} page(s) without an article read again ({', '.join(f'{n} {s}' for s, n in states.items()) or 'nothing new'}); "
               f"{report.reread} stored page(s) read again: {report.replaced} replaced, {report.unchanged} unchanged", err=True)
