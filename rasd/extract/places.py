"""Pick the place of an event from the gazetteer matches of its sentence.

The most specific named place wins (a site or neighbourhood over a town, a town over a
district or governorate); a place only used as a distance reference ("Kirkuk, 170 km north of
Baghdad") is never the event's place. "North of Amarah" and "near Basra" give ACLED geo
precision 2; a governorate alone gives precision 3 at its capital's coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rasd.extract.context import Context
from rasd.extract.lexicon import Lexicon
from rasd.extract.unlisted import Unlisted, unlisted_places
from rasd.geo import Gazetteer, PlaceMatch, km
from rasd.geo.kinds import specificity
from rasd.geo.normalise import LEADING_ARTICLE, is_latin, skeleton
from rasd.model import Place

#: A town this large has neighbourhoods, villages around it, and is named for much else.
BIG_CITY = 250_000


@dataclass(frozen=True)
class Located:
    """Where an event happened, as read from its sentence."""

    place: Place
    precision: int  # ACLED geo precision
    start: int
    spelt: str | None = None  # how the text spells a listed place
    # a governorate only a bearing from a town beyond its reach points to: that town's governorate
    pointed_from: str | None = None


def spelling(located: Located) -> str:
    """The name to code: a neighbourhood or village no standard gazetteer spells keeps the text's
    spelling of it ("al-Jadriya" for Jadiriya: coders copy the report where no standard exists);
    a town, site or landmark ("Adan Square" codes as Kadhimiya) keeps the gazetteer's."""
    place, spelt = located.place, located.spelt
    if not spelt or spelt == place.name or place.kind != "town" or place.geonameid is not None or not is_latin(spelt) \
            or skeleton(spelt) != skeleton(place.name):
        return place.name
    spelt = LEADING_ARTICLE.sub("", spelt) if not LEADING_ARTICLE.match(place.name) else spelt
    return spelt.title() if spelt.isupper() else spelt


def _specificity(place: Place, gazetteer: Gazetteer) -> float:
    score = specificity(place.kind)
    if place.kind == "town" and place.population >= BIG_CITY:
        # a neighbourhood or village named beside its city is the more specific, and a big
        # city is named for much else (datelines, "the Kirkuk-Baghdad road")
        score -= 0.5
    elif place.kind == "district" and place.admin1_code and \
            getattr(gazetteer.capital(place.admin1_code), "name", None) != place.name:
        # "in Hawija district" beats a big city named for its police or a title ("Basra police",
        # "the wali of Kirkuk"); the capital's own district ("the Baghdad district of Sadr
        # City") is only that city
        score += 0.25
    return score


def _precision(text: str, match: PlaceMatch, place: Place, lexicon: Lexicon) -> int:
    if place.kind in ("governorate",):
        return 3
    before = text[max(0, match.start - 60) : match.start]
    return 2 if lexicon.cue("near", before) or lexicon.cue("distance", before) else 1


def _foreign_namesake(text: str, match: PlaceMatch, ctx: Context) -> bool:
    """"The Riyadh district of Kirkuk", "near Beirut Square": in a report about home, a foreign
    city's name used for a quarter, district or landmark (Iraqi places are often named for
    Arab capitals) is not that city."""
    home = ctx.gazetteer.country.code
    if ctx.abroad is not None or any(c.country_code == home for c in match.candidates):
        return False
    after = text[match.end : match.end + 60]
    return bool(ctx.lexicon.cue("quarter_after", after) or ctx.lexicon.cue("located_after", after)
                and ctx.admin1_context)


def _home_namesake(match: PlaceMatch, ctx: Context) -> Place | None:
    """The home place a foreign name used as a quarter stands for ("Riyadh" for al-Riyadh,
    Kirkuk), in a governorate the report names first."""
    home = [p for p in ctx.gazetteer.lookup(match.surface)
            if p.country_code == ctx.gazetteer.country.code and p.kind in ("town", "site")]
    for code in ctx.admin1_context:
        inside = [p for p in home if p.admin1_code == code]
        if inside:
            return inside[0]
    return home[0] if len({p.name for p in home}) == 1 else None


