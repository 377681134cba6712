"""The JSON API and the dashboard pages through FastAPI's TestClient, on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import replace

import pytest
import web_data
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.model import EVENT_FIELDS
from rasd.settings import Settings
from rasd.web import create_app

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return web_data.build(tmp_path_factory.mktemp("web") / "rasd.db")


@pytest.fixture(scope="module")
def client(store):
    settings = Settings(db="sqlite:///unused.db", api_token=TOKEN, reports_per_minute=3, report_max_bytes=5000)
    return TestClient(create_app(settings, store))


def events(client, **params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_events_have_ids_and_every_contract_field(client):
    body = events(client)
    assert body["total"] == 5
    for item in body["items"]:
        assert item["id"]
        assert set(EVENT_FIELDS) - {"doc_id"} <= set(item)
        assert item["doc_ids"]


def test_events_newest_first_by_default_and_sortable(client):
    dates = [e["event_date"] for e in events(client)["items"]]
    assert dates == sorted(dates, reverse=True)
    by_deaths = [e["fatalities"] for e in events(client, sort="fatalities", desc="0")["items"]]
    assert by_deaths == sorted(by_deaths)


@pytest.mark.parametrize("admin1", ["IQ-MA", "Maysan", "maysan"])
def test_filter_by_governorate_code_or_name(client, admin1):
    body = events(client, admin1=admin1)
    assert body["total"] == 2
    assert {e["admin1_code"] for e in body["items"]} == {"IQ-MA"}


def test_filters_combine(client):
    assert events(client, since="2011-01-01", until="2011-03-31")["total"] == 2
    assert events(client, event_type="Battles")["items"][0]["location"] == "Adhamiyah"
    assert events(client, sub_event_type="Peaceful protest")["items"][0]["admin1_code"] == "IQ-BA"
    assert events(client, actor="Military Forces of the United States")["total"] == 1
    assert events(client, q="power cuts")["total"] == 1


def test_pagination_covers_every_event_once(client):
    pages = [events(client, limit=2, offset=offset)["items"] for offset in (0, 2, 4)]
    ids = [e["id"] for page in pages for e in page]
    assert len(ids) == len(set(ids)) == 5


@pytest.mark.parametrize("path, parameter", [
    ("/api/events?since=yesterday", "since"),
    ("/api/events?until=2011-02-30", "until"),
    ("/api/events?since=2012-01-01&until=2011-01-01", "since"),
    ("/api/events?limit=0", "limit"),
    ("/api/events?limit=abc", "limit"),
    ("/api/events?offset=-1", "offset"),
    ("/api/events?sort=password", "sort"),
    ("/api/events?desc=maybe", "desc"),
    ("/api/events?admin1=Atlantis", "admin1"),
    ("/api/events?event_type=Picnics", "event_type"),
    ("/api/events?q=" + "x" * 500, "q"),
    ("/api/stats", "by"),
    ("/api/stats?by=weather", "by"),
    ("/api/estimate?by=actor", "by"),
    ("/api/onthisday?date=02-30", "date"),
    ("/api/onthisday?date=june", "date"),
    ("/api/onthisday?limit=0", "limit"),
    ("/api/places?kind=planet", "kind"),
    ("/api/places?admin1=Atlantis", "admin1"),
    ("/api/events.csv?since=nope", "since"),
])
def test_invalid_parameters_get_422_naming_the_parameter(client, path, parameter):
    response = client.get(path)
    assert response.status_code == 422, response.text
    assert response.json()["parameter"] == parameter
    assert f"'{parameter}'" in response.json()["detail"]


def test_one_event_with_sources_evidence_and_merges(client):
    listed = events(client, event_type="Battles")["items"][0]
    detail = client.get(f"/api/events/{listed['id']}").json()
    assert detail["id"] == listed["id"]
    assert detail["sources"][0]["outlet"] == "Niqash"
    assert "clashed with gunmen" in detail["sources"][0]["evidence"]
    assert isinstance(detail["merges"], list)


def test_reports_of_one_incident_are_one_event_with_every_source(client):
    [bombing] = events(client, since="2011-04-01", until="2011-04-01")["items"]
    assert bombing["source_count"] == 2
    detail = client.get(f"/api/events/{bombing['id']}").json()
    assert {s["outlet"] for s in detail["sources"]} == {"Alsumaria", "Aswat al-Iraq"}
    assert all(s["evidence"] for s in detail["sources"])
    [merge] = detail["merges"]
    assert {merge["doc_a"], merge["doc_b"]} == {"alsumaria-2011-04-01", "aswat-2011-04-01"}
    assert merge["reasons"]
    page = client.get(f"/events/{bombing['id']}").text
    assert page.count('class="source"') == 2 and "alsumaria-2011-04-01" in page


def test_unknown_event_is_404(client):
    response = client.get("/api/events/IRQ-doesnotexist")
    assert response.status_code == 404
    assert "IRQ-doesnotexist" in response.json()["detail"]


@pytest.mark.parametrize("by", ["month", "admin1", "event_type", "sub_event_type", "actor"])
def test_stats_by_each_dimension(client, by):
    body = client.get("/api/stats", params={"by": by}).json()
    assert body["by"] == by
    assert body["items"]
    if by != "actor":  # an event counts once per actor it names
        assert body["total"] == 5


def test_stats_respect_filters(client):
    body = client.get("/api/stats", params={"by": "event_type", "admin1": "IQ-MA"}).json()
    assert body["items"] == [{"key": "Explosions/Remote violence", "count": 2}]


def test_timeline_aligns_months_and_types(client):
    body = client.get("/api/timeline").json()
    assert body["months"][0] == "2010-06" and body["months"][-1] == "2011-05"
    assert len(body["months"]) == 12  # every month in between, quiet ones as zeros
    for series in body["series"]:
        assert len(series["counts"]) == len(body["months"])
    assert sum(sum(s["counts"]) for s in body["series"]) == 5


def test_on_this_day_finds_earlier_years(client):
    body = client.get("/api/onthisday", params={"date": "06-02"}).json()
    assert body["date"] == "06-02"
    assert [e["event_date"] for e in body["items"]] == ["2010-06-02"]


def test_csv_download_of_current_filter(client):
    response = client.get("/api/events.csv", params={"admin1": "IQ-MA"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2
    assert {row["admin1_code"] for row in rows} == {"IQ-MA"}


def test_geojson_download_of_current_filter(client):
    body = json.loads(client.get("/api/events.geojson", params={"event_type": "Protests"}).text)
    assert body["type"] == "FeatureCollection"
    [feature] = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [47.7804, 30.5085]}


def test_boundaries_hold_eighteen_governorates(client):
    body = client.get("/api/boundaries").json()
    codes = {f["properties"]["code"] for f in body["features"]}
    assert len(codes) == 18 and "IQ-KI" in codes


def test_actors_listed(client):
    names = {a["name"] for a in client.get("/api/actors").json()["items"]}
    assert "Police Forces of Iraq" in names


def test_places_from_gazetteer(client):
    body = client.get("/api/places", params={"q": "Amarah", "admin1": "IQ-MA"}).json()
    assert any(p["admin1_code"] == "IQ-MA" for p in body["items"])


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/stats", "/api/estimate", "/api/onthisday",
                 "/api/places", "/api/actors", "/api/reports"):
        assert path in paths


# --- pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/?admin1=IQ-MA", "/events", "/events?sort=fatalities&desc=0",
                                  "/onthisday?date=06-02"])
def test_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")


def test_events_page_reflects_filters_in_links(client):
    html = client.get("/events", params={"admin1": "IQ-MA", "since": "2011-01-01"}).text
    assert "/api/events.csv?since=2011-01-01&amp;admin1=IQ-MA" in html
    assert 'value="IQ-MA" selected' in html


def test_bad_page_parameter_is_a_422_page(client):
    response = client.get("/events", params={"since": "not-a-date"})
    assert response.status_code == 422
    assert "parameter &#39;since&#39;" in response.text


def test_pages_use_only_local_assets(client):
    html = client.get("/").text
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html
    assert client.get("/static/vendor/chart.umd.min.js").status_code == 200


def hostile_html(client) -> list[str]:
    hostile = events(client, admin1="IQ-AN")["items"][0]
    return [client.get(path).text for path in ("/", "/events", f"/events/{hostile['id']}")]


def test_hostile_news_text_renders_inert(client):
    for html in hostile_html(client):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert 'href="javascript:' not in html
        assert "<b>Evil</b>" not in html
    event_page = hostile_html(client)[2]
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in event_page
    assert "&lt;img src=x onerror=" in event_page
    assert "javascript:alert(document.cookie)" in event_page  # shown as text, not a link


def test_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/api/events", "/events"])
def test_a_server_error_carries_the_security_headers_and_the_error_shape(tmp_path, path):
    from sqlalchemy import text

    store = web_data.build(tmp_path / "damaged.db")
    with store.engine.begin() as connection:  # a damaged database: the events table is gone
        connection.execute(text("DROP TABLE events"))
    broken = TestClient(create_app(Settings(db="sqlite:///unused.db"), store), raise_server_exceptions=False)
    response = broken.get(path)
    assert response.status_code == 500
    assert response.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    if path.startswith("/api/"):
        assert set(response.json()) == {"detail"}


# --- the write endpoint -----------------------------------------------------------------


REPORT = {"id": "web-test-1", "published": "2011-06-02", "outlet": "Test Wire", "title": "Bomb in Amarah",
          "text": "A roadside bomb exploded near a police patrol in Amarah on Wednesday, killing two policemen."}


def test_reports_need_a_token(client):
    assert client.post("/api/reports", json=REPORT).status_code == 401
    wrong = client.post("/api/reports", json=REPORT, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_reports_disabled_while_no_token_exists(tmp_path, monkeypatch):
    monkeypatch.delenv("RASD_API_TOKEN", raising=False)
    closed = TestClient(create_app(Settings(db="sqlite:///unused.db"), web_data.build(tmp_path / "rasd.db")))
    response = closed.post("/api/reports", json=REPORT, headers={"Authorization": "Bearer anything"})
    assert response.status_code == 403
    assert "rasd users token" in response.json()["detail"]


def test_reports_are_size_limited(store):
    app = TestClient(create_app(Settings(db="sqlite:///u.db", api_token=TOKEN, report_max_bytes=100), store))
    response = app.post("/api/reports", json=REPORT, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413


def test_reports_reject_malformed_bodies(store):
    app = TestClient(create_app(Settings(db="sqlite:///u.db", api_token=TOKEN), store))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert app.post("/api/reports", content=b"{not json", headers=auth).status_code == 422
    assert app.post("/api/reports", json={"title": "no text"}, headers=auth).status_code == 422


def test_guessing_the_token_is_rate_limited(store):
    app = TestClient(create_app(Settings(db="sqlite:///u.db", api_token=TOKEN, reports_per_minute=5), store))
    statuses = [app.post("/api/reports", json=REPORT, headers={"Authorization": f"Bearer guess-{n}"}).status_code
                for n in range(30)]
    assert statuses == [401] * 5 + [429] * 25


def test_reports_are_rate_limited(store, tmp_path):
    app = TestClient(create_app(Settings(db="sqlite:///u.db", api_token=TOKEN, reports_per_minute=2,
                                         report_max_bytes=10), store))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    statuses = [app.post("/api/reports", json=REPORT, headers=auth).status_code for _ in range(3)]
    assert statuses == [413, 413, 429]  # the limit counts attempts, even refused ones


def test_submitted_report_is_extracted_and_stored(tmp_path):
    store = web_data.build(tmp_path / "write.db")
    app = TestClient(create_app(Settings(db="sqlite:///u.db", api_token=TOKEN), store))
    response = app.post("/api/reports", json=REPORT, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
    assert response.json()["mentions"]
    assert app.get("/api/events", params={"since": "2011-06-01"}).json()["total"] >= 1


# --- the dashboard summary agrees with the store ------------------------------------------


@pytest.mark.parametrize("selection", [
    {}, {"admin1": "IQ-MA"}, {"event_type": "Protests"}, {"since": "2011-01-02"}, {"until": "2011-04-01"},
    {"since": "2011-01-03", "until": "2011-04-30"}, {"since": "2011-04-01", "until": "2011-04-01"},
    {"since": "2010-06-01", "until": "2011-02-28"}, {"sub_event_type": "Armed clash"},
    {"actor": "Police Forces of Iraq"}, {"q": "Amarah"}, {"q": "nothing like this"},
    {"actor": "Unidentified Armed Group (Iraq)", "sub_event_type": "Attack", "since": "2011-05-02"},
])
@pytest.mark.parametrize("by", ["month", "admin1", "admin1_code", "event_type", "sub_event_type", "actor"])
def test_summary_counts_equal_the_stores(store, by, selection):
    from rasd.web.params import filters
    from rasd.web.summary import Summary

    chosen = filters(**{**dict.fromkeys(("since", "until", "admin1", "event_type", "sub_event_type", "actor", "q",
                                         "sort", "desc", "limit", "offset")), **selection})
    summary = Summary(store)
    expected = sorted((k, n) for k, n in store.stats(by, chosen.to_query()) if k is not None)
    got = summary.grouped((by,), chosen)
    assert sorted((k[0], n) for k, n in got.items() if k[0] is not None) == expected


def test_summary_sees_new_reports(tmp_path):
    store = web_data.build(tmp_path / "fresh.db")
    app = create_app(Settings(db="sqlite:///u.db"), store)
    client = TestClient(app)
    before = client.get("/api/stats", params={"by": "admin1"}).json()["total"]
    article, mentions = web_data.items()[0]
    moved = [m.__class__(**{**m.__dict__, "doc_id": "later", "event_date": m.event_date.replace(year=2012)})
             for m in mentions]
    store.ingest([(article.__class__("later", article.text + " Later.", article.published), moved)])
    app.state.summary.check_every = 0.0  # check at every request, as after check_every seconds
    for _ in range(100):
        if client.get("/api/stats", params={"by": "admin1"}).json()["total"] == before + 1:
            break
        time.sleep(0.05)
    assert client.get("/api/stats", params={"by": "admin1"}).json()["total"] == before + 1


def test_event_page_shows_evidence_in_its_report(client):
    [protest] = events(client, event_type="Protests")["items"]
    html = client.get(f"/events/{protest['id']}").text
    assert "<mark>Hundreds protested peacefully in Basra over power cuts.</mark>" in html
    assert "In the report" in html


# --- estimates of unreported incidents ---------------------------------------------------


@pytest.fixture(scope="module")
def overlap_client(tmp_path_factory):
    from rasd.store import Store

    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('estimate') / 'rasd.db'}")
    store.ingest(web_data.overlapping())
    return TestClient(create_app(Settings(db="sqlite:///unused.db"), store))


@pytest.mark.filterwarnings("ignore")
def test_estimate_of_overlapping_outlets(overlap_client):
    [whole] = overlap_client.get("/api/estimate").json()["items"]
    assert whole["documented"] == 30
    assert whole["ci_low"] <= whole["estimate"] <= whole["ci_high"]
    assert whole["estimate"] >= 30 and whole["model"]
    assert whole["lists"] == ["Outlet A", "Outlet B", "Outlet C"]


@pytest.mark.filterwarnings("ignore")
def test_estimate_by_group_reports_refusals(overlap_client):
    items = overlap_client.get("/api/estimate", params={"by": "admin1"}).json()["items"]
    assert sum(item["documented"] for item in items) == 30
    for item in items:
        assert item["estimate"] is not None or item["refused"]


def test_estimate_refuses_thin_overlap_with_a_reason(client):
    response = client.get("/api/estimate")
    assert response.status_code == 422
    assert "cannot be estimated" in response.json()["detail"]


def test_rate_limiter_windows_and_forgets_idle_clients():
    from rasd.web.ratelimit import RateLimiter

    limiter = RateLimiter(2, 60.0)
    assert [limiter.allow("a", now=t) for t in (0, 1, 2)] == [True, True, False]
    assert limiter.allow("a", now=61)  # the first call has left the window
    for n in range(10_001):
        limiter.allow(f"client-{n}", now=100)
    limiter.allow("late", now=500)
    assert len(limiter._calls) == 1


def test_acled_csv_download_uses_acled_columns(client):
    response = client.get("/api/events.csv", params={"admin1": "IQ-MA", "columns": "acled"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]
    assert len(rows) == 2 and {r["admin1"] for r in rows} == {"Maysan"}
    assert client.get("/api/events.csv", params={"columns": "excel"}).json()["parameter"] == "columns"


def test_loopback_server_refuses_foreign_host_names(store):
    from rasd.web.serve import guard_hosts, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")
    app = guard_hosts(create_app(Settings(db="sqlite:///u.db"), store), "127.0.0.1")
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/events").status_code == 200
    assert TestClient(app, base_url="http://rebind.example").get("/api/events").status_code == 400


def test_rasd_serve_binds_loopback_by_default(tmp_path):
    import socket
    import subprocess
    import sys

    import httpx

    web_data.build(tmp_path / "serve.db")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    database = f"sqlite:///{tmp_path / 'serve.db'}"
    command = [sys.executable, "-m", "rasd.cli", "serve", "--db", database, "--port", str(port)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/events")
                break
            except httpx.ConnectError:
                time.sleep(0.1)
        assert response.json()["total"] == 5
        assert _listening_addresses(port) == {"127.0.0.1"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _listening_addresses(port: int) -> set[str]:
    """IPv4 addresses with a socket listening on ``port`` (from /proc/net/tcp, state 0A)."""
    found = set()
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_summary_warms_in_the_background(store):
    from rasd.web.params import Filters
    from rasd.web.summary import Summary

    summary = Summary(store)
    summary.warm()
    for _ in range(200):  # answers None (callers use SQL) until the background build is done
        if summary.grouped(("event_type",), Filters()) is not None:
            break
        time.sleep(0.02)
    assert sum(summary.grouped(("event_type",), Filters()).values()) == 5


# --- never a 500 --------------------------------------------------------------------------

PARAMETERS = ["since", "until", "admin1", "event_type", "sub_event_type", "actor", "q", "sort", "desc", "limit",
              "offset", "by", "date", "kind", "columns"]
PATHS = ["/api/events", "/api/events.csv", "/api/stats", "/api/timeline", "/api/onthisday", "/api/places",
         "/api/estimate", "/events", "/", "/onthisday", "/api/events/x"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS),
       params=st.dictionaries(st.sampled_from(PARAMETERS), st.text(max_size=30), max_size=4))
def test_any_parameters_get_an_answer_never_a_server_error(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code < 500, (path, params, response.text[:300])


def test_on_this_day_page_links_neighbouring_days(client):
    html = client.get("/onthisday", params={"date": "03-01"}).text
    assert 'href="/onthisday?date=02-29"' in html and 'href="/onthisday?date=03-02"' in html
    assert "Adhamiyah" in client.get("/onthisday", params={"date": "06-02"}).text


@pytest.mark.parametrize("selection", [{"q": "Amarah"}, {"q": "gunmen"}, {"q": "patrol", "admin1": "IQ-MA"},
                                       {"q": "nothing like this"}])
@pytest.mark.parametrize("located", [False, True])
def test_newest_text_matches_by_row_number_equal_the_stores_page(store, selection, located):
    from rasd.web import service
    from rasd.web.params import filters
    from rasd.web.summary import Summary

    chosen = filters(**{**dict.fromkeys(("since", "until", "admin1", "event_type", "sub_event_type", "actor", "q",
                                         "sort", "desc", "limit", "offset")), **selection})
    summary = Summary(store)
    assert summary.newest_rows(chosen, 2, located) is not None  # the summary, not SQL, picks the candidates
    events, _ = store.query_events(replace(chosen, limit=None).to_query())
    assert events or chosen.text == "nothing like this"
    if located:
        expected = [e.id for e in events if e.mention.latitude is not None and e.mention.longitude is not None][:2]
        assert [p.id for p in service.map_points(store, chosen, 2, summary)] == expected
    else:
        assert [e.id for e in service.newest_events(store, chosen, 2, summary)] == [e.id for e in events[:2]]


def test_csv_download_defuses_spreadsheet_formulas():
    """News text starting like a formula ("=HYPERLINK(...)") must not run when the file is opened."""
    from datetime import date

    from rasd.model import Event, EventMention
    from rasd.web.records import csv_lines

    mention = EventMention(doc_id="d", event_date=date(2014, 6, 10), time_precision=1,
                           event_type="Battles", sub_event_type="Armed clash",
                           evidence='=HYPERLINK("http://example.invalid","click") gunmen attacked a checkpoint in Ramadi')
    text = "".join(csv_lines([Event(id="IRQ-x", mention=mention, doc_ids=("d",))]))
    assert "'=HYPERLINK" in text and ',=HYPERLINK' not in text and '"=HYPERLINK' not in text
