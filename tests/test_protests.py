"""Protest coding by ACLED's definitions: who used violence, and how badly anyone was hurt,
decide between a peaceful protest, an intervention, excessive force and a riot; one
demonstration at one place on one day is one event, coded by the worst that happened at it."""

from datetime import date

import pytest

from rasd.extract import extract
from rasd.model import Article


def _events(text: str, published: date = date(2019, 12, 2)):
    return [(e.event_type, e.sub_event_type, e.actor1, e.actor2) for e in extract(Article("p", text, published))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # force that kills demonstrators who did nothing violent
        ("KARBALA / Police opened fire on demonstrators outside the provincial council building in Karbala "
         "on Sunday, killing two of them, a medical source said.",
         ("Protests", "Excessive force against protesters", "Protesters (Iraq)", "Police Forces of Iraq")),
        # live fire with no one reported hurt is force used to disperse: an intervention
        ("SAMAWA / Security forces fired live ammunition into the air to disperse hundreds of demonstrators "
         "in Samawa on Sunday.",
         ("Protests", "Protest with intervention", "Protesters (Iraq)", "Police Forces of Iraq")),
        # arrests of protesters are an intervention
        ("HILLA / Police arrested a dozen protesters who had gathered outside the Babil governorate building on Sunday.",
         ("Protests", "Protest with intervention", "Protesters (Iraq)", "Police Forces of Iraq")),
        # blocking roads is a violent demonstration
        ("DIWANIYAH / Demonstrators blocked the main roads into Diwaniyah with burning tyres on Sunday.",
         ("Riots", "Violent demonstration", "Rioters (Iraq)", None)),
        # stones thrown at the police: a riot, even though the police fired back
        ("KUT / Protesters threw stones at riot police in central Kut on Sunday and police responded with tear gas.",
         ("Riots", "Violent demonstration", "Rioters (Iraq)", "Police Forces of Iraq")),
        # a crowd that disperses of its own accord was not dispersed
        ("BASRA / Hundreds of graduates demonstrated in front of the Basra oil company on Sunday and later "
         "dispersed peacefully.",
         ("Protests", "Peaceful protest", "Protesters (Iraq)", None)),
    ],
)
def test_protest_types_follow_acled(text, expected):
    assert _events(text) == [expected]


def test_a_protester_shot_in_clashes_with_police_is_a_riot_not_an_attack():
    text = "AMARAH / A protester was shot dead during clashes with security forces at a demonstration in Amarah on Sunday."
    assert [e[:2] for e in _events(text)] == [("Riots", "Violent demonstration")]


def test_one_demonstration_a_day_coded_by_the_worst_that_happened():
    text = ("NASIRIYAH / Thousands of people protested in Nasiriyah on Sunday against corruption. "
            "Later in the day some of the demonstrators stormed the provincial council building and set it on fire, "
            "witnesses said.")
    assert _events(text) == [("Riots", "Violent demonstration", "Rioters (Iraq)", None)]


def test_demonstrations_on_two_days_stay_two_events():
    text = ("NASIRIYAH / Thousands of people protested in Nasiriyah on Saturday against corruption. "
            "On Sunday, protesters in Nasiriyah blocked the bridges over the Euphrates.")
    assert [(e[1]) for e in _events(text)] == ["Peaceful protest", "Violent demonstration"]


def test_a_mob_attacking_a_house_is_mob_violence_even_if_a_protester_is_mentioned():
    text = ("SHATRA / An angry mob set fire to the house of a man accused of shooting a protester in Shatra "
            "on Sunday, police said.")
    assert [e[:2] for e in _events(text)] == [("Riots", "Mob violence")]
