"""Deduplication speed and accuracy on synthetic mentions with known truth.

Prints, for each size, the time ``rasd.dedup.cluster`` takes (generation is not timed) and
the pairwise precision / recall / F1 and false-merge rate against the planted truth. Larger
sizes span more synthetic countries (one per 175,000 mentions, about ten incidents a day for
20 years each), so density stays that of a real war and cost can be compared across sizes:

    .venv/bin/python bench/dedup.py            # 10k, 100k and 1,000,000 mentions
    .venv/bin/python bench/dedup.py 10000      # chosen sizes
    .venv/bin/python bench/dedup.py --incremental   # store 25 documents at a time vs one batch
"""

from __future__ import annotations

import gc
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from rasd.dedup import cluster
from rasd.dedup.metrics import pairwise_scores
from rasd.dedup.synthetic import generate, near_miss_merge_rate
from rasd.model import Article, EventMention

MENTIONS_PER_INCIDENT = 2.4  # mean reports per incident, near misses included, in generate()
MENTIONS_PER_COUNTRY = 175_000  # 20 years of a country at war: about ten incidents a day


def run(size: int, seed: int = 7) -> None:
    countries = max(1, round(size / MENTIONS_PER_COUNTRY))
    mentions, truth = generate(round(size / MENTIONS_PER_INCIDENT), seed=seed, countries=countries)
    mentions = mentions[:size]
    truth = {m.mention_id: truth[m.mention_id] for m in mentions}
    gc.collect()
    start = time.perf_counter()
    result = cluster(mentions)
    elapsed = time.perf_counter() - start
    print(f"{len(mentions)} mentions {elapsed:.1f} s", flush=True)
    print(f"  ({countries} synthetic countries x 20 years)", flush=True)
    print(f"  {pairwise_scores(result.assignment, truth)}; {len(result.pairs)} pair scores", flush=True)
    print(f"  planted near misses (same type, town and day) merged: {near_miss_merge_rate(result.assignment, truth):.1%}", flush=True)


def _partition(groups: dict[str, set[str]]) -> set[frozenset[str]]:
    return {frozenset(members) for members in groups.values()}


def incremental(incidents: int = 1500, batch_size: int = 25, seed: int = 3) -> None:
    """Ingest one synthetic year through the store in shuffled batches; compare with one batch run."""
    from rasd.store.store import Store

    mentions, _ = generate(incidents, seed=seed, years=1)
    docs: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        docs[m.doc_id].append(m)
    items = [(Article(id=d, text=d, published=ms[0].event_date, outlet=ms[0].source), ms) for d, ms in docs.items()]
    random.Random(seed).shuffle(items)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'rasd.db'}")
        start = time.perf_counter()
        store.ingest(items, batch_size=batch_size)
        elapsed = time.perf_counter() - start
        stored = {frozenset(store.get_event(e.id).mention_ids) for e in store.iter_events()}  # type: ignore[union-attr]
        store.close()
    groups: dict[str, set[str]] = defaultdict(set)
    for mention_id, event in cluster(mentions).assignment.items():
        groups[event].add(mention_id)
    batch = _partition(groups)
    print(f"incremental: {len(mentions)} mentions stored {batch_size} documents at a time in {elapsed:.1f} s; "
          f"{len(batch - stored)} of {len(batch)} batch events differ", flush=True)


def main(argv: list[str]) -> None:
    if argv == ["--incremental"]:
        incremental()
        return
    sizes = [int(arg) for arg in argv] or [10_000, 100_000, 1_000_000]
    for size in sizes:
        run(size)


if __name__ == "__main__":
    main(sys.argv[1:])
