"""Country and language are data: a second country from files alone, the default Iraq data untouched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rasd.extract import Extractor, extract
from rasd.extract.actors import ActorDictionary
from rasd.geo import Gazetteer
from rasd.model import Article

JORDAN = Path(__file__).resolve().parent / "data" / "country"
REPORT = ("ZARQA, Jordan (Wire) -- Gunmen attacked an army checkpoint in Hashemiyeh on Monday, killing two "
          "soldiers, a security source said.")


@pytest.fixture(scope="module")
def jordan() -> Extractor:
    gazetteer = Gazetteer.from_dir(JORDAN / "gazetteer")
    actors = ActorDictionary.from_lines((JORDAN / "actors.jsonl").read_text(encoding="utf-8").splitlines(),
                                        home=gazetteer.country.name)
    return Extractor(gazetteer, actors)


def test_an_event_in_the_second_country(jordan: Extractor) -> None:
    [event] = jordan.extract(Article("jo-1", REPORT, date(2015, 3, 10)))
    assert (event.country, event.country_code, event.admin1, event.admin1_code) == ("Jordan", "JO", "Zarqa", "JO-AZ")
    assert (event.location, event.latitude, event.longitude) == ("Hashemiyeh", 32.1263, 36.1044)
    assert (event.event_date, event.sub_event_type, event.fatalities) == (date(2015, 3, 9), "Armed clash", 2)
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group (Jordan)", "Military Forces of Jordan")


def test_the_second_country_is_home_and_iraq_is_unknown_to_it(jordan: Extractor) -> None:
    assert jordan.gazetteer.country.code == "JO" and jordan.gazetteer.country.event_id_prefix == "JOR"
    # a home place needs no "in" before it (a foreign one does): the dateline and a bare name count
    for text in ("ZARQA, Jordan (Wire) -- Gunmen attacked an army checkpoint on Monday, killing two soldiers.",
                 "Gunmen attacked a Hashemiyeh army checkpoint on Monday, killing two soldiers."):
        [event] = jordan.extract(Article("jo-home", text, date(2015, 3, 10)))
        assert event.country_code == "JO" and event.location in ("Zarqa", "Hashemiyeh"), text
    [event] = jordan.extract(Article("jo-2", "Gunmen attacked an army checkpoint in Baquba on Monday, killing "
                                     "two soldiers.", date(2015, 3, 10)))
    assert event.country_code is None and event.location is None  # no Iraqi place in this gazetteer


def test_the_default_data_is_still_iraq(jordan: Extractor) -> None:
    jordan.extract(Article("jo-3", REPORT, date(2015, 3, 10)))
    assert Gazetteer.default().country.code == "IQ" and Gazetteer.default().lookup("Hashemiyeh") == ()
    [event] = extract(Article("iq-1", REPORT.replace("ZARQA, Jordan", "BAQUBA, Iraq").replace("Hashemiyeh", "Baquba"),
                              date(2015, 3, 10)))
    assert (event.country_code, event.location, event.actor1) == ("IQ", "Baquba", "Unidentified Armed Group (Iraq)")
