"""The learned typer (rasd/extract/learned.py): the shipped model, its file format, and the
script that fits it (scripts/train_typer.py), on sentences written for these tests."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from rasd.errors import ConfigError, InputError
from rasd.extract import Extractor
from rasd.extract.learned import NONE, LinearTyper, TyperModel, features
from rasd.extract.lexicon import Lexicon
from rasd.extract.typer import RuleTyper
from rasd.model import Article

ROOT = Path(__file__).resolve().parent.parent
LEXICON = Lexicon.default()
TYPER = LinearTyper.default(LEXICON)


def test_the_shipped_model_loads_with_a_class_per_type_and_one_for_none():
    model = TYPER.model
    assert NONE in model.classes and len(model.classes) > 10
    assert all("|" in c for c in model.classes if c != NONE)
    assert model.weights.shape == (len(model.vocabulary), len(model.classes))
    assert len(model.vocabulary) > 1000 and model.rule_weight > 0


@pytest.mark.parametrize(
    ("sentence", "sub_event_type", "words"),
    [
        ("A car bomb exploded outside a crowded market in Hilla on Sunday, killing nine shoppers.",
         "Remote explosive/landmine/IED", "car bomb"),
        ("Warplanes bombed militant hideouts west of Mosul overnight, the ministry said.", "Air/drone strike", "Warplanes"),
        ("A suicide bomber blew himself up among mourners at a funeral in Tal Afar, killing 14 people.",
         "Suicide bomb", "suicide bomber"),
        ("Gunmen and soldiers exchanged fire for two hours near a checkpoint in Tarmiyah.", "Armed clash", "exchanged fire"),
        ("Police arrested four men suspected of planting bombs in the city, a spokesman said.", "Arrests", "arrested"),
        ("Hundreds of teachers rallied peacefully outside the education directorate in Diwaniya on Monday "
         "to demand unpaid salaries.", "Peaceful protest", "rallied"),
    ],
)
def test_obvious_incidents_are_typed_with_the_words_that_decided(sentence, sub_event_type, words):
    typing = TYPER.type(sentence)
    assert typing is not None and typing.sub_event_type == sub_event_type
    assert sentence[typing.start : typing.end] == words
    assert 0.5 <= typing.score <= 1 and typing.rules[0] == "typer-model"


@pytest.mark.parametrize(
    "sentence",
    [
        "The foreign minister met his Turkish counterpart in Ankara to discuss water sharing.",
        "The weather will be sunny and hot across the south this week, forecasters said.",
        "Parliament is expected to vote on the budget next month.",
    ],
)
def test_sentences_of_no_incident_are_none(sentence):
    assert TYPER.type(sentence) is None


def test_typing_is_deterministic():
    sentence = "A roadside bomb struck an army convoy near Tikrit, wounding three soldiers."
    assert {TYPER.type(sentence) for _ in range(3)} == {TYPER.type(sentence)}
    fresh = LinearTyper(TyperModel.from_file(ROOT / "rasd/data/extract/typer.npz"), LEXICON)
    assert fresh.type(sentence) == TYPER.type(sentence)


def test_save_and_load_round_trip(tmp_path):
    path = tmp_path / "model.npz"
    TYPER.model.save(path)
    loaded = TyperModel.from_file(path)
    assert loaded.classes == TYPER.model.classes and loaded.vocabulary == TYPER.model.vocabulary
    assert loaded.rule_weight == TYPER.model.rule_weight
    found = features("Mortar shells landed on a village near Balad, killing a farmer.", RuleTyper(LEXICON))
    assert np.array_equal(loaded.probabilities(found), TYPER.model.probabilities(found))


def test_a_file_that_is_no_model_is_refused_by_name(tmp_path):
    path = tmp_path / "typer.npz"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="typer.npz.*not a typer model"):
        TyperModel.from_file(path)


def test_the_extractor_takes_the_typer_by_name():
    article = Article("t1", "KIRKUK / A sticky bomb attached to a car exploded in central Kirkuk on Tuesday, "
                      "killing two passers-by, police said.", date(2012, 3, 7))
    [learned] = Extractor(typer="learned").extract(article)
    [ruled] = Extractor(typer="rules").extract(article)
    assert learned.rules[0] == "typer-model" and ruled.rules[0] != "typer-model"
    assert (learned.sub_event_type, learned.location, learned.fatalities) == (ruled.sub_event_type, "Kirkuk", 2)
    with pytest.raises(ConfigError, match="unknown typer 'neural'"):
        Extractor(typer="neural")


def _tiny_set(source: Path, folder: Path, size: int) -> Path:
    """The first ``size`` reports of a gold set, with their gold events."""
    folder.mkdir()
    for name in ("docs.jsonl", "gold.jsonl"):
        lines = (source / name).read_text(encoding="utf-8").splitlines()[:size]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_the_training_script_fits_and_writes_a_model_on_a_tiny_set(tmp_path):
    first = _tiny_set(ROOT / "tests/data/gold", tmp_path / "one", 12)
    second = _tiny_set(ROOT / "tests/data/gold2", tmp_path / "two", 12)
    out = tmp_path / "fitted.npz"
    done = subprocess.run([sys.executable, str(ROOT / "scripts/train_typer.py"), "--sets", str(first), str(second),
                           "--others", str(first), "--write", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert {line.split(" | ")[0] for line in rows} >= {"| one", "| two"}
    assert any("model of one: text + rules' reading" in line for line in rows)
    model = TyperModel.from_file(out)
    trained = {event["sub_event_type"] for name in (first, second)
               for line in (name / "gold.jsonl").read_text().splitlines() for event in json.loads(line)["events"]}
    assert NONE in model.classes and {c.split("|")[1] for c in model.classes if c != NONE} <= trained
    assert LinearTyper(model, LEXICON).type("The minister met the ambassador for talks on trade.") is None
