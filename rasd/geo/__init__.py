"""rasd's gazetteer: a country's governorates, districts, towns and sites, and the names news uses.

    >>> gazetteer = Gazetteer.default()
    >>> [m.surface for m in gazetteer.find("north of the city of al-Amara, Missan")]
    ['al-Amara', 'Missan']
    >>> gazetteer.resolve(gazetteer.find("in Amara")[0]).admin1
    'Maysan'

``find`` is pure matching (every name, with candidates); ``resolve`` picks one candidate,
preferring a place inside a governorate the document mentions. The data lives in
``rasd/data/gazetteer`` (see ``scripts/build_gazetteer.py``), Iraq's by default; the country it
covers is that directory's ``country.json`` (``rasd.geo.country``). Nothing here is Iraq-specific.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from collections import Counter
from itertools import chain
from pathlib import Path

from rasd.geo.country import Country, default_directory, read_country
from rasd.geo.index import Index, load
from rasd.geo.kinds import likelihood
from rasd.geo.matching import (accepted, joined_matches, longest_first, person_name, raw_matches, tail_of_name,
                                with_article)
from rasd.geo.normalise import ARTICLES, is_arabic, key, keys, skeleton
from rasd.geo.bearings import bearing, offset
from rasd.model import Place

__all__ = ["Country", "Gazetteer", "PlaceMatch"]

#: Consonant skeletons shorter than this ("bqb") match too many names to identify one.
_MIN_SKELETON = 4



@dataclass(frozen=True)
class PlaceMatch:
    """A gazetteer name found in a text: where, as written, and every place it may mean."""

    start: int
    end: int
    surface: str
    candidates: tuple[Place, ...]


class Gazetteer:
    """Places and their names, with a matcher over texts (see module doc)."""

    def __init__(self, index: Index, country: Country) -> None:
        self._index = index
        self.country = country
        self._skeleton_index: dict[str, tuple[int, ...]] | None = None
        self._home_towns: tuple[list[float], list[tuple[float, float, str]]] | None = None
        # a sentence is searched by several stages (its items, its places, its list of places)
        self._recent = lru_cache(maxsize=256)(self._find)

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "_recent"}  # workers start afresh

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._recent = lru_cache(maxsize=256)(self._find)

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer that ships with rasd, loaded once per process."""
        return _default()

    @classmethod
    def from_dir(cls, path: str | Path) -> Gazetteer:
        """A gazetteer from a directory holding places.jsonl and country.json, and optionally
        strict_names.txt and name_context.json (see rasd/data/gazetteer/README.md)."""
        return cls(load(Path(path)), read_country(path))

    def find(self, text: str) -> list[PlaceMatch]:
        """Every place name in ``text``: non-overlapping, longest first, in text order."""
        return list(self._recent(text))

    def _find(self, text: str) -> tuple[PlaceMatch, ...]:
        automaton = self._index.automaton
        found = [(s, e, entry) for s, e, entry in chain(raw_matches(automaton, text), joined_matches(automaton, text))
                 if accepted(text, s, e, entry.strict, entry.lowercase)]
        matches, floor = [], 0
        for start, end, entry in longest_first(found):
            start = with_article(text, start, floor)
            if person_name(text, start, self._index.name_context) or tail_of_name(text, start, self._index.name_context):
                continue
            places = tuple(self._index.places[i] for i in entry.place_ids)
            matches.append(PlaceMatch(start, end, text[start:end], places))
            floor = end
        return tuple(matches)

    def resolve(self, match: PlaceMatch, context: Sequence[str] = ()) -> Place:
        """The place ``match`` most likely means.

        ``context`` lists admin1 codes mentioned nearby, most relevant first: a candidate in
        the earliest of them wins. Otherwise a place of the gazetteer's country beats a foreign one, a town or
        site beats a governorate beats a district, then the larger population.
        """
        for code in context:
            inside = [p for p in match.candidates if p.admin1_code == code]
            if inside:
                return self._best(inside)
        return self._best(match.candidates)

    def governorate(self, code_or_name: str) -> Place | None:
        """The governorate with this ISO 3166-2 code or name; its coordinates are its capital's."""
        wanted = code_or_name.strip().upper()
        for place in self._index.places:
            if place.kind == "governorate" and place.admin1_code == wanted:
                return place
        return next((p for p in self.lookup(code_or_name) if p.kind == "governorate"), None)

    def reach_km(self, admin1_code: str | None) -> float | None:
        """How far a governorate reaches from its centre: the radius of a disc of its area
        (None where the area is unknown). "50 km north of Kut" is still in Wasit; "50 km north
        of Baghdad" has left Baghdad."""
        area = self._index.areas.get((admin1_code or "").upper())
        return math.sqrt(area / math.pi) if area else None

    def governorate_toward(self, place: Place, direction: str, distance_km: float) -> Place | None:
        """The governorate of the point ``distance_km`` from ``place`` toward ``direction``
        ("north", "south-west"): that of most of the listed towns nearest it ("120 km north of
        Baghdad" is by Samarra, in Salah ad Din). None when the direction is no compass word or
        no listed town lies within a governorate's reach of the point (abroad, the desert)."""
        degrees = bearing(direction)
        if degrees is None or not _located(place):
            return None
        lat, lon = offset(place.latitude, place.longitude, degrees, distance_km)  # type: ignore[arg-type]
        latitudes, home = self._towns_by_latitude()
        band, across = _TOWARD_KM / 111.0, 111.0 * math.cos(math.radians(lat))  # _km's flat earth
        nearby = ((math.hypot((lat - t_lat) * 111.0, (lon - t_lon) * across), code)
                  for t_lat, t_lon, code in home[bisect_left(latitudes, lat - band):bisect_right(latitudes, lat + band)])
        towns = sorted((d, code) for d, code in nearby if d <= _TOWARD_KM)[:_TOWARD_VOTES]
        if not towns:
            return None
        votes = Counter(code for _, code in towns)
        best = max(votes, key=lambda code: (votes[code], -next(d for d, c in towns if c == code)))
        return self.governorate(best)

    def _towns_by_latitude(self) -> tuple[list[float], list[tuple[float, float, str]]]:
        """The monitored country's listed towns as (latitude, longitude, governorate code) in
        order of latitude, with the latitudes alone to bisect: ``governorate_toward`` reads only
        the band of latitudes within its reach, not every place (built on first use)."""
        if self._home_towns is None:
            home = sorted((p.latitude, p.longitude, p.admin1_code) for p in self._index.places  # type: ignore[misc]
                          if p.kind == "town" and p.country_code == self.country.code and p.admin1_code and _located(p))
            self._home_towns = ([t[0] for t in home], home)
        return self._home_towns

    def by_skeleton(self, name: str, admin1_code: str | None = None, governorates: bool = False,
                    near: Place | None = None) -> Place | None:
        """The one place whose name has the consonants of ``name`` ("Sawyrah" → Suwayrah), in
        ``admin1_code`` when given, within a short drive of ``near`` when given; None when there
        is none or several (short skeletons are too common to trust). Governorates only when
        asked ("the province of Salahudin")."""
        wanted = skeleton(name)
        if len(wanted) < _MIN_SKELETON or is_arabic(name):
            return None
        places = [self._index.places[i] for i in self._skeletons().get(wanted, ())]
        if admin1_code:
            places = [p for p in places if p.admin1_code == admin1_code]
        if near is not None:
            places = [p for p in places if _located(p) and _located(near) and _km(p, near) <= _NEAR_KM]
        home = [p for p in places if p.country_code == self.country.code and (p.kind == "governorate") == governorates]
        if len({p.name for p in home}) != 1:
            return None
        return max(home, key=lambda p: likelihood(p.kind))  # a town and its district share a name

    def _skeletons(self) -> dict[str, tuple[int, ...]]:
        if self._skeleton_index is None:
            index: dict[str, set[int]] = {}
            for place_id, own in enumerate(self._index.place_keys):
                for name_key in own:
                    if not is_arabic(name_key):
                        index.setdefault(skeleton(name_key), set()).add(place_id)
            self._skeleton_index = {k: tuple(sorted(v)) for k, v in index.items()}
        return self._skeleton_index

    def city_of(self, place: Place) -> Place | None:
        """The city a neighbourhood or village lies in: its governorate's capital, when ``place``
        is a small place within the capital's built-up reach ("Khadra" → Baghdad); else None."""
        if place.kind not in ("town", "locality") or place.population >= _SMALL or not place.admin1_code:
            return None
        capital = self.capital(place.admin1_code)
        if capital is None or capital.name == place.name or place.latitude is None or capital.latitude is None:
            return None
        return capital if _km(place, capital) <= _city_reach_km(capital.population) else None

    def capital(self, admin1_code: str) -> Place | None:
        """The capital town of a governorate, by ISO 3166-2 code."""
        code = admin1_code.strip().upper()
        name = self._index.capitals.get(code)
        if name is None:
            return None
        return next((p for p in self.lookup(name) if p.kind == "town" and p.admin1_code == code), None)

    def lookup(self, name: str) -> tuple[Place, ...]:
        """Places called ``name``, best first; spelling-tolerant ("al-Amarah" = "Amarah")."""
        ids: dict[int, None] = {}
        for name_key in _lookup_keys(name):
            ids.update(dict.fromkeys(self._index.by_key.get(name_key, ())))
        return tuple(sorted((self._index.places[i] for i in ids), key=self._rank, reverse=True))

    def places(self, query: str | None = None, admin1_code: str | None = None,
               kind: str | None = None, limit: int = 50) -> list[Place]:
        """Places whose name starts with (or contains) ``query``, filtered; exact names first."""
        wanted = key(query) if query else ""
        scored = []
        for place, own in zip(self._index.places, self._index.place_keys):
            if (admin1_code and place.admin1_code != admin1_code) or (kind and place.kind != kind):
                continue
            score = _query_score(wanted, key(place.name), own) if wanted else 0
            if score is not None:
                scored.append((score, -likelihood(place.kind), -place.population, place.name, place))
        scored.sort(key=lambda item: item[:4])
        return [item[-1] for item in scored[:limit]]


    def _rank(self, place: Place) -> tuple[bool, int, int, str]:
        """A home place first, then the likelier kind, the larger population, the name."""
        return (place.country_code == self.country.code, likelihood(place.kind), place.population, place.name)

    def _best(self, places: Sequence[Place]) -> Place:
        return max(places, key=self._rank)


