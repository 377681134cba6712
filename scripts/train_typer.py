"""Fit the linear typer (``rasd.extract.learned``) on the real development gold and measure it
against the rules, held out both ways.

    .venv/bin/python scripts/train_typer.py [--write]

Training sentences come from the gold: rasd's own sentence splitter cuts each report, and

- the sentence that holds a required gold event's evidence (the first one the rules type, when
  the evidence spans several) is a positive of that event's (event type, sub-event type);
- a sentence holding only optional events (background, council votes, alternative splits) is
  left out: finding them earns credit, missing them costs nothing, so they teach neither side;
- a sentence that elaborates an event without being its evidence (the rest of a multi-sentence
  evidence, or a sentence the rules type within two sentences after an evidence in the same or
  next paragraph: "The blast also wounded five") is left out: the extractor merges it into its
  event, so it is no incident of its own, yet it is not "nothing happened" either;
- every other sentence of the same reports is a negative (class "none").

The model is a multinomial logistic regression (L2, balanced class weights, fitted with
scipy's L-BFGS: deterministic, no random state). Held out: fitted on ``examples`` and scored by
``rasd evaluate``'s rules on ``real2`` with the whole extractor, and the other way round, for
the rules, the model of the text alone, the model of the text and the rules' reading, and the
rules with a learned veto (``VetoTyper``); then the model fitted on both sets against the rules
on the invented sets and the snippets. ``--write`` ships the model of both sets in
rasd/data/extract/typer.npz.

The veto is the rules' precision filter: a sentence the rules type is dropped when a binary
model of the same features gives it a chance below a threshold of starting a right event.
Its labels come from what the rules' extractor does with the training set: a sentence is the
evidence of events that match gold ones (``INCIDENT``) or only of spurious ones (``NONE``);
vetoing exactly the latter (the "oracle" row) shows what a perfect veto would earn. The
threshold is chosen by five-fold cross-validation over the training set's reports.
"""

from __future__ import annotations

import argparse
import math
import re
import time
from collections import Counter
from pathlib import Path
from typing import Callable

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from rasd.evaluate import DocScore, EvalReport, _article, _read_jsonl, score_articles
from rasd.extract import Extractor
from rasd.extract.learned import MODEL_FILE, NONE, LinearTyper, TyperModel, features
from rasd.extract.lexicon import Lexicon
from rasd.extract.sentences import Sentence, split_sentences
from rasd.extract.typer import RuleTyper, Typer, Typing

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "examples"
DEV = {"examples": SHARED, "real2": SHARED / "real2"}
OTHER = (ROOT / "tests/data/gold", ROOT / "tests/data/gold2", ROOT / "tests/data/snippets")
C = 10.0  # inverse L2 strength, as scikit-learn's LogisticRegression(C=...)
RULE_WEIGHT = 3.0  # how loud the rules' reading is beside the words (1: one more word)
MIN_DF = 3  # a feature seen in one or two training sentences only is noise
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # veto thresholds tried (0: no veto)
ELABORATION = 2  # sentences after an evidence that may elaborate it


def _evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    """Where ``evidence`` is in ``text``, whitespace-normalised (the gold's rule)."""
    found = re.search(r"\s*".join(re.escape(word) for word in evidence.split()), text)
    return (found.start(), found.end()) if found else None


INCIDENT = "incident"  # the veto's other class: a sentence that starts a right event

#: labels of sentences the typer model learns nothing from (module doc)
OPTIONAL, ELABORATES = "optional", "elaborates"


def _labels(text: str, events: list[dict], rules: RuleTyper) -> list[tuple[Sentence, str]]:
    """Each sentence of a report with its class, ``OPTIONAL`` or ``ELABORATES`` (module doc)."""
    sentences = split_sentences(text)
    ends = [s.start for s in sentences[1:]] + [len(text)]
    labels: dict[int, str] = {}
    told: list[int] = []
    for event in sorted(events, key=lambda e: bool(e.get("optional"))):  # required events first
        span = _evidence_span(text, event["evidence"])
        over = [i for i, s in enumerate(sentences) if span and s.start < span[1] and ends[i] > span[0]]
        if not over:
            continue
        main = next((i for i in over if rules.type(sentences[i].text)), over[0])
        for i in over:  # the rest of a multi-sentence evidence elaborates it
            labels.setdefault(i, OPTIONAL if event.get("optional") else ELABORATES)
        if not event.get("optional") and labels[main] in (OPTIONAL, ELABORATES):
            labels[main] = f"{event['event_type']}|{event['sub_event_type']}"
        told.append(main)
    for i, sentence in enumerate(sentences):
        elaborates = any(0 < i - j <= ELABORATION and sentence.paragraph - sentences[j].paragraph <= 1 for j in told)
        if i not in labels:
            labels[i] = ELABORATES if elaborates and rules.type(sentence.text) else NONE
    return [(sentences[i], labels[i]) for i in range(len(sentences))]


