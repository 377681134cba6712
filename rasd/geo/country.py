"""The country a gazetteer covers, from its ``country.json``: what code and language knew of Iraq.

A gazetteer directory says which country it covers (its places of that country are "home";
others are abroad, named only as context), the prefix of the event ids made there, and where
the map's admin-1 shapes are. Another country is another directory; no code changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from rasd.errors import InputError

COUNTRY_FILE = "country.json"


@dataclass(frozen=True)
class Country:
    """The monitored country of a gazetteer."""

    name: str  # as events spell it ("Iraq")
    code: str  # ISO 3166-1 alpha-2 ("IQ"), as places carry it
    event_id_prefix: str  # event ids start with it and a hyphen ("IRQ-3f2a9c1b7d04")
    boundaries: Path | None  # admin-1 shapes (GeoJSON, properties code and name), if any


def read_country(directory: str | Path) -> Country:
    """The ``country.json`` of a gazetteer directory; InputError when missing or malformed."""
    path = Path(directory) / COUNTRY_FILE
    if not path.exists():
        raise InputError(str(path), "no country configuration here: write one naming the country "
                         '({"name": ..., "code": ..., "event_id_prefix": ...}, see rasd/data/gazetteer/README.md)')
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        boundaries = data.get("boundaries")
        return Country(str(data["name"]), str(data["code"]).upper(), str(data["event_id_prefix"]),
                       (path.parent / boundaries).resolve() if boundaries else None)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(str(path), f"not a country configuration ({error.__class__.__name__}: {error}); "
                         "it needs name, code and event_id_prefix") from None


def default_directory() -> Path:
    """The gazetteer directory that ships with rasd."""
    return Path(str(resources.files("rasd") / "data" / "gazetteer"))


@cache
def default_country() -> Country:
    """The country of the gazetteer that ships with rasd (read once; no gazetteer is loaded)."""
    return read_country(default_directory())
