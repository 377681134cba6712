"""rasd.extract.places: the event's place among the gazetteer's matches in its sentence."""

from __future__ import annotations

import pytest
from reading import context

from rasd.extract.places import choose, coordinated, locate

CTX = context()


def _located(text: str, trigger: str) -> tuple[str, str, int] | None:
    found = locate(text, CTX.gazetteer.find(text), CTX, text.index(trigger))
    return (found.place.name, found.place.kind, found.precision) if found else None


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("A roadside bomb exploded in Amarah on Monday.", "bomb", ("Amarah", "town", 1)),
    ("A roadside bomb went off north of Amarah on Friday.", "bomb", ("Amarah", "town", 2)),  # a bearing: precision 2
    ("Gunmen attacked a checkpoint in al-Aswad, a village north of Baquba.", "attacked", ("Al-Aswad", "town", 1)),
    ("A car bomb exploded in Baghdad's Sadr City district.", "bomb", ("Sadr City", "district", 1)),
    ("A bomb exploded in Amara, 390 km south of Baghdad.", "bomb", ("Amarah", "town", 1)),  # Baghdad: a reference
    ("Officials in Ramadi said a bomb exploded in Fallujah.", "bomb", ("Fallujah", "town", 1)),  # Ramadi: the source
    ("Protesters gathered in Basra province.", "Protesters", ("Basra", "governorate", 3)),
    ("Washington said a drone struck a convoy.", "drone", None),  # a foreign capital as a subject
])
def test_the_most_specific_place_that_is_not_a_reference(text: str, trigger: str, expected: object) -> None:
    assert _located(text, trigger) == expected


@pytest.mark.parametrize(("text", "kinds"), [
    ("Police raided a house in Basra province.", ["governorate"]),
    ("Police raided a house in Basra.", ["town"]),
    ("Police raided a house in the al-Muthanna neighbourhood of Baghdad.", [None, "town"]),  # no province there
])
def test_choose_tells_a_city_from_its_province_by_the_words_around(text: str, kinds: list[str | None]) -> None:
    chosen = [choose(text, match, CTX) for match in CTX.gazetteer.find(text)]
    assert [place.kind if place else None for place in chosen] == kinds


def test_places_listed_together_are_one_each_and_a_route_is_one_place() -> None:
    listed = "Protesters clashed with police in Muthanna, Qadisiyah and Dhi Qar provinces."
    assert [p.place.admin1_code for p in coordinated(listed, CTX.gazetteer.find(listed), CTX)] == [
        "IQ-MU", "IQ-QA", "IQ-DQ"]
    route = "A bomb hit the road between Anah and Rawah."
    assert coordinated(route, CTX.gazetteer.find(route), CTX) == []
    single = "A bomb exploded in Amarah."
    assert coordinated(single, CTX.gazetteer.find(single), CTX) == []
