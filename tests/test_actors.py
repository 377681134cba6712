"""Actor aliases resolve to ACLED-style canonical names; actor1 acts, actor2 is targeted."""

from datetime import date

import pytest

from rasd.extract import extract
from rasd.extract.actors import ActorDictionary
from rasd.extract.lexicon import Lexicon
from rasd.model import Article


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Daesh militants", "Islamic State"),
        ("ISIS fighters", "Islamic State"),
        ("al-Qaeda in Iraq", "Al Qaeda in Iraq"),
        ("the Hezbollah Brigades", "Kataib Hezbollah"),
        ("Kata'ib Hezbollah", "Kataib Hezbollah"),
        ("the League of the Righteous", "Asaib Ahl al-Haq"),
        ("Asa'ib Ahl al-Haq", "Asaib Ahl al-Haq"),
        ("the Badr Organization", "Badr Organization"),
        ("the Promised Day Brigades", "Promised Day Brigades"),
        ("Sadrists", "Sadrist Movement"),
        ("the Hashd al-Shaabi", "Popular Mobilization Forces"),
        ("PMF fighters", "Popular Mobilization Forces"),
        ("Peshmerga forces", "Peshmerga (Kurdistan Regional Government)"),
        ("gunmen", "Unidentified Armed Group (Iraq)"),
        ("U.S. troops", "Military Forces of the United States"),
        ("Iraqi soldiers", "Military Forces of Iraq"),
        ("policemen", "Police Forces of Iraq"),
    ],
)
def test_aliases(alias, canonical):
    names = [m.entry.actor.name for m in ActorDictionary.default().find(f"They said {alias} were there.", Lexicon.default())]
    assert names[:1] == [canonical]


def test_inter_types_come_from_the_dictionary():
    assert ActorDictionary.default().inter_for("Police Forces of Iraq") == "State forces"
    assert ActorDictionary.default().inter_for("Maysan Provincial Council") == "Government"
    assert ActorDictionary.default().inter_for("Nobody Known") is None


def _one(text: str, published: date):
    (event,) = extract(Article("a", text, published))
    return event


def test_named_group_acts_and_target_is_hit():
    event = _one("KIRKUK / Islamic State militants attacked a Peshmerga position south of Kirkuk on Tuesday, "
                 "killing three fighters, a Kurdish commander said.", date(2015, 6, 3))
    assert (event.event_type, event.actor1, event.actor2) == (
        "Battles", "Islamic State", "Peshmerga (Kurdistan Regional Government)")
    assert event.event_date == date(2015, 6, 2)


def test_bomb_against_a_patrol_targets_the_patrol():
    event = _one("BASRA / A roadside bomb went off near a British patrol in Basra on Sunday, "
                 "wounding two soldiers, police said.", date(2006, 5, 8))
    assert (event.actor1, event.actor2, event.fatalities, event.injuries) == (
        "Unidentified Armed Group (Iraq)", "Military Forces of the United Kingdom", 0, 2)


def test_provincial_council_is_named_for_its_governorate():
    event = _one("NAJAF / The Najaf provincial council voted on Monday to impose a curfew on the city.",
                 date(2012, 3, 6))
    assert event.actor1 == "Najaf Provincial Council" and event.location == "Najaf"
