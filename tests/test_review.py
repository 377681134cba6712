"""The review desk through the real app and the command line, on a real SQLite store: decisions,
validated corrections, the audit trail and reverts, missed events, exports, gold and reprocess."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import web_data
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rasd.accounts import hash_password, token_hash
from rasd.cli import app as cli
from rasd.export import ACLED_COLUMNS
from rasd.settings import Settings
from rasd.store import EventQuery
from rasd.web import create_app

PASSWORD = "correct horse battery"
EDITOR, ADMIN, VIEWER = "rasd_editor_token_1", "rasd_admin_token_1", "rasd_viewer_token_1"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "rasd.db"
    store = web_data.build(path)
    for name, role, token in (("ed", "editor", EDITOR), ("ad", "admin", ADMIN), ("vi", "viewer", VIEWER)):
        store.users.add(name, role, hash_password(PASSWORD))
        store.users.add_token(name, token_hash(token), None)
    return store, f"sqlite:///{path}"


@pytest.fixture
def store(db):
    return db[0]


@pytest.fixture
def client(store):
    return TestClient(create_app(Settings(db="sqlite:///unused.db"), store))


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _event(store, doc_id: str) -> str:
    events, _ = store.query_events(EventQuery(limit=None))
    return next(e.id for e in events if doc_id in e.doc_ids)


def decide(client, event_id: str, token: str = EDITOR, **body):
    return client.post(f"/api/events/{event_id}/review", json=body, headers=_auth(token))


def test_the_queue_holds_what_nobody_reviewed(client, store) -> None:
    queue = client.get("/api/review/queue", headers=_auth(EDITOR)).json()
    assert queue["total"] == 5 and len(queue["items"]) == 5
    first = queue["items"][0]["id"]
    assert decide(client, first, action="accept").status_code == 200
    after = client.get("/api/review/queue", headers=_auth(EDITOR)).json()
    assert after["total"] == 4 and first not in {e["id"] for e in after["items"]}
    maysan = client.get("/api/review/queue", params={"admin1": "IQ-MA"}, headers=_auth(EDITOR)).json()
    assert {e["admin1_code"] for e in maysan["items"]} == {"IQ-MA"}
    outlet = client.get("/api/review/queue", params={"outlet": "niqash"}, headers=_auth(EDITOR)).json()
    assert [e["location"] for e in outlet["items"]] == ["Adhamiyah"]


def test_the_queue_has_indexes_for_its_whole_order(store) -> None:
    """Migration 0010: the queue's order (confidence, newest, id) among unreviewed events, overall
    and within a governorate, is an index's, so a page never sorts every unreviewed event
    (bench/web.py times it at a million events)."""
    from sqlalchemy import inspect

    indexes = {i["name"]: i["column_names"] for i in inspect(store.engine).get_indexes("events")}
    assert indexes["ix_events_queue"] == ["confidence", "event_date", "id"]
    assert indexes["ix_events_queue_area"] == ["admin1_code", "confidence", "event_date", "id"]
    assert indexes["ix_events_review_area"] == ["admin1_code", "review_status"]


def test_a_viewer_reads_but_may_not_decide(client, store) -> None:
    event = _event(store, "niqash-2010-06-02")
    assert client.get("/api/review/queue", headers=_auth(VIEWER)).status_code == 403
    refused = decide(client, event, VIEWER, action="edit", changes={"fatalities": 4})
    assert refused.status_code == 403 and "viewer" in refused.json()["detail"]
    assert decide(client, event, action="accept").status_code == 200  # an editor may
    assert client.post(f"/api/events/{event}/review", json={"action": "accept"}).status_code == 401


def test_corrections_are_validated_against_the_domain(client, store) -> None:
    event = _event(store, "niqash-2010-06-02")
    bad_pair = decide(client, event, action="edit", changes={"event_type": "Battles", "sub_event_type": "Suicide bomb"})
    assert bad_pair.status_code == 409 and bad_pair.json()["parameter"] == "sub_event_type"
    nowhere = decide(client, event, action="edit", changes={"location": "Atlantis"})
    assert nowhere.status_code == 409 and "no gazetteer place" in nowhere.json()["detail"]
    half = decide(client, event, action="edit", changes={"location": "New Village", "place_source": "new",
                                                        "admin1_code": "IQ-BG", "latitude": "33.4"})
    assert half.status_code == 409 and "both latitude and longitude" in half.json()["detail"]
    actor = decide(client, event, action="edit", changes={"actor1": "Martians"})
    assert actor.status_code == 409 and "actor dictionary" in actor.json()["detail"]
    assert decide(client, event, action="edit", changes={"fatalities": "-3"}).status_code == 409
    assert decide(client, event, action="edit", changes={"event_date": "2999-01-01"}).status_code == 409


def test_a_gazetteer_place_fills_every_place_field_and_the_history_says_who_and_why(client, store) -> None:
    event = _event(store, "niqash-2010-06-02")
    done = decide(client, event, action="edit", note="the clash was in Kadhimiya",
                  changes={"location": "Kadhimiya", "admin1_code": "IQ-BG", "fatalities": 4})
    assert done.status_code == 200, done.text
    fixed = store.get_event(event).mention
    assert fixed.location == "Kadhimiya" and fixed.admin1 == "Baghdad" and fixed.fatalities == 4
    assert fixed.latitude and fixed.longitude and fixed.geo_precision == 1
    history = client.get(f"/api/events/{event}/history").json()["items"]
    location = next(h for h in history if h["field"] == "location")
    assert (location["user"], location["before"], location["after"]) == ("ed", "Adhamiyah", "Kadhimiya")
    assert location["note"] == "the clash was in Kadhimiya"
    assert store.get_event(event).review_status == "edited"


def test_an_admin_reverts_a_correction_an_editor_may_not(client, store) -> None:
    event = _event(store, "niqash-2010-06-02")
    decide(client, event, action="edit", changes={"fatalities": 7})
    change = client.get(f"/api/events/{event}/history").json()["items"][-1]
    assert client.post(f"/api/audit/{change['id']}/revert", headers=_auth(EDITOR)).status_code == 403
    reverted = client.post(f"/api/audit/{change['id']}/revert", headers=_auth(ADMIN))
    assert reverted.status_code == 200 and reverted.json()["action"] == "revert"
    assert store.get_event(event).mention.fatalities == 3
    again = client.post(f"/api/audit/{change['id']}/revert", headers=_auth(ADMIN))
    assert again.status_code == 409 and "reverted already" in again.json()["detail"]


def test_a_revert_waits_for_the_later_changes_that_depend_on_it(client, store) -> None:
    first, second = _event(store, "alsumaria-2011-04-01"), _event(store, "aswat-2011-01-02")
    decide(client, second, action="merge", into=first)
    merge = client.get(f"/api/events/{first}/history").json()["items"][-1]
    decide(client, first, action="accept")
    refused = client.post(f"/api/audit/{merge['id']}/revert", headers=_auth(ADMIN))
    assert refused.status_code == 409 and "revert it first" in refused.json()["detail"]
    accept = client.get(f"/api/events/{first}/history").json()["items"][-1]
    assert client.post(f"/api/audit/{accept['id']}/revert", headers=_auth(ADMIN)).status_code == 200
    assert client.post(f"/api/audit/{merge['id']}/revert", headers=_auth(ADMIN)).status_code == 200
    assert store.get_event(second).doc_ids == ("aswat-2011-01-02",)


def test_a_merged_event_page_leads_to_its_survivor_and_a_rejected_one_says_so(client, store) -> None:
    first, second = _event(store, "alsumaria-2011-04-01"), _event(store, "aswat-2011-01-02")
    decide(client, second, action="merge", into=first)
    moved = client.get(f"/events/{second}", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/events/{first}"
    hostile = _event(store, "hostile-2011-05-10")
    decide(client, hostile, action="reject", note='<img src=x onerror="alert(1)">not an attack')
    page = client.get(f"/events/{hostile}")
    assert page.status_code == 200 and "rejected" in page.text
    assert '<img src=x' not in page.text and "&lt;img src=x" in page.text  # the note is text, not markup
    assert client.get("/api/events").json()["total"] == 3


def test_split_gives_a_report_an_event_of_its_own(client, store) -> None:
    event = _event(store, "alsumaria-2011-04-01")
    detail = client.get(f"/api/events/{event}").json()
    assert len(detail["mention_ids"]) == 2
    done = decide(client, event, action="split", mention=detail["mention_ids"][1])
    new = done.json()["other_event"]
    assert len(store.get_event(event).doc_ids) == 1 and len(store.get_event(new).doc_ids) == 1


def test_a_missed_event_is_added_from_a_sentence_and_the_document_completed(client, store) -> None:
    assert client.post("/login", data={"name": "ed", "password": PASSWORD, "csrf": _csrf(client, "/login")}).status_code == 200
    doc = "shafaq-2011-02-25"
    original = _event(store, doc)
    page = client.get(f"/documents/{doc}")
    start = re.search(r'class="sentence[^"]*" tabindex="0" data-start="(\d+)"', page.text).group(1)
    form = client.get(f"/documents/{doc}/add", params={"start": start})
    assert 'value="Protests" selected' in form.text.replace("\n", "") or "Peaceful protest" in form.text
    done = client.post(f"/documents/{doc}/events", data={
        "csrf": _csrf(client, f"/documents/{doc}"), "start": start, "event_type": "Riots",
        "sub_event_type": "Violent demonstration", "event_date": "2011-02-25", "time_precision": "1",
        "location": "Basra", "place_source": "gazetteer", "admin1_code": "IQ-BA", "fatalities": "0",
        "note": "the crowd set a building on fire"}, follow_redirects=False)
    assert done.status_code == 303, done.text
    added = store.get_event(done.headers["location"].rsplit("/", 1)[1])
    assert added.review_status == "added" and added.mention.sub_event_type == "Violent demonstration"
    refused = client.post(f"/documents/{doc}/complete", data={"csrf": _csrf(client, f"/documents/{doc}")})
    assert refused.status_code == 409 and "not reviewed yet" in refused.text
    decide(client, original, action="reject")
    ok = client.post(f"/documents/{doc}/complete", data={"csrf": _csrf(client, f"/documents/{doc}")},
                     follow_redirects=False)
    assert ok.status_code == 303
    assert "Reviewed, nothing missed" in client.get(f"/documents/{doc}").text


def _csrf(client, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def test_exports_carry_review_status_and_reviewed_only(client, db) -> None:
    store, url = db
    event = _event(store, "niqash-2010-06-02")
    decide(client, event, action="accept")
    runner = CliRunner()
    acled = runner.invoke(cli, ["export", "--format", "acled-csv", "--reviewed-only", "--db", url])
    rows = list(csv.DictReader(io.StringIO(acled.stdout)))
    assert len(rows) == 1 and len(rows[0]) == len(ACLED_COLUMNS) == 31
    assert rows[0]["event_id_cnty"] == event and rows[0]["tags"] == "rasd review: accepted"
    lines = [json.loads(x) for x in runner.invoke(cli, ["export", "--format", "jsonl", "--db", url]).stdout.splitlines()]
    assert {r["review_status"] for r in lines} == {"accepted", "unreviewed"}


def test_gold_export_and_evaluate_reviewed(client, db, tmp_path) -> None:
    store, url = db
    doc = "niqash-2010-06-02"
    decide(client, _event(store, doc), action="edit", changes={"fatalities": 4})
    store.review.complete(doc, "ed")
    runner = CliRunner()
    out = tmp_path / "gold.jsonl"
    assert runner.invoke(cli, ["gold", "export", str(out), "--db", url]).exit_code == 0
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert line["id"] == doc and line["published"] == "2010-06-03"
    (gold,) = line["events"]
    assert (gold["event_type"], gold["admin1_code"], gold["fatalities"]) == ("Battles", "IQ-BG", 4)
    assert gold["evidence"].startswith("Iraqi soldiers clashed")
    scored = runner.invoke(cli, ["evaluate", "--reviewed", "--format", "json", "--db", url])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.stdout)
    assert report["documents"] == 1 and set(report["agreement"]) >= {"event_date", "actor2", "injuries"}
    assert "rules" in report


def test_reprocess_keeps_every_decision(client, db) -> None:
    store, url = db
    corrected, rejected = _event(store, "niqash-2010-06-02"), _event(store, "hostile-2011-05-10")
    decide(client, corrected, action="edit", changes={"fatalities": 4, "location": "Kadhimiya", "admin1_code": "IQ-BG"})
    decide(client, rejected, action="reject")
    before = {e.id for e in store.query_events(EventQuery(limit=None))[0]}
    result = CliRunner().invoke(cli, ["reprocess", "--db", url, "-q"])
    assert result.exit_code == 0, result.output
    assert "kept as reviewers decided" in result.output
    event = store.get_event(corrected)
    assert (event.mention.fatalities, event.mention.location, event.review_status) == (4, "Kadhimiya", "edited")
    assert store.get_event(rejected) is None
    after = {e.id for e in store.query_events(EventQuery(limit=None))[0]}
    assert corrected in after and rejected not in after and after != set()
    assert before  # the data set was not empty to begin with


def test_the_dashboard_counts_follow_a_rejection(client, store) -> None:
    import time

    total = lambda: int(re.search(r'id="total">(\d+)<', client.get("/").text).group(1))  # noqa: E731
    assert total() == 5
    decide(client, _event(store, "shafaq-2011-02-25"), action="reject")
    deadline = time.monotonic() + 20
    while total() != 4 and time.monotonic() < deadline:  # the summary is rebuilt in the background
        time.sleep(0.2)
    assert total() == 4
