"""Extraction on real and realistic reports: what an analyst would read out of them."""

import os
from datetime import date
from pathlib import Path

import pytest

from rasd.evaluate import evaluate
from rasd.extract import extract
from rasd.model import EVENT_FIELDS, Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "examples"
OWN_GOLD = Path(__file__).parent / "data" / "gold"
MAYSAN = SHARED / "maysan-2011-06-02.txt"


@pytest.fixture(scope="module")
def maysan_events():
    _shared("examples")
    return extract(Article("maysan", MAYSAN.read_text(encoding="utf-8"), date(2011, 6, 2)))


def test_post_yields_the_incidents_it_cites(maysan_events):
    found = {(e.event_date.isoformat(), e.sub_event_type) for e in maysan_events}
    assert ("2011-04-01", "Remote explosive/landmine/IED") in found
    assert ("2011-05-14", "Remote explosive/landmine/IED") in found
    assert ("2011-01-02", "Disrupted weapons use") in found
    assert ("2011-03-23", "Disrupted weapons use") in found


def test_monthly_totals_and_reader_comments_are_not_events(maysan_events):
    evidence = " ".join(e.evidence for e in maysan_events)
    assert "93 in February" not in evidence
    assert "said..." not in evidence and "1733" not in evidence


def test_an_incident_told_twice_in_one_document_is_one_event(maysan_events):
    april_first = [e for e in maysan_events if e.event_date == date(2011, 4, 1)]
    assert len(april_first) == 1
    assert april_first[0].fatalities == 0 and april_first[0].location == "Amarah"
    assert april_first[0].actor2 == "Military Forces of the United States"


def test_every_contract_field_is_present(maysan_events):
    for record in (e.to_record() for e in maysan_events):
        assert set(EVENT_FIELDS) <= set(record)
        assert record["admin1_code"] == "IQ-MA" and record["country_code"] == "IQ"


def test_north_of_a_town_is_geo_precision_two():
    text = ("MISSAN / A Hummer vehicle was damaged when an improvised explosive device (IED) went off "
            "near a U.S. convoy north of the city of al-Amara but left no casualties, a source said on Friday.")
    (event,) = extract(Article("x", text, date(2009, 2, 27)))
    assert (event.location, event.geo_precision, event.admin1_code) == ("Amarah", 2, "IQ-MA")
    assert (event.event_date, event.time_precision) == (date(2009, 2, 27), 2)


def test_relative_dates_stay_unresolved_without_publication_date():
    text = "Gunmen killed two policemen in the southern city of Amara on Tuesday, police said."
    assert extract(Article("x", text, None)) == []
    dated = "On October 24, 2006, gunmen killed two policemen in the southern city of Amara, police said."
    assert [e.event_date for e in extract(Article("x", dated, None))] == [date(2006, 10, 24)]


#: What rasd measured on the real development sets (``rasd evaluate GOLD DOCS``), less two
#: points: a change that loses more than that on either set fails CI. Raise them as rasd improves.
FLOORS = {
    "examples": {"f1": 0.929, "sub_event_type": 0.971, "location": 0.895, "fatalities": 0.921, "actor1": 0.945},
    "examples/real2": {"f1": 0.876, "sub_event_type": 0.926, "location": 0.865, "fatalities": 0.855, "actor1": 0.91},
}
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _shared(name: str) -> Path:
    folder = SHARED.parent / name
    if not (folder / "gold.jsonl").exists():
        if IN_CI:
            pytest.fail(f"{folder} is missing: CI must score the shared development sets")
        pytest.skip(f"{folder} not present")
    return folder


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_shared_development_set_quality(name):
    folder = _shared(name)
    report = evaluate(folder / "gold.jsonl", folder / "docs.jsonl")
    assert report.f1 >= FLOORS[name]["f1"], report.format()
    for field in ("sub_event_type", "location", "fatalities", "actor1"):
        assert report.agreement(field) >= FLOORS[name][field], (field, report.format())


@pytest.mark.parametrize("name", ["gold", "gold2"])
def test_own_gold_sets_quality(name):
    """Our own gold documents, written by other hands, independently of the extractor's rules
    (gold2 was scored blind once, at F1 0.79, before any rule was changed for it)."""
    folder = OWN_GOLD.parent / name
    report = evaluate(folder / "gold.jsonl", folder / "docs.jsonl")
    assert report.f1 >= 0.8, report.format()
    assert report.agreement("sub_event_type") >= 0.85, report.format()