def choose(text: str, match: PlaceMatch, ctx: Context) -> Place | None:
    """Resolve a match, telling the city of Basra from the province of Basra by the words around it.

    None when the name is used for something else: "al-Muthanna neighbourhood" is no province,
    "the Beirut district" no Lebanese city.
    """
    if _foreign_namesake(text, match, ctx):
        return _home_namesake(match, ctx)
    place = ctx.gazetteer.resolve(match, ctx.admin1_context)
    cue = ctx.lexicon.cue
    after, before = text[match.end : match.end + 25], text[max(0, match.start - 40) : match.start]
    if place.kind == "governorate" and cue("quarter_after", after):
        towns = [c for c in match.candidates if c.kind != "governorate"]
        return max(towns, key=lambda c: c.population) if towns else None
    wants_province = bool(cue("province_after", after) or cue("province_before", before))
    kinds = ("governorate",) if wants_province else ("town", "site", "district")
    if (place.kind == "governorate") != wants_province:
        same_area = [c for c in match.candidates if c.kind in kinds and c.admin1_code == place.admin1_code]
        if same_area:
            return max(same_area, key=lambda c: (c.kind == kinds[0], c.population))
    return place


def _source_place(text: str, match: PlaceMatch, before: str, lexicon: Lexicon) -> bool:
    """"Authorities in Ramadi said": where the source speaks from, not where it happened."""
    return bool(lexicon.cue("source_place", before)) and bool(lexicon.cue("says_after", text[match.end : match.end + 60]))


#: A bearing alone ("north of Baghdad") places an event near a town only when that town's
#: governorate reaches further than this; past a small governorate's edge it is elsewhere.
_BEARING_REACH_KM = 45.0
#: A distance this many times a governorate's reach (the radius of a disc of its area) from its
#: town may still be inside it: enough to tell two places named together apart, not to place one.
_REFERENCE_SLACK = 1.5


def _toward(place: Place, told: str, distance: float, ctx: Context) -> Place | None:
    """The governorate a bearing ("120 km north of") from ``place`` points to, if it says one."""
    direction = ctx.lexicon.cue("compass", told)
    return ctx.gazetteer.governorate_toward(place, direction.group(0), distance) if direction else None


@lru_cache(maxsize=4)
def _apposition(lexicon: Lexicon) -> re.Pattern[str]:
    """The ``apposition_end`` cue, matched as written: its time words are negative lookbehinds,
    which the lexicon's case-folded matching would apply to "MONDAY," too."""
    return re.compile(lexicon.pattern("apposition_end"))


def _km(distance: str, lexicon: Lexicon) -> float:
    """Kilometres in a distance phrase ("some 50 km", "30 miles", "a few kilometres")."""
    m = lexicon.cue("distance_figure", distance)
    if m is None or m["vague"]:
        return 5.0
    value = float(m["value"].replace(",", "."))
    return value * 1.609 if m["unit"].lower().startswith("mi") else value


@dataclass(frozen=True)
class _Known:
    """A gazetteer place in the sentence and what the words around it make of it."""

    match: PlaceMatch
    place: Place
    candidate: bool  # it can be the event's place
    container: bool  # it can say which governorate an unlisted place next to it is in
    precision: int
    measured_from: bool = False  # a distance is measured from it, likely within its governorate
    beyond: Place | None = None  # the governorate a bearing from it past its reach points to
    route: bool = False  # it names a road ("the Baghdad-Kirkuk highway"): the place only if none else is


def _site_of_town(text: str, match: PlaceMatch, place: Place, ctx: Context) -> Place | None:
    """"The oil refinery of Baiji", "the refugee camp in the town of Makhmour": the site the
    gazetteer lists for that town (Baiji Refinery, Makhmour Camp), the most specific place named."""
    told = ctx.lexicon.cue("site_of_town", text[max(0, match.start - 60) : match.start])
    if told is None:
        return None
    ends = ctx.lexicon.cue("site_preposition", told.group(0))
    noun = told.group(0)[: ends.start() if ends else None].split()
    for town in dict.fromkeys((match.surface, place.name)):
        for words in dict.fromkeys((" ".join(noun), noun[-1])):
            site = next((p for p in ctx.gazetteer.lookup(f"{town} {words}")
                         if p.kind == "site" and p.admin1_code == place.admin1_code), None)
            if site is not None:
                return site
    return None


