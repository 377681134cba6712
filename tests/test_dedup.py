"""Deduplication: the labelled real-style clusters, synthetic truth, properties, reconciliation.

tests/data/dedup/clusters.jsonl holds hand-written wire-style reports (one per line, with the
document text and the mention an analyst reads from it) labelled by incident: one incident told
by several outlets with different spellings, weekday vs calendar dates and casualty figures, and
near misses (two bombings in Kirkuk on one day, rockets on two Baghdad districts, mortars on
Fallujah on consecutive days, a roundup that reports two incidents).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.dedup import cluster, event_id_for, explain, reconcile
from rasd.dedup.metrics import pairwise_scores
from rasd.dedup.fit import FIT_SEED
from rasd.dedup.synthetic import generate
from rasd.model import Article, EventMention

LABELLED = Path(__file__).parent / "data" / "dedup" / "clusters.jsonl"


def _mention(record: dict) -> EventMention:
    fields = dict(record)
    fields["event_date"] = date.fromisoformat(fields["event_date"])
    return EventMention(**fields)


def load_labelled() -> tuple[list[EventMention], dict[str, str], dict[str, Article]]:
    mentions, truth, documents = [], {}, {}
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        mention = _mention(row["mention"])
        mentions.append(mention)
        truth[mention.mention_id] = row["cluster"]
        doc = dict(row["document"])
        doc["published"] = date.fromisoformat(doc["published"])
        documents[doc["id"]] = Article(**doc)
    return mentions, truth, documents


def test_labelled_clusters_meet_targets() -> None:
    mentions, truth, _ = load_labelled()
    scores = pairwise_scores(cluster(mentions).assignment, truth)
    print(f"labelled set: {scores}")
    assert scores.f1 >= 0.95
    assert scores.false_merge_rate <= 0.02


#: A generator seed used by nothing else: not the fit's (``FIT_SEED``), nor any other test's or
#: bench's, nor the one this test scored while the rules were being tuned (11).
HELD_OUT_SEED = 2026


def test_synthetic_truth_accuracy() -> None:
    """Known truth from rasd.dedup.synthetic: 10% planted near misses (same type, town and day),
    5% of reports geocoded to a wrong nearby town, type swaps, date and casualty noise.

    Targets are F1 >= 0.95 and <= 2% false merges; measured on the held-out seed F1 0.971 and
    1.44% false merges, most of them planted near misses. The floors below catch regressions.
    The generator is the one the weights were fitted on, so the labelled real-style clusters
    (``test_labelled_clusters_meet_targets``) remain the check that the rules carry over.
    """
    assert HELD_OUT_SEED != FIT_SEED
    mentions, truth = generate(3000, seed=HELD_OUT_SEED)
    scores = pairwise_scores(cluster(mentions).assignment, truth)
    print(f"synthetic: {scores}")
    assert scores.f1 >= 0.96
    assert scores.false_merge_rate <= 0.021


def test_near_misses_stay_apart() -> None:
    mentions, truth, _ = load_labelled()
    assignment = cluster(mentions).assignment
    events = defaultdict(set)
    for mention_id, event in assignment.items():
        events[truth[mention_id]].add(event)
    assert events["kirkuk-police"].isdisjoint(events["kirkuk-market"])
    assert events["sadr-market"].isdisjoint(events["karrada-checkpoint"])
    assert events["tuz-truck"].isdisjoint(events["tuz-ied"])


def test_same_document_never_merges() -> None:
    base = EventMention(
        doc_id="roundup", event_date=date(2012, 3, 20), time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED", admin1_code="IQ-KI", location="Kirkuk",
        latitude=35.4681, longitude=44.3922, geo_precision=1, fatalities=3, evidence="A bomb exploded in Kirkuk.",
    )
    twin = replace(base, offset=40)
    assignment = cluster([base, twin]).assignment
    assert assignment[base.mention_id] != assignment[twin.mention_id]
    other_doc = replace(base, doc_id="other")
    assignment = cluster([base, other_doc]).assignment
    assert assignment[base.mention_id] == assignment[other_doc.mention_id]


def test_every_merge_is_explained() -> None:
    mentions, _, _ = load_labelled()
    result = cluster(mentions)
    members = defaultdict(list)
    for mention_id, event in result.assignment.items():
        members[event].append(mention_id)
    explained = {frozenset((p.mention_a, p.mention_b)) for p in result.pairs if p.reasons["merged"]}
    for group in members.values():
        if len(group) > 1:  # every member is linked to some other member by a stored pair
            assert all(any(m in pair for pair in explained) for m in group)
    sentence = explain(next(p for p in result.pairs if p.reasons["merged"]))
    assert sentence.startswith("merged with probability") and "places agree" in sentence


def test_prior_keeps_event_ids_when_new_reports_arrive() -> None:
    mentions, _, _ = load_labelled()
    first = cluster(mentions[::2]).assignment  # half the reports arrive first
    second = cluster(mentions, prior=first).assignment  # then all of them, with stored ids
    old_events: dict[str, set[str]] = defaultdict(set)
    for mention_id, event in first.items():
        old_events[event].add(mention_id)
    whole = []  # old events that stayed whole and absorbed no other old event
    for old_id, members in old_events.items():
        new_ids = {second[m] for m in members}
        holders = {first[m] for m in second if second[m] in new_ids and m in first}
        if len(new_ids) == 1 and holders == {old_id}:
            whole.append((old_id, new_ids))
    assert len(whole) >= len(old_events) // 2  # most events of the first half stay whole ...
    assert all(new_ids == {old_id} for old_id, new_ids in whole)  # ... and keep their ids
    grown = [old_id for old_id, new_ids in whole if len([m for m in second if second[m] == old_id]) > len(old_events[old_id])]
    assert grown  # some of them took in reports of the second half, under their old id
    assert cluster(mentions, prior=second).assignment == second  # re-running changes nothing


def test_blocking_finds_exactly_the_brute_force_pairs() -> None:
    from itertools import combinations

    from rasd.dedup.blocking import candidate_pairs
    from rasd.dedup.rules import load_rules
    from rasd.dedup.table import build_table

    mentions, _ = generate(400, seed=9, years=1)
    table = build_table(mentions, load_rules())
    i, j = candidate_pairs(table)
    found = set(zip(i.tolist(), j.tolist()))
    expected = {
        (a, b)
        for a, b in combinations(range(len(table)), 2)
        if table.block[a] == table.block[b] and table.doc[a] != table.doc[b] and table.day[a] >= 0 and table.day[b] >= 0
        and table.lo[a] <= table.hi[b] and table.lo[b] <= table.hi[a]
    }
    assert found == expected and len(found) > 100


def test_event_id_for_is_order_independent() -> None:
    assert event_id_for(["b" * 16, "a" * 16]) == event_id_for(["a" * 16, "b" * 16]) == "IRQ-" + "a" * 12


def test_reconcile_follows_acled_and_ucdp_rules() -> None:
    mentions, truth, documents = load_labelled()
    group = [m for m in mentions if truth[m.mention_id] == "sadr-market"]
    event = reconcile(group, documents=documents)
    assert event.mention.fatalities == 58 and (event.fatalities_low, event.fatalities_high) == (58, 66)
    assert event.mention.injuries == 114
    assert event.source_count == 3 and len(event.doc_ids) == 3
    assert {s.outlet for s in event.sources} == {"AP", "Reuters", "Xinhua"}
    assert all(s.published and s.evidence for s in event.sources)
    assert event.mention.sub_event_type == "Remote explosive/landmine/IED"  # two of three reports
    record = event.to_record()
    assert record["doc_ids"] == sorted(record["doc_ids"]) and record["source_count"] == 3


def test_reconcile_takes_most_precise_date_and_place() -> None:
    mentions, truth, _ = load_labelled()
    group = [m for m in mentions if truth[m.mention_id] == "muqdadiyah-ied"]
    event = reconcile(group)
    assert event.mention.event_date == date(2015, 3, 2) and event.mention.time_precision == 1
    assert event.mention.geo_precision == 1 and event.mention.fatalities == 3
    assert event.mention.actor1 == "Islamic State"  # a named actor beats the wildcard
    amarah = reconcile([m for m in mentions if truth[m.mention_id] == "amarah-0401"])
    assert amarah.mention.fatalities == 0 and amarah.fatalities_high == 0 and amarah.source_count == 3


# --- properties -------------------------------------------------------------------------

SYNTHETIC, _ = generate(150, seed=5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SYNTHETIC), min_size=1, max_size=60), st.randoms(use_true_random=False))
def test_properties_order_independent_idempotent_and_total(chosen: list[EventMention], rnd) -> None:
    result = cluster(chosen)
    assert set(result.assignment) == {m.mention_id for m in chosen}  # every mention, exactly once
    shuffled = list(chosen)
    rnd.shuffle(shuffled)
    assert cluster(shuffled).assignment == result.assignment  # independent of input order
    again = cluster(shuffled, prior=result.assignment)
    assert again.assignment == result.assignment  # idempotent
    assert cluster(chosen + chosen).assignment == result.assignment  # repeats change nothing
    for event in set(result.assignment.values()):
        members = [m for m in chosen if result.assignment[m.mention_id] == event]
        assert len({m.doc_id for m in members}) == len({m.mention_id for m in members})


def test_public_api_is_exported() -> None:
    import rasd.analysis
    import rasd.dedup

    for module in (rasd.dedup, rasd.analysis):
        assert all(hasattr(module, name) for name in module.__all__)
    assert {"cluster", "reconcile", "event_id_for", "candidate_window", "explain"} <= set(rasd.dedup.__all__)


def test_candidate_window_covers_every_possible_match() -> None:
    from rasd.dedup import candidate_window

    mention = EventMention(doc_id="d", event_date=date(2011, 4, 1), time_precision=1, event_type="Battles",
                           sub_event_type="Armed clash", admin1_code="IQ-MA")
    area, first, last = candidate_window(mention)
    assert area == "IQ-MA" and first <= date(2011, 3, 1) and last >= date(2011, 4, 30)
    assert candidate_window(replace(mention, event_date=None)) == ("IQ-MA", None, None)


def test_reconciled_type_and_sub_type_come_from_one_report() -> None:
    clash = EventMention(doc_id="a", event_date=date(2014, 1, 4), time_precision=1, event_type="Battles",
                         sub_event_type="Armed clash", admin1_code="IQ-NI", fatalities=1)
    attacks = [replace(clash, doc_id=d, time_precision=2, event_type="Violence against civilians",
                       sub_event_type="Attack") for d in "bcd"]
    event = reconcile([clash, *attacks])
    assert (event.mention.event_type, event.mention.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.mention.time_precision == 1  # the date still comes from the most precise report


def test_real_reports_through_the_extractor_merge_across_outlets() -> None:
    """Shared examples 013/014 (AP and Reuters, Basra 2011-06-13) and 054/055 (IraqiNews and the
    Washington Post, Hillah 2009-03-05) report the same incidents: after extraction they merge."""
    from rasd.extract import extract

    shared = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "docs.jsonl"
    if not shared.exists():
        pytest.skip("shared examples not present")
    docs = {}
    for line in shared.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] in {"013", "014", "054", "055"}:
            docs[row["id"]] = Article(id=row["id"], text=row["text"], published=date.fromisoformat(row["published"]),
                                      outlet=row.get("outlet"), url=row.get("url"), title=row.get("title"))
    mentions = [m for article in docs.values() for m in extract(article)]
    assignment = cluster(mentions).assignment

    def event_of(doc_id: str, day: date) -> set[str]:
        return {assignment[m.mention_id] for m in mentions if m.doc_id == doc_id and m.event_date == day}

    assert event_of("013", date(2011, 6, 13)) & event_of("014", date(2011, 6, 13))
    assert event_of("054", date(2009, 3, 5)) & event_of("055", date(2009, 3, 5))


def _pair_reasons(a: EventMention, b: EventMention) -> dict[str, float]:
    pairs = [p for p in cluster([a, b]).pairs if {p.mention_a, p.mention_b} == {a.mention_id, b.mention_id}]
    return pairs[0].reasons if pairs else {}


BOMB = EventMention(
    doc_id="one", event_date=date(2013, 5, 20), time_precision=1, event_type="Explosions/Remote violence",
    sub_event_type="Remote explosive/landmine/IED", actor2="Civilians (Iraq)", admin1_code="IQ-BG", location="Sadr City",
    latitude=33.38, longitude=44.46, geo_precision=1, fatalities=12, evidence="A car bomb hit a market in Sadr City.",
)


def test_tolls_further_apart_than_a_revision_weigh_against() -> None:
    revised = _pair_reasons(BOMB, replace(BOMB, doc_id="two", fatalities=14))
    other = _pair_reasons(BOMB, replace(BOMB, doc_id="two", fatalities=30))
    assert revised["fatalities"] > 0 > other.get("fatalities", -1.0)


def test_different_victims_weigh_against_a_merge() -> None:
    police = replace(BOMB, doc_id="two", actor2="Police Forces of Iraq (2006-2014)")
    assert _pair_reasons(BOMB, police).get("actors", -1.0) < 0 == _pair_reasons(BOMB, replace(BOMB, doc_id="two")).get("actors", 0.0)


def test_word_rarity_does_not_depend_on_the_other_mentions() -> None:
    """Evidence words weigh by a fixed frequency list, so adding unrelated reports to the set
    leaves a pair's text similarity unchanged (incremental ingest = batch)."""
    twin = replace(BOMB, doc_id="two", evidence="Car bomb at the Sadr City market kills twelve.")
    alone = _pair_reasons(BOMB, twin)["text_similarity"]
    others = [replace(BOMB, doc_id=f"x{k}", event_date=date(2001, 1, 1), evidence=f"market bomb car {k}") for k in range(30)]
    pairs = [p for p in cluster([BOMB, twin, *others]).pairs if {p.mention_a, p.mention_b} == {BOMB.mention_id, twin.mention_id}]
    assert pairs[0].reasons["text_similarity"] == alone


