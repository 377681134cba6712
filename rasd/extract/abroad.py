"""Events abroad: the country an incident outside the monitored country happened in, and its town.

An event in another country is still an event; the contract gives it its ``location`` as written
and, where a registry list knows the town (``rasd.geo.world``), its country and coordinates; its
unnamed actors are that country's ("Police Forces of Kenya", "Civilians (Mali)"). What says where:
- a town abroad in a place's position ("in Sokoto", "the town of Kaya"), looked up in the world's
  towns, in the country the text names if it has one of that name;
- a country named as the scene ("in Gabon", "in north-central Burkina Faso", "Haiti's capital"),
  which also holds a town no list knows ("in Nhialdiu, South Sudan");
- a wire dateline abroad ("SUMY, Ukraine (AP) -", "LIBREVILLE, Aug 30 (Reuters) -").
Only a report that names no home place, or a sentence that names the country it is in, is read
so: a name after "in" in a report about home is a home place the gazetteer lacks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rasd.extract.context import Context
from rasd.extract.lexicon import Lexicon
from rasd.extract.nations import CountryMention, Nation
from rasd.extract.places import Located
from rasd.extract.unlisted import NAME, clean_name, unlisted_places
from rasd.geo import PlaceMatch
from rasd.geo.world import Town, World
from rasd.model import Place

#: what names the scene ("in northern Mali") rather than a place one went to ("fled to Chad")
_SCENE_BEFORE = 40


def _scene(text: str, mention: CountryMention, ctx: Context) -> bool:
    """A country named as where something happened: after "in", or owning a place ("Haiti's
    capital", "Yemen's Ras Isa"; not "Qatar's foreign ministry")."""
    owns = ctx.lexicon.cue("possessive_after", text[mention.end : mention.end + 3])
    if owns is not None:  # "killed in Turkey's operations": the operations are Turkey's, not the place
        return _owns_place(text[mention.end + owns.end() : mention.end + owns.end() + 40], ctx)
    return bool(ctx.lexicon.cue("country_scene", text[max(0, mention.start - _SCENE_BEFORE) : mention.start]))


_OWNED = re.compile(r"^ (?:(?:far|north|south|east|west|central)[\w-]* )?(?:[A-Z]|(?:capital|border|coast)\b)")


def _owns_place(after: str, ctx: Context) -> bool:
    """What follows a country's "'s" is a place: a name, a bearing and a name, a capital, a border,
    or a place noun ("Russia's Kursk region", "Haiti's capital", "Mali's central region")."""
    if _OWNED.match(after):
        return True
    noun = ctx.lexicon.cue("place_noun", after[:25])
    return noun is not None and not after[: noun.start()].strip(" ").count(" ")


def countries(text: str, ctx: Context, scenes_only: bool = False) -> list[Nation]:
    """The countries ``text`` names that may be where its incident was, the scenes first; none
    that is only where someone went or came from ("fled to Chad", "from Russian captivity").
    ``scenes_only``: only countries named as the scene (in a report about home, "backed by Iran"
    says nothing of where an incident was)."""
    mentions = ctx.actors.nations.countries(text)
    if not mentions or ctx.lexicon.cue("country_scope", text):
        return []  # none, or the incident was at home ("kidnapped in Iraq")
    scenes = [m.nation for m in mentions if _scene(text, m, ctx)]
    others = [] if scenes_only else \
        [m.nation for m in mentions if not ctx.lexicon.cue("country_elsewhere", text[max(0, m.start - _SCENE_BEFORE) : m.start])]
    return list(dict.fromkeys(scenes + others))


def _country_place(nation: Nation) -> Place:
    """A country as an event's place: its name says where, but no town (``location`` stays empty)."""
    return Place(nation.country, "country", nation.country, nation.code, None, None, None, None, None)


def _town_place(name: str, nation: Nation, town: Town | None) -> Place:
    """The town ``name`` as written, in ``nation``, at the coordinates of ``town`` if it is there."""
    if town is not None and town.country_code == nation.code:
        return Place(name, "town", nation.country, nation.code, None, None, None,
                     town.latitude, town.longitude, town.population)
    return Place(name, "locality", nation.country, nation.code, None, None, None, None, None)


def _where(name: str, codes: Sequence[str], ctx: Context) -> tuple[Nation, Town | None] | None:
    """The country a place ``name`` is in: the first of ``codes`` (the countries the text names)
    that has a town of that name, else the first of them, else the country of the most populous
    town abroad so named; None when neither says, or it is home or a country not listed."""
    town = World.default().town(name, codes)
    code = town.country_code if town is not None and (not codes or town.country_code in codes) else \
        codes[0] if codes else None
    nation = ctx.actors.nations.by_code(code)
    if nation is None or code == ctx.gazetteer.country.code:
        return None
    return nation, town


_CAPITALISED = re.compile(NAME)


def provinces(text: str, lexicon: Lexicon) -> list[str]:
    """The country codes of the provinces abroad ``text`` names ("Borno State", "Kisii County"),
    those told as provinces first ("in Beni territory, North Kivu province": Congo, though Beni
    is also a Bolivian department)."""
    world = World.default()
    # province_word_after, not region_after: a comma or "territory" after a name would rank it differently
    found = [(not lexicon.cue("province_word_after", text[m.end() :]), code) for m in _CAPITALISED.finditer(text)
             if (code := world.region(m.group(0)))]
    return [code for _, code in sorted(found, key=lambda f: f[0])]


@dataclass(frozen=True)
class _Name:
    """A capitalised name in a place's position, which a town abroad may have."""

    start: int
    name: str
    noun: bool  # named with a place noun ("the village of X"): a place even if no list knows it
    ends: bool  # the name ends a phrase ("in Nhialdiu, ...", "in Kaya (Sanmatenga)", "Tbilisi's", "X in Y")
    near: bool  # "near X": a reference, less likely the place itself than a name beside it
    owner: bool = False  # "Taiz's Mansoura district": the city that holds the place named next
    region: bool = False  # "Arauca province", "Kaduna State": holds a town, if one is named


_AFTER_PREPOSITION = re.compile(
    rf"\b(?P<word>in|at|on|near|outside|inside|from|of|around|into|off|through|across|over|between) (?:the )?"
    rf"(?:(?:downtown|central|rural|urban|greater|northern|southern|eastern|western|north-?\w+|south-?\w+) )?(?P<name>{NAME})")
#: a name with a common noun after it says what kind of thing it is ("of Liverpool footballer")
_ATTRIBUTIVE = re.compile(r"^ (?!(?:on|in|at|and|or|as|to|for|with|by|from|after|before|during|when|where|while|since|"
                          r"late|early|overnight|this|last|which|who|that|near|over|under|between|province|state|"
                          r"region|city|town|district|county)\b)[a-z]")
_ENDS = re.compile(r"^(?:[,.;:()]|['’]s\b| \(| in (?:(?:the )?(?:north|south|east|west|central|far)[\w-]* )?[A-Z])")


def _names(text: str, matches: Sequence[PlaceMatch], located: Located | None, ctx: Context) -> list[_Name]:
    """Names in a place's position: the unlisted places the home reading found, and every
    capitalised name after a preposition that is not a country's ("in Gabon" names a country)."""
    known = [(m.start, m.end) for m in matches]
    def region(start: int, name: str) -> bool:
        return bool(ctx.lexicon.cue("region_after", text[start + len(name) : start + len(name) + 20]))

    found = {u.start: _Name(u.start, u.name, u.noun, True, False, region=region(u.start, u.name))
             for u in unlisted_places(text, known, ctx.lexicon) if u.noun}
    if located is not None:
        found[located.start] = _Name(located.start, located.place.name, True, True, False,
                                     region=region(located.start, located.place.name))
    for m in _AFTER_PREPOSITION.finditer(text):
        name = clean_name(m.group("name"), ctx.lexicon)
        start = m.end("name") - len(name) if name else -1
        if name is None or start in found or any(s < m.end() and start < e for s, e in known) \
                or ctx.actors.nations.countries(name):
            continue
        word, after = m.group("word"), text[m.end("name") : m.end("name") + 40]
        if word in ("of", "between") and _ATTRIBUTIVE.match(text[m.end("name") : m.end("name") + 16]):
            continue  # "the father of Liverpool footballer Luis Díaz", "between the ELN guerrilla and ..."
        # "head of Multinational Division-South,": after "of", only a town a list knows is a place;
        # "between Boni and Hombori" names two places
        ends = word != "of" and bool(_ENDS.match(after)) or word == "between"
        owner = bool(ctx.lexicon.cue("possessive_after", text[m.end("name") : m.end("name") + 3]))
        found[start] = _Name(start, name, False, ends, word == "near", owner, region(start, name))
    return _contained(text, found)


#: "Liki, in the commune of Arbinda", "Bambo, in Rutshuru territory", "Malam Fatori in Abadam LGA"
_IN_CONTAINER = re.compile(r"(?:,\s*|\s+)in\s+(?:the\s+)?(?:[a-z]+(?: [a-z]+){0,2}\s+of\s+)?")


def _contained(text: str, found: dict[int, _Name]) -> list[_Name]:
    """A name told as lying in the next ("Liki, in the commune of Arbinda") is a place even if no
    list knows it, and the one it lies in only holds it (as a province does)."""
    for start, n in list(found.items()):
        m = _IN_CONTAINER.match(text, start + len(n.name))
        held = found.get(m.end()) if m else None
        if held is not None and held.start != start:
            found[start] = replace(n, noun=True, ends=True)
            found[held.start] = replace(held, region=True)
    return list(found.values())


_CONTAINER = re.compile(rf", (?:the )?(?P<name>{NAME})")


def _containers(text: str, names: Sequence[_Name]) -> list[str]:
    """The country codes of the towns or provinces named right after a place, as its container
    ("in Kisenyi, Kampala, on Monday": Uganda)."""
    world, codes = World.default(), []
    for n in names:
        m = _CONTAINER.match(text, n.start + len(n.name))
        town = world.town(m.group("name")) if m else None
        code = town.country_code if town else world.region(m.group("name")) if m else None
        if code:
            codes.append(code)
    return codes


def place_abroad(text: str, matches: Sequence[PlaceMatch], located: Located | None, ctx: Context,
                 anchor: int) -> Located | None:
    """Where the incident of ``text`` happened abroad, or None when nothing says it was abroad.

    ``located`` is what the home gazetteer made of the sentence: an unlisted village (no country
    known) is kept by name and given the country; ``ctx.abroad`` is where the report is about,
    if abroad. A name is a town abroad if a list knows it, or if the country is known and the
    name is told as a place ("the village of X", "in X, ..."); the name nearest the incident's
    word wins, after one told with a place noun, and before one that only holds another ("Taiz's",
    "Arauca province") or that another lies "near".
    """
    if ctx.lexicon.cue("country_scope", text):
        return None  # "in southern Iraq": at home, whatever else the sentence names
    home = bool(ctx.admin1_context)
    named = countries(text, ctx, scenes_only=home)
    codes = [n.code for n in named] + ([ctx.abroad.country_code] if ctx.abroad and ctx.abroad.country_code else [])
    if home and not codes:
        return None  # a report about home, and the sentence names no country as its scene
    if not home:
        codes += provinces(text, ctx.lexicon)  # "in Tibú, Norte de Santander": Colombia
    names = _names(text, matches, located, ctx)
    codes += _containers(text, names)  # "in Kisenyi, Kampala"
    if not codes:  # "from Mbengwi, near Bamenda": no country or province named, the towns say it
        codes += [t.country_code for n in names if (t := World.default().town(n.name)) is not None]
    # the most specific place first: one named with a place noun, then the nearest the trigger
    for n in sorted(names, key=lambda n: (n.region, n.near, n.owner, not n.noun, abs(n.start - anchor))):
        where = _where(n.name, codes, ctx)
        # in a report about home, a name no list knows is a place abroad only with a place noun
        if where is not None and (where[1] is not None or n.noun or (n.ends and not home and where[0].code in codes)):
            return Located(_town_place(n.name, *where), 2 if n.near else 1, n.start)
    if named and not (ctx.abroad is not None and ctx.abroad.country_code == named[0].code):
        return Located(_country_place(named[0]), 3, 0)
    return None  # the report's own place abroad (its dateline) says more


_HEAD_NAME = re.compile(r"[\s\W]{0,3}([A-Z][A-Za-z'.\- ]{2,40}?)(?=[,:(\s–—-])")
_WHOLE_HEAD_NAME = re.compile(r"[\s\W]{0,3}([A-Z][A-Za-z'.\- ]{2,40}?)\s*(?=[,:(–—]|\s-)")


def dateline_abroad(head: str, ctx: Context) -> Located | None:
    """The place of a wire dateline abroad: "SUMY, Ukraine (AP) -" or "LIBREVILLE, Aug 30 (Reuters) -"
    (``head``: the dateline, up to the story's start)."""
    m = _HEAD_NAME.match(head)
    if m is None:
        return None
    whole = _WHOLE_HEAD_NAME.match(head)  # "KUALA LUMPUR:", "ADDIS ABABA, Ethiopia": a name of two words
    if whole is not None and whole.end(1) > m.end(1) and World.default().town(whole.group(1).strip()) is not None:
        m = whole
    name = m.group(1).strip()
    name = name.title() if name.isupper() else name  # "PORT-AU-PRINCE" is written Port-Au-Prince
    named = countries(head[m.end():], ctx)
    where = _where(name, [n.code for n in named], ctx)
    if where is None or where[1] is None:
        return Located(_country_place(named[0]), 3, 0) if named else None
    return Located(_town_place(name, *where), 1, m.start(1))


#: a dateline of capitals and a colon, as South Asian papers write it ("PESHAWAR: At least ...")
_COLON_DATELINE = re.compile(r"\s{0,3}[A-Z][A-Z .'-]{2,30}:\s")
#: how far into a report its scene abroad is looked for ("in Gabon" in the lead)
_LEAD = 600


def report_abroad(text: str, dateline: Located | None, story_start: int, ctx: Context) -> Located | None:
    """Where abroad a report that names no home place is about: its dateline's town or country,
    else the country its lead names as a scene, else the first its lead names at all."""
    if ctx.admin1_context:
        return None
    if dateline is not None:
        code = dateline.place.country_code
        return dateline if code and code != ctx.gazetteer.country.code else None
    head = text[:story_start] if story_start else (m.group(0) if (m := _COLON_DATELINE.match(text)) else "")
    if head:  # "SUMY, Ukraine (AP) -", "PESHAWAR: ..."
        located = dateline_abroad(head, ctx)
        if located is not None:
            return located
    named = countries(text[:_LEAD], ctx) or \
        [n for code in provinces(text[:_LEAD], ctx.lexicon) if (n := ctx.actors.nations.by_code(code)) is not None][:1]
    return Located(_country_place(named[0]), 3, 0) if named else None
