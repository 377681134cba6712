"""JSONL documents (one object a line, fields of shared/spec/events.md), streamed line by line.

A 100 MB file never sits in memory: lines are read one at a time, a line over the size limit is
skipped without being held whole, and each bad line becomes an ``InputError`` naming its number
while reading goes on with the next line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from rasd.errors import InputError
from rasd.ingest.checks import document_problem
from rasd.ingest.decode import looks_binary
from rasd.ingest.published import parse_iso
from rasd.model import Article

log = logging.getLogger(__name__)

_CHUNK = 1 << 16


def _skip_rest_of_line(handle: BinaryIO) -> None:
    """Consume an over-long line without keeping it."""
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) pairs; ``None`` stands for a line over ``max_bytes``."""
    number = 0
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_rest_of_line(handle)
            yield number, None
        else:
            yield number, raw


def _optional_str(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    return str(value)


def to_article(record: Any, source: str, line: int) -> Article:
    """One parsed JSON value → ``Article``; raises ``InputError`` if it is not a document."""
    if not isinstance(record, dict):
        raise InputError(source, f"expected a JSON object, got {type(record).__name__}", line)
    doc_id, text = record.get("id"), record.get("text")
    if doc_id is None or str(doc_id).strip() == "":
        raise InputError(source, "document has no 'id'", line)
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, f"document {doc_id!r} has no 'text'", line)
    published = parse_iso(record.get("published"))
    if record.get("published") and published is None:
        log.warning("%s:%d: 'published' %r is not YYYY-MM-DD; ignored", source, line, record.get("published"))
    article = Article(
        id=str(doc_id),
        text=text,
        published=published,
        url=_optional_str(record, "url"),
        outlet=_optional_str(record, "outlet"),
        title=_optional_str(record, "title"),
        origin=f"{source}:{line}",
    )
    problem = document_problem(article)
    if problem is not None:
        raise InputError(source, f"document {article.id!r}: {problem}", line)
    return article


class _LineDecoder:
    """Each line as UTF-8; only a line that is not UTF-8 is read in another encoding.

    One mis-encoded line must not change how the rest of the file is read. A non-UTF-8 line is
    read in the encoding found for an earlier such line when that decodes it (a legacy file is
    read consistently), else in the encoding detected for the line itself.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.fallback: str | None = None

    def __call__(self, raw: bytes, line: int) -> str:
        if line == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark opens the file
            raw = raw[3:]
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        encoding = self._known(raw) or self._detected(raw, line)
        log.warning("%s:%d: not UTF-8; this line is read as %s", self.source, line, encoding)
        return raw.decode(encoding, errors="replace")

    def _known(self, raw: bytes) -> str | None:
        if self.fallback is None:
            return None
        try:
            raw.decode(self.fallback)
            return self.fallback
        except UnicodeDecodeError:
            return None

    def _detected(self, raw: bytes, line: int) -> str:
        best = from_bytes(raw).best()
        if best is None:
            raise InputError(self.source, "line is not UTF-8 and its encoding cannot be detected", line)
        self.fallback = best.encoding
        return best.encoding


def _parse_line(raw: bytes | None, number: int, decode: _LineDecoder, max_bytes: int) -> Article | InputError | None:
    source = decode.source
    if raw is None:
        return InputError(source, f"line is over the {max_bytes / 1e6:.1f} MB limit for one document; skipped", number)
    if not raw.strip():
        return None
    if looks_binary(raw[:4096]):
        return InputError(source, "binary data, not a JSON line", number)
    try:
        return to_article(json.loads(decode(raw, number)), source, number)
    except json.JSONDecodeError as exc:
        return InputError(source, f"malformed JSON ({exc.msg} at column {exc.colno})", number)
    except InputError as exc:
        return exc


def read_jsonl(path: Path, max_bytes: int, published: date | None = None) -> Iterator[Article | InputError]:
    """Every document of a JSONL file, or an ``InputError`` per bad line, in file order."""
    source, lines, seen, undated = str(path), 0, 0, 0
    try:
        with path.open("rb") as handle:
            decode = _LineDecoder(source)
            for number, raw in _lines(handle, max_bytes):
                lines += raw is None or bool(raw.strip())
                item = _parse_line(raw, number, decode, max_bytes)
                if isinstance(item, Article):
                    seen += 1
                    if item.published is None:
                        undated += 1
                        if published is not None:
                            item = replace(item, published=published)
                if item is not None:
                    yield item
    except OSError as exc:
        yield InputError(source, f"cannot read: {exc.strerror or exc}")
        return
    if lines == 0:
        yield InputError(source, "empty file: nothing to read")
    elif undated and published is None:
        log.warning("%s: %d of %d documents have no publication date; relative dates in them are not resolved "
                    "(pass --published YYYY-MM-DD)", source, undated, seen)
