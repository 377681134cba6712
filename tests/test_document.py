"""rasd.extract.document: a report's candidates become its events (context filled, incidents told
twice told once, places and dates coded by ACLED's rules)."""

from __future__ import annotations

from datetime import date

from reading import PUBLISHED, context, knowledge

from rasd.extract.document import extract_article, read_candidates
from rasd.model import Article, EventMention

CTX = context()
KNOWN = knowledge()


def _events(text: str, published: date | None = PUBLISHED) -> list[EventMention]:
    return extract_article(Article("doc", text, published), KNOWN)


def test_the_dateline_places_a_sentence_that_names_no_place() -> None:
    [event] = _events("AMARA, Iraq, April 5 (AFP) - A roadside bomb killed two soldiers on Monday, police said.")
    assert (event.location, event.admin1_code, event.event_date) == ("Amarah", "IQ-MA", date(2011, 4, 4))


def test_a_dateline_after_summary_bullets_and_a_byline_is_still_the_dateline() -> None:
    # the lead sums up the day across Iraq: the dateline's city is no place of the lead's
    text = ("* Bombs hit two southern cities\n\n* Pilgrims among the dead\n\n* Officials blame militants\n\n"
            "By A Reporter\n\nBAGHDAD, April 4 (Reuters) - Two car bombs killed at least 12 people in Iraq on "
            "Monday.\n\nOne of the bombs exploded near a market in Amarah, killing seven people.")
    assert [e.admin1_code for e in _events(text)] == ["IQ-MA"]


def test_a_report_datelined_from_the_outlet_s_home_about_another_governorate_is_placed_there() -> None:
    text = ("ERBIL, Kurdistan Region - Tension is high in Kirkuk after a week of unrest. Residents of Kirkuk "
            "said shops stayed shut, and Kirkuk's governor called for calm. Gunmen on Sunday opened fire on a "
            "checkpoint, killing two guards.")
    assert [(e.admin1_code, e.location) for e in _events(text)] == [("IQ-KI", "Kirkuk")]


def test_the_dateline_stays_when_the_report_is_about_its_own_governorate() -> None:
    text = ("BASRA, Iraq - Gunmen on Sunday opened fire on a checkpoint, killing two guards. Police in Zubair "
            "and Basra were put on alert.")
    assert [(e.admin1_code, e.location) for e in _events(text)] == [("IQ-BA", "Basra")]


def test_a_dateline_is_only_where_a_report_was_filed_when_it_is_mostly_about_another_governorate() -> None:
    events = _events("ERBIL, Kurdistan Region - Villagers in Duhok province buried three shepherds on Tuesday. "
                     "The men grazed their flocks near Zakho.\n\nFarmers from Zakho said they had left home "
                     "early.\n\nA drone strike killed the three shepherds near the village of Kuna Rash on Monday, "
                     "relatives said.")
    assert [(e.location, e.admin1_code) for e in events] == [("Kuna Rash", "IQ-DA")]


def test_a_report_mostly_about_one_town_places_the_city_it_does_not_name_there() -> None:
    events = _events("Gunmen stormed a police station in Samawah on Monday, killing two policemen.\n\nShops in "
                     "Samawah stayed shut on Tuesday.\n\nThe governor called for calm.\n\nClashes in the "
                     "southern city had left five people dead on Sunday, police said.")
    assert [(e.location, e.event_date) for e in events] == [("Samawah", date(2011, 4, 4)), ("Samawah", date(2011, 4, 3))]


def test_a_later_paragraph_that_says_where_the_incident_happened_places_it() -> None:
    events = _events("A roadside bomb killed two soldiers in southern Iraq on Monday.\n\nThe army said the "
                     "men were on a routine patrol.\n\nTheir names were not released.\n\nSeparately, gunmen "
                     "shot dead a shopkeeper in Baghdad on Monday.\n\nThe incident took place in Gizayza, "
                     "north-west Basra, officials said.")
    assert [(e.location, e.admin1_code) for e in events] == [("Gizayza", "IQ-BA"), ("Baghdad", "IQ-BG")]


def test_a_later_paragraph_names_no_place_for_an_incident_of_another_day() -> None:
    events = _events("A roadside bomb killed two soldiers in southern Iraq on Monday.\n\nThe army said the "
                     "men were on a routine patrol.\n\nTheir names were not released.\n\nThe incident "
                     "happened in Zubair on Sunday, officials said.")
    assert [e.location for e in events] == [None]


def test_a_source_speaking_on_about_another_quarter_tells_another_incident() -> None:
    events = _events("Gunmen shot dead a ministry employee in the Zayouna neighbourhood of Baghdad on Saturday, "
                     "police said. A judge was shot dead in the Mansour neighbourhood, they said.")
    assert [e.location for e in events] == ["Zayouna", "Mansour"]


def test_the_incident_word_refers_back_to_an_incident_at_a_place_beside_it() -> None:
    events = _events("Three rockets slammed into Baghdad International Airport on Saturday, wounding a soldier. "
                     "The rockets fell near Camp Victory, which houses Iraqi forces, officials said.")
    assert len(events) == 1


