"""Plain-text documents: the id is the file name without extension.

The text is kept whole (as in the shared JSONL examples, where a dateline and a headline open the
text); a first non-blank line that is only a date gives the publication date, and a short first
line (or the line after the date) that does not end like a sentence gives the title.
"""

from __future__ import annotations

from pathlib import Path

from rasd.ingest.decode import decode, read_bytes
from rasd.ingest.published import parse_dateline
from rasd.model import Article

MAX_TITLE = 200


def _head_lines(text: str, count: int = 2) -> list[str]:
    """The first ``count`` non-blank lines."""
    lines = [line.strip() for line in text.splitlines()[:40] if line.strip()]
    return lines[:count]


def _is_title(line: str) -> bool:
    return len(line) <= MAX_TITLE and not line.endswith((".", ",", ";", ":"))


def parse_text(text: str, doc_id: str) -> Article:
    """A document from plain text: dateline → published, headline → title."""
    head = _head_lines(text)
    published = parse_dateline(head[0]) if head else None
    title_line = head[1] if published and len(head) > 1 else (head[0] if head and not published else None)
    title = title_line if title_line and _is_title(title_line) else None
    return Article(id=doc_id, text=text.strip(), published=published, title=title)


def read_text(path: Path, max_bytes: int) -> Article:
    """One ``.txt`` file as an ``Article``; raises ``InputError`` naming the file."""
    return parse_text(decode(read_bytes(path, max_bytes), str(path)), path.stem)