def _read_known(text: str, match: PlaceMatch, ctx: Context, named_before: bool) -> _Known | None:
    """One gazetteer match, read with its context; None when it says nothing of the place.

    "Amara, 390 km south of Baghdad": Baghdad is a reference, not a place, and says Amara's
    governorate only when 390 km is inside Baghdad's reach. "50 km north of Kut" with no place
    named is near Kut (precision 2); "north of Baghdad" has left Baghdad's small governorate.
    """
    cue = ctx.lexicon.cue
    place = choose(text, match, ctx)
    before = text[max(0, match.start - 60) : match.start]
    if place is not None and place.country_code == ctx.gazetteer.country.code and place.kind != "country" \
            and _source_place(text, match, before, ctx.lexicon):
        # "a source in Kirkuk said an IED exploded in the Riyadh district": where the source speaks
        # from is not the place, but says which governorate an unlisted place named with it is in
        return _Known(match, place, False, True, 3)
    if place is not None and place.kind != "country" and (cue("described_before", before)
                                                          or cue("group_after", text[match.end : match.end + 40])):
        # "Anbar province, a vast region encompassing the cities of Fallujah and Ramadi": named
        # to describe the region, not where it happened; "the Sinjar Resistance Units": a group's name
        return _Known(match, place, False, True, 3 if place.kind == "governorate" else 2)
    if place is None or place.kind == "country" or cue("reference_after", text[match.end : match.end + 32]) \
            or cue("comparison_before", before) or cue("voice_after", text[match.end : match.end + 16]):
        return None  # where something else lies, "another Fallujah", "Ankara said"
    if place.country_code != ctx.gazetteer.country.code and not cue("locative", before):
        return None
    if place.kind == "town":
        place = _site_of_town(text, match, place, ctx) or place
    if place.kind == "site" and cue("road_after", text[match.end : match.end + 12]) \
            and not any(p.kind == "town" for p in ctx.gazetteer.lookup(match.surface.split()[0])):
        # "al-Batira road": a road named for the site runs elsewhere ("the Basra airport road" is
        # still told by its town and airport)
        return _Known(match, place, False, True, 1)
    if place.kind == "town" and (cue("route_name_after", text[match.end : match.end + 40])
                                 or before.endswith("-") and cue("route_name_after", f" {text[match.end : match.end + 30]}")):
        # the road runs far from the towns it links: where it was is another place the sentence names
        return _Known(match, place, True, False, 2, route=True)
    reach = ctx.gazetteer.reach_km(place.admin1_code) or float("inf")
    distance = cue("distance", before)
    if distance:
        far = _km(distance.group(0), ctx.lexicon)
        within = far <= reach
        # "in Gizayza, 50 km north of Basra": a distance told after a comma describes the name before it
        named = named_before or _apposition(ctx.lexicon).search(before[: distance.start()]) is not None
        near = far <= _REFERENCE_SLACK * reach  # a governorate is no disc
        # "a bomb exploded 120 km north of Baghdad": not Baghdad, but the governorate it points to
        beyond = None if within else _toward(place, distance.group(0), far, ctx)
        return _Known(match, place, within and not named, within, 2, measured_from=near, beyond=beyond)
    told = cue("near", before)
    bearing = told is not None and ctx.lexicon.entry_id(told) == "near.bearing"
    if bearing and place.kind != "governorate" and named_before and before[: told.start()].rstrip().endswith(","):
        return _Known(match, place, False, True, 2)  # "a village near Balad Ruz, east of Baquba": where another lies
    if bearing and place.kind != "governorate" and reach < _BEARING_REACH_KM:
        # not the place, but the likeliest governorate of a village named as lying there
        # ("in Qasim, south of Hilla"); with no place named, the governorate it points to, as far
        # again as the small governorate reaches ("a checkpoint north of Baghdad")
        two_ways = cue("two_ways", before)  # "operations south and west of Baghdad": no one direction
        return _Known(match, place, False, True, 2,
                      beyond=None if two_ways else _toward(place, told.group(0), 2 * reach, ctx))
    return _Known(match, place, True, True, _precision(text, match, place, ctx.lexicon))


