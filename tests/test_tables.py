"""CSV and Parquet archives: a text column, named dates and URLs, streamed, bad rows named."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.ingest import Columns, read_documents
from rasd.ingest.pipeline import ingest_paths
from rasd.model import Article
from rasd.store import Store

REPORT = "BASRA / Sample Wire: Two policemen were killed when a roadside bomb exploded near their patrol in al-Zubair on Monday, police said."


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _split(items: list) -> tuple[list[Article], list[InputError]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, InputError)]


def test_csv_columns_named_on_the_command_line_become_article_fields(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "crawl.csv", ["link", "body", "crawled", "outlet"], [
        ["https://example.org/a", REPORT, "2011-04-05", "Sample Wire"],
        ["https://example.org/b", "", "2011-04-05", "Sample Wire"],          # no text: named, skipped
        ["https://example.org/c", REPORT + " Again.", "not a date", "Other"],
    ])
    articles, errors = _split(list(read_documents([path], columns=Columns(text="body", date="crawled", url="link"))))
    assert [(a.id, a.published, a.url, a.outlet) for a in articles] == [
        ("crawl:2", date(2011, 4, 5), "https://example.org/a", "Sample Wire"),
        ("crawl:4", None, "https://example.org/c", "Other")]
    assert [(e.source, e.line) for e in errors] == [(str(path), 3)] and "no 'text'" in errors[0].problem


def test_a_csv_row_is_named_by_the_line_it_starts_on_when_texts_span_lines(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "multi.csv", ["id", "text"], [
        ["a", REPORT.replace(", police said", ".\n\nPolice said")],   # lines 2-4
        ["b", "   "],                                                     # line 5: no text
        ["", "Third report\nin two lines, without an id."],                 # lines 6-7
    ])
    articles, errors = _split(list(read_documents([path])))
    assert [a.id for a in articles] == ["a", "multi:6"] and articles[1].origin == f"{path}:6"
    assert [(e.source, e.line) for e in errors] == [(str(path), 5)]


def test_a_table_without_its_text_column_says_which_columns_it_has(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "t.csv", ["id", "content"], [["x", REPORT]])
    [error] = list(read_documents([path]))
    assert isinstance(error, InputError) and "'text'" in error.problem and "content" in error.problem
    assert "--text-column" in error.problem


def test_parquet_is_read_a_batch_at_a_time_with_dates_of_any_type(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "archive.parquet"
    n = 2500
    table = pa.table({"id": [f"doc-{k}" for k in range(n)], "text": [f"{REPORT} Item {k}." for k in range(n)],
                      "published": [date(2011, 4, 5)] * n, "extra": ["x" * 50] * n})
    pq.write_table(table, path, row_group_size=500)
    tracemalloc.start()
    count = sum(1 for item in read_documents([path]) if isinstance(item, Article) and item.published == date(2011, 4, 5))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == n
    assert peak < 3_000_000  # a batch of 1,000 rows, not the 2,500-row file


def test_a_broken_parquet_file_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 this is not parquet")
    [error] = list(read_documents([path]))
    assert isinstance(error, InputError) and "not a readable Parquet file" in error.problem


def test_a_csv_table_is_ingested_and_deduplicated_like_jsonl(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "wire.csv", ["id", "text", "published", "url"], [
        ["w1", REPORT, "2011-04-05", "https://example.org/w1"],
        ["w2", "BASRA / Other Wire: A roadside bomb struck a police patrol in al-Zubair, west of Basra, on Monday, "
               "killing two policemen, police said.", "2011-04-05", "https://example.org/w2"],
    ])
    store = Store.open(f"sqlite:///{tmp_path / 'rasd.db'}")
    report = ingest_paths(store, [path], processes=1)
    assert report.documents == 2 and not report.failed
    [event] = list(store.iter_events())
    assert set(event.doc_ids) == {"w1", "w2"}
