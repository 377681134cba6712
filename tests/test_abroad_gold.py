"""Format checks for the held-out set of events abroad (tests/data/abroad): the data only, never rasd."""

from datetime import date
from pathlib import Path

from gold_files import IRAQ_ADMIN1, normalise, read_jsonl

SET = Path(__file__).parent / "data" / "abroad"


def test_documents_and_gold_pair_up_with_evidence_in_the_text():
    docs, gold = read_jsonl(SET / "docs.jsonl"), read_jsonl(SET / "gold.jsonl")
    assert [d["id"] for d in docs] == [g["id"] for g in gold]
    for doc, entry in zip(docs, gold):
        assert doc["published"] == entry["published"]
        for event in entry["events"]:
            assert normalise(event["evidence"]) in normalise(doc["text"])
            assert date.fromisoformat(event["event_date"]) <= date.fromisoformat(doc["published"])


def test_events_abroad_have_a_country_and_no_iraqi_governorate():
    for entry in read_jsonl(SET / "gold.jsonl"):
        for event in entry["events"]:
            if event["country"] == "Iraq":
                assert IRAQ_ADMIN1[event["admin1_code"]] == event["admin1"]
            else:
                assert event["country"] and event["admin1"] is None and event["admin1_code"] is None
