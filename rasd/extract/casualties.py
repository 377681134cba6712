"""Read fatality and injury counts from a sentence, by ACLED's rules.

"killing five people and wounding 15" → (5, 15); "no casualties" → (0, 0); "three policemen, two
civilians and the driver were killed" → 6; "dozens" → 12 killed but an unknown number hurt.
Number words and vague quantities come from ``data/lexicon/numbers.json`` (``numbers.py``), the
phrasing from ``casualties.json``.

A toll is read from a list of victims next to its verb: before it ("three policemen and a
civilian were killed", "12 dead") or after it ("killing four soldiers, two militiamen and a
child", "the deaths of 18 servicemen"), or from "the toll rose to 15". The earliest figure of a
sentence is its main clause's and wins, unless a later one revises the toll.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rasd.errors import InputError
from rasd.extract.folded import Folded
from rasd.extract.numbers import NumberWords

#: A figure above this is no toll ("HILA 99999 DEAD", a phone number): see settings.max_count.
DEFAULT_MAX_COUNT = 100_000

_SEPARATOR = re.compile(r",? and |, ")
#: a relative named by a possessive, perhaps with a count or an age ("his wife", "their two sons",
#: "their 11-year-old daughter")
#: a relative or one of a retinue named by a possessive ("his son", "her elderly father"; the nouns: kin_one, kin_many)
_RELATIVE = r"(?:his|her|their) (?:[\w-]+ )?"
_POSSESSIVE = re.compile(r"^(?:his|her|their) ")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _drop(pattern: Folded, text: str) -> str:
    """``text`` without what ``pattern`` matches."""
    for m in reversed(list(pattern.finditer(text))):
        text = text[: m.start()] + text[m.end() :]
    return text


@dataclass(frozen=True)
class Counts:
    """Fatalities and injuries read from text; None where the text does not say.

    ``revised``: the text revises a toll given before ("the death toll rose to 15").
    ``more``: the dead are more than a toll told before ("another policeman died of his wounds").
    ``among_wounded``: those more dead were among the wounded counted before ("one of them later
    died", "three of the wounded died"): they count as dead, no longer as wounded (ACLED).
    ``vague``: the dead are told by a vague word ("several were killed"), read as ACLED's figure
    for the rules that need to know someone died; the annotation rules report no figure for it
    (``stated``)."""

    fatalities: int | None = None
    injuries: int | None = None
    revised: bool = False
    vague: bool = False
    more: bool = False
    among_wounded: bool = False

    @property
    def stated(self) -> int | None:
        """The fatalities the text gives a figure for: none for "several were killed"."""
        return None if self.vague else self.fatalities


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(str(path), f"cannot read the casualty lexicon ({error})") from None


class CasualtyReader:
    """Casualty phrasing and number words compiled into the patterns ``read`` applies."""

    def __init__(self, phrases: dict[str, str], numbers: dict, max_count: int = DEFAULT_MAX_COUNT) -> None:
        # "{name}" in a phrase stands for the phrase of that name: "{title}" for the titles that
        # name one person without a determiner, "{collective}" for the nouns that name a group
        # as one ("a family": no count of one)
        phrases = {name: _PLACEHOLDER.sub(lambda m: phrases.get(m[1], m[0]), value) for name, value in phrases.items()}
        self.phrases = phrases
        self._kin = rf"{_RELATIVE}(?:{phrases['kin_one']}|{phrases['kin_many']})(?![\w'’-])"
        self._one_kin = re.compile(rf"{_RELATIVE}(?:{phrases['kin_one']})", re.I)  # one person
        self.numbers = NumberWords(numbers, max_count)
        self.max_count = max_count
        self._cues = {name: Folded(phrases[name]) for name in
                      ("no_casualties", "unknown_split", "casualties_only", "one_dead", "one_hurt", "revision", "more_dead",
                      "all_attackers", "wounded_died", "among_wounded", "wounded_one_died", "bomber_died", "collective_dead")}
        self._kill_re = Folded(rf"\b{self._kill}")
        self._any = Folded(rf"{self._kill}|{self._hurt}|toll|tally|no one|nobody|without|material")
        self._also = Folded(rf"\b(?:{phrases['also']})\b")
        self._count = re.compile(rf"^{self.numbers.hedged}(?P<num>{self.numbers.pattern})", re.I)
        self._patterns = {"kill": self._build(self._kill), "hurt": self._build(self._hurt)}
        self._attackers = self._patterns["kill"][2]  # "60 gunmen were killed": the attackers' dead
        self._attackers_counted = Folded(rf"(?<![\w.,:-])(?P<num>{self.numbers.pattern}) (?:[a-z]+ )?"
                                         rf"(?:{phrases['attackers_counted']})")
        # "at least 15 people and 28 injured": the dead, their verb left out, before the wounded
        self._elided = Folded(rf"(?<![\w.,:-])(?P<dead>{self.numbers.hedged}(?:{self.numbers.pattern})) "
                              rf"(?:{self.phrases['elided_victims']}) and "
                              rf"(?P<hurt>{self.numbers.hedged}(?:{self.numbers.pattern})) (?:{self.phrases['hurt']})(?![\w-])")
        self._toll = Folded(rf"\b(?:(?:{phrases['toll']})(?: [\w'’-]+){{0,14}}? (?:{phrases['toll_verb']})|{phrases['dead_told']}) "
                            rf"(?P<victims>{self.numbers.hedged}{self.numbers.pattern})")
        # "killing three-fighters" (a translation's hyphen): the number word is a count, not an
        # attribute ("a three-year-old", "twenty-five" keep theirs)
        words = "|".join(sorted({*self.numbers.small, r"\d+"}, key=len, reverse=True))
        self._glued = re.compile(rf"(?<![\w-])({words})-(?=(?!(?:{words}|{phrases['units']}|{phrases['not_glued']})\b)[a-z]{{3,}})",
                                 re.I)
        # "killed a four-man police patrol": four people
        self._sized = re.compile(rf"\ban? ({words})-(?:{phrases['group_size']})\b", re.I)
        # "wounding four policemen, two of whom later died": the dead counted out of the wounded
        self._wounded_later_died = Folded(rf"(?<![\w-])(?P<num>{self.numbers.pattern}){phrases['wounded_later_died']}")

    @classmethod
    def from_files(cls, phrases: Path, numbers: Path, max_count: int = DEFAULT_MAX_COUNT) -> CasualtyReader:
        return cls(_load(phrases), _load(numbers), max_count)

    @property
    def _kill(self) -> str:
        return f"(?:{self.phrases['kill']})"

    @property
    def _hurt(self) -> str:
        return f"(?:{self.phrases['hurt']})"

    def _noun(self, least: int = 0, never: str = "") -> str:
        """Up to six words naming the victims; never a casualty word or a count ("12 dead and 60 wounded")."""
        # "two others, one of them seriously": "of them" picks out of the victims, it names none
        word = (rf" (?!(?:{self.phrases['not_victims']}{never})(?![\w'’-]))(?!{self.numbers.pattern})(?!of (?:them|whom)\b)"
                r"\(?[a-z][\w'’.-]*\)?(?![\w'’-])")
        partitive = rf" (?<=\bof the )(?:{self.numbers.pattern})"  # "three members of the two clans"
        owner = r" (?<=\bof )(?:the|his|her|their)(?![\w'’-])"  # "a brother of the mayor"
        group = r" (?<=\bof the )[a-z][\w'’-]*(?![\w'’-])"  # "two of the attackers"
        return rf"(?:{word}|{partitive}|{owner}|{group}){{{least},6}}"

    def _person(self, determiners: str, end: str = "") -> str:
        """One person named without a number ("a civilian", "his wife"); its words hold no
        second determiner ("lost his life and a farmer was hurt" names one victim)."""
        never = f"|{self.phrases['person']}|their|its"
        return rf"(?:{determiners}){self._noun(1, never)}{end}"

    def _build(self, verb: str) -> list[Folded]:
        n, phrases = self.numbers, self.phrases
        between = rf"(?: (?:{phrases['between']})){{0,3}}"
        # "aged 25", "between 20 and 35": an age, or the top of a range, is no count of people
        no_count = "".join(rf"(?<!\b{word} )" for word in phrases["not_count_after"].split("|"))
        no_count += r"(?<!\d and )(?<!\d to )(?<!\d or )(?<!\d-)"
        # a range counts its lowest figure (ACLED): "21 to 25 civilians", "five or six people"
        figure = rf"(?:{n.pattern})(?:(?: to | or |[-–])(?:{n.pattern}))?"
        counted = rf"{no_count}{n.hedged}{figure}(?! (?:{phrases['units']})(?![\w-])){self._noun()}"
        # "killing two policemen, 12 others were wounded": the second count is the next clause's
        listed = rf"{counted}(?!{between} (?:{self._kill}|{self._hurt})(?![\w-]))(?! of (?:them|whom)\b)"
        # "killed Police Colonel Ahmed Jasim and a guard": a title names one person without a determiner
        opener = self._person(f"{phrases['person_first']}|{phrases['title']}")
        closer = self._person(phrases["person"])
        # after the verb a person closes the list only where the phrase ends: "killing two policemen
        # and a civilian, police said" is three, "killing two and a car was damaged" is two
        closer_after = self._person(phrases["person"], rf"(?=[,.;:)]|$| (?:{phrases['not_victims']})(?![\w-]))")
        # ", and" joins three items or more: "a U.S. soldier, and nearly 200 were wounded" is 200;
        # before the verb a list of counts ends with "and": "40 people were arrested, 16 were wounded"
        # the attacker among his own victims: "killing himself and three soldiers", "... and herself"
        itself = rf"(?:{phrases['self']})(?![\w'’-])"
        last_before, last_after = rf"(?:{counted}|{closer})", rf"(?:{counted}|{closer_after}|{itself})"
        # "3 policemen, 2 civilians were killed": a list without "and", each item a count and its noun
        # ("one of the attacks, 10 people were killed" is ten: a partitive is no item)
        named = rf"{no_count}{n.hedged}{figure}(?! (?:{phrases['units']})(?![\w-]))(?! of\b){self._noun(1)}"
        before = (rf"(?:{counted}(?:(?:, {counted}){{1,5}},? and {last_before}| and {last_before})?"
                  rf"|{named}(?:, {named}){{1,5}}|{opener} and {last_before})")
        after = (rf"(?:(?:{opener}|{itself}) and )?{counted}(?:(?:, {listed}){{1,5}}(?:,? and {last_after})?| and {last_after})?"
                 # "killing a woman and a child": two people, no number ("... and a car was hit" is not one)
                 rf"|{opener} and {closer_after}(?! (?:was|were)\b)")
        object_follows = rf"(?! {n.hedged}(?:{n.pattern}))"
        kin = rf"(?:(?:{n.pattern}) of )?{self._kin}"  # "his wife", "their two sons", "two of his children"
        name = rf"(?!(?:{phrases['not_victims']}|{self._hurt})(?![\w'’-]))[a-z][\w'’-]*"  # not "a judge was hurt"
        kin_list = rf"(?:the|a|an|{phrases['title']}) {name}(?: {name}){{0,5}}(?:, {kin})*,? and {kin}"
        return [
            # "three policemen and a civilian were killed", "12 dead", "10 people, including ..., died"
            Folded(rf"(?<![\w.,:-])(?P<victims>{before})(?<! the)(?<! his)(?<! her)(?<! their)"
                   rf"(?:{phrases['aside']})?{between} {verb}(?![\w-]){object_follows}"),
            # "killing five people", "killed a former member and five of his family", "the deaths of 18"
            Folded(rf"(?<![\w-]){verb}(?: of)? (?P<victims>{after})"),
            # "60 gunmen were killed": attackers are the dead only when the verb is passive
            # ("two of the attackers were also killed" is the partitive's, read above)
            Folded(rf"(?<![\w.,:-])(?P<victims>{n.hedged}{figure}(?: (?!of\b)[a-z][\w'’-]*){{0,2}}? "
                   rf"(?:{phrases['passive_victims']}))(?: (?:were|was|have been|had been|are|is))"
                   rf"(?: [a-z]+ly)?(?: also)? {verb}(?![\w-])"),
            # "killed the imam, his wife and their daughter", "killed a farmer and two of his sons": a
            # person and the kin the text lists after him, each one (or as many as counted)
            Folded(rf"(?<![\w-]){verb}(?: of)? (?P<victims>{kin_list})"),
            # "the officer, his wife and two of his children were killed": the same list before its verb
            Folded(rf"(?<![\w.,:-])(?P<victims>{kin_list}){between} {verb}(?![\w-])"),
            # "six villagers were killed, as well as three fighters": more victims of the same verb
            Folded(rf"(?<![\w-]){verb},? (?P<more>{phrases['more']}) (?P<victims>{after}|{self._kin})"),
        ]

    def _sum(self, victims: str, injuries: bool, stated: bool = False) -> int | None:
        """The people a list of victims counts; None if one of its items is no figure. ``stated``:
        items told by a vague word ("two soldiers and several militants") count none."""
        items = _SEPARATOR.split(victims)
        total = 0
        for item in items:
            m = self._count.match(_POSSESSIVE.sub("", item))  # "their two sons" counts two
            if m is None:
                if len(items) == 1:  # "a policeman was killed" is one_dead's to read, "along with his son" one
                    return 1 if self._one_kin.fullmatch(item) else None
                total += 1  # "two soldiers and the driver"
                continue
            if stated and self.numbers.unstated(m["num"]):
                continue
            value = self.numbers.value(m["num"], injuries)
            if value is None:
                return None
            total += value
        return total if total <= self.max_count else None

    def _first(self, patterns: list[Folded], text: str, injuries: bool) -> int | None:
        return self._first_told(patterns, text, injuries)[0]

    def _first_told(self, patterns: list[Folded], text: str, injuries: bool, lone: Folded | None = None) -> tuple[int | None, bool]:
        """The earliest figure (the main clause's), plus the victims later clauses add to it
        ("..., adding that two of the attackers were also killed"); and whether the text gives
        no figure for them ("several"), only a vague word. ``lone``: a single victim, who is the
        main clause's where it tells no figure ("a council member was killed along with two of
        his guards" is three)."""
        found: list[tuple[int, int, int, bool, str]] = []
        for pattern in patterns:
            for m in pattern.finditer(text):
                if "casualties" in m.group(0).lower() and not injuries:
                    continue
                value = self._sum(m["victims"], injuries)
                if value is not None:
                    # "..., and all five attackers were killed": the other side's dead add to the toll
                    added = bool(m.groupdict().get("more")) or bool(self._also.search(m.group(0))) \
                        or pattern is self._attackers
                    found.append((m.start(), -m.end("victims"), value, added, m["victims"]))
        if not found:
            return None, False
        found.sort()
        main = next((f for f in found if not f[3]), None)
        one = main is None and lone is not None and any(m.start() < found[0][0] and self._single(m.start(), text)
                                                        for m in lone.finditer(text))
        main = main or found[0]
        counted = [main, *(f for f in found if f[3] and -f[1] > -main[1])]
        total = sum(f[2] for f in counted) + one
        stated = sum(self._sum(f[4], injuries, stated=True) or 0 for f in counted) + one
        if stated and stated < total:
            total = stated  # "two soldiers and several militants were killed": the two stated
        return (total if total <= self.max_count else None), not stated

    def _revised_toll(self, text: str) -> int | None:
        """The new figure where the sentence revises a toll ("the toll rose to 15")."""
        revision = self._cues["revision"].search(text)
        if revision is None:
            return None
        tolls = [m for m in self._toll.finditer(text) if m.end() > revision.start()]
        return self._sum(tolls[-1]["victims"], False) if tolls else None

    def read(self, text: str) -> Counts:
        """Fatalities and injuries stated in ``text`` (the earliest figure wins: the main clause)."""
        if not self._any.search(text):
            return Counts()  # most sentences say nothing of casualties: one cheap scan tells
        cue = self._cues
        text = self._glued.sub(r"\1 ", self._sized.sub(r"\1", text)) if "-" in text else text
        # "three wounded pilgrims have died": the adjective names who died, it counts no wounded
        told = _drop(cue["wounded_died"], text)
        # "nobody was killed" names no victim: the dead and wounded are read from the rest
        nobody = cue["no_casualties"].search(told) is not None
        told = _drop(cue["no_casualties"], told) if nobody else told
        if nobody and not self._any.search(told):
            return Counts(0, 0)
        if cue["unknown_split"].search(told):
            return Counts(None, None)  # "twelve killed or wounded": neither figure is known
        elided = None if self._kill_re.search(told) else self._elided.search(told)
        if elided is not None:
            return Counts(self._sum(elided["dead"], False), self._sum(elided["hurt"], True))
        revised = self._revised_toll(told)
        injuries = self._first(self._patterns["hurt"], told, injuries=True)
        if injuries is None and cue["one_hurt"].search(told):
            injuries = 1
        if nobody:
            injuries = 0 if injuries is None else injuries
        told, died = self._died_of_wounds(told, injuries)
        fatalities, vague = (revised, False) if revised is not None else self._with_bomber(told)
        if fatalities is None and cue["casualties_only"].search(told) and injuries is not None:
            injuries = None  # "twelve killed or wounded": neither figure is known
        if died:  # "wounding four policemen, two of whom later died": two dead, two wounded
            fatalities, injuries = (fatalities or 0) + died, injuries - died
        if fatalities is None and injuries is not None:
            fatalities = 0  # an account that counts the wounded and no dead: nobody died
        # "one of the wounded died, raising the toll to seven" gives the new toll, not one more
        more = bool(fatalities) and revised is None and cue["more_dead"].search(text) is not None \
            and self._toll.search(told) is None
        among = more and cue["among_wounded"].search(text) is not None  # "wounded" itself is dropped from told
        return Counts(fatalities, injuries, revised is not None, vague and fatalities is not None, more, among)

    def _died_of_wounds(self, text: str, injuries: int | None) -> tuple[str, int]:
        """How many of the wounded the sentence says later died ("two of whom later died"; "the
        soldier later died of his wounds", then left out of the text read for the dead): 0 when
        it says none."""
        if not injuries:
            return text, 0
        told = self._wounded_later_died.search(text)
        if told is not None:  # "one of whom died later" is left out of the text read for the dead
            died = self.numbers.value(told["num"])
            return text[: told.start()] + text[told.end() :], died if died is not None and died <= injuries else 0
        one = self._cues["wounded_one_died"].search(text)
        return (text[: one.start()] + text[one.end() :], 1) if one is not None else (text, 0)

    def _with_bomber(self, text: str) -> tuple[int | None, bool]:
        """The dead the text counts, the bomber among them where a clause of its own tells he died
        beside the victims counted ("killing two soldiers, while the bomber was also killed")."""
        bomber = self._cues["bomber_died"].search(text)
        if bomber is not None:
            victims, vague = self._fatalities(text[: bomber.start()] + text[bomber.end() :])
            if victims and not vague:
                return victims + 1, False
        return self._fatalities(text)

    def _fatalities(self, text: str) -> tuple[int | None, bool]:
        """The dead the text counts, and whether it gives them no figure ("several")."""
        counted, vague = self._first_told(self._patterns["kill"], text, injuries=False, lone=self._cues["one_dead"])
        if counted is not None and not vague:
            # "killed 15 people, police said, though a hospital source put the toll at 11": the lowest (ACLED)
            counted = min([counted, *(v for m in self._toll.finditer(text) if (v := self._sum(m["victims"], False)) is not None)])
        if counted is None:
            counted, vague = self._first_told([self._toll], text, injuries=False)
        if counted is None and self._cues["collective_dead"].search(text):
            return None, False  # "an entire family was killed": dead, but how many the text does not say
        if counted is None and any(self._single(m.start(), text) for m in self._cues["one_dead"].finditer(text)):
            return 1, False
        return counted, vague

    def all_attackers(self, text: str, before: str) -> int | None:
        """How many died where ``text`` says "all the attackers were killed": as many as the
        story counted last, ``before`` it or earlier in ``text`` ("five armed men wearing suicide
        belts attacked"); None
        when it says nothing of the kind or counted none."""
        told = self._cues["all_attackers"].search(text)
        if told is None:
            return None
        counted = list(self._attackers_counted.finditer(f"{before} {text[: told.start()]}"))
        return self.numbers.value(counted[-1]["num"]) if counted else None

    def _single(self, start: int, text: str) -> bool:
        """Whether a lone victim stands at ``start``: "a policeman", not "a million people" or "a dozen"."""
        count = self._count.match(text[start:])
        return count is None or self.numbers.value(count["num"]) == 1
