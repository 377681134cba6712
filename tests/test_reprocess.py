"""`rasd reprocess`: kept raw pages are read again, without fetching; changed readings replace documents."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newsroom import Newsroom, NewsServer, page
from rasd.cli import app
from rasd.settings import Settings
from rasd.store import Store
from rasd.watch import build_watcher
from rasd.watch.sources import spec


def test_reprocess_reads_kept_pages_again_and_replaces_what_changed(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'rasd.db'}"
    store = Store.open(db)
    with NewsServer() as server:
        room = Newsroom(server)
        items = [room.add_article(i) for i in range(20, 26)]
        server.routes["/menu"] = page("<html><body><nav><a href='/'>Home</a></nav></body></html>")
        room.feed("/feed.xml", [*items, ("/menu", "menu", None)])
        source = store.sources.add(spec(server.url("/feed.xml"), "Wire"))
        build_watcher(Settings(db=db, host_interval=0, max_item_age_days=0, user_agent="rasd-test/1.0"), store).run_once()
        hits = len(server.requests)
    before = store.counts()
    assert before["documents"] == 6
    events_before = sorted((e.mention.event_date, e.mention.admin1_code, e.mention.sub_event_type) for e in store.iter_events())

    runner = CliRunner()
    unchanged = runner.invoke(app, ["reprocess", "--all", "--db", db])
    assert unchanged.exit_code == 0, unchanged.stderr
    assert "1 page(s) without an article read again (1 empty)" in unchanged.stderr
    assert "6 stored page(s) read again: 0 replaced, 6 unchanged" in unchanged.stderr
    assert store.counts() == before

    # the outlet is renamed: every reading now differs (the outlet is part of a document's identity)
    store.sources.seed([spec(source.url, "Wire Agency")])
    renamed = runner.invoke(app, ["reprocess", "--all", "--source", "Wire Agency", "--db", db])
    assert "6 replaced, 0 unchanged" in renamed.stderr
    after = store.counts()
    assert (after["documents"], after["mentions"], after["events"]) == (before["documents"], before["mentions"], before["events"])
    assert sorted((e.mention.event_date, e.mention.admin1_code, e.mention.sub_event_type) for e in store.iter_events()) == events_before
    assert {e.mention.source for e in store.iter_events()} == {"Wire Agency"}
    assert store.sources.get(source.id).articles == 6  # replaced documents are not counted twice
    assert len(server.requests) == hits  # nothing was fetched again
