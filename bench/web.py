"""Latency of the web API, the dashboard and the review desk over 1,000,000 synthetic events in SQLite.

    .venv/bin/python bench/web.py [--events 1000000] [--db /tmp/rasd-web-bench.db] [--repeat 40]

Loads synthetic events (plausible dates 2004-2023, governorates, types, actors, fatalities;
documents and mentions for one event in ten, so event pages have sources) straight into the
store's schema with bulk inserts, then times each call in-process through FastAPI's TestClient
(server time, no network) with varied parameters, and prints a line per call:

    /api/stats?by=month median 12.1 ms p95 31.0 ms

The review desk's calls are made as an editor (an account "bench" with an API token, made on
the first run): the queue (JSON and page, filtered) and an edit round-trip, i.e. correcting a
random event's injuries through ``POST /api/events/{id}/review`` and reading its page back.

An existing database with the requested number of events is reused (delete it to rebuild).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasd.web.vocab import boundaries  # noqa: E402

TYPES = {
    "Explosions/Remote violence": (["Remote explosive/landmine/IED", "Suicide bomb",
                                    "Shelling/artillery/missile attack",
                                    "Air/drone strike", "Grenade"], 40),
    "Battles": (["Armed clash", "Government regains territory", "Non-state actor overtakes territory"], 20),
    "Violence against civilians": (["Attack", "Abduction/forced disappearance", "Sexual violence"], 20),
    "Protests": (["Peaceful protest", "Protest with intervention", "Excessive force against protesters"], 10),
    "Riots": (["Violent demonstration", "Mob violence"], 3),
    "Strategic developments": (["Arrests", "Disrupted weapons use", "Looting/property destruction", "Other"], 7),
}
ACTORS = ["Unidentified Armed Group (Iraq)", "Police Forces of Iraq", "Military Forces of Iraq", "Islamic State",
          "Al Qaeda in Iraq", "Civilians (Iraq)", "Military Forces of the United States", "Peshmerga",
          "Popular Mobilization Forces", "Kata'ib Hezbollah", "Asa'ib Ahl al-Haq", "Badr Organization",
          "Protesters (Iraq)", "Rioters (Iraq)", "Sadrist Movement", "Promised Day Brigades"]
OUTLETS = ["Aswat al-Iraq", "Alsumaria", "Shafaq News", "Rudaw", "Kurdistan24", "Niqash", "Xinhua", "AFP"]
START, DAYS = date(2004, 1, 1), 7305
SEED = 20111


def governorates() -> list[tuple[str, str, float, float, float]]:
    """(code, name, lon, lat, weight) for each governorate: centre of its shape, weight by size of fighting."""
    heavy = {"IQ-BG": 8, "IQ-NI": 5, "IQ-AN": 5, "IQ-SD": 4, "IQ-DI": 4, "IQ-KI": 3, "IQ-BA": 3}
    result = []
    for feature in boundaries()["features"]:
        ring = max((r for poly in ([feature["geometry"]["coordinates"]] if feature["geometry"]["type"] == "Polygon"
                                   else feature["geometry"]["coordinates"]) for r in poly), key=len)
        lon, lat = sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
        code = feature["properties"]["code"]
        result.append((code, feature["properties"]["name"], lon, lat, heavy.get(code, 1)))
    return result


def rows(n: int) -> Iterator[tuple]:
    rng = random.Random(SEED)
    govs = governorates()
    gov_weights = [g[4] for g in govs]
    types = list(TYPES)
    type_weights = [TYPES[t][1] for t in types]
    stamp = datetime(2024, 1, 1)
    for i in range(n):
        code, name, lon, lat, _ = rng.choices(govs, gov_weights)[0]
        event_type = rng.choices(types, type_weights)[0]
        sub = rng.choice(TYPES[event_type][0])
        day = START + timedelta(days=int(rng.triangular(0, DAYS, DAYS * 0.45)))
        deaths = int(rng.expovariate(0.5)) if event_type != "Protests" else 0
        location = f"{name} town {rng.randrange(40)}"
        actor1, actor2 = rng.sample(ACTORS, 2)
        evidence = f"{sub} reported in {location}: {deaths} killed, according to local sources (synthetic #{i})."
        sources = rng.choice([1, 1, 1, 2, 3])  # outlets that reported it: overlap for the estimator
        yield (f"IRQ-{i:012x}", day.isoformat(), day.strftime("%Y-%m"), 1, event_type, sub, actor1, actor2,
               "Iraq", "IQ", name, code, None, location, round(lat + rng.uniform(-.3, .3), 4),
               round(lon + rng.uniform(-.3, .3), 4), 1, deaths, rng.choice([None, deaths, deaths * 2]), evidence,
               "; ".join(sorted(rng.sample(OUTLETS, sources))), None, deaths, deaths, sources,
               json.dumps([f"doc-{i}"]), stamp.isoformat(sep=" "))


EVENT_COLUMNS = ("id, event_date, year_month, time_precision, event_type, sub_event_type, actor1, actor2, country, "
                 "country_code, admin1, admin1_code, admin2, location, latitude, longitude, geo_precision, fatalities, "
                 "injuries, evidence, source, source_url, fatalities_low, fatalities_high, source_count, doc_ids, "
                 "updated_at")


def load(path: Path, n: int) -> None:
    """Create the schema through the store (migrations), then bulk-insert with indexes dropped."""
    from rasd.store import Store
    from rasd.store.engine import engine_for

    path.unlink(missing_ok=True)
    Store(engine_for(f"sqlite:///{path}")).close()
    con = sqlite3.connect(path)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;")
    indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name IN "
                          "('events','documents','mentions','event_mentions') AND sql IS NOT NULL").fetchall()
    for name, _ in indexes:
        con.execute(f"DROP INDEX {name}")
    marks = ",".join("?" * len(EVENT_COLUMNS.split(",")))
    started = time.perf_counter()
    con.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({marks})", rows(n))
    con.executemany("INSERT INTO documents (id, content_hash, published, url, outlet, title, text, ingested_at) "
                    "VALUES (?,?,?,?,?,?,?,?)", _documents(con, n))
    con.executemany("INSERT INTO mentions (id, doc_id, \"offset\", event_date, time_precision, event_type, "
                    "sub_event_type, actor1, actor2, admin1, admin1_code, location, latitude, longitude, "
                    "geo_precision, fatalities, evidence, source) SELECT ?,?,0,event_date, time_precision, "
                    "event_type, sub_event_type, actor1, actor2, admin1, admin1_code, location, latitude, longitude, "
                    "geo_precision, fatalities, evidence, source FROM events WHERE id = ?",
                    ((f"m{i:015x}", f"doc-{i}", f"IRQ-{i:012x}") for i in range(0, n, 10)))
    con.executemany("INSERT INTO event_mentions (mention_id, event_id) VALUES (?, ?)",
                    ((f"m{i:015x}", f"IRQ-{i:012x}") for i in range(0, n, 10)))
    for _, sql in indexes:
        con.execute(sql)
    con.execute("ANALYZE")
    con.commit()
    con.close()
    print(f"loaded {n} events in {time.perf_counter() - started:.1f} s -> {path}", flush=True)


def _documents(con: sqlite3.Connection, n: int) -> Iterator[tuple]:
    for i in range(0, n, 10):
        yield (f"doc-{i}", f"{i:064x}", "2011-01-01", f"https://example.org/{i}", OUTLETS[i % len(OUTLETS)],
               f"Synthetic report {i}", f"Synthetic report text {i}.", "2024-01-01 00:00:00")


def event_count(path: Path) -> int:
    try:
        with sqlite3.connect(path) as con:
            return con.execute("SELECT count(*) FROM events").fetchone()[0]
    except sqlite3.Error:
        return -1


def calls(n: int, rng: random.Random) -> list[tuple[str, Callable[[], str]]]:
    """(label, make a URL) for each call timed; parameters vary between repetitions."""
    codes = [g[0] for g in governorates()]
    year = lambda: rng.randrange(2004, 2024)  # noqa: E731
    busy = ["IQ-BG", "IQ-NI", "IQ-AN"]  # enough events a year for an estimate
    span = lambda: "since={0}-01-01&until={0}-12-31".format(year())  # noqa: E731
    detail = lambda: f"IRQ-{rng.randrange(0, n, 10):012x}"  # noqa: E731
    return [
        ("/api/events", lambda: "/api/events"),
        ("/api/events?admin1=", lambda: f"/api/events?admin1={rng.choice(codes)}"),
        ("/api/events?event_type=&since=&until=", lambda: f"/api/events?event_type=Battles&{span()}"),
        ("/api/events?sort=fatalities", lambda: f"/api/events?sort=fatalities&offset={rng.randrange(0, 500)}"),
        ("/api/events?actor=", lambda: f"/api/events?actor={rng.choice(ACTORS)}"),
        ("/api/events?q=", lambda: f"/api/events?q=town%20{rng.randrange(40)}&admin1={rng.choice(codes)}"
                                   f"&since={year()}-01-01"),
        ("/api/events/{id}", lambda: f"/api/events/{detail()}"),
        ("/api/stats?by=month", lambda: "/api/stats?by=month"),
        ("/api/stats?by=admin1", lambda: f"/api/stats?by=admin1&since={year()}-01-01"),
        ("/api/stats?by=event_type&admin1=", lambda: f"/api/stats?by=event_type&admin1={rng.choice(codes)}"),
        ("/api/stats?by=actor", lambda: "/api/stats?by=actor"),
        ("/api/timeline", lambda: "/api/timeline"),
        ("/api/onthisday", lambda: f"/api/onthisday?date={rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"),
        ("/ (dashboard)", lambda: "/"),
        ("/?q= (dashboard, free text)", lambda: f"/?q=town%20{rng.randrange(40)}&since={year()}-01-01"),
        ("/api/stats?by=admin1&actor=", lambda: f"/api/stats?by=admin1&actor={rng.choice(ACTORS)}"),
        ("/?admin1= (dashboard)", lambda: f"/?admin1={rng.choice(codes)}"),
        ("/api/estimate?admin1=&since=&until=", lambda: f"/api/estimate?admin1={rng.choice(busy)}&{span()}"),
        ("/events (table page)", lambda: f"/events?admin1={rng.choice(codes)}"),
        ("/events?sort=fatalities (table page)", lambda: f"/events?admin1={rng.choice(codes)}&sort=fatalities"),
        ("/events/{id} (event page)", lambda: f"/events/{detail()}"),
        ("/api/review/queue", lambda: "/api/review/queue"),
        ("/api/review/queue?admin1=&event_type=", lambda: f"/api/review/queue?admin1={rng.choice(codes)}"
                                                          f"&event_type={rng.choice(list(TYPES))}"),
        ("/api/review/queue?since=&until=", lambda: f"/api/review/queue?{span()}"),
        ("/review (queue page)", lambda: "/review"),
        ("/review?admin1= (queue page)", lambda: f"/review?admin1={rng.choice(codes)}"),
        ("/review?event= (queue page, one event)", lambda: f"/review?event={detail()}"),
    ]


def edit_round_trip(client: object, n: int, rng: random.Random) -> Callable[[], object]:
    """A correction and the page that shows it: what an editor waits for on saving."""
    # injuries never given before, even to an event a previous run of the bench corrected (the
    # desk refuses an edit that changes nothing)
    counter = iter(range(1000 + time.time_ns() // 1000 % 90_000, 100_000))

    def run() -> object:
        event_id = f"IRQ-{rng.randrange(0, n):012x}"
        changes = {"injuries": 1000 + next(counter), "location": "Zubair", "admin1_code": "IQ-BA"}
        posted = client.post(f"/api/events/{event_id}/review", json={"action": "edit", "changes": changes,  # type: ignore[attr-defined]
                                                                     "note": "bench"})
        if posted.status_code != 200:
            return posted
        return client.get(f"/events/{event_id}")  # type: ignore[attr-defined]
    return run


def editor_token(store: object) -> str:
    """An API token of the editor account "bench" (made if missing)."""
    from rasd.accounts import new_token, token_hash

    if store.users.get("bench") is None:  # type: ignore[attr-defined]
        store.users.add("bench", "editor", None)  # type: ignore[attr-defined]
    token = new_token()
    store.users.add_token("bench", token_hash(token), "bench/web.py")  # type: ignore[attr-defined]
    return token


def measure(url: str, n: int, repeat: int) -> None:
    from fastapi.testclient import TestClient

    from rasd.settings import Settings
    from rasd.store import Store
    from rasd.store.engine import engine_for
    from rasd.web import create_app

    store = Store(engine_for(url))
    client = TestClient(create_app(Settings(db=url), store))
    client.headers["Authorization"] = f"Bearer {editor_token(store)}"
    rng = random.Random(SEED)
    timed = [(label, lambda make=make: client.get(make())) for label, make in calls(n, rng)]
    timed.append(("edit round-trip (POST /api/events/{id}/review, GET /events/{id})", edit_round_trip(client, n, rng)))
    for label, run in timed:
        for _ in range(2):  # warm-up: first-use costs (page cache, template compile) are not the steady state
            run()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = run()
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{label}: {response.request.url}: HTTP {response.status_code}: {response.text[:200]}")
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        print(f"{label} median {statistics.median(times):.1f} ms p95 {p95:.1f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/rasd-web-bench.db"))
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--reload", action="store_true", help="rebuild the database even if it exists")
    parser.add_argument("--url", help="time the calls against this database URL instead (e.g. a PostgreSQL "
                                      "database loaded beforehand); --events says how many events it holds")
    args = parser.parse_args()
    if args.url:
        measure(args.url, args.events, args.repeat)
        return
    if event_count(args.db) != args.events or args.reload:
        load(args.db, args.events)
    else:
        print(f"reusing {args.db} ({args.events} events)")
    measure(f"sqlite:///{args.db}", args.events, args.repeat)


if __name__ == "__main__":
    main()
