"""The day-range arithmetic behind ``StoredNeighbours.near`` reading each stored mention once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rasd.store.neighbours import _cover, _merged, _minus

ranges = st.lists(st.tuples(st.integers(0, 80), st.integers(0, 12)).map(lambda r: (r[0], r[0] + r[1])), max_size=10)
span = st.tuples(st.integers(0, 90), st.integers(0, 25)).map(lambda r: (r[0], r[0] + r[1]))


def _days(parts: list[tuple[int, int]]) -> set[int]:
    return {day for lo, hi in parts for day in range(lo, hi + 1)}


@given(ranges)
def test_merged_ranges_are_sorted_disjoint_and_cover_the_same_days(parts: list[tuple[int, int]]) -> None:
    merged = _merged(list(parts)) if parts else []
    assert _days(merged) == _days(parts)
    assert all(hi + 1 < lo for (_, hi), (lo, _) in zip(merged, merged[1:]))


@given(ranges, span)
def test_minus_leaves_exactly_the_days_not_covered(parts: list[tuple[int, int]], window: tuple[int, int]) -> None:
    covered = _merged(list(parts)) if parts else []
    left = _minus(*window, covered)
    assert _days(left) == _days([window]) - _days(covered)
    assert left == sorted(left)


@given(ranges, span)
def test_cover_adds_the_days_and_keeps_the_ranges_merged(parts: list[tuple[int, int]], window: tuple[int, int]) -> None:
    covered = _merged(list(parts)) if parts else []
    _cover(covered, *window)
    assert covered == _merged(list(parts) + [window])
