"""Comparison: a match probability for every candidate pair, with per-feature reasons.

Each feature column adds log-odds for or against "the same incident" (weights in
``rasd/data/dedup/rules.json``), in the spirit of Fellegi–Sunter record linkage:

- ``date``: days apart, relative to what the two time precisions allow;
- ``place``: haversine distance; closeness halves at a scale set by the coarser geo precision
  (same named place counts as agreement when coordinates are missing);
- date and place weigh agreement and disagreement separately, and month-only dates and
  governorate-only places have their say damped (they tell little either way);
- ``type``: same sub-event type, or a sub-type outlets use interchangeably;
- ``actors``: a shared named actor (wildcards such as "Unidentified Armed Group" say nothing),
  and different named targets (a police patrol in one report, an army convoy in the other);
- ``fatalities`` / ``injuries``: (low + 1) / (high + 1) of the two counts, and whether they
  differ by more than a revised toll explains;
- ``text``: word overlap of the evidence, rare words weighing more (see ``rasd.dedup.text``);
- ``crowding`` (weight 0 unless the rules file sets one): against a match, growing with the
  number of candidates both reports have.

Every column depends only on the two reports (crowding aside), so a pair scores the same in
a batch run and in an incremental one. Hard vetoes (incompatible sub-types, places further
apart than ``max_distance_km``) drop a pair outright. Everything is vectorised over arrays of
pairs; only the text similarity runs per pair, in rapidfuzz's C++ loop, and only for pairs
whose other features leave room for a link (the rest keep a score below the ``floor``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from rasd.dedup import text
from rasd.dedup.rules import Rules
from rasd.dedup.table import MentionTable

EARTH_RADIUS_KM = 6371.0
#: Pairs whose probability stays under this are not kept: they can neither link nor count as
#: compatible members of one cluster (see rasd.dedup.clustering).
FLOOR = 0.05
#: Which reason (shown to users) each weighted column belongs to.
REASON_OF = {
    "date_agree": "date", "date_differ": "date", "place_agree": "place", "place_differ": "place",
    "place_name_same": "place", "place_name_other": "place",
    "same_sub_type": "type", "compatible_sub_type": "type",
    "actors_agree": "actors", "actors_differ": "actors", "actor2_differ": "actors", "victims_differ": "actors",
    "fatalities": "fatalities", "fatalities_far": "fatalities", "injuries": "injuries", "injuries_far": "injuries",
    "crowding": "crowding", "text": "text",
}
SAME_NAME = 85  # rapidfuzz ratio of place names at or above which they are one spelling
OTHER_NAME = 60  # below which they name different places
FEATURES = ("date", "place", "type", "actors", "fatalities", "injuries", "crowding", "text")


@dataclass(frozen=True)
class ScoredPairs:
    """Kept pairs (row indices i < j), their probability and each feature's log-odds."""

    i: np.ndarray
    j: np.ndarray
    probability: np.ndarray
    contributions: dict[str, np.ndarray]
    days_apart: np.ndarray
    distance_km: np.ndarray  # nan when a side has no coordinates
    text_similarity: np.ndarray


@dataclass(frozen=True)
class KnownScores:
    """Pairs scored on other tables, to be laid on a new one: ``rasd.dedup.affected`` scores
    every pair that clustering its neighbourhood reads, and hands them to ``cluster`` so that
    they are not scored twice. Each part is (the ids of a table's rows, pairs scored on it)."""

    parts: tuple[tuple[Sequence[str], ScoredPairs], ...] = ()

    def on(self, ids: Sequence[str]) -> ScoredPairs:
        """The pairs among ``ids`` as rows of a table whose row ``k`` is ``ids[k]`` (i < j)."""
        row = {mention_id: k for k, mention_id in enumerate(ids)}
        pieces = []
        for table_ids, scored in self.parts:
            rows = np.fromiter((row.get(m, -1) for m in table_ids), dtype=np.int64, count=len(table_ids))
            a, b = rows[scored.i], rows[scored.j]
            inside = np.flatnonzero((a >= 0) & (b >= 0))
            pieces.append(replace(_taken(scored, inside), i=np.minimum(a, b)[inside], j=np.maximum(a, b)[inside]))
        return _joined(pieces)


def _taken(scored: ScoredPairs, rows: np.ndarray) -> ScoredPairs:
    """The pairs of ``scored`` at positions ``rows``."""
    return ScoredPairs(scored.i[rows], scored.j[rows], scored.probability[rows],
                       {reason: values[rows] for reason, values in scored.contributions.items()},
                       scored.days_apart[rows], scored.distance_km[rows], scored.text_similarity[rows])


