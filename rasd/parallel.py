"""Parallelism in one place: an ordered, bounded-memory map over worker processes.

``imap_ordered(fn, items, processes)`` is ``map(fn, items)`` when ``processes`` is 1 (the serial
twin the tests run) and a fork-based process pool otherwise. Unlike ``Pool.imap``, whose feeder
thread drains the whole input into the task queue, items are sent in windows of a few chunks per
worker, so a 100 MB input never sits in memory. ``fn`` must be a module-level function.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: chunks in flight per worker: enough to keep workers busy, few enough to bound memory
CHUNKS_PER_WORKER = 4


def _windows(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while window := list(islice(iterator, size)):
        yield window


def imap_ordered(fn: Callable[[T], R], items: Iterable[T], processes: int = 1, chunksize: int = 16,
                 warm: Callable[[], object] | None = None) -> Iterator[R]:
    """``fn`` over ``items`` in input order; ``warm`` runs once before forking (load shared data)."""
    if processes <= 1:
        yield from map(fn, items)
        return
    if warm is not None:
        warm()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        for window in _windows(items, processes * chunksize * CHUNKS_PER_WORKER):
            yield from pool.imap(fn, window, chunksize=chunksize)
