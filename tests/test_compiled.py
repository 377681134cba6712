"""The compile cache hands back the very pattern ``re.compile`` makes, and any trouble with the
cache costs only a compile."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rasd.extract import compiled
from rasd.extract.compiled import compile_analysed
from rasd.extract.folded import Folded
from rasd.extract.lexicon import Lexicon

TEXTS = [
    "BAGHDAD, June 2 - A roadside bomb exploded near a police patrol in Amarah on Monday, killing two.",
    "Gunmen shot dead a shopkeeper in Kampala, Uganda; three others were wounded.\nMay 3: no casualties",
    "السلام عليكم in Mosul — 12 dead, ١٢ hurt",
    "",
]
PATTERNS = [
    (r"(?<![\w-])(?P<what>roadside bomb|car bomb|bombs?)(?![\w-])", 0),
    (r"^(?:may|june) \d+", re.M),
    (r"(?P<dead>\d+) dead(?:, (?P<hurt>\d+) hurt)?", 0),
    (r"(?i:Mosul)|kampala", 0),
    (r"\w+ (?=in)", re.ASCII),
]


def _count(parsed) -> int:  # noqa: ANN001 -- an analysis: the parse tree's top-level items
    return len(parsed.data)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path))
    return tmp_path / "regex"


def _same(got: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert (got.pattern, got.flags, got.groups, got.groupindex) == \
        (expected.pattern, expected.flags, expected.groups, expected.groupindex)
    for text in TEXTS:
        assert [(m.span(), m.groupdict(), m.lastgroup) for m in got.finditer(text)] == \
            [(m.span(), m.groupdict(), m.lastgroup) for m in expected.finditer(text)]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_pattern_from_the_cache_is_the_pattern_compiled(cache: Path, pattern: str, flags: int) -> None:
    first, analysis = compile_analysed(pattern, flags, _count, "v1")
    assert len(list(cache.glob("*.pickle"))) == 1
    again, cached_analysis = compile_analysed(pattern, flags, _count, "v1")
    assert cached_analysis == analysis == len(re._parser.parse(pattern, flags).data)
    _same(first, pattern, flags)
    _same(again, pattern, flags)


def test_the_lexicon_from_the_cache_reads_as_compiled(cache: Path) -> None:
    cold = Lexicon.from_dir(Path(compiled.__file__).parent.parent / "data" / "lexicon")
    assert len(list(cache.glob("*.pickle"))) > 100
    warm = Lexicon.from_dir(Path(compiled.__file__).parent.parent / "data" / "lexicon")
    for a, b in zip(cold.triggers, warm.triggers, strict=True):
        assert (a.pattern.folded, a.pattern.needles) == (b.pattern.folded, b.pattern.needles)
        _same(b.pattern.folded, a.pattern.folded.pattern, a.pattern.flags)


def test_a_damaged_entry_is_compiled_afresh(cache: Path) -> None:
    pattern, flags = PATTERNS[0]
    compile_analysed(pattern, flags, _count, "v1")
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    got, analysis = compile_analysed(pattern, flags, _count, "v1")
    _same(got, pattern, flags)
    assert entry.read_bytes() != b"not a pickle"  # rewritten


def test_a_new_analysis_or_pattern_is_a_new_entry(cache: Path) -> None:
    compile_analysed("bomb", 0, _count, "v1")
    assert compile_analysed("bomb", 0, lambda parsed: "other", "v2")[1] == "other"
    compile_analysed("bombs", 0, _count, "v1")
    assert len(list(cache.glob("*.pickle"))) == 3


def test_no_cache_when_off_or_unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_CACHE_DIR", "off")
    assert compiled.cache_dir() is None
    _same(compile_analysed("car bomb", 0, _count, "v1")[0], "car bomb", 0)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("RASD_CACHE_DIR", str(blocker))  # its regex folder cannot be made
    _same(compile_analysed("car bomb", 0, _count, "v1")[0], "car bomb", 0)
    assert blocker.is_file()


def test_a_bad_pattern_is_the_error_re_gives(cache: Path) -> None:
    with pytest.raises(re.error, match="missing"):
        Folded(r"(?:bomb")


def test_a_full_cache_keeps_its_newest_half(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "MAX_FILES", 4)
    for i in range(5):
        compile_analysed(f"bomb{i}", 0, _count, "v1")
    assert len(list(cache.glob("*.pickle"))) == 2


def test_the_default_folder_is_the_users_cache_and_none_without_a_home(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    monkeypatch.delenv("RASD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compiled.cache_dir() == tmp_path / "rasd" / "regex"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert compiled.cache_dir() is None
    _same(compile_analysed("car bomb", 0, _count, "v1")[0], "car bomb", 0)
