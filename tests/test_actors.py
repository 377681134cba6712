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
    actors = ActorDictionary.default()
    names = [actors.resolve(m.entry.actor.name, None, None)
             for m in actors.find(f"They said {alias} were there.", Lexicon.default())]
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # both tribes named in the sentence
        ("NASIRIYAH / Three men were killed on Monday when the Al-Hassan and Bani Rikab tribes clashed "
         "with machine guns in a village east of Nasiriyah, police said.",
         ("Al-Hassan Clan Militia (Iraq)", "Bani Rikab Clan Militia (Iraq)")),
        # the tribes named only by the next sentence of the story
        ("BASRA / Two people were killed in a tribal dispute in Qurna, north of Basra, on Thursday. "
         "The fighting pitted the tribes of Albu Salih and al-Shaghanba against each other over grazing land.",
         ("Albu Salih Clan Militia (Iraq)", "Al-Shaghanba Clan Militia (Iraq)")),
        # one clan fighting itself is named on both sides
        ("AMARAH / A clash between members of the same clan from the Al Bu Darraj tribe killed one man "
         "near Amarah on Sunday, a police source said.",
         ("Al Bu Darraj Clan Militia (Iraq)", "Al Bu Darraj Clan Militia (Iraq)")),
        # no tribe named
        ("KUT / Four people were wounded in a gunfight between two clans in al-Hay district on Friday, a security source said.",
         ("Unidentified Clan Militia (Iraq)", "Unidentified Clan Militia (Iraq)")),
    ],
)
def test_tribal_clashes_are_fought_by_clans(text, expected):
    event = _one(text, date(2021, 3, 7))
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    assert (event.actor1, event.actor2) == expected
    assert ActorDictionary.default().inter_for(event.actor1) == "Identity militia"


def test_the_state_retakes_territory_from_the_group_that_held_it():
    named = _one("TIKRIT / Iraqi troops recaptured the village of al-Bu Ajil from Islamic State militants on Friday, "
                 "an army officer said.", date(2015, 3, 7))
    unnamed = _one("FALLUJAH / The town of Karma was retaken on Friday after a week of fighting, officials said.",
                   date(2016, 5, 21))
    assert (named.sub_event_type, named.actor1, named.actor2) == (
        "Government regains territory", "Military Forces of Iraq", "Islamic State")
    assert (unnamed.sub_event_type, unnamed.actor1) == ("Government regains territory", "Military Forces of Iraq")


def test_who_reports_an_event_takes_no_part_in_it():
    event = _one("HILLA / A roadside bomb exploded north of Hilla on Monday, wounding three people, "
                 "police sources told reporters.", date(2012, 4, 10))
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group (Iraq)", "Civilians (Iraq)")


def test_a_later_sentence_names_the_force_that_seized_weapons():
    event = _one("KUT / Ten Katyusha rockets were seized in a farm north of Kut on Friday, according to a security source. "
                 "Policemen seized the rockets after a tip from residents, the source added.", date(2013, 9, 14))
    assert (event.sub_event_type, event.actor1) == ("Disrupted weapons use", "Police Forces of Iraq")


@pytest.mark.parametrize(
    ("text", "government"),
    [
        ("SULAIMANIYAH / Authorities imposed a curfew on Sulaimaniyah on Tuesday after a night of unrest.",
         "Kurdistan Regional Government"),
        ("MOSUL / Authorities imposed a curfew on Mosul on Tuesday after a night of unrest.", "Government of Iraq"),
    ],
)
def test_authorities_are_the_government_of_the_region(text, government):
    event = _one(text, date(2015, 12, 9))
    assert (event.sub_event_type, event.actor1) == ("Other", government)


def test_security_forces_are_police_at_a_protest_and_the_army_in_a_battle():
    protest = _one("DIWANIYAH / Security forces fired tear gas to disperse hundreds of protesters outside the "
                   "provincial council building in Diwaniyah on Sunday.", date(2019, 11, 4))
    battle = _one("BAIJI / Security forces clashed with Islamic State militants on the outskirts of Baiji on Sunday, "
                  "killing six of them, an officer said.", date(2015, 4, 13))
    assert protest.actor2 == "Police Forces of Iraq"
    assert (battle.actor1, battle.actor2) == ("Military Forces of Iraq", "Islamic State")


def test_killed_in_a_clash_with_gunmen_makes_the_gunmen_the_attackers():
    event = _one("BAQUBA / A soldier killed in a gunfight with gunmen at a checkpoint near Baquba was buried on Monday, "
                 "a day after the clash, an army source said.", date(2010, 2, 9))
    assert (event.event_type, event.actor1, event.actor2) == (
        "Battles", "Unidentified Armed Group (Iraq)", "Military Forces of Iraq")


def test_clashes_between_two_forces_list_them_in_order():
    event = _one("KIRKUK / Clashes broke out between Iraqi troops and Peshmerga fighters near Altun Kupri on Friday, "
                 "killing two soldiers, officials said.", date(2017, 10, 21))
    assert (event.actor1, event.actor2) == ("Military Forces of Iraq", "Peshmerga (Kurdistan Regional Government)")


