"""Canonical URLs, so a story is fetched once however it is linked.

    >>> canonical("HTTP://WWW.Example.org:80/story?utm_source=rss&b=2&a=1#comments")
    'http://www.example.org/story?a=1&b=2'

courlan lower-cases the host, drops the default port and tracking parameters (utm_*, fbclid,
...) and sorts the query; the fragment never names another page, so it goes too.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit


def canonical(url: str, base: str | None = None) -> str:
    """``url`` (resolved against ``base``) in canonical form; unparseable URLs come back trimmed."""
    from courlan import normalize_url

    url = urljoin(base, url.strip()) if base else url.strip()
    try:
        url = normalize_url(url)
    except (ValueError, AttributeError):
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