def test_cohesion_guard_keeps_two_tight_groups_apart() -> None:
    """Two pairs of reports that agree closely within and only loosely across stay two events;
    four reports that all agree about as well merge into one."""
    import numpy as np

    from rasd.dedup.clustering import link_clusters
    from rasd.dedup.compare import ScoredPairs

    def groups(inner: float, margin: float) -> list[list[int]]:
        i, j = np.array([0, 2, 0, 0, 1, 1]), np.array([1, 3, 2, 3, 2, 3])
        p = np.array([inner, inner, 0.62, 0.5, 0.5, 0.5])  # one link across, average 0.53
        pairs = ScoredPairs(i, j, p, {}, np.zeros(6), np.zeros(6), np.zeros(6))
        return sorted(link_clusters(4, pairs, np.arange(4), threshold=0.6, average_needed=0.45, margin=margin))

    assert groups(inner=0.97, margin=0.4) == [[0, 1], [2, 3]]
    assert groups(inner=0.97, margin=1.0) == [[0, 1, 2, 3]]  # average linkage alone merges them
    assert groups(inner=0.8, margin=0.4) == [[0, 1, 2, 3]]


@pytest.mark.slow
def test_incremental_ingest_gives_the_batch_events(tmp_path: Path) -> None:
    """Reports stored 25 documents at a time, in shuffled order, end in the same events as one
    batch run: pair features do not depend on the set being clustered, and stored mentions that
    nothing new reaches keep their events instead of being regrouped on a partial view."""
    import random

    from rasd.store.store import Store

    mentions, _ = generate(1500, seed=3, years=1)
    docs: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        docs[m.doc_id].append(m)
    items = [(Article(id=d, text=d + " " + " ".join(m.evidence for m in ms), published=ms[0].event_date, outlet=ms[0].source), ms)
             for d, ms in docs.items()]
    random.Random(1).shuffle(items)
    store = Store.open(f"sqlite:///{tmp_path / 'rasd.db'}")
    store.ingest(items, batch_size=25)
    stored = {frozenset(store.get_event(event.id).mention_ids) for event in store.iter_events()}  # type: ignore[union-attr]
    store.close()

    def partition(assignment: dict[str, str]) -> set[frozenset[str]]:
        groups: dict[str, set[str]] = defaultdict(set)
        for mention_id, event in assignment.items():
            groups[event].add(mention_id)
        return {frozenset(g) for g in groups.values()}

    assert stored == partition(cluster(mentions).assignment)


