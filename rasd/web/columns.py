"""Each event's labels in memory, for counting selections the cubes cannot answer.

The cubes (``rasd.web.summary``) hold counts by month × governorate × type; a selection by actor
or by free text cuts across their cells, and answering it from SQL means reading every selected
row (a second or more for a common word over a million events). ``Columns`` keeps, for every
event, its labels as small integers in numpy arrays indexed by the database's row number, so such
a selection is a boolean mask and any grouping a ``bincount``: milliseconds for a million events.
Free text is still matched by the store's full-text index, which hands back row numbers
(``Store.text_rows``); the store gives every event's row number on each backend.

Columns are rebuilt with the cubes, so they are as fresh as the cubes (see ``Summary``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from rasd.store import Store

#: Label dimensions held per event; "actor" labels serve both actor columns.
DIMS = ("month", "admin1", "admin1_code", "event_type", "sub_event_type", "actor")
_NO_LABEL = -2  # a filter value the data never holds: matches nothing


def day_number(value: date) -> int:
    """A date as the integer YYYYMMDD, the form the day column holds (0: undated)."""
    return value.year * 10000 + value.month * 100 + value.day


@dataclass(frozen=True)
class Columns:
    """Label indexes per event, at the position of its row number (-1: no event there)."""

    labels: dict[str, list[Any]]  # dimension -> labels, in first-seen order
    codes: dict[str, np.ndarray]  # dimension, or actor1/actor2 -> int32 label index per row
    day: np.ndarray  # int32 YYYYMMDD per row, 0 when undated
    located: np.ndarray  # bool per row: has coordinates (a map point)

    @classmethod
    def read(cls, store: Store, chunk: int = 50_000) -> Columns:
        """One pass over the events table, streamed in chunks to bound memory."""
        positions: dict[str, dict[Any, int]] = {d: {} for d in DIMS}
        parts: list[list[np.ndarray]] = [[] for _ in range(10)]
        for rows in store.label_rows(chunk=chunk):
            values = list(zip(*rows))
            parts[0].append(np.fromiter(values[0], np.int64, len(rows)))
            for at, dim in enumerate(("month", "admin1", "admin1_code", "event_type", "sub_event_type", "actor",
                                      "actor"), start=1):
                parts[at].append(_encode(values[at], positions[dim], none=dim != "actor"))
            parts[8].append(np.fromiter((d or 0 for d in values[8]), np.int32, len(rows)))
            parts[9].append(np.fromiter(values[9], np.int32, len(rows)))
        rowids = np.concatenate(parts[0]) if parts[0] else np.zeros(0, np.int64)
        size = int(rowids.max()) + 1 if len(rowids) else 0
        names = ("month", "admin1", "admin1_code", "event_type", "sub_event_type", "actor1", "actor2")
        codes = {name: _scatter(rowids, parts[at], size, -1) for at, name in enumerate(names, start=1)}
        labels = {d: list(p) for d, p in positions.items()}
        return cls(labels, codes, _scatter(rowids, parts[8], size, 0), _scatter(rowids, parts[9], size, 0) > 0)

    @property
    def size(self) -> int:
        return len(self.day)

    def mask(self, selection: Any, rowids: np.ndarray | None = None) -> np.ndarray:
        """Rows the selection (``rasd.web.params.Filters``) picks; ``rowids``: text matches only."""
        keep = self.codes["event_type"] >= 0
        if rowids is not None:
            matched = np.zeros(self.size, dtype=bool)
            matched[rowids[rowids < self.size]] = True
            keep &= matched
        if selection.since:
            keep &= self.day >= day_number(selection.since)
        if selection.until:
            keep &= (self.day > 0) & (self.day <= day_number(selection.until))
        for dim, value in (("admin1_code", selection.admin1), ("event_type", selection.event_type),
                           ("sub_event_type", selection.sub_event_type)):
            if value:
                keep &= self.codes[dim] == self._label(dim, value)
        if selection.actor:
            actor = self._label("actor", selection.actor)
            keep &= (self.codes["actor1"] == actor) | (self.codes["actor2"] == actor)
        return keep

    def grouped(self, by: tuple[str, ...], keep: np.ndarray) -> dict[tuple[Any, ...], int]:
        """Counts of the kept rows by ``by``; each actor of an event counts it once."""
        if "actor" not in by:
            return self._count(by, keep, {})
        result: dict[tuple[Any, ...], int] = {}
        first, second = self.codes["actor1"], self.codes["actor2"]
        for part, column in ((keep & (first >= 0), first), (keep & (second >= 0) & (second != first), second)):
            for key, n in self._count(by, part, {"actor": column}).items():
                result[key] = result.get(key, 0) + n
        return result

    def newest(self, keep: np.ndarray, n: int) -> np.ndarray:
        """Row numbers holding the ``n`` newest kept rows: those dated on or after the ``n``-th
        newest date (so ties there are all in), or every kept row when fewer are dated."""
        picked = np.flatnonzero(keep)
        days = self.day[picked]
        dated = int((days > 0).sum())
        if dated < n or n <= 0:
            return picked
        threshold = np.partition(days, len(days) - n)[len(days) - n]
        return picked[days >= threshold]

    def _label(self, dim: str, value: Any) -> int:
        try:
            return self.labels[dim].index(value)
        except ValueError:
            return _NO_LABEL

    def _count(self, by: tuple[str, ...], keep: np.ndarray, columns: dict[str, np.ndarray]) -> dict[tuple[Any, ...], int]:
        picked = np.flatnonzero(keep)
        sizes = [len(self.labels[d]) for d in by]
        key = np.zeros(len(picked), dtype=np.int64)
        for d, size in zip(by, sizes, strict=True):
            key = key * size + columns.get(d, self.codes.get(d))[picked]
        totals = np.bincount(key) if len(key) else np.zeros(0, dtype=np.int64)
        return label_totals(totals, by, self.labels)


def label_totals(totals: np.ndarray, by: tuple[str, ...], labels: dict[str, Any]) -> dict[tuple[Any, ...], int]:
    """Counts indexed by mixed-radix keys (one digit per dimension of ``by``) as label tuples."""
    sizes = [len(labels[d]) for d in by]
    result = {}
    for flat in np.flatnonzero(totals):
        parts, rest = [], int(flat)
        for d, size in reversed(list(zip(by, sizes, strict=True))):
            rest, at = divmod(rest, size)
            parts.append(labels[d][at])
        result[tuple(reversed(parts))] = int(totals[flat])
    return result


def _encode(values: tuple[Any, ...], positions: dict[Any, int], none: bool) -> np.ndarray:
    """Label indexes of ``values``, adding labels not seen before to ``positions``.

    ``none``: None is a label like any other (an unknown month); else it is -1 (no second actor).
    """
    if none:
        return np.fromiter((positions.setdefault(v, len(positions)) for v in values), np.int32, len(values))
    return np.fromiter((-1 if v is None else positions.setdefault(v, len(positions)) for v in values), np.int32,
                       len(values))


def _scatter(rowids: np.ndarray, parts: list[np.ndarray], size: int, empty: int) -> np.ndarray:
    out = np.full(size, empty, dtype=np.int32)
    if parts:
        out[rowids] = np.concatenate(parts)
    return out