def _events(text: str, published: date = date(2019, 11, 28)):
    return extract(Article("t", text, published))


def test_aggregate_statistics_are_not_events():
    text = ("A U.S. military spokesman said that the number of incidents against U.S. forces went from "
            "93 in February, to 128 in March, to 162 by April.")
    assert _events(text, date(2011, 6, 2)) == []


def test_provinces_listed_together_are_one_event_each():
    text = ("Separately, security forces and protesters clashed on Wednesday in Muthanna, Qadisiyah and "
            "Dhi Qar provinces, and dozens of protesters were wounded.")
    codes = sorted(e.admin1_code for e in _events(text))
    assert codes == ["IQ-DQ", "IQ-MU", "IQ-QA"]


def test_event_abroad_gets_no_iraqi_place():
    text = ("BAGHDAD / Iraq's Foreign Ministry on Saturday condemned a car bomb attack in the Syrian town "
            "of Sayyida Zeinab that killed six people.")
    [event] = _events(text, date(2021, 7, 3))  # the bombing is an event, told from Baghdad ...
    assert event.fatalities == 6
    assert (event.country_code, event.admin1_code, event.location) == (None, None, None)  # ... not placed in Iraq


def test_hypothetical_attacks_are_not_events():
    text = "U.S. officials say they believe attacks may rise ahead of the year-end withdrawal deadline in Basra."
    assert _events(text, date(2011, 6, 13)) == []


def test_protest_turning_violent_is_a_riot_with_rioters():
    text = "NAJAF / Iraqi protesters on Wednesday stormed and set fire to the Iranian consulate in Najaf."
    (event,) = _events(text)
    assert (event.event_type, event.sub_event_type, event.actor1) == ("Riots", "Violent demonstration", "Rioters (Iraq)")
    assert event.event_date == date(2019, 11, 27)


def test_two_incidents_in_one_sentence_are_two_events():
    text = ("Thousands of Sadr followers rallied peacefully in Kufa on Friday to demand the release of "
            "detainees, while in Nasiriyah security forces fired tear gas to disperse hundreds of protesters.")
    events = sorted(_events(text, date(2019, 10, 4)), key=lambda e: e.location)
    assert [(e.location, e.sub_event_type, e.actor2) for e in events] == [
        ("Kufa", "Peaceful protest", None),
        ("Nasiriyah", "Protest with intervention", "Police Forces of Iraq"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Authorities imposed a curfew in Kirkuk on Sunday after four people were killed.",
        "Police arrested five suspects in Basra on Monday after gunmen killed two guards at a bank.",
        "Gunmen kidnapped two engineers in Kirkuk on Sunday and killed their driver.",
    ],
)
def test_a_death_beside_a_non_lethal_event_is_not_its_toll(text):
    (event,) = extract(Article("n", text, date(2011, 4, 5)))
    assert event.sub_event_type in ("Other", "Arrests", "Abduction/forced disappearance")
    assert event.fatalities == 0


def test_a_curfew_imposed_after_clashes_is_told_as_the_clashes():
    (event,) = extract(Article("n", "Authorities imposed a curfew in Kirkuk on Sunday after clashes between rival "
                                    "groups killed four people.", date(2011, 4, 5)))
    assert (event.sub_event_type, event.admin1_code, event.fatalities) == ("Armed clash", "IQ-KI", 4)


def test_a_bare_killing_after_an_incident_tells_its_place_and_day():
    text = ("A roadside bomb has killed two British soldiers in southern Iraq.\n\n"
            "The ministry said two members of the Royal Lancers were killed in Basra on Sunday evening, "
            "and two others were injured.\n\nThe attack came on the day British forces found a large weapons cache.")
    (event,) = extract(Article("b", text, date(2006, 5, 29)))
    assert (event.sub_event_type, event.location, event.event_date) == ("Remote explosive/landmine/IED", "Basra", date(2006, 5, 28))
    assert (event.fatalities, event.injuries) == (2, 2)


def _tolls(text: str) -> list[tuple]:
    return [(m.location, m.fatalities, m.injuries) for m in extract(Article("t", text, date(2013, 10, 14)))]


def test_a_total_over_several_incidents_gives_way_to_each_incident_own_toll():
    text = ("A wave of bomb attacks struck several cities in central Iraq on Sunday, killing at least 19 people, "
            "officials said.\n\nIn the deadliest attack, a car bomb exploded near a bus station in Hilla, killing six "
            "people and wounding 30 others, police said.\n\nIn Kut, two roadside bombs killed three soldiers.")
    assert _tolls(text) == [("Hillah", 6, 30), ("Kut", 3, None)]