def documents(folder: Path) -> list[tuple[dict, list[dict]]]:
    """A gold set's reports, each with its gold events."""
    gold = {str(row["id"]): row.get("events", []) for _, row in _read_jsonl(folder / "gold.jsonl")}
    return [(doc, gold[str(doc["id"])]) for _, doc in _read_jsonl(folder / "docs.jsonl") if str(doc["id"]) in gold]


def _labelled(docs: list[tuple[dict, list[dict]]], rules: RuleTyper) -> list[tuple[str, str]]:
    """(sentence, label) for every sentence of ``docs``."""
    return [(s.text, label) for doc, events in docs for s, label in _labels(doc["text"], events, rules)]


def _extracted(docs: list[tuple[dict, list[dict]]], typer: Typer, lexicon: Lexicon) -> list[DocScore]:
    """Each report of ``docs`` extracted with ``typer`` and scored against its gold events."""
    extractor = Extractor(lexicon=lexicon, typer=typer)
    gold = {str(doc["id"]): events for doc, events in docs}
    return score_articles(gold, (_article(doc) for doc, _ in docs), extractor.extract).docs


def veto_samples(docs: list[tuple[dict, list[dict]]], rules: RuleTyper, lexicon: Lexicon) -> list[tuple[str, str]]:
    """(sentence, class) for the veto: the evidence of the rules' events on ``docs``, ``NONE``
    when every event it is the evidence of is spurious (module doc)."""
    right: dict[str, bool] = {}
    for scored in _extracted(docs, rules, lexicon):
        for mention in scored.spurious:
            right.setdefault(mention.evidence, False)
        for _, mention in scored.matched:
            right[mention.evidence] = True
    return [(text, INCIDENT if ok else NONE) for text, ok in right.items()]


class VetoTyper:
    """The rules, with a veto: a sentence the rules type is dropped when ``chance`` of it (a
    model's, or a table's for the oracle) is below ``threshold``."""

    def __init__(self, rules: RuleTyper, chance: Callable[[str], float], threshold: float) -> None:
        self.rules, self.chance, self.threshold = rules, chance, threshold

    def type(self, sentence: str) -> Typing | None:
        typing = self.rules.type(sentence)
        return None if typing is None or self.chance(sentence) < self.threshold else typing


def model_chance(model: TyperModel, rules: RuleTyper) -> Callable[[str], float]:
    """The model's chance that a sentence starts a right event."""
    if INCIDENT not in model.classes:
        return lambda sentence: 0.0  # every event the rules read in the training set was wrong
    column = model.classes.index(INCIDENT)
    return lambda sentence: float(model.probabilities(features(sentence, rules if model.rule_weight else None))[column])


def veto_threshold(docs: list[tuple[dict, list[dict]]], rules: RuleTyper, lexicon: Lexicon, folds: int = 5) -> float:
    """The veto threshold with the best F1 over ``docs``, each fold vetoed by a model of the others."""
    scored: dict[float, list[DocScore]] = {t: [] for t in THRESHOLDS}
    for fold in range(folds):
        held = [d for i, d in enumerate(docs) if i % folds == fold]
        chance = model_chance(fit(veto_samples([d for i, d in enumerate(docs) if i % folds != fold], rules, lexicon), rules), rules)
        for threshold in THRESHOLDS:
            scored[threshold] += _extracted(held, VetoTyper(rules, chance, threshold), lexicon)
    return max(THRESHOLDS, key=lambda t: (round(EvalReport(scored[t]).f1, 3), -t))  # ties: the milder veto


def samples(docs: list[tuple[dict, list[dict]]], rules: RuleTyper) -> list[tuple[str, str]]:
    """(sentence, class) for the typer: incidents by type and sentences of none."""
    return [(text, label) for text, label in _labelled(docs, rules) if label not in (OPTIONAL, ELABORATES)]


def _matrix(found: list[Counter[str]], model: TyperModel) -> sparse.csr_matrix:
    rows, cols, values = [], [], []
    for r, counts in enumerate(found):
        index, weight = model.vector(counts)
        rows += [r] * len(index)
        cols += index.tolist()
        values += weight.tolist()
    return sparse.csr_matrix((values, (rows, cols)), shape=(len(found), len(model.vocabulary)))


def fit(rows: list[tuple[str, str]], rules: RuleTyper, rule_weight: float = RULE_WEIGHT) -> TyperModel:
    """A multinomial logistic regression over the sentences' features (module doc)."""
    found = [features(text, rules if rule_weight else None) for text, _ in rows]
    df = Counter(name for counts in found for name in counts)
    names = sorted(name for name, n in df.items() if n >= MIN_DF)
    idf = np.array([math.log((1 + len(rows)) / (1 + df[name])) + 1.0 for name in names])
    classes = tuple(sorted({label for _, label in rows}))
    vocabulary = {name: i for i, name in enumerate(names)}
    empty = TyperModel(vocabulary, idf, np.zeros((len(names), len(classes))), np.zeros(len(classes)), classes, rule_weight)
    x = _matrix(found, empty)
    y = np.zeros((len(rows), len(classes)))
    y[np.arange(len(rows)), [classes.index(label) for _, label in rows]] = 1.0
    sample_weight = (len(rows) / (len(classes) * y.sum(axis=0)))[y.argmax(axis=1)]  # balanced classes
    weights, bias = _lbfgs(x, y, sample_weight)
    return TyperModel(vocabulary, idf, weights, bias, classes, rule_weight)


