"""Find date expressions in a sentence and resolve them against the publication date.

Returns ACLED time precision with every date: 1 the day is known, 2 a day implied or a few
days' range (the report's day, "last week", "late May"), 3 only the month. Nothing is guessed:
without a publication date, relative expressions ("on Monday", "yesterday") stay unresolved,
and expressions vaguer than a month ("in 2007", "last year") resolve to nothing. No date
resolves after the publication day: "June 3" in a report of June 2 is last year's June 3.

Two kinds of relative expression: deictic ones count from the report's day ("yesterday", "two
days ago"), anaphoric ones from the day the story is at ("the previous day", "a day earlier",
"earlier in the day"): the date the sentence names before them, else the story's day the caller
passes (``reference``; ``story.StoryDay`` keeps it across sentences). Their wording is data
(``data/lexicon/dates.jsonl``, read by ``dayphrases``); the calendar (month and weekday names,
"last week", "late May") is here.

Written with the standard library rather than dateparser: resolving "Monday" to the latest
Monday on or before publication, anaphoric days and ACLED precision are rules dateparser does not
know (its ``search_dates`` reads "the previous day, a day after a bomb" as a day *after* the
report), and it cost 1.2 ms of CPU a sentence on real reports against ~0.1 ms here, on a path
that runs on every sentence of every report.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rasd.extract.folded import Folded

if TYPE_CHECKING:
    from rasd.extract.dayphrases import DatePhrase
    from rasd.extract.lexicon import Lexicon

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_DAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?P<weekday>" + "|".join(_DAYS) + r")"
_YEAR = r"(?P<y>(?:19|20)\d\d)"

_MONTH_NEEDLES = tuple(sorted({name[:3] for name in _MONTHS}))
_DIGIT = tuple("0123456789")


@dataclass(frozen=True)
class _Calendar:
    """A calendar expression: its pattern, and words one of which a sentence must hold for the
    pattern to be worth running (most sentences name no date: a substring test says so)."""

    kind: str
    pattern: Folded
    needles: tuple[str, ...]

    def finditer(self, text: str, present: frozenset[str]) -> Iterator[re.Match[str]]:
        """Matches in ``text``, if it holds a needle (``present``: the needles it holds)."""
        if not present.isdisjoint(self.needles):
            yield from self.pattern.finditer(text)


_PATTERNS = [_Calendar(kind, Folded(source), needles) for kind, source, needles in [
    ("numeric", r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b", ("/",)),
    ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b", ("-",)),
    # "late Monday and early Tuesday", "Monday night into Tuesday": one night, dated by its evening
    ("night", r"\b(?P<lead>late (?:on )?|overnight (?:on )?)?" + _DAY_RE + r"(?P<eve> night| evening)? "
              r"(?:and|into|to|through|until) (?:early (?:on )?)?(?P<weekday2>" + "|".join(_DAYS) + r")\b", ("day",)),
    ("part_of_month", r"\b(?:at |in |by )?(?:the )?(?P<part>early|mid|middle of|late|end of|beginning of|start of)[- ]"
                      + _MONTH_RE + r"(?:,? " + _YEAR + r")?(?!\s*\d)", _MONTH_NEEDLES),
    ("month_day", r"\b" + _MONTH_RE + r" (?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,? " + _YEAR + r")?", _MONTH_NEEDLES),
    ("day_month", r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH_RE + r"(?:,? " + _YEAR + r")?", _MONTH_NEEDLES),
    ("month", r"\b(?P<rel>in|last|this|since|during|early in|late in)? ?" + _MONTH_RE
              + r"(?: " + _YEAR + r"|,? (?:of )?(?P<last>last year)|,? (?:of )?(?P<this>this year))?\b(?! \d)",
     _MONTH_NEEDLES),
    ("weekday", r"\b(?P<rel>last|this|on|early|late|early on|late on)? ?" + _DAY_RE + r"(?:'s)?\b", ("day",)),
    ("this_month", r"\b(?:earlier this month|this month|earlier in the month)\b", ("month",)),
    ("last_month", r"\blast month\b", ("month",)),
    ("last_week", r"\blast week(?:end)?\b", ("week",)),
    ("this_week", r"\b(?:earlier this week|this week|this weekend)\b", ("week",)),
    ("vague", r"\b(?:in|since|during|of|until|by) (?:the )?(?:(?:early|late|mid-?)\s?)?(?:19|20)\d\ds?\b|"
              r"\b(?:after|before|following) the (?:19|20)\d\d (?=[a-z])|"
              r"\b(?:early|late|mid-?)\s?(?:19|20)\d\d\b|"
              r"\b(?:last|this|earlier this|later this|next) (?:year|summer|winter|spring|autumn|fall)\b|"
              r"\bin (?:the )?(?:summer|winter|spring|autumn|fall)(?: of (?:19|20)\d\d)?\b|\bin recent (?:years|months)\b|"
              r"\b(?:19|20)\d\d-(?:19|20)?\d\d\b|\byears? ago\b|\bmonths ago\b|\bdecades? ago\b",
     _DIGIT + ("year", "summer", "winter", "spring", "autumn", "fall", "month", "decade")),
]]
_NEEDLES = frozenset(needle for expression in _PATTERNS for needle in expression.needles)
# A date in a wire dateline ("BAQUBA, Iraq, Nov. 18 (Xinhua) --", "15 Apr 2021; MEMO:") dates the report.
_DATELINE_END = re.compile(r"^(?:,? ?(?:19|20)\d\d)?(?:\)? ?(?:\([^)]{1,40}\))? ?(?:--|—|–|-|:|;|/)\s|\)\s)", re.I)
# "since the bombing last month": when a period began, not the day of an incident
_SINCE = re.compile(r"\bsince(?: (?:the|a|an|his|her|their|its))?(?: [\w'-]+){0,2} ?$", re.I)


@dataclass(frozen=True)
class DateMention:
    """A resolved date expression: its span, the day, ACLED precision, and its role."""

    start: int
    end: int
    day: date | None  # None: recognised but unresolvable or vaguer than a month
    precision: int | None
    reporting: bool = False  # "a source said on Friday": dates the report, not the incident
    weak: bool = False  # "overnight", "came a day after": gives way to any other date of the sentence
    after_only: bool = False  # "..., a day after a bomber killed 10": dates only what follows it
    since: bool = False  # "since Saturday": when a period began


def _year_for(month: int, day: int, published: date) -> int:
    """The year that puts month/day on or before publication (never after it)."""
    return published.year - 1 if (month, day) > (published.month, published.day) else published.year


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _in_month(year: int, month: int, day: int, published: date | None) -> date:
    """``day`` of the month, or the publication day if the month is the report's own and that is earlier."""
    day = min(day, calendar.monthrange(year, month)[1])
    if published is not None and (year, month) == (published.year, published.month):
        day = min(day, published.day)
    return date(year, month, day)


