"""Alerts: rules from TOML, detection over a real store, delivery to a real webhook and SMTP server."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loopback import NewsServer, Reply, sequence, status
from rasd.alerts import detect, load_rules, raise_alerts
from rasd.alerts.deliver import Deliverer, DeliveryThread
from rasd.cli import app
from rasd.errors import ConfigError
from rasd.model import Article, EventMention
from rasd.store import Store
from rasd.store.pages import Fetched, Outcome
from rasd.store.rows import now
from rasd.watch.sources import spec

TODAY = date(2024, 3, 20)  # a Wednesday
PLACES = {"IQ-MA": ("Maysan", "Amarah", 31.84, 47.14), "IQ-BA": ("Basra", "Basra", 30.51, 47.78),
          "IQ-AN": ("Anbar", "Ramadi", 33.42, 43.30)}
KINDS = {"ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         "clash": ("Battles", "Armed clash"), "protest": ("Protests", "Peaceful protest")}


def report(n: int, day: date, code: str, kind: str = "ied", killed: int | None = 1) -> tuple[Article, list[EventMention]]:
    admin1, town, lat, lon = PLACES[code]
    doc = Article(f"r{n}", f"Report {n}: an incident in {town} on {day}.", day, None, f"Wire {n % 3}", f"Report {n}")
    # each report its own incident: different towns' coordinates are spread a little so dedup keeps them apart
    mention = EventMention(doc.id, day, 1, *KINDS[kind], actor1=f"Group {n}", country="Iraq", country_code="IQ",
                           admin1=admin1, admin1_code=code, location=f"{town} quarter {n}", latitude=lat + n * 0.05,
                           longitude=lon + n * 0.05, geo_precision=1, fatalities=killed, evidence=doc.text)
    return doc, [mention]


def history(store: Store) -> None:
    """Ten weeks of one or two incidents a week in Maysan and Basra, then a surge in Maysan."""
    items, n = [], 0
    start = TODAY - timedelta(weeks=10, days=TODAY.weekday())
    for week in range(10):
        for code in ("IQ-MA", "IQ-BA"):
            for extra in range(1 + week % 2):
                n += 1
                items.append(report(n, start + timedelta(weeks=week, days=extra), code))
    for day in range(6):  # this week in Maysan: six incidents
        n += 1
        items.append(report(n, TODAY - timedelta(days=TODAY.weekday()) + timedelta(days=day % 3), "IQ-MA", killed=2))
    items.append(report(900, TODAY - timedelta(days=120), "IQ-AN", "clash"))  # long ago: history reaches back
    items.append(report(901, TODAY - timedelta(days=1), "IQ-AN", "clash", killed=25))  # first in 90 days, deadly
    items.append(report(902, TODAY, "IQ-AN", "clash", killed=0))  # the second: not a first
    store.ingest(items)


def test_default_rules_and_a_users_changes(tmp_path: Path, monkeypatch) -> None:
    defaults = load_rules(None)
    assert {r.kind for r in defaults.rules} == {"surge", "first", "deadly", "silent", "failing"}
    assert defaults.channels == []
    path = tmp_path / "alerts.toml"
    monkeypatch.setenv("SMTP_PASSWORD", "s3cret")
    path.write_text('''
[options]
lookback_days = 7
public_url = "http://rasd.example.org"

[[rule]]
name = "deadly-event"
min_fatalities = 5

[[rule]]
name = "silent-source"
enabled = false

[[rule]]
name = "weekly-clash-watch"
kind = "surge"
measure = "events"
k = 1.5
weeks = 4
min_count = 2

[webhook]
url = "http://127.0.0.1:9/hook"
headers = { Authorization = "Bearer t" }

[smtp]
host = "127.0.0.1"
sender = "rasd@example.org"
to = ["analyst@example.org"]
password_env = "SMTP_PASSWORD"
username = "rasd"
''')
    config = load_rules(path)
    rules = {r.name: r for r in config.rules}
    assert rules["deadly-event"]["min_fatalities"] == 5 and not rules["silent-source"].enabled
    assert rules["weekly-clash-watch"]["k"] == 1.5 and config.lookback_days == 7
    assert config.channels == ["webhook", "smtp"] and config.smtp.password == "s3cret"


@pytest.mark.parametrize("body, problem", [
    ('[[rule]]\nname = "x"\nkind = "rumour"\n', "kind 'rumour' is unknown"),
    ('[[rule]]\nname = "deadly-event"\nmin_fatalities = "ten"\n', "min_fatalities = 'ten' should be a int"),
    ('[[rule]]\nname = "deadly-event"\nthreshold = 3\n', "has no field 'threshold'"),
    ('[[rule]]\nname = "s"\nkind = "surge"\nk = 2\n', "missing measure, min_count, weeks"),
    ('[[rule]]\nname = "s"\nkind = "surge"\nmeasure = "bodies"\nk = 2\nweeks = 8\nmin_count = 1\n', "choose events or fatalities"),
    ('[smtp]\nhost = "h"\nsender = "s"\nto = "t"\npassword_env = "RASD_NO_SUCH_VARIABLE"\n', "RASD_NO_SUCH_VARIABLE, which is not set"),
    ('[webhook]\nurl = "ftp://x"\n', "needs an http"),
])
def test_a_bad_rules_file_is_named_with_its_problem(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=problem) as caught:
        load_rules(path)
    assert str(path) in str(caught.value)


def test_surges_firsts_and_deadly_events(store: Store) -> None:
    history(store)
    found = detect(store, load_rules(None), today=TODAY)
    by_rule: dict[str, list] = {}
    for alert in found:
        by_rule.setdefault(alert.rule, []).append(alert)
    (surge,) = by_rule["weekly-events-surge"]
    assert surge.admin1 == "Maysan" and surge.data["count"] == 6 and surge.period_start == TODAY - timedelta(days=2)
    assert surge.data["trailing"] == [2, 1, 2, 1, 2, 1, 2, 1] and "against 1.5 ± 0.5" in surge.detail
    deaths = {a.admin1: a.data["count"] for a in by_rule["weekly-fatalities-surge"]}
    assert deaths == {"Maysan": 12, "Anbar": 25}
    (first,) = by_rule["first-in-90-days"]
    assert first.admin1 == "Anbar" and first.period_start == TODAY - timedelta(days=1)
    (deadly,) = by_rule["deadly-event"]
    assert deadly.event_id == first.event_id and deadly.title.startswith("25 killed in Ramadi quarter 901")
    # the same alerts again are the same alerts: stored once
    assert len(store.alerts.add(found)) == len(found)
    assert store.alerts.add(detect(store, load_rules(None), today=TODAY)) == []
    # events older than the lookback raise nothing
    assert detect(store, load_rules(None), today=TODAY + timedelta(days=60)) == []


def test_a_young_database_has_no_firsts_and_no_surges(store: Store) -> None:
    store.ingest([report(1, TODAY, "IQ-AN", "clash", killed=3), *[report(n, TODAY, "IQ-MA") for n in range(2, 9)]])
    kinds = {a.kind for a in detect(store, load_rules(None), today=TODAY)}
    assert not kinds & {"first", "surge"}


def test_silent_and_failing_sources(store: Store) -> None:
    quiet = store.sources.add(spec("https://quiet.example.org/feed", "Quiet Wire"))
    broken = store.sources.add(spec("https://broken.example.org/feed", "Broken Wire"))
    for n in range(6):
        page = store.pages.save_fetched(quiet.id, Fetched(f"https://quiet.example.org/{n}", b"<p>x</p>"))
        store.pages.settle([Outcome(page, Article(f"q{n}", f"Quiet report number {n}.", TODAY), [])])
    for _ in range(5):
        store.sources.record_failure(broken.id, now(), now(), "HTTP 503 Service Unavailable")
    config = load_rules(None)
    assert {a.kind for a in detect(store, config, at=now())} == {"failing"}
    later = detect(store, config, at=now() + timedelta(hours=30))
    silent = next(a for a in later if a.kind == "silent")
    assert silent.source_id == quiet.id and "Quiet Wire has been silent for 30 hours" == silent.title
    failing = next(a for a in later if a.kind == "failing")
    assert failing.source_id == broken.id and "HTTP 503" in failing.detail


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes

        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # aiosmtpd needs the port it listens on in advance
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _config_file(tmp_path: Path, hook: str, smtp_port: int, lookback: int = 14) -> Path:
    path = tmp_path / "alerts.toml"
    path.write_text(f'''[options]
lookback_days = {lookback}
public_url = "http://rasd.example.org"

[webhook]
url = "{hook}"
headers = {{ Authorization = "Bearer hook-token" }}
timeout = 5

[smtp]
host = "127.0.0.1"
port = {smtp_port}
sender = "rasd@example.org"
to = ["analyst@example.org", "desk@example.org"]
''')
    return path


def test_alerts_go_to_a_webhook_and_by_email_with_retries(tmp_path: Path, store: Store, smtp_server) -> None:
    inbox, port = smtp_server
    history(store)
    with NewsServer({"/hook": sequence(status(500), lambda r: Reply(204))}) as hooks:
        config = load_rules(_config_file(tmp_path, hooks.url("/hook"), port))
        new = raise_alerts(store, config, today=TODAY)
        deliverer = Deliverer(store, config)
        sent, failed = deliverer.run_due()
        assert (sent, failed) == (2 * len(new) - 1, 1)  # every e-mail, every webhook but the first
        waiting = store.alerts.deliveries([a.id for a in new])
        retry = [d for ds in waiting.values() for d in ds if d["state"] == "pending"]
        assert len(retry) == 1 and "HTTP 500" in retry[0]["last_error"]
        assert deliverer.run_due() == (0, 0)  # not due yet: the retry waits
        assert deliverer.run_due(now() + timedelta(minutes=2)) == (1, 0)
        posted = [json.loads(r.body) for r in hooks.requests if r.method == "POST"]
        assert all(r.headers["authorization"] == "Bearer hook-token" for r in hooks.requests)
    assert len(posted) == len(new) + 1
    deadly = next(p for p in posted if p["rule"] == "deadly-event")
    assert deadly["url"] == f"http://rasd.example.org/events/{deadly['event_id']}" and deadly["data"]["fatalities"] == 25
    assert len(inbox.messages) == len(new)
    recipients, message = next((r, m) for r, m in inbox.messages if "25 killed" in m["Subject"])
    assert recipients == ["analyst@example.org", "desk@example.org"]
    assert message["Subject"].startswith("[rasd] 25 killed in") and "rasd.example.org/events/" in message.get_payload()
    states = {d["state"] for ds in store.alerts.deliveries([a.id for a in new]).values() for d in ds}
    assert states == {"sent"}


def test_a_dead_channel_is_given_up_after_many_tries_and_never_blocks(tmp_path: Path, store: Store) -> None:
    history(store)
    gate = threading.Event()  # the webhook receiver hangs until the test lets it answer
    with NewsServer({"/hook": lambda r: (gate.wait(20), Reply(204))[1]}) as slow:
        config = load_rules(_config_file(tmp_path, slow.url("/hook"), 9))  # nothing listens on port 9
        new = raise_alerts(store, config, today=TODAY)
        stop = threading.Event()
        thread = DeliveryThread(Deliverer(store, config), stop, every=0.1)
        thread.start()
        while not slow.requests:  # a delivery is under way, and hanging
            time.sleep(0.01)
        store.ingest([report(990, TODAY, "IQ-BA", killed=40)])  # storing goes on meanwhile
        more = raise_alerts(store, config, today=TODAY)
        assert [a.title for a in more if a.kind == "deadly"] == ["40 killed in Basra quarter 990, Basra on 2024-03-20"]
        assert not gate.is_set() and thread.is_alive()
        stop.set()
        gate.set()
        thread.join(timeout=30)
    mail = [d for ds in store.alerts.deliveries([a.id for a in new]).values() for d in ds if d["channel"] == "smtp"]
    assert mail and all(d["state"] == "pending" and "Connection refused" in d["last_error"] for d in mail)
    deliverer = Deliverer(store, config)
    at = now()
    for _ in range(12):
        at += timedelta(hours=7)
        deliverer.run_due(at)
    mail = [d for ds in store.alerts.deliveries([a.id for a in new]).values() for d in ds if d["channel"] == "smtp"]
    assert {d["state"] for d in mail} == {"failed"} and {d["attempts"] for d in mail} == {12}


def test_alerts_on_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rasd.db'}"
    history(Store.open(db))
    runner = CliRunner()
    scanned = runner.invoke(app, ["alerts", "scan", "--since", str(TODAY - timedelta(days=14)), "--db", db])
    assert scanned.exit_code == 0 and "5 new alert(s)" in scanned.stderr
    listed = runner.invoke(app, ["alerts", "--db", db])
    assert "First Battles event in Anbar for 90 days" in listed.output
    as_json = [json.loads(line) for line in runner.invoke(app, ["alerts", "--format", "jsonl", "--db", db]).output.splitlines()]
    assert {a["kind"] for a in as_json} >= {"deadly", "first"}
    nowhere = runner.invoke(app, ["alerts", "deliver", "--db", db])
    assert nowhere.exit_code == 2 and "no delivery channel" in nowhere.stderr