def test_several_blasts_in_one_town_keep_their_total():
    # ACLED codes several bombs in one town on one day as one event, with the whole toll
    text = ("Three explosions rocked the city of Karbala on Monday, killing 12 people and wounding 40, police said."
            "\n\nOne of the blasts killed four pilgrims near the shrine, a hospital source said.")
    assert _tolls(text) == [("Karbala", 12, 40)]


def test_a_toll_revised_later_in_the_story_replaces_the_first():
    text = ("A car bomb exploded near a market in Kirkuk on Monday, killing five people, police said.\n\n"
            "One of the wounded died in hospital overnight, raising the death toll to six, a doctor said.")
    assert _tolls(text) == [("Kirkuk", 6, None)]


def test_a_toll_told_for_places_named_together_is_none_of_theirs():
    text = ("Car bombs went off in Kut and Hilla on Sunday morning, police said.\n\n"
            "At least 11 people were killed and 40 wounded in the attacks, officials said.")
    assert sorted(_tolls(text)) == [("Hillah", None, None), ("Kut", None, None)]


def test_militants_killed_in_a_strike_told_next_are_not_a_clash_toll():
    text = ("A firefight between two tribes near Basra on Tuesday left four dead and nine wounded.\n\n"
            "Two militants were killed in an airstrike on a hideout.")
    assert _tolls(text)[0] == ("Basra", 4, 9)


def test_several_killed_is_an_event_with_no_stated_toll():
    text = "Several passengers were killed when gunmen opened fire on a minibus near Muqdadiya on Saturday, police said."
    assert _tolls(text) == [("Muqdadiyah", None, None)]
    # a figure told later in the story replaces the vague word
    text += "\n\nA police officer later said four passengers had died, all of them from one family."
    assert _tolls(text) == [("Muqdadiyah", 4, None)]


def test_a_weapon_told_in_passing_lends_no_toll_to_the_incident_before():
    text = ("Several fighters of a militia were killed on Saturday in an air strike on their camp near Qaim, "
            "officials said.\n\nThe militia has been blamed for a rocket attack on a base that killed an "
            "American contractor and wounded four soldiers.")
    assert _tolls(text)[0] == ("Al-Qaim", None, None)


def test_more_dead_told_later_add_to_the_incident_toll():
    text = ("Insurgents ambushed a police convoy on the road to Rutba on Sunday, killing two policemen and "
            "wounding three, officials said. One of the wounded policemen died in hospital on Monday.")
    assert _tolls(text) == [("Rutba", 3, 2)]  # he counts as dead, no longer as wounded (ACLED)


def _dated_tolls(text: str, published: date) -> list[tuple]:
    return [(str(m.event_date), m.time_precision, m.location, m.fatalities) for m in extract(Article("t", text, published))]


def test_an_incident_told_as_last_week_then_by_its_day_is_one_event_on_that_day():
    saturday = date(2016, 4, 16)
    text = ("Peshmerga fighters and a Turkmen militia clashed in Tuz Khurmatu last week, leaving several dead on "
            "both sides. The fighting began on Thursday when militiamen refused to hand over a wanted man at a "
            "checkpoint, and four people were killed, a local official said.")
    assert _dated_tolls(text, saturday) == [("2016-04-14", 1, "Tuz Khurmatu", 4)]
    text = ("Last week, Islamic State fighters attacked an army post near Baiji. On Friday, the soldiers "
            "repelled the attack, killing six militants, an officer said.")
    assert _dated_tolls(text, saturday) == [("2016-04-15", 1, "Baiji", 6)]
    # the same kind of incident at the same place, each with its own toll, is two incidents
    text = ("A roadside bomb killed two soldiers in Tarmiyah last week. On Friday, a roadside bomb killed three "
            "policemen in Tarmiyah, police said.")
    assert [t[0] for t in _dated_tolls(text, saturday)] == ["2016-04-06", "2016-04-15"]


def test_stones_thrown_by_demonstrators_make_a_riot():
    text = ("Fourteen policemen were hurt by stones thrown by demonstrators outside the provincial council "
            "in Samawa on Sunday, a police officer said.")
    (event,) = _events(text)
    assert (event.sub_event_type, event.actor1, event.injuries) == ("Violent demonstration", "Rioters (Iraq)", 14)


