"""Human decisions are pins: no clustering, re-ingest or re-clustering undoes them.

First ``rasd.dedup.cluster`` alone (pins given to it), then the store: decisions made through
``Store.review`` hold when more reports of the same incidents arrive and are clustered again.
"""

from __future__ import annotations

from datetime import date

from rasd.dedup import cluster
from rasd.model import Article, EventMention
from rasd.store import EventQuery, Store


def _report(doc: str, day: int, place: str = "Zubair", killed: int = 2, outlet: str = "Wire",
            text: str | None = None) -> tuple[Article, list[EventMention]]:
    evidence = text or f"A roadside bomb killed {killed} policemen in {place} on Monday, police said."
    article = Article(doc, evidence, date(2011, 4, day + 1), None, outlet, f"Bomb in {place}")
    coords = {"Zubair": (30.392, 47.702), "Qurna": (31.013, 47.433), "Amarah": (31.836, 47.145)}[place]
    code, gov = ("IQ-MA", "Maysan") if place == "Amarah" else ("IQ-BA", "Basra")
    mention = EventMention(doc_id=doc, event_date=date(2011, 4, day), time_precision=1,
                           event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
                           actor1="Unidentified Armed Group (Iraq)", actor2="Police Forces of Iraq", country="Iraq",
                           country_code="IQ", admin1=gov, admin1_code=code, location=place, latitude=coords[0],
                           longitude=coords[1], geo_precision=1, fatalities=killed, evidence=evidence, source=outlet)
    return article, [mention]


def _mentions(*reports: tuple[Article, list[EventMention]]) -> list[EventMention]:
    return [m for _, ms in reports for m in ms]


def test_cluster_keeps_pinned_mentions_apart_and_together() -> None:
    a, b, c = _mentions(_report("a", 4), _report("b", 4, outlet="Other"), _report("c", 4, place="Amarah"))
    free = cluster([a, b, c]).assignment
    assert free[a.mention_id] == free[b.mention_id] != free[c.mention_id]  # what the machine decides
    pinned = cluster([a, b, c], pins={a.mention_id: "E1", b.mention_id: "E2", c.mention_id: "E1"}).assignment
    assert pinned[a.mention_id] == pinned[c.mention_id] == "E1"
    assert pinned[b.mention_id] == "E2"


def test_a_new_report_joins_a_pinned_event_and_it_keeps_its_id() -> None:
    a, b = _mentions(_report("a", 4), _report("b", 4, outlet="Other"))
    prior = {a.mention_id: "IRQ-reviewed"}
    result = cluster([a, b], prior, pins={a.mention_id: "IRQ-reviewed"}).assignment
    assert result == {a.mention_id: "IRQ-reviewed", b.mention_id: "IRQ-reviewed"}


def test_pins_hold_whatever_the_order_and_on_a_second_run() -> None:
    ms = _mentions(_report("a", 4), _report("b", 4, outlet="Other"), _report("c", 5, outlet="Third"))
    pins = {ms[0].mention_id: "X", ms[1].mention_id: "Y"}
    first = cluster(ms, pins=pins).assignment
    assert cluster(list(reversed(ms)), pins=pins).assignment == first
    assert cluster(ms, prior=first, pins=pins).assignment == first
    assert first[ms[0].mention_id] == "X" and first[ms[1].mention_id] == "Y"


def _event_of(store: Store, doc_id: str) -> str:
    events, _ = store.query_events(EventQuery(limit=None))
    return next(e.id for e in events if doc_id in e.doc_ids)


def test_a_split_survives_more_reports_of_the_incident(store: Store) -> None:
    store.ingest([_report("a", 4), _report("b", 4, outlet="Other")])
    event = _event_of(store, "a")
    assert set(store.get_event(event).doc_ids) == {"a", "b"}
    b_mention = store.get_event(event).mention_ids[1] if store.get_event(event).sources[1].doc_id == "b" \
        else store.get_event(event).mention_ids[0]
    new = store.review.split(event, b_mention, "ed")
    store.ingest([_report("c", 4, outlet="Third"), _report("d", 4, outlet="Fourth")])  # re-clusters a and b
    assert "b" not in store.get_event(event).doc_ids
    assert store.get_event(new).doc_ids[0] == "b"
    assert store.get_event(event).id == event


def test_a_merge_and_an_edit_survive_reclustering(store: Store) -> None:
    store.ingest([_report("a", 4), _report("z", 4, place="Qurna", outlet="Other")])
    first, second = _event_of(store, "a"), _event_of(store, "z")
    assert first != second  # 70 km apart: the machine keeps them apart
    store.review.merge(second, first, "ed", note="one bombing, misplaced by one outlet")
    store.review.edit(first, "ed", {"fatalities": 3, "location": "Zubair"}, note="hospital figure")
    # a report from Qurna: without the pins it would pull z back out, next to it; and one
    # from Zubair, which joins the reviewed event though the misplaced z is far from it
    store.ingest([_report("c", 4, place="Qurna", outlet="Third", killed=2), _report("d", 4, outlet="Fourth")])
    event = store.get_event(first)
    assert {"a", "z", "d"} <= set(event.doc_ids)
    assert event.mention.fatalities == 3  # the correction stands over the new report's toll
    assert event.review_status == "edited"
    assert store.get_event(second) is None


def test_a_rejected_event_stays_out_when_its_incident_is_reported_again(store: Store) -> None:
    store.ingest([_report("a", 4)])
    event = _event_of(store, "a")
    store.review.reject(event, "ed", note="a drill, not an attack")
    assert store.get_event(event) is None
    store.ingest([_report("b", 4, outlet="Other")])
    events, total = store.query_events(EventQuery(limit=None))
    assert total == 0 and events == []  # the second report joined the rejected event
    assert store.review.rejected(event)["doc_ids"] == ["a"]


def test_revert_restores_what_the_change_replaced(store: Store) -> None:
    store.ingest([_report("a", 4), _report("z", 4, place="Amarah", outlet="Other")])
    first, second = _event_of(store, "a"), _event_of(store, "z")
    store.review.merge(second, first, "ed")
    merge = store.review.history(first)[-1]
    assert merge.action == "merge" and merge.other_event == first
    store.review.revert(merge.id, "admin")
    assert store.get_event(second).doc_ids == ("z",)
    assert store.get_event(first).doc_ids == ("a",)
    store.ingest([_report("c", 4, place="Amarah", outlet="Third")])  # no stale pin keeps z from its incident
    assert set(store.get_event(second).doc_ids) == {"z", "c"}