def _month_year(month: int, year: str | None, rel: str, published: date) -> int:
    if year:
        return int(year)
    if rel == "this":
        return published.year
    if rel == "last" and month == published.month:
        return published.year - 1  # "last March", said in March
    return published.year if month <= published.month else published.year - 1


def _latest(weekday: str, published: date, skip_today: bool = False) -> date:
    back = (published.weekday() - _DAYS[weekday.lower()]) % 7
    return published - timedelta(days=back or (7 if skip_today else 0))


def _resolve(kind: str, m: re.Match[str], pub: date | None) -> tuple[date | None, int | None]:
    """Turn one matched expression into (day, precision); (None, None) if it cannot be."""
    if kind == "vague":
        return None, None
    if kind == "numeric":
        year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        return _safe(year, int(m["m"]), int(m["d"])), 1
    if kind == "iso":
        return _safe(int(m["y"]), int(m["m"]), int(m["d"])), 1
    if pub is None and not m.groupdict().get("y"):
        return None, None
    if kind in ("month_day", "day_month"):
        month, day = _MONTHS[m["month"].lower()], int(m["d"])
        year = int(m["y"]) if m["y"] else _year_for(month, day, pub)  # type: ignore[arg-type]
        return _safe(year, month, day), 1
    if kind == "part_of_month":
        return _part_of_month(m, pub)
    if kind == "month":
        month = _MONTHS[m["month"].lower()]
        rel = "this" if m["this"] else (m["rel"] or "").lower()
        year = _month_year(month, m["y"], rel, pub)  # type: ignore[arg-type]
        if m["last"]:
            year = pub.year - 1  # type: ignore[union-attr]
        return _in_month(year, month, 15, pub), 3
    assert pub is not None
    return _calendar_relative(kind, m, pub)


#: part of a month → (the day it begins, the day that codes it)
_PARTS = {"early": (1, 5), "mid": (11, 15), "middle of": (11, 15), "late": (21, 25),
          "beginning of": (1, 1), "start of": (1, 1), "end of": (24, 31)}


def _part_of_month(m: re.Match[str], pub: date | None) -> tuple[date | None, int | None]:
    month = _MONTHS[m["month"].lower()]
    part = m["part"].lower()
    begins, day = _PARTS[part]
    year = int(m["y"]) if m["y"] else _month_year(month, None, "", pub)  # type: ignore[arg-type]
    if not m["y"] and pub is not None and (year, month) == (pub.year, pub.month) and begins > pub.day:
        year -= 1  # "late June" in a report of June 2: last year's
    precision = 3 if part in ("end of", "beginning of", "start of") else 2
    return _in_month(year, month, day, pub), precision


