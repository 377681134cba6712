"""The gazetteer: the shipped data files and the matcher over real sentences."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.errors import InputError
from rasd.geo import Gazetteer, PlaceMatch

DATA = Path(str(resources.files("rasd") / "data" / "gazetteer"))

GOVERNORATES = {
    "IQ-AN": "Anbar", "IQ-BA": "Basra", "IQ-MU": "Muthanna", "IQ-QA": "Al-Qadisiyah",
    "IQ-NA": "Najaf", "IQ-AR": "Erbil", "IQ-SU": "Sulaymaniyah", "IQ-BB": "Babil",
    "IQ-BG": "Baghdad", "IQ-DA": "Duhok", "IQ-DQ": "Dhi Qar", "IQ-DI": "Diyala",
    "IQ-KA": "Karbala", "IQ-KI": "Kirkuk", "IQ-MA": "Maysan", "IQ-NI": "Nineveh",
    "IQ-SD": "Salah ad Din", "IQ-WA": "Wasit",
}

#: Locations as the development gold annotates them (shared/examples/gold.jsonl).
GOLD_LOCATIONS = [
    ("Abu Ajal", "IQ-MA"), ("Abu Naji base", "IQ-MA"), ("Abu Saida", "IQ-DI"), ("Akashat", "IQ-AN"),
    ("Al-Alaab", "IQ-KI"), ("Al-Aswad", "IQ-DI"), ("Al-Aziziyah", "IQ-WA"),
    ("Al-Buteira Military Airport", "IQ-MA"), ("Al-Dayniya", "IQ-WA"), ("Al-Dour", "IQ-SD"),
    ("Al-Khattab", "IQ-AR"), ("Al-Qaim", "IQ-AN"), ("Al-Uzair", "IQ-MA"), ("Amadiyah", "IQ-DA"),
    ("Amarah", "IQ-MA"), ("Anah", "IQ-AN"), ("Baghdad", "IQ-BG"), ("Baquba", "IQ-DI"),
    ("Basra International Airport", "IQ-BA"), ("Basra", "IQ-BA"), ("Busaya", "IQ-MU"),
    ("Darkar", "IQ-DA"), ("Deshish", "IQ-DA"), ("Diwaniyah", "IQ-QA"), ("Domeez", "IQ-KI"),
    ("Erbil", "IQ-AR"), ("Fallujah", "IQ-AN"), ("Green Zone", "IQ-BG"), ("Haditha", "IQ-AN"),
    ("Haj Ali", "IQ-AR"), ("Hamrin Mountains", "IQ-DI"), ("Hamza al-Gharbi", "IQ-BB"),
    ("Hillah", "IQ-BB"), ("Jurf al-Sakhar", "IQ-BB"), ("Kadhimiya", "IQ-BG"), ("Karbala", "IQ-KA"),
    ("Karradah", "IQ-BG"), ("Khanaqin", "IQ-DI"), ("Kirkuk", "IQ-KI"), ("Kut", "IQ-WA"),
    ("Majar al-Kabir", "IQ-MA"), ("Makhmour", "IQ-AR"), ("Mosul", "IQ-NI"), ("Muqdadiyah", "IQ-DI"),
    ("Najaf", "IQ-NA"), ("Nasiriyah", "IQ-DQ"), ("Qalat Salih", "IQ-MA"), ("Ramadi", "IQ-AN"),
    ("Rawah", "IQ-AN"), ("Sadr City", "IQ-BG"), ("Samarra", "IQ-SD"), ("Shirqat", "IQ-SD"),
    ("Sulaymaniyah", "IQ-SU"), ("Suwayrah", "IQ-WA"), ("Taji", "IQ-BG"), ("Tal Abta", "IQ-NI"),
    ("Tikrit", "IQ-SD"), ("Wadi al-Qadhaf", "IQ-AN"), ("Wana", "IQ-NI"), ("Zayouna", "IQ-BG"),
    ("Zubair", "IQ-BA"),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def resolved(gazetteer: Gazetteer, text: str, context: tuple[str, ...] = ()) -> list[tuple[str, str, str | None]]:
    return [(m.surface, (p := gazetteer.resolve(m, context)).name, p.admin1_code) for m in gazetteer.find(text)]


# --- data --------------------------------------------------------------------------------

def test_all_eighteen_governorates_with_gold_spellings_and_capitals(gazetteer: Gazetteer) -> None:
    for code, name in GOVERNORATES.items():
        governorate = gazetteer.governorate(code)
        assert governorate is not None and governorate.name == name and governorate.admin1 == name
        capital = gazetteer.capital(code)
        assert capital is not None and capital.kind == "town" and capital.admin1_code == code
        assert (governorate.latitude, governorate.longitude) == (capital.latitude, capital.longitude)
    assert gazetteer.capital("iq-di").name == "Baquba" and gazetteer.capital("IQ-XX") is None


@pytest.mark.parametrize("variant, code", [
    ("Missan", "IQ-MA"), ("Meysan", "IQ-MA"), ("Ninawa", "IQ-NI"), ("Ninevah", "IQ-NI"),
    ("Salahuddin", "IQ-SD"), ("Salah al-Din", "IQ-SD"), ("Diala", "IQ-DI"), ("Babylon Province", "IQ-BB"),
    ("Thi Qar", "IQ-DQ"), ("Hewler", "IQ-AR"), ("Slemani", "IQ-SU"), ("Dohuk", "IQ-DA"),
    ("Al-Qadisiyyah", "IQ-QA"), ("Diwaniyah province", "IQ-QA"), ("IQ-wa", "IQ-WA"),
])
def test_governorate_variants(gazetteer: Gazetteer, variant: str, code: str) -> None:
    governorate = gazetteer.governorate(variant)
    assert governorate is not None and governorate.admin1_code == code


@pytest.mark.parametrize("name, code", GOLD_LOCATIONS)
def test_gold_location_spellings_are_canonical_names(gazetteer: Gazetteer, name: str, code: str) -> None:
    assert any(p.name == name and p.admin1_code == code for p in gazetteer.lookup(name))


def test_places_carry_coordinates_inside_iraq(gazetteer: Gazetteer) -> None:
    iraqi = [p for p in gazetteer.places(limit=100_000) if p.country_code == "IQ" and p.latitude is not None]
    assert len(iraqi) > 400
    outside = [p.name for p in iraqi if not (29.0 <= p.latitude <= 37.5 and 38.7 <= p.longitude <= 48.7)]
    assert outside == []


def test_districts_have_governorates_and_mostly_seats(gazetteer: Gazetteer) -> None:
    districts = gazetteer.places(kind="district", limit=1000)
    assert len(districts) >= 100
    assert all(d.admin1_code in GOVERNORATES for d in districts)
    assert sum(d.latitude is not None for d in districts) / len(districts) > 0.9


def test_curated_places_are_in_the_built_file() -> None:
    """places.jsonl is generated: a curated row missing from it means the build was not rerun."""
    records = [json.loads(line) for line in (DATA / "places.jsonl").read_text(encoding="utf-8").splitlines()]
    names = {(r["name"], r["admin1_code"]): set(r["names"]) for r in records}
    with open(DATA / "aliases.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            place = (row["part_of"] or row["name"], row["admin1_code"])
            assert place in names, row["name"]
            assert row["name"] in names[place]


def test_landmarks_are_coded_as_their_town_but_baghdads_are_places(gazetteer: Gazetteer) -> None:
    """As in the gold: a bomb at Adan Square is located in Kadhimiya, one at the Imam Ali shrine in
    Najaf; central Baghdad's squares, streets and bridges are places of their own, as its
    neighbourhoods are (Taiyran Square is spelt Tayaran Square, as most reports do)."""
    text = "a suicide bomber struck near Taiyran Square; another at Adan Square, the Imam Ali Shrine and al-Aswad"
    assert [(s, name) for s, name, _ in resolved(gazetteer, text)] == [
        ("Taiyran Square", "Tayaran Square"), ("Adan Square", "Kadhimiya"), ("Imam Ali Shrine", "Najaf"),
        ("al-Aswad", "Al-Aswad")]


def test_airfields_carry_their_icao_code_and_names(gazetteer: Gazetteer) -> None:
    """airportsdata's airfields merge into the curated place they sit on, or are sites of their own."""
    lines = (DATA / "places.jsonl").read_text(encoding="utf-8").splitlines()
    icao = {r["name"]: r.get("icao") for r in map(json.loads, lines)}
    assert (icao["Camp Speicher"], icao["Harir Air Base"], icao["Mudaysis Air Base"]) == ("ORSH", "ORBR", "KQMG")
    assert resolved(gazetteer, "a drone hit the Al Sahra Army Air Field") == [
        ("Al Sahra Army Air Field", "Camp Speicher", "IQ-SD")]
    assert resolved(gazetteer, "rockets hit Mudaysis airbase") == [("Mudaysis airbase", "Mudaysis Air Base", "IQ-AN")]


