"""Relative day phrases ("two days ago", "the previous day", "earlier in the day") from
``data/lexicon/dates.jsonl``: each an offset in days from the report's day or from the day the
story is at, with the ACLED time precision it gives. ``dates.find_dates`` resolves them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rasd.extract.folded import Folded
from rasd.extract.numbers import NumberWords


@dataclass(frozen=True)
class DatePhrase:
    """A day named as an offset from the report's day or the story's (a row of dates.jsonl)."""

    id: str
    pattern: str  # with {n} expanded to a named group
    days: int  # per unit of {n}
    from_story: bool
    precision: int
    weak: bool = False
    after_only: bool = False


#: Every day phrase names one of these, so a sentence holding none of them is skipped at the cost
#: of a substring test; ``date_phrase`` refuses a phrase that would be skipped that way.
PHRASE_NEEDLES = ("day", "night", "week", "hour", "minute", "afterward", "morning", "evening", "noon")


class DatePhrases:
    """The relative day expressions of ``dates.jsonl``, compiled into one alternation."""

    def __init__(self, phrases: list[DatePhrase], numbers: NumberWords) -> None:
        self.phrases = {_group(p.id): p for p in phrases}
        self.numbers = numbers
        body = "|".join(f"(?P<{g}>{p.pattern})" for g, p in self.phrases.items())
        self._regex = Folded(r"(?<![\w-])(?:" + body + r")(?![\w-])") if phrases else None

    def finditer(self, text: str, lowered: str) -> Iterator[tuple[re.Match[str], DatePhrase, int, int]]:
        """(match, phrase, count, precision) for every expression in ``text`` (``lowered``: the
        same, lower-cased); a vague count ("a few days ago") makes the day approximate."""
        if self._regex is None or not any(needle in lowered for needle in PHRASE_NEEDLES):
            return
        for m in self._regex.finditer(text):
            group = m.lastgroup or ""
            phrase = self.phrases[group]
            raw = (m.groupdict().get("n" + group) or "a").lower()
            count = 1 if raw in ("a", "an") else self.numbers.value(raw)
            if count is None:
                continue  # "99999999 days later": no count, no date
            yield m, phrase, count, max(phrase.precision, 2) if raw in self.numbers.vague[False] else phrase.precision


def _group(entry_id: str) -> str:
    return "d_" + re.sub(r"\W", "_", entry_id.lower())


def date_phrase(row: dict, numbers: NumberWords) -> DatePhrase:
    """A row of dates.jsonl as a phrase, its {n} a count as ``numbers`` reads them ("two", "3",
    "a few") or "a". Raises ValueError naming what is wrong with the row."""
    missing = [name for name in ("id", "pattern", "from", "days", "precision") if name not in row]
    if missing:
        raise ValueError(f"date phrase lacks {missing}")
    if row["from"] not in ("published", "story") or row["precision"] not in (1, 2, 3):
        raise ValueError("date phrase 'from' must be published or story, and 'precision' 1, 2 or 3")
    pattern = row["pattern"].replace("{n}", f"(?P<n{_group(row['id'])}>an?|{numbers.pattern})")
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"date phrase {row['id']!r} is not a valid pattern ({error})") from None
    for alternative in _alternatives(row["pattern"].lower()):
        if not any(needle in alternative for needle in PHRASE_NEEDLES):
            raise ValueError(f"date phrase {row['id']!r}: {alternative!r} names none of {PHRASE_NEEDLES}, "
                             f"so no sentence would be read for it")
    return DatePhrase(row["id"], pattern, int(row["days"]), row["from"] == "story", int(row["precision"]),
                      bool(row.get("weak")), bool(row.get("after_only")))


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern ("a|b(?:c|d)" → ["a", "b(?:c|d)"])."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(pattern):
        if char == "(" and pattern[i - 1 : i] != "\\":
            depth += 1
        elif char == ")" and pattern[i - 1 : i] != "\\":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    return parts + [pattern[start:]]
