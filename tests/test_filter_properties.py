"""Filters always hold: for random filters and random search text, every event returned satisfies
every filter, through the store (SQLite and PostgreSQL), the JSON API and the dashboard pages.

Without free text the store must also return every event that satisfies the filters (checked
against all stored events in Python). With free text only soundness is checked: the full-text
index's tokenizer is the reference for what matches, and Python cannot repeat it exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.model import Article, Event, EventMention
from rasd.settings import Settings
from rasd.store import EventQuery, Store, engine_for
from rasd.store.search import SEARCH_COLUMNS, words
from rasd.web import create_app

PLACES = [("Basra", "Basra", "IQ-BA", 30.5085, 47.7804), ("Amarah", "Maysan", "IQ-MA", 31.8356, 47.1448),
          ("Kirkuk", "Kirkuk", "IQ-KI", 35.4681, 44.3922), ("Tikrit", "Salah ad Din", "IQ-SD", 34.6, 43.68),
          ("somewhere", None, None, None, None)]
KINDS = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest")]
ACTORS = [None, "Police Forces of Iraq", "Unidentified Armed Group (Iraq)", "Civilians (Iraq)"]
TEXTS = ["Gunmen (two of them) killed a shopkeeper", "A roadside bomb hit 100% of the convoy",
         "Police said: \"three_dead\" near the market", "Protesters gathered; no one was hurt",
         "Mortar rounds fell on al-Rashid camp"]
GOVERNORATES = ["Basra", "basra", "IQ-BA", "Maysan", "IQ-MA", "Kirkuk", "IQ-KI", "Salah ad Din", "IQ-SD", "Anbar"]


def _corpus() -> list[tuple[Article, list[EventMention]]]:
    """40 reports, each with one incident: every place, type, actor pair and a spread of dates,
    some without coordinates, a governorate or a date."""
    items = []
    for n in range(40):
        location, admin1, code, lat, lon = PLACES[n % len(PLACES)]
        kind, text = KINDS[n % len(KINDS)], f"{TEXTS[n % len(TEXTS)]} in {location}, report {n}."
        day = None if n % 13 == 12 else date(2010, 1, 1) + timedelta(days=37 * n)
        doc = Article(f"doc-{n}", text, date(2010, 1, 1) + timedelta(days=37 * n + 1), None, f"Outlet {n % 3}")
        mention = EventMention(doc.id, day, 1 if day else None, kind[0], kind[1], actor1=ACTORS[n % 4],
                               actor2=ACTORS[(n // 4) % 4], country="Iraq" if admin1 else None, admin1=admin1,
                               admin1_code=code, location=location, latitude=lat, longitude=lon,
                               geo_precision=1 if lat else None, fatalities=n % 5, evidence=text)
        items.append((doc, [mention]))
    return items


def _fold(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", value.lower()) if not unicodedata.combining(c))


def _matches_text(event: Event, query: str) -> bool:
    """A necessary condition for ``query`` to match: each word piece begins a word of the event."""
    body = " ".join(getattr(event.mention, c) or "" for c in SEARCH_COLUMNS)
    terms = words(query)
    if not terms:
        return query.lower() in body.lower() and "\x00" not in query
    tokens = re.findall(r"[^\W_]+", _fold(body))
    pieces = [p for t in terms for p in re.findall(r"[^\W_]+", _fold(t))]
    return all(any(token.startswith(p) for token in tokens) for p in pieces)


def _governorate(value: str) -> set[str]:
    return {value.upper()} if re.fullmatch(r"[A-Za-z]{2}-\w+", value) else {value.lower()}


def satisfies(event: Event, q: EventQuery) -> bool:
    m = event.mention
    if q.since and (m.event_date is None or m.event_date < q.since):
        return False
    if q.until and (m.event_date is None or m.event_date > q.until):
        return False
    if q.admin1 and not ({m.admin1_code, (m.admin1 or "").lower()} & _governorate(q.admin1)):
        return False
    if q.event_type and m.event_type != q.event_type:
        return False
    if q.sub_event_type and m.sub_event_type != q.sub_event_type:
        return False
    if q.actor and q.actor not in (m.actor1, m.actor2):
        return False
    return not (q.text and q.text.strip()) or _matches_text(event, q.text)


texts = st.one_of(
    st.none(),
    st.sampled_from(["(", ")", "%", "_", "\"", "'", "*", "-", ":", "( )", "100%", "al-", "NOT", "OR", "a OR b",
                     "police (", "\x00", "é", "İ", "three_dead"]),
    st.sampled_from([w for t in TEXTS for w in t.split()]).map(lambda w: w[: max(1, len(w) // 2)]),
    st.text(alphabet=st.sampled_from("abcdekmoprsu ()%_*\"'-:;.,!?0123456789é\x00"), max_size=12),
)
dates = st.one_of(st.none(), st.dates(min_value=date(2009, 6, 1), max_value=date(2014, 12, 31)))
queries = st.builds(
    EventQuery, since=dates, until=dates, admin1=st.one_of(st.none(), st.sampled_from(GOVERNORATES)),
    event_type=st.one_of(st.none(), st.sampled_from([k for k, _ in KINDS])),
    sub_event_type=st.one_of(st.none(), st.sampled_from([s for _, s in KINDS])),
    actor=st.one_of(st.none(), st.sampled_from(ACTORS[1:])), text=texts,
    limit=st.sampled_from([None, 1, 5, 50]), offset=st.sampled_from([0, 0, 3]),
)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def corpus_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('filters') / 'rasd.db'}", None
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.create_database()
        url, drop = server.url(name), lambda: server.drop_database(name)
    store = Store(engine_for(url))
    assert store.ingest(_corpus()).ok
    yield store
    store.close()
    if drop:
        drop()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries)
def test_every_event_returned_satisfies_every_filter(corpus_store: Store, q: EventQuery) -> None:
    found, total = corpus_store.query_events(q)
    wrong = [e.id for e in found if not satisfies(e, q)]
    assert not wrong, (q, wrong)
    if q.limit is None and q.offset == 0:
        assert total == len(found)
    if not (q.text and q.text.strip()):
        everything = list(corpus_store.iter_events())
        assert total == sum(satisfies(e, q) for e in everything), q


def test_punctuation_search_within_a_governorate_stays_in_it(corpus_store: Store) -> None:
    """The reported case: text with no letters made the other filters optional (an ungrouped OR)."""
    found, total = corpus_store.query_events(EventQuery(admin1="Basra", since=date(2010, 1, 1),
                                                        until=date(2011, 12, 31), text="(", limit=None))
    assert total == len(found) and {e.mention.admin1 for e in found} <= {"Basra"}
    assert all("(" in e.mention.evidence for e in found)


# -- the same through the API and the pages --------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    store = Store(engine_for(f"sqlite:///{tmp_path_factory.mktemp('filters-web') / 'rasd.db'}"))
    store.ingest(_corpus())
    return TestClient(create_app(Settings(db="sqlite:///unused.db"), store), raise_server_exceptions=False)


def _params(q: EventQuery) -> dict[str, str]:
    values = {"since": q.since, "until": q.until, "admin1": q.admin1, "event_type": q.event_type,
              "sub_event_type": q.sub_event_type, "actor": q.actor, "q": q.text}
    return {k: str(v) for k, v in values.items() if v is not None}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=queries)
def test_the_api_and_pages_keep_every_filter(client: TestClient, q: EventQuery) -> None:
    params = _params(q)
    response = client.get("/api/events", params={**params, "limit": "1000"})
    if q.since and q.until and q.since > q.until or q.text and "\x00" in q.text:
        assert response.status_code == 422 and response.json()["parameter"] in ("since", "q")
        return
    assert response.status_code == 200, response.text
    asked = replace(q, text=q.text.strip() or None) if q.text else q  # the web strips the text it is given
    for item in response.json()["items"]:
        day = date.fromisoformat(item["event_date"]) if item["event_date"] else None
        fields = {k: item[k] for k in ("event_type", "sub_event_type", "actor1", "actor2", "admin1", "admin1_code",
                                       "location", "evidence")}
        event = Event(item["id"], EventMention(item["doc_ids"][0], day, None, **fields), tuple(item["doc_ids"]))
        assert satisfies(event, asked), (params, item["id"])
    for page in ("/", "/events"):
        answer = client.get(page, params=params)
        assert answer.status_code == 200, (page, params, answer.text[:300])


def test_search_text_with_a_nul_is_refused_by_name(client: TestClient) -> None:
    for path in ("/", "/events", "/api/events"):
        response = client.get(path, params={"q": "\x00"})
        assert response.status_code == 422, path
        assert response.headers["X-Frame-Options"] == "DENY"
