"""Read fatality and injury counts from a sentence, by ACLED's rules.

"killing five people and wounding 15" → (5, 15); "no casualties" → (0, 0); "three policemen and
two civilians were killed" → 5; "dozens" → 12 killed but an unknown number hurt. Number words and
vague quantities come from ``data/lexicon/numbers.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_KILL = r"(?:killed|killing|kills|kill|dead|died|dies|die|deaths?|lives|slain|lost their lives|shot dead|executed|beheaded|perished|bodies)"
_HURT = r"(?:wounded|wounding|wounds|injured|injuring|injuries|injures|hurt|hospitali[sz]ed|casualties)"
# Up to four words naming the victims; never a casualty word itself ("12 dead and 60 wounded").
_NOUN = (r"(?:(?!(?:killed|dead|wounded|injured|and|or|in|at|on|near|from|by|when|after|as|with|"
         r"bombs|blasts|explosions|attacks|rockets|shells|mortars|strikes|bombers|gunmen)\b)\(?[A-Za-z][A-Za-z-]*\)? ){0,6}?")


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
    return r"(?:(?:at least|as many as|up to|some|about|around|nearly|almost|more than|over|another|a total of) )?(?P<num>" + "|".join(alternatives) + r")"


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
    num = _number_pattern()
    num2 = num.replace("P<num>", "P<num2>")
    conj = r"(?P<more>(?:and |plus |, )" + num.replace("P<num>", "P<num2>") + r" " + _NOUN + r")?"

    def build(verb: str) -> list[re.Pattern[str]]:
        return [
            # "killing five people", "killed at least 33 people", "wounded 15 others"
            re.compile(rf"\b{verb} {num} (?!km|kilomet|miles|percent|%|years?|hours?|minutes?|days?)"
                       rf"(?:{_NOUN}(?P<more>and {num2} (?:of (?:the|their) )?(?:[a-z-]+)))?", re.I),
            # "five people were killed", "three policemen and two civilians were killed"
            re.compile(rf"\b{num} {_NOUN}{conj}(?:were |was |had been |have been |are |being |been |got )?(?:(?!and\b|or\b|but\b)\w+ )?{verb}\b", re.I),
            # "leaving two dead", "12 dead and 60 wounded", "death toll rose to 15"
            re.compile(rf"\b(?:toll|tally) (?:\w+ ){{0,3}}(?:to|of|at|is|was) {num}\b", re.I) if verb == _KILL else None,
        ]

    def led_by_one(verb: str) -> re.Pattern[str]:
        # "an army officer and three policemen were killed": one plus the rest
        rest = num.replace("P<num>", "P<num2>")
        return re.compile(rf"\b(?P<num>an?|one) {_NOUN}(?P<more>and {rest} {_NOUN})(?:were |had been |have been )?(?:\w+ )?{verb}\b", re.I)

    return {
        "kill": [led_by_one(_KILL)] + [p for p in build(_KILL) if p is not None],
        "hurt": [led_by_one(_HURT)] + [p for p in build(_HURT) if p is not None],
    }


_NONE = re.compile(
    r"\bno (?:casualties|injuries|one was (?:hurt|injured|killed)|deaths|fatalities|human losses|losses)\b|"
    r"\bno one was (?:hurt|injured|killed)|\bnobody was (?:hurt|injured|killed)|\bwithout (?:causing )?(?:any )?casualties"
    r"|\bleft no casualties|\bcaus(?:ed|ing) no (?:casualties|injuries)|\bno (?:reports? of )?casualties were reported"
    r"|\bwithout (?:leaving )?(?:any )?(?:casualties|injuries)|\bdid not (?:leave|cause|result in) any casualties"
    r"|\bno one (?:was )?(?:hurt|injured)",
    re.I,
)
_SINGLE_HURT = re.compile(
    r"\b(?:wounding|injuring|wounded|injured) (?:him|her|(?:his|her|a|an) (?:\w+ )?(?:son|daughter|brother|sister|"
    r"father|mother|wife|husband|child|driver|bodyguard|guard|companion|man|woman|boy|girl|civilian|policeman|soldier))\b|"
    r"\b(?:a|an|one) (?:(?!who\b|which\b|that\b)[a-z]+ ){0,2}(?:was|got) (?:\w+ )?(?:wounded|injured|hurt) (?:in|by|when|on|after|as|while|during)\b", re.I)
_CASUALTY_ONLY = re.compile(r"\b(?:killed or (?:wounded|injured)|dead or (?:wounded|injured)|casualties)\b", re.I)
_SINGLE_DEATH = re.compile(
    r"\b(?:a|an|one) (?:[a-z-]+ ){0,3}(?:was |were )?(?:killed|died|shot dead|gunned down|assassinated|beheaded|executed)\b|"
    r"\b(?:killing|killed|kills|shot dead|gunned down|assassinated|murdered|beheaded) (?:(?:a|an|one) (?!\d)|him\b|her\b)|"
    r"\b(?:was|has been|had been) (?:\w+ )?(?:killed|shot dead|gunned down|assassinated|executed|beheaded|murdered|"
    r"shot and killed)\b", re.I)


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


_ANY_CASUALTY = re.compile(rf"{_KILL}|{_HURT}|toll|tally|no one|nobody|without", re.I)


def read_counts(text: str) -> Counts:
    """Fatalities and injuries stated in ``text`` (the earliest figure wins: the main clause)."""
    if not _ANY_CASUALTY.search(text):
        return Counts()  # most sentences say nothing of casualties: one cheap scan tells
    if _NONE.search(text) and not re.search(_KILL, text, re.I):
        return Counts(0, 0)
    if re.search(r"\b(?:killed|dead) or (?:wounded|injured)\b", text, re.I):
        return Counts(None, None)  # "twelve killed or wounded": neither figure is known
    fatalities = _first(_patterns()["kill"], text, injuries=False)
    if fatalities is None and _SINGLE_DEATH.search(text):
        fatalities = 1
    injuries = _first(_patterns()["hurt"], text, injuries=True)
    if injuries is None and _SINGLE_HURT.search(text):
        injuries = 1
    if _NONE.search(text):
        injuries = 0 if injuries is None else injuries
    if fatalities is None and _CASUALTY_ONLY.search(text) and injuries is not None:
        injuries = None  # "twelve killed or wounded": neither figure is known
    if fatalities is None and injuries is not None:
        fatalities = 0  # an account that counts the wounded and no dead: nobody died
    return Counts(fatalities, injuries)
