"""Case-insensitive patterns that run fast: matched case-sensitively on lower-cased text.

Python's IGNORECASE disables the regex engine's literal-prefix search and folds case at every
step; lower-casing the pattern and the text once gives the same matches several times faster
(the pattern's literal characters only: an escape lower-cased may be another escape).
A pattern that asks for case somewhere (``(?-i:May)``, the month, not the verb) keeps
IGNORECASE, and so does text whose lower-casing changes its length (offsets must stay valid).

Most texts hold no match at all, and the engine tries every position before it says so. A
pattern whose every match must contain one of a few words ("bomb", "blast") first asks whether
the lower-cased text holds one (``str.__contains__``, many times cheaper than a regex scan),
and runs the regex only if it does: the same matches, found sooner or ruled out without a scan
(eight needles or more are looked for by an Aho-Corasick automaton, in one pass).
``FoldedSet`` does the same for several patterns over one text (the event triggers): one scan
finds every needle the text holds, and only the patterns that may match run.

A pattern with capturing groups (the lexicon's named entries, the actor names) scans slowly: the
engine saves and restores group marks at every alternative of every position it tries. Such a
pattern gets a twin without groups, which finds where the matches are (three times faster on the
actor names); the pattern itself is then run only there, for its groups. Groups do not change
what matches, so the matches are the same.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from re import _constants as sre  # the parser's opcodes: what a pattern must contain is read from its parse tree
from re import _parser

import ahocorasick

from rasd.extract.compiled import compile_analysed

#: names this file's needle analysis in the compile cache: an edit here computes needles afresh
_ANALYSIS = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
#: needles with fewer letters than this are in nearly every text: testing them costs more than it saves
_MIN_NEEDLE = 3
#: in ``FoldedSet``'s one scan a short needle costs nothing, and a pattern without needles runs
#: on every text (the chemical weapons, for its "VX", was half the cost of finding triggers)
_MIN_SCAN_NEEDLE = 2
#: from this many needles up, an Aho-Corasick automaton looks for them all in one pass
_SCAN_NEEDLES = 8
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


#: what lower-casing a pattern must leave as written, for it is syntax, not text: an escape
#: (``\W`` is not ``\w``, nor ``\B`` ``\b``; ``\N{...}`` names a character) and a group's name
#: where it is defined or referred to (``(?P<Who>``, ``(?P=Who)``)
_SYNTAX_KEPT = re.compile(r"(\\N\{[^}]*\}|\\.|\(\?P[<=]\w+[>)])", re.S)


def _lower(pattern: str) -> str:
    """The pattern with its literal characters lower-cased (a class's too: ``[A-Z]`` folds to
    ``[a-z]``), its syntax kept as written: the split leaves text at even places, syntax at odd."""
    return "".join(part if i % 2 else part.lower() for i, part in enumerate(_SYNTAX_KEPT.split(pattern)))


def _letters(needle: str) -> int:
    return sum(c.isalnum() for c in needle)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two needle sets: more letters in the shortest needle (" of " is
    everywhere, "village" is not), then fewer needles."""
    if a is None or b is None:
        return a if b is None else b
    return a if (min(map(_letters, a)), -len(a)) >= (min(map(_letters, b)), -len(b)) else b


def _sequence(items) -> frozenset[str] | None:  # noqa: ANN001 -- a parsed (sub)pattern
    """Strings one of which every match of the sequence ``items`` contains, or None if unknown:
    a run of literal characters, or what one of its compulsory parts requires."""
    best, run = None, []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best, run = _better(best, frozenset(("".join(run),))), []
        best = _better(best, _element(op, av))
    return _better(best, frozenset(("".join(run),))) if run else best


def _element(op, av) -> frozenset[str] | None:  # noqa: ANN001 -- a parser opcode and its argument
    if op is sre.BRANCH:  # every alternative must require something
        needs = [_sequence(alternative) for alternative in av[1]]
        return None if any(n is None for n in needs) else frozenset().union(*needs)
    if op is sre.SUBPATTERN:
        _, add_flags, _, body = av
        return None if add_flags & re.IGNORECASE else _sequence(body)
    if op in _REPEATS:
        low, _, body = av
        return _sequence(body) if low >= 1 else None
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    return None  # a class, a wildcard, an assertion: no literal text


