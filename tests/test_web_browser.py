"""End to end: a real server on a free port, driven in Debian's headless Chromium by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import web_data
from browser import CHROMIUM, chromium, serve, watched_page
from rasd.settings import Settings
from rasd.web import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make test installs it)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = web_data.build(tmp_path_factory.mktemp("browser") / "rasd.db")
    yield from serve(create_app(Settings(db="sqlite:///unused.db"), store))


@pytest.fixture(scope="module")
def page():
    for browser in chromium():
        yield watched_page(browser)


def test_dashboard_filter_open_event_and_sources(server, page, tmp_path):
    page.goto(server + "/")
    assert page.locator("svg#map path.gov").count() == 18
    assert page.locator("#total").inner_text() == "5"
    # Chart.js drew the timeline into the canvas (no CDN: the script came from the app).
    assert page.evaluate("() => typeof Chart !== 'undefined' && Chart.getChart('timeline') !== undefined")

    page.select_option("#filter-admin1", "IQ-MA")  # submits on change
    page.wait_for_url("**/?admin1=IQ-MA")
    assert page.locator("#total").inner_text() == "2"
    assert page.locator("svg#map path.selected").count() == 1

    page.click("text=Table")
    page.wait_for_url("**/events?admin1=IQ-MA")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == 2
    page.click("#events-table a:text('2011-04-01')")
    page.wait_for_url("**/events/IRQ-*")
    # Two outlets reported the April bombing: one event, both sources, each evidence highlighted.
    sources = page.locator("#sources li.source")
    assert sources.count() == 2
    assert {"Alsumaria", "Aswat al-Iraq"} <= {sources.nth(i).locator("strong").inner_text() for i in range(2)}
    assert page.locator("#sources blockquote.evidence mark").count() == 2
    # Each evidence sentence is also highlighted inside its report, one click away.
    page.locator("#sources details.context summary").first.click()
    assert page.locator("#sources details.context mark").first.is_visible()

    shot = Path(os.environ.get("RASD_SCREENSHOT_DIR", tmp_path)) / "event.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.errors == []  # type: ignore[attr-defined]


def test_sorting_and_shareable_urls(server, page):
    page.goto(server + "/events")
    page.click("#events-table th >> text=Fatalities")
    page.wait_for_url("**sort=fatalities**")
    first = page.locator("#events-table tbody tr").first.locator("td.num").first.inner_text()
    assert first == "3"  # the Baghdad clash, three dead


def test_hostile_text_does_not_run(server, page, tmp_path):
    page.goto(server + "/events?admin1=IQ-AN")
    page.locator("#events-table tbody tr a").first.click()
    page.wait_for_url("**/events/IRQ-*")
    assert "<script>" in page.locator("#sources mark").first.inner_text()  # shown as text
    assert page.locator("#sources a[href^='javascript']").count() == 0
    assert page.errors == []  # type: ignore[attr-defined]  (an alert would have been recorded)
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)


def test_on_this_day_page(server, page):
    page.goto(server + "/onthisday?date=06-02")
    assert "Adhamiyah" in page.locator("#events-table").inner_text()
