"""Events abroad: the country they happened in, their town as written, and that country's actors.

Sentences written for these tests (no dev-set sentence); the towns are real places.
"""

import gzip
from datetime import date
from importlib import resources

from rasd.extract import extract
from rasd.geo.world import WORLD_FILE, World
from rasd.model import Article


def _events(text: str) -> list:
    return extract(Article("w", text, date(2023, 6, 14)))


def _where(text: str) -> tuple:
    (event,) = _events(text)
    return event.country, event.country_code, event.admin1_code, event.location, event.actor1


def test_the_world_table_knows_towns_abroad_by_their_other_names():
    world = World.default()
    assert world.town("Kiev").name == "Kyiv"
    assert world.town("Maiduguri").country_code == "NG"
    assert world.town("Tripoli").country_code == "LY"  # the larger of two
    assert world.town("Tripoli", ["LB"]).country_code == "LB"  # the one in the country the text names
    assert world.town("Mosul") is None  # home towns are the gazetteer's, not this table's
    assert world.town("Nowhereville") is None


def test_the_world_table_answers_the_same_scanned_or_indexed():
    # the first names asked about are found by scanning the table, later ones through an index
    # built once enough were asked: both ways must give the same town
    folder = resources.files("rasd") / "data" / "gazetteer"
    with (folder / WORLD_FILE).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    world = World.from_lines(lines)
    asked = [("Tripoli", []), ("Tripoli", ["LB"]), ("Victoria", []), ("Victoria", ["CA"]), ("Kiev", []),
             ("San Jose", ["US"]), ("San Jose", []), ("Aden", []), ("Nowhereville", []), ("Mosul", [])]
    asked += [(line.split("\t")[0], []) for line in lines[::2000]]  # every 2000th town of the table
    scanned = [world.town(name, codes) for name, codes in asked]
    assert world.town("Kyiv") is not None and world._named is not None  # indexed by now
    assert [world.town(name, codes) for name, codes in asked] == scanned
    assert scanned[3].country_code == "CA" and scanned[2].country_code != "CA"


def test_a_known_town_abroad_gives_the_country_and_its_forces():
    country, code, admin1, location, actor1 = _where(
        "Unknown gunmen shot dead two traders in Maiduguri on Tuesday, police said.")
    assert (country, code, admin1, location) == ("Nigeria", "NG", None, "Maiduguri")
    assert actor1 == "Unidentified Armed Group (Nigeria)"


def test_a_town_abroad_has_its_coordinates():
    (event,) = _events("Police fired tear gas at hundreds of protesters in Bamako on Tuesday.")
    assert event.location == "Bamako" and event.country == "Mali"
    assert abs(event.latitude - 12.65) < 0.5 and abs(event.longitude + 8.0) < 0.5
    assert event.actor1 == "Protesters (Mali)"


def test_an_unlisted_village_takes_the_country_the_text_names():
    country, code, _, location, _ = _where(
        "Armed men attacked the village of Kpendjal-Ouest in northern Togo on Sunday, killing three residents.")
    assert (country, code, location) == ("Togo", "TG", "Kpendjal-Ouest")


def test_a_country_alone_gives_no_location():
    country, _, admin1, location, _ = _where("Soldiers clashed with rebels in eastern Chad on Monday, killing five.")
    assert (country, admin1, location) == ("Chad", None, None)


def test_a_wire_dateline_abroad_is_the_place_of_a_sentence_that_names_none():
    (event,) = _events("NIAMEY, June 13 (Reuters) - Police arrested dozens of opposition supporters on Tuesday, "
                       "a spokesman said.")
    assert (event.country, event.location, event.actor1) == ("Niger", "Niamey", "Police Forces of Niger")


def test_where_people_fled_to_is_not_where_it_happened():
    (event,) = _events("Gunmen killed seven farmers in Kidal on Monday, and hundreds of families fled to Algeria.")
    assert (event.country, event.location) == ("Mali", "Kidal")


def test_a_report_about_home_keeps_its_places():
    events = _events("A roadside bomb planted by militants backed by Iran exploded near an army patrol in Tarmiyah "
                     "on Monday, killing two soldiers.")
    assert [(e.country, e.admin1_code) for e in events] == [("Iraq", "IQ-BG")]


def test_a_name_after_in_of_a_report_about_home_is_no_town_abroad():
    # an Iraqi village the gazetteer lacks, in a report naming Iraqi places, is not looked up abroad
    events = _events("Gunmen killed a shepherd in Diyala on Monday; the next day a bomb went off in Kafr Saad, "
                     "killing a farmer.")
    assert all(e.country in ("Iraq", None) for e in events)


def test_a_province_abroad_says_the_country_of_a_town_no_list_knows():
    country, _, _, location, actor1 = _where(
        "Gunmen abducted 12 farmers from the village of Gidan Bakwai in Zamfara State on Sunday, residents said.")
    assert (country, location, actor1) == ("Nigeria", "Gidan Bakwai", "Unidentified Armed Group (Nigeria)")


