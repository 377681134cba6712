"""News article pages rebuilt around real report texts, as four common kinds of news site serve them.

The shared examples are texts "trimmed of page clutter"; a watcher fetches the clutter too. To
measure HTML extraction on them, each report is put back into a page of one of four layouts
seen on news sites, with the furniture that makes extraction hard: menus, a breaking-news ticker
and "most read" lists made of *other reports' headlines* (the trap: a headline is an event to a
careless reader), share buttons, cookie banners, captions, related-story boxes inside the body,
comments, and a date written in one of several ways (page metadata, ``<time>``, JSON-LD, only in
the visible byline, only in the URL).

    page = render(doc, others, layout=2)   # -> Rendered(html, url, truth)

Deterministic: the same document, neighbours and layout give the same page.
"""

from __future__ import annotations

import html
import json
import random
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

LAYOUTS = ("blog", "wire", "portal", "modern")
OUTLET_SITES = {"blog": "musings.example.net", "wire": "wire.example.com", "portal": "portal.example.iq",
                "modern": "news.example.org"}


@dataclass(frozen=True)
class Rendered:
    html: str
    url: str
    layout: str
    truth: dict[str, Any]  # id, text, title, published, outlet


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def paragraphs(text: str) -> list[str]:
    """The report's paragraphs: blank-line separated, or one a line."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) == 1:
        blocks = [line.strip() for line in text.splitlines() if line.strip()]
    return [" ".join(b.split()) for b in blocks]


def _body_paragraphs(doc: dict[str, Any]) -> list[str]:
    """The report's paragraphs without a leading dateline or headline line (they go in the header)."""
    paras = paragraphs(doc["text"])
    title = (doc.get("title") or "").strip().lower()
    while paras and (len(paras[0]) < 40 and not paras[0].endswith(".") or paras[0].strip().lower() == title):
        paras = paras[1:]
    return paras or paragraphs(doc["text"])


def _long_date(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def _links(items: list[str], slug: str) -> str:
    return "".join(f'<li><a href="/{slug}/{i}">{_e(t)}</a></li>' for i, t in enumerate(items))


def _head(title: str, site: str, published: date | None, meta: str, rng: random.Random) -> str:
    parts = [f"<title>{_e(title)} | {_e(site)}</title>", '<meta charset="utf-8">',
             f'<meta property="og:site_name" content="{_e(site)}">']
    if published and meta == "meta":
        parts.append(f'<meta property="article:published_time" content="{published.isoformat()}T{rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}:00+03:00">')
    if published and meta == "jsonld":
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                "datePublished": published.isoformat(), "publisher": {"@type": "Organization", "name": site}}
        parts.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    parts.append('<link rel="stylesheet" href="/static/site.css"><script src="/static/ads.js"></script>')
    return "<head>" + "".join(parts) + "</head>"


def _blog(doc, paras, others, published, rng) -> str:
    site = doc.get("outlet") or "Musings"
    meta = rng.choice(["meta", "time", "jsonld"])
    stamp = (f'<time class="entry-date" datetime="{published.isoformat()}T09:00:00">{_long_date(published)}</time>'
             if published else "")
    comments = "".join(f'<li class="comment"><p class="comment-author">reader{i}</p><p>{_e(t)}? I read elsewhere that it was worse. '
                       f"Thanks for writing about this.</p></li>" for i, t in enumerate(others[:2]))
    return (f"<!doctype html><html>{_head(doc['title'], site, published, meta, rng)}<body class='single-post'>"
            f"<header id='masthead'><p class='site-title'><a href='/'>{_e(site)}</a></p><nav><ul><li><a href='/'>Home</a></li>"
            f"<li><a href='/about'>About</a></li><li><a href='/archive'>Archive</a></li></ul></nav></header>"
            f"<div id='content'><article class='post'><h1 class='entry-title'>{_e(doc['title'])}</h1>"
            f"<div class='entry-meta'>Posted on {stamp} by <span class='author'>Joel</span></div>"
            f"<div class='entry-content'>{''.join(f'<p>{_e(p)}</p>' for p in paras)}</div>"
            f"<footer class='entry-footer'>Tags: Iraq, security, {_e(site)}</footer></article>"
            f"<div id='comments'><h2>{len(others[:2])} comments</h2><ol>{comments}</ol></div></div>"
            f"<aside id='secondary'><h2>Recent posts</h2><ul>{_links(others[2:7], 'post')}</ul>"
            f"<h2>Archives</h2><ul><li>June 2011</li><li>May 2011</li></ul></aside>"
            f"<footer id='colophon'>Proudly powered by a blog engine. © {_e(site)}</footer></body></html>")


