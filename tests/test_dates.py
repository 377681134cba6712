"""Date expressions resolve against the publication day with ACLED precision, or not at all."""

from datetime import date

import pytest

from rasd.extract.dates import find_dates as _find_dates
from rasd.extract.lexicon import Lexicon


def find_dates(text, published):
    return _find_dates(text, published, Lexicon.default())

PUB = date(2011, 6, 2)  # a Thursday


def first(text: str, published: date | None = PUB):
    found = [d for d in find_dates(text, published) if not d.reporting]
    return (found[0].day, found[0].precision) if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On March 23, a militant died of his burns", (date(2011, 3, 23), 1)),
        ("On December 28, the provincial council voted", (date(2010, 12, 28), 1)),
        ("“Bomb explodes near U.S. patrol in Amara,” 4/1/11", (date(2011, 4, 1), 1)),
        ("Gunmen killed two policemen on Tuesday", (date(2011, 5, 31), 1)),
        ("a bomb went off on Thursday", (date(2011, 6, 2), 1)),
        ("a roadside bomb exploded yesterday", (date(2011, 6, 1), 1)),
        ("Then at the end of May, a joint force raided a village", (date(2011, 5, 31), 3)),
        ("Earlier this month, a car bomb killed 27", (date(2011, 6, 2), 3)),
        ("a bomb went off last March", (date(2011, 3, 15), 3)),
        ("In February 2005, a car bomb killed 125 people", (date(2005, 2, 15), 3)),
        ("fighting broke out in late July", (date(2010, 7, 25), 2)),
        ("the attack happened last week", (date(2011, 5, 25), 2)),
        ("On Saturday, 30 July 2022, protesters", (date(2011, 5, 28), 1)),
    ],
)
def test_resolves_against_publication(text, expected):
    assert first(text) == expected


def test_said_on_a_weekday_dates_the_report_not_the_incident():
    (mention,) = find_dates("a source from the Missan police department said on Friday.", date(2009, 2, 27))
    assert mention.reporting and mention.day == date(2009, 2, 27)


def test_dateline_date_is_the_report_date():
    found = find_dates("BAQUBA, Iraq, Nov. 18 (Xinhua) -- A man was killed on Thursday", date(2010, 11, 18))
    assert [d.reporting for d in found] == [True, False]


def test_relative_dates_are_not_guessed_without_publication_date():
    assert first("Gunmen killed two policemen on Tuesday", None) == (None, None) or first(
        "Gunmen killed two policemen on Tuesday", None) is None
    assert first("On March 23, 2011, a militant died", None) == (date(2011, 3, 23), 1)


def test_vaguer_than_a_month_resolves_to_nothing():
    (mention,) = find_dates("The Sadrists controlled Maysan in 2007", PUB)
    assert mention.day is None and mention.precision is None


def test_may_the_verb_is_not_a_month():
    assert find_dates("attacks may rise ahead of the deadline", PUB) == []
