"""Cross-report deduplication: mentions of one incident become one event.

Contract used by ``rasd.store`` (signatures are stable):

    cluster(mentions, prior, pins, outside=None) -> Clustering
    reconcile(mentions, event_id=None, documents=None) -> Event
    candidate_window(mention) -> (area, first_day, last_day)
    affected(new, stored) -> Neighbourhood: the mentions (and outside counts) cluster() needs to
        place ``new`` as a run over every stored mention would (see ``neighbourhood``)
    search_windows(mention) -> the Windows in which the store looks for stored candidates

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
from rasd.dedup.compare import FEATURES, KnownScores, ScoredPairs, score_pairs
from rasd.dedup.ids import assign_ids, event_id_for
from rasd.dedup.neighbourhood import Dated, Neighbourhood, StoredMentions, Stub, Window, affected, search_windows, window_days
from rasd.dedup.reconcile import reconcile
from rasd.dedup.rules import Rules, load_rules
from rasd.dedup.table import BlockingColumns, MentionTable, area_key, blocking_columns, build_table, date_bounds
from rasd.model import EventMention, PairScore

__all__ = ["Clustering", "Dated", "Neighbourhood", "StoredMentions", "Window", "affected", "candidate_window", "cluster", "event_id_for", "explain", "reconcile",
           "search_windows", "Stub", "window_days"]

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
            pins: Mapping[str, str] | None = None, outside: Mapping[str, int] | None = None,
            scores: KnownScores | None = None) -> Clustering:
    """Group mentions into events; deterministic, order-independent, every mention in one event.

    With a ``prior``, mentions it lacks are the new ones: only mentions that new ones reach
    through links and stored events are regrouped, the rest keep their prior events (see ``_settled``).
    ``pins`` (mention id -> event id) are human decisions that no clustering undoes.
    ``outside`` counts, for mentions at the edge of a neighbourhood (``affected``), their
    candidates among mentions not passed; ``scores``, the pairs its walk scored, which are then
    not scored again: every pair touching its core. The ring's own pairs are left out, and
    decide nothing: no link joins the ring to the core and no event spans both, so every ring
    mention keeps its prior event whatever its pairs score.
    """
    rules = load_rules()
    # pairs scored already need only what blocking reads: the rest of a table is for scoring
    table = blocking_columns(mentions, rules) if scores is not None else build_table(mentions, rules, outside)
    known = set(table.ids)
    pins = {m: e for m, e in (pins or {}).items() if m in known}
    prior = {**(prior or {}), **pins}  # a pinned mention's stored event is its pin
    labels = _pin_labels(table.ids, pins)
    first, second = candidate_pairs(table)
    scored = scores.on(table.ids) if scores is not None else score_pairs(table, first, second, rules)
    settled = _settled(table, (first, second), scored, prior, rules.threshold)
    groups = link_clusters(len(table), scored, table.doc, rules.threshold, rules.cluster_average,
                           rules.cluster_margin, labels)
    members = [[table.ids[row] for row in group] for group in groups if not settled[group[0]]]
    ids = assign_ids(members, prior, pins)  # a settled event keeps its id: no regrouped member had it
    assignment = {mention: event for group, event in zip(members, ids) for mention in group}
    assignment.update((table.ids[row], prior[table.ids[row]]) for row in np.flatnonzero(settled).tolist())
    log.debug("dedup: %d mentions, %d candidate pairs, %d kept, %d events", len(table), first.size, scored.i.size, len(ids))
    return Clustering(assignment=assignment, pairs=_pair_scores(table, scored, assignment, rules))


def _pin_labels(ids: Sequence[str], pins: Mapping[str, str]) -> np.ndarray | None:
    """Each row's pin as a small integer (-1: not pinned), or None when nothing is pinned."""
    if not pins:
        return None
    codes = {event: k for k, event in enumerate(sorted(set(pins.values())))}
    return np.asarray([codes[pins[m]] if m in pins else -1 for m in ids], dtype=np.int64)


def _settled(table: MentionTable | BlockingColumns, candidates: tuple[np.ndarray, np.ndarray], scored: ScoredPairs,
             prior: Mapping[str, str], threshold: float) -> np.ndarray:
    """Rows that keep their prior event: stored mentions that nothing new reaches.

    What clustering decides for a group of mentions joined by links (pairs scoring at least
    the threshold) depends on the pairs inside that group alone (``link_clusters`` merges only
    along links, weighing pairs among the two clusters). New mentions change their own pairs and
    the crowding of their candidates' pairs (the *touched* rows); so the groups reached from
    them, through links and through the stored events (and pins) a change could split, are
    regrouped, and every other mention keeps its prior event, exactly as one run over every
    mention would have left it. The store passes those groups whole (``affected``). Without a
    prior nothing is settled.
    """
    n = len(table)
    fresh = np.asarray([m not in prior for m in table.ids], dtype=bool)
    if fresh.all():
        return np.zeros(n, dtype=bool)
    first, second = candidates
    touched = fresh.copy()
    touched[first[fresh[second]]] = True
    touched[second[fresh[first]]] = True
    links = scored.probability >= threshold
    same_i, same_j = same_group_chain([prior.get(m) for m in table.ids])
    rows_i, rows_j = np.concatenate([scored.i[links], same_i]), np.concatenate([scored.j[links], same_j])
    graph = sparse.coo_matrix((np.ones(rows_i.size), (rows_i, rows_j)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    reached = np.zeros(component.max() + 1 if n else 0, dtype=bool)
    reached[component[touched]] = True
    return ~reached[component]


def same_group_chain(groups: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs (i, j) chaining the rows of each group (None: no group) into one path."""
    rows = [row for row, group in enumerate(groups) if group is not None]
    rows.sort(key=lambda row: groups[row])  # type: ignore[arg-type,return-value]
    ordered = np.asarray(rows, dtype=np.int64)
    if ordered.size < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    keys = [groups[row] for row in rows]
    chain = np.asarray([keys[k] == keys[k + 1] for k in range(len(keys) - 1)], dtype=bool)
    return ordered[:-1][chain], ordered[1:][chain]


def _pair_scores(table: MentionTable | BlockingColumns, scored: ScoredPairs, assignment: dict[str, str], rules: Rules) -> list[PairScore]:
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
