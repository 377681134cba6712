"""In-memory event counts for the dashboard: fast statistics over millions of events.

A GROUP BY over a million rows costs SQLite hundreds of milliseconds; the dashboard needs
several per page. So the web layer keeps a *cube*: event counts by month × governorate ×
event type × sub-event type (and a second one × actor), read from the store's events table in
one pass and answered with numpy. A selection is answered from the cube for its whole months
and from SQL for the partial months at its edges (small, indexed date ranges), so results equal
what a direct query would return. Selections with filters the cube does not hold (actor,
free text) are answered from ``rasd.web.columns`` (each event's labels in numpy arrays, text
matched by the full-text index), or, until those are built, read in one pass into small cubes of
their own; either is shared for a second, so the several counts of one dashboard page cost one pass.
Every read goes through the ``Store`` (``rasd.store.labels``), on SQLite and PostgreSQL alike.

Freshness: the number of stored documents (every ingest that changes events adds some) is
checked at most every ``check_every`` seconds, or every four build times on a large store (a
million events take a few seconds to summarise); when it changes the cube is rebuilt in a
background thread while the old one keeps answering. ``warm()`` builds at server start, when
callers fall back to SQL until it is ready; ``invalidate()`` (after the app's own writes)
starts a rebuild at once.
"""

from __future__ import annotations

import bisect
import calendar
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from rasd.store import Store
from rasd.web.columns import DIMS, Columns, label_totals
from rasd.web.params import Filters

log = logging.getLogger(__name__)

#: Dimensions the cubes hold (labels of ``rasd.store.labels``).
EVENT_DIMS = ("month", "admin1", "admin1_code", "event_type", "sub_event_type")
ACTOR_DIMS = ("month", "admin1_code", "event_type", "actor")
#: How long one selection's rows are shared: the several counts of one page, not later requests.
SHARE_SECONDS = 1.0
#: ``newest_rows`` hands SQL at most this many row numbers (bound parameters) to pick a page from.
NEWEST_MAX_ROWS = 5000


@dataclass(frozen=True)
class Cube:
    """Counts by a tuple of dimensions: one integer array of label indexes per dimension."""

    dims: tuple[str, ...]
    labels: dict[str, list[Any]]  # dimension -> sorted labels (None first where present)
    index: dict[str, np.ndarray]
    count: np.ndarray

    @classmethod
    def from_rows(cls, dims: tuple[str, ...], rows: list[tuple[Any, ...]]) -> Cube:
        labels = {d: sorted({r[i] for r in rows}, key=lambda v: (v is not None, v or "")) for i, d in enumerate(dims)}
        index = {}
        for i, d in enumerate(dims):
            position = {label: n for n, label in enumerate(labels[d])}
            index[d] = np.fromiter((position[r[i]] for r in rows), dtype=np.int32, count=len(rows))
        count = np.fromiter((r[-1] for r in rows), dtype=np.int64, count=len(rows))
        return cls(dims, labels, index, count)

    def mask(self, wanted: dict[str, Any], months: tuple[str, str] | None) -> np.ndarray:
        """Cells matching equality filters ``wanted`` and, if given, a month range (inclusive)."""
        keep = np.ones(len(self.count), dtype=bool)
        for dim, value in wanted.items():
            try:
                keep &= self.index[dim] == self.labels[dim].index(value)
            except ValueError:  # a value the data never holds
                return np.zeros(len(self.count), dtype=bool)
        if months is not None:
            named = self.labels["month"]
            first_dated = 1 if named and named[0] is None else 0
            low = max(bisect.bisect_left(named, months[0], lo=first_dated), first_dated)
            high = bisect.bisect_right(named, months[1], lo=first_dated) - 1
            keep &= (self.index["month"] >= low) & (self.index["month"] <= high)
        return keep

    def grouped(self, by: tuple[str, ...], keep: np.ndarray) -> dict[tuple[Any, ...], int]:
        """Sum the kept cells' counts by the dimensions ``by``."""
        sizes = [len(self.labels[d]) for d in by]
        key = np.zeros(int(keep.sum()), dtype=np.int64)
        for d, size in zip(by, sizes, strict=True):
            key = key * size + self.index[d][keep]
        totals = np.bincount(key, weights=self.count[keep], minlength=0) if len(key) else np.zeros(0)
        return label_totals(totals, by, self.labels)


