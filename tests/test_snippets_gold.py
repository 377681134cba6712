"""Format checks for the snippet test set (tests/data/snippets).

The snippets are hand-written held-out data: one- to three-sentence news items from around the
world with gold events for all 25 ACLED sub-event types. These checks read only the JSONL files and
ACLED's taxonomy table, never rasd's extraction code, so the set stays independent of how rasd
works. They keep the data honest: ids pair up, every evidence is a real span of its text, every
type is a real ACLED pair, dates resolve and place codes are ISO 3166-2:IQ codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from gold_files import IRAQ_ADMIN1, normalise, read_jsonl

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "tests" / "data" / "snippets"
TAXONOMY = ROOT / "rasd" / "data" / "acled" / "taxonomy.csv"

EVENT_FIELDS = (
    "event_type", "sub_event_type", "event_date", "time_precision", "country", "admin1_code",
    "location", "actor1", "actor2", "fatalities", "injuries", "evidence",
)
DOC_FIELDS = {"id", "text", "published", "url", "outlet", "title"}


def _acled_pairs() -> set[tuple[str, str]]:
    with TAXONOMY.open(encoding="utf-8", newline="") as handle:
        return {(row["event_type"], row["sub_event_type"]) for row in csv.DictReader(handle)}


DOCS = read_jsonl(SNIPPETS / "docs.jsonl")
GOLD = read_jsonl(SNIPPETS / "gold.jsonl")
DOC_BY_ID = {doc["id"]: doc for doc in DOCS}
EVENTS = [(entry["id"], event) for entry in GOLD for event in entry["events"]]


def _offenders(check: Callable[[str, dict], bool]) -> list[str]:
    """Names of the gold events (doc id and sub-type) for which ``check(doc_id, event)`` is false."""
    return [f"{doc_id}: {event['sub_event_type']}" for doc_id, event in EVENTS if not check(doc_id, event)]


def test_ids_pair_up_between_docs_and_gold() -> None:
    doc_ids = [doc["id"] for doc in DOCS]
    assert len(doc_ids) == len(set(doc_ids)), "duplicate ids in docs.jsonl"
    assert doc_ids == [entry["id"] for entry in GOLD], "docs.jsonl and gold.jsonl must list the same ids in order"


def test_every_doc_is_well_formed_and_dated() -> None:
    bad = [doc["id"] for doc in DOCS if set(doc) != DOC_FIELDS or not doc["text"].strip() or not doc["outlet"]]
    assert not bad, f"documents with missing or extra fields: {bad}"
    for doc, entry in zip(DOCS, GOLD):
        dt.date.fromisoformat(doc["published"])  # raises on a missing or malformed date
        assert entry["published"] == doc["published"], doc["id"]


def test_every_evidence_is_a_span_of_its_doc() -> None:
    assert not _offenders(lambda doc_id, event: normalise(event["evidence"]) in normalise(DOC_BY_ID[doc_id]["text"]))


def test_every_type_pair_is_in_the_acled_taxonomy() -> None:
    pairs = _acled_pairs()
    assert len(pairs) == 25
    assert not _offenders(lambda _, event: (event["event_type"], event["sub_event_type"]) in pairs)


def _fields_agree(_: str, event: dict) -> bool:
    counts = (event.get(key) for key in ("fatalities", "injuries"))
    flags = (event.get(flag, True) for flag in ("optional", "uncertain"))
    return (
        all(field in event for field in EVENT_FIELDS)
        and all(count is None or (isinstance(count, int) and count >= 0) for count in counts)
        and all(flag is True for flag in flags)
    )


def test_every_event_has_the_gold_fields() -> None:
    assert not _offenders(_fields_agree)


def _date_agrees(doc_id: str, event: dict) -> bool:
    value, precision = event["event_date"], event["time_precision"]
    month_only = re.fullmatch(r"\d{4}-\d{2}", value) is not None
    day = dt.date.fromisoformat(value + "-01" if month_only else value)
    return month_only == (precision == 3) and precision in (1, 2, 3) and day <= dt.date.fromisoformat(
        DOC_BY_ID[doc_id]["published"]
    )


def test_event_dates_resolve_and_precede_publication() -> None:
    assert not _offenders(_date_agrees)


def _place_agrees(_: str, event: dict) -> bool:
    code = event["admin1_code"]
    if code is not None:
        return code in IRAQ_ADMIN1 and event["country"] == "Iraq" and event.get("admin1") in (None, IRAQ_ADMIN1[code])
    # Events abroad carry no governorate; an Iraqi event without one must be optional.
    return bool(event["country"]) and (event["country"] != "Iraq" or event.get("optional", False))


def test_places_use_iso_codes_for_iraq_and_null_abroad() -> None:
    assert not _offenders(_place_agrees)


def test_coverage_matches_the_brief() -> None:
    sub_types = Counter(event["sub_event_type"] for _, event in EVENTS)
    assert len(sub_types) == 25 and min(sub_types.values()) >= 10, sub_types
    negatives = [entry for entry in GOLD if not entry["events"]]
    assert len(negatives) >= 35
    iraqi_docs = sum(any(event["country"] == "Iraq" for event in entry["events"]) for entry in GOLD)
    assert 0.25 <= iraqi_docs / len(GOLD) <= 0.45
