"""A small news site on loopback for the watcher's tests: real report texts in news pages,
served through an RSS feed, an Atom feed and a news sitemap, with every kind of trouble.

The texts are the held-out wire reports of ``tests/data/gold2``, put into pages by
``bench/newspages.py`` (menus, tickers and "most read" lists of other headlines).
"""

from __future__ import annotations

import gzip
import json
import sys
from datetime import date
from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from loopback import NewsServer, Reply, page, redirect, sequence, status

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from newspages import render  # noqa: E402

DOCS = [json.loads(line) for line in (ROOT / "tests" / "data" / "gold2" / "docs.jsonl").read_text(encoding="utf-8").splitlines()]


def article_page(index: int, layout: int | None = None) -> tuple[str, dict[str, Any]]:
    doc = DOCS[index]
    others = [d["title"] for d in DOCS if d["id"] != doc["id"] and d.get("title")][:12]
    rendered = render(doc, others, layout=index % 4 if layout is None else layout)
    return rendered.html, rendered.truth


def rss(base: str, items: list[tuple[str, str, date | None]], title: str = "Iraq news") -> str:
    """An RSS 2.0 feed of (path, title, date) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(base + p)}</link><guid>{escape(base + p)}</guid>"
        + (f"<pubDate>{format_datetime(datetime(d.year, d.month, d.day, 9, tzinfo=timezone.utc))}</pubDate>" if d else "")
        + "</item>" for p, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{base}/</link><description>test</description>{entries}</channel></rss>")


def atom(base: str, items: list[tuple[str, str, date | None]]) -> str:
    entries = "".join(
        f'<entry><title>{escape(t)}</title><link href="{escape(base + p)}"/><id>{escape(base + p)}</id>'
        f"<updated>{(d or date(2021, 1, 1)).isoformat()}T09:00:00Z</updated></entry>" for p, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>'
            f'<id>{base}/atom</id><updated>2021-06-01T00:00:00Z</updated>{entries}</feed>')


def news_sitemap(base: str, items: list[tuple[str, str, date | None]]) -> str:
    urls = "".join(
        f"<url><loc>{escape(base + p)}</loc><news:news><news:publication><news:name>Sitemap News</news:name>"
        f"<news:language>en</news:language></news:publication>"
        f"<news:publication_date>{(d or date(2021, 1, 1)).isoformat()}</news:publication_date>"
        f"<news:title>{escape(t)}</news:title></news:news></url>" for p, t, d in items)
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')


def sitemap_index(base: str, children: list[tuple[str, date]]) -> str:
    entries = "".join(f"<sitemap><loc>{base}{p}</loc><lastmod>{d.isoformat()}</lastmod></sitemap>" for p, d in children)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>'


def published(index: int) -> date:
    return date.fromisoformat(DOCS[index]["published"])


class Newsroom:
    """The server, its article routes (/news/N), and what each served page holds."""

    def __init__(self, server: NewsServer) -> None:
        self.server = server
        self.truth: dict[str, dict[str, Any]] = {}
        server.routes["/robots.txt"] = page("User-agent: *\nDisallow: /private/\n", "text/plain")

    def add_article(self, index: int, path: str | None = None, layout: int | None = None) -> tuple[str, str, date]:
        html, truth = article_page(index, layout)
        path = path or f"/news/{index}"
        self.server.routes[path] = page(html)
        self.truth[path] = truth
        return path, truth["title"], published(index)

    def feed(self, path: str, items: list[tuple[str, str, date | None]], etag: str | None = None) -> None:
        body = rss(self.server.base, items).encode("utf-8")
        headers = {"ETag": etag} if etag else {}

        def route(request: Any) -> Reply:
            if etag and request.headers.get("if-none-match") == etag:
                return Reply(304, b"", headers)
            return Reply(200, body, {"Content-Type": "application/rss+xml", **headers})
        self.server.routes[path] = route


def gzipped(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"))


__all__ = ["Newsroom", "NewsServer", "Reply", "page", "redirect", "sequence", "status", "rss", "atom",
           "news_sitemap", "sitemap_index", "gzipped", "published", "DOCS"]