def _cubes_of_rows(store: Store, selection: Filters) -> tuple[Cube, Cube]:
    """Both cubes for exactly the events ``selection`` picks, from one pass over them."""
    events: Counter[tuple[Any, ...]] = Counter()
    actors: Counter[tuple[Any, ...]] = Counter()
    for rows in store.label_rows(selection.to_query()):
        for _, month, admin1, code, event_type, sub, actor1, actor2, _, _ in rows:
            events[(month, admin1, code, event_type, sub)] += 1
            for actor in {actor1, actor2} - {None}:  # an event whose two actors are one counts once
                actors[(month, code, event_type, actor)] += 1
    return (Cube.from_rows(EVENT_DIMS, [(*k, n) for k, n in events.items()]),
            Cube.from_rows(ACTOR_DIMS, [(*k, n) for k, n in actors.items()]))


def _month_span(selection: Filters) -> tuple[tuple[str, str] | None, list[tuple[date | None, date | None]]]:
    """Whole months the cube answers, and the partial date ranges at the edges left for SQL."""
    since, until = selection.since, selection.until
    if since is None and until is None:
        return None, []
    edges: list[tuple[date | None, date | None]] = []
    low, high = "0000-00", "9999-99"
    if since is not None:
        low = since.strftime("%Y-%m")
        if since.day != 1:
            month_end = since.replace(day=calendar.monthrange(since.year, since.month)[1])
            edges.append((since, min(month_end, until) if until else month_end))
            low = (month_end + timedelta(days=1)).strftime("%Y-%m")
    if until is not None:
        high = until.strftime("%Y-%m")
        if until.day != calendar.monthrange(until.year, until.month)[1]:
            month_start = until.replace(day=1)
            covered = bool(edges) and since is not None and since >= month_start  # by the first edge
            if not covered:
                edges.append((max(month_start, since) if since else month_start, until))
            high = (month_start - timedelta(days=1)).strftime("%Y-%m")
    return (low, high), edges


