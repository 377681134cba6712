"""Blocking: the candidate pairs worth comparing, found by sorting instead of all-pairs.

Two mentions are candidates when they share a block (area and type group, see
``rasd.dedup.table``), their date ranges overlap (the range widens with time precision:
±1 day, ±2 days, the whole month), and they come from different documents: a document
already reports each incident once. Mentions without a date are never candidates.

The join is a sorted neighbourhood with a variable window: rows sorted by (block, lo), each
row is paired with the following rows while their ``lo`` stays within its ``hi``. Every pass
shifts by one more row and keeps only rows still in range, so the cost is the number of
candidate pairs plus a few cheap passes, not n².
"""

from __future__ import annotations

import numpy as np

from rasd.dedup.table import BlockingColumns, MentionTable


def candidate_pairs(table: MentionTable | BlockingColumns) -> tuple[np.ndarray, np.ndarray]:
    """Row indices (i, j), i < j, of every candidate pair."""
    dated = np.flatnonzero(table.day >= 0)
    order = dated[np.lexsort((table.lo[dated], table.block[dated]))]
    block, lo, hi = table.block[order], table.lo[order], table.hi[order]
    n = order.size
    active = np.arange(n - 1) if n > 1 else np.empty(0, dtype=np.int64)
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    shift = 1
    while active.size:
        active = active[active + shift < n]
        ahead = active + shift
        in_range = (block[ahead] == block[active]) & (lo[ahead] <= hi[active])
        active, ahead = active[in_range], ahead[in_range]
        firsts.append(order[active])
        seconds.append(order[ahead])
        shift += 1
    if not firsts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    other_doc = table.doc[a] != table.doc[b]
    a, b = a[other_doc], b[other_doc]
    return np.minimum(a, b), np.maximum(a, b)


def pairs_from(table: MentionTable | BlockingColumns, start: int) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs (i < j) with ``j >= start``: what rows ``start`` and on add to those of
    the rows before (``candidate_pairs`` of the whole table is both together, in another order).

    Each new row is looked up in the rows sorted by (block, lo): its partners share its block
    and have ``lo`` between its own ``lo`` less the widest range of any row and its ``hi``; of
    those, the ones whose range overlaps its own are kept, as the sweep above keeps them.
    """
    dated = np.flatnonzero(table.day >= 0)
    new = dated[dated >= start]
    if new.size == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    key = (table.block << 32) | table.lo  # ordinals fit in 32 bits: sorting on it is by (block, lo)
    order = dated[np.argsort(key[dated], kind="stable")]
    widest = int((table.hi[dated] - table.lo[dated]).max())
    lowest = (table.block[new] << 32) | np.maximum(table.lo[new] - widest, 0)
    begin = np.searchsorted(key[order], lowest, side="left")
    end = np.searchsorted(key[order], (table.block[new] << 32) | table.hi[new], side="right")
    counts = end - begin
    rows = np.repeat(new, counts)
    others = order[np.repeat(begin - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())]
    keep = ((others < start) | (others > rows)) & (table.lo[others] <= table.hi[rows]) & \
        (table.lo[rows] <= table.hi[others]) & (table.doc[rows] != table.doc[others])
    rows, others = rows[keep], others[keep]
    return np.minimum(rows, others), np.maximum(rows, others)
