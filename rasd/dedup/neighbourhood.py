"""The stored mentions that new ones can affect, found by walking out from the new ones.

``cluster(mentions, prior)`` regroups only what the new mentions reach: the groups joined to
them or to their candidates by links, and the stored events (or pins) a change could split;
every other mention keeps its prior event (see ``cluster``'s ``_settled``). For that to give
what one run over the whole database gives, the mentions passed in must hold those groups
whole (the *core*), and the pairs clustering reads must score as they would there: every pair
inside the core, and enough of those from the core to its candidates outside it (the *ring*)
to know that none is a link. Crowding counts the candidates of both sides of a pair, so the
walk reads the ring whole and, for each ring mention, counts its candidates beyond the ring
(``outside``); those are read with blocking columns only, never compared. The store then
clusters the core alone with the walk's scores (``cluster(core, prior, scores=...)``).

``affected(new, stored)`` finds core, ring and counts, a few rounds deep, asking the store
(``StoredMentions``) for the mentions inside the ``search_windows`` of a set of mentions (an
area, a range of dates and a group of compatible sub-event types that hold every possible
candidate, plus a few that blocking then drops) and for the mentions sharing a stored event or
pin with them. The work follows the density of reports around the new mentions, not the size of
the database, so a backfill stores its millionth document about as fast as its first; and since
a batch of any size sees exactly what it can change, batches of one document or of ten thousand
end in the same events.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Protocol

import numpy as np

from rasd.dedup.blocking import candidate_pairs, pairs_from
from rasd.dedup.compare import FLOOR, KnownScores, ScoredPairs, score_pairs
from rasd.dedup.rules import Rules, load_rules
from rasd.dedup.table import BlockingColumns, DayBounds, block_key, build_table, day_range
from rasd.model import EventMention



class Dated(Protocol):
    """What search windows and blocking read of a mention: an ``EventMention`` or a ``Stub``."""

    @property
    def mention_id(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def admin1_code(self) -> str | None: ...
    @property
    def country_code(self) -> str | None: ...
    @property
    def country(self) -> str | None: ...
    @property
    def sub_event_type(self) -> str: ...
    @property
    def event_date(self) -> date | None: ...
    @property
    def time_precision(self) -> int | None: ...


class Stub(NamedTuple):
    """A stored mention as blocking sees it, read without its text, actors or figures: most
    stored neighbours are only counted (crowding), never compared, so this is all they cost."""

    mention_id: str
    doc_id: str
    admin1_code: str | None
    country_code: str | None
    country: str | None
    sub_event_type: str
    event_date: date | None
    time_precision: int | None


class StoredMentions(Protocol):
    """What ``affected`` asks the store (``rasd.store.neighbours``)."""

    def near(self, mentions: Sequence[Dated]) -> Iterable[Stub]:
        """Stored mentions inside the search windows of ``mentions``, as stubs."""

    def load(self, mention_ids: Sequence[str]) -> Iterable[EventMention]:
        """The stored mentions of these ids, whole."""

    def mates(self, mention_ids: Sequence[str]) -> Iterable[Stub]:
        """Stored mentions that share an event, or a reviewer's pin, with one of ``mention_ids``,
        as stubs (most are already known; those that are not are loaded whole once, if needed)."""


@dataclass(frozen=True)
class Window:
    """Stored mentions of ``admin1_code`` (None: of no governorate) dated ``first``..``last``
    whose sub-event type is one of ``sub_event_types``; with ``month_precision``, only those
    whose date is known to the month alone."""

    admin1_code: str | None
    first: date
    last: date
    sub_event_types: tuple[str, ...]
    month_precision: bool = False


@dataclass(frozen=True)
class Neighbourhood:
    """What ``cluster`` needs to place new mentions: ``mentions`` (new, core and ring) and, for
    ring mentions, how many candidates they have beyond them (``cluster(..., outside=)``)."""

    mentions: list[EventMention]
    outside: dict[str, int] = field(default_factory=dict)
    #: the pairs cluster() reads, scored as it would: those inside the core from ``FLOOR`` up,
    #: and the links from the core to the ring (there are none: the core holds what it links to)
    scores: KnownScores | None = None
    core: frozenset[str] = frozenset()  # the mentions clustering may regroup; the rest is the ring


def search_windows(mention: Dated) -> list[Window]:
    """Where stored candidates of ``mention`` can lie (none for an undated mention).

    A stored report is a candidate when it shares the area and type group (``type_group``) and
    its day range overlaps this one's. Day-precise ranges reach at most the widest half width
    from their date; a month-precision range is its whole calendar month, so any date in a
    month this range touches may belong to one.
    """
    ranges = window_days(mention)
    if ranges is None:
        return []
    (first, last), (month_first, month_last) = ranges
    area, types = mention.admin1_code or None, load_rules().same_group(mention.sub_event_type)
    return [Window(area, date.fromordinal(first), date.fromordinal(last), types),
            Window(area, date.fromordinal(month_first), date.fromordinal(month_last), types, month_precision=True)]


def window_days(mention: Dated) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """``search_windows``' two day ranges as ordinals (any day, month-precision only), or None
    undated: what a store merging the windows of many mentions reads without building them."""
    return _window_days(mention.event_date, mention.time_precision)


@lru_cache(maxsize=1 << 14)
def _window_days(day: date | None, time_precision: int | None) -> tuple[tuple[int, int], tuple[int, int]] | None:
    rules = load_rules()
    lo, hi = day_range(day, time_precision, rules)
    if lo < 0:
        return None
    reach = max(rules.date_half_width.values())
    last = date.fromordinal(hi)
    month_first = date.fromordinal(lo).replace(day=1).toordinal()
    month_last = last.replace(day=monthrange(last.year, last.month)[1]).toordinal()
    return (lo - reach, hi + reach), (month_first, month_last)


def affected(new: Sequence[EventMention], stored: StoredMentions) -> Neighbourhood:
    """``new`` plus every stored mention that clustering them needs, as described above."""
    walk = _Walk(new, stored, load_rules())
    core = {m.mention_id for m in new}
    walk.search(core)
    core |= walk.partners(core)  # the candidates of new mentions: what cluster() calls touched
    while True:
        core |= walk.mates(core)
        walk.search(core)
        ring = walk.partners(core) - core
        walk.search(ring)  # every candidate of the ring is now known: its crowding count is exact
        linked = walk.linked(core, ring)
        if linked <= core:
            whole = walk.whole(core | ring)
            return Neighbourhood([whole[i] for i in sorted(whole)], walk.outside(core | ring, ring), walk.scores(), frozenset(core))
        core |= linked


class _Walk:
    """Mentions known so far (whole, or as stubs when only blocking has read them), which of
    them have been searched around, and their blocking columns, grown as mentions arrive."""

    def __init__(self, new: Sequence[EventMention], stored: StoredMentions, rules: Rules) -> None:
        self.rules, self._stored = rules, stored
        self._whole: dict[str, EventMention] = {}
        self._known: dict[str, Dated] = {}
        self._searched: set[str] = set()
        self._mated: set[str] = set()
        self._columns = _GrowingColumns(rules)
        self._blocks: tuple[BlockingColumns, np.ndarray, np.ndarray] | None = None  # the last blocks(): stale once the columns grew
        self._masks: dict[str, tuple[set[str], np.ndarray]] = {}  # _mask's last, by role
        self._before = (np.zeros(0, dtype=bool), np.zeros(0, dtype=bool))  # linked()'s last masks
        self._links: set[tuple[str, str]] = set()  # the pairs scored so far that are links
        self._scored: list[tuple[list[str], ScoredPairs]] = []  # and all of them, on their tables
        self._add(new, whole=True)

    def _add(self, mentions: Iterable[Dated], whole: bool = False) -> set[str]:
        ids = set()
        for mention in mentions:
            mention_id = mention.mention_id
            ids.add(mention_id)
            if whole:
                self._whole.setdefault(mention_id, mention)  # type: ignore[arg-type]
            if mention_id not in self._known:
                self._known[mention_id] = mention
                self._columns.append(mention)
        return ids

    def whole(self, ids: set[str]) -> dict[str, EventMention]:
        """The mentions of ``ids`` whole, loading those only seen as stubs so far."""
        missing = sorted(ids - self._whole.keys())
        if missing:
            self._add(self._stored.load(missing), whole=True)
        return {i: self._whole[i] for i in ids}

    def search(self, ids: Iterable[str]) -> None:
        """Fetch the stored neighbours of ``ids`` that were not searched around yet."""
        todo = [self._known[i] for i in sorted(set(ids) - self._searched)]
        if todo:
            self._searched.update(m.mention_id for m in todo)
            self._add(self._stored.near(todo))

    def mates(self, ids: set[str]) -> set[str]:
        """Ids of the stored mentions sharing an event or pin with ``ids``."""
        todo = sorted(ids - self._mated)
        self._mated.update(todo)
        return self._add(self._stored.mates(todo)) if todo else set()

    def blocks(self) -> tuple[BlockingColumns, np.ndarray, np.ndarray]:
        """The blocking columns of the known mentions and their candidate pairs. Later rounds
        add a few rows to many: only the pairs those rows make are found, and appended."""
        if self._blocks is not None and len(self._blocks[0]) == len(self._columns):  # no rows added since
            return self._blocks
        columns = self._columns.freeze()
        paired = 0 if self._blocks is None else len(self._blocks[0])
        if self._blocks is None or paired < len(columns) - paired:  # mostly new rows: one sweep over all
            first, second = candidate_pairs(columns)
        else:
            _, before_first, before_second = self._blocks
            more_first, more_second = pairs_from(columns, paired)
            first, second = np.concatenate([before_first, more_first]), np.concatenate([before_second, more_second])
        self._blocks = (columns, first, second)
        return self._blocks

    def _mask(self, ids: set[str], role: str) -> np.ndarray:
        """Which rows of the blocking columns are among ``ids``. The sets a role is asked for
        only grow from round to round, so the last mask of the role is widened by what is new."""
        known, mask = self._masks.get(role, (set(), np.zeros(0, dtype=bool)))
        if not known <= ids:
            known, mask = set(), np.zeros(0, dtype=bool)
        mask = np.pad(mask, (0, len(self._columns) - mask.size))
        mask[self._columns.rows(ids - known)] = True
        self._masks[role] = (set(ids), mask)
        return mask.copy()

    def partners(self, ids: set[str]) -> set[str]:
        """Ids of the candidates of ``ids``."""
        columns, first, second = self.blocks()
        inside = self._mask(ids, "partners")
        reached = np.zeros(len(columns), dtype=bool)  # a mask, not np.unique: linear in the pairs
        reached[second[inside[first]]] = True
        reached[first[inside[second]]] = True
        return {columns.ids[row] for row in np.flatnonzero(reached).tolist()}

    def outside(self, passed: set[str], counted: set[str]) -> dict[str, int]:
        """For each of ``counted``, its candidates among known mentions that are not ``passed``."""
        columns, first, second = self.blocks()
        kept = self._mask(passed, "passed")
        beyond = np.bincount(np.concatenate([first[~kept[second]], second[~kept[first]]]), minlength=len(columns))
        return {mention_id: int(beyond[self._columns.row_of[mention_id]]) for mention_id in counted
                if beyond[self._columns.row_of[mention_id]]}

    def linked(self, core: set[str], ring: set[str]) -> set[str]:
        """Ids joined to ``core`` by a link (a pair clustering can merge along).

        Only pairs touching the core are compared, and each once in the whole walk: a pair
        scores the same whatever else is passed along (crowding counts every candidate of both
        sides, exact once core and ring are searched around), so later rounds score only the
        pairs the core's growth brought in. Those are told from the ones scored before by the
        previous round's masks: core and ring only grow, and a pair of blocking depends on its
        two rows alone, so every pair kept then is kept now.

        A pair inside the core is kept from ``FLOOR`` up (clustering weighs every pair of two
        groups it could merge); a pair from the core to the ring only matters if it is a link,
        so only links are kept of those, which spares most of them the text comparison. A ring
        mention that joins the core later has its pairs with the core scored again from ``FLOOR``.
        """
        columns, first, second = self.blocks()
        candidates = np.bincount(np.concatenate([first, second]), minlength=len(columns))
        inside, touching = self._mask(core | ring, "passed"), self._mask(core, "core")
        both_core = touching[first] & touching[second]
        to_ring = inside[first] & inside[second] & (touching[first] ^ touching[second])
        # last round's masks, widened to the rows added since (new rows: False)
        before_inside, before_touching = (np.pad(mask, (0, len(columns) - mask.size)) for mask in self._before)
        was_core = before_touching[first] & before_touching[second]
        was_ring = before_inside[first] & before_inside[second] & (before_touching[first] ^ before_touching[second])
        self._before = (inside, touching)
        moved_in = np.flatnonzero(both_core & was_ring)  # scored for links only: the links stand, the rest is scored again
        moved_in = moved_in[[_key(columns.ids[a], columns.ids[b]) not in self._links
                             for a, b in zip(first[moved_in].tolist(), second[moved_in].tolist())]]
        inner = np.union1d(np.flatnonzero(both_core & ~was_core & ~was_ring), moved_in)
        outer = np.flatnonzero(to_ring & ~was_core & ~was_ring)
        if inner.size or outer.size:
            rows = np.concatenate([inner, outer])
            floor = np.repeat([FLOOR, self.rules.threshold], [inner.size, outer.size])
            self._score(first[rows], second[rows], candidates, floor)
        return {mention_id for pair in self._links if pair[0] in core or pair[1] in core for mention_id in pair}

    def scores(self) -> KnownScores:
        """The pairs scored in the walk: inside the core from ``FLOOR`` up, from the core to the
        ring its links; all that clustering the neighbourhood reads (the ring's own pairs never
        decide anything: see ``cluster``)."""
        return KnownScores(tuple(self._scored))

    def _score(self, first_rows: np.ndarray, second_rows: np.ndarray, candidates: np.ndarray, floor: np.ndarray) -> None:
        """Score the pairs of blocking-column rows ``first_rows[k]``, ``second_rows[k]``, keep
        those reaching their ``floor[k]`` and remember which are links; ``candidates``: each row's count
        of candidates."""
        columns = self._columns
        involved = np.unique(np.concatenate([first_rows, second_rows])).tolist()
        ids = sorted(columns.id_of(row) for row in involved)
        rows = columns.rows(ids)  # the table's rows (sorted by id) in the blocking columns
        frozen, whole = self.blocks()[0], self.whole(set(ids))
        blocking = BlockingColumns(ids, frozen.day[rows], frozen.lo[rows], frozen.hi[rows], frozen.block[rows], frozen.doc[rows])
        table = build_table([whole[i] for i in ids], self.rules, blocking=blocking)
        position = np.empty(len(columns), dtype=np.int64)
        position[rows] = np.arange(len(table))
        a, b = position[first_rows], position[second_rows]
        first, second = np.minimum(a, b), np.maximum(a, b)
        outside = candidates[rows] - np.bincount(np.concatenate([first, second]), minlength=len(table))
        scored = score_pairs(replace(table, outside=outside), first, second, self.rules, floor)
        self._scored.append((table.ids, scored))
        links = scored.probability >= self.rules.threshold
        self._links.update(_key(table.ids[x], table.ids[y]) for x, y in zip(scored.i[links].tolist(), scored.j[links].tolist()))


class _GrowingColumns:
    """Blocking columns appended to one mention at a time, frozen into arrays when read."""

    def __init__(self, rules: Rules) -> None:
        self._rules, self._groups = rules, rules.type_group()
        self._ids: list[str] = []
        self.row_of: dict[str, int] = {}
        self._bounds: list[tuple[int, int, int]] = []
        self._day_bounds = DayBounds(rules)
        self._blocks: list[int] = []
        self._docs: list[int] = []
        self._block_codes: dict[tuple[str, str], int] = {}
        self._doc_codes: dict[str, int] = {}
        self._frozen = BlockingColumns([], *(np.zeros(0, dtype=np.int64) for _ in range(5)))

    def __len__(self) -> int:
        return len(self._ids)

    def id_of(self, row: int) -> str:
        return self._ids[row]

    def rows(self, ids: Sequence[str] | set[str]) -> np.ndarray:
        """The rows of ``ids``, in their order."""
        return np.fromiter(map(self.row_of.__getitem__, ids), dtype=np.int64, count=len(ids))

    def append(self, mention: Dated) -> None:
        self.row_of[mention.mention_id] = len(self._ids)
        self._ids.append(mention.mention_id)
        self._bounds.append(self._day_bounds(mention))
        self._blocks.append(self._block_codes.setdefault(block_key(mention, self._groups), len(self._block_codes)))
        self._docs.append(self._doc_codes.setdefault(mention.doc_id, len(self._doc_codes)))

    def freeze(self) -> BlockingColumns:
        """The columns as arrays: those of the last freeze, extended by the rows added since."""
        done = len(self._frozen.ids)
        bounds = np.asarray(self._bounds[done:], dtype=np.int64).reshape(-1, 3)
        new = (bounds[:, 0], bounds[:, 1], bounds[:, 2], np.asarray(self._blocks[done:], dtype=np.int64),
               np.asarray(self._docs[done:], dtype=np.int64))
        old = (self._frozen.day, self._frozen.lo, self._frozen.hi, self._frozen.block, self._frozen.doc)
        self._frozen = BlockingColumns(list(self._ids), *(np.concatenate(pair) for pair in zip(old, new)))
        return self._frozen


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)
