"""How a report's sentences become incidents: roundups, leads that summarise, plans."""

from datetime import date

from rasd.extract import extract
from rasd.model import Article

PUBLISHED = date(2013, 3, 12)


def _events(text: str):
    return extract(Article("d", text, PUBLISHED))


def test_a_roundup_gives_one_event_per_item_each_at_its_place():
    text = ("Police said a roadside bomb killed a soldier in Kirkuk on Monday, gunmen shot dead a "
            "teacher in Baquba, and a car bomb wounded four people in Tikrit.")
    found = sorted((e.admin1_code, e.sub_event_type) for e in _events(text))
    assert found == [("IQ-DI", "Attack"), ("IQ-KI", "Remote explosive/landmine/IED"),
                     ("IQ-SD", "Remote explosive/landmine/IED")]


def test_an_item_without_a_verb_shares_the_first_items_tactic():
    text = ("On Monday the strikes hit a militia headquarters in Jurf al-Sakhar and a weapons depot "
            "near the town of al-Qaim.")
    assert {e.sub_event_type for e in _events(text)} == {"Air/drone strike"}


def test_one_incident_with_two_casualty_clauses_is_not_split():
    text = ("Gunmen shot dead three shepherds and abducted two others near the town of Hatra, "
            "south of Mosul, on Monday, a local official said.")
    assert len(_events(text)) == 1


def test_a_lead_that_sums_up_the_day_is_not_an_event():
    text = ("BAGHDAD, March 11 (Reuters) - Three car bombs killed at least 15 people in Iraq on Monday, "
            "police said.\n\nIn Kirkuk, a car bomb killed seven people near a market.")
    (event,) = _events(text)
    assert event.admin1_code == "IQ-KI"


def test_a_device_a_vehicle_hits_is_a_roadside_bomb():
    (event,) = _events("Two soldiers were killed on Monday when their vehicle struck a device near Samarra.")
    assert (event.sub_event_type, event.admin1_code) == ("Remote explosive/landmine/IED", "IQ-SD")


def test_gunmen_battling_troops_is_a_clash():
    (event,) = _events("Gunmen battled Iraqi troops in the northern city of Mosul on Monday.")
    assert event.sub_event_type == "Armed clash"


def test_rockets_meant_to_be_fired_are_no_attack():
    assert [e.sub_event_type for e in _events(
        "Police in Amarah said on Monday that the rockets were to be fired at an army post.")] != [
        "Shelling/artillery/missile attack"]


def test_a_dateline_after_the_headline_of_a_text_file_is_no_place_of_its_own():
    text = ("April 5, 2011\n\nRoadside bomb kills two policemen in Zubair\n\nBASRA / Sample Wire: Two policemen "
            "were killed and three others were wounded when a roadside bomb exploded near their patrol in "
            "al-Zubair district, west of Basra city, on Monday, a police source said.")
    (event,) = _events(text)
    assert (event.sub_event_type, event.location, event.fatalities, event.injuries) == (
        "Remote explosive/landmine/IED", "Zubair", 2, 3)


def test_a_roundup_item_is_at_its_own_place_not_the_next_item_that_has_no_incident_word():
    # "claimed the life of" tells a killing; "Ali Hassan was shot dead in Baghdad" stays in Baghdad
    text = ("Today saw more violence. Police said a Kirkuk bombing claimed the life of 1 policeman, Ali Hassan "
            "was shot dead in Baghdad, a Basra attack claimed the lives of 2 farmers and left another injured, "
            "a Basra home bombing left a woman dead.")
    events = extract(Article("r", text, date(2013, 2, 24)))
    assert [(e.admin1_code, e.fatalities) for e in events] == [("IQ-KI", 1), ("IQ-BG", 1), ("IQ-BA", 2)]
