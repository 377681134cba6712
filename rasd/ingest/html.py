"""HTML documents. ``.html`` files are read like fetched pages (``rasd.ingest.webpage``: trafilatura
finds the article among the page furniture, htmldate the date), which measured far better on
real reports in news-site pages (``bench/html_extract.py``). ``parse_html`` below, the visible
text with the title and date from the page's metadata, is the fallback for pages where
trafilatura finds no article."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser, LexborNode as Node

from rasd.errors import InputError
from rasd.ingest.decode import decode, read_bytes
from rasd.ingest.published import parse_iso
from rasd.model import Article

#: elements whose text a reader never sees, or that hold page furniture rather than the report
_HIDDEN = "script, style, noscript, template, svg, nav, header, footer, aside, form, iframe"
#: block elements: a paragraph break goes after each, so sentences do not run together
_BLOCK_END = re.compile(r"(</(p|div|h[1-6]|li|blockquote|pre|tr|section|article|figcaption)>|<br\s*/?>)", re.I)
_PUBLISHED_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="publish-date"]',
    'meta[name="DC.date.issued"]',
)
_META_TEXT = {
    "title": ('meta[property="og:title"]',),
    "url": ('link[rel="canonical"]', 'meta[property="og:url"]'),
    "outlet": ('meta[property="og:site_name"]',),
}


def _attr(tree: HTMLParser, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get("content") or node.attributes.get("href") or node.attributes.get("datetime")
            if value and value.strip():
                return value.strip()
    return None


def _title(tree: HTMLParser) -> str | None:
    title = _attr(tree, _META_TEXT["title"])
    if title:
        return title
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            return " ".join(node.text().split())
    return None


def _visible_text(tree: HTMLParser) -> str:
    for node in tree.css(_HIDDEN):
        node.decompose()
    root: Node | None = tree.css_first("article") or tree.body
    raw = root.text(separator="") if root is not None else ""
    lines = (" ".join(line.split()) for line in raw.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def parse_html(html: str, doc_id: str, source: str) -> Article:
    """A document from an HTML page; raises ``InputError`` when the page has no visible text."""
    tree = HTMLParser(_BLOCK_END.sub(lambda m: m[0] + "\n\n", html))
    published = parse_iso(_attr(tree, _PUBLISHED_META)) or parse_iso(_attr(tree, ("time[datetime]",)))
    title = _title(tree)
    url, outlet = _attr(tree, _META_TEXT["url"]), _attr(tree, _META_TEXT["outlet"])
    text = _visible_text(tree)
    if not text:
        raise InputError(source, "HTML page has no visible text")
    return Article(id=doc_id, text=text, published=published, url=url, outlet=outlet, title=title)


def read_html(path: Path, max_bytes: int) -> Article:
    """One ``.html`` file as an ``Article``; raises ``InputError`` naming the file."""
    from rasd.ingest.webpage import read_page

    return read_page(decode(read_bytes(path, max_bytes), str(path)), path.stem, source=str(path))
