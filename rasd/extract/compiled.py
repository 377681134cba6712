"""Regular expressions compiled once per machine, not once per process.

The lexicon, the casualty phrasing and the actor names are a few hundred large regular
expressions; parsing and compiling them was most of a run's start-up (half a second, paid again
by every ``rasd`` command and every Dask worker). What the regex engine runs (its code for a
pattern) depends only on the pattern, its flags and the Python version, so it is kept on disk,
one small file per pattern named by a hash of all three, and handed to the engine directly the
next time; an analysis of the parsed pattern (``Folded``'s needles) is kept beside it. A changed
pattern has another hash, so nothing goes stale; a missing, unreadable or unwritable cache only
costs the compile. The folder is ``RASD_CACHE_DIR``, else ``$XDG_CACHE_HOME/rasd``, else
``~/.cache/rasd`` (its ``regex`` subfolder); ``RASD_CACHE_DIR=off`` turns the cache off.

The engine's code is produced by ``re._compiler`` and accepted by ``_sre.compile``, both
private; the pattern is compiled as usual whenever they are not as this module expects.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import sys
import tempfile
from array import array
from collections.abc import Callable
from pathlib import Path
from re import _compiler, _parser
from typing import Any

import _sre

log = logging.getLogger(__name__)

#: the cache holds at most this many patterns; the oldest files go first when it is full
MAX_FILES = 4000
_VERSION = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{sys.version}"

Analysis = Callable[[Any], Any]  # a parsed pattern (re._parser.SubPattern) → anything picklable


def cache_dir() -> Path | None:
    """The folder compiled patterns are kept in, or None when caching is off."""
    configured = os.environ.get("RASD_CACHE_DIR", "")
    if configured.lower() in ("off", "0", "none", "false"):
        return None
    if configured:
        return Path(configured) / "regex"
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # no home folder to put it in (a bare container user): compile each time
        return None
    return Path(base) / "rasd" / "regex"


def compile_analysed(pattern: str, flags: int, analyse: Analysis, analysis_version: str) -> tuple[re.Pattern[str], Any]:
    """``re.compile(pattern, flags)`` and ``analyse`` of its parse tree, from the cache when it
    holds them (``analysis_version`` names the analysis: a new one is computed afresh)."""
    folder = cache_dir()
    digest = hashlib.sha256(f"{_VERSION}\0{analysis_version}\0{flags}\0{pattern}".encode()).hexdigest()
    path = folder / f"{digest[:40]}.pickle" if folder is not None else None
    if path is not None:
        loaded = _load(path, pattern)
        if loaded is not None:
            return loaded
    parsed = _parser.parse(pattern, flags)  # parsed once, for the analysis and the engine's code
    analysis = analyse(parsed)
    try:
        entry = _entry(parsed, flags)
        compiled = _engine(pattern, entry)
    except Exception:  # noqa: BLE001 -- a Python whose private compiler differs: compile as usual
        return re.compile(pattern, flags), analysis
    if path is not None:
        _store(path, (pattern, entry, analysis))
    return compiled, analysis


def _entry(parsed: Any, flags: int) -> tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]:
    """What ``_sre.compile`` needs beside the pattern, as ``re._compiler.compile`` makes it."""
    code = _compiler._code(parsed, flags)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, _words(code), parsed.state.groups - 1,
            dict(parsed.state.groupdict), tuple(indexgroup))


def _words(code: list[int]) -> bytes:
    return array("I", code).tobytes()


def _engine(pattern: str, entry: tuple) -> re.Pattern[str]:
    final_flags, words, groups, groupindex, indexgroup = entry
    code = array("I")
    code.frombytes(words)
    return _sre.compile(pattern, final_flags, code.tolist(), groups, groupindex, indexgroup)


def _load(path: Path, pattern: str) -> tuple[re.Pattern[str], Any] | None:
    try:
        with open(path, "rb") as handle:
            stored_pattern, entry, analysis = pickle.load(handle)
        if stored_pattern != pattern:
            return None  # a hash collision, however unlikely, is no match
        return _engine(pattern, entry), analysis
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001 -- a damaged or foreign file: compile instead
        log.debug("regex cache %s unusable (%s); compiling", path, error)
        return None


def _store(path: Path, value: tuple) -> None:
    """Write ``value`` to ``path`` whole or not at all (processes may write the same entry at once)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        log.debug("regex cache %s not written (%s)", path, error)
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """Keep the newest half when the folder is full (old lexicons' patterns are never asked again)."""
    try:
        files = list(folder.glob("*.pickle"))
        if len(files) <= MAX_FILES:
            return
        files.sort(key=lambda f: f.stat().st_mtime)
        for old in files[: len(files) - MAX_FILES // 2]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned first
