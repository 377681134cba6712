"""On this day: events of a calendar day in earlier years, from a real (in-memory SQLite) store."""

from __future__ import annotations

from datetime import date

import pytest

from rasd.analysis import on_this_day, parse_month_day
from rasd.errors import ConfigError
from rasd.model import Article, EventMention
from rasd.store import Store


def _report(doc_id: str, day: date, precision: int = 1, place: str = "Amarah") -> tuple[Article, list[EventMention]]:
    text = f"A roadside bomb exploded in {place} on {day:%B %d, %Y}, killing two people."
    article = Article(id=doc_id, text=text, published=day, outlet=f"Outlet {doc_id}")
    mention = EventMention(
        doc_id=doc_id, event_date=day, time_precision=precision, event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED", admin1="Maysan", admin1_code="IQ-MA", location=place,
        latitude=31.8356, longitude=47.1448, geo_precision=1, fatalities=2, evidence=text, source=f"Outlet {doc_id}",
    )
    return article, [mention]


@pytest.fixture()
def store() -> Store:
    store = Store.open("sqlite://")
    store.ingest([
        _report("a", date(2011, 4, 1)),
        _report("b", date(2007, 4, 1), place="Kumait"),
        _report("c", date(2007, 4, 2)),  # the next day: not listed
        _report("d", date(2009, 4, 15), precision=3),  # month only, dated mid-month
        _report("e", date(2026, 4, 1)),  # this year: not an earlier year
        _report("f", date(2012, 2, 29)),
    ])
    return store


def test_lists_the_day_in_earlier_years_newest_first(store: Store) -> None:
    found = on_this_day(store, "04-01", today=date(2026, 6, 1))
    assert [e.mention.event_date for e in found] == [date(2011, 4, 1), date(2007, 4, 1)]


def test_month_only_dates_are_not_days(store: Store) -> None:
    assert on_this_day(store, "04-15", today=date(2026, 6, 1)) == []


def test_leap_day_and_default_today(store: Store) -> None:
    assert [e.mention.event_date for e in on_this_day(store, "02-29", today=date(2026, 3, 1))] == [date(2012, 2, 29)]
    assert [e.mention.event_date.year for e in on_this_day(store, None, today=date(2030, 4, 1))] == [2026, 2011, 2007]


@pytest.mark.parametrize("text", ["4/1", "13-01", "02-30", "april"])
def test_bad_days_are_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="MM-DD"):
        parse_month_day(text)


def test_cli_onthisday(tmp_path) -> None:
    from typer.testing import CliRunner

    from rasd.cli import app

    db = f"sqlite:///{tmp_path / 'day.db'}"
    Store.open(db).ingest([_report("a", date(2011, 4, 1)), _report("b", date(2007, 4, 1), place="Kumait")])
    result = CliRunner().invoke(app, ["onthisday", "04-01", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("2011-04-01") and lines[1].startswith("2007-04-01") and "Kumait" in lines[1]
    bad = CliRunner().invoke(app, ["onthisday", "4/1", "--db", db])
    assert bad.exit_code == 2 and "MM-DD" in bad.output
