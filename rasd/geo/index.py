"""Load a gazetteer directory into places, their name keys and an Aho–Corasick automaton.

A gazetteer directory holds ``places.jsonl`` (one place a line: the ``Place`` fields plus
``names``, every spelling it is known by) and optionally ``strict_names.txt`` (name keys that
are also ordinary words, matched only under the stricter rule of ``rasd.geo.matching``),
``lowercase_names.txt`` (name keys matched even when written in lower case) and
``name_context.json`` (words that mark an "al-" name as a person's: "Abu Bakr al-Baghdadi").
``scripts/build_gazetteer.py`` writes the default directory from the curated files.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import ahocorasick

from rasd.errors import InputError
from rasd.geo.normalise import is_arabic, keys
from rasd.model import Place

_PLACE_FIELDS = {f.name for f in fields(Place)}
_PROCLITICS = ("و", "ب", "ف", "وب", "فب", "ك")


@dataclass(frozen=True)
class Entry:
    """What the automaton yields for one name key."""

    length: int  # of the padded key " name ", in characters
    place_ids: tuple[int, ...]
    strict: bool
    proclitic: int = 0  # leading letters that are not the name: "و" of "وبغداد" ("and Baghdad")
    lowercase: bool = False  # may be written in lower case ("kut clashes": lowercase_names.txt)


@dataclass(frozen=True)
class NameContext:
    """Words before an "al-" name that make it a person's name (see name_context.json)."""

    kinship_words: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()
    name_starts: frozenset[str] = frozenset()  # "Abu", "Tal": a listed name after one is another name's tail


@dataclass
class Index:
    places: list[Place]
    place_keys: list[tuple[str, ...]]
    by_key: dict[str, tuple[int, ...]]
    capitals: dict[str, str]  # admin1 code → capital's name
    automaton: Any
    name_context: NameContext = NameContext()
    areas: dict[str, float] = field(default_factory=dict)  # admin1 code → km², where known


def _place(record: dict[str, Any]) -> Place:
    return Place(**{k: v for k, v in record.items() if k in _PLACE_FIELDS})


def _read_places(path: Path) -> list[dict[str, Any]]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                record["names"] = list(record.get("names") or [record["name"]])
            except (ValueError, KeyError) as error:
                raise InputError(str(path), f"not a gazetteer record ({error}); rebuild with "
                                 "scripts/build_gazetteer.py", number) from None
            records.append(record)
    return records


def _read_strict(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    lines = (line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(k for line in lines for k in keys(line))


def _proclitic_forms(name_key: str) -> Iterator[tuple[str, int]]:
    """Arabic writes "and", "in", "to" as letters joined to the next word: وبغداد, ببغداد,
    للبصرة (ل + البصرة, the alef of the article dropped). Yields (written form, letters before the name)."""
    if not is_arabic(name_key):
        return
    for prefix in _PROCLITICS:
        yield prefix + name_key, len(prefix)
    if name_key.startswith("ال"):
        for prefix in ("ل", "ول", "فل"):
            yield prefix + name_key[1:], len(prefix)


def _read_name_context(path: Path) -> NameContext:
    if not path.exists():
        return NameContext()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return NameContext(frozenset(w.lower() for w in data.get("kinship_words", ())),
                           frozenset(w.lower() for w in data.get("place_words", ())),
                           frozenset(w.lower() for w in data.get("name_starts", ())))
    except (ValueError, AttributeError) as error:
        raise InputError(str(path), f"not a JSON object of word lists ({error})") from None


def _automaton(by_key: dict[str, tuple[int, ...]], strict: frozenset[str], lowercase: frozenset[str] = frozenset()) -> Any:
    automaton = ahocorasick.Automaton()
    for name_key, ids in by_key.items():
        forms = [(name_key, 0), *_proclitic_forms(name_key)]
        for written, proclitic in forms:
            padded = f" {written} "  # folded text is padded too: spaces mark word boundaries
            if written == name_key or written not in by_key:
                automaton.add_word(padded, Entry(len(padded), ids, name_key in strict, proclitic, name_key in lowercase))
    automaton.make_automaton()
    return automaton


def load(directory: Path) -> Index:
    """Read ``directory`` (see module doc); InputError when places.jsonl is missing or bad."""
    path = Path(directory) / "places.jsonl"
    if not path.exists():
        raise InputError(str(path), "no gazetteer here; run scripts/build_gazetteer.py or pass another directory")
    records = _read_places(path)
    places = [_place(r) for r in records]
    place_keys = [tuple(sorted({k for n in r["names"] for k in keys(n)})) for r in records]
    collected: dict[str, list[int]] = defaultdict(list)
    for place_id, own in enumerate(place_keys):
        for name_key in own:
            collected[name_key].append(place_id)
    by_key = {k: tuple(v) for k, v in collected.items()}
    capitals = {r["admin1_code"]: r["capital"] for r in records if r["kind"] == "governorate" and r.get("capital")}
    strict = _read_strict(Path(directory) / "strict_names.txt")
    lowercase = _read_strict(Path(directory) / "lowercase_names.txt")
    context = _read_name_context(Path(directory) / "name_context.json")
    areas = _read_areas(Path(directory) / "governorate_areas.csv")
    return Index(places, place_keys, by_key, capitals, _automaton(by_key, strict, lowercase), context, areas)


def _read_areas(path: Path) -> dict[str, float]:
    """Governorate areas (``code,area_km2``): how far from its capital a governorate reaches."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        try:
            return {row["code"].strip().upper(): float(row["area_km2"]) for row in csv.DictReader(handle)}
        except (KeyError, ValueError) as error:
            raise InputError(str(path), f"not a code,area_km2 table ({error})") from None
