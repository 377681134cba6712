"""Web archives (``.warc.gz`` / ``.warc``, as written by wget, Heritrix or browsertrix) → ``Article``s.

Each HTML page archived with HTTP status 200 (a ``response`` record, or a ``resource`` record)
is read like a fetched page (``rasd.ingest.webpage``); plain-text resources are read as text.
Other records (requests, metadata, images, redirects) are skipped. Records are streamed one at
a time: an archive of any size costs the memory of its largest page. A bad record becomes an
``InputError`` naming the archive and the record's offset; a broken archive ends with one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from rasd.errors import InputError
from rasd.ingest.checks import document_problem
from rasd.ingest.decode import decode
from rasd.ingest.text import parse_text
from rasd.ingest.webpage import page_id, read_page
from rasd.model import Article

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else None
    value = headers.get_header("Content-Type") if headers is not None else record.rec_headers.get_header("Content-Type")
    return (value or "").split(";")[0].strip().lower()


def _wanted(record: Any) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    if record.rec_type == "response" and (record.http_headers is None or record.http_headers.get_statuscode() != "200"):
        return False
    return _content_type(record) in (*HTML_TYPES, "text/plain")


def _article(record: Any, payload: bytes, where: str) -> Article:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    doc_id = page_id(url) if url else where
    text = decode(payload, where)
    if _content_type(record) == "text/plain":
        article = parse_text(text, doc_id)
        return Article(article.id, article.text, article.published, url or None, None, article.title)
    return read_page(text, doc_id, url=url or None, source=where)


def read_warc(path: Path, max_bytes: int) -> Iterator[Article | InputError]:
    """The articles archived in ``path``, or errors naming the archive and the record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        records = ArchiveIterator(handle)
        try:
            for record in records:
                if not record.format.startswith("warc"):  # warcio reads any text as an old ARC record
                    yield InputError(str(path), f"not a WARC archive: no WARC record at offset {records.offset}")
                    return
                payload = record.content_stream().read(max_bytes + 1) if _wanted(record) else None
                if _truncated(record):
                    yield InputError(f"{path}@{records.get_record_offset()}",
                                     "not a readable WARC archive: it ends in the middle of this record (cut short or corrupt)")
                    return
                if payload is not None:
                    yield from _read_record(record, payload, f"{path}@{records.get_record_offset()}", max_bytes)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield InputError(str(path), f"not a readable WARC archive past offset {records.offset}: {exc}")


def _truncated(record: Any) -> bool:
    """True when the archive ended before the record's declared length (read the rest first)."""
    while record.raw_stream.read(1 << 16):
        pass
    return getattr(record.raw_stream, "limit", 0) > 0


def _read_record(record: Any, payload: bytes, where: str, max_bytes: int) -> Iterator[Article | InputError]:
    if len(payload) > max_bytes:
        yield InputError(where, f"archived page is over the {max_bytes / 1e6:.1f} MB limit for one document; skipped")
        return
    try:
        article = replace(_article(record, payload, where), origin=where)
    except InputError as exc:
        yield exc
        return
    problem = document_problem(article)
    yield article if problem is None else InputError(where, f"document {article.id!r}: {problem}")
