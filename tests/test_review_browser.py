"""The review desk as an editor uses it: a real server, Debian's Chromium driven by Playwright.

One editor logs in and reviews five events by keyboard (a merge, two accepts, a correction of
the place through autocomplete with a hostile note, a rejection); a viewer is refused an edit;
a post without its CSRF token is refused; after `rasd reprocess` the corrections still stand.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import web_data
from browser import CHROMIUM, chromium, serve, watched_page
from typer.testing import CliRunner

from rasd.accounts import hash_password
from rasd.cli import app as cli
from rasd.model import Article, EventMention
from rasd.settings import Settings
from rasd.web import create_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make test installs it)"),
]
PASSWORD = "correct horse battery"
HOSTILE_NOTE = '<img src=x onerror="alert(1)"><script>alert(2)</script> the hospital said Zubair'


def _report(doc_id: str, day: date, text: str, outlet: str, place: tuple, sub_type: tuple) -> tuple:
    article = Article(doc_id, text, day, None, outlet, text[:40])
    name, gov, code, lat, lon = place
    mention = EventMention(doc_id=doc_id, event_date=day, time_precision=1, event_type=sub_type[0],
                           sub_event_type=sub_type[1], actor1="Unidentified Armed Group (Iraq)", country="Iraq",
                           country_code="IQ", admin1=gov, admin1_code=code, location=name, latitude=lat,
                           longitude=lon, geo_precision=1, fatalities=3, evidence=text, source=outlet)
    return article, [mention]


def desk_items() -> list[tuple]:
    """Two reports of one Kirkuk incident that rasd keeps apart (types and towns differ): the
    newest in the queue, so the editor merges them first."""
    kirkuk = ("Kirkuk", "Kirkuk", "IQ-KI", 35.4681, 44.3922)
    hawija = ("Hawija", "Kirkuk", "IQ-KI", 35.3252, 43.7784)
    ied = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    clash = ("Battles", "Armed clash")
    return [
        _report("kirkuk-a", date(2013, 3, 10), "A roadside bomb exploded in Kirkuk on Sunday, killing three people.",
                "Outlet K", kirkuk, ied),
        _report("kirkuk-b", date(2013, 3, 9), "Gunmen fought police near Hawija on Saturday; three were killed.",
                "Outlet H", hawija, clash),
    ]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("desk") / "rasd.db"
    store = web_data.build(path)
    store.ingest([*web_data.overlapping(4), *desk_items()])
    store.users.add("ed", "editor", hash_password(PASSWORD))
    store.users.add("vi", "viewer", hash_password(PASSWORD))
    for base in serve(create_app(Settings(db="sqlite:///unused.db"), store)):
        yield base, store, f"sqlite:///{path}"


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def _page(browser):
    return watched_page(browser, ignore="403")


def _login(page, base: str, name: str, then: str = "/review") -> None:
    page.goto(f"{base}/login?next={then}")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(f"**{then}**")


def _total(page) -> int:
    return int(page.locator("#queue-total").inner_text())


def _current(page) -> str:
    return page.locator("#item").get_attribute("data-id")


def _press(page, key: str) -> None:
    """A key on the review page, then the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_an_editor_reviews_five_events_by_keyboard(served, browser, tmp_path):
    base, store, _ = served
    page = _page(browser)
    _login(page, base, "ed")
    start = _total(page)
    assert page.locator("#queue li").count() == start

    # 1. m: the Kirkuk bombing is the Hawija report's incident; candidate 1 is the Hawija event
    kirkuk = _current(page)
    page.keyboard.press("m")
    assert page.locator("#merge-form").is_visible()
    assert "Hawija" in page.locator("#candidates li").first.inner_text()
    hawija = page.locator("#candidates button.candidate").first.get_attribute("value")
    _press(page, "1")
    assert _total(page) == start - 1
    assert set(store.get_event(hawija).doc_ids) == {"kirkuk-a", "kirkuk-b"} and store.get_event(kirkuk) is None

    # 2, 3. a, a: accept the merged event, then the next one
    assert _current(page) == hawija
    _press(page, "a")
    accepted = _current(page)
    _press(page, "a")
    assert _total(page) == start - 3
    assert store.get_event(hawija).review_status == store.get_event(accepted).review_status == "accepted"

    # 4. e: correct the place through autocomplete, with a note that tries to run script
    edited = _current(page)
    _press(page, "e")
    page.fill("#f-location", "")
    page.locator("#f-location").press_sequentially("Zubai", delay=30)
    option = page.locator("#place-options li", has_text="Zubair")
    option.first.wait_for()
    option.first.click()
    assert page.locator("#f-admin1_code").input_value() == "IQ-BA"
    assert page.locator("#f-latitude").input_value().startswith("30.")
    page.fill("#f-note", HOSTILE_NOTE)
    with page.expect_navigation():
        page.click("#save")
    assert _total(page) == start - 4
    fixed = store.get_event(edited)
    assert (fixed.mention.location, fixed.mention.admin1, fixed.review_status) == ("Zubair", "Basra", "edited")

    # 5. x: reject, with a reason typed in the panel and Enter
    rejected = _current(page)
    page.keyboard.press("x")
    page.locator("#reject-note").fill("a drill, not an attack")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _total(page) == start - 5
    assert store.get_event(rejected) is None and store.review.status(rejected) == "rejected"

    # j/k move through what is left without deciding anything
    here = _current(page)
    _press(page, "j")
    assert _current(page) != here
    _press(page, "k")
    assert _current(page) == here and _total(page) == start - 5

    # the corrected event's page: its history, the hostile note shown as text and never run
    page.goto(f"{base}/events/{edited}")
    history = page.locator("#history").inner_text()
    assert "location: " in history and "→ Zubair" in history and "<script>alert(2)</script>" in history
    assert page.locator("#history img").count() == 0 and page.locator("#history script").count() == 0
    page.screenshot(path=str(tmp_path / "history.png"), full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]  (an alert would have been recorded)
    page.close()


