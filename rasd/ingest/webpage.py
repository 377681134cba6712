"""Article pages as news sites serve them → ``Article``: main text, title, date and outlet.

trafilatura finds the article's text among the page furniture (menus, "most read" lists of
other headlines, share buttons, comments) and reads the title and site name; htmldate reads the
publication date, preferring the original date to an "updated" one. Where they find nothing,
rasd's own reader of ``.html`` files (``rasd.ingest.html``) is the fallback. Which does better on
real reports was measured (``bench/html_extract.py``; the figures are in the README).
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from rasd.ingest.decode import decode
from rasd.ingest.published import parse_iso
from rasd.model import Article

log = logging.getLogger(__name__)


def _config() -> Any:
    from trafilatura.settings import use_config

    for noisy in ("trafilatura", "htmldate", "courlan"):  # their warnings are about pages, not rasd
        logging.getLogger(noisy).setLevel(logging.ERROR)
    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # its timeout uses signals: not in worker threads
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "100")  # wire briefs are short
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "40")
    return config


_CONFIG: Any = None


def main_text(html: str, url: str | None = None) -> dict[str, Any] | None:
    """trafilatura's reading of a page: text, title, sitename, url (None when it finds no article)."""
    global _CONFIG
    import trafilatura

    if _CONFIG is None:
        _CONFIG = _config()
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                        include_tables=False, favor_precision=True, config=_CONFIG)
    if found is None:
        return None
    data = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    data["text"] = _paragraphs(data.get("text") or "")
    return data if data["text"] else None


def published_date(html: str, url: str | None = None) -> date | None:
    """The page's original publication date (htmldate: metadata first, then the page's text)."""
    from htmldate import find_date

    try:
        found = find_date(html, url=url, original_date=True, extensive_search=True)
    except (ValueError, TypeError):  # htmldate on a page without a tree
        return None
    return parse_iso(found)


def _paragraphs(text: str) -> str:
    """One line a paragraph (trafilatura's output) → blank lines between paragraphs, as in .txt reports."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def page_encoding(body: bytes, content_type: str | None) -> str | None:
    """The encoding a page declares: in its Content-Type header, else in a ``<meta>`` near the top."""
    for source in (content_type or "", body[:4096]):
        found = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", source, re.I) if isinstance(source, str) \
            else _META_CHARSET.search(source)
        if found:
            name = found.group(1)
            name = name.decode("ascii", "ignore") if isinstance(name, bytes) else name
            try:
                return codecs.lookup(name).name
            except LookupError:
                continue
    return None


def decode_page(body: bytes, content_type: str | None, source: str) -> str:
    """A page's bytes as text: in its declared encoding, else detected (``rasd.ingest.decode``)."""
    declared = page_encoding(body, content_type)
    if declared:
        try:
            return body.decode(declared)
        except UnicodeDecodeError:
            log.warning("%s: not valid %s as declared; detecting its encoding", source, declared)
    return decode(body, source)


def page_id(url: str) -> str:
    """A document id for a page: its host and last path segment, readable, with a short hash of
    the whole URL so two pages never share one (``wire.example.com/bomb-kills-two-7f3a9c12``)."""
    parts = urlsplit(url)
    segment = next((s for s in reversed(parts.path.split("/")) if s), "")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", segment.rsplit(".", 1)[0]).strip("-")[:80]
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    host = (parts.hostname or "page").removeprefix("www.")
    return f"{host}/{slug}-{digest}" if slug else f"{host}/{digest}"


#: paragraphs shorter than this many words (headlines, captions, datelines) do not identify a text
TEXT_HASH_MIN_WORDS = 8


def text_hash(text: str) -> str:
    """Identity of a report's text, whatever page it sits in: its paragraphs of some length, as
    words (case, spacing and punctuation aside), in sorted order, so a headline put above or below
    the text by another site, or a caption, does not hide a word-for-word re-publication."""
    paragraphs = [" ".join(re.findall(r"\w+", p.casefold())) for p in re.split(r"\n\s*\n", text)]
    long = [p for p in paragraphs if len(p.split()) >= TEXT_HASH_MIN_WORDS] or [p for p in paragraphs if p]
    return hashlib.sha256("\n".join(sorted(long)).encode("utf-8")).hexdigest()


def _headline(found: dict[str, Any]) -> str | None:
    """trafilatura's title, unless it is only the site's name (it split "Site - Headline" wrongly)."""
    title, site = found.get("title"), found.get("sitename")
    if title and site and title.strip().casefold() == site.strip().casefold():
        return None
    return title or None


def read_page(html: str, doc_id: str, *, url: str | None = None, outlet: str | None = None,
              title: str | None = None, published: date | None = None, source: str | None = None) -> Article:
    """The article of a page. ``title`` (the headline a feed gave) wins over the page's, which
    can be mangled by "Site - Headline" title tags; ``published`` (from a feed) fills a gap;
    ``outlet`` (the source's name) wins over the page's own site name; ``url`` over its canonical link.
    ``InputError`` naming ``source`` (default: the URL) when the page holds no article text."""
    from rasd.ingest.html import parse_html

    where = source or url or doc_id
    found = main_text(html, url)
    if found is None:
        fallback = parse_html(html, doc_id, where)  # InputError: the page has no visible text
        found = {"text": fallback.text, "title": fallback.title, "sitename": fallback.outlet, "url": fallback.url}
    return Article(
        id=doc_id,
        text=found["text"],
        published=published_date(html, url) or published,
        url=url or found.get("url") or None,
        outlet=outlet or found.get("sitename") or None,
        title=title or _headline(found),
    )
