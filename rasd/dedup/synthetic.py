"""Synthetic mentions with known truth, for tests and ``bench/dedup.py``.

Made-up countries of areas and towns (no real geography: the generator must not leak
knowledge into the dedup logic), incidents spread over years, and several reports of each
from different outlets with the noise real wires show: dates shifted within their precision,
coarser places, town names spelled differently, casualty figures that disagree or are
missing, a suicide bombing one outlet calls an IED, different wording. Near misses are
planted on purpose: a second incident of the same type in the same town on the same day.
Some reports come in roundup documents that cover several incidents, and a few are geocoded
to a wrong town nearby, as extractors do with "south of X".
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from rasd.model import EventMention

SUB_TYPES = (  # (event_type, sub_event_type, weight, compatible alternative)
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 40, "Suicide bomb"),
    ("Explosions/Remote violence", "Suicide bomb", 10, "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 10, None),
    ("Battles", "Armed clash", 15, None),
    ("Violence against civilians", "Attack", 15, "Armed clash"),
    ("Violence against civilians", "Abduction/forced disappearance", 4, None),
    ("Strategic developments", "Arrests", 4, None),
    ("Protests", "Peaceful protest", 2, None),
)
EVENT_TYPE = {sub: event for event, sub, _, _ in SUB_TYPES}
NOUNS = {
    "Remote explosive/landmine/IED": ("roadside bomb", "IED", "car bomb", "explosive device", "sticky bomb"),
    "Suicide bomb": ("suicide bomber", "suicide car bomb", "suicide attacker"),
    "Shelling/artillery/missile attack": ("mortar rounds", "Katyusha rockets", "rockets"),
    "Armed clash": ("gunmen", "militants", "insurgents"),
    "Attack": ("gunmen", "unknown assailants", "armed men"),
    "Abduction/forced disappearance": ("kidnappers", "gunmen"),
    "Arrests": ("security forces", "police"),
    "Peaceful protest": ("protesters", "demonstrators"),
}
SITES = ("market", "checkpoint", "mosque", "police patrol", "army patrol", "bus station", "school",
         "restaurant", "bridge", "government building", "football field", "hospital", "bakery", "court")
SITE_WORDS = {  # how different outlets name one site; the generic forms give nothing away
    "market": ("market", "marketplace", "bazaar", "shopping area"),
    "checkpoint": ("checkpoint", "security checkpoint", "roadblock", "position"),
    "mosque": ("mosque", "Shiite mosque", "place of worship", "building"),
    "police patrol": ("police patrol", "police convoy", "police vehicle", "patrol"),
    "army patrol": ("army patrol", "military convoy", "army vehicle", "patrol"),
    "bus station": ("bus station", "bus stop", "garage", "crowd"),
    "school": ("school", "primary school", "building", "area"),
    "restaurant": ("restaurant", "cafe", "eatery", "crowd"),
    "bridge": ("bridge", "bridge crossing", "road", "area"),
    "government building": ("government building", "municipal office", "council building", "building"),
    "football field": ("football field", "playground", "sports ground", "crowd"),
    "hospital": ("hospital", "clinic", "medical centre", "building"),
    "bakery": ("bakery", "bread shop", "shop", "area"),
    "court": ("court", "courthouse", "justice building", "building"),
}
TARGET_ACTORS = {"police patrol": "Police Forces", "army patrol": "Military Forces", "checkpoint": "Police Forces"}
NAMED_ACTORS = ("Islamic State", "Sahwa Militia", "Mahdi Army", "Police Forces", "Military Forces")
WILDCARD = "Unidentified Armed Group"
OUTLETS = tuple(f"Outlet {c}" for c in "ABCDEFGHIJKL")
TEMPLATES = (
    "A {noun} struck a {site} in {town} on {day}, killing {killed} people and wounding {hurt}, {outlet} said.",
    "{killed_cap} people were killed and {hurt} injured when a {noun} hit a {site} in {town}, police said.",
    "Security sources said {killed} died in an attack with a {noun} near the {site} of {town} {day}.",
    "In {town}, a {noun} targeted a crowded {site}; the toll stands at {killed} dead.",
    "{town}: {noun} at {site} leaves {killed} dead, {hurt} hurt ({day}).",
    "Officials in {town} reported that a {noun} attack on a {site} killed {killed} and injured {hurt} people.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SYLLABLES = ("ba", "ka", "ram", "di", "su", "mar", "ha", "zu", "lat", "qa", "nah", "ri", "fal", "ja", "tik", "mus", "sa", "wi")


@dataclass(frozen=True)
class Town:
    name: str
    area: str
    latitude: float
    longitude: float
    parent: Town | None = None  # the town a quarter belongs to


def _town_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _spelling(name: str, rng: random.Random) -> str:
    """A spelling variant as outlets produce them (al- prefix, doubled letter, trailing h)."""
    roll = rng.random()
    if roll < 0.2:
        return "al-" + name
    if roll < 0.35:
        return name + "h"
    if roll < 0.45 and len(name) > 3:
        k = rng.randrange(1, len(name) - 1)
        return name[:k] + name[k] + name[k:]
    return name


def _zipf(n: int, rng: random.Random) -> int:
    """An index in [0, n) with probability proportional to 1 / (index + 1)."""
    weights = [1 / (k + 1) for k in range(n)]
    return rng.choices(range(n), weights=weights)[0]


def make_towns(
    rng: random.Random, country: int = 0, areas: int = 18, towns_per_area: int = 40, quarters: int = 12
) -> list[list[list[Town]]]:
    """Areas in a 700 km box, each with towns within ~80 km of its centre.

    Each town is a list of places: the town itself, then (for the three largest towns of an
    area) its quarters within ~6 km, which reports name when they know them.
    """
    result = []
    for a in range(areas):
        code = f"X{country}-{a:02d}"
        lat0, lon0 = 30 + rng.random() * 6, 40 + 8 * country + rng.random() * 7
        towns = []
        for t in range(towns_per_area):
            r, theta = rng.random() ** 1.5 * 0.7, rng.random() * 2 * math.pi
            town = Town(_town_name(rng), code, lat0 + r * math.sin(theta), lon0 + r * math.cos(theta))
            places = [town]
            for _ in range(quarters if t < 3 else 0):
                dr, dt = rng.random() * 0.05, rng.random() * 2 * math.pi
                places.append(Town(_town_name(rng), code, town.latitude + dr * math.sin(dt), town.longitude + dr * math.cos(dt), town))
            towns.append(places)
        result.append(towns)
    return result


@dataclass(frozen=True)
class Incident:
    key: str
    day: date
    sub_type: str
    town: Town
    site: str
    noun: str
    actor1: str
    actor2: str | None
    fatalities: int
    injuries: int


def _incident(key: str, rng: random.Random, country: list[list[list[Town]]], start: date, days: int) -> Incident:
    area = country[_zipf(len(country), rng)]
    places = area[_zipf(len(area), rng)]
    town = rng.choice(places[1:]) if len(places) > 1 else places[0]
    sub = rng.choices([s for _, s, _, _ in SUB_TYPES], weights=[w for _, _, w, _ in SUB_TYPES])[0]
    site = rng.choice(SITES)
    return Incident(
        key=key,
        day=start + timedelta(days=rng.randrange(days)),
        sub_type=sub,
        town=town,
        site=site,
        noun=rng.choice(NOUNS[sub]),
        actor1=rng.choice(NAMED_ACTORS) if rng.random() < 0.3 else WILDCARD,
        actor2=TARGET_ACTORS.get(site, "Civilians"),
        fatalities=0 if sub in ("Arrests", "Peaceful protest") else int(rng.expovariate(1 / 6)),
        injuries=int(rng.expovariate(1 / 10)),
    )


def _near_miss(incident: Incident, key: str, rng: random.Random, quarters: dict[Town, list[Town]]) -> Incident:
    """Another incident of the same type, in the same town (any of its quarters), on the same day."""
    others = [s for s in SITES if s != incident.site]
    site = rng.choice(others)
    parent = incident.town.parent
    return Incident(
        key=key,
        day=incident.day,
        sub_type=incident.sub_type,
        town=rng.choice(quarters[parent]) if parent else incident.town,
        site=site,
        noun=rng.choice(NOUNS[incident.sub_type]),
        actor1=incident.actor1 if rng.random() < 0.5 else WILDCARD,
        actor2=TARGET_ACTORS.get(site, "Civilians"),
        fatalities=0 if incident.fatalities == 0 else int(rng.expovariate(1 / 6)),
        injuries=int(rng.expovariate(1 / 10)),
    )


def _count(true: int, rng: random.Random) -> int | None:
    roll = rng.random()
    if roll < 0.65:
        return true
    if roll < 0.85:
        return max(0, true + rng.choice((-2, -1, 1, 2)))
    if roll < 0.93:
        return max(0, round(true * rng.uniform(0.6, 1.4)))
    return None


def _report_date(day: date, rng: random.Random) -> tuple[date, int]:
    roll = rng.random()
    if roll < 0.80:
        return day + timedelta(days=rng.choice((0,) * 8 + (-1, 1))), 1
    if roll < 0.97:
        return day + timedelta(days=rng.randint(-2, 2)), 2
    return date(day.year, day.month, 15), 3


def _evidence(inc: Incident, town: str, reported_day: date, killed: int | None, hurt: int | None, outlet: str, rng: random.Random) -> str:
    noun = inc.noun if rng.random() < 0.6 else rng.choice(NOUNS[inc.sub_type])
    day = WEEKDAYS[reported_day.weekday()] if rng.random() < 0.5 else reported_day.strftime("%B %-d")
    k = "several" if killed is None else str(killed)
    return rng.choice(TEMPLATES).format(
        noun=noun, site=rng.choice(SITE_WORDS[inc.site]), town=town, day=day, killed=k, killed_cap=k.capitalize(),
        hurt="several" if hurt is None else str(hurt), outlet=outlet,
    )


def _nearby(world: list[list[list[Town]]], km: float = 30.0) -> dict[Town, list[Town]]:
    """Other towns of the same area within ``km``: where a careless geocoder may put a report."""
    out: dict[Town, list[Town]] = {}
    for country in world:
        for area in country:
            towns = [places[0] for places in area]
            for town in towns:
                out[town] = [t for t in towns if t is not town and _km(town, t) <= km]
    return out


def _km(a: Town, b: Town) -> float:
    dlat, dlon = (a.latitude - b.latitude) * 111.0, (a.longitude - b.longitude) * 111.0 * math.cos(math.radians(a.latitude))
    return math.hypot(dlat, dlon)


def _place(inc: Incident, nearby: dict[Town, list[Town]], rng: random.Random) -> Town:
    """The place a report names: the quarter, its town (25%), or a wrong nearby town (5%)."""
    town = inc.town.parent or inc.town
    roll = rng.random()
    if roll < 0.05 and nearby.get(town):
        return rng.choice(nearby[town])  # "south of X" geocoded to the next town
    if inc.town.parent and roll < 0.30:
        return inc.town.parent  # the quarter is not named
    return inc.town


def _mention(inc: Incident, doc_id: str, offset: int, outlet: str, rng: random.Random,
             nearby: dict[Town, list[Town]]) -> EventMention:
    reported_day, time_precision = _report_date(inc.day, rng)
    roll = rng.random()
    geo_precision = 1 if roll < 0.85 else (2 if roll < 0.97 else 3)
    jitter = 0.0 if geo_precision == 1 else (0.03 if geo_precision == 2 else 0.3)
    sub = inc.sub_type
    alternative = next(alt for _, s, _, alt in SUB_TYPES if s == sub)
    if alternative and rng.random() < 0.08:
        sub = alternative
    killed, hurt = _count(inc.fatalities, rng), _count(inc.injuries, rng)
    place = _place(inc, nearby, rng)
    town = _spelling(place.name, rng)
    return EventMention(
        doc_id=doc_id,
        event_date=reported_day,
        time_precision=time_precision,
        event_type=EVENT_TYPE[sub],
        sub_event_type=sub,
        actor1=inc.actor1 if rng.random() < 0.7 else WILDCARD,
        actor2=inc.actor2,
        admin1_code=inc.town.area,
        country_code=inc.town.area.split("-")[0],
        location=town if geo_precision < 3 else None,
        latitude=place.latitude + rng.uniform(-jitter, jitter),
        longitude=place.longitude + rng.uniform(-jitter, jitter),
        geo_precision=geo_precision,
        fatalities=killed,
        injuries=hurt,
        evidence=_evidence(inc, town, reported_day, killed, hurt, outlet, rng),
        source=outlet,
        offset=offset,
    )


def generate(
    incidents: int,
    seed: int = 0,
    years: int = 20,
    near_miss_rate: float = 0.1,
    mean_reports: float = 2.3,
    countries: int = 1,
) -> tuple[list[EventMention], dict[str, str]]:
    """Mentions of ``incidents`` incidents (plus near misses) and the truth: mention id -> incident key.

    Incidents are spread evenly over ``countries`` (18 areas each) and ``years``; about 75,000
    incidents per country over 20 years is ten a day, the intensity of a country at war.
    """
    rng = random.Random(seed)
    world = [make_towns(rng, c) for c in range(countries)]
    quarters = {places[0]: places[1:] for country in world for area in country for places in area if len(places) > 1}
    nearby = _nearby(world)
    start, days = date(2004, 1, 1), 365 * years
    mentions: list[EventMention] = []
    truth: dict[str, str] = {}
    roundups: dict[tuple[str, date], int] = {}
    made = 0
    while made < incidents:
        first = _incident(f"i{made}", rng, rng.choice(world), start, days)
        batch = [first]
        if rng.random() < near_miss_rate:
            batch.append(_near_miss(first, f"i{made}n", rng, quarters))
        made += 1
        for inc in batch:
            reports = min(1 + _poisson(mean_reports - 1, rng), len(OUTLETS))
            for outlet in rng.sample(OUTLETS, reports):
                if rng.random() < 0.2:  # a daily roundup that lists several incidents
                    key = (outlet, inc.day)
                    doc_id, offset = f"{outlet}/{inc.day}/roundup", roundups.get(key, 0)
                    roundups[key] = offset + 1
                else:
                    doc_id, offset = f"{outlet}/{inc.key}", 0
                mention = _mention(inc, doc_id, offset, outlet, rng, nearby)
                mentions.append(mention)
                truth[mention.mention_id] = inc.key
    return mentions, truth


def _poisson(mean: float, rng: random.Random) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def near_miss_merge_rate(assignment: dict[str, str], truth: dict[str, str]) -> float:
    """Share of planted near misses (keys ``iN`` / ``iNn``) that ended up in one event."""
    events: dict[str, set[str]] = {}
    for mention, key in truth.items():
        if mention in assignment:
            events.setdefault(key, set()).add(assignment[mention])
    twins = [key for key in events if key.endswith("n") and key[:-1] in events]
    merged = sum(1 for key in twins if events[key] & events[key[:-1]])
    return merged / len(twins) if twins else 0.0
