"""Readers on real files, good and bad: every failure is an InputError naming the input."""

from __future__ import annotations

import json
import logging
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.ingest import read_documents
from rasd.model import Article

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def read(*paths: Path, **options: object) -> tuple[list[Article], list[InputError]]:
    items = list(read_documents(paths, **options))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def doc(doc_id: str, **fields: object) -> str:
    return json.dumps({"id": doc_id, "text": f"Report {doc_id}.", "published": "2011-06-02", **fields})


def test_jsonl_fields_become_article_fields(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "d.jsonl", [doc("x1", url="http://u", outlet="Aswat al-Iraq", title="T")])
    (article,), errors = read(path)
    assert errors == []
    assert article == Article("x1", "Report x1.", date(2011, 6, 2), "http://u", "Aswat al-Iraq", "T")


def test_malformed_jsonl_lines_are_reported_by_number_and_reading_goes_on(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "mixed.jsonl", [
        doc("ok1"),
        '{"id": "broken", "text": "no closing brace"',
        doc("ok2"),
        "[1, 2, 3]",
        "",
        '{"id": "notext"}',
        '{"text": "no id"}',
        doc("ok3"),
    ])
    articles, errors = read(path)
    assert [a.id for a in articles] == ["ok1", "ok2", "ok3"]
    assert [e.line for e in errors] == [2, 4, 6, 7]
    assert all(e.source == str(path) for e in errors)
    assert str(errors[0]).startswith(f"{path}:2: malformed JSON")
    assert "has no 'text'" in str(errors[2])


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    articles, (error,) = read(path)
    assert articles == [] and "binary" in error.problem and error.source == str(path)


def test_binary_jsonl_line_is_refused_and_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"\x00\x01\x02garbage\x00\n" + doc("after").encode() + b"\n")
    articles, (error,) = read(path)
    assert [a.id for a in articles] == ["after"] and error.line == 1 and "binary" in error.problem


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty.jsonl", "blank.txt"])
def test_empty_files_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("   \n\n" if name.startswith("blank") else "", encoding="utf-8")
    articles, (error,) = read(path)
    assert articles == [] and ("empty" in error.problem or "no documents" in error.problem)


def test_latin1_text_is_detected_and_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "June 2, 2011\n\nAttentat à Bassora\n\nUne bombe a explosé près d'un café à Bassora, tuant deux policiers."
    path.write_bytes(text.encode("latin-1"))
    (article,), errors = read(path)
    assert errors == [] and "café" in article.text and article.published == date(2011, 6, 2)


def test_latin1_jsonl_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    line = json.dumps({"id": "l1", "text": "Une bombe a explosé près d'un café à Bassora, tuant deux policiers, selon la police."},
                      ensure_ascii=False)
    path.write_bytes(line.encode("latin-1") + b"\n")
    (article,), errors = read(path)
    assert errors == [] and "café" in article.text


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Gunmen killed a shopkeeper in Baquba.".encode("utf-16"))
    (article,), _ = read(path, published=date(2011, 1, 1))
    assert article.text == "Gunmen killed a shopkeeper in Baquba."


def test_missing_date_warns_and_fallback_applies(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Gunmen kidnapped a shop owner in Baquba yesterday.", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rasd"):
        (article,), _ = read(path)
    assert article.published is None
    assert any("no publication date" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)
    (dated,), _ = read(path, published=date(2011, 3, 1))
    assert dated.published == date(2011, 3, 1)


