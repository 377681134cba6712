"""Read fatality and injury counts from a sentence, by ACLED's rules.

"killing five people and wounding 15" → (5, 15); "no casualties" → (0, 0); "three policemen and
two civilians were killed" → 5; "dozens" → 12 killed but an unknown number hurt. Number words and
vague quantities come from ``data/lexicon/numbers.json``, the phrasing from ``casualties.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

@cache
def _phrases() -> dict[str, str]:
    path = resources.files("rasd") / "data" / "lexicon" / "casualties.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _kill() -> str:
    return f"(?:{_phrases()['kill']})"


def _hurt() -> str:
    return f"(?:{_phrases()['hurt']})"


def _noun() -> str:
    """Up to six words naming the victims; never a casualty word itself ("12 dead and 60 wounded")."""
    return r"(?:(?!(?:" + _phrases()["not_victims"] + r")\b)\(?[A-Za-z][A-Za-z-]*\)? ){0,6}?"


@cache
def _cue(name: str) -> re.Pattern[str]:
    return re.compile(_phrases()[name], re.I)


@dataclass(frozen=True)
class Counts:
    """Fatalities and injuries read from text; None where the text does not say."""

    fatalities: int | None = None
    injuries: int | None = None


@cache
def _numbers() -> dict:
    path = resources.files("rasd") / "data" / "lexicon" / "numbers.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _number_pattern() -> str:
    # "a"/"an" count only in set phrases ("a dozen"); "a roadside bomb killed" is no count.
    words = sorted((w for w in _numbers()["words"] if w not in ("a", "an")), key=len, reverse=True)
    vague = sorted(_numbers()["vague_fatalities"], key=len, reverse=True)
    year = r"(?!(?:19|20)\d\d\b)"  # "Oct 24, 2006 (AFP) - Gunmen killed": a year is no count
    alternatives = [year + r"\d+(?:,\d{3})*(?!\d)"] + [re.escape(w) for w in words + vague]
    hedges = "|".join(map(re.escape, _numbers()["hedges"]))
    return rf"(?:(?:{hedges}) )?(?P<num>" + "|".join(alternatives) + r")"


def _value(token: str, injuries: bool) -> int | None:
    token = token.lower()
    if token in ("a", "an"):
        return 1
    data = _numbers()
    if token[0].isdigit():
        return int(token.replace(",", ""))
    if token in data["words"]:
        return data["words"][token]
    table = data["vague_injuries" if injuries else "vague_fatalities"]
    return table.get(token)


@cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    num, noun, kill, hurt = _number_pattern(), _noun(), _kill(), _hurt()
    num2 = num.replace("P<num>", "P<num2>")
    conj = r"(?P<more>(?:and |plus |, )" + num2 + r" " + noun + r")?"

    def build(verb: str) -> list[re.Pattern[str]]:
        return [
            # "killing five people", "killed at least 33 people", "wounded 15 others"
            re.compile(rf"\b{verb} {num} (?!km|kilomet|miles|percent|%|years?|hours?|minutes?|days?)"
                       rf"(?:{noun}(?P<more>and {num2} (?:of (?:the|their) )?(?:[a-z-]+)))?", re.I),
            # "five people were killed", "three policemen and two civilians were killed"
            re.compile(rf"\b{num} {noun}{conj}(?:were |was |had been |have been |are |being |been |got )?(?:(?!and\b|or\b|but\b)\w+ )?{verb}\b", re.I),
            # "leaving two dead", "12 dead and 60 wounded", "death toll rose to 15"
            re.compile(rf"\b(?:toll|tally) (?:\w+ ){{0,3}}(?:to|of|at|is|was) {num}\b", re.I) if verb == kill else None,
        ]

    def led_by_one(verb: str) -> re.Pattern[str]:
        # "an army officer and three policemen were killed": one plus the rest
        return re.compile(rf"\b(?P<num>an?|one) {noun}(?P<more>and {num2} {noun})(?:were |had been |have been )?(?:\w+ )?{verb}\b", re.I)

    return {
        "kill": [led_by_one(kill)] + [p for p in build(kill) if p is not None],
        "hurt": [led_by_one(hurt)] + [p for p in build(hurt) if p is not None],
    }


def _first(patterns: list[re.Pattern[str]], text: str, injuries: bool) -> int | None:
    best: tuple[int, int] | None = None
    for pattern in patterns:
        for m in pattern.finditer(text):
            if "casualties" in m.group(0).lower() and not injuries:
                continue
            value = _value(m["num"], injuries)
            if value is None:
                continue
            more = m.groupdict().get("num2")
            if more and _value(more, injuries) is not None:
                value += _value(more, injuries) or 0
            if best is None or m.start() < best[0]:
                best = (m.start(), value)
    return best[1] if best else None


@cache
def _any_casualty() -> re.Pattern[str]:
    return re.compile(rf"{_kill()}|{_hurt()}|toll|tally|no one|nobody|without", re.I)


def read_counts(text: str) -> Counts:
    """Fatalities and injuries stated in ``text`` (the earliest figure wins: the main clause)."""
    if not _any_casualty().search(text):
        return Counts()  # most sentences say nothing of casualties: one cheap scan tells
    if _cue("no_casualties").search(text) and not re.search(_kill(), text, re.I):
        return Counts(0, 0)
    if _cue("unknown_split").search(text):
        return Counts(None, None)  # "twelve killed or wounded": neither figure is known
    fatalities = _first(_patterns()["kill"], text, injuries=False)
    if fatalities is None and _cue("one_dead").search(text):
        fatalities = 1
    injuries = _first(_patterns()["hurt"], text, injuries=True)
    if injuries is None and _cue("one_hurt").search(text):
        injuries = 1
    if _cue("no_casualties").search(text):
        injuries = 0 if injuries is None else injuries
    if fatalities is None and _cue("casualties_only").search(text) and injuries is not None:
        injuries = None  # "twelve killed or wounded": neither figure is known
    if fatalities is None and injuries is not None:
        fatalities = 0  # an account that counts the wounded and no dead: nobody died
    return Counts(fatalities, injuries)
