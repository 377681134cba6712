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
