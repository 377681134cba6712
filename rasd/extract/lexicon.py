"""Load the trigger and cue lexicons (``data/lexicon/*.jsonl``) into compiled patterns.

An analyst extends rasd by editing those files: a trigger names an ACLED event and sub-event
type, a rank (ACLED's hierarchy among co-occurring tactics) and a tier (1 names a tactic,
2 only says violence happened); a cue marks aggregates, riots, citations and the like.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd.extract.folded import Folded


@dataclass(frozen=True)
class Trigger:
    """A trigger pattern and the ACLED type it signals."""

    pattern: Folded
    event_type: str
    sub_event_type: str
    rank: int
    tier: int


@dataclass(frozen=True)
class TriggerHit:
    """A trigger found in a sentence; ``background`` when in a clause like "following clashes"."""

    start: int
    end: int
    trigger: Trigger
    background: bool = False


def _rows(name: str) -> Iterator[dict]:
    path = resources.files("rasd") / "data" / "lexicon" / name
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if "pattern" in row:
            yield row


def _compile(pattern: str) -> Folded:
    return Folded(r"(?<![\w-])(?:" + pattern + r")(?![\w-])")


@cache
def triggers() -> tuple[Trigger, ...]:
    return tuple(
        Trigger(_compile(r["pattern"]), r["event_type"], r["sub_event_type"], r["rank"], r["tier"])
        for r in _rows("triggers.jsonl")
    )


@cache
def cues() -> dict[str, Folded]:
    """One pattern per cue kind (several rows of a kind are alternatives)."""
    by_kind: dict[str, list[str]] = {}
    for row in _rows("modifiers.jsonl"):
        by_kind.setdefault(row["kind"], []).append(row["pattern"])
    # matched as written (their own ^ and $), not wrapped in word boundaries
    anchored = {"separate", "soft_separate", "stop", "distance", "near", "province_after", "province_before",
                "reference_after", "quarter_after", "says_after", "list_glue", "route", "agent_after",
                "disguise_before", "uniform_after", "passive_after", "agent_before", "target_before", "target_after",
                "report_before"}
    return {
        kind: Folded("|".join(f"(?:{p})" for p in patterns), re.M if kind == "stop" else 0)
        if kind in anchored else _compile("|".join(f"(?:{p})" for p in patterns))
        for kind, patterns in by_kind.items()
    }


@cache
def _any_trigger() -> Folded:
    """Every trigger as one pattern: two sentences in three name none, and one scan says so."""
    return Folded(r"\b(?:" + "|".join(f"(?:{row['pattern']})" for row in _rows("triggers.jsonl")) + ")")


def find_triggers(text: str) -> list[TriggerHit]:
    """Every trigger in ``text``, left to right."""
    if not _any_trigger().search(text):
        return []
    background = cues().get("background")
    hits = [
        TriggerHit(m.start(), m.end(), t, bool(background and background.search(text[max(0, m.start() - 40) : m.start()])))
        for t in triggers()
        for m in t.pattern.finditer(text)
    ]
    return sorted(hits, key=lambda h: h.start)


def cue(kind: str, text: str) -> re.Match[str] | None:
    """The first match of cue ``kind`` in ``text`` (offsets are ``text``'s), or None."""
    pattern = cues().get(kind)
    return pattern.search(text) if pattern else None
