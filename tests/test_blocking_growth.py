"""Blocking a growing set of mentions: the pairs new rows add (``pairs_from``) together with
those of the rows before are exactly the candidate pairs of all of them, as the walk of
``rasd.dedup.affected`` relies on when it appends rows round after round."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.dedup.blocking import candidate_pairs, pairs_from
from rasd.dedup.table import BlockingColumns

_ROW = st.tuples(
    st.integers(730_000, 730_060),  # day ordinal
    st.sampled_from([(1, 1), (2, 2), (0, 0), (-1, -1), (15, 16)]),  # reach before / after the day (-1: undated)
    st.integers(0, 3),  # block
    st.integers(0, 6),  # document
)


def _columns(rows: list[tuple[int, tuple[int, int], int, int]]) -> BlockingColumns:
    day = np.asarray([d if reach[0] >= 0 else -1 for d, reach, _, _ in rows], dtype=np.int64)
    lo = np.asarray([d - reach[0] if reach[0] >= 0 else -1 for d, reach, _, _ in rows], dtype=np.int64)
    hi = np.asarray([d + reach[1] if reach[0] >= 0 else -1 for d, reach, _, _ in rows], dtype=np.int64)
    return BlockingColumns([f"m{k:04d}" for k in range(len(rows))], day, lo, hi,
                           np.asarray([b for *_, b, _ in rows], dtype=np.int64), np.asarray([d for *_, d in rows], dtype=np.int64))


def _pairs(first: np.ndarray, second: np.ndarray) -> list[tuple[int, int]]:
    found = list(zip(first.tolist(), second.tolist()))
    assert all(i < j for i, j in found)
    return sorted(found)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ROW, max_size=40), st.data())
def test_pairs_of_new_rows_complete_the_pairs_of_the_rows_before(rows: list, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(rows)))
    whole = _columns(rows)
    before = _pairs(*candidate_pairs(_columns(rows[:start])))
    added = _pairs(*pairs_from(whole, start))
    assert all(j >= start for _, j in added)
    assert sorted(before + added) == _pairs(*candidate_pairs(whole))  # each pair once, none missing