class Summary:
    """The cubes over one store, kept fresh; see the module docstring."""

    def __init__(self, store: Store, check_every: float = 2.0) -> None:
        self.store = store
        self.check_every = check_every
        self._cubes: tuple[Cube, Cube] | None = None
        self._columns: Columns | None = None  # per-event labels for actor and text selections
        self._version: tuple[int, int] | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._building = False
        self.build_seconds = 0.0
        self._recent: dict[Filters, tuple[float, Any]] = {}  # selection cubes or masks, oldest first

    def warm(self) -> None:
        """Start building in the background (at server start); until it is done, callers use SQL."""
        self._start_build(None)

    def invalidate(self) -> None:
        """Data changed through this app: rebuild now (in the background), not at the next check."""
        self._checked = 0.0
        self._refresh_if_changed()

    def grouped(self, by: tuple[str, ...], selection: Filters) -> dict[tuple[Any, ...], int] | None:
        """Counts of the selection grouped by ``by``, or None if the cubes cannot answer it (yet)."""
        uses_actor = "actor" in by
        if selection.text or selection.actor or (uses_actor and selection.sub_event_type):
            picked = self._selection_mask(selection) if not set(by) - set(DIMS) else None
            if picked is not None:
                return picked[0].grouped(by, picked[1])
            # Filters the cubes do not hold: one SQL pass over the selection makes cubes of its own,
            # shared by the several counts a dashboard page asks for.
            cubes = self._selection_cubes(selection)
            cube = cubes[1] if uses_actor else cubes[0]
            return cube.grouped(by, np.ones(len(cube.count), dtype=bool))
        if set(by) - set(ACTOR_DIMS if uses_actor else EVENT_DIMS):
            return None
        if uses_actor and (selection.sub_event_type or set(by) - set(ACTOR_DIMS)):
            return None
        cubes = self._current()
        if cubes is None:
            return None
        cube = cubes[1] if uses_actor else cubes[0]
        wanted = {d: v for d, v in (("admin1_code", selection.admin1), ("event_type", selection.event_type),
                                    ("sub_event_type", selection.sub_event_type)) if v}
        months, edges = _month_span(selection)
        result = cube.grouped(by, cube.mask(wanted, months))
        for since, until in edges:
            for key, n in self.store.label_counts(by, replace(selection, since=since, until=until).to_query()).items():
                result[key] = result.get(key, 0) + n
        return result

    def newest_rows(self, selection: Filters, n: int, located: bool = False) -> list[int] | None:
        """Row numbers among which the ``n`` newest events of a text selection are (None: unknown).

        A page of them is then read from SQL by row number, instead of sorting every match of a
        common word; ``located``: only events with coordinates (map points).
        """
        picked = self._selection_mask(selection) if selection.text else None
        if picked is None:
            return None
        columns, keep = picked
        rows = columns.newest(keep & columns.located if located else keep, n)
        return rows.tolist() if len(rows) <= NEWEST_MAX_ROWS else None  # many ties on one day: SQL sorts

    def _selection_mask(self, selection: Filters) -> tuple[Columns, np.ndarray] | None:
        """The columns and the rows of them the selection picks, or None if columns cannot say."""
        self._current()
        columns = self._columns
        if columns is None:
            return None

        def mask() -> np.ndarray | None:
            rowids = self.store.text_rows(selection.text) if selection.text else None
            return None if selection.text and rowids is None else columns.mask(selection, rowids)

        made = self._remembered(selection, columns, mask)
        return made if made[1] is not None else None  # text without words: the SQL way

    def _remembered(self, selection: Filters, columns: Any, make: Any) -> Any:
        """``make()`` for this selection, shared by the several counts of one page for a moment."""
        key = replace(selection, sort="event_date", descending=True, limit=None, offset=0)
        now = time.monotonic()
        with self._lock:
            cached = self._recent.get(key)
            if cached and cached[1][0] is columns and now - cached[0] < SHARE_SECONDS:
                return cached[1]
        made = (columns, make())
        with self._lock:
            self._recent[key] = (now, made)
            while len(self._recent) > 16:
                self._recent.pop(next(iter(self._recent)))
        return made

    def _selection_cubes(self, selection: Filters) -> tuple[Cube, Cube]:
        return self._remembered(selection, None, lambda: _cubes_of_rows(self.store, selection))[1]

    # -- building -----------------------------------------------------------------------------

    def _current(self) -> tuple[Cube, Cube] | None:
        if self._cubes is None:
            with self._lock:
                if self._cubes is None and not self._building:  # first use, nothing warming: build now
                    self._version = self._documents()
                    self._cubes, self._columns = self._build()
                    self._checked = time.monotonic()
            return self._cubes
        # Checks are cheap, rebuilds are not: on a large store, check less often.
        if time.monotonic() - self._checked >= max(self.check_every, 4 * self.build_seconds):
            self._refresh_if_changed()
        return self._cubes

    def _refresh_if_changed(self) -> None:
        self._checked = time.monotonic()
        version = self._documents()
        if version != self._version:
            self._start_build(version)

    def _start_build(self, version: tuple[int, int] | None) -> None:
        with self._lock:
            if self._building:
                return
            self._building = True

        def rebuild() -> None:
            try:
                seen = self._documents() if version is None else version
                cubes, columns = self._build()
                with self._lock:
                    self._cubes, self._columns, self._version = cubes, columns, seen
            except Exception:  # keep serving the old cube; the next check retries
                log.exception("building the dashboard summary failed")
            finally:
                self._building = False

        threading.Thread(target=rebuild, name="rasd-summary", daemon=True).start()

    def _documents(self) -> tuple[int, int]:
        """What changes whenever events may have: stored documents, and reviewers' decisions
        (a reject, merge or edit changes counts without a new document)."""
        return self.store.document_count(), self.store.review.last_change()

    def _build(self) -> tuple[tuple[Cube, Cube], Columns]:
        started = time.perf_counter()
        cubes = (self._scan(EVENT_DIMS), self._scan(ACTOR_DIMS))
        per_event = Columns.read(self.store)
        self.build_seconds = time.perf_counter() - started
        log.info("dashboard summary: %d + %d cells in %.2f s", len(cubes[0].count), len(cubes[1].count),
                 self.build_seconds)
        return cubes, per_event

    def _scan(self, dims: tuple[str, ...]) -> Cube:
        return Cube.from_rows(dims, [(*key, n) for key, n in self.store.label_counts(dims, scan=True).items()])

