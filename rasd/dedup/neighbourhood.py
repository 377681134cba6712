"""The stored mentions that new ones can affect, found by walking out from the new ones.

``cluster(mentions, prior)`` regroups only what the new mentions reach: the groups joined to
them or to their candidates by links, and the stored events (or pins) a change could split;
every other mention keeps its prior event (see ``cluster``'s ``_settled``). For that to give
what one run over the whole database gives, the mentions passed in must hold those groups
whole (the *core*), with their candidates (the *ring*), and every pair touching the core must
score as it would there. Crowding counts the candidates of both sides of a pair, so for each
ring mention the store also counts its candidates beyond the ring (``outside``); those are read
with blocking columns only, never compared.

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
from datetime import date
from typing import Protocol

import numpy as np

from rasd.dedup.blocking import candidate_pairs
from rasd.dedup.compare import score_pairs
from rasd.dedup.rules import Rules, load_rules
from rasd.dedup.table import BlockingColumns, build_blocking, build_table, date_bounds
from rasd.model import EventMention



class StoredMentions(Protocol):
    """What ``affected`` asks the store (``rasd.store.neighbours``)."""

    def near(self, mentions: Sequence[EventMention]) -> Iterable[EventMention]:
        """Stored mentions inside the search windows of ``mentions``."""

    def mates(self, mention_ids: Sequence[str]) -> Iterable[EventMention]:
        """Stored mentions that share an event, or a reviewer's pin, with one of ``mention_ids``."""


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


def search_windows(mention: EventMention, rules: Rules | None = None) -> list[Window]:
    """Where stored candidates of ``mention`` can lie (none for an undated mention).

    A stored report is a candidate when it shares the area and type group (``type_group``) and
    its day range overlaps this one's. Day-precise ranges reach at most the widest half width
    from their date; a month-precision range is its whole calendar month, so any date in a
    month this range touches may belong to one.
    """
    rules = rules or load_rules()
    lo, hi = date_bounds(mention, rules)
    if lo < 0:
        return []
    reach = max(rules.date_half_width.values())
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    month_first = first.replace(day=1)
    month_last = last.replace(day=monthrange(last.year, last.month)[1])
    area, types = mention.admin1_code or None, rules.same_group(mention.sub_event_type)
    return [Window(area, date.fromordinal(lo - reach), date.fromordinal(hi + reach), types),
            Window(area, month_first, month_last, types, month_precision=True)]


def affected(new: Sequence[EventMention], stored: StoredMentions) -> Neighbourhood:
    """``new`` plus every stored mention that clustering them needs, as described above."""
    walk = _Walk({m.mention_id: m for m in new}, stored, load_rules())
    core = set(walk.known)
    walk.search(core)
    core |= walk.partners(core)  # the candidates of new mentions: what cluster() calls touched
    while True:
        core |= walk.mates(core)
        walk.search(core)
        ring = walk.partners(core) - core
        walk.search(ring)  # every candidate of the ring is now known: its crowding count is exact
        linked = walk.linked(core, ring)
        if linked <= core:
            return Neighbourhood([walk.known[i] for i in sorted(core | ring)], walk.outside(core | ring, ring))
        core |= linked


class _Walk:
    """Mentions known so far, which of them have been searched around, and their blocking."""

    def __init__(self, known: dict[str, EventMention], stored: StoredMentions, rules: Rules) -> None:
        self.known, self.rules, self._stored = known, rules, stored
        self._searched: set[str] = set()
        self._mated: set[str] = set()
        self._blocks: tuple[BlockingColumns, np.ndarray, np.ndarray] | None = None

    def _add(self, mentions: Iterable[EventMention]) -> set[str]:
        ids = set()
        for mention in mentions:
            ids.add(self.known.setdefault(mention.mention_id, mention).mention_id)
        self._blocks = None
        return ids

    def search(self, ids: Iterable[str]) -> None:
        """Fetch the stored neighbours of ``ids`` that were not searched around yet."""
        todo = [self.known[i] for i in sorted(set(ids) - self._searched)]
        if todo:
            self._searched.update(m.mention_id for m in todo)
            self._add(self._stored.near(todo))

    def mates(self, ids: set[str]) -> set[str]:
        """Ids of the stored mentions sharing an event or pin with ``ids``."""
        todo = sorted(ids - self._mated)
        self._mated.update(todo)
        return self._add(self._stored.mates(todo)) if todo else set()

    def blocks(self) -> tuple[BlockingColumns, np.ndarray, np.ndarray]:
        if self._blocks is None:
            columns = build_blocking(self.known.values(), self.rules)
            self._blocks = (columns, *candidate_pairs(columns))
        return self._blocks

    def partners(self, ids: set[str]) -> set[str]:
        """Ids of the candidates of ``ids``."""
        columns, first, second = self.blocks()
        inside = _member_rows(columns.ids, ids)
        rows = np.concatenate([second[inside[first]], first[inside[second]]])
        return {columns.ids[row] for row in np.unique(rows).tolist()}

    def outside(self, passed: set[str], counted: set[str]) -> dict[str, int]:
        """For each of ``counted``, its candidates among known mentions that are not ``passed``."""
        columns, first, second = self.blocks()
        kept = _member_rows(columns.ids, passed)
        beyond = np.bincount(np.concatenate([first[~kept[second]], second[~kept[first]]]), minlength=len(columns))
        return {mention_id: int(beyond[row]) for row, mention_id in enumerate(columns.ids)
                if mention_id in counted and beyond[row]}

    def linked(self, core: set[str], ring: set[str]) -> set[str]:
        """Ids joined to ``core`` by a link (a pair clustering can merge along). Only pairs
        touching the core are compared; crowding still counts every candidate (``outside``)."""
        table = build_table([self.known[i] for i in core | ring], self.rules)
        first, second = candidate_pairs(table)
        inside = _member_rows(table.ids, core)
        touching = inside[first] | inside[second]
        first, second = first[touching], second[touching]
        total = self.outside(set(), core | ring)
        compared = np.bincount(np.concatenate([first, second]), minlength=len(table))
        outside = np.asarray([total.get(i, 0) for i in table.ids], dtype=np.int64) - compared
        scored = score_pairs(replace(table, outside=outside), first, second, self.rules)
        links = scored.probability >= self.rules.threshold
        rows = np.concatenate([scored.i[links], scored.j[links]])
        return {table.ids[row] for row in np.unique(rows).tolist()}


def _member_rows(ids: list[str], members: set[str]) -> np.ndarray:
    return np.fromiter((mention_id in members for mention_id in ids), dtype=bool, count=len(ids))
