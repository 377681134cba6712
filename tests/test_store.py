"""Store tests, run on SQLite and on PostgreSQL (the ``store`` fixture is parametrised)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import inspect, select

from rasd.errors import ConfigError
from rasd.model import Article, EventMention
from rasd.store import EventQuery, Store, engine_for

IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
PLACES = {
    "Amarah": ("Maysan", "IQ-MA", 31.8356, 47.1448),
    "Basra": ("Basra", "IQ-BA", 30.5085, 47.7804),
    "Kirkuk": ("Kirkuk", "IQ-KI", 35.4681, 44.3922),
}


def article(doc_id: str, text: str, published: date, outlet: str = "Sample Wire") -> Article:
    return Article(doc_id, text, published, f"https://example.org/{doc_id}", outlet, f"Title of {doc_id}")


def mention(doc: Article, place: str = "Amarah", when: date = date(2011, 4, 4), kind: tuple[str, str] = IED,
            offset: int = 0, **fields: object) -> EventMention:
    admin1, code, lat, lon = PLACES[place]
    values: dict = dict(
        actor1="Unidentified Armed Group (Iraq)", actor2="Police Forces of Iraq", country="Iraq", country_code="IQ",
        admin1=admin1, admin1_code=code, location=place, latitude=lat, longitude=lon, geo_precision=1,
        fatalities=2, injuries=None, evidence=doc.text, source=doc.outlet, source_url=doc.url,
    )
    values.update(fields)
    return EventMention(doc.id, when, 1, kind[0], kind[1], offset=offset, **values)


def bomb_reports() -> list[tuple[Article, list[EventMention]]]:
    """Two outlets report one Amarah bombing (2 and 3 dead); a third report is a Kirkuk clash."""
    a = article("a", "A roadside bomb killed two policemen in Amarah on Monday.", date(2011, 4, 5), "Aswat al-Iraq")
    b = article("b", "Three policemen died when an IED struck their patrol in Amarah.", date(2011, 4, 4), "IraqiNews.com")
    c = article("c", "Gunmen clashed with police at a checkpoint in Kirkuk.", date(2011, 5, 16))
    return [
        (a, [mention(a, fatalities=2)]),
        (b, [mention(b, fatalities=3)]),
        (c, [mention(c, "Kirkuk", date(2011, 5, 15), ("Battles", "Armed clash"), fatalities=1)]),
    ]


def test_schema_has_every_table_and_migrating_again_changes_nothing(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "mentions", "events", "event_mentions", "pair_scores", "alembic_version"} <= tables
    Store(store.engine)  # opening again runs the migrations again: a no-op
    assert set(inspect(store.engine).get_table_names()) == tables


def test_round_trip_merges_one_incident_and_keeps_every_source(store: Store) -> None:
    report = store.ingest(bomb_reports())
    assert (report.documents, report.skipped, report.failed) == (3, 0, [])
    events, total = store.query_events(EventQuery(admin1="IQ-MA"))
    assert total == 1
    event = store.get_event(events[0].id)
    assert event is not None
    assert set(event.doc_ids) == {"a", "b"}
    assert {s.outlet for s in event.sources} == {"Aswat al-Iraq", "IraqiNews.com"}
    assert {s.evidence for s in event.sources} == {"A roadside bomb killed two policemen in Amarah on Monday.",
                                                   "Three policemen died when an IED struck their patrol in Amarah."}
    assert (event.mention.fatalities, event.fatalities_low, event.fatalities_high) == (2, 2, 3)
    assert event.source_count == 2
    assert event.mention.event_date == date(2011, 4, 4)
    record = event.to_record()
    assert record["source"] == "Aswat al-Iraq; IraqiNews.com"
    pairs = store.event_pairs(event.id)
    assert pairs and all({p.mention_a, p.mention_b} <= set(event.mention_ids) for p in pairs if p.reasons.get("merged"))


def test_reingesting_the_same_documents_changes_nothing(store: Store) -> None:
    store.ingest(bomb_reports())
    before = (store.counts(), [e.to_record() for e in store.iter_events()])
    again = store.ingest(bomb_reports())
    assert (again.documents, again.skipped, again.mentions) == (0, 3, 0)
    assert (store.counts(), [e.to_record() for e in store.iter_events()]) == before


def test_incremental_ingest_joins_the_stored_event_and_keeps_its_id(store: Store) -> None:
    first, second, third = bomb_reports()
    store.ingest([first, third])
    (event,), _ = store.query_events(EventQuery(admin1="Maysan"))
    store.ingest([second])
    (joined,), total = store.query_events(EventQuery(admin1="Maysan"))
    assert total == 1
    assert joined.id == event.id
    assert set(joined.doc_ids) == {"a", "b"}


def test_a_third_report_rescores_stored_pairs_without_duplicates(store: Store) -> None:
    first, second, _ = bomb_reports()
    d = article("d", "An IED killed two police officers on a patrol in Amarah.", date(2011, 4, 5), "Sample Wire")
    store.ingest([first])
    store.ingest([second])
    store.ingest([(d, [mention(d, fatalities=2)])])
    (event,), total = store.query_events(EventQuery(admin1="IQ-MA"))
    assert total == 1 and set(event.doc_ids) == {"a", "b", "d"}
    pairs = store.event_pairs(event.id)
    keys = [(p.mention_a, p.mention_b) for p in pairs]
    assert len(keys) == len(set(keys)) == 3  # every pair of the three reports, each once


def test_search_follows_events_as_they_are_rewritten(store: Store) -> None:
    first, second, third = bomb_reports()
    store.ingest([first, third])
    store.ingest([second])  # the Amarah event is rewritten with a second source
    events, total = store.query_events(EventQuery(text="Amarah"))
    assert total == 1 and set(events[0].doc_ids) == {"a", "b"}
    assert store.stats("admin1", EventQuery(text="checkpoint")) == [("Kirkuk", 1)]
    assert store.integrity_problems() == []  # SQLite: one index row per event, none left of the old one


def test_a_refused_document_costs_only_itself_and_stored_data_survives(store: Store) -> None:
    a, b, c = bomb_reports()
    store.ingest([a])
    before = store.counts()
    bad_doc = article("bad", "A report the database must refuse.", date(2011, 4, 6))
    bad = (bad_doc, [mention(bad_doc, fatalities=-1)])  # violates the fatalities >= 0 check
    report = store.ingest([b, bad, c], batch_size=10)
    assert report.documents == 2
    assert len(report.failed) == 1 and report.failed[0].startswith("bad: not stored")
    assert store.get_document("bad") is None
    assert store.get_document("a") is not None
    after = store.counts()
    assert after["documents"] == before["documents"] + 2


def test_a_failed_batch_is_rolled_back_whole(store: Store) -> None:
    from rasd.store.writer import store_batch

    a, b, _ = bomb_reports()
    store.ingest([a])
    before = store.counts()
    bad_doc = article("bad", "Refused.", date(2011, 4, 6))
    with pytest.raises(Exception):
        with store._session.begin() as session:  # the one transaction ``ingest`` opens per batch
            store_batch(session, [b, (bad_doc, [mention(bad_doc, fatalities=-5)])])
    assert store.counts() == before
    assert store.get_document("b") is None


def test_same_id_with_different_text_is_reported_not_overwritten(store: Store) -> None:
    a, _, _ = bomb_reports()
    store.ingest([a])
    changed = replace(a[0], text="A different text under the same id.")
    report = store.ingest([(changed, [])])
    assert report.documents == 0 and "already stored" in report.failed[0]
    assert store.get_document("a").text == a[0].text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(admin1="Maysan"), {"a"}),
        (EventQuery(admin1="maysan"), {"a"}),
        (EventQuery(admin1="IQ-KI"), {"c"}),
        (EventQuery(since=date(2011, 5, 1)), {"c"}),
        (EventQuery(until=date(2011, 4, 30)), {"a"}),
        (EventQuery(event_type="Battles"), {"c"}),
        (EventQuery(sub_event_type="Remote explosive/landmine/IED"), {"a"}),
        (EventQuery(actor="Police Forces of Iraq"), {"a", "c"}),
        (EventQuery(text="checkpoint"), {"c"}),
        (EventQuery(text="AMARAH"), {"a"}),
        (EventQuery(text="100%"), set()),
        (EventQuery(text="amar"), {"a"}),
        (EventQuery(text="policemen Amarah"), {"a"}),
        (EventQuery(text="policemen Kirkuk"), set()),
        (EventQuery(text="  "), {"a", "c"}),
        # text with other filters (on SQLite: index matches intersected with the filters' rows)
        (EventQuery(text="police", admin1="Maysan"), {"a"}),
        (EventQuery(text="police", since=date(2011, 5, 1)), {"c"}),
        (EventQuery(text="police", actor="Police Forces of Iraq", until=date(2011, 4, 30)), {"a"}),
        (EventQuery(text="checkpoint", admin1="Maysan"), set()),
    ],
)
def test_filters(store: Store, query: EventQuery, expected: set[str]) -> None:
    store.ingest(bomb_reports())
    events, total = store.query_events(query)
    assert {min(e.doc_ids) for e in events} == expected
    assert total == len(expected)


def test_sorting_paging_and_totals(store: Store) -> None:
    store.ingest(bomb_reports())
    newest, total = store.query_events(EventQuery(limit=1))
    assert total == 2 and newest[0].mention.location == "Kirkuk"
    oldest, _ = store.query_events(EventQuery(descending=False, limit=1))
    assert oldest[0].mention.location == "Amarah"
    second, _ = store.query_events(EventQuery(limit=1, offset=1))
    assert second[0].id == oldest[0].id
    second, total = store.query_events(EventQuery(text="police", actor="Police Forces of Iraq", limit=1, offset=1))
    assert total == 2 and [e.id for e in second] == [oldest[0].id]
    with pytest.raises(ConfigError):
        store.query_events(EventQuery(sort="evidence; DROP TABLE events"))


def tied_reports() -> list[tuple[Article, list[EventMention]]]:
    """Six separate bombings, two dead in each, in three towns and six months, stored out of order."""
    reports = []
    for n, month in enumerate((5, 1, 6, 3, 2, 4)):
        doc = article(f"t{n}", f"A bomb killed two people, report {n}.", date(2011, month, 2))
        reports.append((doc, [mention(doc, list(PLACES)[n % 3], date(2011, month, 1), fatalities=2)]))
    return reports


@pytest.mark.parametrize("descending", [False, True])
def test_ties_are_broken_by_date_then_id_and_pages_follow_on(store: Store, descending: bool) -> None:
    store.ingest(tied_reports())
    pages = [store.query_events(EventQuery(sort="fatalities", descending=descending, limit=2, offset=k))[0]
             for k in (0, 2, 4)]
    order = [(e.mention.event_date, e.id) for page in pages for e in page]
    assert order == sorted(order, reverse=descending) and len(set(order)) == 6


@pytest.mark.parametrize("sort", ["fatalities", "location", "actor1"])
def test_a_sorted_page_is_read_in_index_order(store: Store, sort: str) -> None:
    """The tie-break matches the sort indexes (migration 0012), so SQLite reads one page of the
    index instead of sorting every event (PostgreSQL's planner weighs sizes: a tiny table is sorted)."""
    if store.engine.dialect.name != "sqlite":
        pytest.skip("the plan of SQLite")
    from rasd.store import query
    from rasd.store.models import EventRow

    store.ingest(tied_reports())
    for q in (EventQuery(sort=sort, limit=50), EventQuery(sort=sort, descending=False, limit=50, admin1="IQ-MA")):
        stmt = query.ordered(query.filtered(select(EventRow.id), q, page=True), q).limit(50)
        compiled = stmt.compile(store.engine, compile_kwargs={"literal_binds": True})
        with store.engine.connect() as connection:
            plan = " ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
        assert f"_by_{sort}" in plan and "TEMP B-TREE" not in plan, plan


def test_stats(store: Store) -> None:
    store.ingest(bomb_reports())
    assert store.stats("month") == [("2011-04", 1), ("2011-05", 1)]
    assert dict(store.stats("admin1")) == {"Maysan": 1, "Kirkuk": 1}
    assert store.stats("actor")[0] == ("Police Forces of Iraq", 2)
    assert store.stats("event_type", EventQuery(admin1="IQ-KI")) == [("Battles", 1)]
    with pytest.raises(ConfigError):
        store.stats("colour")


def test_iter_events_streams_everything_oldest_first(store: Store) -> None:
    store.ingest(bomb_reports())
    dates = [e.mention.event_date for e in store.iter_events()]
    assert dates == sorted(dates) and len(dates) == 2


def test_unknown_event_is_none(store: Store) -> None:
    assert store.get_event("IRQ-nothing") is None
    assert store.event_pairs("IRQ-nothing") == []


def test_open_uses_rasd_db_from_the_environment(tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("RASD_DB", url)
    opened = Store.open()
    assert opened.url == url
    assert (tmp_path / "env.db").exists()


def test_bad_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        engine_for("not a url")


def test_integrity_check_finds_broken_links_and_passes_a_sound_store(store: Store) -> None:
    from sqlalchemy import text

    store.ingest(bomb_reports())
    assert store.integrity_problems() == []
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM event_mentions WHERE mention_id IN "
                                "(SELECT mention_id FROM event_mentions ORDER BY mention_id LIMIT 1)"))
    found = store.integrity_problems()
    assert "1 mentions belong to no event" in found


def test_stored_mentions_load_back_equal_with_their_ids(store: Store) -> None:
    """The loader the deduplication walk reads through (the driver's raw values, on both backends)."""
    from rasd.store.neighbours import StoredNeighbours

    items = bomb_reports()
    items[0] = (items[0][0], [replace(items[0][1][0], rules=("trigger.ied", "place.dateline"), confidence=0.8)])
    store.ingest(items)
    stored = [m for _, mentions in items for m in mentions]
    with store._session() as session:
        loaded = StoredNeighbours(session).load([m.mention_id for m in stored])
    assert sorted(loaded, key=lambda m: m.mention_id) == sorted(stored, key=lambda m: m.mention_id)
    assert {m.mention_id for m in loaded} == {m.mention_id for m in stored}
