"""Tables of documents: CSV and Parquet files with a text column, streamed row by row.

An archive exported from a database or a crawl often comes as a table: one row per report, the
text in one column, its date and URL in others. ``Columns`` names them (``--text-column``,
``--date-column``, ``--url-column``; ``id``, ``outlet`` and ``title`` are read when present).
A row without an id gets ``FILE:LINE`` (the line a CSV row starts on; a
Parquet row's number). CSV is read a row at a time; Parquet a row group's batch
at a time (``pyarrow``, the ``parquet`` extra), only the named columns: a file of any size costs
the memory of one batch. A bad row becomes an ``InputError`` naming the file and row, and
reading goes on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rasd.errors import ConfigError, InputError
from rasd.ingest.jsonl import to_article
from rasd.model import Article

PARQUET_BATCH = 1000


@dataclass(frozen=True)
class Columns:
    """Which column holds what; the defaults are the JSONL field names."""

    text: str = "text"
    date: str = "published"
    url: str = "url"
    id: str = "id"
    outlet: str = "outlet"
    title: str = "title"

    def record(self, row: Mapping[str, Any], fallback_id: str) -> dict[str, Any]:
        """The row as a JSONL-shaped document (``rasd.ingest.jsonl.to_article`` reads it)."""
        published = row.get(self.date)
        if isinstance(published, (date, datetime)):
            published = published.isoformat()[:10]
        doc_id = row.get(self.id)
        return {"id": fallback_id if doc_id is None or str(doc_id).strip() == "" else doc_id,
                "text": row.get(self.text), "published": published, "url": row.get(self.url),
                "outlet": row.get(self.outlet), "title": row.get(self.title)}


def _missing_text(columns: Columns, found: list[str], source: str) -> InputError | None:
    if columns.text in found:
        return None
    return InputError(source, f"no column {columns.text!r} (columns: {', '.join(found) or 'none'}); "
                              "name the text column with --text-column")


def _article(columns: Columns, row: Mapping[str, Any], path: Path, number: int, max_bytes: int,
             published: date | None) -> Article | InputError:
    source = str(path)
    text = row.get(columns.text)
    if isinstance(text, str) and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        return InputError(source, f"row is over the {max_bytes / 1e6:.1f} MB limit for one document; skipped", number)
    try:
        article = to_article(columns.record(row, f"{path.stem}:{number}"), source, number)
    except InputError as exc:
        return exc
    if article.published is None and published is not None:
        return replace(article, published=published)
    return article


def read_csv(path: Path, columns: Columns, max_bytes: int, published: date | None = None) -> Iterator[Article | InputError]:
    """Every row of a CSV file with a header line, as an ``Article`` or an error naming the row."""
    source = str(path)
    csv.field_size_limit(max(max_bytes * 2, csv.field_size_limit()))
    reader = None
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = _missing_text(columns, list(reader.fieldnames or []), source)
            if missing is not None:
                yield missing
                return
            first_line = reader.line_num + 1
            for row in reader:  # a quoted text may span lines: a row is named by the line it starts on
                yield _article(columns, row, path, first_line, max_bytes, published)
                first_line = reader.line_num + 1
    except UnicodeDecodeError as exc:
        where = f" near line {reader.line_num}" if reader is not None else ""
        yield InputError(source, f"not UTF-8{where} ({exc.reason}); save the table as UTF-8")
    except csv.Error as exc:
        yield InputError(source, f"malformed CSV: {exc}")
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")


def read_parquet(path: Path, columns: Columns, max_bytes: int, published: date | None = None) -> Iterator[Article | InputError]:
    """Every row of a Parquet file, a batch at a time, as an ``Article`` or an error naming the row."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError(f"{path}: reading Parquet needs pyarrow: pip install 'rasd[parquet]'") from None
    source = str(path)
    try:
        table = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) on a broken file
        yield InputError(source, f"not a readable Parquet file: {exc}")
        return
    found = table.schema_arrow.names
    missing = _missing_text(columns, found, source)
    if missing is not None:
        yield missing
        return
    wanted = [c for c in dict.fromkeys((columns.id, columns.text, columns.date, columns.url, columns.outlet, columns.title))
              if c in found]
    number = 0
    for batch in table.iter_batches(batch_size=PARQUET_BATCH, columns=wanted):
        for row in batch.to_pylist():
            number += 1
            yield _article(columns, row, path, number, max_bytes, published)
