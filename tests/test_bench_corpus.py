"""The benchmark corpus generator is deterministic, streams, and writes the spec's input format;
real reports are repeated to the size asked with unique ids."""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "bench" / "corpus.py"


@pytest.fixture(scope="module")
def corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def vocabulary(corpus):
    return corpus.Vocabulary.from_gazetteer()


@pytest.fixture(scope="module")
def bench_extract():
    spec = importlib.util.spec_from_file_location("bench_extract", _PATH.parent / "extract.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_extract"] = module
    spec.loader.exec_module(module)
    return module


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(corpus, vocabulary, tmp_path):
    first = corpus.write_corpus(tmp_path / "a.jsonl", 50, seed=7, vocabulary=vocabulary)
    second = corpus.write_corpus(tmp_path / "b.jsonl", 50, seed=7, vocabulary=vocabulary)
    other = corpus.write_corpus(tmp_path / "c.jsonl", 50, seed=8, vocabulary=vocabulary)
    assert _digest(first.path) == _digest(second.path)
    assert _digest(first.path) != _digest(other.path)


def test_a_small_corpus_is_a_prefix_of_a_large_one(corpus, vocabulary, tmp_path):
    # The flatness check compares corpora of two sizes: they must hold the same kind of documents.
    small = corpus.write_corpus(tmp_path / "s.jsonl", 20, vocabulary=vocabulary).path.read_text()
    large = corpus.write_corpus(tmp_path / "l.jsonl", 60, vocabulary=vocabulary).path.read_text()
    assert large.startswith(small)


def test_documents_follow_the_input_spec_and_are_news_length(corpus, vocabulary, tmp_path):
    info = corpus.write_corpus(tmp_path / "d.jsonl", 200, vocabulary=vocabulary)
    rows = [json.loads(line) for line in info.path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 200 == info.docs
    assert len({row["id"] for row in rows}) == 200
    for row in rows:
        assert {"id", "text", "published", "url", "outlet", "title"} <= row.keys()
        date.fromisoformat(row["published"])
        assert corpus.MIN_CHARS <= len(row["text"]) <= corpus.MAX_CHARS
    assert corpus.MIN_CHARS <= info.mean_chars <= corpus.MAX_CHARS
    assert len(corpus.INCIDENT_TEMPLATES) >= 10
    # Varied: many distinct opening paragraphs, and more than a handful of towns named.
    assert len({row["text"].split("\n\n")[0] for row in rows}) == 200


def test_generation_streams(corpus, vocabulary, tmp_path):
    # A billion-document iterator yields its first document at once: nothing is built up front.
    started = time.perf_counter()
    first_three = list(itertools.islice(corpus.iter_documents(10**9, vocabulary=vocabulary), 3))
    assert len(first_three) == 3 and time.perf_counter() - started < 5
    # Writing holds one document at a time: peak Python allocation stays far below the file size.
    tracemalloc.start()
    info = corpus.write_corpus(tmp_path / "m.jsonl", 1500, vocabulary=vocabulary)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.path.stat().st_size > 2_000_000
    assert peak < info.path.stat().st_size / 10


def test_builtin_vocabulary_says_where_places_came_from(corpus):
    vocab = corpus.Vocabulary.builtin()
    assert "built-in" in vocab.source and len(vocab.towns) >= 20 and vocab.governorates


def test_the_harness_sums_the_peaks_of_a_command_and_its_workers(bench_extract, tmp_path):
    # bench/extract.py's memory figure: two children that each touch ~60 MB must read >= 120 MB,
    # while ru_maxrss (a max over processes, not a sum) sees only one of them.
    module = bench_extract
    child = "import time; b = bytearray(60 * 2**20); time.sleep(0.6)"
    parent = (f"import subprocess, sys; ps = [subprocess.Popen([sys.executable, '-c', {child!r}]) for _ in range(2)]; "
              "[p.wait() for p in ps]")
    run = module.measure("probe", [sys.executable, "-c", parent], 1, tmp_path)
    assert run.returncode == 0
    assert run.processes == 3
    assert run.sum_peak_rss_mb >= 120
    assert 60 <= run.max_single_rss_mb < 120



def test_real_reports_are_repeated_to_the_size_asked_with_unique_ids(bench_extract, tmp_path):
    sources = []
    for name, ids in (("a.jsonl", ["r1", "r2"]), ("b.jsonl", ["r3"])):
        path = tmp_path / name
        path.write_text("".join(json.dumps({"id": i, "text": f"Report {i}.", "published": "2011-06-02"}) + "\n"
                                for i in ids) + "\n", encoding="utf-8")  # a blank line is skipped
        sources.append(path)
    out = tmp_path / "corpus.jsonl"
    line = bench_extract.cycle_corpus(sources, 7, out)
    rows = [json.loads(row) for row in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["r1#0", "r2#0", "r3#0", "r1#1", "r2#1", "r3#1", "r1#2"]
    assert [r["text"] for r in rows[:4]] == ["Report r1.", "Report r2.", "Report r3.", "Report r1."]
    assert all(r["published"] == "2011-06-02" for r in rows)
    assert line.startswith("corpus: 7 docs, 3 real reports from ") and "a.jsonl" in line and "b.jsonl" in line


def test_an_unusable_report_file_is_an_error_naming_the_file_and_line(bench_extract, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "r1", "text": "fine"}\n{"id": "r2"}\n', encoding="utf-8")
    with pytest.raises(SystemExit, match=r"bad\.jsonl, line 2: a report needs an 'id' and a 'text'"):
        bench_extract.cycle_corpus([bad], 5, tmp_path / "out.jsonl")
    with pytest.raises(SystemExit, match=r"missing\.jsonl: cannot read"):
        bench_extract.cycle_corpus([tmp_path / "missing.jsonl"], 5, tmp_path / "out.jsonl")


def test_a_daily_update_is_published_after_the_archive_and_oldest_first(corpus, vocabulary) -> None:
    after = corpus.LAST_DAY
    documents = list(corpus.iter_recent(100, 60, after, 30, vocabulary=vocabulary))
    days = [date.fromisoformat(d["published"]) for d in documents]
    assert days == sorted(days) and days[0] == after + timedelta(days=1) and days[-1] <= after + timedelta(days=30)
    assert [d["id"] for d in documents] == [f"bench-{corpus.DEFAULT_SEED}-{k:06d}" for k in range(100, 160)]
    archived = next(itertools.islice(corpus.iter_documents(101, vocabulary=vocabulary), 100, None))
    assert documents[0]["outlet"] == archived["outlet"] and documents[0]["published"] != archived["published"]
