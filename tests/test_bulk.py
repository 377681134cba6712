"""Any batch size ends in the same events: one document at a time, a few, or all at once.

The store deduplicates each batch over the groups its new mentions reach (``rasd.dedup.affected``),
not over the whole database; these tests hold that to what one clustering run over every
mention gives, on synthetic reports with known truth and on the real development sets read by
the extractor, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import random
from collections import defaultdict
from pathlib import Path

import pytest

from rasd.dedup import cluster
from rasd.dedup.synthetic import generate
from rasd.ingest import articles_only, read_documents
from rasd.ingest.pipeline import extracted
from rasd.model import Article, EventMention
from rasd.store import Store, engine_for

TESTS = Path(__file__).resolve().parent
SHARED = TESTS.parents[1] / "shared" / "examples"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _partition(groups: dict[str, set[str]] | dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(members) for members in groups.values()}


def _stored_events(store: Store) -> set[frozenset[str]]:
    return {frozenset(store.get_event(e.id).mention_ids) for e in store.iter_events()}  # type: ignore[union-attr]


def _records(store: Store) -> list[dict]:
    """Every event as the contract's record, ids left out (they follow the order of arrival)."""
    return sorted((_without_id(e.to_record()) for e in store.iter_events()), key=lambda r: json.dumps(r, sort_keys=True, default=str))


def _without_id(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in ("event_id", "id", "updated_at")}


def _synthetic_documents(incidents: int, seed: int) -> tuple[list[tuple[Article, list[EventMention]]], list[EventMention]]:
    mentions, _ = generate(incidents, seed=seed, years=1)
    docs: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        docs[m.doc_id].append(m)
    items = [(Article(id=d, text=d + " " + " ".join(m.evidence for m in ms), published=ms[0].event_date,
                      outlet=ms[0].source), ms) for d, ms in docs.items()]
    random.Random(seed).shuffle(items)
    return items, mentions


@pytest.mark.slow
def test_one_batch_and_single_documents_give_the_events_of_one_clustering_run(store_url: str) -> None:
    items, mentions = _synthetic_documents(500, seed=11)
    groups: dict[str, list[str]] = defaultdict(list)
    for mention_id, event in cluster(mentions).assignment.items():
        groups[event].append(mention_id)
    expected = _partition(groups)
    half = len(items) // 2
    store = Store(engine_for(store_url))
    store.ingest(items[:half], batch_size=len(items))  # a backfill in one batch
    store.ingest(items[half: half + 60], batch_size=1)  # then reports one at a time
    store.ingest(items[half + 60:], batch_size=37)
    assert _stored_events(store) == expected
    store.close()


def _dev_set() -> list[Path]:
    found = [p for p in (SHARED / "docs.jsonl", SHARED / "real2" / "docs.jsonl", TESTS / "data" / "gold2" / "docs.jsonl") if p.exists()]
    if not (SHARED / "docs.jsonl").exists():
        if IN_CI:
            pytest.fail(f"{SHARED} is missing: CI must test the shared development sets")
        pytest.skip(f"{SHARED} not present")
    return found


def test_development_sets_give_the_same_events_whatever_the_batch_size(tmp_path: Path) -> None:
    items = list(extracted(articles_only(read_documents(_dev_set()), lambda error: None)))
    random.Random(3).shuffle(items)
    whole, single = Store.open(f"sqlite:///{tmp_path / 'whole.db'}"), Store.open(f"sqlite:///{tmp_path / 'single.db'}")
    whole.ingest(items, batch_size=len(items))
    single.ingest(items, batch_size=1)
    assert _stored_events(whole) == _stored_events(single)
    assert _records(whole) == _records(single) and _records(whole)
    stored: dict[str, EventMention] = {}
    for _, mentions in items:
        for m in mentions:
            stored.setdefault(m.mention_id, m)  # as the store keeps them: the first of one id wins
    groups: dict[str, list[str]] = defaultdict(list)
    for mention_id, event in cluster(list(stored.values())).assignment.items():
        groups[event].append(mention_id)
    assert _stored_events(whole) == _partition(groups)
