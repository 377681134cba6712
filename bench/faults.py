"""The fault campaign: kill -9 during ingest, concurrency, and a batch of hostile documents.

Every part runs the real ``rasd`` command in child processes, on SQLite files in a temporary
folder, and prints figures (nothing is asserted; the test suite does that):

1. **kill -9**: a clean ingest of a synthetic corpus gives the reference events and its duration
   T; then ``--kills`` runs of ``rasd ingest`` into one database are each killed (SIGKILL) at a
   random moment in [0, T]. After every kill: the database's integrity (``rasd.store.integrity``)
   and whether ``rasd`` can still open it. A last run completes; its events must equal the
   reference (a run that ends before its kill is compared too, and the campaign goes on with a
   new database). Then ``--fresh-kills`` new databases are each killed within half a second of
   their file appearing, while the schema is being created.
2. **concurrency**: ``rasd serve`` answers ``--requests`` API and page requests (4 threads) while
   ``rasd ingest`` writes; then ``--pairs`` times, two ``rasd ingest`` processes of one corpus
   start at once on a new database.
3. **hostile batch**: a JSONL file of good documents with, at fixed lines, an unpaired surrogate,
   a number of 2^63 and more, and publication dates 9999-12-31, 0001-01-01 and 2099-01-01; and
   the 64 real reports of ``../shared/examples`` behind a latin-1 first line. Counts what was
   stored, what was reported, and what came out garbled.

Usage: ``python bench/faults.py [--docs 3000] [--kills 20] [--parts kill,fresh,...] [--rasd-path DIR]``. ``--rasd-path``
runs another checkout's rasd in the child processes (to measure a version before a fix); the
integrity check always uses this checkout's ``rasd.store.integrity``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from corpus import write_corpus  # noqa: E402

from rasd.store.engine import engine_for  # noqa: E402
from rasd.store.integrity import problems  # noqa: E402

VOLATILE = ("timestamp", "updated_at")
SHARED_DOCS = HERE.parent.parent / "shared" / "examples" / "docs.jsonl"


@dataclass
class Rasd:
    """Runs the ``rasd`` command of one checkout in child processes."""

    path: Path
    log: list[str] = field(default_factory=list)

    def command(self, *args: str) -> list[str]:
        # -P: the working directory is not put on the path, so PYTHONPATH decides which rasd runs
        return [sys.executable, "-P", "-c", "from rasd.cli import app; app()", *args]

    def env(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("RASD_")}  # only flags count
        return {**inherited, "PYTHONPATH": str(self.path), "RASD_CONFIG": os.devnull}

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(self.command(*args), env=self.env(), text=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(*args), env=self.env(), text=True, capture_output=True)

    def ingest(self, db: Path, *files: Path) -> subprocess.Popen[str]:
        return self.start("ingest", *map(str, files), "--db", f"sqlite:///{db}", "--quiet")

    def opens(self, db: Path) -> bool:
        return self.run("stats", "--by", "month", "--db", f"sqlite:///{db}").returncode == 0

    def events(self, db: Path) -> set[str]:
        """The stored events as canonical JSON lines (fields that record when they were written left out)."""
        done = self.run("export", "--format", "jsonl", "--db", f"sqlite:///{db}")
        lines = set()
        for line in done.stdout.splitlines():
            record = {k: v for k, v in json.loads(line).items() if k not in VOLATILE}
            lines.add(json.dumps(record, sort_keys=True))
        return lines


def check(db: Path) -> list[str]:
    engine = engine_for(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return problems(connection)
    except Exception as exc:  # a database too broken to inspect is a finding, not a crash
        return [f"cannot inspect: {type(exc).__name__}: {exc}"]
    finally:
        engine.dispose()


def timed_ingest(rasd: Rasd, db: Path, corpus: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    process = rasd.ingest(db, corpus)
    _, err = process.communicate()
    return time.perf_counter() - start, process.returncode, err


def kill_at(process: subprocess.Popen[str], delay: float) -> bool:
    """SIGKILL ``process`` after ``delay`` seconds; False if it had finished by then."""
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


# -- 1. kill -9 ------------------------------------------------------------------------------

def kill_campaign(rasd: Rasd, corpus: Path, work: Path, kills: int, rng: random.Random) -> dict[str, object]:
    """Kill ingests into one database at random moments until ``kills`` kills landed mid-ingest.

    A run that finishes before its kill has stored everything: its events are compared with the
    reference, and the campaign goes on with a new database.
    """
    duration, code, _ = timed_ingest(rasd, work / "reference.db", corpus)
    expected = rasd.events(work / "reference.db")
    print(f"  clean ingest: {duration:.1f} s, exit {code}, {len(expected)} events")
    db, n, figures = work / "killed-0.db", 0, Counter()
    while figures["kills"] < kills:
        delay = rng.uniform(0.0, duration)
        if not kill_at(rasd.ingest(db, corpus), delay):
            same = rasd.events(db) == expected
            figures["completed"] += 1
            figures["completed_same_events"] += same
            print(f"  run ended before its kill at {delay:5.1f} s: events {'equal' if same else 'DIFFER from'} "
                  "the reference; next runs on a new database")
            n, db = n + 1, work / f"killed-{n + 1}.db"
            continue
        figures["kills"] += 1
        found = check(db) if db.exists() else []
        opens = not db.exists() or rasd.opens(db)
        figures["consistent"] += not found
        figures["unopenable"] += not opens
        print(f"  kill {figures['kills']:2d} at {delay:5.1f} s: {'consistent' if not found else '; '.join(found)}"
              f"{'' if opens else ', DOES NOT OPEN'}")
        if not opens:  # carry on with a new database, as an operator would have to
            n, db = n + 1, work / f"killed-{n + 1}.db"
    _, code, _ = timed_ingest(rasd, db, corpus)
    final = rasd.events(db)
    print(f"  completing run: exit {code}; {len(final)} events, {len(final ^ expected)} differ from the reference")
    return {**figures, "completed": figures["completed"] + 1,
            "completed_same_events": figures["completed_same_events"] + (final == expected)}


def first_open_campaign(rasd: Rasd, corpus: Path, work: Path, runs: int, rng: random.Random) -> dict[str, object]:
    """New databases, each killed within 0.5 s of its file appearing: while the schema is made."""
    bricked = 0
    for n in range(runs):
        db = work / f"fresh-{n}.db"
        process = rasd.ingest(db, corpus)
        while not db.exists() and process.poll() is None:
            time.sleep(0.002)
        kill_at(process, rng.uniform(0.0, 0.5))
        bricked += not rasd.opens(db)
    print(f"  {runs} new databases killed within 0.5 s of being created: {bricked} never open again")
    return {"fresh_kills": runs, "bricked": bricked}


# -- 2. concurrency --------------------------------------------------------------------------

PATHS = ["/api/events", "/api/events?admin1=Basra&q=killed", "/api/stats?by=admin1", "/api/timeline",
         "/api/events?sort=fatalities&limit=100", "/api/onthisday?date=06-02", "/", "/events?q=bomb",
         "/api/events.csv?admin1=IQ-BG", "/api/estimate?by=admin1"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
    except OSError:
        status = 0  # refused, reset or timed out
    return status, time.perf_counter() - start


def _wait_for(port: int, server: subprocess.Popen[str], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        if _get(port, "/api/stats?by=month")[0] == 200:
            return
        time.sleep(0.2)
    raise SystemExit(f"rasd serve did not start: {server.stderr.read() if server.stderr else ''}")


def serve_during_ingest(rasd: Rasd, corpus: Path, work: Path, requests: int) -> dict[str, object]:
    db, port = work / "served.db", _free_port()
    server = rasd.start("serve", "--db", f"sqlite:///{db}", "--port", str(port))
    try:
        _wait_for(port, server)
        ingest = rasd.ingest(db, corpus)
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda n: _get(port, PATHS[n % len(PATHS)]), range(requests)))
        during = ingest.poll() is None
        ingest.wait()
    finally:
        server.terminate()
        server.wait()
    statuses = Counter(status for status, _ in results)
    errors = sum(n for status, n in statuses.items() if status == 0 or status >= 500)
    p95 = statistics.quantiles([t for _, t in results], n=20)[-1]
    print(f"  {requests} requests while ingesting ({'ingest still running at the end' if during else 'ingest ended first'}):"
          f" statuses {dict(sorted(statuses.items()))}, p95 {p95 * 1000:.0f} ms; ingest exit {ingest.returncode}")
    return {"requests": requests, "server_errors": errors, "ingest_exit": ingest.returncode}


def concurrent_ingests(rasd: Rasd, corpus: Path, work: Path, pairs: int) -> dict[str, object]:
    reference = work / "pair-reference.db"
    timed_ingest(rasd, reference, corpus)
    expected = rasd.events(reference)
    failed_runs, inconsistent, differing = 0, 0, 0
    for n in range(pairs):
        db = work / f"pair-{n}.db"
        both = [rasd.ingest(db, corpus), rasd.ingest(db, corpus)]
        outcomes = [(p.wait(), p.stderr.read() if p.stderr else "") for p in both]
        bad = [err.strip().splitlines()[-1] for code, err in outcomes if code != 0]
        failed_runs += bool(bad)
        found = check(db)
        inconsistent += bool(found)
        differing += rasd.events(db) != expected
        print(f"  pair {n + 1}: exits {[c for c, _ in outcomes]}{' (' + bad[0][:120] + ')' if bad else ''}; "
              f"{'consistent' if not found else '; '.join(found)}")
    return {"pairs": pairs, "pairs_with_a_failure": failed_runs, "inconsistent": inconsistent,
            "differing_from_serial": differing}


# -- 3. hostile documents --------------------------------------------------------------------

HOSTILE = {
    1001: {"id": "surrogate", "text": "Gunmen killed two in Tikrit \ud800", "published": "2011-06-02"},
    1002: {"id": "huge", "text": "Gunmen killed 99999999999999999999999 people in Tikrit on Monday.",
           "published": "2011-06-02"},
    1003: {"id": "year-9999", "text": "Gunmen killed two policemen in Tikrit on Monday.", "published": "9999-12-31"},
    1004: {"id": "year-1", "text": "Gunmen killed three policemen in Tikrit on Monday.", "published": "0001-01-01"},
    1005: {"id": "year-2099", "text": "Gunmen killed four policemen in Tikrit on Monday.", "published": "2099-01-01"},
}


def hostile_batch(rasd: Rasd, work: Path, rng: random.Random) -> dict[str, object]:
    good = work / "good.jsonl"
    write_corpus(good, 1196, seed=rng.randrange(10**6))
    batch = work / "hostile.jsonl"
    with good.open(encoding="utf-8") as source, batch.open("w", encoding="utf-8", errors="surrogatepass") as out:
        for number in range(1, 1202):
            out.write(json.dumps(HOSTILE[number]) if number in HOSTILE else source.readline().rstrip("\n"))
            out.write("\n")
    db = work / "hostile.db"
    _, code, err = timed_ingest(rasd, db, batch)
    stored = _stored_ids(db)
    after = sum(1 for doc_id in stored if doc_id.startswith("bench-") and int(doc_id.rsplit("-", 1)[1]) >= 1000)
    named = sum(1 for line in err.splitlines() if "hostile.jsonl:" in line)
    print(f"  1,201 lines, 5 bad: exit {code}; {len(stored)} stored ({after} of the 196 after line 1,000); "
          f"bad ones stored: {sorted(set(stored) & {d['id'] for d in HOSTILE.values()})}; "
          f"{named} messages name file and line")
    messages = [line for line in err.splitlines() if line.startswith("rasd:")] or err.strip().splitlines()[-2:]
    print("    " + "\n    ".join(m[:200] for m in messages[:12]))
    return {"stored": len(stored), "stored_after_line_1000": after, "errors_naming_file_and_line": named,
            **_mixed_encoding(rasd, work)}


def _stored_ids(db: Path) -> set[str]:
    from sqlalchemy import text

    engine = engine_for(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return set(connection.execute(text("SELECT id FROM documents")).scalars())
    except Exception:
        return set()
    finally:
        engine.dispose()


def _mixed_encoding(rasd: Rasd, work: Path) -> dict[str, object]:
    if not SHARED_DOCS.exists():
        print(f"  (no {SHARED_DOCS}: mixed-encoding check skipped)")
        return {}
    mixed, db = work / "mixed.jsonl", work / "mixed.db"
    originals = {json.loads(line)["id"]: json.loads(line)["text"] for line in SHARED_DOCS.read_text("utf-8").splitlines()}
    first = json.dumps({"id": "latin1", "text": "Caf\u00e9 bombing in Basra killed two.", "published": "2011-06-02"},
                       ensure_ascii=False)
    mixed.write_bytes(first.encode("latin-1") + b"\n" + SHARED_DOCS.read_bytes())
    _, code, _ = timed_ingest(rasd, db, mixed)
    from sqlalchemy import text

    engine = engine_for(f"sqlite:///{db}")
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT id, text FROM documents")).all())
    engine.dispose()
    garbled = sum(1 for doc_id, body in stored.items() if doc_id in originals and body != originals[doc_id])
    missing = len(originals.keys() - stored.keys())
    print(f"  latin-1 line + 64 UTF-8 reports: exit {code}; {garbled} stored garbled, {missing} not stored, "
          f"latin-1 line {'stored intact' if stored.get('latin1', '').startswith('Café') else 'not stored intact'}")
    return {"garbled": garbled, "utf8_not_stored": missing}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=3000, help="documents in the kill -9 corpus (default 3000)")
    parser.add_argument("--kills", type=int, default=20, help="kill -9 runs during the ingest (default 20)")
    parser.add_argument("--fresh-kills", type=int, default=10, help="new databases killed during first open (default 10)")
    parser.add_argument("--requests", type=int, default=2000, help="API requests during an ingest (default 2000)")
    parser.add_argument("--pairs", type=int, default=5, help="runs of two concurrent ingests (default 5)")
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--parts", default="kill,fresh,serve,pairs,hostile",
                        help="which parts to run, comma-separated (default: all)")
    parser.add_argument("--rasd-path", type=Path, default=HERE.parent, help="checkout whose rasd the children run")
    args = parser.parse_args()
    rng, rasd = random.Random(args.seed), Rasd(args.rasd_path.resolve())
    print(f"rasd from {rasd.path}; load {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="rasd-faults-") as tmp:
        work = Path(tmp)
        corpus, small = work / "corpus.jsonl", work / "small.jsonl"
        write_corpus(corpus, args.docs, args.seed)
        write_corpus(small, 300, args.seed)
        parts = set(args.parts.split(","))
        if parts & {"kill", "fresh"}:
            print(f"1. kill -9 during an ingest of {args.docs} documents")
        if "kill" in parts:
            figures.update(kill_campaign(rasd, corpus, work, args.kills, rng))
        if "fresh" in parts:
            figures.update(first_open_campaign(rasd, small, work, args.fresh_kills, rng))
        if parts & {"serve", "pairs"}:
            print("2. concurrency")
        if "serve" in parts:
            figures.update(serve_during_ingest(rasd, corpus, work, args.requests))
        if "pairs" in parts:
            figures.update(concurrent_ingests(rasd, small, work, args.pairs))
        if "hostile" in parts:
            print("3. hostile documents")
            figures.update(hostile_batch(rasd, work, rng))
    print(f"load at the end {os.getloadavg()[0]:.2f}")
    print("figures " + json.dumps(figures))


if __name__ == "__main__":
    main()