@pytest.mark.parametrize("text, context, place", [
    ("a car bomb in Baghdad's Bayaa district", (), ("Bayaa", "IQ-BG")),
    ("gunmen in the Yarmouk district of Baghdad", ("IQ-BG",), ("Yarmouk", "IQ-BG")),
    ("Peshmerga at the Khazir checkpoint", (), ("Khazir", "IQ-NI")),
    ("rockets struck the Khor Mor gas field", (), ("Khor Mor gas field", "IQ-SU")),
    ("protesters blocked the gate of the Rumaila field", (), ("Rumaila oil field", "IQ-BA")),
    ("Turkish jets bombed the Qandil mountains", (), ("Qandil Mountains", "IQ-SU")),
    ("a roadside bomb on the Sinak Bridge", (), ("Sinak Bridge", "IQ-BG")),
    ("protesters gathered in al-Khilani Square", (), ("Khilani Square", "IQ-BG")),
    ("clashes near the Haditha Dam", (), ("Haditha Dam", "IQ-AN")),
    ("a blast in the al-Ashar district", (), ("Basra", "IQ-BA")),  # a quarter of another city: the city
    ("fighting in the Zanjili neighbourhood", (), ("Mosul", "IQ-NI")),
])
def test_neighbourhoods_villages_and_sites(gazetteer: Gazetteer, text: str, context: tuple[str, ...],
                                           place: tuple[str, str]) -> None:
    assert place in [(name, code) for _, name, code in resolved(gazetteer, text, context)]


