"""Format checks for rasd's own gold set (tests/data/gold).

The gold set is hand-written test data; these tests keep it honest: every evidence span
really occurs in its document, every type is a real ACLED pair, every place code is a real
ISO 3166-2:IQ code, and dates resolve. They read only the JSONL files, never rasd code,
so the set stays independent of how rasd extracts events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from gold_files import IRAQ_ADMIN1, normalise, read_jsonl

GOLD_DIR = Path(__file__).parent / "data" / "gold"
ACLED_SPEC = Path("/work/shared/spec/acled.md")

# ACLED codebook, table 1: event type -> sub-event types.
ACLED_TYPES: dict[str, set[str]] = {
    "Battles": {"Government regains territory", "Non-state actor overtakes territory", "Armed clash"},
    "Protests": {"Excessive force against protesters", "Protest with intervention", "Peaceful protest"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}

REQUIRED_EVENT_FIELDS = (
    "event_type", "sub_event_type", "event_date", "time_precision", "country", "admin1",
    "admin1_code", "location", "actor1", "actor2", "fatalities", "injuries", "evidence",
)
# Sub-event types that are non-lethal by nature: the rules code their fatalities as 0.
NON_LETHAL = {"Peaceful protest", "Protest with intervention", "Arrests"}


DOCS = read_jsonl(GOLD_DIR / "docs.jsonl")
GOLD = read_jsonl(GOLD_DIR / "gold.jsonl")
DOC_BY_ID = {doc["id"]: doc for doc in DOCS}
EVENTS = [(entry["id"], index, event) for entry in GOLD for index, event in enumerate(entry["events"])]
EVENT_IDS = [f"{doc_id}#{index}" for doc_id, index, _ in EVENTS]


def _parse_event_date(value: str) -> tuple[dt.date, bool]:
    """Return the date (first of month for YYYY-MM) and whether it is month-only."""
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return dt.date.fromisoformat(value + "-01"), True
    return dt.date.fromisoformat(value), False


def test_ids_match_between_files() -> None:
    doc_ids = [doc["id"] for doc in DOCS]
    gold_ids = [entry["id"] for entry in GOLD]
    assert len(doc_ids) == len(set(doc_ids)), "duplicate ids in docs.jsonl"
    assert doc_ids == gold_ids, "docs.jsonl and gold.jsonl must list the same ids in the same order"
    assert all(doc_id.startswith("t-") for doc_id in doc_ids)


def test_set_size_and_negatives() -> None:
    assert 45 <= len(DOCS) <= 60
    empty = [entry["id"] for entry in GOLD if not entry["events"]]
    assert len(empty) >= 6, f"too few negative documents: {empty}"


@pytest.mark.parametrize("doc", DOCS, ids=[doc["id"] for doc in DOCS])
def test_document_fields(doc: dict) -> None:
    assert set(doc) == {"id", "published", "outlet", "title", "url", "text"}
    dt.date.fromisoformat(doc["published"])
    assert doc["text"].strip() and doc["outlet"] and doc["title"]
    assert doc["url"] is None or doc["url"].startswith("http")
    assert GOLD[DOCS.index(doc)]["published"] == doc["published"]


@pytest.mark.parametrize(("doc_id", "index", "event"), EVENTS, ids=EVENT_IDS)
def test_event_is_well_formed(doc_id: str, index: int, event: dict) -> None:
    missing = [field for field in REQUIRED_EVENT_FIELDS if field not in event]
    assert not missing, f"{doc_id}#{index} lacks {missing}"
    assert event["sub_event_type"] in ACLED_TYPES[event["event_type"]]
    code = event["admin1_code"]
    assert code in IRAQ_ADMIN1 or (code is None and event.get("optional"))
    if code is not None:
        assert event["admin1"] == IRAQ_ADMIN1[code] and event["country"] == "Iraq"
    for flag in ("optional", "uncertain"):
        assert event.get(flag, True) is True, f"{flag} is written only as true"
    for count in ("fatalities", "injuries"):
        assert event[count] is None or (isinstance(event[count], int) and event[count] >= 0)
    if event["sub_event_type"] in NON_LETHAL:
        assert event["fatalities"] == 0


@pytest.mark.parametrize(("doc_id", "index", "event"), EVENTS, ids=EVENT_IDS)
def test_event_date_and_precision(doc_id: str, index: int, event: dict) -> None:
    day, month_only = _parse_event_date(event["event_date"])
    assert event["time_precision"] in (1, 2, 3)
    assert month_only == (event["time_precision"] == 3), "precision 3 iff the date is YYYY-MM"
    assert event.get("date", event["event_date"]) == event["event_date"]
    assert day <= dt.date.fromisoformat(DOC_BY_ID[doc_id]["published"]), "event after publication"


@pytest.mark.parametrize(("doc_id", "index", "event"), EVENTS, ids=EVENT_IDS)
def test_evidence_is_a_span_of_the_text(doc_id: str, index: int, event: dict) -> None:
    assert normalise(event["evidence"]) in normalise(DOC_BY_ID[doc_id]["text"])


@pytest.mark.parametrize(("doc_id", "index", "event"), EVENTS, ids=EVENT_IDS)
def test_actor_conventions(doc_id: str, index: int, event: dict) -> None:
    if event["event_type"] == "Protests":
        assert event["actor1"] == "Protesters (Iraq)"
    if event["event_type"] == "Riots":
        assert event["actor1"] == "Rioters (Iraq)"
    if event["event_type"] == "Violence against civilians":
        assert event["actor2"], "the target of violence against civilians is actor2"


def test_coverage_of_types_and_governorates() -> None:
    required = [event for _, _, event in EVENTS if not event.get("optional")]
    assert {event["event_type"] for event in required} == set(ACLED_TYPES)
    assert {event["admin1_code"] for event in required} == set(IRAQ_ADMIN1)
    sub_types = Counter(event["sub_event_type"] for event in required)
    assert len(sub_types) >= 14, sub_types


@pytest.mark.skipif(not ACLED_SPEC.exists(), reason="shared ACLED spec not mounted")
def test_acled_pairs_agree_with_the_shared_spec() -> None:
    pairs: set[tuple[str, str]] = set()
    current = ""
    for line in ACLED_SPEC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[1] in ("", "sub_event_type") or set(cells[1]) <= {"-"}:
            continue
        current = cells[0].strip("*") or current
        pairs.add((current, cells[1]))
    expected = {(event_type, sub) for event_type, subs in ACLED_TYPES.items() for sub in subs}
    assert pairs == expected
