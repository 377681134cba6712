"""Date expressions resolve against the publication day with ACLED precision, or not at all."""

from datetime import date

import pytest

from rasd.extract.dates import find_dates as _find_dates
from rasd.extract.lexicon import Lexicon


def find_dates(text, published, reference=None):
    return _find_dates(text, published, Lexicon.default(), reference)

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


@pytest.mark.parametrize(
    "text",
    ["At a news conference on Sunday, the governor said two bombs had been defused.",
     "In a May 29 briefing, the general said rockets had been seized near the border.",
     "During an interview on Monday, the minister said the militants had been driven out."],
)
def test_a_briefing_or_news_conference_day_dates_the_statement(text):
    assert [d.reporting for d in find_dates(text, PUB)] == [True]


def test_dateline_date_is_the_report_date():
    found = find_dates("BAQUBA, Iraq, Nov. 18 (Xinhua) -- A man was killed on Thursday", date(2010, 11, 18))
    assert [d.reporting for d in found] == [True, False]


def test_relative_dates_are_not_guessed_without_publication_date():
    # the weekday is found (so the sentence is known to be dated) but left unresolved
    assert first("Gunmen killed two policemen on Tuesday", None) == (None, None)
    assert first("On March 23, 2011, a militant died", None) == (date(2011, 3, 23), 1)


def test_vaguer_than_a_month_resolves_to_nothing():
    (mention,) = find_dates("The Sadrists controlled Maysan in 2007", PUB)
    assert mention.day is None and mention.precision is None


def test_may_the_verb_is_not_a_month():
    assert find_dates("attacks may rise ahead of the deadline", PUB) == []


def days(text, published=PUB, reference=None):
    """(expression, day, precision) of each resolved expression, reporting ones flagged."""
    return [(text[d.start : d.end], d.day, d.precision, d.reporting)
            for d in _find_dates(text, published, Lexicon.default(), reference)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # never after the report: a day and month with no year that would be later is last year's
        ("Police arrested four suspects in Hartha on June 3, police said.", (date(2010, 6, 3), 1)),
        ("Police arrested four suspects in Hartha on June 2.", (date(2011, 6, 2), 1)),
        ("protests have continued in June", (date(2011, 6, 2), 3)),
        ("a bomb went off in late June", (date(2010, 6, 25), 2)),
        ("a bomb went off at the end of May", (date(2011, 5, 31), 3)),
        ("a car bomb killed 20 in May last year", (date(2010, 5, 15), 3)),
        # deictic: counted from the report's day
        ("gunmen killed a teacher two days ago", (date(2011, 5, 31), 1)),
        ("gunmen killed a teacher the day before yesterday", (date(2011, 5, 31), 1)),
        ("a mortar hit the base a week ago", (date(2011, 5, 26), 2)),
        ("the bodies were found several days ago", (date(2011, 5, 30), 2)),
    ],
)
def test_resolves_on_or_before_publication(text, expected):
    assert first(text) == expected


def test_last_march_said_in_march_is_a_year_back():
    assert first("And last March, a suicide bomber killed 40 people", date(2009, 3, 5)) == (date(2008, 3, 15), 3)


@pytest.mark.parametrize(
    "text",
    ["a bomb exploded there in the summer of 2014", "attacks have grown earlier this year",
     "the town has been quiet in recent years", "the militia was formed in the 1990s",
     "gunmen attacked the village two months ago", "after the 2014 offensive, troops moved north"],
)
def test_vaguer_than_a_month_is_recognised_and_left_unresolved(text):
    found = find_dates(text, PUB)
    assert found and all(d.day is None and d.precision is None for d in found)


def test_previous_day_counts_from_the_story_not_the_report():
    story = (date(2011, 5, 29), 1)  # the report told of Sunday; it is published Thursday
    assert days("Gunmen had killed two guards the previous day.", reference=story) == [
        ("the previous day", date(2011, 5, 28), 1, False)]
    assert days("A day earlier, a bomb exploded in Kut.", reference=story)[0][1:3] == (date(2011, 5, 28), 1)
    assert days("Two days later, a second bomb went off.", reference=story)[0][1:3] == (date(2011, 5, 31), 1)
    # with no story told yet, from the report's day
    assert days("Gunmen had killed two guards the previous day.")[0][1] == date(2011, 6, 1)


def test_previous_day_counts_from_a_date_the_sentence_names_first():
    found = days("Police said on Tuesday that the bodies were found the previous day.")
    assert found == [("on Tuesday", date(2011, 5, 31), 1, True), ("the previous day", date(2011, 5, 30), 1, False)]


def test_same_day_phrases_take_the_story_day_and_its_precision():
    story = (date(2011, 5, 30), 1)
    for text in ("Earlier in the day, a car bomb killed five in Baquba.",
                 "Before the day was over, ten people had been shot.",
                 "Later that evening, mortars hit the base."):
        assert days(text, reference=story)[0][1:3] == (date(2011, 5, 30), 1), text
    assert days("Hours later, a second bomb went off.", reference=story)[0][1:3] == (date(2011, 5, 30), 2)
    assert days("Hours later, a second bomb went off.", reference=(date(2011, 5, 30), 2))[0][2] == 2


def test_a_night_across_two_days_is_dated_by_its_evening():
    assert first("Clashes raged late Monday and early Tuesday in Basra") == (date(2011, 5, 30), 1)
    assert first("Gunmen attacked the checkpoint overnight Tuesday to Wednesday") == (date(2011, 5, 31), 1)
    assert [d[1] for d in days("Bombs went off on Monday and Tuesday")] == [date(2011, 5, 30), date(2011, 5, 31)]