def _calendar_relative(kind: str, m: re.Match[str], pub: date) -> tuple[date | None, int | None]:
    if kind == "weekday":
        return _latest(m["weekday"], pub, (m["rel"] or "").lower() == "last"), 1
    if kind == "night":
        second = _latest(m["weekday2"], pub)
        first = second - timedelta(days=1)
        return (first if first.weekday() == _DAYS[m["weekday"].lower()] else _latest(m["weekday"], pub)), 1
    if kind == "this_month":
        return _in_month(pub.year, pub.month, 15, pub), 3
    if kind == "last_month":
        prev = pub.replace(day=1) - timedelta(days=1)
        return _in_month(prev.year, prev.month, 15, pub), 3
    if kind == "last_week":
        return pub - timedelta(days=pub.weekday() + 5), 2  # Wednesday of the week before (ACLED)
    # this_week
    return pub - timedelta(days=min(2, pub.weekday())), 2


def _reporting(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """The date dates a statement ("said on Friday", "on Thursday condemned") or a dateline."""
    return (bool(lexicon.cue("report_before", text[max(0, start - 40) : start]))
            or bool(lexicon.cue("report_after", text[end : end + 30]))
            or (start < 60 and bool(_DATELINE_END.match(text[end : end + 45]))))


def find_dates(text: str, published: date | None, lexicon: Lexicon,
               reference: tuple[date, int] | None = None) -> list[DateMention]:
    """Every date expression in ``text``, left to right, without overlaps.

    ``reference`` is the story's day and its precision, which "the previous day" counts from when
    the sentence names no date before it; without one, it counts from the publication day."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match[str]) -> bool:
        return not any(m.start() < e and s < m.end() for s, e in taken)

    lowered = text.lower()
    present = frozenset(needle for needle in _NEEDLES if needle in lowered)
    for calendar_expression in _PATTERNS:
        kind = calendar_expression.kind
        for m in calendar_expression.finditer(text, present):
            if not free(m) or (kind == "month" and not _is_month_word(m, text)):
                continue
            if kind == "night" and not (m["lead"] or m["eve"]):
                continue  # "on Monday and Tuesday": two days, not one night
            try:
                day, precision = _resolve(kind, m, published)
            except (OverflowError, ValueError):  # a report dated in year 1 or 9999: no calendar around it
                day, precision = None, None
            found.append(_mention(m.start(), m.end(), day, precision, text, lexicon))
            taken.append((m.start(), m.end()))
    anaphoric: list[tuple[re.Match[str], DatePhrase, int, int]] = []
    for m, phrase, count, precision in lexicon.dates.finditer(text, lowered):
        if not free(m) or (phrase.after_only and not text[: m.start()].strip(" \"'“‘(")):
            continue  # "A day after the bombing, ...": the clause it opens is the later one
        taken.append((m.start(), m.end()))
        if phrase.from_story:
            anaphoric.append((m, phrase, count, precision))
            continue
        day = _shift(published, phrase.days * count) if published else None
        found.append(_mention(m.start(), m.end(), day, precision if day else None, text, lexicon, weak=phrase.weak))
    found.sort(key=lambda d: d.start)
    for m, phrase, count, precision in anaphoric:
        found.append(_anaphoric(m, phrase, count, precision, found, reference, published, text, lexicon))
    return sorted(found, key=lambda d: d.start)


def _mention(start: int, end: int, day: date | None, precision: int | None, text: str, lexicon: Lexicon,
             **flags: bool) -> DateMention:
    return DateMention(start, end, day, precision, _reporting(text, start, end, lexicon),
                       since=bool(_SINCE.search(text[max(0, start - 40) : start])), **flags)


def _anaphoric(m: re.Match[str], phrase: DatePhrase, count: int, precision: int, found: list[DateMention],
               reference: tuple[date, int] | None, published: date | None, text: str,
               lexicon: Lexicon) -> DateMention:
    """A day counted from the date the sentence names before it, else the story's, else the report's."""
    before = [d for d in found if d.day is not None and d.end <= m.start() and d.precision]
    if before:
        base = (before[-1].day, before[-1].precision)
    else:
        base = reference or ((published, 1) if published else None)
    flags = {"weak": phrase.weak, "after_only": phrase.after_only}
    if base is None:
        return _mention(m.start(), m.end(), None, None, text, lexicon, **flags)
    day = _shift(base[0], phrase.days * count)
    return _mention(m.start(), m.end(), day, max(precision, base[1] or 1) if day else None, text, lexicon, **flags)


def _shift(day: date, days: int) -> date | None:
    """``day`` moved by ``days``; None past the calendar's ends (years 1 and 9999)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _is_month_word(m: re.Match[str], text: str) -> bool:
    """'May' and 'March' are also verbs: a bare month needs a cue or a capital and no verb use."""
    word = text[m.start("month") : m.end("month")]  # as written: the match may be on lower-cased text
    if not word[0].isupper():
        return False
    if m["rel"] or m["y"] or m["last"] or m["this"]:
        return True
    if word.lower() in ("may", "march", "jan", "mar", "jun", "aug", "sep", "oct", "dec", "feb", "apr", "nov", "jul"):
        return False
    return True
