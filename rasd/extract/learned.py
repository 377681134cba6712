"""A statistical typer beside the rules: a linear model over a sentence's words, the letters
inside its words, and what the rules read in it.

``LinearTyper`` answers the same question as ``RuleTyper`` (does the sentence tell of an
incident, and of which ACLED type) with a multinomial logistic regression: one class per
(event type, sub-event type) seen in the development gold, and a class for "no incident". Its
features (``features``) are TF-IDF weighted word unigrams and bigrams, letter 4-grams of each
word (so "bombings" shares evidence with "bombed"), and, unless the model was fitted
without them, the lexicon triggers and the rules' decision as tokens of their own: the model
learns when to trust the rules. The weights are fitted by ``scripts/train_typer.py`` on the
real development gold and shipped in ``rasd/data/extract/typer.npz``; scoring a sentence is a
dictionary look-up per feature and one small matrix product (numpy only).

It is an option, not the default: on the development set it was not fitted on, it scores
below the rules (docs/extraction.md, "A learned typer", has the figures). Use it with
``Extractor(typer="learned")`` or the ``typer = "learned"`` setting.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from rasd.errors import InputError
from rasd.extract.lexicon import Lexicon, TriggerHit
from rasd.extract.typer import RuleTyper, Typing

NONE = "none"  # the class of a sentence that tells of no incident
_TOKEN = re.compile(r"[a-z]+|\d+", re.I)
_NGRAMS = (4,)  # letter 3- to 5-grams scored no better held out, at twice the size


def _words(sentence: str) -> list[tuple[str, int, int]]:
    """Lower-cased words with their spans; every number is one token ("0"): the model should
    learn "killed 0 people", not the figure."""
    return [("0" if m.group().isdigit() else m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def text_features(sentence: str) -> Counter[str]:
    """Word unigrams ("w:"), bigrams ("b:") and letter n-grams of each word ("c:"), counted."""
    words = [w for w, _, _ in _words(sentence)]
    found: Counter[str] = Counter(f"w:{w}" for w in words)
    found.update(f"b:{a} {b}" for a, b in zip(words, words[1:]))
    for word in words:
        padded = f" {word} "
        found.update(f"c:{padded[i:i + n]}" for n in _NGRAMS for i in range(len(padded) - n + 1))
    return found


def rule_features(hits: list[TriggerHit], typing: Typing | None) -> Counter[str]:
    """What the rules read ("r:"): each trigger's id, the rules' type (or none) and tier."""
    found: Counter[str] = Counter(f"r:trigger={h.trigger.id}" for h in hits)
    found[f"r:type={typing.sub_event_type if typing else NONE}"] += 1
    if typing is not None:
        found[f"r:tier={min(h.trigger.tier for h in hits)}"] += 1
        if typing.bare:
            found["r:bare"] += 1
    return found


def features(sentence: str, rules: RuleTyper | None) -> Counter[str]:
    """Every feature of a sentence: its text, and what the rules read (when ``rules`` is given)."""
    found = text_features(sentence)
    if rules is not None:
        found.update(rule_features(rules.lexicon.find_triggers(sentence), rules.type(sentence)))
    return found


#: feature blocks, each normalised on its own so that a sentence's hundreds of letter n-grams
#: do not drown its few words or the rules' one reading: words, letters, rules
_BLOCKS = {"w": 0, "b": 0, "c": 1, "r": 2}


class TyperModel:
    """A fitted linear typer: the vocabulary, each feature's IDF, and the weights.

    ``weights`` has one row per vocabulary entry and one column per class; ``classes`` are
    "event type|sub-event type" strings and ``NONE``. Each block of features (words, letters,
    rules) is L2-normalised on its own; the rules' block is then scaled by ``rule_weight``
    (0: a model of the text alone)."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, weights: np.ndarray, bias: np.ndarray,
                 classes: tuple[str, ...], rule_weight: float) -> None:
        self.vocabulary, self.idf, self.weights, self.bias = vocabulary, idf, weights, bias
        self.classes, self.rule_weight = classes, rule_weight
        self.blocks = np.zeros(len(vocabulary), dtype=np.int64)
        for name, i in vocabulary.items():
            self.blocks[i] = _BLOCKS[name[0]]
        self._scale = np.array([1.0, 1.0, rule_weight])

    def vector(self, found: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """Row indices and TF-IDF values (sublinear counts, each block L2-normalised) of the
        features the model knows."""
        known = [(self.vocabulary[name], count) for name, count in found.items() if count > 0 and name in self.vocabulary]
        rows = np.fromiter((i for i, _ in known), dtype=np.int64, count=len(known))
        values = np.fromiter((1.0 + math.log(c) for _, c in known), dtype=float, count=len(known)) * self.idf[rows]
        blocks = self.blocks[rows]
        norms = np.sqrt(np.bincount(blocks, weights=values * values, minlength=3))
        return rows, values * (self._scale / np.where(norms > 0, norms, 1.0))[blocks]

    def probabilities(self, found: Counter[str]) -> np.ndarray:
        rows, values = self.vector(found)
        z = self.bias + values @ self.weights[rows]
        z = np.exp(z - z.max())
        return z / z.sum()

    @classmethod
    def from_file(cls, path: str | Path) -> TyperModel:
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                vocabulary = {str(name): i for i, name in enumerate(data["vocabulary"])}
                return cls(vocabulary, data["idf"].astype(float), data["weights"].astype(float),
                           data["bias"].astype(float), tuple(str(c) for c in data["classes"]),
                           float(data["rule_weight"]))
        except (OSError, ValueError, KeyError) as error:
            raise InputError(str(path), f"not a typer model ({error}); rebuild it with scripts/train_typer.py") from None

    def save(self, path: str | Path) -> None:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(Path(path), vocabulary=np.array(names), idf=self.idf.astype(np.float32),
                            weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                            classes=np.array(self.classes), rule_weight=np.float32(self.rule_weight))


class LinearTyper:
    """The linear model as a ``Typer`` (see module doc). The span it answers is the rules'
    trigger for the type it chose when the sentence has one, else the word that weighed most
    for that type."""

    def __init__(self, model: TyperModel, lexicon: Lexicon) -> None:
        self.model = model
        self.rules = RuleTyper(lexicon)
        self._none = model.classes.index(NONE)

    @classmethod
    def default(cls, lexicon: Lexicon) -> LinearTyper:
        """The model that ships with rasd (fitted on both development sets)."""
        return cls(_default_model(), lexicon)

    def type(self, sentence: str) -> Typing | None:
        found = text_features(sentence)
        ruled = self.rules.type(sentence)
        if self.model.rule_weight:
            found.update(rule_features(self.rules.lexicon.find_triggers(sentence), ruled))
        probabilities = self.model.probabilities(found)
        if probabilities[self._none] >= 0.5:
            return None
        probabilities[self._none] = -1.0
        best = int(probabilities.argmax())
        event_type, sub = self.model.classes[best].split("|")
        score = round(float(probabilities[best]), 4)
        if ruled is not None and ruled.event_type == event_type:
            # the span, bareness and plurality the rules read for the same type
            return replace(ruled, sub_event_type=sub, score=score, rules=("typer-model", *ruled.rules))
        hits = [h for h in self.rules.lexicon.find_triggers(sentence) if h.trigger.event_type == event_type]
        if hits:
            return Typing(event_type, sub, hits[0].start, hits[0].end, score, ("typer-model", hits[0].trigger.id))
        start, end = self._strongest_word(sentence, best)
        return Typing(event_type, sub, start, end, score, ("typer-model",))

    def _strongest_word(self, sentence: str, column: int) -> tuple[int, int]:
        weight = {w: float(self.model.weights[i, column]) for w, i in
                  ((w, self.model.vocabulary.get(f"w:{w}")) for w, _, _ in _words(sentence)) if i is not None}
        spans = [(weight.get(w, -math.inf), start, end) for w, start, end in _words(sentence)]
        return max(spans)[1:] if spans else (0, 0)


MODEL_FILE = Path(str(resources.files("rasd") / "data" / "extract" / "typer.npz"))


@cache
def _default_model() -> TyperModel:
    return TyperModel.from_file(MODEL_FILE)
