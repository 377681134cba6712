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

Human decisions come first (``pins``): rows pinned to one event start as one cluster whatever
their scores, and a cluster holding rows pinned to one event never merges with a cluster
holding rows pinned to another. Unpinned rows may still join a pinned cluster on the rules
above (a new report of an accepted event joins it), except that cross pairs the rules did not
keep are left out of the average while they are at most half (see ``_cross_total``).
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
        self.pin: dict[int, int] = {}  # root -> pin label of its pinned rows (absent: none pinned)

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
        if gone in self.pin:
            self.pin[keep] = self.pin.pop(gone)
        self.parent[gone] = keep

    def pinned_apart(self, a: int, b: int) -> bool:
        """Whether roots ``a`` and ``b`` hold rows a human pinned to two different events."""
        return a in self.pin and b in self.pin and self.pin[a] != self.pin[b]


def _cross_total(score: dict[tuple[int, int], float], left: list[int], right: list[int],
                 pinned: bool = False) -> tuple[float, int] | None:
    """(summed probability, pairs counted) over the cross pairs, or None if one was not kept.

    Across a ``pinned`` cluster, pairs not kept are left out instead, while they are at most
    half: a human may have merged a report the rules find incompatible (a misplaced town), and
    that report alone must not keep every later report of the incident out.
    """
    total, missing = 0.0, 0
    for a in left:
        for b in right:
            p = score.get((a, b) if a < b else (b, a))
            if p is None:
                if not pinned:
                    return None
                missing += 1
                continue
            total += p
    counted = len(left) * len(right) - missing
    return (total, counted) if counted >= missing and counted else None


def _cohesive(average: float, inside_a: tuple[float, int], inside_b: tuple[float, int], margin: float) -> bool:
    """Whether the cross average lies at most ``margin`` below the average inside each cluster."""
    return all(average >= total / count - margin for total, count in (inside_a, inside_b) if count)


def _pinned(clusters: _Clusters, pins: np.ndarray | None,
            score: dict[tuple[int, int], float]) -> dict[int, tuple[float, int]]:
    """Join the rows pinned to each event into one cluster; returns their inside scores."""
    within: dict[int, tuple[float, int]] = {}
    if pins is None:
        return within
    first: dict[int, int] = {}
    for row in np.flatnonzero(pins >= 0).tolist():
        label = int(pins[row])
        if label in first:
            clusters.union(clusters.find(first[label]), clusters.find(row))
        else:
            first[label] = row
        clusters.pin[clusters.find(row)] = label
    for row in first.values():
        root = clusters.find(row)
        members = sorted(clusters.members_of(root))
        inside = [score[(a, b)] for k, a in enumerate(members) for b in members[k + 1:] if (a, b) in score]
        if inside:
            within[root] = (sum(inside), len(inside))
    return within


def link_clusters(n: int, pairs: ScoredPairs, docs: np.ndarray, threshold: float, average_needed: float,
                  margin: float, pins: np.ndarray | None = None) -> list[list[int]]:
    """Rows grouped into clusters (each sorted), every row in exactly one.

    Pairs scoring ``threshold`` or more are links; two clusters joined by a link merge when
    the average over all their cross pairs reaches ``average_needed`` and falls at most
    ``margin`` below the average inside either cluster. ``pins`` labels each row with the
    event a human pinned it to (-1: none): see the module's note.
    """
    links = np.flatnonzero(pairs.probability >= threshold)
    order = links[np.lexsort((pairs.j[links], pairs.i[links], -pairs.probability[links]))]
    score = dict(zip(zip(pairs.i.tolist(), pairs.j.tolist()), pairs.probability.tolist()))
    clusters = _Clusters(docs)
    within = _pinned(clusters, pins, score)  # root -> (summed probability, pairs) inside it
    for a, b in zip(pairs.i[order].tolist(), pairs.j[order].tolist()):
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb or clusters.pinned_apart(ra, rb) or clusters.docs_of(ra) & clusters.docs_of(rb):
            continue
        left, right = clusters.members_of(ra), clusters.members_of(rb)
        found = _cross_total(score, left, right, ra in clusters.pin or rb in clusters.pin)
        if found is None:
            continue
        cross, size = found
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
