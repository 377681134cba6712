"""Fast case-insensitive patterns find exactly what IGNORECASE finds: the needle shortcut (words
every match must contain) and the one-scan trigger set only skip texts that cannot match."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.extract.actors import ActorDictionary
from rasd.extract.folded import Folded, FoldedSet, _groupless, _lower, alternatives, needles
from rasd.extract.lexicon import Lexicon
from rasd.extract.sentences import split_sentences

DATA = Path(__file__).resolve().parent / "data"


def _sentences() -> list[str]:
    texts = [json.loads(line)["text"] for name in ("gold", "gold2")
             for line in (DATA / name / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [s.text for text in texts for s in split_sentences(text)]


SENTENCES = _sentences()
LEXICON = Lexicon.default()


@pytest.mark.parametrize(("pattern", "texts"), [
    (r"(?<![\w-])(?:roadside bomb|car bomb)(?![\w-])", ["a car bomb went off", "the roadside bomb"]),
    (r"(?:suicide )?bomb(?:ers?)?", ["bomb", "suicide bombers"]),  # optional parts are not needed
    (r"bombs?|explosions?|\d+ dead", ["bombs", "an explosion", "12 dead"]),
    (r"bombings|bomb|blast", ["bombings", "a blast"]),
    (r"killed (?:\w+ ){0,3}(?:in|near) (?:the )?village", ["killed two men in the village"]),
    (r"x{2,}attack", ["xxxattack"]),  # a required repeat holds its letters
])
def test_needles_are_in_every_match(pattern: str, texts: list[str]) -> None:
    found = needles(pattern)
    assert found is not None
    for text in texts:
        match = re.search(pattern, text)
        assert match and any(needle in match.group(0) for needle in found), (text, found)
    assert not any(needle in "nothing of the kind happened here" for needle in found)


@pytest.mark.parametrize("pattern", [
    r"bomb|\w+ed",  # one alternative needs too little fixed text
    r"bomb|[a-z]+",  # one alternative needs no fixed text
    r"is|was",  # needles of two letters are in every text
    r"(?i:Bomb)s",  # a case-insensitive group has no exact letters
    r"(?:bomb)?",  # nothing is required
])
def test_no_needles_when_a_match_needs_no_fixed_text(pattern: str) -> None:
    assert needles(pattern) is None


def _spans(matches) -> list[tuple[int, int, str | None]]:  # noqa: ANN001
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


def test_every_lexicon_pattern_finds_what_ignorecase_finds_in_real_sentences() -> None:
    patterns = [t.pattern for t in LEXICON.triggers] + list(LEXICON._cues.values())
    skipped = 0
    for folded in patterns:
        plain = re.compile(folded.pattern, folded.flags | re.IGNORECASE)
        for sentence in SENTENCES:
            assert _spans(folded.finditer(sentence)) == _spans(plain.finditer(sentence)), (folded.pattern[:60], sentence)
            found, expected = folded.search(sentence), plain.search(sentence)
            assert (found and found.span()) == (expected and expected.span())
            skipped += folded.needles is not None and expected is None
    assert skipped > len(SENTENCES)  # the shortcut is taken, not just harmless


def _folded_patterns() -> list[Folded]:
    """Every ``Folded`` the default lexicon, casualty reader and actor dictionary hold."""
    actors, casualties = ActorDictionary.default(), LEXICON.casualties
    return ([t.pattern for t in LEXICON.triggers] + list(LEXICON._cues.values()) + [actors._regex, actors._lean]
            + list(casualties._cues.values()) + [p for group in casualties._patterns.values() for p in group]
            + [casualties._kill_re, casualties._any, casualties._also, casualties._elided, casualties._toll])


def test_a_pattern_with_groups_finds_through_its_twin_what_it_finds_alone() -> None:
    twinned = [f for f in _folded_patterns() if f._twin is not None]
    assert ActorDictionary.default()._lean in twinned and len(twinned) > 20  # the shortcut is taken
    for folded in twinned:
        plain = re.compile(folded.pattern, folded.flags | re.IGNORECASE)
        for sentence in SENTENCES[::3]:
            # every group's span (the folded pattern matches the lower-cased text: spans, not text)
            assert [(m.regs, m.lastgroup) for m in folded.finditer(sentence)] == \
                [(m.regs, m.lastgroup) for m in plain.finditer(sentence)], (folded.pattern[:60], sentence)
            found, expected = folded.search(sentence), plain.search(sentence)
            assert (found and found.regs) == (expected and expected.regs)


@pytest.mark.parametrize(("pattern", "twin"), [
    (r"(?P<a0>bomb|blast)|(?P<a1>gunm[ae]n)", r"(?:bomb|blast)|(?:gunm[ae]n)"),
    (r"(killed|died) (\d+)", r"(?:killed|died) (?:\d+)"),
    (r"[(]x\(y[]()](?=z)(?<!w)", r"[(]x\(y[]()](?=z)(?<!w)"),  # parentheses as characters stay
    (r"[^](]+(a)", r"[^](]+(?:a)"),
    (r"(?P<x>a)(?P=x)", None),  # a back-reference needs its group
    (r"(a)\1", None),
    (r"(?x) (a) # b", None),  # verbose syntax is not read here
])
def test_a_twin_has_no_groups_and_the_same_syntax(pattern: str, twin: str | None) -> None:
    assert _groupless(pattern) == twin


def test_the_trigger_set_finds_each_trigger_as_it_would_alone() -> None:
    patterns = [t.pattern for t in LEXICON.triggers]
    together = FoldedSet(patterns)
    for sentence in SENTENCES + ["İstanbul: A CAR BOMB exploded; gunmen KILLED two.",  # "İ" lower-cases to two characters
                                 "Shells filled with VX and sarin hit the town.", "VX."]:  # a short needle: "VX"
        alone = [(i, m.span()) for i, p in enumerate(patterns) for m in p.finditer(sentence)]
        assert [(i, m.span()) for i, m in together.finditer(sentence)] == alone


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SENTENCES), st.integers(0, 400), st.text(alphabet="BbOoMmİıẞß -,", max_size=12))
def test_spliced_text_matches_as_with_ignorecase(sentence: str, at: int, insert: str) -> None:
    text = sentence[:at] + insert + sentence[at:]
    for folded in (LEXICON.triggers[0].pattern, Folded(r"(?<![\w-])(?:car bomb|bombs?|blast)(?![\w-])")):
        plain = re.compile(folded.pattern, re.IGNORECASE)
        assert _spans(folded.finditer(text)) == _spans(plain.finditer(text))


@pytest.mark.parametrize("text", [
    "Officials said the attack may be revenge.",  # the verb, lower case: no match
    "Officials may say in May that the bombing may recur",  # the month only
    "MAY DAY rally. In May, gunmen could strike.",  # "could" is a match before "May"
    "İstanbul: talks in May",  # lower-casing changes the length
    "nothing here",
])
def test_a_pattern_that_asks_for_case_finds_what_it_finds_as_written(text: str) -> None:
    pattern = r"\b(?:in (?-i:May)|could|will)\b"
    found, expected = Folded(pattern).search(text), re.compile(pattern, re.IGNORECASE).search(text)
    assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize(("pattern", "expected"), [
    ("a|(?:b|c)d", ["a", "(?:b|c)d"]),
    (r"a\|b|[|]c|[]|]d|[^]|]e", [r"a\|b", "[|]c", "[]|]d", "[^]|]e"]),  # escaped and in classes: no split
    ("(a|b)", ["(a|b)"]),
    ("a|", ["a", ""]),
])
def test_alternatives_are_split_at_the_top_level_only(pattern: str, expected: list[str]) -> None:
    assert alternatives(pattern) == expected


NATIONAL = ["Iranian pilgrims and U.S. troops were hit near Turkish forces.", "A.American troops; the Britons left.",
            "Syrian civilians fled as Russian warplanes and ISIS militants struck the U.K. embassy.",
            "İranian soldiers and an Italian contingent.", "Gunmen killed two Pakistani workers in Basra."]


def test_actor_names_are_found_from_where_they_may_start_as_by_the_full_scan() -> None:
    actors = ActorDictionary.default()
    plain = re.compile(actors._regex.pattern, re.IGNORECASE)
    for sentence in SENTENCES[::2] + NATIONAL:
        found = [(m.regs, m.lastgroup) for m in actors._regex.finditer_from(sentence, actors._starts)]
        assert found == [(m.regs, m.lastgroup) for m in plain.finditer(sentence)], sentence


def test_countries_are_found_through_the_twin_as_by_the_grouped_pattern() -> None:
    nations = ActorDictionary.default().nations
    texts = [json.loads(line)["text"] for name in ("abroad", "snippets")
             for line in (DATA / name / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [(m.start, m.end, m.nation.country) for text in texts + NATIONAL for m in nations.countries(text)]
    expected = [(m.start(), m.end(), nations.nations[int(m.lastgroup[1:])].country)
                for text in texts + NATIONAL for m in nations._names.finditer(text) if m.lastgroup]
    assert found == expected and len(found) > 20


@pytest.mark.parametrize(("pattern", "folded"), [
    (r"^\W*(?:The|That) \S+ \D\B", r"^\W*(?:the|that) \S+ \D\B"),  # upper case escapes are other escapes
    (r"\AKilled [A-Z\W]\Z", r"\Akilled [a-z\W]\Z"),  # a class's letters fold, its escapes do not
    (r"Caf\N{LATIN SMALL LETTER E WITH ACUTE}|\\X", r"caf\N{LATIN SMALL LETTER E WITH ACUTE}|\\x"),  # "\\" is a backslash
    (r"(?P<Who>Gunmen) (?P=Who)", r"(?P<Who>gunmen) (?P=Who)"),  # a group's name is not text
])
def test_folding_lowers_literal_characters_only(pattern: str, folded: str) -> None:
    assert _lower(pattern) == folded


def test_the_lexicons_escapes_survive_folding() -> None:
    written = [e.pattern for e in LEXICON.entries] + [t.pattern.pattern for t in LEXICON.triggers]
    assert any(re.search(r"\\W", p) for p in written)  # the data has such escapes to keep
    for pattern in written:
        assert re.findall(r"\\.", _lower(pattern)) == re.findall(r"\\.", pattern), pattern