def test_a_claim_of_responsibility_names_the_perpetrator():
    claimed = extract(Article("a", "TIKRIT / A car bomb exploded at a market in Tikrit on Saturday, killing five people, "
                                   "police said. The Islamic State group claimed responsibility for the bombing "
                                   "in a statement online.", date(2016, 1, 10)))
    denied = extract(Article("b", "TIKRIT / A car bomb exploded at a market in Tikrit on Saturday, killing five people, "
                                  "police said. No group has claimed responsibility for the bombing, but the Islamic State "
                                  "group often carries out such attacks.", date(2016, 1, 10)))
    assert [e.actor1 for e in claimed] == ["Islamic State"]
    assert [e.actor1 for e in denied] == ["Unidentified Armed Group (Iraq)"]


def test_an_accusation_names_the_accused_not_the_accuser():
    """"Kataib Hezbollah accused ISIS of carrying out the attack": the accuser only reports."""
    events = extract(Article("a", "Unidentified gunmen targeted a PMF patrol near al-Tarmiyah on Sunday, killing one "
                                  "fighter. Kataib Hezbollah accused ISIS of carrying out the attack.", date(2023, 5, 10)))
    assert [e.actor1 for e in events] == ["Islamic State"]


def test_one_tribe_fighting_itself_is_a_clan_militia_on_both_sides():
    events = extract(Article("a", "Members of the Bani Kaab tribe fought each other with machine guns in Madaen on "
                                  "Monday over a land dispute, killing three, police said.", date(2023, 5, 10)))
    assert [(e.actor1, e.actor2) for e in events] == [("Bani Kaab Clan Militia (Iraq)",) * 2]


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("ERBIL / The Iraqi military said on Monday that its warplanes struck Islamic State hideouts in the "
         "Qarachogh mountains south of Erbil on Sunday.", "Military Forces of Iraq"),
        ("ERBIL / A bomb-laden drone struck a base near Erbil airport that hosts U.S. troops on Tuesday night, "
         "causing damage but no casualties, officials said.", "Unidentified Armed Group (Iraq)"),
        ("DUHOK / Turkish warplanes bombed villages near Amedi in Duhok province on Friday, killing a shepherd.",
         "Military Forces of Turkey"),
    ],
)
def test_an_air_strike_is_flown_by_a_state_or_sent_by_a_named_drone_owner(text, actor1):
    event = _one(text, date(2021, 6, 15))
    assert (event.sub_event_type, event.actor1) == ("Air/drone strike", actor1)


@pytest.mark.parametrize(
    ("text", "actor2", "inter"),
    [
        ("KIRKUK / Gunmen kidnapped three Turkish truck drivers on the road south of Kirkuk on Monday, police said.",
         "Civilians (Turkey)", "Civilians"),
        ("KARBALA / A roadside bomb struck a bus carrying Iranian pilgrims near Karbala on Monday, wounding nine.",
         "Civilians (Iran)", "Civilians"),
        ("NASIRIYAH / A suicide car bomber struck a base of Italian troops in Nasiriyah on Monday, killing 12 soldiers.",
         "Military Forces of Italy", "External/Other forces"),
    ],
)
def test_foreign_victims_are_named_by_their_nationality(text, actor2, inter):
    event = _one(text, date(2005, 3, 8))
    assert event.actor2 == actor2
    assert ActorDictionary.default().inter_for(actor2) == inter


def test_a_template_name_never_shadows_the_actor_it_resembles():
    actors = ActorDictionary.default()
    assert actors.inter_for("Government of Iraq") == "State forces"
    assert actors.inter_for("Government of Iran") == "External/Other forces"
    assert actors.inter_for("Military Forces of Iraq") == "State forces"


def test_a_countrys_own_actors_are_named_for_the_country_the_event_is_in():
    abroad = _one("DAMASCUS / Gunmen shot dead three civilians in Damascus on Monday, police said.", date(2020, 3, 3))
    protest = _one("ISTANBUL / Police fired tear gas to disperse hundreds of protesters in Istanbul on Monday.",
                   date(2020, 3, 3))
    home = _one("BAQUBA / Gunmen shot dead three civilians in Baquba on Monday, police said.", date(2020, 3, 3))
    assert (abroad.country, abroad.actor1, abroad.actor2) == ("Syria", "Unidentified Armed Group (Syria)", "Civilians (Syria)")
    assert (protest.actor1, protest.actor2) == ("Protesters (Turkey)", "Police Forces of Turkey")
    assert (home.actor1, home.actor2) == ("Unidentified Armed Group (Iraq)", "Civilians (Iraq)")
    actors = ActorDictionary.default()
    assert actors.inter_for("Police Forces of Turkey", "Turkey") == "State forces"
    assert actors.inter_for("Military Forces of Turkey", "Iraq") == "External/Other forces"


def test_a_later_clash_between_the_same_tribes_keeps_their_names():
    text = ("BASRA / Members of the Albu Salim and al-Hamadna tribes exchanged fire in Zubair on Friday over a land "
            "dispute, police said.\n\nFour people were killed and nine wounded in the fighting that ensued between "
            "the two tribes in Zubair on Saturday, a medical source said.")
    events = extract(Article("a", text, date(2021, 3, 7)))
    assert [(e.event_date.day, e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        (5, "Armed clash", "Albu Salim Clan Militia (Iraq)", "Al-Hamadna Clan Militia (Iraq)"),
        (6, "Armed clash", "Albu Salim Clan Militia (Iraq)", "Al-Hamadna Clan Militia (Iraq)"),
    ]
