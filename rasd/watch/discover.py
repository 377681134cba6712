"""What a source points to: feeds and sitemaps → article links; folders → new files.

    items = feed_items(body, "https://example.org/feed/")       # [Item(url, title, published)]
    listing = sitemap_items(body, "https://example.org/sitemap.xml")   # Sitemap(items, children)

Feeds are read by feedparser, which reads RSS 0.9x–2.0, RSS 1.0 and Atom and recovers what it
can from broken XML. Sitemaps are parsed by lxml as real XML — entities are not expanded and
nothing is fetched by the parser — including gzipped sitemaps, sitemap indexes and Google News
sitemaps (``<news:publication_date>``, ``<news:title>``). Broken sitemap XML is read up to the
break by lxml's recovering parser when that finds any link, with a warning; otherwise it is an
``InputError`` naming the line.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rasd.errors import InputError
from rasd.ingest import iter_files
from rasd.ingest.published import parse_iso
from rasd.watch.logs import log_event
from rasd.watch.urls import canonical

log = logging.getLogger(__name__)

#: a sitemap may be gzipped; it is refused past this size once unpacked (the protocol's limit is 50 MB)
MAX_SITEMAP_BYTES = 60_000_000
#: a file still being written is left for the next poll
SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Item:
    """An article a source points to: its canonical URL and what the listing says of it."""

    url: str
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Sitemap:
    items: list[Item] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)  # sitemaps listed by a sitemap index


# -- feeds ------------------------------------------------------------------------------------

def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def feed_items(body: bytes, url: str, content_type: str | None = None) -> list[Item]:
    """The articles an RSS or Atom feed links to, in feed order, each URL once."""
    import feedparser

    headers = {"content-location": url, **({"content-type": content_type} if content_type else {})}
    parsed = feedparser.parse(body, response_headers=headers)
    if not parsed.entries and not parsed.bozo and not parsed.get("version"):
        raise InputError(url, "not an RSS or Atom feed (is it a web page? add the feed's own URL)")
    items: dict[str, Item] = {}
    for entry in parsed.entries:
        link = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
        if link:
            item = Item(canonical(link, url), " ".join(str(entry.get("title") or "").split()) or None, _entry_date(entry))
            items.setdefault(item.url, item)
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride):
        problem = str(parsed.get("bozo_exception") or "malformed")
        if not items:
            raise InputError(url, f"not a readable RSS or Atom feed ({problem})")
        log_event(log, logging.WARNING, "feed_broken", url=url, problem=problem, links=len(items))
    return list(items.values())


# -- sitemaps ---------------------------------------------------------------------------------

def _unpacked(body: bytes, url: str) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error as exc:
        raise InputError(url, f"gzipped sitemap cannot be unpacked ({exc})") from None
    if inflater.unconsumed_tail:
        raise InputError(url, f"sitemap unpacks to more than {MAX_SITEMAP_BYTES / 1e6:.0f} MB; refused")
    return data


def _local(element: Any) -> str:
    from lxml import etree

    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: Any) -> dict[str, Any]:
    """Child elements by local name (namespaces vary between sites: news:, n:, none)."""
    found: dict[str, Any] = {}
    for child in element.iter():
        if child is not element:
            found.setdefault(_local(child), child)
    return found


def _text(element: Any) -> str | None:
    if element is None or element.text is None:
        return None
    return " ".join(element.text.split()) or None


def _parse_xml(data: bytes, url: str) -> Any:
    from lxml import etree

    strict = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    try:
        return etree.fromstring(data, strict)
    except etree.XMLSyntaxError as exc:
        problem = f"sitemap is not valid XML (line {exc.lineno}: {exc.msg})"
    loose = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    root = etree.fromstring(data, loose) if data.strip() else None
    if root is None or not any(_local(e) == "loc" and _text(e) for e in root.iter()):
        raise InputError(url, problem)
    log_event(log, logging.WARNING, "sitemap_broken", url=url, problem=problem)
    return root


def sitemap_items(body: bytes, url: str) -> Sitemap:
    """The articles (``<urlset>``) or child sitemaps (``<sitemapindex>``) a sitemap lists."""
    root = _parse_xml(_unpacked(body, url), url)
    kind = _local(root)
    if kind not in ("urlset", "sitemapindex"):
        raise InputError(url, f"not a sitemap (its root element is <{kind}>, not <urlset> or <sitemapindex>)")
    entries: dict[str, Item] = {}
    for element in root:
        if _local(element) not in ("url", "sitemap"):
            continue
        parts = _children(element)
        loc = _text(parts.get("loc"))
        if not loc:
            continue
        published = parse_iso(_text(parts.get("publication_date"))) or parse_iso(_text(parts.get("lastmod")))
        item = Item(canonical(loc, url), _text(parts.get("title")), published)
        entries.setdefault(item.url, item)
    found = list(entries.values())
    return Sitemap(children=found) if kind == "sitemapindex" else Sitemap(items=found)


# -- folders ----------------------------------------------------------------------------------

def stamp(path: Path) -> str:
    """What tells a changed file from a read one: modification time and size."""
    info = path.stat()
    return f"{info.st_mtime_ns}:{info.st_size}"


def folder_files(folder: str, known: dict[str, str | None], now: float | None = None) -> Iterator[tuple[Path, str]]:
    """Files under ``folder`` that rasd reads and that are new or changed since ``known``
    (path → stamp), with their stamp; files touched in the last seconds are left to settle."""
    now = time.time() if now is None else now
    for path in iter_files([folder]):
        if isinstance(path, InputError):  # an empty folder: nothing new
            continue
        try:
            current = stamp(path)
            settled = now - path.stat().st_mtime >= SETTLE_SECONDS
        except OSError:  # removed while listing
            continue
        if settled and known.get(str(path)) != current:
            yield path, current


def is_recent(item: Item, max_age_days: int, today: date | None = None) -> bool:
    """Undated items are taken; dated ones only when at most ``max_age_days`` old (0: any age)."""
    if not max_age_days or item.published is None:
        return True
    return ((today or datetime.now().date()) - item.published).days <= max_age_days