def test_jsonl_fallback_date_and_bad_published(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = write_lines(tmp_path / "d.jsonl", [
        json.dumps({"id": "n", "text": "t", "published": None}),
        json.dumps({"id": "bad", "text": "t", "published": "last week"}),
        doc("dated"),
    ])
    with caplog.at_level(logging.WARNING, logger="rasd"):
        articles, _ = read(path, published=date(2011, 1, 9))
    assert [a.published for a in articles] == [date(2011, 1, 9), date(2011, 1, 9), date(2011, 6, 2)]
    assert any("'last week'" in r.getMessage() for r in caplog.records)


def test_text_dateline_and_title(tmp_path: Path) -> None:
    path = tmp_path / "maysan-2011-06-02.txt"
    path.write_text("Thursday, June 2, 2011\n\nSadrist Control Of Maysan\n\nWhen the followers of Sadr did well.\n",
                    encoding="utf-8")
    (article,), _ = read(path)
    assert (article.id, article.published, article.title) == ("maysan-2011-06-02", date(2011, 6, 2), "Sadrist Control Of Maysan")
    assert article.text.startswith("Thursday, June 2, 2011")


def test_html_visible_text_title_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Bomb in Amarah</title>"
        '<meta property="article:published_time" content="2011-04-05T08:00:00+03:00">'
        '<meta property="og:site_name" content="Example Agency"><link rel="canonical" href="https://e.org/a">'
        "<script>var hidden = 1;</script><style>p{}</style></head>"
        "<body><nav>Home | World</nav><article><h1>Bomb in Amarah</h1><p>A bomb <b>exploded</b> in Amarah.</p>"
        "<p>Two policemen were killed.</p></article><footer>(c) Example</footer></body></html>",
        encoding="utf-8",
    )
    (article,), _ = read(path)
    assert article.title == "Bomb in Amarah" and article.published == date(2011, 4, 5)
    assert (article.outlet, article.url) == ("Example Agency", "https://e.org/a")
    assert "A bomb exploded in Amarah." in article.text and "Two policemen were killed." in article.text
    assert "hidden" not in article.text and "Home" not in article.text and "(c)" not in article.text


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>x()</script></head><body><nav>menu</nav></body></html>", encoding="utf-8")
    _, (error,) = read(path)
    assert "no visible text" in error.problem


def test_oversized_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("A bomb exploded. " * 1000, encoding="utf-8")
    _, (error,) = read(path, max_document_mb=0.01)
    assert "MB limit" in error.problem and error.source == str(path)


def test_oversized_jsonl_line_is_skipped_and_next_read(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "d.jsonl", [doc("big", text="x" * 20_000), doc("small")])
    articles, (error,) = read(path, max_document_mb=0.01)
    assert [a.id for a in articles] == ["small"] and error.line == 1


def test_large_jsonl_streams_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = doc("d", text="Gunmen attacked a checkpoint in Kirkuk. " * 25) + "\n"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(12_000):  # about 12 MB
            handle.write(line)
    tracemalloc.start()
    count = sum(1 for _ in read_documents([path]))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 12_000
    assert peak < 2_000_000  # a few lines at a time, never the file


