"""Clustering: linked pairs become events, with a guard against chaining.

Plain connected components over links would chain: A≈B and B≈C merges A and C even when
they are two bombings a day apart. Merges here are greedy in descending link probability
(ties broken by row index, so the result never depends on input order), and two clusters
merge only when

- they share no document (a document reports each incident once),
- every cross pair was kept by comparison (so all members are pairwise compatible on type,
  date range and distance — unkept pairs are incompatible or hopeless), and
- the average probability over all cross pairs reaches ``average_needed`` (average linkage),
- and is not far below the average inside either cluster: reports of one incident look as
  alike across the two parts as within each, while two bombings in one town on one day
  each have reports that agree closely with one another and only loosely with the other's.
"""

from __future__ import annotations

import numpy as np

from rasd.dedup.compare import ScoredPairs


class _Clusters:
    """Union-find over rows that remembers each cluster's members and documents."""

    def __init__(self, docs: np.ndarray) -> None:
        self.parent = list(range(len(docs)))
        self.members: dict[int, list[int]] = {}
        self.docs: dict[int, set[int]] = {}
        self._doc = docs

    def find(self, row: int) -> int:
        parent = self.parent
        while parent[row] != row:
            parent[row] = parent[parent[row]]
            row = parent[row]
        return row

    def members_of(self, root: int) -> list[int]:
        return self.members.get(root) or [root]

    def docs_of(self, root: int) -> set[int]:
        return self.docs.get(root) or {int(self._doc[root])}

    def union(self, a: int, b: int) -> None:
        keep, gone = (a, b) if a < b else (b, a)
        self.members[keep] = self.members_of(keep) + self.members_of(gone)
        self.docs[keep] = self.docs_of(keep) | self.docs_of(gone)
        self.members.pop(gone, None)
        self.docs.pop(gone, None)
        self.parent[gone] = keep


def _cross_total(score: dict[tuple[int, int], float], left: list[int], right: list[int]) -> float | None:
    """Summed probability over all cross pairs, or None if any cross pair was not kept."""
    total = 0.0
    for a in left:
        for b in right:
            p = score.get((a, b) if a < b else (b, a))
            if p is None:
                return None
            total += p
    return total


def _cohesive(average: float, inside_a: tuple[float, int], inside_b: tuple[float, int], margin: float) -> bool:
    """Whether the cross average lies at most ``margin`` below the average inside each cluster."""
    return all(average >= total / count - margin for total, count in (inside_a, inside_b) if count)


def link_clusters(n: int, pairs: ScoredPairs, docs: np.ndarray, threshold: float, average_needed: float,
                  margin: float) -> list[list[int]]:
    """Rows grouped into clusters (each sorted), every row in exactly one.

    Pairs scoring ``threshold`` or more are links; two clusters joined by a link merge when
    the average over all their cross pairs reaches ``average_needed`` and falls at most
    ``margin`` below the average inside either cluster.
    """
    links = np.flatnonzero(pairs.probability >= threshold)
    order = links[np.lexsort((pairs.j[links], pairs.i[links], -pairs.probability[links]))]
    score = dict(zip(zip(pairs.i.tolist(), pairs.j.tolist()), pairs.probability.tolist()))
    clusters = _Clusters(docs)
    within: dict[int, tuple[float, int]] = {}  # root -> (summed probability, pairs) inside it
    for a, b in zip(pairs.i[order].tolist(), pairs.j[order].tolist()):
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb or clusters.docs_of(ra) & clusters.docs_of(rb):
            continue
        left, right = clusters.members_of(ra), clusters.members_of(rb)
        cross = _cross_total(score, left, right)
        if cross is None:
            continue
        size = len(left) * len(right)
        inside_a, inside_b = within.pop(ra, (0.0, 0)), within.pop(rb, (0.0, 0))
        if cross / size >= average_needed and _cohesive(cross / size, inside_a, inside_b, margin):
            clusters.union(ra, rb)
            within[min(ra, rb)] = (inside_a[0] + inside_b[0] + cross, inside_a[1] + inside_b[1] + size)
        else:
            within.update({ra: inside_a, rb: inside_b})
    groups: dict[int, list[int]] = {}
    for row in range(n):
        groups.setdefault(clusters.find(row), []).append(row)
    return list(groups.values())
