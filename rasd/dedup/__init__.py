"""Cross-report deduplication: mentions of one incident become one event.

Contract used by ``rasd.store`` (signatures are stable):

    cluster(mentions, prior, pins) -> Clustering
    reconcile(mentions, event_id=None, documents=None) -> Event
    candidate_window(mention) -> (area, first_day, last_day)

``mentions`` are every mention in the candidate window (new ones plus stored ones that could
match them); ``prior`` maps already stored mention ids to their event ids, so that incremental
ingestion keeps event ids stable. ``pins`` maps mention ids to the event a human decided they
belong to (an accept, merge, split or reject in review): a pinned mention keeps that event in
every clustering, and mentions pinned to different events never share one. The result assigns
every mention to exactly one event.

Three stages, each a pure function: ``blocking`` (candidate pairs by sorting on area, type
group and date range), ``compare`` (a probability per pair with per-feature log-odds reasons),
``clustering`` (greedy average linkage that never chains incompatible reports and keeps
two tight groups of reports apart when they agree only loosely with each other). Knowledge and
weights live in ``rasd/data/dedup/rules.json``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from rasd.dedup.blocking import candidate_pairs
from rasd.dedup.clustering import link_clusters
from rasd.dedup.compare import FEATURES, ScoredPairs, score_pairs
from rasd.dedup.ids import assign_ids, event_id_for
from rasd.dedup.reconcile import reconcile
from rasd.dedup.rules import Rules, load_rules
from rasd.dedup.table import MentionTable, area_key, build_table, date_bounds
from rasd.model import EventMention, PairScore

__all__ = ["Clustering", "candidate_window", "cluster", "event_id_for", "explain", "reconcile"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Clustering:
    """Which event each mention belongs to, and the pair scores behind every merge.

    ``pairs`` holds every scored pair inside one event (``reasons["merged"] == 1``) and every
    pair that scored above the threshold but was kept apart (``reasons["merged"] == 0``).
    """

    assignment: dict[str, str]  # mention_id -> event_id
    pairs: list[PairScore] = field(default_factory=list)


def candidate_window(mention: EventMention) -> tuple[str, date | None, date | None]:
    """The area and day range in which stored mentions may match this one.

    The store fetches stored mentions of the same area whose date lies in the range; a wider
    fetch is harmless (blocking filters), a narrower one misses merges. Days are widened by
    one month so that month-precision reports on either side are covered.
    """
    lo, hi = date_bounds(mention, load_rules())
    if lo < 0:
        return area_key(mention), None, None
    return area_key(mention), date.fromordinal(lo - 31), date.fromordinal(hi + 31)


def cluster(mentions: Sequence[EventMention], prior: Mapping[str, str] | None = None,
            pins: Mapping[str, str] | None = None) -> Clustering:
    """Group mentions into events; deterministic, order-independent, every mention in one event.

    With a ``prior``, mentions it lacks are the new ones: only mentions that new ones reach
    through scored pairs are regrouped, the rest keep their prior events (see ``_settled``).
    ``pins`` (mention id -> event id) are human decisions that no clustering undoes.
    """
    rules = load_rules()
    table = build_table(mentions, rules)
    known = set(table.ids)
    pins = {m: e for m, e in (pins or {}).items() if m in known}
    prior = {**(prior or {}), **pins}  # a pinned mention's stored event is its pin
    labels = _pin_labels(table.ids, pins)
    first, second = candidate_pairs(table)
    scored = score_pairs(table, first, second, rules)
    settled = _settled(table, (first, second), scored, prior, labels)
    groups = link_clusters(len(table), scored, table.doc, rules.threshold, rules.cluster_average,
                           rules.cluster_margin, labels)
    members = [[table.ids[row] for row in group] for group in groups if not settled[group[0]]]
    kept: dict[str, list[str]] = {}
    for row in np.flatnonzero(settled).tolist():
        kept.setdefault(prior[table.ids[row]], []).append(table.ids[row])
    members += list(kept.values())
    ids = assign_ids(members, prior, pins)
    assignment = {mention: event for group, event in zip(members, ids) for mention in group}
    log.debug("dedup: %d mentions, %d candidate pairs, %d kept, %d events", len(table), first.size, scored.i.size, len(ids))
    return Clustering(assignment=assignment, pairs=_pair_scores(table, scored, assignment, rules))


def _pin_labels(ids: Sequence[str], pins: Mapping[str, str]) -> np.ndarray | None:
    """Each row's pin as a small integer (-1: not pinned), or None when nothing is pinned."""
    if not pins:
        return None
    codes = {event: k for k, event in enumerate(sorted(set(pins.values())))}
    return np.asarray([codes[pins[m]] if m in pins else -1 for m in ids], dtype=np.int64)