def needles(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` (case-sensitive) contains, the shortest
    first and none containing another; None when no such short list is known."""
    try:
        parsed = _parser.parse(pattern, flags)
    except (re.error, AttributeError, TypeError, ValueError):
        return None  # a parser this code does not know: no shortcut, same matches
    return _needles_in(parsed)


def _needles_in(parsed, least: int = _MIN_NEEDLE) -> tuple[str, ...] | None:  # noqa: ANN001 -- a parsed pattern
    try:
        if parsed.state.flags & re.IGNORECASE:
            return None
        found = _sequence(parsed.data)
    except (AttributeError, TypeError, ValueError):
        return None  # a parser this code does not know: no shortcut, same matches
    if not found or min(map(_letters, found)) < least:
        return None
    kept: list[str] = []
    for needle in sorted(found, key=lambda s: (len(s), s)):
        if not any(shorter in needle for shorter in kept):
            kept.append(needle)
    return tuple(kept)


class Folded:
    """A case-insensitive pattern with ``search`` and ``finditer`` over original-text offsets."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        cased = "(?-i:" in pattern
        self.pattern = pattern
        self.flags = flags
        # a pattern that asks for case is searched for with that ask dropped, on lower-cased
        # text (every match is also a match of that looser pattern), and each place the looser
        # one matches is checked as written
        source = _lower(pattern.replace("(?-i:", "(?:") if cased else pattern)
        scanned, (self.needles, twin_source, self.scan_needles) = compile_analysed(
            source, flags, lambda parsed: _analyse(parsed, source), _ANALYSIS)
        self.folded = None if cased else scanned
        self._looser = scanned if cased else None
        self._twin = _twin(twin_source, flags)
        # many needles are looked for in one pass (the aggregate cue's 95, one by one, cost more than its regex)
        self._needle_scan = _automaton(set(self.needles)) if self.needles and len(self.needles) >= _SCAN_NEEDLES else None

    @cached_property
    def ignorecase(self) -> re.Pattern[str]:
        """The pattern as written, for the rare text whose lower-casing changes its length:
        compiled when first needed (compiling the lexicon is most of rasd's start-up)."""
        return re.compile(self.pattern, self.flags | re.IGNORECASE)

    def _choose(self, text: str) -> tuple[re.Pattern[str], re.Pattern[str] | None, str] | None:
        """The compiled pattern, its twin, and the text to run them on, or None when no match can exist."""
        if self.folded is not None:
            lowered = text.lower()
            if len(lowered) == len(text):
                if not self._holds_needle(lowered):
                    return None
                return self.folded, self._twin, lowered
        return self.ignorecase, None, text

    def _holds_needle(self, lowered: str) -> bool:
        """Whether ``lowered`` holds one of the needles (or the pattern has none)."""
        if self.needles is None:
            return True
        if self._needle_scan is not None:
            return next(self._needle_scan.iter(lowered), None) is not None
        return any(map(lowered.__contains__, self.needles))

    def search(self, text: str) -> re.Match[str] | None:
        # ``_choose`` written out, the twin's place matched here: the lexicon's cues call this
        # some 250 times a report, and each call through a helper cost a few percent of extraction
        folded = self.folded
        if folded is None:  # a pattern that asks for case
            return self._search_cased(text)
        lowered = text.lower()
        if len(lowered) != len(text):
            return self.ignorecase.search(text)
        if self._needle_scan is not None:
            if next(self._needle_scan.iter(lowered), None) is None:
                return None
        elif self.needles is not None and not any(map(lowered.__contains__, self.needles)):
            return None
        if self._twin is None:
            return folded.search(lowered)
        at = self._twin.search(lowered)
        return folded.match(lowered, at.start()) if at is not None else None

    def _search_cased(self, text: str) -> re.Match[str] | None:
        lowered = text.lower()
        if len(lowered) != len(text):
            return self.ignorecase.search(text)
        if not self._holds_needle(lowered):
            return None
        where = self._twin or self._looser  # only the places matter here
        at = where.search(lowered)
        while at is not None:
            match = self.ignorecase.match(text, at.start())
            if match is not None:
                return match  # the first place the pattern as written matches, as ``search`` finds it
            at = where.search(lowered, at.start() + 1)
        return None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        chosen = self._choose(text)
        return _finditer(*chosen) if chosen else iter(())

    def finditer_from(self, text: str, starts: Folded | None) -> Iterator[re.Match[str]]:
        """``finditer``, the pattern tried only where ``starts`` matches: a looser, cheaper pattern
        that matches wherever a match of this one starts (a long alternation's first words)."""
        lowered = text.lower()
        if starts is None or self.folded is None or starts.folded is None or self._twin is None \
                or len(lowered) != len(text):
            return self.finditer(text)  # case asked for, or offsets would shift; no twin: maybe empty matches
        return _tried_at(self.folded, starts._twin or starts.folded, lowered)


def _groupless(pattern: str) -> str | None:
    """``pattern`` with every capturing group made non-capturing, or None when it needs its
    groups (a back-reference, a conditional) or its syntax is not read here (verbose mode)."""
    if "(?P=" in pattern or "(?(" in pattern or re.search(r"\\[1-9]|\(\?[a-zA-Z]*x", pattern):
        return None
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # a ']' first in a class ("[]a]", "[^]a]") is one of its characters
            first = i + 2 if pattern.startswith("[^", i) else i + 1
            if pattern.startswith("]", first):
                out.append(pattern[i : first + 1])
                i = first + 1
                continue
        elif pattern.startswith("(?P<", i):
            out.append("(?:")
            i = pattern.index(">", i) + 1
            continue
        elif char == "(" and not pattern.startswith("(?", i):
            char = "(?:"
        out.append(char)
        i += 1
    return "".join(out)


def _min_width(parsed) -> int:  # noqa: ANN001 -- a parsed pattern
    return parsed.getwidth()[0]


def _analyse(parsed, source: str) -> tuple[tuple[str, ...] | None, str | None]:  # noqa: ANN001 -- a parsed pattern
    """What the compile cache keeps beside a pattern: its needles, its twin's source if it has
    groups, and its needles for ``FoldedSet``'s scan (shorter ones allowed)."""
    return _needles_in(parsed), _groupless(source) if parsed.state.groups > 1 else None, \
        _needles_in(parsed, _MIN_SCAN_NEEDLE)


def _twin(source: str | None, flags: int) -> re.Pattern[str] | None:
    """The group-free twin compiled from ``source``, or None (no groups, or no twin possible:
    one that can match the empty string would move ``finditer`` differently)."""
    if source is None or flags & re.VERBOSE:
        return None
    try:
        twin, width = compile_analysed(source, flags, _min_width, _ANALYSIS)
    except re.error:
        return None
    return twin if twin.groups == 0 and width > 0 else None


def groupless_twin(pattern: str, flags: int = 0) -> re.Pattern[str] | None:
    """A case-sensitive pattern's twin without groups, to find where its matches are (then
    ``pattern.match`` there for the groups), or None when it has no such twin."""
    return _twin(_groupless(pattern), flags)


def _finditer(pattern: re.Pattern[str], twin: re.Pattern[str] | None, text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, the places found by the twin if there is one (no match is
    empty, so each ends where the next search starts in both)."""
    if twin is None:
        return pattern.finditer(text)
    return (pattern.match(text, at.start()) for at in twin.finditer(text))  # type: ignore[misc]


def _tried_at(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` (no match of it is empty), tried where ``starts`` matches, left
    to right: the first place it matches is the leftmost match, and the next is looked for after it."""
    at = starts.search(text)
    while at is not None:
        match = pattern.match(text, at.start())
        if match is None:
            at = starts.search(text, at.start() + 1)
        else:
            yield match
            at = starts.search(text, match.end())


#: what can hide a "|" or open and close a group: an escape, a class (a "]" first is one of its
#: characters), a parenthesis
_SYNTAX = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.S)


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of ``pattern`` ("a|(?:b|c)d" gives "a", "(?:b|c)d")."""
    found, depth, start = [], 0, 0
    for token in _SYNTAX.finditer(pattern):
        if token.group() == "(":
            depth += 1
        elif token.group() == ")":
            depth -= 1
        elif token.group() == "|" and depth == 0:
            found.append(pattern[start : token.start()])
            start = token.end()
    return [*found, pattern[start:]]


def _automaton(words: set[str]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton that finds every one of ``words`` in one pass, in C (a regex of
    the words as a tree of prefixes, tried at each position, cost four times as much)."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


class FoldedSet:
    """Several ``Folded`` patterns run over one text: it is lower-cased once, and one scan finds
    which needles it holds, so that only the patterns that may match run."""

    def __init__(self, patterns: list[Folded]) -> None:
        self.patterns = tuple(patterns)
        words = {n for p in patterns for n in p.scan_needles or ()}
        self._scan = _automaton(words) if words else None

    def _present(self, lowered: str) -> frozenset[str]:
        if self._scan is None:
            return frozenset()
        return frozenset(word for _, word in self._scan.iter(lowered))

    def finditer(self, text: str) -> Iterator[tuple[int, re.Match[str]]]:
        """(index of the pattern, match) for every match of every pattern, pattern by pattern."""
        lowered = text.lower()
        if len(lowered) != len(text):  # offsets would shift: each pattern chooses for itself
            for i, pattern in enumerate(self.patterns):
                for match in pattern.finditer(text):
                    yield i, match
            return
        present = self._present(lowered)
        for i, pattern in enumerate(self.patterns):
            if pattern.folded is None:
                found = pattern.ignorecase.finditer(text)
            elif pattern.scan_needles is None or not present.isdisjoint(pattern.scan_needles):
                found = _finditer(pattern.folded, pattern._twin, lowered)
            else:
                continue
            for match in found:
                yield i, match