#: How far from the point a bearing leads to the towns that say its governorate may be, and how many vote.
_TOWARD_KM = 60.0
_TOWARD_VOTES = 3

#: How far from a town named beside it a place spelt like a listed one may be that place
#: across a governorate's border ("Iskandriyah", near Karbala, is Iskandariya in Babil).
_NEAR_KM = 80.0


def _located(place: Place) -> bool:
    return place.latitude is not None and place.longitude is not None


#: A place with fewer people than this can be a quarter of a city (Sadr City, 1.2 million, is not).
_SMALL = 50_000


def _city_reach_km(population: int) -> float:
    """How far a city's built-up area reaches from its centre, growing with the cube root of its
    people: about 17 km for Baghdad, 10 for Mosul, 7 for Najaf."""
    return 4.0 * (max(population, 0) / 100_000) ** (1 / 3)


def km(a: Place, b: Place) -> float | None:
    """Distance on the ground between two places, or None when either has no coordinates."""
    return _km(a, b) if _located(a) and _located(b) else None


def _km(a: Place, b: Place) -> float:
    """Distance on the ground, flat-earth (exact enough within a governorate)."""
    dlat = (a.latitude - b.latitude) * 111.0  # type: ignore[operator]
    dlon = (a.longitude - b.longitude) * 111.0 * math.cos(math.radians(a.latitude))  # type: ignore[operator,arg-type]
    return math.hypot(dlat, dlon)


def _lookup_keys(name: str) -> set[str]:
    found = set(keys(name))
    for name_key in list(found):
        first, _, rest = name_key.partition(" ")
        if first in ARTICLES and rest:
            found.add(rest)
        found.add(f"al {name_key}")
    return found


def _query_score(wanted: str, name: str, own: Sequence[str]) -> int | None:
    """0 an exact name, 1 the start of the display name, 2 of another name, 3 inside one."""
    if wanted in own:
        return 0
    if name.startswith(wanted):
        return 1
    if any(k.startswith(wanted) for k in own):
        return 2
    if any(wanted in k for k in own):
        return 3
    return None


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return Gazetteer.from_dir(default_directory())