def test_a_viewer_is_refused_an_edit(served, browser):
    base, store, _ = served
    page = _page(browser)
    _login(page, base, "vi", then="/events")
    assert page.locator("#nav-review").count() == 0  # the menu offers no review to a viewer
    event = page.locator("#events-table tbody tr a").first.get_attribute("href").rsplit("/", 1)[1]
    response = page.goto(f"{base}/events/{event}/edit")
    assert response.status == 403 and "viewer" in page.locator("main").inner_text()
    assert page.goto(f"{base}/review").status == 403
    page.close()


def test_a_post_without_its_csrf_token_is_refused(served, browser):
    base, store, _ = served
    page = _page(browser)
    _login(page, base, "ed")
    event = _current(page)
    page.evaluate("document.querySelector('#accept-form input[name=csrf]').remove()")
    with page.expect_navigation():
        page.keyboard.press("a")
    assert "CSRF" in page.locator("main").inner_text()
    assert store.review.status(event) is None  # nothing was decided
    page.close()


def test_corrections_stand_after_reprocess(served, browser):
    base, store, url = served
    page = _page(browser)
    _login(page, base, "ed")
    event = _current(page)
    page.goto(f"{base}/events/{event}/edit")
    page.fill("#f-fatalities", "9")
    page.fill("#f-note", "the morgue's count")
    with page.expect_navigation():
        page.click("#save")
    result = CliRunner().invoke(cli, ["reprocess", "--db", url, "-q"])
    assert result.exit_code == 0, result.output
    page.goto(f"{base}/events/{event}")
    assert re.search(r"Fatalities\s*9", page.locator("#event-fields").inner_text())
    assert "fatalities: " in page.locator("#history").inner_text()
    assert page.errors == []  # type: ignore[attr-defined]
    page.close()