def test_a_sentence_about_the_raids_says_where_they_were() -> None:
    [event] = _events("Police arrested three suspects in raids north of Kut on Monday.\n\nThe raids targeted "
                      "houses in the al-Nu'maniya district, a source said.")
    assert (event.location, event.admin1_code) == ("Numaniyah", "IQ-WA")


def test_a_sentence_that_refers_back_completes_the_incident_and_a_separate_one_opens_another() -> None:
    events = _events("A roadside bomb killed two soldiers in Amarah on Monday. The attack took place near the "
                     "Hay al-Askari market. There were also 12 people wounded. In a separate incident, gunmen "
                     "shot dead a shopkeeper in Basra on Sunday.")
    assert [(e.location, e.event_date, e.fatalities, e.injuries) for e in events] == [
        ("Amarah", date(2011, 4, 4), 2, 12), ("Basra", date(2011, 4, 3), 1, None)]
    assert events[0].evidence.startswith("A roadside bomb killed two soldiers")  # the first telling is the evidence

def test_candidates_carry_the_report_s_context_before_coding() -> None:
    [cand] = read_candidates(Article("doc", "BASRA, Iraq (AFP) - Gunmen shot dead a shopkeeper on Sunday.", PUBLISHED),
                             KNOWN)
    assert (cand.located.place.name, cand.place_own, cand.day) == ("Basra", False, date(2011, 4, 3))


def test_a_province_alone_is_coded_at_its_capital_with_precision_3_and_no_location() -> None:
    [event] = _events("Gunmen attacked a checkpoint in Maysan province on Monday, killing a policeman.")
    amarah = CTX.gazetteer.capital("IQ-MA")
    assert (event.location, event.admin1, event.geo_precision) == (None, "Maysan", 3)
    assert (event.latitude, event.longitude) == (amarah.latitude, amarah.longitude)


def test_an_incident_whose_day_cannot_be_resolved_is_not_an_event() -> None:
    text = "Gunmen shot dead a shopkeeper in Basra on Sunday."
    assert _events(text, published=None) == []  # "on Sunday" of which week? rasd does not guess
    [event] = _events(text)
    assert event.event_date == date(2011, 4, 3)


def test_history_a_decade_before_the_report_is_not_an_event() -> None:
    assert _events("A car bomb killed 30 people in Baghdad on March 3, 1995.") == []
    assert [e.event_date for e in _events("A car bomb killed 30 people in Baghdad on March 3, 2011.")] == [
        date(2011, 3, 3)]


def test_background_dated_only_by_a_month_long_gone_is_not_an_event() -> None:
    text = ("A roadside bomb killed two soldiers in Basra on Monday. In February, a car bomb killed "
            "30 people in a market in Hillah.")
    assert [e.location for e in _events(text, published=date(2011, 6, 8))] == ["Basra"]
    # last month is still the story's: "earlier", not background
    assert [e.location for e in _events(text, published=date(2011, 3, 8))] == ["Basra", "Hillah"]


def test_a_sentence_that_only_gives_the_toll_of_an_incident_told_is_no_new_incident() -> None:
    text = ("A car bomb exploded near a market in Kut on Monday, killing nine people. A health official "
            "in Baghdad put the toll at 11 killed and 40 wounded. A doctor at the city's hospital confirmed "
            "the total casualty count of 11 killed.")
    [event] = _events(text)
    assert (event.location, event.fatalities, event.injuries) == ("Kut", 9, 40)


def test_a_tally_the_incident_brings_is_not_another_incident() -> None:
    text = ("A roadside bomb killed a soldier near Tikrit on Monday. It brings the army's toll in the province "
            "this month to seven, after four were killed when a car bomb hit a checkpoint in Samarra.")
    assert [e.location for e in _events(text)] == ["Tikrit"]


def test_the_town_whose_hospitals_treat_the_wounded_is_not_where_the_attack_was() -> None:
    text = ("Gunmen stormed a house in a village in Diyala province on Sunday, killing five. One of the wounded "
            "died later, raising the toll to six; the others are being treated in Kirkuk and Tikrit hospitals.")
    [event] = _events(text)
    assert (event.admin1_code, event.location, event.fatalities) == ("IQ-DI", None, 6)  # the revised toll


def test_an_incident_told_after_since_is_background_not_news() -> None:
    text = ("Two soldiers were wounded by a roadside bomb near Basra on Monday. They were the first "
            "casualties in the city since gunmen attacked a checkpoint there and killed four policemen.")
    assert [(e.location, e.sub_event_type) for e in _events(text)] == [("Basra", "Remote explosive/landmine/IED")]
    # what happened before "since" is still the story
    [event] = _events("Gunmen killed four policemen at a checkpoint in Basra on Monday, the deadliest attack "
                      "in the city since a car bomb hit a market there.")
    assert (event.location, event.fatalities) == ("Basra", 4)
    assert event.sub_event_type != "Remote explosive/landmine/IED"  # the car bomb is the background


