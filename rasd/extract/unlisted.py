"""Places the gazetteer does not know, recognised by how news names them.

"the village of Imam Gharbi", "al-Junaina neighbourhood", "in the Wadi-Thlab area": a capitalised
name next to a place noun is a place, even when no gazetteer lists it (most villages and
neighbourhoods are in none). The event keeps the name as written; its governorate and
coordinates come from a known place around it (see ``places.locate``).

The place nouns and the words that cannot start a place name ("Iraqi city", "Shiite area") are
lexicon data (cue kinds ``place_noun`` and ``not_a_name``); the shape of a name is code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasd.extract.lexicon import Lexicon
from rasd.geo.normalise import ARTICLES

# A name: capitalised words, with Arabic particles inside ("Bablan al-Bazani", "Zauiyat albu Nimr").
_WORD = r"[A-Z](?:\w|['’](?!s\b))*(?:-(?:\w|['’](?!s\b))+)*"  # "Basra's" ends a name
_PARTICLE = rf"(?:(?:{'|'.join(ARTICLES)})[-‐ ]|bin |ibn |abu |umm |bani |albu |Al-|El-)"
NAME = rf"(?:(?:[Aa]l|[Ee]l)[-‐])?{_WORD}(?: (?:{_PARTICLE})?{_WORD}| {_PARTICLE}{_WORD}){{0,3}}"


@dataclass(frozen=True)
class Unlisted:
    """A place named in the text that the gazetteer does not list."""

    start: int
    end: int
    name: str
    noun: bool = True  # named with a place noun ("village of X"); else only after "in", "near"
    province: bool = False  # the noun is "province" or "governorate": the name may be a governorate's


_PROVINCE = re.compile(r"\b(?:province|governorate)s?\b", re.I)


@lru_cache(maxsize=4)
def _patterns(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    noun = lexicon.pattern("place_noun")
    before = re.compile(rf"\b(?:the |a |small |nearby |remote )*(?:{noun})s? of (?:the )?(?P<name>{NAME})")
    nouns = re.compile(rf"(?<=[\w'’] )(?:{noun})\b")
    name_ending = re.compile(rf"(?P<name>{NAME}) $")
    # "in Mussayib, 60 km south of Baghdad": a name after a preposition, which only a spelling
    # of a listed place makes a place (see Gazetteer.by_skeleton)
    locative = re.compile(rf"\b(?:in|at|near|outside|inside) (?P<name>{NAME})(?=[,.;:)]| (?:on|in|near|north|south|east|west|during|after|when|where|late|early|at)\b)")
    return before, nouns, name_ending, locative


def _named_before_noun(text: str, nouns: re.Pattern[str], name_ending: re.Pattern[str]):
    """"Imam Waiss village": the name that ends right before each place noun. Looked for in
    a short window before each noun, not over the whole text (most sentences have no noun)."""
    for noun in nouns.finditer(text):
        m = name_ending.search(text, max(0, noun.start() - 60), noun.start())
        if m:
            yield m


def _not_a_name(word: str, lexicon: Lexicon) -> str | None:
    """The id of the ``not_a_name`` entry that the whole ``word`` is, if any."""
    m = lexicon.cue("not_a_name", word)
    return lexicon.entry_id(m) if m is not None and m.start() == 0 and m.end() == len(word) else None


def clean_name(name: str, lexicon: Lexicon) -> str | None:
    """The name without a leading function word ("In Baya'a neighborhood"); None when a word
    of it makes it no place name ("Iraqi city", "Kurdistan Region")."""
    words = name.split()
    while words and _not_a_name(words[0], lexicon) == "not_a_name.function":
        words = words[1:]
    if not words or any(_not_a_name(w, lexicon) for w in words):
        return None
    return " ".join(words)


def _placed(name: str, text: str, end: int, known: list[tuple[int, int]], lexicon: Lexicon) -> bool:
    """A name after "in" that is surely a place: "in Gizayza, north-west Basra", "near
    Saadouniyah, 35 kilometers southwest of Kirkuk" (described from a known place), "in Abu
    Karma, Muqdadiya district" (a known place that holds it right after), "in Wadi al-Qadhaf"
    (a word that only starts place names)."""
    first = name.split()[0].split("-")[0]
    word = lexicon.cue("place_word", first)
    if word is not None and word.end() == len(first):
        return True
    bearing = lexicon.cue("located_after", text[end : end + 90])
    if bearing is not None and any(0 <= s - (end + bearing.end()) <= 30 for s, _ in known):
        return True
    held = lexicon.cue("container_after", text[end : end + 12])  # "in Abu Karma, Muqdadiya district"
    return held is not None and any(s == end + held.end() for s, _ in known)


def _after_known(start: int, end: int, text: str, known: list[tuple[int, int]]) -> tuple[int, int]:
    """The part of a name after a listed place it starts with: "the western Mosul Al-Jadida
    area" names Al-Jadida, in Mosul."""
    for s, e in known:
        if start <= s < e < end and text[e] == " " and text[e + 1 : e + 2].isupper():
            start = e + 1
    return start, end


def unlisted_places(text: str, known: list[tuple[int, int]], lexicon: Lexicon) -> list[Unlisted]:
    """Place names in ``text`` that overlap none of the gazetteer's ``known`` spans."""
    found: dict[int, Unlisted] = {}
    before, nouns, name_ending, locative = _patterns(lexicon)
    readings = [(before.finditer(text), True), (_named_before_noun(text, nouns, name_ending), True),
                (locative.finditer(text), False)]
    for matches, with_noun in readings:
        for m in matches:
            start, end = _after_known(*m.span("name"), text, known)
            name = clean_name(text[start:end], lexicon) if start < end else None
            if name is None or any(s < end and start < e for s, e in known):
                continue
            start = end - len(name)
            # "the province of X", or "X province" (the noun after the name)
            province = with_noun and bool(_PROVINCE.search(m.group(0)) or _PROVINCE.match(text, end + 1))
            found.setdefault(start, Unlisted(start, end, name, with_noun or _placed(name, text, end, known, lexicon), province))
    return sorted(found.values(), key=lambda u: u.start)