def _score(located: Located, text: str, anchor: int, end: int, ctx: Context,
           referenced: set[str | None]) -> tuple[float, bool, int]:
    # "al-Aswad, a village north of Baquba": a place named only to say where another lies;
    # "Baghdad's Sadr City": the possessive names the container
    # ("the village of Kani Masi in Amedi district", "near the town of Sinuni, north of Sinjar"
    # name the place itself: no reference)
    bearing = 0.25 if located.precision == 2 and located.place.kind != "locality" \
        and not ctx.lexicon.cue("place_itself_before", text[max(0, located.start - 30) : located.start]) else 0.0
    container = 0.5 if ctx.lexicon.cue("possessive_after", text[end : end + 3]) else 0.0
    return (_specificity(located.place, ctx.gazetteer) - bearing - container, located.place.admin1_code in referenced,
            -abs(located.start - anchor))


def _container(unlisted: Unlisted, known: Sequence[_Known]) -> Place | None:
    """The known place nearest an unlisted one, which says its governorate (or, abroad, its country)."""
    containers = [k for k in known if (k.container or k.beyond) and k.place.country_code]
    near = min(containers, key=lambda k: min(abs(k.match.start - unlisted.end), abs(unlisted.start - k.match.end)),
               default=None)
    return None if near is None else near.place if near.container else near.beyond


def _unlisted(unlisted: Unlisted, known: Sequence[_Known], text: str, ctx: Context) -> Located | None:
    """An unlisted name as a place: a listed place spelt another way ("Sawyrah" is Suwayrah),
    else a locality in the governorate of the known place nearest it, at its coordinates."""
    if ctx.lexicon.cue("foreign", text[max(0, unlisted.start - 45) : unlisted.start]):
        return None  # "in the Syrian town of Sayyida Zeinab": abroad, and not a place rasd lists
    home = _container(unlisted, known)
    if unlisted.province:  # "the province of Salahudin": a governorate spelt another way
        governorate = ctx.gazetteer.by_skeleton(unlisted.name, governorates=True)
        return Located(governorate, 3, unlisted.start) if governorate else None
    # a name spelt unlike any listed place is matched by its consonants only in a report that
    # names home places: in one about elsewhere, "Mansoura" in Aden is no Mansour in Baghdad
    listed = ctx.gazetteer.by_skeleton(unlisted.name, home.admin1_code if home else None) \
        if home or ctx.admin1_context else None
    if listed is None and home is not None and home.country_code == ctx.gazetteer.country.code:
        listed = ctx.gazetteer.by_skeleton(unlisted.name, near=home)  # across the governorate's border
    if listed is not None:
        return Located(listed, 1, unlisted.start)
    if not unlisted.noun:
        return None
    place = Place(unlisted.name, "locality", home.country if home else None, home.country_code if home else None,
                  home.admin1 if home else None, home.admin1_code if home else None,
                  home.admin2 if home and home.kind != "governorate" else None,
                  home.latitude if home else None, home.longitude if home else None)
    return Located(place, 2, unlisted.start)


#: How far from a town a place said to lie "north of" it (no distance given) may be.
_UNSTATED_KM = 100.0
#: How far a listed place may lie from where a stated distance puts it (curated coordinates are
#: approximate, distances rounded) before it is taken for another place of the same name.
_SLACK_KM = 40.0


def _namesake(located: Located, end: int, known: Sequence[_Known], text: str, ctx: Context) -> Located:
    """"al-Garma, north of Basra": a listed place far from where the text puts it is another
    place of that name (Iraq has many), in the governorate of the town it is placed from; the
    listed Karma is in Anbar, 480 km away. It keeps the text's name."""
    place = located.place
    after = ctx.lexicon.cue("located_after", text[end : end + 60]) if place.kind in ("town", "site") else None
    if after is None:
        return located
    ref = next((k.place for k in known if 0 <= k.match.start - (end + after.end()) <= 24), None)
    if ref is None or ref.kind not in ("town", "site") or ref.admin1_code == place.admin1_code:
        return located
    apart = km(place, ref)
    stated = ctx.lexicon.cue("distance_figure", after.group(0))
    expected = _km(stated.group(0), ctx.lexicon) if stated else _UNSTATED_KM
    if apart is None or apart <= expected + max(_SLACK_KM, expected / 2):
        return located
    name = located.spelt or place.name
    return Located(Place(name, "locality", ref.country, ref.country_code, ref.admin1, ref.admin1_code, ref.admin2,
                         ref.latitude, ref.longitude), 2, located.start)