def test_the_walk_scores_the_core_as_one_clustering_run_would(tmp_path: Path) -> None:
    """``affected`` scores the pairs inside the core from FLOOR up and, of the pairs from the
    core to the ring, only links, rescoring from FLOOR the pairs of ring mentions that join the
    core in a later round: the scores it hands on are exactly those a run over its whole
    neighbourhood finds, and no link leaves the core."""
    import numpy as np

    from rasd import dedup
    from rasd.dedup.blocking import candidate_pairs
    from rasd.dedup.compare import FLOOR, score_pairs
    from rasd.dedup.rules import load_rules
    from rasd.dedup.table import build_table
    from rasd.store.neighbours import StoredNeighbours
    from rasd.store.store import Store

    mentions, _ = generate(3000, seed=5, years=1)
    stored, new = mentions[:2400], mentions[2400:2600]
    docs: dict[str, list[EventMention]] = defaultdict(list)
    for m in stored:
        docs[m.doc_id].append(m)
    store = Store.open(f"sqlite:///{tmp_path / 'rasd.db'}")
    store.ingest([(Article(id=d, text=d + " " + " ".join(m.evidence for m in ms), published=ms[0].event_date), ms)
                  for d, ms in docs.items()], batch_size=1000)
    with store._session() as session:
        nearby = dedup.affected(new, StoredNeighbours(session))
    store.close()
    rules = load_rules()
    table = build_table(nearby.mentions, rules, nearby.outside)
    exact = score_pairs(table, *candidate_pairs(table), rules)
    known = nearby.scores.on(table.ids)  # type: ignore[union-attr]
    core = np.asarray([m in nearby.core for m in table.ids])

    def inside_core(scored: dedup.compare.ScoredPairs) -> dict[tuple[int, int], float]:
        both = core[scored.i] & core[scored.j]
        return dict(zip(zip(scored.i[both].tolist(), scored.j[both].tolist()), scored.probability[both].tolist()))

    assert len(nearby.core) > len(new) and len(table) > len(nearby.core)  # the walk went beyond the new mentions
    assert inside_core(known) == pytest.approx(inside_core(exact))
    assert min(inside_core(exact).values()) < rules.threshold <= max(inside_core(exact).values())
    leaving = core[exact.i] ^ core[exact.j]
    assert not (exact.probability[leaving] >= rules.threshold).any()
    assert (known.probability >= FLOOR).all()
