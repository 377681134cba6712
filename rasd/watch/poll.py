"""One poll of one source: list what it points to, fetch what is new, read it, store it.

    result = Poller(store, fetcher, options).poll(source)     # -> PollResult; raises nothing

The order makes restarts safe. A page's body is committed to the ledger (``store.pages``) the
moment it arrives, so it is never downloaded twice; it is then read (article text, events) and
stored with its new state in one transaction, so a poll killed at any point leaves pages either
read or still waiting, and the next poll reads the waiting ones first (``read_pending``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rasd.errors import FetchError, InputError
from rasd.ingest import read_file
from rasd.ingest.pipeline import extracted
from rasd.ingest.webpage import decode_page, page_id, read_page, text_hash
from rasd.model import Article, Page, WatchedSource
from rasd.store.pages import Fetched, Outcome
from rasd.store.rows import now
from rasd.watch.discover import Item, feed_items, folder_files, is_recent, sitemap_items
from rasd.watch.fetch import Fetcher
from rasd.watch.logs import log_event
from rasd.watch.urls import canonical

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
#: pages read and stored per transaction (and fetched between two readings)
SETTLE_BATCH = 10


@dataclass(frozen=True)
class WatchOptions:
    """How the watcher treats sources (from ``rasd.settings``)."""

    max_item_age_days: int = 30  # feed or sitemap items dated earlier are not fetched (0: any age)
    max_per_poll: int = 200  # new articles fetched per source and poll; the rest wait for the next
    page_attempts: int = 5  # an article URL failing this many polls in a row is given up
    max_children: int = 10  # child sitemaps of a sitemap index read per poll
    max_document_mb: float = 5.0
    failure_backoff_max: int = 6 * 3600  # a failing source is polled at most this far apart

    @classmethod
    def from_settings(cls, settings: Any) -> WatchOptions:
        return cls(max_item_age_days=settings.max_item_age_days, max_per_poll=settings.max_articles_per_poll,
                   max_document_mb=settings.max_document_mb)


@dataclass
class PollResult:
    source_id: int
    listed: int = 0
    new: int = 0
    fetched: int = 0
    failed: int = 0
    states: dict[str, int] = field(default_factory=dict)  # page states after reading
    event_ids: set[str] = field(default_factory=set)
    mentions: int = 0
    not_modified: bool = False
    error: str | None = None  # the poll failed: the listing could not be had or read
    retry_after: float | None = None
    cursor: dict[str, Any] = field(default_factory=dict)

    @property
    def stored(self) -> int:
        return self.states.get("stored", 0)


class Poller:
    """Polls sources into ``store`` through ``fetcher``."""

    def __init__(self, store: Any, fetcher: Fetcher, options: WatchOptions | None = None) -> None:
        self.store = store
        self.fetcher = fetcher
        self.options = options or WatchOptions()

    def poll(self, source: WatchedSource) -> PollResult:
        result = PollResult(source.id, cursor=dict(source.cursor))
        started = time.monotonic()
        try:
            if source.kind == "folder":
                self._poll_folder(source, result)
            else:
                self._poll_web(source, result)
        except (FetchError, InputError) as exc:
            result.error = exc.problem if isinstance(exc, FetchError) else str(exc.problem)
            result.retry_after = exc.retry_after if isinstance(exc, FetchError) else None
        self.read_pending(source, result)
        log_event(log, logging.WARNING if result.error else logging.INFO, "poll", source=source.id,
                  name=source.name, listed=result.listed, new=result.new, fetched=result.fetched, failed=result.failed,
                  stored=result.stored, mentions=result.mentions, not_modified=result.not_modified,
                  error=result.error, ms=round((time.monotonic() - started) * 1000))
        return result

    # -- web sources ---------------------------------------------------------------------------

    def _poll_web(self, source: WatchedSource, result: PollResult) -> None:
        items = self._listing(source, result)
        fresh = [i for i in items if is_recent(i, self.options.max_item_age_days)]
        unseen = set(self.store.pages.unseen(i.url for i in fresh))
        wanted = [i for i in fresh if i.url in unseen][: self.options.max_per_poll]
        result.listed, result.new = len(items), len(wanted)
        for number, item in enumerate(wanted, 1):
            self._fetch_article(source, item, result)
            if number % SETTLE_BATCH == 0:  # read as we go: bodies do not pile up unread
                self.read_pending(source, result)

    def _listing(self, source: WatchedSource, result: PollResult) -> list[Item]:
        response = self.fetcher.get(source.url, source.cursor.get("validators"))
        if response.not_modified:
            result.not_modified = True
            return []
        result.cursor["validators"] = response.validators
        if source.kind in ("rss", "atom"):
            return feed_items(response.body, source.url, response.content_type)
        sitemap = sitemap_items(response.body, source.url)
        return sitemap.items + self._child_sitemaps(source, sitemap.children, result)

    def _child_sitemaps(self, source: WatchedSource, children: list[Item], result: PollResult) -> list[Item]:
        """Items of the child sitemaps that changed since the last poll (newest first, a few a poll)."""
        seen: dict[str, str | None] = dict(source.cursor.get("children", {}))
        changed = [c for c in children if c.url not in seen or (c.published and str(c.published) != seen[c.url])]
        changed.sort(key=lambda c: c.published or datetime.min.date(), reverse=True)
        items: list[Item] = []
        for child in changed[: self.options.max_children]:
            try:
                items += sitemap_items(self.fetcher.get(child.url).body, child.url).items
                seen[child.url] = str(child.published) if child.published else None
            except (FetchError, InputError) as exc:
                log_event(log, logging.WARNING, "child_sitemap_failed", source=source.id, url=child.url, error=str(exc))
        result.cursor["children"] = seen
        return items

    def _fetch_article(self, source: WatchedSource, item: Item, result: PollResult) -> None:
        try:
            response = self.fetcher.get(item.url)
        except FetchError as exc:
            state = "blocked" if exc.blocked else ("retry" if exc.transient else "failed")
            state = self.store.pages.save_failure(source.id, item.url, state, exc.problem, exc.status,
                                                  self.options.page_attempts)
            result.failed += 1
            log_event(log, logging.INFO, "article_failed", source=source.id, url=item.url, state=state, error=exc.problem)
            return
        kind = (response.content_type or "").split(";")[0].strip().lower()
        if kind not in HTML_TYPES:
            self.store.pages.save_failure(source.id, item.url, "failed", f"not a web page ({kind})", response.status)
            result.failed += 1
            return
        final = canonical(response.final_url)
        self.store.pages.save_fetched(source.id, Fetched(
            url=item.url, body=response.body, final_url=final if final != item.url else None, http_status=response.status,
            content_type=response.content_type, validator=response.validators.get("etag"), hint_title=item.title,
            hint_published=item.published))
        result.fetched += 1

    # -- reading fetched pages -----------------------------------------------------------------

    def read_pending(self, source: WatchedSource | None, result: PollResult) -> None:
        """Read and store every fetched page still waiting (this source's, or all with None)."""
        sources = {source.id: source} if source else {s.id: s for s in self.store.sources.all()}
        while pages := self.store.pages.pending(SETTLE_BATCH, source.id if source else None):
            by_source: dict[int | None, list[Page]] = {}
            for page in pages:
                by_source.setdefault(page.source_id, []).append(page)
            for source_id, group in by_source.items():
                self._settle(self.read_pages(group, sources.get(source_id) if source_id is not None else None), result)

    def read_pages(self, pages: list[Page], source: WatchedSource | None) -> list[Outcome]:
        """What reading each page gives (an article with its events, or why not); stores nothing."""
        outcomes: dict[int, Outcome] = {}
        articles: list[Article] = []
        by_doc: dict[str, int] = {}
        for page in pages:
            try:
                article = self._article(page, source)
            except InputError as exc:
                outcomes[page.id] = Outcome(page.id, empty=True, error=exc.problem)
                continue
            if article.id in by_doc:  # two URLs, one story (redirected to the same page)
                outcomes[page.id] = Outcome(page.id, article, [], text_hash(article.text))
                continue
            by_doc[article.id] = page.id
            articles.append(article)

        def failed(error: InputError) -> None:
            page = by_doc[error.source]
            outcomes[page] = Outcome(page, error=error.problem)

        for article, mentions in extracted(articles, on_error=failed):
            outcomes[by_doc[article.id]] = Outcome(by_doc[article.id], article, mentions, text_hash(article.text))
        return [outcomes[p.id] for p in pages]

    def _article(self, page: Page, source: WatchedSource | None) -> Article:
        url = page.final_url or page.url
        html = decode_page(page.body, page.content_type, url)
        return read_page(html, page_id(url), url=url, outlet=source.name if source else None, title=page.hint_title,
                         published=page.hint_published)

    def _settle(self, outcomes: list[Outcome], result: PollResult) -> None:
        settled = self.store.pages.settle(outcomes)
        for state in settled.states.values():
            result.states[state] = result.states.get(state, 0) + 1
        result.event_ids |= settled.batch.events
        result.mentions += settled.batch.mentions

    # -- folders -------------------------------------------------------------------------------

    def _poll_folder(self, source: WatchedSource, result: PollResult) -> None:
        if not Path(source.url).is_dir():
            raise InputError(source.url, "folder is missing (moved, unmounted or deleted?)")
        known = self.store.pages.validators(source.id)
        for path, stamp in folder_files(source.url, known):
            result.listed += 1
            result.new += 1
            self._read_file(source, path, stamp, result)

    def _read_file(self, source: WatchedSource, path: Path, stamp: str, result: PollResult) -> None:
        """A new or changed file: its documents stored, then the file marked read with its stamp."""
        items = list(read_file(path, None, self.options.max_document_mb))
        articles = [replace(a, outlet=a.outlet or source.name) for a in items if isinstance(a, Article)]
        errors = [str(e) for e in items if isinstance(e, InputError)]
        report = self.store.ingest(extracted(articles, on_error=lambda e: errors.append(str(e))))
        result.event_ids |= report.event_ids
        result.mentions += report.mentions
        result.states["stored"] = result.states.get("stored", 0) + report.documents
        result.states["duplicate"] = result.states.get("duplicate", 0) + report.skipped
        self.store.sources.add_tallies(source.id, report.documents, report.mentions)
        errors += report.failed
        state = "stored" if articles or not errors else "failed"
        self.store.pages.save_file(source.id, str(path), stamp, state, "; ".join(errors)[:2000] or None)
        result.failed += len(errors)


def next_due(source: WatchedSource, result: PollResult, options: WatchOptions, at: datetime | None = None) -> datetime:
    """When to poll again: on schedule after a success; after a failure, later each time
    (doubling from the schedule up to ``failure_backoff_max``), never before a Retry-After."""
    at = at or now()
    if result.error is None:
        return at + timedelta(seconds=source.every_seconds)
    failures = source.consecutive_failures + 1
    wait = min(source.every_seconds * 2 ** (failures - 1), max(options.failure_backoff_max, source.every_seconds))
    if result.retry_after:
        wait = max(wait, result.retry_after)
    return at + timedelta(seconds=wait)

