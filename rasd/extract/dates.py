"""Find date expressions in a sentence and resolve them against the publication date.

Returns ACLED time precision with every date: 1 the day is known, 2 a day implied or a few
days' range (the report's day, "last week", "late May"), 3 only the month. Nothing is guessed:
without a publication date, relative expressions ("on Monday", "yesterday") stay unresolved,
and expressions vaguer than a month ("in 2007", "last year") resolve to nothing.

Written with the standard library rather than dateparser: resolving "Monday" to the latest
Monday on or before publication, and knowing that "late May" is precision 2, are ACLED rules
dateparser does not know, and dateparser costs milliseconds a call on a hot path.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from rasd.extract.lexicon import Lexicon

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_DAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RE = r"(?P<weekday>" + "|".join(_DAYS) + r")"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("numeric", re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b")),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("part_of_month", re.compile(
        r"\b(?:at |in |by )?(?:the )?(?P<part>early|mid|middle of|late|end of|beginning of|start of)[- ]"
        + _MONTH_RE + r"(?:,? (?P<y>(?:19|20)\d\d))?(?!\s*\d)", re.I)),
    ("month_day", re.compile(
        r"\b" + _MONTH_RE + r" (?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,? (?P<y>(?:19|20)\d\d))?", re.I)),
    ("day_month", re.compile(
        r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH_RE + r"(?:,? (?P<y>(?:19|20)\d\d))?", re.I)),
    ("month", re.compile(
        r"\b(?P<rel>in|last|this|since|during|early in|late in)? ?" + _MONTH_RE
        + r"(?: (?P<y>(?:19|20)\d\d))?\b(?! \d)", re.I)),
    ("weekday", re.compile(
        r"\b(?P<rel>last|this|on|early|late|early on|late on)? ?" + _DAY_RE + r"(?:'s)?\b", re.I)),
    ("yesterday", re.compile(
        r"\b(?:yesterday|last night|overnight|the previous (?:day|night)|the day before)\b", re.I)),
    ("today", re.compile(
        r"\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today|hours earlier)\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier this month|this month|earlier in the month)\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("last_week", re.compile(r"\blast week(?:end)?\b", re.I)),
    ("this_week", re.compile(r"\b(?:earlier this week|this week|this weekend)\b", re.I)),
    ("days_ago", re.compile(
        r"\b(?P<n>two|three|four|five|six|several|a few|\d) (?P<unit>days|weeks) (?:ago|earlier|before)\b|"
        r"\b(?:days|a day|a week|weeks) (?:ago|earlier)\b", re.I)),
    ("vague", re.compile(
        r"\b(?:in|since|during|of) (?:(?:early|late|mid-?)\s?)?(?:19|20)\d\d\b|\blast year\b|\bthis year\b|"
        r"\b(?:19|20)\d\d-(?:19|20)?\d\d\b|\byears? ago\b", re.I)),
]
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "several": 3, "a few": 3}
# A date in a wire dateline ("BAQUBA, Iraq, Nov. 18 (Xinhua) --") dates the report.
_DATELINE_END = re.compile(r"^(?:,? ?(?:19|20)\d\d)?(?:\)? ?(?:\([^)]{1,40}\))? ?(?:--|—|–|-|:|/)\s|\)\s)", re.I)


@dataclass(frozen=True)
class DateMention:
    """A resolved date expression: its span, the day, ACLED precision, and its role."""

    start: int
    end: int
    day: date | None  # None: recognised but unresolvable or vaguer than a month
    precision: int | None
    reporting: bool = False  # "a source said on Friday": dates the report, not the incident


def _year_for(month: int, day: int, published: date) -> int:
    """The year that puts month/day on or shortly before publication."""
    year = published.year
    if (month, day) > (published.month, published.day + 1):
        year -= 1
    return year


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _mid_month(year: int, month: int) -> date:
    return date(year, month, 15)


def _month_year(month: int, year: str | None, rel: str, published: date) -> int:
    if year:
        return int(year)
    if rel == "this":
        return published.year
    return published.year if month <= published.month else published.year - 1


def _weekday(match: re.Match[str], published: date) -> tuple[date, int]:
    target = _DAYS[match["weekday"].lower()]
    back = (published.weekday() - target) % 7
    if (match["rel"] or "").lower() == "last" and back == 0:
        back = 7
    return published - timedelta(days=back), 1


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
        year = _month_year(month, m["y"], (m["rel"] or "").lower(), pub)  # type: ignore[arg-type]
        return _mid_month(year, month), 3
    assert pub is not None
    return _relative(kind, m, pub)


def _part_of_month(m: re.Match[str], pub: date | None) -> tuple[date | None, int | None]:
    month = _MONTHS[m["month"].lower()]
    year = int(m["y"]) if m["y"] else _month_year(month, None, "", pub)  # type: ignore[arg-type]
    part = m["part"].lower()
    last = calendar.monthrange(year, month)[1]
    if part in ("end of", "beginning of", "start of"):
        return date(year, month, last if part == "end of" else 1), 3
    day = {"early": 5, "mid": 15, "middle of": 15, "late": 25}[part]
    return date(year, month, min(day, last)), 2


def _relative(kind: str, m: re.Match[str], pub: date) -> tuple[date | None, int | None]:
    if kind == "weekday":
        return _weekday(m, pub)
    if kind == "yesterday":
        return pub - timedelta(days=1), 1
    if kind == "today":
        return pub, 2
    if kind == "this_month":
        return _mid_month(pub.year, pub.month) if pub.day >= 15 else pub, 3
    if kind == "last_month":
        prev = pub.replace(day=1) - timedelta(days=1)
        return _mid_month(prev.year, prev.month), 3
    if kind == "last_week":
        return pub - timedelta(days=pub.weekday() + 5), 2  # Wednesday of the week before
    if kind == "this_week":
        return pub - timedelta(days=min(2, pub.weekday())), 2
    n = _SMALL.get((m.groupdict().get("n") or "").lower()) or int(m.groupdict().get("n") or 0) or 3
    weeks = "week" in m.group(0).lower()
    return pub - timedelta(days=n * (7 if weeks else 1)), 2


def find_dates(text: str, published: date | None, lexicon: Lexicon) -> list[DateMention]:
    """Every date expression in ``text``, left to right, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind == "month" and not _is_month_word(m, text):
                continue
            day, precision = _resolve(kind, m, published)
            reporting = bool(lexicon.cue("report_before", text[max(0, m.start() - 40) : m.start()])) or (
                m.start() < 60 and bool(_DATELINE_END.match(text[m.end() : m.end() + 45])))
            found.append(DateMention(m.start(), m.end(), day, precision, reporting))
            taken.append((m.start(), m.end()))
    return _chain_previous_day(sorted(found, key=lambda d: d.start), text)


_PREVIOUS_DAY = re.compile(r"the (?:previous|preceding) day|the day before", re.I)


def _chain_previous_day(found: list[DateMention], text: str) -> list[DateMention]:
    """"Yesterday ... the previous day": the day before the other date the sentence names."""
    out: list[DateMention] = []
    for d in found:
        anchor = next((o for o in out if o.day and not _PREVIOUS_DAY.fullmatch(text[o.start : o.end])), None)
        if anchor and d.day and _PREVIOUS_DAY.fullmatch(text[d.start : d.end]):
            d = DateMention(d.start, d.end, anchor.day - timedelta(days=1), anchor.precision, d.reporting)
        out.append(d)
    return out


def _is_month_word(m: re.Match[str], text: str) -> bool:
    """'May' and 'March' are also verbs: a bare month needs a cue or a capital and no verb use."""
    word = m["month"]
    if not word[0].isupper():
        return False
    if m["rel"] or m["y"]:
        return True
    if word.lower() in ("may", "march", "jan", "mar", "jun", "aug", "sep", "oct", "dec", "feb", "apr", "nov", "jul"):
        return False
    return True
