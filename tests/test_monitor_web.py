"""Dashboard pages, JSON API and Atom feeds of the monitor: alerts, the daily digest, source health."""

from __future__ import annotations

from datetime import timedelta

import feedparser
import pytest
from fastapi.testclient import TestClient

from rasd.alerts import load_rules, raise_alerts
from rasd.model import Article, EventMention
from rasd.settings import Settings
from rasd.store import Store
from rasd.store.rows import now
from rasd.watch.sources import spec
from rasd.web import create_app
from test_alerts import TODAY, history

HOSTILE = '<script>alert("x")</script>Wire'


@pytest.fixture
def client(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'rasd.db'}")
    history(store)
    raise_alerts(store, load_rules(None), today=TODAY)
    today = now().date()
    fresh = Article("fresh-1", "A car bomb killed 12 people in Kirkuk today, police said.", today, None, "Wire", "Car bomb in Kirkuk")
    mention = EventMention("fresh-1", today, 1, "Explosions/Remote violence", "Remote explosive/landmine/IED",
                           country="Iraq", country_code="IQ", admin1="Kirkuk", admin1_code="IQ-KI", location="Kirkuk",
                           latitude=35.47, longitude=44.39, geo_precision=1, fatalities=12, evidence=fresh.text)
    old = Article("old-1", "Gunmen killed two in Kirkuk.", today.replace(year=today.year - 5), None, "Wire", "Old")
    old_mention = EventMention("old-1", today.replace(year=today.year - 5), 1, "Battles", "Armed clash", country="Iraq",
                               country_code="IQ", admin1="Kirkuk", admin1_code="IQ-KI", location="Hawija",
                               latitude=35.3, longitude=43.8, geo_precision=1, fatalities=2, evidence=old.text)
    store.ingest([(fresh, [mention]), (old, [old_mention])])
    source = store.sources.add(spec("https://wire.example.org/feed", HOSTILE))
    store.sources.record_failure(source.id, now(), now() + timedelta(minutes=30), "HTTP 503 Service Unavailable")
    with TestClient(create_app(Settings(db="sqlite:///unused.db"), store)) as test_client:
        test_client.store = store  # type: ignore[attr-defined]
        yield test_client


def test_alerts_page_api_and_feed_show_the_same_alerts(client) -> None:
    stored = client.store.alerts.recent()
    api = client.get("/api/alerts").json()
    assert [a["id"] for a in api["items"]] == [a.id for a in stored] and api["count"] == 5
    page = client.get("/alerts")
    assert page.status_code == 200
    for alert in stored:
        assert f'id="alert-{alert.id}"' in page.text
    assert "First Battles event in Anbar for 90 days" in page.text
    deadly = client.get("/api/alerts", params={"kind": "deadly"}).json()["items"]
    assert [a["kind"] for a in deadly] == ["deadly"]
    feed = feedparser.parse(client.get("/alerts.atom").content)
    assert not feed.bozo and feed.feed.title == "rasd: alerts"
    assert [e.id for e in feed.entries] == [f"urn:rasd:alert:{a.id}" for a in stored]
    entry = next(e for e in feed.entries if "25 killed" in e.title)
    assert entry.link.startswith("http://testserver/events/") and "deadly" in [t.term for t in entry.tags]


def test_bad_alert_parameters_are_named(client) -> None:
    bad = client.get("/api/alerts", params={"kind": "rumour"})
    assert bad.status_code == 422 and bad.json()["parameter"] == "kind"
    assert client.get("/api/alerts", params={"since": "yesterday"}).json()["parameter"] == "since"
    assert client.get("/digest", params={"date": "2024-13-01"}).status_code == 422


def test_the_digest_page_api_and_feed(client) -> None:
    digest = client.get("/api/digest").json()  # everything was stored in the last minute
    events = list(client.store.iter_events())
    assert digest["events"] == len(events) and digest["documents"] == client.store.counts()["documents"]
    assert digest["fatalities"] == sum(e.mention.fatalities or 0 for e in events)
    groups = {g["admin1"]: [e["location"] for e in g["events"]] for g in digest["by_governorate"]}
    assert sorted(groups) == ["Anbar", "Basra", "Kirkuk", "Maysan"] and sorted(groups["Kirkuk"]) == ["Hawija", "Kirkuk"]
    assert [g["admin1"] for g in digest["by_governorate"]][0] == "Maysan"  # most events first
    assert [e["location"] for e in digest["this_day_in_history"]] == ["Hawija"]
    assert {a["kind"] for a in digest["alerts"]} == {"surge", "first", "deadly"}
    assert digest["sources"][0]["status"] == "erring"
    page = client.get("/digest")
    assert f"{len(events)} event(s), {digest['fatalities']} killed, in 4 governorate(s)" in page.text and "Hawija" in page.text
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text
    past = client.get("/api/digest", params={"date": str(TODAY - timedelta(days=400))}).json()
    assert past["events"] == 0 and past["day"] == str(TODAY - timedelta(days=400))
    feed = feedparser.parse(client.get("/digest.atom").content)
    assert not feed.bozo and len(feed.entries) == 14
    assert feed.entries[0].id == f"urn:rasd:digest:{now().date() - timedelta(days=1)}"


def test_source_health_page_and_api(client) -> None:
    (source,) = client.get("/api/sources").json()["items"]
    assert (source["status"], source["error_rate"], source["last_error"]) == ("erring", 1.0, "HTTP 503 Service Unavailable")
    page = client.get("/sources")
    assert "HTTP 503 Service Unavailable" in page.text and "100% of 1 poll" in page.text
    assert HOSTILE not in page.text and "&lt;script&gt;" in page.text
    assert 'href="/sources"' in client.get("/").text  # in the navigation