def test_a_tribe_is_not_its_village(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("militants executed members of the Albu Nimr tribe") == []
    assert resolved(gazetteer, "they fled Zawiyat Albu Nimr") == [("Zawiyat Albu Nimr", "Zawiyat Albu Nimr", "IQ-AN")]


def test_quarter_names_that_many_cities_share_are_not_one_place(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("a bomb in the Hay al-Jamia neighbourhood, near Hay al-Shurta") == []


# --- matching ----------------------------------------------------------------------------

def test_al_prefixed_transliteration_finds_amarah(gazetteer: Gazetteer) -> None:
    text = "the police defused IEDs placed along a road north of the city of al-Amara."
    assert resolved(gazetteer, text) == [("al-Amara", "Amarah", "IQ-MA")]


def test_capitalised_dateline_finds_governorate(gazetteer: Gazetteer) -> None:
    matches = gazetteer.find("MISSAN / Aswat al-Iraq: Gunmen attacked a checkpoint")
    assert matches[0].surface == "MISSAN"
    place = gazetteer.resolve(matches[0])
    assert (place.kind, place.name, place.admin1_code) == ("governorate", "Maysan", "IQ-MA")


def test_longest_name_wins(gazetteer: Gazetteer) -> None:
    text = "Katyusha rockets fell near Basra International Airport on Monday."
    assert resolved(gazetteer, text) == [("Basra International Airport", "Basra International Airport", "IQ-BA")]
    assert resolved(gazetteer, "clashes in Baghdad's Karrada district")[1][1] == "Karradah"


def test_city_named_like_its_governorate_resolves_to_the_city(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve(gazetteer.find("a bomb in Basra")[0]).kind == "town"
    assert gazetteer.resolve(gazetteer.find("a bomb in Basra province")[0]).kind == "governorate"


def test_hit_the_verb_is_not_the_town(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("A U.S. patrol in the central section was hit by a bomb.") == []
    assert gazetteer.find("Hit by a roadside bomb, the convoy stopped.") == []
    assert gazetteer.find("ROADSIDE BOMB HIT PATROL") == []
    assert gazetteer.find("Roadside Bomb Hit Patrol") == []
    assert resolved(gazetteer, "Gunmen attacked a checkpoint in Hit, west of Ramadi.") == [
        ("Hit", "Hit", "IQ-AN"), ("Ramadi", "Ramadi", "IQ-AN")]


def test_lowercase_common_phrases_are_not_places(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("the green zone of the garden was hit; a bat and some hay") == []
    assert [m.surface for m in gazetteer.find("inside the Green Zone")] == ["Green Zone"]


def test_well_known_cities_are_found_in_lower_case_but_not_in_web_addresses(gazetteer: Gazetteer) -> None:
    assert resolved(gazetteer, "three were killed in kut clashes and two in basra") == [
        ("kut", "Kut", "IQ-WA"), ("basra", "Basra", "IQ-BA")]
    assert gazetteer.find("see www.iraqinews.com/baghdad-news or mail desk@mosul.example") == []
    assert gazetteer.find("a hit and a dora") == []  # names that are ordinary words stay capitalised


def test_arabic_names_are_found(gazetteer: Gazetteer) -> None:
    assert resolved(gazetteer, "انفجار عبوة ناسفة في العمارة") == [("العمارة", "Amarah", "IQ-MA")]
    assert resolved(gazetteer, "قتل شخصان في بعقوبة") == [("بعقوبة", "Baquba", "IQ-DI")]
    # "and", "in" and "to" are letters joined to the name; the surface leaves them out
    assert resolved(gazetteer, "هجمات في كركوك وبغداد وللبصرة") == [
        ("كركوك", "Kirkuk", "IQ-KI"), ("بغداد", "Baghdad", "IQ-BG"), ("لبصرة", "Basra", "IQ-BA")]


def test_apostrophes_and_diacritics_are_spelling_noise(gazetteer: Gazetteer) -> None:
    for text in ("Qal’at Salih", "Qal'at Salih", "Qalat Salih", "Qal`at Salih"):
        assert resolved(gazetteer, f"a raid in {text} yesterday") == [(text, "Qalat Salih", "IQ-MA")]
    assert resolved(gazetteer, "Ḩadīthah")[0][1] == "Haditha"


def test_offsets_point_into_the_original_text(gazetteer: Gazetteer) -> None:
    text = "İstanbul — «Reuters» — Two died in Ba’quba; Tuz Khurmatu\nand Kirkuk."
    for match in gazetteer.find(text):
        assert text[match.start:match.end] == match.surface
    assert [m.surface for m in gazetteer.find(text)] == ["İstanbul", "Ba’quba", "Tuz Khurmatu", "Kirkuk"]


def test_foreign_places_are_known_as_foreign(gazetteer: Gazetteer) -> None:
    places = [gazetteer.resolve(m) for m in gazetteer.find("Officials in Tehran, Damascus and Turkey said")]
    assert [(p.name, p.country_code) for p in places] == [("Tehran", "IR"), ("Damascus", "SY"), ("Turkey", "TR")]
    assert places[2].kind == "country"


# --- resolution --------------------------------------------------------------------------

def test_ambiguous_name_resolved_by_context(gazetteer: Gazetteer) -> None:
    match = gazetteer.find("Police found a cache in Hindiyah.")[0]
    assert {p.admin1_code for p in match.candidates} == {"IQ-KA", "IQ-BB"}
    assert gazetteer.resolve(match).admin1_code == "IQ-KA"  # the larger town, without context
    assert gazetteer.resolve(match, ["IQ-BB"]).admin1_code == "IQ-BB"
    assert gazetteer.resolve(match, ["IQ-NI", "IQ-KA", "IQ-BB"]).admin1_code == "IQ-KA"


def tiny(tmp_path: Path, rows: list[dict]) -> Gazetteer:
    with open(tmp_path / "places.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    (tmp_path / "strict_names.txt").write_text("# test\nmarsh\n", encoding="utf-8")
    (tmp_path / "country.json").write_text('{"name": "Iraq", "code": "IQ", "event_id_prefix": "IRQ"}', encoding="utf-8")
    return Gazetteer.from_dir(tmp_path)


def place_row(name: str, kind: str, code: str | None, population: int = 0, **extra: object) -> dict:
    return {"name": name, "kind": kind, "country": "Iraq", "country_code": "IQ", "admin1": code,
            "admin1_code": code, "admin2": None, "latitude": 31.0, "longitude": 46.0,
            "population": population, "geonameid": None, "names": [name], **extra}


def test_tiny_gazetteer_context_beats_kind_and_population(tmp_path: Path) -> None:
    gazetteer = tiny(tmp_path, [
        place_row("Khalis", "town", "IQ-DI", 70_000), place_row("Khalis", "district", "IQ-MA"),
        place_row("Marsh", "town", "IQ-MA"),
    ])
    match = gazetteer.find("a blast in Khalis")[0]
    assert gazetteer.resolve(match).admin1_code == "IQ-DI"
    assert gazetteer.resolve(match, ("IQ-MA",)).admin1_code == "IQ-MA"
    assert gazetteer.find("Marsh Arabs fled") == []  # strict: sentence-initial
    assert [m.surface for m in gazetteer.find("fled to Marsh, then")] == ["Marsh"]


def test_missing_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="places.jsonl"):
        Gazetteer.from_dir(tmp_path)


def test_the_country_is_the_directory_s_configuration(tmp_path: Path, gazetteer: Gazetteer) -> None:
    assert (gazetteer.country.name, gazetteer.country.code, gazetteer.country.event_id_prefix) == ("Iraq", "IQ", "IRQ")
    assert gazetteer.country.boundaries is not None and gazetteer.country.boundaries.exists()
    (tmp_path / "places.jsonl").write_text(json.dumps(place_row("Khalis", "town", "IQ-DI")) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="country.json"):
        Gazetteer.from_dir(tmp_path)
    (tmp_path / "country.json").write_text('{"name": "Iraq"}', encoding="utf-8")
    with pytest.raises(InputError, match="event_id_prefix"):
        Gazetteer.from_dir(tmp_path)


def test_lookup_is_spelling_tolerant(gazetteer: Gazetteer) -> None:
    for spelling in ("Amarah", "al-Amarah", "AL AMARA", "Al Amarah", "Āmārah"):
        assert gazetteer.lookup(spelling)[0].name == "Amarah"
    assert gazetteer.lookup("Nowhere-on-earth") == ()


def test_places_query_for_the_web_api(gazetteer: Gazetteer) -> None:
    assert gazetteer.places("Amar")[0].name == "Amarah"
    in_maysan = gazetteer.places(admin1_code="IQ-MA", kind="town", limit=500)
    assert {p.admin1_code for p in in_maysan} == {"IQ-MA"} and {p.kind for p in in_maysan} == {"town"}
    assert len(gazetteer.places("a", limit=3)) == 3


# --- invariants --------------------------------------------------------------------------

WORDS = st.sampled_from(["Amarah", "al-Amara", "Hit", "hit", "Basra", "International", "Airport", "the",
                         "Sadr", "City", "Baghdad's", "MISSAN", "/", ".", ",", "بغداد", "Qal’at", "Salih", "\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=25))
def test_matches_are_ordered_disjoint_and_exact(words: list[str]) -> None:
    gazetteer = Gazetteer.default()
    text = " ".join(words)
    matches = gazetteer.find(text)
    for match in matches:
        assert isinstance(match, PlaceMatch) and match.candidates
        assert text[match.start:match.end] == match.surface
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:]))


def test_public_api_and_documented_examples() -> None:
    import doctest

    import rasd.geo

    assert rasd.geo.__all__ == ["Country", "Gazetteer", "PlaceMatch"]
    assert doctest.testmod(rasd.geo).failed == 0


def test_gazetteer_pickles_for_worker_processes(gazetteer: Gazetteer) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(gazetteer))
    assert [m.surface for m in copy.find("in Amarah and Baghdad")] == ["Amarah", "Baghdad"]


def test_al_names_of_people_are_not_places(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("Abu Bakr al-Baghdadi called for attacks") == []
    assert gazetteer.find("outside the mosque of Omar ibn al-Khattab") == []
    assert gazetteer.find("the cleric Muqtada al-Sadr said") == []
    assert [(s, name) for s, name, _ in resolved(gazetteer, "gunmen attacked al-Baghdadi and Hay al-Jihad")] == [
        ("al-Baghdadi", "Al-Baghdadi"), ("Hay al-Jihad", "Hay al-Jihad")]
    assert [name for _, name, _ in resolved(gazetteer, "the IED exploded in al-Khattab village")] == ["Al-Khattab"]


@pytest.mark.parametrize("name, city", [("Mansour", "Baghdad"), ("Domeez", "Kirkuk"), ("Ankawa", "Erbil"),
                                        ("Taji", None), ("Sadr City", None), ("Zubair", None), ("Baghdad", None)])
def test_the_city_a_quarter_lies_in(gazetteer: Gazetteer, name: str, city: str | None) -> None:
    # a small place within a capital's built-up reach is its quarter; a town outside it, or a
    # city of its own (Sadr City), is not
    place = next(p for p in gazetteer.lookup(name) if p.kind == "town")
    found = gazetteer.city_of(place)
    assert (found.name if found else None) == city


def test_garma_is_the_basra_quarter_in_a_basra_report_and_the_anbar_town_in_an_anbar_one(gazetteer: Gazetteer) -> None:
    assert resolved(gazetteer, "clashes in the town of Garma", ("IQ-BA",)) == [("Garma", "Qarmat Ali", "IQ-BA")]
    assert resolved(gazetteer, "clashes in the town of Garma", ("IQ-AN",)) == [("Garma", "Karmah", "IQ-AN")]


def test_a_transliteration_with_an_ayn_the_gazetteer_s_spelling_lacks_is_found(gazetteer: Gazetteer) -> None:
    assert resolved(gazetteer, "raids in the al-Nu'maniya district and in Ba’aquba") == [
        ("al-Nu'maniya", "Numaniyah", "IQ-WA"), ("Ba’aquba", "Baquba", "IQ-DI")]
    assert resolved(gazetteer, "Iraq's army entered Basra's old city") == [("Basra", "Basra", "IQ-BA")]


def test_bases_and_fields_go_by_their_common_names(gazetteer: Gazetteer) -> None:
    assert [name for _, name, _ in resolved(gazetteer, "rockets hit Joint Base Balad and Camp Taji, near Taji")] == [
        "Balad Air Base", "Camp Taji", "Taji"]
    assert resolved(gazetteer, "a protest at the Western Qurna oil field") == [
        ("Western Qurna oil field", "West Qurna", "IQ-BA")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F) | st.sampled_from("’“”ḨāīéİẞأىةЖ_-"), max_size=40))
def test_folding_keeps_length_and_letters_and_makes_everything_else_a_space(text: str) -> None:
    from rasd.geo.normalise import fold

    folded = fold(text)
    assert len(folded) == len(text)  # "İ" too, which lower-cases to two characters
    for original, char in zip(text, folded):
        if original.isascii():  # ASCII text is folded through a table: same as the non-ASCII path
            assert char == (original.lower() if original.isalnum() else " ")
        else:
            assert char == " " or char.isalnum()


def test_a_listed_name_after_a_word_that_starts_place_names_is_no_match(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("a mine exploded in Abu Karma village") == []
    assert [m.surface for m in gazetteer.find("a mine exploded in Abu Ghraib")] == ["Abu Ghraib"]  # listed whole