def _quarter_name(name: str, lexicon: Lexicon) -> str:
    """"Hurriya neighbourhood" → "Hurriya": the name a quarter has in any city."""
    noun = lexicon.cue("quarter_noun_end", name)
    return name[: noun.start()] + name[noun.end() :] if noun else name


def _quarter_elsewhere(located: Located, end: int, known: Sequence[_Known], text: str, ctx: Context) -> Located:
    """"the Hurriya neighbourhood of Kirkuk", "Kirkuk's Hurriya district": a listed place named as
    a quarter of a city in another governorate is that city's quarter of the same name (Iraqi
    cities share quarter names; the listed Hurriya is Baghdad's). It keeps the text's name."""
    place, cue = located.place, ctx.lexicon.cue
    if place.kind not in ("town", "site"):
        return located
    for k in known:
        if k.place.kind != "town" or k.place.admin1_code == place.admin1_code:
            continue
        gap = text[end : k.match.start]
        # the noun may end the listed name itself ("the Yarmouk district of western Mosul")
        after = end <= k.match.start <= end + 60 and (cue("quarter_of_after", gap) or cue(
            "quarter_of_after", f" {text[located.start : end].split()[-1]}{gap}"))
        before = k.match.end <= located.start and cue("possessive_between", text[k.match.end : located.start]) \
            and cue("quarter_after", text[end : end + 25])
        if after or before:
            ref, name = k.place, _quarter_name(located.spelt or place.name, ctx.lexicon)
            listed = next((p for p in ctx.gazetteer.lookup(name) if p.admin1_code == ref.admin1_code
                           and p.kind in ("town", "site")), None)  # Mosul's Yarmouk beside Baghdad's
            if listed is not None:
                return Located(listed, 1, located.start, name)
            return Located(Place(name, "locality", ref.country, ref.country_code, ref.admin1,
                                 ref.admin1_code, ref.admin2, ref.latitude, ref.longitude), 2, located.start)
    return located


def in_area(located: Located, area: Located) -> Located:
    """An unlisted place with no known place beside it, put in the area the story is about."""
    home = area.place
    place = replace(located.place, country=home.country, country_code=home.country_code, admin1=home.admin1,
                    admin1_code=home.admin1_code, admin2=home.admin2 if home.kind != "governorate" else None,
                    latitude=home.latitude, longitude=home.longitude)
    return replace(located, place=place)


def _listed_beside(unlisted: Unlisted, matches: Sequence[PlaceMatch], text: str, lexicon: Lexicon) -> bool:
    """"the villages of Lilkan, Khalifan and Sidakan": in a list with listed places, the
    listed ones say where it was. "al-Hamiya, al-Iskandariya district" is no list: the district
    after it contains it."""
    return any(lexicon.cue("list_glue", text[m.end : unlisted.start])
               or (lexicon.cue("list_glue", text[unlisted.end : m.start]) and not _container_after(m, text, lexicon))
               for m in matches)


def _container_after(match: PlaceMatch, text: str, lexicon: Lexicon) -> bool:
    # the noun may be part of the listed name itself ("Muqdadiya district", "Diyala province")
    after = f" {match.surface.split()[-1]}{text[match.end : match.end + 25]}"
    return bool(lexicon.cue("quarter_after", text[match.end : match.end + 25]) or lexicon.cue("quarter_after", after)
                or lexicon.cue("province_after", text[match.end : match.end + 25]) or lexicon.cue("province_after", after))


def _feature_near_town(feature: _Known, known: Sequence[_Known], text: str, ctx: Context) -> bool:
    """"In the Qarachogh mountains near Makhmour": a natural feature named as near a town is coded
    to that town (ACLED geo precision 2), not to the feature."""
    if feature.place.kind != "site" or not ctx.lexicon.cue("natural_feature", feature.place.name):
        return False
    return any(t.place.kind == "town" and t.candidate and t.match.start >= feature.match.end
               and ctx.lexicon.cue("near_after", text[feature.match.end : t.match.start]) for t in known)


#: How far before a town a list of the villages in it may start.
_LIST_SPAN = 200


