"""Comparison: a match probability for every candidate pair, with per-feature reasons.

Each feature adds log-odds for or against "the same incident" (weights in
``rasd/data/dedup/rules.json``), in the spirit of Fellegi–Sunter record linkage:

- ``date``: days apart, relative to what the two time precisions allow;
- ``place``: haversine distance; closeness halves at a scale set by the coarser geo precision
  (same named place counts as agreement when coordinates are missing);
- date and place weigh agreement and disagreement separately, and month-only dates and
  governorate-only places have their say damped (they tell little either way);
- ``type``: same sub-event type, or a sub-type outlets use interchangeably;
- ``actors``: a shared named actor (wildcards such as "Unidentified Armed Group" say nothing);
- ``fatalities`` / ``injuries``: (low + 1) / (high + 1) of the two counts;
- ``crowding``: against a match, growing with the number of candidates both reports have;
- ``text``: TF-IDF cosine blended with rapidfuzz token-set ratio (see ``rasd.dedup.text``).

Hard vetoes (incompatible sub-types, places further apart than ``max_distance_km``) drop a
pair outright. Everything is vectorised over arrays of pairs; only the text similarity runs
per pair, in rapidfuzz's C++ loop, and only for pairs whose other features leave room for a
link (the rest keep a neutral text term and a score below the ``floor``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rasd.dedup import text
from rasd.dedup.rules import Rules
from rasd.dedup.table import MentionTable

EARTH_RADIUS_KM = 6371.0
#: Pairs whose probability stays under this are not kept: they can neither link nor count as
#: compatible members of one cluster (see rasd.dedup.clustering).
FLOOR = 0.05
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


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


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


def _split(centred: np.ndarray, agree: float, differ: float) -> np.ndarray:
    """Log-odds of a feature centred on 0: agreement and disagreement weigh differently."""
    return np.where(centred > 0, agree * centred, differ * centred)


def _date_term(t: MentionTable, i: np.ndarray, j: np.ndarray, w: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    apart = np.abs(t.day[i] - t.day[j])
    allowed = np.maximum(t.hi[i] - t.lo[i], t.hi[j] - t.lo[j]) // 2 + 1
    closeness = 1.0 - np.minimum(apart / (allowed + 1.0), 1.0)
    # A month-only date says little about the day: damp its say either way.
    confidence = np.where(np.maximum(t.precision[i], t.precision[j]) >= 3, 0.3, 1.0)
    return _split(closeness - 0.5, w["date_agree"], w["date_differ"]) * confidence, apart


def _place_term(t: MentionTable, i: np.ndarray, j: np.ndarray, rules: Rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(log-odds, distance km, veto mask)."""
    distance = haversine_km(t.lat[i], t.lon[i], t.lat[j], t.lon[j])
    coarse = np.maximum(t.geo_precision[i], t.geo_precision[j])
    scale = _by_precision(rules.place_scale_km, coarse)
    closeness = np.exp(-np.log(2.0) * distance / scale)
    same_name = (t.location[i] >= 0) & (t.location[i] == t.location[j])
    known = ~np.isnan(distance)
    closeness = np.where(known, closeness, np.where(same_name, 1.0, 0.5))
    veto = known & (distance > _by_precision(rules.max_distance_km, coarse))
    w = rules.weights
    # A report that names only the governorate says little about where: damp its say.
    confidence = np.where(coarse >= 3, 0.3, 1.0)
    return _split(closeness - 0.5, w["place_agree"], w["place_differ"]) * confidence, distance, veto


def _actor_term(t: MentionTable, i: np.ndarray, j: np.ndarray, w: dict[str, float]) -> np.ndarray:
    a1, a2, b1, b2 = t.actor1[i], t.actor2[i], t.actor1[j], t.actor2[j]
    shared = ((a1 >= 0) & ((a1 == b1) | (a1 == b2))) | ((a2 >= 0) & ((a2 == b1) | (a2 == b2)))
    both_named = ((a1 >= 0) | (a2 >= 0)) & ((b1 >= 0) | (b2 >= 0))
    return np.where(shared, w["actors_agree"], np.where(both_named, w["actors_differ"], 0.0))


def _count_term(a: np.ndarray, b: np.ndarray, weight: float, neutral: float) -> np.ndarray:
    ratio = (np.minimum(a, b) + 1.0) / (np.maximum(a, b) + 1.0)  # nan when either is unknown
    # Agreeing on a common figure (0, 1) is weaker evidence than agreeing on 17: scale the
    # agreement (not the disagreement) by how rare a figure of that size is.
    rarity = np.clip(0.4 + 0.2 * np.log2(1.0 + np.maximum(a, b)), 0.4, 1.0)
    term = weight * (ratio - neutral)
    return np.where(np.isnan(ratio), 0.0, np.where(term > 0, term * rarity, term))


def _crowding(n: int, i: np.ndarray, j: np.ndarray, weight: float) -> np.ndarray:
    """Log-odds against a match that grow with how many candidates the two reports have.

    The prior odds that two reports in a block are one incident fall as the block fills up:
    on a day with twenty bombings in Baghdad, agreement on day, town and type means less.
    """
    candidates = np.bincount(np.concatenate([i, j]), minlength=n)
    return weight * np.log1p((candidates[i] + candidates[j]) / 2.0)


def score_pairs(table: MentionTable, i: np.ndarray, j: np.ndarray, rules: Rules) -> ScoredPairs:
    """Score candidate pairs; returns only those that pass vetoes and reach ``FLOOR``."""
    w = rules.weights
    crowding = _crowding(len(table), i, j, w["crowding"])
    kind = _compatibility(table, rules)[table.sub_type[i], table.sub_type[j]]
    place, distance, veto = _place_term(table, i, j, rules)
    keep = (kind > 0) & ~veto
    i, j, kind, place, distance = i[keep], j[keep], kind[keep], place[keep], distance[keep]
    date, apart = _date_term(table, i, j, w)
    terms = {
        "date": date,
        "place": place,
        "type": np.where(kind == 2, w["same_sub_type"], w["compatible_sub_type"]),
        "actors": _actor_term(table, i, j, w),
        "fatalities": _count_term(table.fatalities[i], table.fatalities[j], w["fatalities"], w["count_neutral"]),
        "injuries": _count_term(table.injuries[i], table.injuries[j], w["injuries"], w["count_neutral"]),
        "crowding": crowding[keep],
    }
    partial = w["bias"] + sum(terms.values())
    text_best = w["text"] * (1.0 - w["text_neutral"])
    reachable = partial + text_best >= _logit(FLOOR)
    i, j, partial, apart, distance = i[reachable], j[reachable], partial[reachable], apart[reachable], distance[reachable]
    terms = {name: value[reachable] for name, value in terms.items()}
    similarity = text.similarity(table.text, text.tfidf_matrix(table.text), i, j)
    terms["text"] = w["text"] * (similarity - w["text_neutral"])
    probability = 1.0 / (1.0 + np.exp(-(partial + terms["text"])))
    kept = probability >= FLOOR
    return ScoredPairs(
        i=i[kept],
        j=j[kept],
        probability=probability[kept],
        contributions={name: value[kept] for name, value in terms.items()},
        days_apart=apart[kept],
        distance_km=distance[kept],
        text_similarity=similarity[kept],
    )
