"""The web app over PostgreSQL answers exactly as over SQLite (same data, same requests)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import web_data
from rasd.settings import Settings
from rasd.store import Store
from rasd.store.engine import engine_for
from rasd.web import create_app

pytestmark = pytest.mark.postgres

REQUESTS = [
    "/api/events", "/api/events?admin1=Maysan&sort=fatalities&desc=0", "/api/events?q=power%20cuts",
    "/api/events?since=2011-01-03&until=2011-04-30", "/api/stats?by=month", "/api/stats?by=actor",
    "/api/stats?by=event_type&since=2011-01-02&until=2011-04-01", "/api/timeline", "/api/onthisday?date=06-02",
    "/api/events.csv?admin1=IQ-MA&columns=acled",
]


def _client(url: str) -> TestClient:
    store = Store(engine_for(url))
    store.ingest(web_data.items())
    return TestClient(create_app(Settings(db="sqlite:///unused.db"), store))


@pytest.fixture(scope="module")
def clients(postgres_server, tmp_path_factory):
    name = postgres_server.create_database()
    yield _client(f"sqlite:///{tmp_path_factory.mktemp('pg') / 'rasd.db'}"), _client(postgres_server.url(name))
    postgres_server.drop_database(name)


def _comparable(text: str) -> str:
    # ACLED rows carry the export time; it is the one value that may differ between the two runs.
    return "\n".join(",".join(line.split(",")[:-1]) for line in text.splitlines())


@pytest.mark.parametrize("path", REQUESTS)
def test_same_answers_on_postgres(clients, path):
    sqlite, postgres = (client.get(path) for client in clients)
    assert postgres.status_code == sqlite.status_code == 200
    if path.startswith("/api/events.csv"):
        assert _comparable(postgres.text) == _comparable(sqlite.text)
    else:
        assert postgres.json() == sqlite.json()


@pytest.mark.parametrize("path", ["/", "/events?admin1=IQ-MA", "/onthisday?date=06-02"])
def test_pages_render_on_postgres(clients, path):
    assert clients[1].get(path).status_code == 200


@pytest.fixture(scope="module")
def postgres_store(clients):
    return clients[1].app.state.store


SELECTIONS = [{"actor": "Police Forces of Iraq"}, {"q": "Amarah"}, {"q": "patrol", "admin1": "IQ-MA"},
              {"q": "nothing like this"}, {"actor": "Unidentified Armed Group (Iraq)", "since": "2011-05-02"}]


def _filters(selection):
    from rasd.web.params import filters

    names = ("since", "until", "admin1", "event_type", "sub_event_type", "actor", "q", "sort", "desc", "limit", "offset")
    return filters(**{**dict.fromkeys(names), **selection})


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("by", ["month", "admin1_code", "event_type", "actor"])
def test_actor_and_text_counts_come_from_memory_on_postgres(postgres_store, by, selection):
    """The dashboard's fast path (per-event labels in memory, text by row number) on PostgreSQL."""
    from rasd.web.summary import Summary

    chosen = _filters(selection)
    summary = Summary(postgres_store)
    assert summary._selection_mask(chosen) is not None  # answered from memory, not by a pass over SQL
    expected = sorted((k, n) for k, n in postgres_store.stats(by, chosen.to_query()) if k is not None)
    assert expected or selection.get("q") == "nothing like this"
    got = summary.grouped((by,), chosen)
    assert sorted((k[0], n) for k, n in got.items() if k[0] is not None) == expected


@pytest.mark.parametrize("selection", [{"q": "Amarah"}, {"q": "gunmen"}, {"q": "patrol", "admin1": "IQ-MA"}])
def test_newest_text_matches_by_row_number_on_postgres(postgres_store, selection):
    from dataclasses import replace

    from rasd.web import service
    from rasd.web.summary import Summary

    chosen = _filters(selection)
    summary = Summary(postgres_store)
    assert summary.newest_rows(chosen, 2) is not None
    events, _ = postgres_store.query_events(replace(chosen, limit=None).to_query())
    assert events
    assert [e.id for e in service.newest_events(postgres_store, chosen, 2, summary)] == [e.id for e in events[:2]]
    located = [e.id for e in events if e.mention.latitude is not None][:2]
    assert [p.id for p in service.map_points(postgres_store, chosen, 2, summary)] == located


def test_the_review_desk_answers_alike_on_postgres(clients):
    """The queue, an edit round-trip, a merge and its revert: the same answers on both backends."""
    from rasd.accounts import token_hash

    answers = []
    for client in clients:
        store = client.app.state.store
        if store.users.get("desk") is None:
            store.users.add("desk", "admin", None)
            store.users.add_token("desk", token_hash("rasd_desk_token"), None)
        auth = {"Authorization": "Bearer rasd_desk_token"}
        queue = client.get("/api/review/queue?admin1=IQ-MA", headers=auth).json()
        first, second = (e["id"] for e in queue["items"][:2])
        edited = client.post(f"/api/events/{first}/review", headers=auth, json={
            "action": "edit", "changes": {"location": "Zubair", "admin1_code": "IQ-BA", "fatalities": 5}})
        assert edited.status_code == 200, edited.text
        assert client.get("/review?admin1=IQ-MA", headers=auth).status_code == 200
        merged = client.post(f"/api/events/{second}/review", headers=auth, json={"action": "merge", "into": first})
        assert merged.status_code == 200, merged.text
        history = client.get(f"/api/events/{first}/history").json()["items"]
        reverted = client.post(f"/api/audit/{history[-1]['id']}/revert", headers=auth)
        assert reverted.status_code == 200, reverted.text
        event = client.get(f"/api/events/{first}").json()
        answers.append((queue["total"], [e["id"] for e in queue["items"]], edited.json()["changed"],
                        event["location"], event["fatalities"], event["review_status"], event["doc_ids"],
                        [(h["action"], h["field"], h["before"], h["after"]) for h in history if h["action"] == "edit"],
                        [h["action"] for h in history]))
    assert answers[0] == answers[1]
    assert answers[0][3:6] == ("Zubair", 5, "edited")