def _wire(doc, paras, others, published, rng) -> str:
    site = doc.get("outlet") or "Wire"
    meta = rng.choice(["visible", "jsonld"])
    related = f'<p class="related"><strong>Related:</strong> <a href="/story/r">{_e(others[0])}</a></p>'
    body = [f"<p>{_e(p)}</p>" for p in paras]
    body.insert(min(2, len(body)), related)
    dated = f"Published: {published.strftime('%d %B %Y')} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d} GMT" if published else ""
    return (f"<!doctype html><html>{_head(doc['title'], site, published, meta, rng)}<body>"
            f"<div class='cookie-banner'>We use cookies to improve your experience. By continuing you accept our "
            f"use of cookies. <button>Accept</button></div>"
            f"<div class='top-bar'><a href='/'>{_e(site)}</a> | <a href='/world'>World</a> | <a href='/mideast'>Middle East</a></div>"
            f"<div class='story'><h1>{_e(doc['title'])}</h1><span class='date'>{dated}</span>"
            f"<div class='share'>Share on Facebook · Share on Twitter · Email</div>"
            f"<div class='story-body'>{''.join(body)}</div>"
            f"<div class='read-more'><h3>Read more</h3><ul>{_links(others[1:4], 'story')}</ul></div></div>"
            f"<div class='footer'>© {_e(site)}. All rights reserved. Terms · Privacy</div></body></html>")


def _portal(doc, paras, others, published, rng) -> str:
    site = doc.get("outlet") or "Portal"
    meta = rng.choice(["meta", "url"])
    ticker = " ◆ ".join(_e(t) for t in others[:4])
    date_meta = f'<meta name="date" content="{published.isoformat()}">' if published and meta == "meta" else ""
    text = "<br><br>".join(_e(p) for p in paras)
    return (f"<!doctype html><html><head><title>{_e(site)} - {_e(doc['title'])}</title>{date_meta}</head><body>"
            f"<table width='100%'><tr><td class='logo'>{_e(site)}</td><td class='menu'><a href='/'>Home</a> "
            f"<a href='/security'>Security</a> <a href='/politics'>Politics</a> <a href='/economy'>Economy</a></td></tr></table>"
            f"<div class='ticker'><b>Breaking:</b> {ticker}</div>"
            f"<div class='main'><div class='headline'>{_e(doc['title'])}</div>"
            f"<div class='article-text'>{text}</div>"
            f"<div class='social'>Like · Tweet · Print this article</div></div>"
            f"<div class='sidebar'><div class='box'><h4>Most read</h4><ol>{_links(others[4:9], 'news')}</ol></div>"
            f"<div class='box'><h4>Weather</h4>Baghdad 44°C</div></div>"
            f"<div class='bottom'>All rights reserved {_e(site)} 2011</div></body></html>")


def _modern(doc, paras, others, published, rng) -> str:
    site = doc.get("outlet") or "News"
    meta = rng.choice(["meta", "time", "jsonld"])
    stamp = (f"<time datetime='{published.isoformat()}T12:00:00Z'>{published.strftime('%d %b %Y')}</time>"
             if published and meta != "meta" else "")
    body = [f"<p>{_e(p)}</p>" for p in paras]
    body.insert(min(3, len(body)), "<div class='newsletter'><p>Sign up for our daily briefing: the news that "
                                   "matters, in your inbox every morning.</p><form><input type='email'></form></div>")
    caption = "Iraqi security forces at a checkpoint. Photo: agency"
    return (f"<!doctype html><html>{_head(doc['title'], site, published, meta, rng)}<body>"
            f"<header><a class='logo' href='/'>{_e(site)}</a><nav><a href='/news'>News</a><a href='/analysis'>Analysis</a>"
            f"<a href='/video'>Video</a></nav></header><main><article><header><h1>{_e(doc['title'])}</h1>"
            f"<p class='byline'>By staff writers {stamp}</p></header>"
            f"<figure><img src='/img/1.jpg' alt=''><figcaption>{caption}</figcaption></figure>"
            f"{''.join(body)}<section class='related'><h2>More on this story</h2><ul>{_links(others[1:4], 'a')}</ul></section>"
            f"</article></main><footer><p>© {_e(site)}</p><p>About us · Contact · Corrections</p></footer></body></html>")


_RENDER = {"blog": _blog, "wire": _wire, "portal": _portal, "modern": _modern}


def render(doc: dict[str, Any], others: list[str], layout: int | str | None = None, seed: int = 2011) -> Rendered:
    """``doc`` (a docs.jsonl record) as a news page; ``others`` are other reports' headlines."""
    rng = random.Random(f"{seed}:{doc['id']}")
    if not doc.get("title"):  # every page has a headline: an untitled report gets its first words
        doc = {**doc, "title": " ".join(paragraphs(doc["text"])[0].split()[:10])}
    name = layout if isinstance(layout, str) else LAYOUTS[(layout if layout is not None else rng.randrange(4)) % 4]
    published = date.fromisoformat(doc["published"]) if doc.get("published") else None
    pool = list(others) + ["Iraq news roundup"] * 9
    page = _RENDER[name](doc, _body_paragraphs(doc), pool, published, rng)
    slug = re.sub(r"[^a-z0-9]+", "-", (doc.get("title") or doc["id"]).lower()).strip("-")[:60]
    path = f"/{published.year}/{published.month:02d}/{published.day:02d}/{slug}" if published else f"/story/{slug}"
    url = f"https://{OUTLET_SITES[name]}{path}"
    truth = {"id": doc["id"], "text": doc["text"], "title": doc.get("title"), "published": doc.get("published"),
             "outlet": doc.get("outlet")}
    return Rendered(page, url, name, truth)
