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
