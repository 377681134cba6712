"""Atom 1.0 feeds (RFC 4287), written with a real XML serializer so news text can never break them.

    feed_xml(Feed("rasd alerts", "https://host/alerts.atom", "https://host/alerts", updated, entries))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    id: str  # a URI that never changes: urn:rasd:alert:<id>
    title: str
    updated: datetime
    link: str
    summary: str
    content_html: str | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    title: str
    self_url: str
    site_url: str
    updated: datetime
    entries: list[Entry] = field(default_factory=list)
    id: str | None = None


def _stamp(value: datetime) -> str:
    if value.tzinfo is None:  # rasd stores UTC without a zone
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def feed_xml(feed: Feed) -> bytes:
    root = ET.Element(f"{{{ATOM}}}feed")
    _child(root, "id", feed.id or feed.self_url)
    _child(root, "title", feed.title)
    _child(root, "updated", _stamp(feed.updated))
    _child(root, "link", href=feed.self_url, rel="self", type="application/atom+xml")
    _child(root, "link", href=feed.site_url, rel="alternate", type="text/html")
    author = _child(root, "author")
    _child(author, "name", "rasd")
    _child(root, "generator", "rasd")
    for entry in feed.entries:
        item = _child(root, "entry")
        _child(item, "id", entry.id)
        _child(item, "title", entry.title)
        _child(item, "updated", _stamp(entry.updated))
        _child(item, "link", href=entry.link, rel="alternate", type="text/html")
        for term in entry.categories:
            _child(item, "category", term=term)
        _child(item, "summary", entry.summary, type="text")
        if entry.content_html is not None:
            _child(item, "content", entry.content_html, type="html")  # escaped HTML: readers render it, we never inject it
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
