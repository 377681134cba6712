"""Parallelism in one place: an ordered, bounded-memory map over worker processes or a cluster.

``imap_ordered(fn, items, processes)`` is ``map(fn, items)`` when ``processes`` is 1 (the serial
twin the tests run) and a fork-based process pool otherwise. Unlike ``Pool.imap``, whose feeder
thread drains the whole input into the task queue, items are sent in windows of a few chunks per
worker, so a 100 MB input never sits in memory. ``fn`` must be a module-level function.

``imap_cluster(fn, items, address)`` does the same on a Dask distributed cluster (the optional
``dask`` extra; this is the only module that imports it): ``tcp://HOST:8786`` is a running
scheduler, ``local:N`` a ``LocalCluster`` of N single-threaded worker processes started here.
Chunks of items are shipped to the workers, at most a few per worker in flight, and results come
back in input order; workers need only rasd installed (``fn`` is pickled by reference).

``auto_processes(paths)`` is the default for ``--processes``: every core when the input is large.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from rasd.errors import ConfigError

T = TypeVar("T")
R = TypeVar("R")

#: chunks in flight per worker: enough to keep workers busy, few enough to bound memory
CHUNKS_PER_WORKER = 4


def _windows(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while window := list(islice(iterator, size)):
        yield window


def imap_ordered(fn: Callable[[T], R], items: Iterable[T], processes: int = 1, chunksize: int = 16,
                 warm: Callable[[], object] | None = None, ahead: int = 0) -> Iterator[R]:
    """``fn`` over ``items`` in input order; ``warm`` runs once before forking (load shared data).

    The workers run at least ``ahead`` items ahead of the caller (and always one window): a
    caller that stores results a batch at a time passes its batch size, so the next batch is
    extracted while this one is written, instead of the workers idling through every write.
    """
    if processes <= 1:
        yield from map(fn, items)
        return
    if warm is not None:
        warm()
    size = processes * chunksize * CHUNKS_PER_WORKER
    in_flight = 2 + -(-ahead // size)  # the window taken, one more, and enough to cover ``ahead``
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        pending: deque[Iterator[R]] = deque()
        for window in _windows(items, size):
            pending.append(pool.imap(fn, window, chunksize=chunksize))
            if len(pending) >= in_flight:
                yield from pending.popleft()
        while pending:
            yield from pending.popleft()


#: Inputs larger than this (bytes, summed over files) are read with every core by default:
#: about 500 news-length documents, where forking workers and loading the gazetteer in each
#: (a second or two) start to pay off.
LARGE_INPUT_BYTES = 1_000_000
CLUSTER_ADDRESS = re.compile(r"^(local:(?P<workers>[1-9][0-9]*)|(tcp|tls|ucx)://\S+)$")


def _input_bytes(paths: Iterable[str | Path]) -> int:
    total = 0
    for given in paths:
        path = Path(given)
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            try:
                total += file.stat().st_size if file.is_file() else 0
            except OSError:
                continue  # unreadable: the reader reports it
            if total > LARGE_INPUT_BYTES:
                return total
    return total


def auto_processes(paths: Iterable[str | Path], requested: int | None = None) -> int:
    """``requested`` if given, else every core for a large input and one for a small one."""
    if requested is not None:
        return requested
    return max(os.cpu_count() or 1, 1) if _input_bytes(paths) > LARGE_INPUT_BYTES else 1


def check_cluster(address: str) -> str:
    """``address`` if it names a cluster (``local:N`` or ``tcp://HOST:PORT``), else a ConfigError."""
    if not CLUSTER_ADDRESS.match(address):
        raise ConfigError(f"cluster {address!r}: give local:N (N worker processes here) or the scheduler's "
                          "address, e.g. tcp://10.0.0.5:8786")
    return address


@contextmanager
def _client(address: str) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("--cluster needs Dask distributed: pip install 'rasd[dask]'") from None
    match = CLUSTER_ADDRESS.match(check_cluster(address))
    assert match is not None
    if match.group("workers"):
        with LocalCluster(n_workers=int(match.group("workers")), threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout="30s")
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        yield client


def _apply(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def imap_cluster(fn: Callable[[T], R], items: Iterable[T], address: str, chunksize: int = 16,
                 warm: Callable[[], object] | None = None, ahead: int = 0) -> Iterator[R]:
    """``fn`` over ``items`` on the Dask cluster at ``address``, in input order; ``warm`` runs
    once on every worker first (load shared data); ``ahead`` as for ``imap_ordered``."""
    with _client(address) as client:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        if warm is not None:
            client.run(warm)
        in_flight = workers * CHUNKS_PER_WORKER + -(-ahead // chunksize)
        pending: deque[Any] = deque()
        for chunk in _windows(items, chunksize):
            pending.append(client.submit(_apply, fn, chunk, pure=False, retries=2))
            if len(pending) >= in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