def _lbfgs(x: sparse.csr_matrix, y: np.ndarray, sample_weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    features_, classes = x.shape[1], y.shape[1]

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        weights, bias = params[: features_ * classes].reshape(features_, classes), params[features_ * classes :]
        z = x @ weights + bias
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        residual = (np.exp(log_p) - y) * sample_weight[:, None]
        value = -C * float((sample_weight * (log_p * y).sum(axis=1)).sum()) + 0.5 * float((weights * weights).sum())
        grad = np.concatenate([(C * (x.T @ residual) + weights).ravel(), C * residual.sum(axis=0)])
        return value, grad

    start = np.zeros(features_ * classes + classes)
    result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 3000})
    params = result.x
    return params[: features_ * classes].reshape(features_, classes), params[features_ * classes :]


def _score(docs: list[tuple[dict, list[dict]]], typer: Typer, lexicon: Lexicon) -> str:
    """One table row: P, R, F1 and per-field agreement of the whole extractor with ``typer``,
    and how many reports gave any event."""
    scored = _extracted(docs, typer, lexicon)
    report = EvalReport(scored).to_dict()
    agreement = " | ".join(f"{value:.3f}" for value in report["agreement"].values())
    answered = sum(bool(d.matched or d.spurious) for d in scored) / max(1, len(scored))
    return f"{report['precision']:.3f} | {report['recall']:.3f} | **{report['f1']:.3f}** | {agreement} | {answered:.0%}"


HEADER = ("| set | typer | P | R | F1 | sub-event type | location | fatalities | actor1 | docs with an event |\n"
          "|---|---|---|---|---|---|---|---|---|---|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", nargs="?", type=Path, const=MODEL_FILE, metavar="PATH",
                        help=f"write the model fitted on both sets (to PATH; default {MODEL_FILE})")
    parser.add_argument("--sets", nargs=2, type=Path, default=(DEV["examples"], DEV["real2"]), metavar="FOLDER",
                        help="the two development sets (docs.jsonl + gold.jsonl each); default: ../shared/examples and its real2")
    parser.add_argument("--others", nargs="*", type=Path, default=[f for f in OTHER if f.exists()], metavar="FOLDER",
                        help="sets the model of both is scored on (default: tests/data/gold, gold2, snippets)")
    args = parser.parse_args()
    lexicon = Lexicon.default()
    rules = RuleTyper(lexicon)
    docs = {folder.name: documents(folder) for folder in args.sets}
    rows = {name: samples(reports, rules) for name, reports in docs.items()}
    for name, labelled in rows.items():
        positives = sum(label != NONE for _, label in labelled)
        print(f"{name}: {len(labelled)} sentences, {positives} incidents, {len({l for _, l in labelled}) - 1} types")
    print("\n### Held out: fitted on one set, scored on the other\n\n" + HEADER)
    first, second = docs
    for train, test in ((first, second), (second, first)):
        print(f"| {test} | rules | {_score(docs[test], rules, lexicon)} |")
        for label, weight in (("text", 0.0), ("text + rules' reading", RULE_WEIGHT)):
            model = fit(rows[train], rules, weight)
            print(f"| {test} | model of {train}: {label} | {_score(docs[test], LinearTyper(model, lexicon), lexicon)} |")
        threshold = veto_threshold(docs[train], rules, lexicon)
        chance = model_chance(fit(veto_samples(docs[train], rules, lexicon), rules), rules)
        print(f"| {test} | rules + veto of {train} (threshold {threshold}) | "
              f"{_score(docs[test], VetoTyper(rules, chance, threshold), lexicon)} |")
        oracle = dict(veto_samples(docs[test], rules, lexicon))
        perfect = VetoTyper(rules, lambda sentence: float(oracle.get(sentence) != NONE), 0.5)
        print(f"| {test} | rules + a perfect veto (oracle) | {_score(docs[test], perfect, lexicon)} |")
    started = time.perf_counter()
    model = fit(rows[first] + rows[second], rules)
    print(f"\n### Fitted on both development sets ({time.perf_counter() - started:.1f} s), scored on the others\n\n{HEADER}")
    for folder in args.others:
        reports = documents(folder)
        print(f"| {folder.name} | rules | {_score(reports, rules, lexicon)} |")
        print(f"| {folder.name} | model | {_score(reports, LinearTyper(model, lexicon), lexicon)} |")
    if args.write:
        model.save(args.write)
        print(f"\nwrote {args.write} ({args.write.stat().st_size / 1e6:.2f} MB, {len(model.vocabulary)} features, "
              f"{len(model.classes)} classes)")


if __name__ == "__main__":
    main()
