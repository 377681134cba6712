"""Deduplication speed and accuracy on synthetic mentions with known truth.

Prints, for each size, the time ``rasd.dedup.cluster`` takes (generation is not timed) and
the pairwise precision / recall / F1 and false-merge rate against the planted truth. Larger
sizes span more synthetic countries (one per 175,000 mentions, about ten incidents a day for
20 years each), so density stays that of a real war and cost can be compared across sizes:

    .venv/bin/python bench/dedup.py            # 10k, 100k and 1,000,000 mentions
    .venv/bin/python bench/dedup.py 10000      # chosen sizes
"""

from __future__ import annotations

import gc
import sys
import time

from rasd.dedup import cluster
from rasd.dedup.metrics import pairwise_scores
from rasd.dedup.synthetic import generate, near_miss_merge_rate

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


def main(argv: list[str]) -> None:
    sizes = [int(arg) for arg in argv] or [10_000, 100_000, 1_000_000]
    for size in sizes:
        run(size)


if __name__ == "__main__":
    main(sys.argv[1:])
