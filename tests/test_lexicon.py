"""The lexicon is data loaded into an object: every cue kind the code reads exists, ids are
unique, a malformed directory is a clear error, and two lexicons live side by side."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.extract import Extractor
from rasd.extract.lexicon import CUE_KINDS, Lexicon
from rasd.model import Article

DATA = Path(__file__).resolve().parent.parent / "rasd" / "data" / "lexicon"
CODE = Path(__file__).resolve().parent.parent / "rasd" / "extract"


def _kinds_in_code() -> set[str]:
    used: set[str] = set()
    for path in CODE.glob("*.py"):
        used |= set(re.findall(r"""\b(?:cue|fired|pattern)\(\s*["'](\w+)["']""", path.read_text(encoding="utf-8")))
    return used


def test_every_cue_kind_the_code_reads_is_declared_and_in_the_data():
    used = _kinds_in_code()
    assert used, "the extractor reads no cue at all?"
    assert used <= CUE_KINDS
    data_kinds = {e.kind for e in Lexicon.default().entries}
    assert data_kinds == CUE_KINDS


def test_every_declared_cue_kind_is_read_by_the_code():
    # a kind no code asks for is dead data (cue() calls in rasd/extract, or keys read by name)
    unread = CUE_KINDS - _kinds_in_code()
    assert unread == set()


def test_entry_ids_are_unique_and_name_what_fired():
    lexicon = Lexicon.default()
    ids = [t.id for t in lexicon.triggers] + [e.id for e in lexicon.entries]
    assert len(ids) == len(set(ids))
    assert lexicon.fired("aggregate", "the number of attacks rose sharply") is not None
    assert lexicon.fired("aggregate", "A bomb exploded in Amarah.") is None


def test_unknown_cue_kind_is_an_error_not_none():
    with pytest.raises(KeyError, match="no_such_kind"):
        Lexicon.default().cue("no_such_kind", "text")


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(DATA, target)
    return target


def _rewrite(path: Path, keep) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows if keep(r)), encoding="utf-8")


def test_a_directory_lacking_a_cue_kind_is_refused_with_its_name(tmp_path):
    directory = _copy(tmp_path)
    _rewrite(directory / "modifiers.jsonl", lambda r: r.get("kind") != "aggregate")
    with pytest.raises(InputError, match="aggregate"):
        Lexicon.from_dir(directory)


def test_an_unknown_kind_names_file_and_line(tmp_path):
    directory = _copy(tmp_path)
    with open(directory / "modifiers.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "x", "kind": "typo_kind", "pattern": "x"}) + "\n")
    with pytest.raises(InputError, match=r"modifiers\.jsonl:\d+.*typo_kind"):
        Lexicon.from_dir(directory)


def test_two_lexicons_in_one_process(tmp_path):
    directory = _copy(tmp_path)
    with open(directory / "triggers.jsonl", "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "skirmish", "pattern": "skirmish(?:ed|es)?", "event_type": "Battles",
                                 "sub_event_type": "Armed clash", "rank": 10, "tier": 1}) + "\n")
    article = Article("a", "Police skirmished with militants in Ramadi on Monday.", date(2014, 3, 4))
    assert Extractor().extract(article) == []
    (event,) = Extractor(lexicon=Lexicon.from_dir(directory)).extract(article)
    assert (event.sub_event_type, event.location) == ("Armed clash", "Ramadi")
    assert Extractor().extract(article) == []  # the default is untouched


@pytest.mark.parametrize(("kind", "text"), [
    ("anaphora", "“The village lies 30 km north of Baquba,” a police officer said."),
    ("series_item", "(The first blast hit a market in Baquba.)"),
    ("item_other", "— and the other in Amil that wounded four"),
])
def test_a_cue_opening_on_non_word_characters_skips_quotes_and_dashes(kind, text):
    # written ``^\W*``: lower-casing the pattern once made it ``^\w*``, which skips letters instead
    match = Lexicon.default().cue(kind, text)
    assert match and match.start() == 0


@pytest.mark.parametrize(("kind", "text"), [
    ("anaphora", "Blythe town lies 30 km north of the border."),
    ("item_other", "Whoanother in Amil"),
])
def test_a_cue_opening_on_non_word_characters_does_not_skip_letters(kind, text):
    assert Lexicon.default().cue(kind, text) is None
