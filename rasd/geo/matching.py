"""Find gazetteer names in text: Aho–Corasick over folded text, then case rules.

Case rules (why: gazetteer names include ordinary words — "Hit", "Dora", "Karma"):
- every name must start with a capital letter (after an article: "al-Aswad") or be in an
  uncased script (Arabic): "AMARA", "Amarah" and "al-Amarah" match, "green zone" does not;
- a few well-known city and governorate names (``lowercase_names.txt``) may also be written all
  in lower case ("42 were killed in kut clashes"), but not inside a web address or e-mail;
- a *strict* name (``strict_names.txt``) must also stand mid-sentence, not in an all-capitals
  run and not inside a run of capitalised words (a headline): "the town of Hit" matches,
  "Hit by a roadside bomb" and "Bomb Hit Market" do not.
- a name written with "al-" right after a capitalised word or a kinship word is a person's
  (Arabic names end in a place-derived "al-" name): "Abu Bakr al-Baghdadi", "ibn al-Khattab";
  unless that word starts place names ("Hay al-Jihad"). See name_context.json.
Matches never overlap; the longest wins ("Basra International Airport" over "Basra").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from rasd.geo.index import Entry, NameContext
from rasd.geo.normalise import LEADING_ARTICLE, fold

_PREV_WORD = re.compile(r"(\w+)\W*$")
_ADJACENT_WORD = re.compile(r"(\w+)[ \t]+$")
_NEXT_WORD = re.compile(r"^\W*(\w+)")
_SENTENCE_END = set(".!?:;\"“”‘’'([\n")
#: Written right before a name, "al-" or "el-" widens its match ("al-Amarah" for "Amarah").
_WIDENED_OVER = ("al-", "Al-", "el-", "El-", "al ", "Al ")


def raw_matches(automaton: Any, text: str) -> Iterator[tuple[int, int, Entry]]:
    """(start, end, entry) for every name key found in ``text``, overlapping ones included."""
    padded = f" {fold(text)} "
    for last, entry in automaton.iter(padded):
        # " name " spans padded[last-length+1 : last+1] and padded index i is text index i-1,
        # so the name itself spans text[last-length+1 : last-1]
        yield last - entry.length + 1 + entry.proclitic, last - 1, entry


#: An apostrophe or ʿayn inside a word ("Nu'maniya", "Ba’quba"), not a possessive ("Iraq's").
_MARKS = "'’‘`ʿʾ"
_INWORD_MARK = re.compile(r"(?<=[A-Za-z])['’‘`ʿʾ](?=[a-z])(?!s\b)")


def joined_matches(automaton: Any, text: str) -> Iterator[tuple[int, int, Entry]]:
    """Matches of names that a transliteration writes with an ʿayn the gazetteer's spelling
    lacks ("al-Nu'maniya" for Numaniya): the text read again with such marks dropped, spans
    mapped back. Only matches across a dropped mark; the rest ``raw_matches`` finds."""
    if not any(mark in text for mark in _MARKS):
        return  # most texts: no apostrophe at all
    marks = [m.start() for m in _INWORD_MARK.finditer(text)]
    if not marks:
        return
    joined = _INWORD_MARK.sub("", text)
    # the k-th dropped mark stood before joined index marks[k] - k: a joined index maps back
    # past every mark dropped at or before it
    shifted = [mark - k for k, mark in enumerate(marks)]
    for start, end, entry in raw_matches(automaton, joined):
        first, last = start + bisect_right(shifted, start), end - 1 + bisect_right(shifted, end - 1) + 1
        if last - first > end - start:  # across a dropped mark
            yield first, last, entry


def _first_letter(surface: str) -> str:
    """The letter whose case counts: "al-Aswad" is capitalised, "al-aswad" is not."""
    return next((c for c in LEADING_ARTICLE.sub("", surface) if c.isalpha()), "")


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _in_capitalised_run(text: str, start: int, end: int) -> bool:
    prev = _PREV_WORD.search(text[max(0, start - 40) : start])
    nxt = _NEXT_WORD.search(text[end : end + 40])
    return bool(prev and nxt and prev.group(1)[0].isupper() and nxt.group(1)[0].isupper())


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether a name is part of a web address, e-mail or file name ("iraqinews.com/basra-blast")."""
    before, after = text[start - 1 : start] if start else "", text[end : end + 2]
    return before in ("/", ".", "@", "_", "=", "-") or after[:1] in ("/", "@", "_", "=", "-") \
        or (after[:1] == "." and after[1:2].isalnum())


def accepted(text: str, start: int, end: int, strict: bool, lowercase: bool = False) -> bool:
    """Whether the name at text[start:end] is written as a place name (module doc)."""
    surface = text[start:end]
    first = _first_letter(surface)
    if not first:
        return False
    if first.islower():
        return lowercase and surface.islower() and not _in_address(text, start, end)
    if not strict:
        return True
    if surface.isupper() or _sentence_initial(text, start):
        return False
    return not _in_capitalised_run(text, start, end)


def longest_first(found: list[tuple[int, int, Entry]]) -> list[tuple[int, int, Entry]]:
    """Non-overlapping matches, longer names first, then earlier ones; in text order."""
    chosen: list[tuple[int, int, Entry]] = []
    for start, end, entry in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, entry))
    return sorted(chosen, key=lambda m: m[0])


def with_article(text: str, start: int, floor: int) -> int:
    """Start of the match widened over a preceding "al-" ("al-Amarah" for "Amarah")."""
    begin = start - 3
    if begin < floor or text[begin:start] not in _WIDENED_OVER:
        return start
    return begin if begin == 0 or not text[begin - 1].isalnum() else start


def person_name(text: str, start: int, context: NameContext) -> bool:
    """Whether the "al-" name at ``start`` ends a person's name (module doc)."""
    if text[start : start + 3].lower() not in ("al-", "el-", "al "):
        return False
    word = _ADJACENT_WORD.search(text[max(0, start - 40) : start])
    if word is None:
        return False
    lower = word.group(1).lower()
    if lower in context.kinship_words:
        return True
    return word.group(1)[0].isupper() and lower not in context.place_words


def tail_of_name(text: str, start: int, context: NameContext) -> bool:
    """Whether the listed name at ``start`` ends a longer place name the gazetteer does not list:
    "Abu Karma" is a village of Diyala, not Karma in Anbar (see name_context.json)."""
    word = _ADJACENT_WORD.search(text[max(0, start - 20) : start])
    return word is not None and word.group(1)[0].isupper() and word.group(1).lower() in context.name_starts
