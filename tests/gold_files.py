"""Shared readers and reference tables for the hand-written gold sets under tests/data.

The format tests of each set read their JSONL through these helpers, never through rasd code,
so the gold data stays independent of how rasd extracts events; only ``assert_probe_floors``
scores rasd on a set.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# ISO 3166-2:IQ governorate codes with the GeoNames-style names the annotation rules use.
IRAQ_ADMIN1: dict[str, str] = {
    "IQ-AN": "Anbar", "IQ-AR": "Erbil", "IQ-BA": "Basra", "IQ-BB": "Babil", "IQ-BG": "Baghdad",
    "IQ-DA": "Duhok", "IQ-DI": "Diyala", "IQ-DQ": "Dhi Qar", "IQ-KA": "Karbala", "IQ-KI": "Kirkuk",
    "IQ-MA": "Maysan", "IQ-MU": "Muthanna", "IQ-NA": "Najaf", "IQ-NI": "Nineveh",
    "IQ-QA": "Al-Qadisiyah", "IQ-SD": "Salah ad Din", "IQ-SU": "Sulaymaniyah", "IQ-WA": "Wasit",
}


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def normalise(text: str) -> str:
    """Collapse whitespace, so an evidence span matches its text across line breaks."""
    return re.sub(r"\s+", " ", text).strip()


def assert_documents_and_gold_pair_up(folder: Path) -> None:
    """A probe set's documents and gold entries come in the same order with the same day, each
    gold event's evidence is in its document, and its governorate's name goes with its code."""
    docs, gold = read_jsonl(folder / "docs.jsonl"), read_jsonl(folder / "gold.jsonl")
    assert [d["id"] for d in docs] == [g["id"] for g in gold]
    for doc, entry in zip(docs, gold):
        assert doc["published"] == entry["published"]
        assert all(normalise(e["evidence"]) in normalise(doc["text"]) for e in entry["events"]), doc["id"]
        assert all(IRAQ_ADMIN1[e["admin1_code"]] == e["admin1"] for e in entry["events"]), doc["id"]


def assert_probe_floors(folder: Path, floors: dict[str, int], spurious_ceiling: int | None = None) -> None:
    """A probe set holds its counts, not each report: at least ``floors["matched"]`` matched
    events, at least ``floors[field]`` of them agreeing with the gold on each other field named,
    and at most ``spurious_ceiling`` events the gold does not have (a change may trade one report
    for another, not lose ground overall)."""
    from rasd.evaluate import evaluate

    report = evaluate(folder / "gold.jsonl", folder / "docs.jsonl")
    pairs = [(gold, found) for doc in report.docs for gold, found in doc.matched]
    counts = {name: sum(gold[name] == getattr(found, name) for gold, found in pairs) for name in floors if name != "matched"}
    counts["matched"] = len(pairs)
    assert all(counts[name] >= floor for name, floor in floors.items()), (counts, report.errors())
    if spurious_ceiling is not None:
        spurious = sum(len(doc.spurious) for doc in report.docs)
        assert spurious <= spurious_ceiling, (spurious, report.errors())
