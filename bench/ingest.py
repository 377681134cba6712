"""Ingest throughput as the database grows: SQLite and PostgreSQL side by side, and a Dask cluster.

Generates the synthetic corpus (``bench/corpus.py``: document *i* is the same whatever the size),
then for each backend ingests it into an empty database one slice at a time (10,000 documents
by default, each slice one ``ingest_paths`` call into the same store, as a backfill in parts
would) and prints, per slice, documents/s, CPU seconds and memory; then two updates of 1,000
documents the database has not seen: the next ones of the generator, dated at random over the
archive's 20 years (a late batch of old reports, the hardest case: each touches a month of
stored reports), and the ones after those, published in the 30 days after the archive ends (the
daily update of a monitor that runs on).

    .venv/bin/python bench/ingest.py                        # 100,000 docs, SQLite and PostgreSQL
    .venv/bin/python bench/ingest.py --docs 20000 --slice 2000 --backend sqlite
    .venv/bin/python bench/ingest.py --cluster local:2      # Dask: extraction on 1 then 2 workers

The PostgreSQL server is started here from Debian's binaries (as the tests do, with fsync off,
and with the page cache SQLite's writer has: 512 MB of shared buffers) and removed at the end.
Targets (issue 10): at least 150 documents/s overall on 2 cores, the last slice within 20% of
the first, the 1,000-document update in under 30 s, memory flat.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

from corpus import DEFAULT_SEED, LAST_DAY, Vocabulary, iter_by_date, iter_documents, iter_recent  # noqa: E402

from rasd.ingest.pipeline import ingest_paths  # noqa: E402
from rasd.store import Store  # noqa: E402


#: The daily update's documents are published over this many days after the archive's last.
DAILY_DAYS = 30


@dataclass
class Slice:
    first: int
    docs: int
    seconds: float
    cpu: float
    cpu_main: float  # of ``cpu``, the main process's (reading, storing, deduplicating); the rest is the workers'
    rss_mb: float
    children_peak_mb: float

    @property
    def rate(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0


@dataclass
class Run:
    backend: str
    slices: list[Slice] = field(default_factory=list)
    updates: dict[str, Slice] = field(default_factory=dict)
    mentions: int = 0
    events: int = 0

    def summary(self) -> str:
        docs = sum(s.docs for s in self.slices)
        seconds = sum(s.seconds for s in self.slices)
        first, last = self.slices[0].rate, self.slices[-1].rate
        update = "".join(f"; {part.docs} new docs ({name}) in {part.seconds:.1f} s" for name, part in self.updates.items())
        return (f"{self.backend}: {docs} docs in {seconds:.0f} s = {docs / seconds:.1f} docs/s overall; "
                f"first slice {first:.1f}, last {last:.1f} docs/s (last/first {last / first:.2f}){update}; "
                f"RSS {min(s.rss_mb for s in self.slices):.0f}-{max(s.rss_mb for s in self.slices):.0f} MB, "
                f"workers' peak {max(s.children_peak_mb for s in self.slices):.0f} MB; "
                f"{self.mentions} mentions, {self.events} events")


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _cpu() -> tuple[float, float]:
    """CPU seconds so far: this process's, and its (finished) workers'."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def write_slices(folder: Path, docs: int, size: int, update: int, seed: int,
                 by_date: bool = False) -> tuple[list[Path], dict[str, Path]]:
    """The corpus as JSONL files of ``size`` documents, and two files of ``update`` further ones
    (scattered over the archive's dates, and published after it: see the module's note);
    ``by_date``: the backfill's documents oldest first."""
    vocabulary = Vocabulary.from_gazetteer()
    documents = iter_documents(docs + update, seed, vocabulary)
    backfill = iter_by_date(docs, seed, vocabulary) if by_date else documents
    paths = []
    for number, start in enumerate(range(0, docs, size)):
        paths.append(_write(folder / f"slice-{number:03d}.jsonl", islice(backfill, min(size, docs - start))))
    scattered = _write(folder / "update.jsonl", islice(documents, docs, None) if by_date else documents)
    daily = iter_recent(docs + update, update, LAST_DAY, DAILY_DAYS, seed, vocabulary)
    return paths, {"scattered": scattered, f"next {DAILY_DAYS} days": _write(folder / "daily.jsonl", daily)}


def _write(path: Path, documents: Iterator[dict[str, object]]) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    return path


