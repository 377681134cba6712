"""Read fatality and injury counts from a sentence, by ACLED's rules.

"killing five people and wounding 15" → (5, 15); "no casualties" → (0, 0); "three policemen and
two civilians were killed" → 5; "dozens" → 12 killed but an unknown number hurt. Number words and
vague quantities come from ``data/lexicon/numbers.json``, the phrasing from ``casualties.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rasd.errors import InputError

#: A figure above this is no toll ("HILA 99999 DEAD", a phone number): see settings.max_count.
DEFAULT_MAX_COUNT = 100_000


@dataclass(frozen=True)
class Counts:
    """Fatalities and injuries read from text; None where the text does not say."""

    fatalities: int | None = None
    injuries: int | None = None


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(str(path), f"cannot read the casualty lexicon ({error})") from None


class CasualtyReader:
    """Casualty phrasing and number words compiled into the patterns ``read`` applies."""

    def __init__(self, phrases: dict[str, str], numbers: dict, max_count: int = DEFAULT_MAX_COUNT) -> None:
        self.phrases = phrases
        self.numbers = numbers
        self.max_count = max_count
        self._cues = {name: re.compile(phrases[name], re.I) for name in
                      ("no_casualties", "unknown_split", "casualties_only", "one_dead", "one_hurt")}
        self._kill_re = re.compile(self._kill, re.I)
        self._any = re.compile(rf"{self._kill}|{self._hurt}|toll|tally|no one|nobody|without", re.I)
        self._patterns = {"kill": self._build(self._kill), "hurt": self._build(self._hurt)}

    @classmethod
    def from_files(cls, phrases: Path, numbers: Path) -> CasualtyReader:
        return cls(_load(phrases), _load(numbers))

    @property
    def _kill(self) -> str:
        return f"(?:{self.phrases['kill']})"

    @property
    def _hurt(self) -> str:
        return f"(?:{self.phrases['hurt']})"

    def _noun(self) -> str:
        """Up to six words naming the victims; never a casualty word itself ("12 dead and 60 wounded")."""
        return r"(?:(?!(?:" + self.phrases["not_victims"] + r")\b)\(?[A-Za-z][A-Za-z-]*\)? ){0,6}?"

    def _number(self) -> str:
        # "a"/"an" count only in set phrases ("a dozen"); "a roadside bomb killed" is no count.
        words = sorted((w for w in self.numbers["words"] if w not in ("a", "an")), key=len, reverse=True)
        vague = sorted(self.numbers["vague_fatalities"], key=len, reverse=True)
        year = r"(?!(?:19|20)\d\d\b)"  # "Oct 24, 2006 (AFP) - Gunmen killed": a year is no count
        alternatives = [year + r"\d+(?:,\d{3})*(?!\d)"] + [re.escape(w) for w in words + vague]
        hedges = "|".join(map(re.escape, self.numbers["hedges"]))
        return rf"(?:(?:{hedges}) )?(?P<num>" + "|".join(alternatives) + r")"

    def _build(self, verb: str) -> list[re.Pattern[str]]:
        num, noun = self._number(), self._noun()
        num2 = num.replace("P<num>", "P<num2>")
        conj = r"(?P<more>(?:and |plus |, )" + num2 + r" " + noun + r")?"
        patterns = [
            # "an army officer and three policemen were killed": one plus the rest
            rf"\b(?P<num>an?|one) {noun}(?P<more>and {num2} {noun})(?:were |had been |have been )?(?:\w+ )?{verb}\b",
            # "killing five people", "killed at least 33 people", "wounded 15 others"
            rf"\b{verb} {num} (?!km|kilomet|miles|percent|%|years?|hours?|minutes?|days?)"
            rf"(?:{noun}(?P<more>and {num2} (?:of (?:the|their) )?(?:[a-z-]+)))?",
            # "five people were killed", "three policemen and two civilians were killed"
            rf"\b{num} {noun}{conj}(?:were |was |had been |have been |are |being |been |got )?(?:(?!and\b|or\b|but\b)\w+ )?{verb}\b",
        ]
        if verb == self._kill:
            # "leaving two dead", "12 dead and 60 wounded", "death toll rose to 15"
            patterns.append(rf"\b(?:toll|tally) (?:\w+ ){{0,3}}(?:to|of|at|is|was) {num}\b")
        return [re.compile(p, re.I) for p in patterns]

    def _value(self, token: str, injuries: bool) -> int | None:
        token = token.lower()
        if token in ("a", "an"):
            return 1
        if token[0].isdigit():
            value = int(token.replace(",", ""))
            return value if value <= self.max_count else None
        if token in self.numbers["words"]:
            return self.numbers["words"][token]
        return self.numbers["vague_injuries" if injuries else "vague_fatalities"].get(token)

    def _first(self, patterns: list[re.Pattern[str]], text: str, injuries: bool) -> int | None:
        best: tuple[int, int] | None = None
        for pattern in patterns:
            for m in pattern.finditer(text):
                if "casualties" in m.group(0).lower() and not injuries:
                    continue
                value = self._value(m["num"], injuries)
                if value is None:
                    continue
                more = m.groupdict().get("num2")
                if more and self._value(more, injuries) is not None:
                    value += self._value(more, injuries) or 0
                if best is None or m.start() < best[0]:
                    best = (m.start(), value)
        return best[1] if best else None

    def read(self, text: str) -> Counts:
        """Fatalities and injuries stated in ``text`` (the earliest figure wins: the main clause)."""
        if not self._any.search(text):
            return Counts()  # most sentences say nothing of casualties: one cheap scan tells
        cue = self._cues
        if cue["no_casualties"].search(text) and not self._kill_re.search(text):
            return Counts(0, 0)
        if cue["unknown_split"].search(text):
            return Counts(None, None)  # "twelve killed or wounded": neither figure is known
        fatalities = self._first(self._patterns["kill"], text, injuries=False)
        if fatalities is None and cue["one_dead"].search(text):
            fatalities = 1
        injuries = self._first(self._patterns["hurt"], text, injuries=True)
        if injuries is None and cue["one_hurt"].search(text):
            injuries = 1
        if cue["no_casualties"].search(text):
            injuries = 0 if injuries is None else injuries
        if fatalities is None and cue["casualties_only"].search(text) and injuries is not None:
            injuries = None  # "twelve killed or wounded": neither figure is known
        if fatalities is None and injuries is not None:
            fatalities = 0  # an account that counts the wounded and no dead: nobody died
        return Counts(fatalities, injuries)