def test_a_day_after_dates_only_what_follows_it():
    (mention,) = find_dates("Ten people were killed in Baghdad, a day after a bomber struck a mosque", PUB,
                            (date(2011, 6, 1), 1))
    assert mention.after_only and mention.day == date(2011, 5, 31)
    assert find_dates("A day after the bombing, gunmen attacked a checkpoint", PUB) == []
    (came,) = find_dates("The attack came a day after 12 people were killed in Hilla", PUB, (date(2011, 6, 1), 1))
    assert not came.after_only and came.day == date(2011, 5, 31)


def test_a_speech_verb_after_the_date_makes_it_the_statement_day():
    assert days("The ministry on Saturday condemned the bombing in Kirkuk.")[0][3] is True
    assert days("Gunmen on Saturday killed two policemen in Kirkuk.")[0][3] is False
    assert days("Violence continued yesterday, said a police officer.")[0][3] is False


def test_dateline_closed_by_a_semicolon_dates_the_report():
    found = days("15 Apr 2021; AGENCY: A drone hit the airport yesterday", date(2021, 4, 15))
    assert [(f[1], f[3]) for f in found] == [(date(2021, 4, 15), True), (date(2021, 4, 14), False)]


def test_since_marks_when_a_period_began():
    (mention,) = find_dates("more than 1,000 dead since the bombing last month of a shrine", PUB)
    assert mention.since and mention.precision == 3


# -- across sentences: the day the story is at ---------------------------------------------------

def _dated(text: str, published: date) -> list[tuple[str, date, int]]:
    from rasd.extract import extract
    from rasd.model import Article

    return [(e.location or e.admin1, e.event_date, e.time_precision) for e in extract(Article("t", text, published))]


def test_undated_sentences_of_a_roundup_take_the_story_day():
    text = ("BAGHDAD, June 1 (Wire) -- Car bombs killed 15 people across Iraq on Wednesday, police said.\n\n"
            "In Kirkuk, a car bomb exploded near a market, killing eight people.\n\n"
            "Earlier in the day, a roadside bomb struck a police patrol in Baquba, wounding three policemen.")
    assert _dated(text, date(2011, 6, 2)) == [("Kirkuk", date(2011, 6, 1), 2), ("Baquba", date(2011, 6, 1), 1)]


def test_the_previous_day_of_the_story():
    text = ("Gunmen killed two policemen at a checkpoint in Mosul on Tuesday, police said.\n\n"
            "The previous day, a roadside bomb wounded four soldiers in Tal Afar.")
    assert _dated(text, date(2011, 6, 2)) == [("Mosul", date(2011, 5, 31), 1), ("Tal Afar", date(2011, 5, 30), 1)]


def test_an_attack_that_came_a_day_after_another_is_two_events():
    text = ("A suicide bomber killed 12 pilgrims in Karbala on Thursday, police said. "
            "The attack came a day after a car bomb killed nine people in Hilla.")
    assert _dated(text, date(2011, 6, 3)) == [("Karbala", date(2011, 6, 2), 1), ("Hillah", date(2011, 6, 1), 1)]


def test_a_sentence_about_plans_does_not_move_the_story():
    text = ("A bomb killed three people in Karbala on Sunday, police said.\n\n"
            "Pilgrims are expected to converge on the city for celebrations that peak late Tuesday and early Wednesday.\n\n"
            "Gunmen also shot dead a policeman in Kirkuk.")
    assert _dated(text, date(2011, 5, 30))[-1] == ("Kirkuk", date(2011, 5, 29), 2)


def test_background_days_do_not_date_the_next_paragraph():
    text = ("On March 2, 2004, bombs killed 181 people at shrines in Karbala.\n\n"
            "Gunmen killed two policemen in Mosul, police said.")
    assert _dated(text, date(2005, 3, 1))[-1] == ("Mosul", date(2005, 3, 1), 2)


def test_overnight_gives_way_to_the_day_the_sentence_names():
    from rasd.extract.reader import incident_dates

    found = incident_dates(find_dates("Mortars hit an overnight shelter in Basra on Friday", PUB), 0)
    assert [d.day for d in found] == [date(2011, 5, 27)]


def test_no_event_is_dated_after_its_report():
    text = "Police arrested four suspects in Hartha on June 3, police said."
    assert [d for _, d, _ in _dated(text, date(2011, 6, 2))] == [date(2010, 6, 3)]


@pytest.mark.parametrize("published", [date(1, 1, 1), date(1, 1, 3), date(9999, 12, 31)])
def test_the_ends_of_the_calendar_do_not_break_date_reading(published):
    text = ("Gunmen killed two policemen in Amara on Monday. The previous day, two days ago, a bomb killed "
            "three in Basra last month, on June 3, in late December, last week, yesterday.")
    for _, day, _ in _dated(text, published):
        assert day <= published


def test_a_phrase_that_introduces_another_incident_gives_way_to_the_day_it_names():
    from rasd.extract.reader import incident_dates

    found = find_dates("The blast comes a few days after gunmen shot three guards in Tikrit on Monday", PUB,
                       (date(2011, 6, 1), 1))
    assert [d.day for d in incident_dates(found, 40)] == [date(2011, 5, 30)]
    (vague,) = find_dates("The blast comes a few days after gunmen shot three guards in Tikrit", PUB, (date(2011, 6, 1), 1))
    assert (vague.day, vague.precision) == (date(2011, 5, 29), 2)


def test_a_date_right_after_since_is_when_a_period_began_even_with_a_time_of_day() -> None:
    [when] = find_dates("A curfew has been imposed since 7 pm Thursday.", date(2011, 2, 18))
    assert when.since and when.day == date(2011, 2, 17)
