"""The monitor's pages in a real browser: alerts, the digest and source health, with hostile names."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from rasd.alerts import load_rules, raise_alerts
from rasd.settings import Settings
from rasd.store import Store
from rasd.store.rows import now
from rasd.watch.sources import spec
from rasd.web import create_app
from test_alerts import TODAY, history
from browser import CHROMIUM, serve
from test_web_browser import page  # noqa: F401 - the same headless Chromium tab

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make test installs it)")]
HOSTILE = '<img src=x onerror="alert(1)">Wire'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('monitor') / 'rasd.db'}")
    history(store)
    raise_alerts(store, load_rules(None), today=TODAY)
    failing = store.sources.add(spec("https://wire.example.org/feed", HOSTILE))
    for _ in range(3):
        store.sources.record_failure(failing.id, now(), now() + timedelta(hours=1), "timed out (no answer within 20 s)")
    yield from serve(create_app(Settings(db="sqlite:///unused.db"), store))


def test_alerts_digest_and_sources_pages(server, page, tmp_path) -> None:
    page.goto(server + "/")
    page.click("header nav >> text=Alerts")
    page.wait_for_url("**/alerts")
    assert page.locator("#alerts li.alert").count() == 5
    page.select_option("select[name=kind]", "deadly")
    page.click("form.filters button")
    page.wait_for_url("**/alerts?kind=deadly**")
    assert page.locator("#alerts li.alert").count() == 1
    page.click("#alerts a:text('the event')")
    page.wait_for_url("**/events/IRQ-*")
    assert page.locator("#sources li.source").count() == 1

    page.click("header nav >> text=Sources")
    page.wait_for_url("**/sources")
    row = page.locator("#sources-table tbody tr").first
    assert HOSTILE in row.inner_text()  # shown as text, never run
    assert "failing" in row.locator("td.status").inner_text()
    assert "timed out" in row.locator("td.error").inner_text()

    page.click("header nav >> text=Digest")
    page.wait_for_url("**/digest")
    assert "event(s)" in page.locator("#digest-headline").inner_text()
    page.click("a[rel=prev]")
    page.wait_for_url("**/digest?date=*")
    shot = Path(os.environ.get("RASD_SCREENSHOT_DIR", tmp_path)) / "digest.png"
    page.screenshot(path=str(shot), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]