def test_a_clause_of_its_own_verb_keeps_its_own_tactic():
    text = ("Soldiers fought Islamic State militants in the villages around Baiji on Tuesday, while coalition "
            "jets pounded militant hideouts in Anbar province, officials said.")
    events = sorted(_events(text, date(2015, 6, 3)), key=lambda e: e.admin1_code)
    assert [(e.admin1_code, e.sub_event_type) for e in events] == [("IQ-AN", "Air/drone strike"), ("IQ-SD", "Armed clash")]


def test_all_the_attackers_killed_count_as_many_as_the_story_counted():
    text = ("Six gunmen wearing explosive vests stormed a police station in Haditha on Monday, killing three "
            "policemen, officials said. The assault was repelled and all the attackers were killed, the mayor said.")
    assert _tolls(text) == [("Haditha", 9, None)]
    # no count of attackers told: no figure to add
    text = ("Gunmen stormed a police station in Haditha on Monday, killing three policemen, officials said. "
            "The assault was repelled and all the attackers were killed, the mayor said.")
    assert _tolls(text) == [("Haditha", 3, None)]


def test_a_summary_lead_gives_the_incident_it_singles_out():
    text = ("Bombings and shootings across Iraq killed 31 people on Monday, among them 12 worshippers who died "
            "when a suicide bomber struck a mosque in Tal Afar.")
    assert [(e.sub_event_type, e.location, e.fatalities) for e in _events(text, date(2013, 6, 4))] == [
        ("Suicide bomb", "Tal Afar", 12)]
    # a tally that singles out no incident at a place is no event
    assert _events("Attacks across Iraq killed 20 people on Monday, including five policemen.", date(2013, 6, 4)) == []


def test_an_explosion_the_next_sentence_calls_an_accident_is_no_event():
    text = ("An explosion ripped through a house in Karbala on Friday, killing two children, police said. "
            "Civil defence officials said the blast was caused by a leaking gas cylinder.")
    assert _events(text) == []


def test_the_other_of_a_pair_told_without_an_incident_word_is_its_own_event():
    text = "Police said two bombs went off in Baghdad on Monday - one near a bakery in Shula that killed two people, and the other in Amil that wounded four."
    assert sorted(e.location for e in _events(text)) == ["Amil", "Shula"]


def test_a_verdict_about_an_old_bombing_is_no_event():
    text = "A Baghdad court on Monday sentenced to death three men convicted of carrying out the 2016 car bombing in Karrada."
    assert _events(text) == []


def test_the_attackers_counted_and_killed_in_the_toll_sentence_add_to_it():
    text = ("Four gunmen stormed a police station in Haditha on Tuesday, killing six policemen before all the "
            "attackers were killed, officials said.")
    assert _tolls(text) == [("Haditha", 10, None)]


def test_the_bomber_told_dead_after_the_toll_adds_to_it():
    text = ("A suicide bomber blew himself up inside a funeral tent in Muqdadiya on Monday, killing 12 mourners "
            "and wounding 25 others, police said.\n\nThe bomber also died in the blast, a police captain said.")
    assert _tolls(text) == [("Muqdadiyah", 13, 25)]


def test_a_toll_raised_days_later_by_a_wounded_man_who_died_is_the_incident_toll():
    text = ("A bomb exploded near a police patrol in central Kut on Monday, killing three policemen and wounding "
            "two passers-by, police said.\n\nA policeman wounded in the bombing died of his wounds on Tuesday, "
            "raising the death toll to four, a police source added.")
    assert [(str(e.event_date), e.fatalities, e.injuries) for e in _events(text, date(2016, 5, 10))] == [
        ("2016-05-09", 4, 2)]


def test_a_headline_gives_its_toll_to_the_story_it_heads():
    text = ("2 soldiers killed, 5 hurt in IED blast near Tuz Khurmatu\n\nAn improvised explosive device went off "
            "on Saturday targeting an army patrol near Tuz Khurmatu, a security source said.")
    assert _tolls(text) == [("Tuz Khurmatu", 2, 5)]
    # a headline that sums a series gives none
    text = ("Wave of bombings kills 25 across Iraq\n\nA car bomb went off on Saturday near a market in Tuz "
            "Khurmatu, a security source said.")
    assert _tolls(text) == [("Tuz Khurmatu", None, None)]


def test_a_wounded_man_who_later_died_is_the_incident_dead():
    text = ("Gunmen shot and wounded a policeman at a checkpoint in Tarmiyah on Sunday, police said. He later "
            "died of his wounds in hospital.")
    assert _tolls(text) == [("Tarmiyah", 1, 0)]  # dead, and no longer among the wounded (ACLED)
