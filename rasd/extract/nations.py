"""Nationalities (``data/lexicon/nationalities.jsonl``): actor names made from the text.

"Iranian pilgrims" are Civilians (Iran), "Italian troops" Military Forces of Italy, "the
Iranian consulate" Government of Iran. The actor dictionary holds the templates ("Civilians
({country})", aliases "{adjective} pilgrims", "{people}"); this table fills them in, so a new
country is one line of data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from rasd.extract.folded import Folded, groupless_twin

_WORD = re.compile(r"[a-z]+(?:\.[a-z])*\.?")


@dataclass(frozen=True)
class Nation:
    country: str  # ACLED's name: "United Kingdom"
    article: str  # "the" where ACLED writes "Military Forces of the United Kingdom"
    adjectives: tuple[str, ...]  # "British"
    people: tuple[str, ...]  # "Britons"
    code: str = ""  # ISO 3166-1 alpha-2, as places carry it: "GB"
    names: tuple[str, ...] = ()  # how news names the country: "Britain", "United Kingdom"


@dataclass(frozen=True)
class CountryMention:
    """A country named in a text ("in Gabon", "Haiti's capital")."""

    start: int
    end: int
    nation: Nation


class Nations:
    """Every nationality, expanded into alias templates and recognised in a matched name."""

    def __init__(self, nations: list[Nation]) -> None:
        self.nations = nations
        groups = [f"(?P<n{i}>{'|'.join(n.adjectives + n.people)})" for i, n in enumerate(nations)]
        self._which = Folded(r"^(?:" + "|".join(groups) + r")(?![\w-])") if nations else None
        # the first word of every adjective and demonym: a set lookup tells whether a sentence
        # can name a nationality at all, before the long alternation is tried on it
        self._first_words = {_WORD.findall(w.replace("\\", "").lower())[0]
                             for n in nations for w in n.adjectives + n.people}
        # country names are capitalised words: matched as written, longest first at a position
        names = [f"(?P<c{i}>{'|'.join(n.names)})" for i, n in enumerate(nations) if n.names]
        self._names = re.compile(r"(?<![\w-])(?:" + "|".join(names) + r")(?![\w-])") if names else None
        # the same without its groups, to find where a name is (a group per country made the
        # scan a tenth of a sentence's cost); the grouped pattern then tells which country
        self._where = groupless_twin(self._names.pattern, 0) if names else None
        self._by_code = {n.code: n for n in nations if n.code}

    def mentioned(self, text: str) -> bool:
        """Whether ``text`` holds a word that starts a nationality ("Iranian", "U.S.")."""
        return not self._first_words.isdisjoint(_WORD.findall(text.lower()))

    @classmethod
    def from_lines(cls, lines: list[str]) -> "Nations":
        nations = []
        for line in lines:
            row = json.loads(line) if line.strip() else {}
            if "country" in row:
                nations.append(Nation(row["country"], row.get("article", ""), tuple(row["adjectives"]),
                                      tuple(row.get("people", ())), row.get("code", ""), tuple(row.get("names", ()))))
        return cls(nations)

    def countries(self, text: str) -> list[CountryMention]:
        """Every country ``text`` names by name ("Gabon", "DR Congo"), in order."""
        if self._names is None:
            return []
        found = self._names.finditer(text) if self._where is None else \
            (self._names.match(text, at.start()) for at in self._where.finditer(text))
        return [CountryMention(m.start(), m.end(), self.nations[int(m.lastgroup[1:])])
                for m in found if m is not None and m.lastgroup]

    def by_code(self, code: str | None) -> Nation | None:
        """The country of ISO code ``code`` (None for the monitored country, which is not listed)."""
        return self._by_code.get(code or "")

    def of_adjective(self, word: str) -> Nation | None:
        """The country whose adjective or demonym ``word`` starts with ("Malian soldiers": Mali)."""
        m = self._which.search(word) if self._which else None
        return self.nations[int(m.lastgroup[1:])] if m is not None and m.lastgroup else None

    def expand(self, alias: str) -> str:
        """``alias`` with {adjective} and {people} standing for every nationality's words."""
        adjectives = "|".join(a for n in self.nations for a in n.adjectives) or "(?!)"
        people = "|".join(p for n in self.nations for p in n.people) or "(?!)"
        return alias.replace("{adjective}", f"(?:{adjectives})").replace("{people}", f"(?:{people})")

    def with_article(self, country: str) -> str:
        """"the United Kingdom" for "United Kingdom", as ACLED writes "Military Forces of ..."."""
        nation = next((n for n in self.nations if n.country == country), None)
        return f"{nation.article} {country}".strip() if nation else country

    def name(self, template: str, matched: str) -> str | None:
        """``template`` ("Civilians ({country})") for the nation whose word starts ``matched``."""
        nation = self.of_adjective(matched)
        if nation is None:
            return None
        the_country = f"{nation.article} {nation.country}".strip()
        return template.replace("{the country}", the_country).replace("{country}", nation.country)
