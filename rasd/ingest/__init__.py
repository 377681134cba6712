"""Ingestion: files and folders → ``Article``s, streamed, with bad input reported, not fatal.

    >>> from rasd.ingest import read_documents
    >>> for item in read_documents(["samples/"]):          # doctest: +SKIP
    ...     print(item.id if not isinstance(item, Exception) else f"error: {item}")

``read_documents`` is a generator of ``Article | InputError``: a caller (the CLI, ``rasd.ingest``
in the Python API, ``Store.ingest`` via ``articles_only``) decides what to do with each error; the
batch always goes on. Formats, by extension: ``.jsonl`` (one document a line, as
shared/spec/events.md), ``.txt`` and ``.html``/``.htm`` (id = file name without extension),
``.warc.gz``/``.warc`` web archives (every archived HTML page; id from its URL), ``.csv`` and
``.parquet`` tables with a text column (``Columns``; see ``rasd.ingest.tables``).
Directories are walked recursively, in sorted order, skipping hidden entries and other
extensions. ``published`` is the fallback date for documents that carry none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from rasd.errors import InputError
from rasd.ingest.checks import document_problem
from rasd.ingest.html import parse_html, read_html
from rasd.ingest.jsonl import read_jsonl
from rasd.ingest.text import parse_text, read_text
from rasd.ingest.tables import Columns, read_csv, read_parquet
from rasd.ingest.warc import read_warc
from rasd.model import Article

__all__ = ["Columns", "read_documents", "iter_files", "read_file", "articles_only", "parse_text", "parse_html", "SUFFIXES", "kind_of"]

log = logging.getLogger(__name__)

SUFFIXES: dict[str, str] = {".jsonl": "jsonl", ".txt": "text", ".html": "html", ".htm": "html",
                            ".warc.gz": "warc", ".warc": "warc", ".csv": "csv", ".parquet": "parquet"}


def kind_of(path: Path) -> str | None:
    """The reader for a file name (``.warc.gz`` counts as one suffix), or None."""
    name = path.name.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if name.endswith(suffix)), None)
DEFAULT_MAX_DOCUMENT_MB = 5.0


def _walk(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and kind_of(path):
            yield path


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Every readable document file under ``paths`` (files as given, folders recursed)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                yield file
            if not found:
                yield InputError(str(path), f"folder holds no {', '.join(SUFFIXES)} files")
        elif not path.exists():
            yield InputError(str(path), "no such file or folder")
        elif kind_of(path) is None:
            yield InputError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; rasd reads {', '.join(SUFFIXES)}")
        else:
            yield path


def _with_date(article: Article, published: date | None, source: str) -> Article:
    if article.published is not None:
        return article
    if published is not None:
        return replace(article, published=published)
    log.warning("%s: no publication date; relative dates ('yesterday', 'on Monday') are not resolved "
                "(pass --published YYYY-MM-DD)", source)
    return article


def read_file(path: Path, published: date | None = None, max_document_mb: float = DEFAULT_MAX_DOCUMENT_MB,
              columns: Columns | None = None) -> Iterator[Article | InputError]:
    """The documents of one file (one for .txt/.html, many for .jsonl, .csv, .parquet and web
    archives), or errors naming it; ``columns`` names the columns of a table."""
    max_bytes = int(max_document_mb * 1_000_000)
    kind = kind_of(path)
    if kind == "jsonl":
        yield from read_jsonl(path, max_bytes, published)
        return
    if kind in ("csv", "parquet"):
        reader = read_csv if kind == "csv" else read_parquet
        yield from reader(path, columns or Columns(), max_bytes, published)
        return
    if kind == "warc":
        for item in read_warc(path, max_bytes):
            yield item if isinstance(item, InputError) else _with_date(item, published, item.url or str(path))
        return
    reader = read_html if kind == "html" else read_text
    try:
        article = replace(_with_date(reader(path, max_bytes), published, str(path)), origin=str(path))
    except InputError as exc:
        yield exc
        return
    problem = document_problem(article)
    yield article if problem is None else InputError(str(path), problem)


def read_documents(paths: Iterable[str | Path], published: date | None = None,
                   max_document_mb: float = DEFAULT_MAX_DOCUMENT_MB,
                   columns: Columns | None = None) -> Iterator[Article | InputError]:
    """Stream every document under ``paths`` as an ``Article``, or an ``InputError`` per failure."""
    for item in iter_files(paths):
        if isinstance(item, InputError):
            yield item
        else:
            yield from read_file(item, published, max_document_mb, columns)


def articles_only(items: Iterable[Article | InputError],
                  on_error: Callable[[InputError], None]) -> Iterator[Article]:
    """The articles of ``items``; each error goes to ``on_error`` (e.g. to print or count it)."""
    for item in items:
        if isinstance(item, InputError):
            on_error(item)
        else:
            yield item