def _timed(store: Store, path: Path, first: int, processes: int, cluster: str | None) -> Slice:
    start, (main, workers) = time.perf_counter(), _cpu()
    report = ingest_paths(store, [path], processes=processes, **({"cluster": cluster} if cluster else {}))
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if report.failed:
        print(f"  {len(report.failed)} failed, first: {report.failed[0]}", flush=True)
    main_after, workers_after = _cpu()
    main_cpu = main_after - main
    return Slice(first, report.documents, seconds, main_cpu + workers_after - workers, main_cpu, _rss_mb(), children)


def run_backend(backend: str, url: str, slices: list[Path], updates: dict[str, Path], size: int, processes: int,
                cluster: str | None = None) -> Run:
    print(f"== {backend} ({url.split('@')[-1]}), {processes} process(es){', cluster ' + cluster if cluster else ''}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    store = Store.open(url)
    run = Run(backend)
    for number, path in enumerate(slices):
        part = _timed(store, path, number * size, processes, cluster)
        run.slices.append(part)
        print(f"  slice {number + 1}: docs {part.first + 1}-{part.first + part.docs} in {part.seconds:.1f} s = "
              f"{part.rate:.1f} docs/s ({part.cpu:.0f} CPU-s, of which main process {part.cpu_main:.0f}; "
              f"{part.docs / max(part.cpu, 1e-9):.0f} docs per CPU-s); "
              f"RSS {part.rss_mb:.0f} MB; load {os.getloadavg()[0]:.1f}", flush=True)
    for name, path in updates.items():
        part = run.updates[name] = _timed(store, path, len(slices) * size, processes, cluster)
        print(f"  update, {name}: {part.docs} new documents in {part.seconds:.1f} s ({part.rate:.1f} docs/s, "
              f"{part.cpu:.0f} CPU-s)", flush=True)
    counts = store.counts()
    run.mentions, run.events = counts["mentions"], counts["events"]
    store.close()
    return run


@contextmanager
def postgres() -> Iterator[str]:
    from pgserver import PostgresServer, pg_bin

    bin_dir = pg_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql); run with --backend sqlite")
    # the page cache SQLite's writer gets (rasd.store.engine.SQLITE_WRITER_CACHE_KIB), where the
    # server's default is 128 MB; PostgreSQL's own tuning guide starts at a quarter of the RAM
    server = PostgresServer(bin_dir, {"shared_buffers": "512MB"})
    server.start()
    try:
        yield server.url(server.create_database())
    finally:
        server.stop()


def scaling(slices: list[Path], workers: int, folder: Path) -> None:
    """Extraction on 1..workers Dask workers over the first slice, each into a fresh database."""
    print(f"== Dask LocalCluster scaling over {slices[0].name}", flush=True)
    base = None
    for count in range(1, workers + 1):
        store = Store.open(f"sqlite:///{folder / f'cluster-{count}.db'}")
        part = _timed(store, slices[0], 0, 1, f"local:{count}")
        store.close()
        base = base or part.rate
        print(f"  {count} worker(s): {part.docs} docs in {part.seconds:.1f} s = {part.rate:.1f} docs/s "
              f"(x{part.rate / base:.2f}); load {os.getloadavg()[0]:.1f}", flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the backfill (default 100,000)")
    parser.add_argument("--slice", type=int, default=10_000, help="documents per measured slice (default 10,000)")
    parser.add_argument("--update", type=int, default=1_000, help="new documents after the backfill (default 1,000)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="extraction processes (default: CPUs)")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--cluster", help="local:N: instead of the backends, Dask scaling from 1 to N workers")
    parser.add_argument("--order", choices=("generator", "date"), default="generator",
                        help="backfill order: the generator's (publication days at random over 20 years, the "
                             "hardest case) or oldest first, as an archive exported by date comes")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", type=Path, help="folder to keep the corpus and SQLite database in")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="rasd-bench-ingest-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        slices, updates = write_slices(folder, args.docs, args.slice, args.update, args.seed, args.order == "date")
        print(f"corpus: {args.docs} + 2 x {args.update} synthetic documents (seed {args.seed}) in {len(slices)} slices, "
              f"{'oldest first' if args.order == 'date' else 'in generator order (dates at random)'}", flush=True)
        if args.cluster:
            scaling(slices, int(args.cluster.removeprefix("local:")), folder)
            return
        runs = []
        if args.backend in ("sqlite", "both"):
            runs.append(run_backend("sqlite", f"sqlite:///{folder / 'rasd.db'}", slices, updates, args.slice, args.processes))
        if args.backend in ("postgres", "both"):
            with postgres() as url:
                runs.append(run_backend("postgresql", url, slices, updates, args.slice, args.processes))
        for run in runs:
            print(run.summary())


if __name__ == "__main__":
    main()
