"""`rasd watch` end to end against a real news site on loopback, hostile cases included."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from newsroom import (DOCS, Newsroom, NewsServer, Reply, atom, gzipped, news_sitemap, page, redirect, sequence,
                      sitemap_index, status)
from rasd.cli import app
from rasd.settings import Settings
from rasd.store import Store
from rasd.store.rows import now
from rasd.watch import build_watcher
from rasd.watch.sources import spec
from test_warc import write_archive


def settings(db: str, **overrides) -> Settings:
    values = dict(db=db, host_interval=0.0, fetch_backoff=0.01, fetch_timeout=0.5, fetch_retries=1,
                  fetch_max_mb=2.0, max_item_age_days=0, watch_workers=2, user_agent="rasd-test/1.0")
    values.update(overrides)
    return Settings(**values)


def pages_by_url(store: Store) -> dict[str, SimpleNamespace]:
    return {url: SimpleNamespace(**entry) for url, entry in store.pages.ledger().items()}


@pytest.fixture
def newsroom():
    with NewsServer() as server:
        yield Newsroom(server)


def test_a_feed_is_read_politely_and_every_trouble_is_named(newsroom: Newsroom, store: Store) -> None:
    room, base = newsroom, newsroom.server.base
    good = [room.add_article(i) for i in range(4)]
    twin_path, _, _ = room.add_article(0, "/mirror/copy-of-0", layout=2)  # same report, another page and URL
    room.server.routes["/moved"] = redirect("/news/5")
    moved = room.add_article(5)
    room.add_article(17)
    room.server.routes["/later"] = sequence(status(429, **{"Retry-After": "1"}), room.server.routes["/news/17"])
    room.server.routes["/gone"] = status(404)
    room.server.routes["/broken-server"] = status(500)
    room.server.routes["/slow"] = lambda request: Reply(200, b"<p>late</p>", {"Content-Type": "text/html"}, delay=1.5)
    room.server.routes["/huge"] = lambda request: Reply(200, (b"<p>" + b"x" * 1000 + b"</p>") * 3000, {"Content-Type": "text/html"})
    room.server.routes["/report.pdf"] = lambda request: Reply(200, b"%PDF-1.4", {"Content-Type": "application/pdf"})
    room.server.routes["/private/leak"] = page("<p>secret</p>")
    arabic = "<html><head><meta charset='windows-1256'><title>انفجار في البصرة</title></head><body><article><p>" + \
             "البصرة: قتل شرطيان وأصيب ثلاثة آخرون بانفجار عبوة ناسفة استهدفت دوريتهم في قضاء الزبير غرب البصرة يوم الاثنين، " * 3 + \
             "بحسب مصدر أمني.</p></article></body></html>"
    room.server.routes["/ar"] = lambda request: Reply(200, arabic.encode("cp1256"), {"Content-Type": "text/html"})
    items = [*good, good[0], (good[1][0] + "?utm_source=rss&utm_medium=feed", good[1][1], good[1][2]),
             (twin_path, "copy", None), ("/moved", "moved", None), ("/later", "later", None), ("/gone", "gone", None),
             ("/broken-server", "500", None), ("/slow", "slow", None), ("/huge", "huge", None),
             ("/report.pdf", "pdf", None), ("/private/leak", "private", None), ("/ar", "arabic", None)]
    room.feed("/feed.xml", items, etag='"v1"')
    source = store.sources.add(spec(base + "/feed.xml", "Test Wire"))

    watcher = build_watcher(settings("sqlite://"), store)
    (result,) = watcher.run_once()

    assert result.error is None and result.listed == len(items) - 2  # the repeated link and its utm twin
    ledger = pages_by_url(store)
    state = {url.removeprefix(base): row.state for url, row in ledger.items()}
    assert {state[p] for p, _, _ in good} == {"stored"}
    assert state[twin_path] == "republished"
    assert ledger[base + twin_path].doc_id == ledger[base + good[0][0]].doc_id
    assert state["/later"] == "stored" and room.server.hits("/later") == 2  # after its Retry-After
    assert state["/moved"] == "stored" and ledger[base + "/moved"].final_url == base + moved[0]
    assert state["/gone"] == "failed" and "HTTP 404" in ledger[base + "/gone"].error
    assert state["/broken-server"] == "retry" and "HTTP 500" in ledger[base + "/broken-server"].error
    assert state["/slow"] == "retry" and "timed out" in ledger[base + "/slow"].error
    assert state["/huge"] == "failed" and "over the 2 MB limit" in ledger[base + "/huge"].error
    assert state["/report.pdf"] == "failed" and "not a web page (application/pdf)" in ledger[base + "/report.pdf"].error
    assert state["/private/leak"] == "blocked" and room.server.hits("/private/leak") == 0
    assert state["/ar"] == "stored"
    assert "الزبير" in store.get_document(ledger[base + "/ar"].doc_id).text
    for path, _, _ in good:  # each article fetched once, whatever the feed repeated
        assert room.server.hits(path) == 1
        doc = store.get_document(ledger[base + path].doc_id)
        assert doc.outlet == "Test Wire" and str(doc.published) == room.truth[path]["published"] and doc.title
        assert "Most read" not in doc.text
    health = store.sources.get(source.id)
    assert health.last_success is not None and health.consecutive_failures == 0
    assert health.articles == 7 and health.events >= 4  # 4 reports, the redirected one, /later, /ar
    assert health.cursor["validators"] == {"etag": '"v1"'}

    # the next poll: a 304 for the feed, nothing fetched again, the transient failures tried again
    store.sources.set_paused(source.id, False)
    (again,) = watcher.run_once()
    assert again.not_modified and again.fetched == 0
    assert all(room.server.hits(p) == 1 for p, _, _ in good)
    assert room.server.hits("/feed.xml") == 2


def test_a_feed_that_changes_between_polls_gives_only_its_new_items(newsroom: Newsroom, store: Store) -> None:
    room = newsroom
    first = [room.add_article(i) for i in range(6, 9)]
    room.feed("/feed.xml", first)
    store.sources.add(spec(room.server.url("/feed.xml"), "Wire"))
    watcher = build_watcher(settings("sqlite://"), store)
    assert watcher.run_once()[0].stored == 3
    second = [room.add_article(i) for i in range(9, 11)]
    room.feed("/feed.xml", second + first[:1])
    (result,) = watcher.run_once(force=True)
    assert (result.listed, result.new, result.stored) == (3, 2, 2)
    assert all(room.server.hits(p) == 1 for p, _, _ in first + second)


def test_atom_feeds_and_news_sitemaps(newsroom: Newsroom, store: Store) -> None:
    room = newsroom
    atom_items = [room.add_article(i) for i in (11, 12)]
    map_items = [room.add_article(i) for i in (13, 14, 15)]
    room.server.routes["/atom.xml"] = page(atom(room.server.base, atom_items), "application/atom+xml")
    room.server.routes["/sitemap_index.xml"] = page(sitemap_index(room.server.base, [("/news-sitemap.xml.gz", map_items[0][2])]),
                                                    "application/xml")
    room.server.routes["/news-sitemap.xml.gz"] = lambda r: Reply(200, gzipped(news_sitemap(room.server.base, map_items)),
                                                                 {"Content-Type": "application/x-gzip"})
    store.sources.add(spec(room.server.url("/atom.xml"), "Atom News", kind="atom"))
    store.sources.add(spec(room.server.url("/sitemap_index.xml"), "Sitemap News"))
    results = build_watcher(settings("sqlite://"), store).run_once()
    assert sorted(r.stored for r in results) == [2, 3]
    titles = {store.get_document(row.doc_id).title for row in pages_by_url(store).values()}
    assert {t for _, t, _ in atom_items + map_items} <= titles


def test_broken_feeds_and_sitemaps_are_failures_in_words_with_backoff(newsroom: Newsroom, store: Store) -> None:
    room = newsroom
    room.server.routes["/broken.xml"] = page("<?xml version='1.0'?><rss><channel><title>x</title><item><title>a",
                                             "application/rss+xml")
    room.server.routes["/sitemap.xml"] = page("<urlset><url><loc>", "application/xml")
    room.server.routes["/down.xml"] = status(503)
    for path in ("/broken.xml", "/sitemap.xml", "/down.xml"):
        store.sources.add(spec(room.server.url(path), every="15m"))
    watcher = build_watcher(settings("sqlite://"), store)
    before = now()
    results = {store.sources.get(r.source_id).url.rsplit("/", 1)[1]: r for r in watcher.run_once()}
    assert "not a readable RSS or Atom feed" in results["broken.xml"].error
    assert "sitemap is not valid XML (line 1" in results["sitemap.xml"].error
    assert results["down.xml"].error == "HTTP 503 Service Unavailable"
    for source in store.sources.all():
        assert source.consecutive_failures == 1 and source.last_error and source.last_success is None
        assert source.next_due >= before + timedelta(minutes=15)
    watcher.run_once(force=True)
    assert {s.consecutive_failures for s in store.sources.all()} == {2}
    assert all(s.next_due >= before + timedelta(minutes=30) for s in store.sources.all())  # backing off


def test_a_folder_source_reads_new_and_changed_files(tmp_path: Path, store: Store) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    store.sources.add(spec(str(drop), "Drop box"))
    watcher = build_watcher(settings("sqlite://"), store)
    (drop / "a.txt").write_text(f"{DOCS[0]['published']}\n{DOCS[0]['title']}\n\n{DOCS[0]['text']}", encoding="utf-8")
    (drop / "b.jsonl").write_text("".join(json.dumps(d) + "\n" for d in DOCS[1:4]), encoding="utf-8")
    (drop / "notes.md").write_text("not a report")
    write_archive(drop / "crawl.warc.gz")  # three pages
    _settle(*drop.iterdir())
    assert watcher.run_once(force=True)[0].stored == 7
    assert watcher.run_once(force=True)[0].new == 0  # nothing new: nothing read
    with (drop / "b.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(DOCS[4]) + "\n")
    shutil.copy(drop / "a.txt", drop / "a-copy.txt")
    _settle(drop / "b.jsonl", drop / "a-copy.txt")
    (result,) = watcher.run_once(force=True)
    assert (result.new, result.stored, result.states["duplicate"]) == (2, 1, 4)
    assert store.sources.all()[0].articles == 8


def _settle(*paths: Path) -> None:
    """Date files back, as if written a while ago (the watcher leaves fresh files to settle)."""
    import os
    import time

    for path in paths:
        old = time.time() - 60
        os.utime(path, (old, old))


def test_watch_once_on_the_command_line_logs_json(newsroom: Newsroom, tmp_path: Path) -> None:
    room = newsroom
    room.feed("/feed.xml", [room.add_article(16)])
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nurl = "{room.server.url("/feed.xml")}"\nname = "CLI Wire"\n')
    db = f"sqlite:///{tmp_path / 'rasd.db'}"
    env = {"RASD_HOST_INTERVAL": "0", "RASD_MAX_ITEM_AGE_DAYS": "0", "RASD_USER_AGENT": "rasd-test/1.0"}
    result = CliRunner().invoke(app, ["watch", "--once", "--sources", str(sources), "--db", db], env=env)
    assert result.exit_code == 0, result.stderr
    assert "1 source(s) added" in result.stderr and "1 new document(s)" in result.stderr
    logged = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    poll = next(entry for entry in logged if entry["event"] == "poll")
    assert poll["name"] == "CLI Wire" and poll["stored"] == 1 and poll["level"] == "info"