def _joined(pieces: Sequence[ScoredPairs]) -> ScoredPairs:
    def glued(values: list[np.ndarray], dtype: type = float) -> np.ndarray:
        return np.concatenate(values) if values else np.empty(0, dtype=dtype)

    return ScoredPairs(glued([p.i for p in pieces], np.int64), glued([p.j for p in pieces], np.int64),
                       glued([p.probability for p in pieces]),
                       {reason: glued([p.contributions[reason] for p in pieces]) for reason in FEATURES},
                       glued([p.days_apart for p in pieces]), glued([p.distance_km for p in pieces]),
                       glued([p.text_similarity for p in pieces]))


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance of radian coordinates."""
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _compatibility(table: MentionTable, rules: Rules) -> np.ndarray:
    """Sub-type code x code -> 2 same, 1 compatible, 0 never the same incident."""
    names = table.sub_type_names
    matrix = np.zeros((len(names), len(names)), dtype=np.int8)
    for x, a in enumerate(names):
        for y, b in enumerate(names):
            matrix[x, y] = 2 if a == b else int(rules.sub_types_compatible(a, b))
    return matrix


def _by_precision(values: dict[int, float], precision: np.ndarray) -> np.ndarray:
    lookup = np.array([values.get(p, values[max(values)]) for p in range(4)])
    return lookup[precision]


def _date_closeness(t: MentionTable, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(closeness centred on 0, damped for month-only dates; days apart)."""
    apart = np.abs(t.day[i] - t.day[j])
    allowed = np.maximum(t.hi[i] - t.lo[i], t.hi[j] - t.lo[j]) // 2 + 1
    closeness = 1.0 - np.minimum(apart / (allowed + 1.0), 1.0)
    # A month-only date says little about the day: damp its say either way.
    confidence = np.where(np.maximum(t.precision[i], t.precision[j]) >= 3, 0.3, 1.0)
    return (closeness - 0.5) * confidence, apart


