"""Pick the place of an event from the gazetteer matches of its sentence.

The most specific named place wins (a site or neighbourhood over a town, a town over a
district or governorate); a place only used as a distance reference ("Kirkuk, 170 km north of
Baghdad") is never the event's place. "North of Amarah" and "near Basra" give ACLED geo
precision 2; a governorate alone gives precision 3 at its capital's coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rasd.extract.context import Context
from rasd.extract.lexicon import Lexicon
from rasd.geo import Gazetteer, PlaceMatch
from rasd.geo.kinds import specificity
from rasd.model import Place

_BIG_CITY = 250_000


@dataclass(frozen=True)
class Located:
    """Where an event happened, as read from its sentence."""

    place: Place
    precision: int  # ACLED geo precision
    start: int


def _specificity(place: Place) -> float:
    score = specificity(place.kind)
    if place.kind == "town" and place.population >= _BIG_CITY:
        score -= 0.5  # a neighbourhood or village named beside its city is the more specific
    return score


def _precision(text: str, match: PlaceMatch, place: Place, lexicon: Lexicon) -> int:
    if place.kind in ("governorate",):
        return 3
    before = text[max(0, match.start - 60) : match.start]
    return 2 if lexicon.cue("near", before) or lexicon.cue("distance", before) else 1


_POSSESSIVE = re.compile(r"^['’]s\b")


def choose(text: str, match: PlaceMatch, ctx: Context) -> Place | None:
    """Resolve a match, telling the city of Basra from the province of Basra by the words around it.

    None when the name is used for something else: "al-Muthanna neighbourhood" is no province.
    """
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


def locate(text: str, matches: Sequence[PlaceMatch], ctx: Context, anchor: int = 0) -> Located | None:
    """The event's place among ``matches`` (gazetteer hits in ``text``), or None.

    The most specific place wins; between equally specific ones, the one nearest the trigger
    at ``anchor``. Where a source speaks from ("officials in Ramadi said") is not the place,
    nor is a foreign capital used as a subject ("Washington said").
    """
    cue = ctx.lexicon.cue
    options: list[tuple[float, int, Located]] = []
    for match in matches:
        place = choose(text, match, ctx)
        before = text[max(0, match.start - 60) : match.start]
        if place is None or place.kind == "country" or _source_place(text, match, before, ctx.lexicon) \
                or cue("reference_after", text[match.end : match.end + 20]):
            continue
        if place.country_code != ctx.gazetteer.country.code and not cue("locative", before):
            continue
        distance = cue("distance", before)
        if distance and (options or before[: distance.start()].rstrip().endswith((",", "("))):
            continue  # "Amara, 390 km south of Baghdad": Baghdad is only a reference
        located = Located(place, _precision(text, match, place, ctx.lexicon), match.start)
        # "al-Aswad, a village north of Baquba": a place named only to say where another lies;
        # "Baghdad's Sadr City": the possessive names the container
        bearing = 0.25 if located.precision == 2 else 0.0
        container = 0.5 if _POSSESSIVE.match(text[match.end : match.end + 3]) else 0.0
        options.append((_specificity(place) - bearing - container, -abs(match.start - anchor), located))
    if not options:
        return None
    return max(options, key=lambda o: (o[0], o[1]))[2]


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
    if any(p is None for p in places) or len({p.kind for p in places}) != 1 or len({p.name for p in places}) != len(places):
        return []
    return [Located(p, _precision(text, m, p, ctx.lexicon), m.start) for p, m in zip(places, best)]