def test_a_town_after_a_place_says_its_country():
    country, _, _, location, _ = _where("A mob burned a suspected thief to death in Katwe, Kampala, on Monday, police said.")
    assert (country, location) == ("Uganda", "Katwe")


def test_a_town_is_the_place_rather_than_its_province():
    country, _, _, location, _ = _where("Rebels ambushed an army convoy on Friday near Tame in Arauca province, "
                                        "killing four soldiers.")
    assert (country, location) == ("Colombia", "Tame")


def test_a_capitals_and_colon_dateline_abroad():
    (event,) = _events("QUETTA: A bomb planted on a motorcycle exploded near a vegetable market on Tuesday, "
                       "killing three people, police said.")
    assert (event.country, event.location) == ("Pakistan", "Quetta")


def test_a_town_named_as_an_attribute_is_not_the_place():
    # "the mayor of Lyon region": no; "the son of Madrid banker" names no place
    events = _events("Gunmen kidnapped the son of Madrid banker Jose Ruiz in Guayaquil on Sunday, police said.")
    assert [(e.country, e.location) for e in events] == [("Ecuador", "Guayaquil")]


def test_a_party_named_between_is_not_the_place_but_two_towns_are():
    # "between the Malian army and ...": a demonym or a group with a noun after it names no place
    events = _events("Heavy fighting between the Malian army and separatist rebels broke out on Sunday on the "
                     "outskirts of Kidal, killing at least nine people, officials said.")
    assert [(e.country, e.location) for e in events] == [("Mali", "Kidal")]
    events = _events("Two soldiers were killed on Monday when their truck hit a mine between Gao and Ansongo in northern Mali.")
    assert [(e.country, e.location) for e in events] == [("Mali", "Gao")]


def test_a_village_told_with_the_town_it_lies_in_is_the_place():
    # the town a list knows only holds the village: the village keeps its name, in the town's country
    assert _where("Armed men abducted 20 women near Silgadji, in the commune of Djibo, on Tuesday, "
                  "residents said.")[:4] == ("Burkina Faso", "BF", None, "Silgadji")
    assert _where("Al-Shabaab fighters attacked a base near Mahaday in Jowhar district on Sunday, "
                  "killing four soldiers.")[3] == "Mahaday"


def test_armed_groups_abroad_and_police_by_nationality():
    (event,) = _events("Al-Shabaab fighters looted a health centre in Jowhar on Monday, carrying away medicine.")
    assert event.actor1 == "Al Shabaab"
    (event,) = _events("Kenyan police arrested 30 people in Mombasa on Tuesday over the riots, a spokesman said.")
    assert (event.sub_event_type, event.actor1) == ("Arrests", "Police Forces of Kenya")
    (event,) = _events("Fighters of the Islamic State West Africa Province attacked a military base in Gubio "
                       "on Monday, killing five soldiers.")
    assert event.actor1 == "Islamic State West Africa Province"


def test_a_province_abroad_is_known_by_its_english_name():
    world = World.default()
    assert world.region("North Kivu") == world.region("Nord-Kivu") == "CD"
    assert world.region("Kerry") is None  # one-word aliases are left out: a surname as often as a county


def test_a_village_told_in_a_municipality_or_local_government_area_keeps_its_name():
    assert _where("Gunmen killed five farmers on Tuesday in the municipality of Tepalcatepec, Michoacán.")[:4] == (
        "Mexico", "MX", None, "Tepalcatepec")
    assert _where("Bandits killed five villagers on Tuesday in Gusau Local Government Area of Zamfara State.")[:4] == (
        "Nigeria", "NG", None, "Gusau")


def test_a_province_named_outranks_a_town_elsewhere_of_the_same_name():
    # GeoNames knows a "Maru" in Turkmenistan (Mary); the text says Zamfara State, Nigeria
    assert _where("Bandits killed five villagers on Tuesday in Maru Local Government Area of Zamfara State.")[:4] == (
        "Nigeria", "NG", None, "Maru")


def test_a_place_told_in_a_region_of_a_country_is_that_place():
    assert _where("Jihadists attacked an army post at Tinakoff in northern Burkina Faso on Tuesday, killing "
                  "six soldiers.")[:4] == ("Burkina Faso", "BF", None, "Tinakoff")


def test_a_colon_dateline_of_two_words_is_the_whole_city():
    assert _where("ADDIS ABABA: Police detained 30 opposition supporters on Tuesday, a party spokesman said.")[:4] == (
        "Ethiopia", "ET", None, "Addis Ababa")


def test_a_province_written_with_its_word_says_the_country():
    # bare "Plateau" is a province of several countries; "Plateau State" only Nigeria's
    assert _where("Herders killed 10 villagers in Bokkos, Plateau State, on Tuesday.")[:4] == (
        "Nigeria", "NG", None, "Bokkos")


def test_a_province_told_as_one_outranks_a_name_that_is_also_a_province_elsewhere():
    # Beni is a territory of North Kivu and a department of Bolivia
    assert _where("Rebels killed 20 civilians in the village of Mamove in Beni territory, North Kivu province, "
                  "on Tuesday.")[:4] == ("Democratic Republic of Congo", "CD", None, "Mamove")