def _place_closeness(t: MentionTable, i: np.ndarray, j: np.ndarray, rules: Rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(closeness centred on 0, damped for governorate-only places; distance km; veto mask)."""
    distance = haversine_km(t.lat[i], t.lon[i], t.lat[j], t.lon[j])
    coarse = np.maximum(t.geo_precision[i], t.geo_precision[j])
    scale = _by_precision(rules.place_scale_km, coarse)
    closeness = np.exp(-np.log(2.0) * distance / scale)
    same_name = (t.location[i] >= 0) & (t.location[i] == t.location[j])
    known = ~np.isnan(distance)
    closeness = np.where(known, closeness, np.where(same_name, 1.0, 0.5))
    veto = known & (distance > _by_precision(rules.max_distance_km, coarse))
    # A report that names only the governorate says little about where: damp its say.
    confidence = np.where(coarse >= 3, 0.3, 1.0)
    return (closeness - 0.5) * confidence, distance, veto


def _place_name_columns(t: MentionTable, i: np.ndarray, j: np.ndarray) -> dict[str, np.ndarray]:
    """Both reports name the place in one spelling, or name two different places.

    Coordinates of neighbourhoods and villages are often a town centroid, so two different
    named quarters can sit at one point; their names still tell them apart.
    """
    names = np.asarray(t.place_names, dtype=object)
    both = (t.location[i] >= 0) & (t.location[j] >= 0)
    ratio = np.zeros(i.size)
    if both.any():
        ratio[both] = cpdist(names[i[both]], names[j[both]], scorer=fuzz.ratio, processor=None, workers=-1)
    return {
        "place_name_same": (both & (ratio >= SAME_NAME)).astype(float),
        "place_name_other": (both & (ratio < OTHER_NAME)).astype(float),
    }


def _actor_columns(t: MentionTable, i: np.ndarray, j: np.ndarray) -> dict[str, np.ndarray]:
    """A shared named actor; named actors on both sides, none shared; different named targets."""
    a1, a2, b1, b2 = t.actor1[i], t.actor2[i], t.actor1[j], t.actor2[j]
    shared = ((a1 >= 0) & ((a1 == b1) | (a1 == b2))) | ((a2 >= 0) & ((a2 == b1) | (a2 == b2)))
    both_named = ((a1 >= 0) | (a2 >= 0)) & ((b1 >= 0) | (b2 >= 0))
    # Two reports naming different targets (a police patrol, an army convoy) tell of two
    # attacks even when the attacker is the same group.
    other_target = (a2 >= 0) & (b2 >= 0) & (a2 != b2) & (a2 != b1) & (b2 != a1)
    # Civilians in one report, police in the other: a weaker sign, since a bomb aimed at a
    # patrol kills passers-by too and outlets name different victims.
    ta, tb = t.target[i], t.target[j]
    other_victims = (ta >= 0) & (tb >= 0) & (ta != tb) & ~other_target
    return {
        "actors_agree": shared.astype(float),
        "actors_differ": (both_named & ~shared).astype(float),
        "actor2_differ": other_target.astype(float),
        "victims_differ": other_victims.astype(float),
    }


def _count_columns(a: np.ndarray, b: np.ndarray, name: str, neutral: float) -> dict[str, np.ndarray]:
    """Closeness of two counts, and whether they differ by more than a revised toll explains.

    Closeness is (low + 1) / (high + 1) around ``neutral``; agreeing on a common figure (0, 1)
    is weaker evidence than agreeing on 17, so agreement (not disagreement) is scaled by how
    rare a figure of that size is. Outlets revise a toll by a few, or by a quarter of it;
    counts further apart than both (12 vs 20 dead) are more often two incidents than one.
    """
    low, high = np.minimum(a, b), np.maximum(a, b)
    ratio = (low + 1.0) / (high + 1.0)  # nan when either is unknown
    rarity = np.clip(0.4 + 0.2 * np.log2(1.0 + high), 0.4, 1.0)
    closeness = np.where(ratio > neutral, (ratio - neutral) * rarity, ratio - neutral)
    known = ~np.isnan(ratio)
    beyond = known & (high - low > 2) & (low < 0.75 * high)
    return {name: np.where(known, closeness, 0.0), f"{name}_far": beyond.astype(float)}


def crowding(outside: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """How many candidates the two reports have (log): more incidents nearby, lower prior odds.

    Counted among the mentions being clustered plus ``outside`` (candidates a row has beyond
    them), so the store can pass a neighbourhood and still count as a whole-database run does.
    """
    candidates = np.bincount(np.concatenate([i, j]), minlength=outside.size) + outside
    return np.log1p((candidates[i] + candidates[j]) / 2.0)


def feature_columns(table: MentionTable, i: np.ndarray, j: np.ndarray, rules: Rules) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The mask of candidate pairs not vetoed, and their unweighted columns (all but text).

    The vetoes (sub-types never the same incident, places too far apart) are worked out first:
    over half the pairs of a large neighbourhood fail them, and the other columns are then
    computed only for the rest. Crowding still counts every candidate pair.
    """
    kind = _compatibility(table, rules)[table.sub_type[i], table.sub_type[j]]
    place, _, veto = _place_closeness(table, i, j, rules)
    keep = (kind > 0) & ~veto
    crowded = crowding(table.outside, i, j)[keep]
    i, j, kind, place = i[keep], j[keep], kind[keep], place[keep]
    neutral = rules.weights["count_neutral"]
    date, _ = _date_closeness(table, i, j)
    columns = {
        "date_agree": np.maximum(date, 0.0), "date_differ": np.minimum(date, 0.0),
        "place_agree": np.maximum(place, 0.0), "place_differ": np.minimum(place, 0.0),
        **_place_name_columns(table, i, j),
        "same_sub_type": (kind == 2).astype(float), "compatible_sub_type": (kind == 1).astype(float),
        **_actor_columns(table, i, j),
        **_count_columns(table.fatalities[i], table.fatalities[j], "fatalities", neutral),
        **_count_columns(table.injuries[i], table.injuries[j], "injuries", neutral),
        "crowding": crowded,
    }
    return columns, keep


def score_pairs(table: MentionTable, i: np.ndarray, j: np.ndarray, rules: Rules,
                floor: float | np.ndarray = FLOOR) -> ScoredPairs:
    """Score candidate pairs; returns only those that pass vetoes and reach ``floor`` (one for
    all, or one per pair). A kept pair's probability does not depend on it: a higher floor only
    drops more pairs, sooner."""
    w = rules.weights
    columns, keep = feature_columns(table, i, j, rules)
    i, j = i[keep], j[keep]
    floor = np.broadcast_to(np.asarray(floor, dtype=float), keep.shape)[keep]
    weighted = {name: w.get(name, 0.0) * value for name, value in columns.items()}
    partial = w["bias"] + sum(weighted.values())
    text_best = w["text"] * (1.0 - w["text_neutral"])
    reachable = partial + text_best >= np.log(floor / (1.0 - floor))
    i, j, partial, floor = i[reachable], j[reachable], partial[reachable], floor[reachable]
    weighted = {name: value[reachable] for name, value in weighted.items()}
    similarity = text.similarity(table.text, i, j)
    weighted["text"] = w["text"] * (similarity - w["text_neutral"])
    probability = 1.0 / (1.0 + np.exp(-(partial + weighted["text"])))
    kept = probability >= floor
    i, j = i[kept], j[kept]
    contributions = {reason: np.zeros(i.size) for reason in FEATURES}
    for name, value in weighted.items():
        contributions[REASON_OF[name]] += value[kept]
    _, apart = _date_closeness(table, i, j)
    return ScoredPairs(
        i=i,
        j=j,
        probability=probability[kept],
        contributions=contributions,
        days_apart=apart,
        distance_km=haversine_km(table.lat[i], table.lon[i], table.lat[j], table.lon[j]),
        text_similarity=similarity[kept],
    )