def locate(text: str, matches: Sequence[PlaceMatch], ctx: Context, anchor: int = 0,
           unlisted: bool = True) -> Located | None:
    """The event's place among ``matches`` (gazetteer hits in ``text``) and the places the
    gazetteer does not list but the text names ("the village of Imam Gharbi"), or None.

    The most specific place wins; between equally specific ones, the one nearest the trigger
    at ``anchor``. Where a source speaks from ("officials in Ramadi said") is not the place,
    nor is a foreign capital used as a subject ("Washington said"), nor a town a distance is
    measured from. ``unlisted=False`` reads only the gazetteer's places (a whole report's
    governorates).
    """
    # a foreign name used as a quarter rasd does not list ("the Beirut district") is read as unlisted
    spans = [(m.start, m.end) for m in matches if not (_foreign_namesake(text, m, ctx) and _home_namesake(m, ctx) is None)]
    named = [u for u in unlisted_places(text, spans, ctx.lexicon)
             if not _listed_beside(u, matches, text, ctx.lexicon)] if unlisted else []
    known: list[_Known] = []
    for match in matches:
        named_before = bool(known) or any(u.end <= match.start for u in named)
        read = _read_known(text, match, ctx, named_before)
        if read is not None:
            known.append(read)
    around = next((k for k in known if k.candidate and k.place.kind in ("town", "district", "site")
                   and ctx.lexicon.cue("villages_in", text[max(0, k.match.start - _LIST_SPAN) : k.match.start])), None)
    if around is not None:  # "the villages of A, B and C in Sidakan": the town they are in
        return Located(around.place, around.precision, around.match.start, around.match.surface)
    known = [replace(k, candidate=False) if _feature_near_town(k, known, text, ctx) else k for k in known]
    candidates = [(_quarter_elsewhere(_namesake(Located(k.place, k.precision, k.match.start, k.match.surface),
                                                k.match.end, known, text, ctx), k.match.end, known, text, ctx),
                   k.match.end) for k in known if k.candidate and not k.route]
    candidates += [(located, u.end) for u in named if (located := _unlisted(u, known, text, ctx)) is not None]
    if not candidates:  # "on the Baghdad-Kirkuk road" and no other place: the road's towns
        candidates = [(Located(k.place, k.precision, k.match.start, k.match.surface), k.match.end)
                      for k in known if k.candidate]
    # "between Amiriyat al-Fallujah and Jurf al-Sakhar, 45 km northwest of Hilla": of two places
    # as specific, the one in the governorate of the town a distance is measured from
    referenced = {k.place.admin1_code for k in known if k.measured_from and not k.candidate}
    options = [(_score(located, text, anchor, end, ctx, referenced), located) for located, end in candidates]
    if not options:  # "120 km north of Baghdad" and no place named: the governorate it points to
        pointed = next((k for k in known if k.beyond is not None), None)
        return Located(pointed.beyond, 3, pointed.match.start, pointed_from=pointed.place.admin1_code) \
            if pointed and pointed.beyond else None
    return max(options, key=lambda o: o[0])[1]


#: Sites this close together ("at Khilani Square and the Sinak bridge") are one scene, not a list.
_ONE_SCENE_KM = 3.0


def _adjacent(places: Sequence[Place]) -> bool:
    """Landmarks of one city named together: one scene (the first is its place)."""
    return all(p.kind == "site" for p in places) and all(
        (d := km(a, b)) is not None and d <= _ONE_SCENE_KM for a, b in zip(places, places[1:]))


def coordinated(text: str, matches: Sequence[PlaceMatch], ctx: Context) -> list[Located]:
    """Places named as a list ("in Muthanna, Qadisiyah and Dhi Qar provinces"): one event each.

    A route ("the road between Anah and Rawah") is one place, not a list.
    """
    cue = ctx.lexicon.cue
    best: list[PlaceMatch] = []
    run: list[PlaceMatch] = []
    for match in matches:
        if _source_place(text, match, text[max(0, match.start - 60) : match.start], ctx.lexicon):
            continue
        if run and cue("list_glue", text[run[-1].end : match.start]):
            run.append(match)
        else:
            run = [match]
        if len(run) > len(best):
            best = list(run)
    if len(best) < 2 or cue("route", text[max(0, best[0].start - 40) : best[0].start]):
        return []
    places = [choose(text, m, ctx) for m in best]
    if any(p is None for p in places) or len({p.kind for p in places}) != 1 or len({p.name for p in places}) != len(places) \
            or _adjacent(places):
        return []
    return [Located(p, _precision(text, m, p, ctx.lexicon), m.start) for p, m in zip(places, best)]
