"""Source health, one plain record per source: for `rasd sources list`, the dashboard and the digest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rasd.model import WatchedSource
from rasd.watch.sources import format_every


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def status(source: WatchedSource) -> str:
    """One word an analyst scans for: paused, new, ok, failing (3+ polls in a row) or erring."""
    if source.paused:
        return "paused"
    if source.polls == 0:
        return "new"
    if source.consecutive_failures >= 3:
        return "failing"
    return "erring" if source.consecutive_failures else "ok"


def health_record(source: WatchedSource, pages: dict[str, int]) -> dict[str, Any]:
    return {
        "id": source.id, "name": source.name, "kind": source.kind, "url": source.url,
        "every": format_every(source.every_seconds), "status": status(source),
        "last_success": _iso(source.last_success), "last_attempt": _iso(source.last_attempt),
        "next_due": _iso(source.next_due), "last_new_article": _iso(source.last_new_at),
        "polls": source.polls, "failed_polls": source.failed_polls, "error_rate": round(source.error_rate, 3),
        "consecutive_failures": source.consecutive_failures,
        "articles": source.articles, "events": source.events, "pages": pages,
        "last_error": source.last_error, "last_error_at": _iso(source.last_error_at),
    }


def health_rows(store: Any) -> list[dict[str, Any]]:
    """Every source's health, in id order."""
    pages = store.pages.counts_by_source()
    return [health_record(s, pages.get(s.id, {})) for s in store.sources.all()]
