"""Cross-report deduplication: mentions of one incident become one event.

Contract used by ``rasd.store`` (the dedup work replaces the body, never the signature):

    cluster(mentions, prior) -> Clustering

``mentions`` are every mention in the candidate window (new ones plus stored ones that could
match them); ``prior`` maps already stored mention ids to their event ids, so that incremental
ingestion keeps event ids stable. The result assigns every mention to exactly one event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rasd.model import EventMention, PairScore


@dataclass(frozen=True)
class Clustering:
    """Which event each mention belongs to, and the pair scores behind every merge."""

    assignment: dict[str, str]  # mention_id -> event_id
    pairs: list[PairScore] = field(default_factory=list)


def event_id_for(mention_ids: Sequence[str]) -> str:
    """A stable event id: derived from the smallest member mention id, independent of order."""
    return "IRQ-" + min(mention_ids)[:12]


def cluster(mentions: Sequence[EventMention], prior: Mapping[str, str] | None = None) -> Clustering:
    """Placeholder clustering: every mention is its own event (kept ids from ``prior``)."""
    prior = prior or {}
    assignment = {m.mention_id: prior.get(m.mention_id) or event_id_for([m.mention_id]) for m in mentions}
    return Clustering(assignment=assignment)
