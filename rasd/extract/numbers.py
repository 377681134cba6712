"""Counts as news reports write them: "33", "1,200", "twenty-five", "two hundred", "a dozen",
"2.5 million", "dozens".

``NumberWords`` turns ``data/lexicon/numbers.json`` into one regular expression that finds a count
(``pattern``) and a function that says what it is worth (``value``): None when it is vague where
the rules want a figure ("dozens" wounded), or larger than the ceiling (``max_count``), above
which a figure is a misreading, not a count of people.
"""

from __future__ import annotations

import re

_SPLIT = re.compile(r"[\s-]+")


def _alternatives(words) -> str:
    """Longest first, so that "fourteen" is not read as "four"."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class NumberWords:
    """The number vocabulary of ``numbers.json``, compiled."""

    def __init__(self, numbers: dict, max_count: int) -> None:
        self.units, self.tens = numbers["units"], numbers["tens"]
        self.small = {**self.units, **self.tens}
        self.scales = numbers["scales"]
        self.phrases = numbers["phrases"]
        self.vague = {False: numbers["vague_fatalities"], True: numbers["vague_injuries"]}
        self._unstated = frozenset(numbers["unstated"])
        self.hedges = numbers["hedges"]
        self.max_count = max_count
        self.pattern = self._pattern()
        self.hedged = rf"(?:(?:{_alternatives(self.hedges)}) ){{0,2}}"

    def _pattern(self) -> str:
        """A count, without groups: digits, a number in words, a set phrase or a vague quantity."""
        units, tens = _alternatives(self.units), _alternatives(self.tens)
        scales = _alternatives(self.scales)
        small = rf"(?:(?:{tens})(?:[- ](?:{units}))?|(?:{units}))"
        head = rf"(?:{small}|an?(?= (?:{scales})\b))"
        words = rf"{head}(?:[ -](?:{scales})(?:(?:,? and |[ -]){small})?)*"
        # a year is no count ("Oct 24, 2006 (AFP) - Gunmen killed"); a decimal only before a scale
        digits = rf"(?!(?:19|20)\d\d\b)(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d.,]\d)|\d+(?:\.\d+)? (?:{scales})"
        fixed = _alternatives([*self.phrases, *self.vague[False]])
        return rf"(?:{digits}|(?:{fixed})|{words})(?![\w-])"

    def value(self, text: str, injuries: bool = False) -> int | None:
        """What the count ``text`` (as matched by ``pattern``) is worth; None if it is no figure."""
        text = " ".join(text.lower().split())
        if text in self.phrases:
            value = self.phrases[text]
        elif text in self.vague[injuries]:
            value = self.vague[injuries][text]
        elif text in self.vague[False]:
            value = None
        else:
            value = self._compose(text)
        return value if value is not None and value <= self.max_count else None

    def unstated(self, text: str) -> bool:
        """Whether the count ``text`` is a vague word that gives no figure ("several", "a few")."""
        return " ".join(text.lower().split()) in self._unstated

    def _compose(self, text: str) -> int | None:
        """ "three thousand five hundred" → 3500: each scale multiplies what stands before it."""
        total, current = 0.0, 0.0
        for word in _SPLIT.split(text):
            word = word.strip(",")
            if word in ("and", ""):
                continue
            if word in ("a", "an"):
                current = 1
            elif word in self.small:
                current += self.small[word]
            elif word in self.scales:
                current = max(current, 1) * self.scales[word]
                if self.scales[word] >= 1000:
                    total, current = total + current, 0
            else:
                try:
                    current += float(word.replace(",", ""))
                except ValueError:
                    return None
        return round(total + current)