def test_a_date_told_after_since_dates_the_background_not_the_incident() -> None:
    text = ("Turkish jets bombed villages near Zakho on Monday. The strikes were the heaviest in the area "
            "since Turkey started air operations against the PKK on March 24.")
    assert [e.event_date for e in _events(text)] == [date(2011, 4, 4)]


def test_an_incident_told_as_one_of_a_series_elsewhere_is_one_of_its_own() -> None:
    # no tactic word: the series' kind; its own place and toll, not more of the Hilla bombing
    events = _events("Three car bombs hit Iraqi cities on Monday. A car bomb exploded near a market in Hilla, "
                     "killing four people.\n\nThe third attack took place in Samarra, killing two people and "
                     "wounding six.")
    assert [(e.sub_event_type, e.admin1_code, e.fatalities) for e in events] == [
        ("Remote explosive/landmine/IED", "IQ-BB", 4), ("Remote explosive/landmine/IED", "IQ-SD", 2)]


def test_a_death_told_weeks_before_the_incident_is_not_its_toll() -> None:
    [event] = _events("A roadside bomb wounded two soldiers near Baiji on Monday. A third soldier was killed "
                      "two weeks ago in a similar attack.")
    assert (event.fatalities, event.injuries) == (0, 2)


def test_what_happened_before_the_incident_is_another_incident() -> None:
    events = _events("A rocket hit the airport in Najaf on Sunday. Before the attack, mortar shells landed on a "
                     "police station in Kufa, killing one policeman.")
    assert [(e.location, e.fatalities) for e in events] == [("Najaf International Airport", None), ("Kufa", 1)]


def test_a_tally_of_the_week_is_no_incident_but_the_days_it_sums_are() -> None:
    events = _events("At least 14 people have been shot dead in Kirkuk this week, police said. On Sunday, gunmen "
                     "shot dead three shopkeepers in the city's market.")
    assert [(e.event_date, e.fatalities) for e in events] == [(date(2011, 4, 3), 3)]


def test_part_of_a_mass_grave_s_bodies_is_no_new_toll() -> None:
    # a mass grave beside the bodies is no second tactic: the count of all the bodies stands
    [event] = _events("Police reported the discovery of 11 bodies in a mass grave near Tikrit on Sunday. "
                      "Seven of the victims had been beheaded, a police officer said.")
    assert (event.sub_event_type, event.fatalities) == ("Attack", 11)


def test_tolls_of_two_days_in_one_sentence_are_two_incidents() -> None:
    events = _events("Three shepherds were shot dead by gunmen near Rutba on Monday and two more on Saturday, "
                     "police said.")
    assert [(e.event_date, e.fatalities, e.location) for e in events] == [
        (date(2011, 4, 4), 3, "Rutba"), (date(2011, 4, 2), 2, "Rutba")]


def test_an_incident_told_after_one_years_old_is_not_its_detail() -> None:
    # the old strike is history (no event); the strike told next is the story's own
    events = _events("Villagers in Amedi still mourn a shepherd killed in an air strike in 2007.\n\n"
                     "A Turkish drone struck a car on the mountain road, killing two men.")
    assert [(e.sub_event_type, e.event_date, e.fatalities) for e in events] == [
        ("Air/drone strike", PUBLISHED, 2)]


def test_a_list_of_quarters_told_later_does_not_place_the_incident_in_the_first() -> None:
    [event] = _events("Gunmen shot dead five people in Baghdad on Monday. The attacks hit the neighbourhoods of "
                      "Karrada, Mansour and Adhamiya, police said.")
    assert (event.location, event.admin1_code) == ("Baghdad", "IQ-BG")


def test_one_quarter_told_later_places_the_incident() -> None:
    [event] = _events("Gunmen shot dead five people in Baghdad on Monday. The attack took place in the Karrada "
                      "neighbourhood, police said.")
    assert event.location in ("Karrada", "Karradah")


def test_each_bullet_of_a_list_is_an_item_of_its_own() -> None:
    events = _events("Police reported the following incidents on Monday:\n\n- A roadside bomb killed two soldiers in "
                     "Mosul.\n\n- Gunmen shot dead a shopkeeper.")
    assert [(e.sub_event_type, e.fatalities) for e in events] == [
        ("Remote explosive/landmine/IED", 2), ("Attack", 1)]


def test_another_bomb_in_a_smaller_town_is_another_incident() -> None:
    events = _events("In Basra, a car bomb exploded outside a restaurant on Monday, killing six people. Another car "
                     "bomb in Zubair near the main market killed three.")
    assert [(e.location, e.fatalities) for e in events] == [("Basra", 6), ("Zubair", 3)]


def test_another_source_is_no_other_incident() -> None:
    [event] = _events("A roadside bomb killed two soldiers near Baiji on Monday. Another security source said the "
                      "bomb hit their patrol.")
    assert event.fatalities == 2


def test_a_toll_told_before_the_incident_is_its_toll() -> None:
    [event] = _events("Medical sources said on Monday that there are now nine dead and 20 wounded. Gunmen attacked a "
                      "wedding party in the village of Albu Hishma near Balad on Sunday night.")
    assert (event.fatalities, event.injuries) == (9, 20)