def test_folders_are_recursed_skipping_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("June 1, 2011\n\nA report.", encoding="utf-8")
    (tmp_path / "b.htm").write_text("<p>Another report.</p>", encoding="utf-8")
    (tmp_path / ".hidden" / "c.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("Not a document.", encoding="utf-8")
    articles, errors = read(tmp_path, published=date(2011, 1, 1))
    assert sorted(a.id for a in articles) == ["a", "b"] and errors == []


def test_missing_and_unsupported_inputs_are_named(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    _, errors = read(tmp_path / "nope.txt", pdf, tmp_path / "empty_dir")
    assert [e.source for e in errors] == [str(tmp_path / "nope.txt"), str(pdf), str(tmp_path / "empty_dir")]
    assert "no such file" in errors[0].problem and ".pdf" in errors[1].problem


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    path = tmp_path / "locked.txt"
    path.write_text("secret", encoding="utf-8")
    path.chmod(0)
    _, (error,) = read(path)
    assert "cannot read" in error.problem


def test_bundled_samples_all_read() -> None:
    articles, errors = read(SAMPLES)
    assert errors == []
    assert len(articles) >= 6
    assert all("not a real" in a.text.lower() for a in articles)
    undated = [a.id for a in articles if a.published is None]
    assert undated == ["diyala-kidnap-undated"]


def test_hopelessly_encoded_file_gets_a_clear_error(tmp_path: Path) -> None:
    import random

    rng = random.Random(1)
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(rng.randrange(128, 256) for _ in range(3000)))
    _, (error,) = read(path)
    assert "encoding could not be detected" in error.problem and error.source == str(path)


def test_parallel_map_keeps_order_and_matches_its_serial_twin() -> None:
    from rasd.parallel import imap_ordered

    items = range(-300, 300)
    assert list(imap_ordered(abs, items, processes=2, chunksize=8)) == list(imap_ordered(abs, items, processes=1))


def _counted(pulled: list[int], count: int = 10_000):
    """The numbers 0 .. count - 1, each noted in ``pulled`` when it is taken."""
    for number in range(count):
        pulled.append(number)
        yield number


def test_parallel_map_reads_ahead_two_windows_and_no_more() -> None:
    from rasd.parallel import CHUNKS_PER_WORKER, imap_ordered

    pulled: list[int] = []
    results = imap_ordered(abs, _counted(pulled), processes=2, chunksize=8)
    assert next(results) == 0
    window = 2 * 8 * CHUNKS_PER_WORKER
    assert len(pulled) == 2 * window  # the next window is being extracted while this one is taken
    assert list(results)[-1] == 9_999 and len(pulled) == 10_000


def test_parallel_map_reads_a_whole_batch_ahead_when_asked() -> None:
    from rasd.parallel import CHUNKS_PER_WORKER, imap_ordered

    pulled: list[int] = []
    window = 2 * 8 * CHUNKS_PER_WORKER
    results = imap_ordered(abs, _counted(pulled), processes=2, chunksize=8, ahead=3 * window + 1)
    assert next(results) == 0
    assert len(pulled) == 6 * window  # the window taken, one more, and four to cover ``ahead``
    assert list(results) == list(range(1, 10_000))


def test_ingest_with_two_processes_stores_what_serial_stores(tmp_path: Path) -> None:
    from rasd.ingest.pipeline import ingest_paths
    from rasd.store import Store

    serial, parallel = Store.open(f"sqlite:///{tmp_path / 's.db'}"), Store.open(f"sqlite:///{tmp_path / 'p.db'}")
    ingest_paths(serial, [SAMPLES], processes=1)
    ingest_paths(parallel, [SAMPLES], processes=2)
    records = lambda store: [e.to_record() for e in store.iter_events()]  # noqa: E731
    assert records(serial) == records(parallel) and records(serial)


def test_a_document_the_extractor_fails_on_costs_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from rasd.ingest.pipeline import ingest_paths
    from rasd.store import Store

    real = sys.modules["rasd.extract"].extract

    def fragile(article: Article) -> list:
        if article.id == "sample-w2":
            raise RuntimeError("simulated extractor bug")
        return real(article)

    monkeypatch.setattr(sys.modules["rasd.extract"], "extract", fragile)
    errors: list[InputError] = []
    report = ingest_paths(Store.open(f"sqlite:///{tmp_path / 'f.db'}"), [SAMPLES], on_error=errors.append)
    (error,) = errors  # named by file and line, and by id
    assert error.source.endswith(".jsonl:2") and "'sample-w2'" in error.problem
    assert "simulated extractor bug" in error.problem
    assert report.documents == 7 and len(report.failed) == 1


def test_jsonl_with_a_utf8_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + doc("first").encode() + b"\n" + doc("second").encode() + b"\n")
    articles, errors = read(path)
    assert [a.id for a in articles] == ["first", "second"] and errors == []


def test_a_jsonl_of_only_bad_lines_reports_each_line_and_nothing_else(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "gold-like.jsonl", ['{"id": "a", "events": []}', '{"id": "b", "events": []}'])
    articles, errors = read(path)
    assert articles == [] and [e.line for e in errors] == [1, 2]