def _settled(table: MentionTable, candidates: tuple[np.ndarray, np.ndarray], scored: ScoredPairs,
             prior: Mapping[str, str], pins: np.ndarray | None = None) -> np.ndarray:
    """Rows that keep their prior event: stored mentions that nothing new reaches.

    The store passes every stored mention near the new ones; those at the edge of that window
    come without all of their own neighbours, and regrouping them on that partial view would
    undo what a run with all of them decided. New mentions reach their candidates (whose
    crowding they change) and, through kept pairs, whole groups; a group nothing new reaches
    has nothing new to weigh, so it stays as it was. Without a prior nothing is settled.
    Rows pinned to one event are linked here too, so such a group is settled or regrouped whole.
    """
    n = len(table)
    fresh = np.asarray([m not in prior for m in table.ids], dtype=bool)
    if fresh.all():
        return np.zeros(n, dtype=bool)
    first, second = candidates
    touched = fresh.copy()
    touched[first[fresh[second]]] = True
    touched[second[fresh[first]]] = True
    rows_i, rows_j = scored.i, scored.j
    if pins is not None:
        pinned = np.flatnonzero(pins >= 0)
        by_pin = pinned[np.argsort(pins[pinned], kind="stable")]
        chain = pins[by_pin][1:] == pins[by_pin][:-1]  # consecutive rows of one pin: a path through them
        rows_i, rows_j = np.concatenate([rows_i, by_pin[:-1][chain]]), np.concatenate([rows_j, by_pin[1:][chain]])
    graph = sparse.coo_matrix((np.ones(rows_i.size), (rows_i, rows_j)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    reached = np.zeros(component.max() + 1 if n else 0, dtype=bool)
    reached[component[touched]] = True
    return ~reached[component]


def _pair_scores(table: MentionTable, scored: ScoredPairs, assignment: dict[str, str], rules: Rules) -> list[PairScore]:
    """PairScores for merged pairs and for refused links, reasons in log-odds plus raw measures."""
    ids = table.ids
    event = np.asarray([assignment[m] for m in ids], dtype=object)
    merged = event[scored.i] == event[scored.j]
    keep = np.flatnonzero(merged | (scored.probability >= rules.threshold))
    columns = {name: np.round(scored.contributions[name][keep], 3) for name in FEATURES}
    columns["days_apart"] = scored.days_apart[keep].astype(float)
    columns["distance_km"] = np.round(scored.distance_km[keep], 3)
    columns["text_similarity"] = np.round(scored.text_similarity[keep], 3)
    columns["merged"] = merged[keep].astype(float)
    names = list(columns)
    rows = zip(*(columns[name].tolist() for name in names))
    bias = rules.weights["bias"]
    out = []
    for a, b, p, values in zip(scored.i[keep].tolist(), scored.j[keep].tolist(), np.round(scored.probability[keep], 4).tolist(), rows):
        reasons = {name: value for name, value in zip(names, values) if not math.isnan(value)}  # no distance without coordinates
        reasons["bias"] = bias
        out.append(PairScore(mention_a=ids[a], mention_b=ids[b], score=p, reasons=reasons))
    return out


REASON_TEXT = {
    "date": "dates",
    "place": "places",
    "type": "event types",
    "actors": "actors",
    "fatalities": "fatality counts",
    "injuries": "injury counts",
    "text": "wording of the evidence",
}


def explain(pair: PairScore) -> str:
    """One line in plain words: why two reports were (or were not) merged."""
    verdict = "merged" if pair.reasons.get("merged", 1.0) else "kept apart"
    parts = []
    for name, label in REASON_TEXT.items():
        value = pair.reasons.get(name)
        if value is None or abs(value) < 0.05:
            continue
        parts.append(f"{label} {'agree' if value > 0 else 'differ'} ({value:+.1f})")
    if pair.reasons.get("crowding"):
        parts.append(f"other incidents nearby those days ({pair.reasons['crowding']:+.1f})")
    facts = []
    if "days_apart" in pair.reasons:
        facts.append(f"{pair.reasons['days_apart']:.0f} days apart")
    if "distance_km" in pair.reasons:
        facts.append(f"{pair.reasons['distance_km']:.1f} km apart")
    if "text_similarity" in pair.reasons:
        facts.append(f"text similarity {pair.reasons['text_similarity']:.2f}")
    detail = "; ".join(parts) + (f" [{', '.join(facts)}]" if facts else "")
    return f"{verdict} with probability {pair.score:.2f}: {detail}"
