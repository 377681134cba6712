"""Sources as a user writes them: a URL or folder, a name, a kind and a schedule.

    >>> parse_every("1h30m")
    5400
    >>> guess_kind("https://example.org/news-sitemap.xml")
    'sitemap'

``sources.toml`` seeds the database (``rasd sources load FILE``, or ``rasd watch --sources``)::

    [defaults]
    every = "30m"

    [[source]]
    url = "https://www.example.org/feed/"
    name = "Example News"
    every = "15m"          # kind is guessed from the URL unless given: rss, atom, sitemap, folder
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rasd.errors import ConfigError
from rasd.model import SOURCE_KINDS
from rasd.store.sources import SourceSpec

DEFAULT_EVERY = "30m"
#: polling faster than this is rude to a news site (and news does not move that fast)
MIN_EVERY_SECONDS = 10
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"(\d+)\s*([smhd])")


def parse_every(text: str | int) -> int:
    """``"15m"``, ``"1h30m"``, ``"2d"`` or a number of seconds → seconds."""
    if isinstance(text, int) or str(text).strip().isdigit():
        seconds = int(text)
    else:
        compact = str(text).strip().lower().replace(" ", "")
        parts = _EVERY.findall(compact)
        if not parts or "".join(n + u for n, u in parts) != compact:
            raise ConfigError(f"schedule {text!r} is not a duration; write e.g. 90s, 15m, 1h30m or 1d")
        seconds = sum(int(n) * _UNITS[u] for n, u in parts)
    if seconds < MIN_EVERY_SECONDS:
        raise ConfigError(f"schedule {text!r} is under {MIN_EVERY_SECONDS} seconds; poll less often")
    return seconds


def format_every(seconds: int) -> str:
    """The shortest way to write ``seconds`` (5400 → ``1h30m``)."""
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(parts) or "0s"


def is_web(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def guess_kind(url: str) -> str:
    """Folder for a local path, sitemap for a URL that says so, else a feed (RSS or Atom)."""
    if not is_web(url):
        return "folder"
    path = urlsplit(url).path.lower()
    return "sitemap" if "sitemap" in path else "rss"


def default_name(url: str) -> str:
    if not is_web(url):
        return Path(url).name or url
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def spec(url: str, name: str | None = None, kind: str | None = None, every: str | int = DEFAULT_EVERY) -> SourceSpec:
    """A checked source: a web URL for feeds and sitemaps, an existing folder for folders."""
    url = url.strip()
    scheme = urlsplit(url).scheme.lower()
    if len(scheme) > 1 and scheme not in ("http", "https", "file"):
        raise ConfigError(f"{url}: rasd watches http:// and https:// feeds and sitemaps, and local folders; not {scheme}://")
    kind = (kind or guess_kind(url)).lower()
    if kind not in SOURCE_KINDS:
        raise ConfigError(f"source kind {kind!r} is unknown; choose one of {', '.join(SOURCE_KINDS)}")
    if kind == "folder":
        folder = Path(url.removeprefix("file://")).expanduser()
        if not folder.is_dir():
            raise ConfigError(f"{url}: no such folder (a folder source watches a local directory)")
        url = str(folder.resolve())
    elif not is_web(url) or not urlsplit(url).hostname:
        raise ConfigError(f"{url}: a {kind} source needs an http:// or https:// URL")
    return SourceSpec(url=url, name=(name or default_name(url)).strip(), kind=kind, every_seconds=parse_every(every))


def load_toml(path: Path) -> list[SourceSpec]:
    """The sources of a ``sources.toml``; ``ConfigError`` names the file and the entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    defaults = data.get("defaults", {})
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: sources are [[source]] tables, each with a url")
    return [_entry(path, number, entry, defaults) for number, entry in enumerate(entries, 1)]


def _entry(path: Path, number: int, entry: Any, defaults: dict[str, Any]) -> SourceSpec:
    where = f"{path}: source {number}"
    if not isinstance(entry, dict) or not entry.get("url"):
        raise ConfigError(f"{where}: has no url")
    unknown = set(entry) - {"url", "name", "kind", "every"}
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; use url, name, kind, every")
    try:
        return spec(str(entry["url"]), entry.get("name"), entry.get("kind") or defaults.get("kind"),
                    entry.get("every") or defaults.get("every") or DEFAULT_EVERY)
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
