"""Corrections as a reviewer types them, checked against what the domain allows.

``corrections(form, current)`` turns the edit form's strings into model values for the fields
that changed, and refuses, naming the field, anything ACLED or the gazetteer would not: a
sub-event type that does not belong to the event type (``rasd/data/acled/taxonomy.csv``), a
governorate code the country does not have, coordinates without their pair or outside the
globe, an actor missing from the dictionary, a date in the future, a negative toll.

A place comes either from the gazetteer (the form sends the chosen place's fields, which are
looked up again here, so a tampered form cannot store a place that does not exist) or as a
new place: a name, a governorate and coordinates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasd.errors import ReviewError
from rasd.export import acled_types
from rasd.extract.actors import ActorDictionary
from rasd.geo import Gazetteer
from rasd.geo.country import default_country
from rasd.model import PLACE_FIELDS, REVIEWED_FIELDS, Place
from rasd.web.vocab import governorates

#: ACLED geo precision of a gazetteer place of each kind (1 the place itself, 2 a part of a
#: region, 3 only the region)
GEO_PRECISION = {"site": 1, "town": 1, "locality": 1, "district": 2, "governorate": 3}
ACTOR_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
MAX_TOLL = 100_000


def corrections(form: dict[str, str], current: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``form`` whose value differs from ``current`` (the event's JSON values),
    validated into model values; ReviewError names the first field that cannot be used."""
    values: dict[str, Any] = {}
    values.update(_types(form))
    values.update(_when(form))
    values.update(_place(form))
    for name in ACTOR_FIELDS:
        if name in form:
            values[name] = _actor(name, form[name])
    for name in ("fatalities", "injuries"):
        if name in form:
            values[name] = _count(name, form[name])
    plain = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    return {k: values[k] for k in REVIEWED_FIELDS if k in values and plain[k] != current.get(k)}


def _types(form: dict[str, str]) -> dict[str, Any]:
    if "event_type" not in form and "sub_event_type" not in form:
        return {}
    event_type, sub = form.get("event_type", "").strip(), form.get("sub_event_type", "").strip()
    types = acled_types()
    if event_type not in types:
        raise ReviewError(f"event type {event_type!r} is not one of ACLED's: {', '.join(types)}", "event_type")
    if sub not in types[event_type]:
        raise ReviewError(f"{sub!r} is not a sub-event type of {event_type}; choose one of: "
                          f"{', '.join(types[event_type])}", "sub_event_type")
    return {"event_type": event_type, "sub_event_type": sub}


def _when(form: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if "event_date" in form:
        raw = form["event_date"].strip()
        try:
            day = date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ReviewError(f"date {raw!r}: use YYYY-MM-DD", "event_date") from None
        if day and day > date.today():
            raise ReviewError(f"date {day} is in the future", "event_date")
        found["event_date"] = day
    if "time_precision" in form:
        found["time_precision"] = _precision("time_precision", form["time_precision"])
    return found


def _precision(name: str, raw: str) -> int | None:
    if not raw.strip():
        return None
    if raw.strip() not in ("1", "2", "3"):
        raise ReviewError(f"{name.replace('_', ' ')} {raw!r}: use 1 (day), 2 (week or a few days) or 3 (month)", name)
    return int(raw)


def _count(name: str, raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > MAX_TOLL:
        raise ReviewError(f"{name} {raw!r}: use a whole number from 0 to {MAX_TOLL}, or leave it empty "
                          f"if the reports do not say", name)
    return int(raw)


def _actor(name: str, raw: str) -> str | None:
    raw = raw.strip()
    if not raw:
        return None
    known = {a.name for a in ActorDictionary.default().actors()}
    if raw not in known and ActorDictionary.default().inter_for(raw) is None:
        raise ReviewError(f"{name.replace('_', ' ')} {raw!r} is not in the actor dictionary; pick one from the "
                          f"list (new actors go in rasd/data/lexicon/actors.jsonl)", name)
    return raw


def _place(form: dict[str, str]) -> dict[str, Any]:
    """The place fields, from a gazetteer place or a new place with coordinates."""
    if "location" not in form:
        return {}
    name = form["location"].strip()
    if not name:
        return dict.fromkeys(PLACE_FIELDS)
    if form.get("place_source") == "gazetteer":
        return place_fields(_gazetteer_place(name, form.get("admin1_code", "")))
    return _new_place(name, form)


def _gazetteer_place(name: str, code: str) -> Place:
    found = [p for p in Gazetteer.default().lookup(name) if p.name == name and (not code or p.admin1_code == code)]
    if not found:
        raise ReviewError(f"no gazetteer place {name!r}{' in ' + code if code else ''}; pick one from the list, "
                          f"or give a new place with its coordinates", "location")
    return found[0]


def place_fields(place: Place) -> dict[str, Any]:
    """The event's place fields for a gazetteer place (what autocomplete fills in)."""
    return {"country": place.country, "country_code": place.country_code, "admin1": place.admin1,
            "admin1_code": place.admin1_code, "admin2": place.admin2 if place.kind != "governorate" else None,
            "location": place.name, "latitude": place.latitude, "longitude": place.longitude,
            "geo_precision": GEO_PRECISION.get(place.kind, 1)}


def _new_place(name: str, form: dict[str, str]) -> dict[str, Any]:
    code = form.get("admin1_code", "").strip().upper()
    if code not in governorates():
        raise ReviewError(f"a new place needs its governorate: {code or 'none'!r} is not one of "
                          f"{', '.join(governorates())}", "admin1_code")
    latitude, longitude = _coordinate(form, "latitude", 90), _coordinate(form, "longitude", 180)
    if (latitude is None) != (longitude is None):
        raise ReviewError("give both latitude and longitude, or neither", "latitude")
    country = default_country()
    return {"country": country.name, "country_code": country.code, "admin1": governorates()[code],
            "admin1_code": code, "admin2": form.get("admin2", "").strip() or None, "location": name,
            "latitude": latitude, "longitude": longitude,
            "geo_precision": _precision("geo_precision", form.get("geo_precision", "1")) or 1}


def _coordinate(form: dict[str, str], name: str, bound: float) -> float | None:
    raw = form.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ReviewError(f"{name} {raw!r} is not a number (decimal degrees, e.g. 31.8356)", name) from None
    if not -bound <= value <= bound:
        raise ReviewError(f"{name} {value} is outside -{bound}..{bound}", name)
    return round(value, 6)
