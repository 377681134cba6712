"""`kill -9` of `rasd watch` at random moments loses no stored document and re-fetches none.

A real `rasd watch` process polls three feeds of a loopback news site (33 real reports, each page
served slowly enough that kills land mid-fetch, mid-extraction and mid-transaction) and is
killed with SIGKILL at random moments, then restarted, several times; a last `--once` finishes
the work. The database must then hold exactly what one uninterrupted run stores, and no article
may have been downloaded twice, except one in flight at the moment of a kill (its body had not
reached the database: fetching it again is the only way not to lose it).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsroom import Newsroom, NewsServer, Reply
from rasd.settings import Settings
from rasd.store import Store, engine_for
from rasd.watch import build_watcher
from rasd.watch.sources import spec

pytestmark = pytest.mark.slow
FEEDS, PER_FEED, KILLS, WORKERS = 3, 14, 5, 3
ENV = {"RASD_HOST_INTERVAL": "0", "RASD_MAX_ITEM_AGE_DAYS": "0", "RASD_USER_AGENT": "rasd-test/1.0",
       "RASD_WATCH_WORKERS": str(WORKERS), "RASD_FETCH_TIMEOUT": "5"}


def _site(server: NewsServer) -> Newsroom:
    room = Newsroom(server)
    for feed in range(FEEDS):
        items = []
        for n in range(PER_FEED):
            path, title, day = room.add_article(feed * PER_FEED + n)
            slow = server.routes[path]
            server.routes[path] = lambda request, route=slow: _delayed(route(request))
            items.append((path, title, day))
        room.feed(f"/feed{feed}.xml", items)
    return room


def _delayed(reply: Reply) -> Reply:
    reply.delay = 0.08
    return reply


def _add_sources(db: str, server: NewsServer) -> Store:
    store = Store(engine_for(db))
    for feed in range(FEEDS):
        store.sources.add(spec(server.url(f"/feed{feed}.xml"), f"Feed {feed}", every="1h"))
    return store


def _watch(db: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, **ENV}
    return subprocess.Popen([sys.executable, "-m", "rasd.cli", "watch", "--db", db, "--log-format", "text", *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _started(process: subprocess.Popen) -> None:
    """Wait for the watcher's first log line after start-up (imports take a while on a busy machine)."""
    for line in process.stderr:  # type: ignore[union-attr]
        if "watch_started" in line:
            return
    raise AssertionError("rasd watch ended before it started watching")


def test_kill_9_at_random_moments_loses_nothing_and_fetches_nothing_twice(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("RASD_KILL_SEED", time.time_ns() % 10_000)))
    with NewsServer() as server:
        room = _site(server)
        db = f"sqlite:///{tmp_path / 'killed.db'}"
        _add_sources(db, server).close()
        kills = 0
        for _ in range(KILLS):
            process = _watch(db)
            _started(process)
            time.sleep(rng.uniform(0.0, 4.0))  # fetching, reading, storing, or warming up
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
            process.wait(timeout=30)
        finish = _watch(db, "--once", "--force")
        _, errors = finish.communicate(timeout=300)
        assert finish.returncode == 0, errors
        article_paths = [p for p in room.truth]
        hits = {p: server.hits(p) for p in article_paths}

    killed = Store(engine_for(db))
    clean = Store(engine_for(f"sqlite:///{tmp_path / 'clean.db'}"))
    with NewsServer() as again:
        _site(again)
        for feed in range(FEEDS):
            clean.sources.add(spec(again.url(f"/feed{feed}.xml"), f"Feed {feed}", every="1h"))
        build_watcher(Settings(db="sqlite://", host_interval=0, max_item_age_days=0, user_agent="rasd-test/1.0"),
                      clean).run_once()

    assert kills >= KILLS - 1, "the watcher ended by itself before it could be killed"
    counts = killed.counts()
    assert counts["documents"] == len(article_paths) == clean.counts()["documents"]
    assert counts == clean.counts()  # the same documents, mentions and events as one clean run
    assert {(e.mention.event_date, e.mention.admin1_code, e.mention.sub_event_type) for e in killed.iter_events()} == \
           {(e.mention.event_date, e.mention.admin1_code, e.mention.sub_event_type) for e in clean.iter_events()}
    assert all(n >= 1 for n in hits.values())
    refetched = [p for p, n in hits.items() if n > 1]
    assert len(refetched) <= kills * WORKERS, refetched  # at most the pages in flight when killed
    assert all(hits[p] <= 1 + kills for p in refetched)
    states = killed.pages.counts_by_source()
    assert sum(n for by_state in states.values() for s, n in by_state.items() if s != "stored") == 0, states
