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
the rules, the model of the text alone and the model of the text and the rules' reading; then
the model fitted on both sets against the rules on the invented sets and the snippets.
``--write`` ships the model of both sets in rasd/data/extract/typer.npz.
"""

from __future__ import annotations

import argparse
import math
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from rasd.evaluate import _read_jsonl, evaluate
from rasd.extract import Extractor
from rasd.extract.learned import MODEL_FILE, NONE, LinearTyper, TyperModel, features
from rasd.extract.lexicon import Lexicon
from rasd.extract.sentences import Sentence, split_sentences
from rasd.extract.typer import RuleTyper, Typer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "examples"
DEV = {"examples": SHARED, "real2": SHARED / "real2"}
OTHER = {"gold": ROOT / "tests/data/gold", "gold2": ROOT / "tests/data/gold2", "snippets": ROOT / "tests/data/snippets"}
C = 10.0  # inverse L2 strength, as scikit-learn's LogisticRegression(C=...)
RULE_WEIGHT = 3.0  # how loud the rules' reading is beside the words (1: one more word)
MIN_DF = 2  # a feature seen in one training sentence only is noise
ELABORATION = 2  # sentences after an evidence that may elaborate it


def _evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    """Where ``evidence`` is in ``text``, whitespace-normalised (the gold's rule)."""
    found = re.search(r"\s*".join(re.escape(word) for word in evidence.split()), text)
    return (found.start(), found.end()) if found else None


def _labels(text: str, events: list[dict], rules: RuleTyper) -> list[tuple[Sentence, str | None]]:
    """Each sentence of a report with its class, or None when it is left out (module doc)."""
    sentences = split_sentences(text)
    ends = [s.start for s in sentences[1:]] + [len(text)]
    labels: dict[int, str | None] = {}
    told: list[int] = []
    for event in sorted(events, key=lambda e: bool(e.get("optional"))):  # required events first
        span = _evidence_span(text, event["evidence"])
        over = [i for i, s in enumerate(sentences) if span and s.start < span[1] and ends[i] > span[0]]
        if not over:
            continue
        main = next((i for i in over if rules.type(sentences[i].text)), over[0])
        for i in over:
            labels.setdefault(i, None)  # the rest of a multi-sentence evidence elaborates it
        if not event.get("optional") and labels.get(main) is None:
            labels[main] = f"{event['event_type']}|{event['sub_event_type']}"
        told.append(main)
    for i, sentence in enumerate(sentences):
        elaborates = any(0 < i - j <= ELABORATION and sentence.paragraph - sentences[j].paragraph <= 1 for j in told)
        if i not in labels and not (elaborates and rules.type(sentence.text)):
            labels[i] = NONE
        elif i not in labels:
            labels[i] = None
    return [(sentences[i], labels[i]) for i in range(len(sentences))]


def samples(folder: Path, rules: RuleTyper) -> list[tuple[str, str]]:
    """(sentence, class) for every labelled sentence of a gold set's reports."""
    gold = {str(row["id"]): row.get("events", []) for _, row in _read_jsonl(folder / "gold.jsonl")}
    rows = []
    for _, doc in _read_jsonl(folder / "docs.jsonl"):
        labelled = _labels(doc["text"], gold.get(str(doc["id"]), []), rules)
        rows += [(sentence.text, label) for sentence, label in labelled if label is not None]
    return rows


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


def _score(folder: Path, typer: Typer, lexicon: Lexicon) -> str:
    """One table row: P, R, F1 and per-field agreement of the whole extractor with ``typer``;
    for a set of one-event snippets also how many documents gave any event."""
    extractor = Extractor(lexicon=lexicon, typer=typer)
    answered = Counter()

    def extract(article):
        events = extractor.extract(article)
        answered[bool(events)] += 1
        return events

    report = evaluate(folder / "gold.jsonl", folder / "docs.jsonl", extract).to_dict()
    agreement = " | ".join(f"{value:.3f}" for value in report["agreement"].values())
    coverage = answered[True] / max(1, sum(answered.values()))
    return f"{report['precision']:.3f} | {report['recall']:.3f} | **{report['f1']:.3f}** | {agreement} | {coverage:.0%}"


HEADER = ("| set | typer | P | R | F1 | sub-event type | location | fatalities | actor1 | docs with an event |\n"
          "|---|---|---|---|---|---|---|---|---|---|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write the model fitted on both sets to {MODEL_FILE}")
    args = parser.parse_args()
    lexicon = Lexicon.default()
    rules = RuleTyper(lexicon)
    rows = {name: samples(folder, rules) for name, folder in DEV.items()}
    for name, labelled in rows.items():
        positives = sum(label != NONE for _, label in labelled)
        print(f"{name}: {len(labelled)} sentences, {positives} incidents, {len({l for _, l in labelled}) - 1} types")
    print("\n### Held out: fitted on one set, scored on the other\n\n" + HEADER)
    for train, test in (("examples", "real2"), ("real2", "examples")):
        print(f"| {test} | rules | {_score(DEV[test], rules, lexicon)} |")
        for label, weight in (("text", 0.0), ("text + rules' reading", RULE_WEIGHT)):
            model = fit(rows[train], rules, weight)
            print(f"| {test} | model of {train}: {label} | {_score(DEV[test], LinearTyper(model, lexicon), lexicon)} |")
    started = time.perf_counter()
    model = fit(rows["examples"] + rows["real2"], rules)
    print(f"\n### Fitted on both development sets ({time.perf_counter() - started:.1f} s), scored on the others\n\n{HEADER}")
    for name, folder in OTHER.items():
        print(f"| {name} | rules | {_score(folder, rules, lexicon)} |")
        print(f"| {name} | model | {_score(folder, LinearTyper(model, lexicon), lexicon)} |")
    if args.write:
        model.save(MODEL_FILE)
        print(f"\nwrote {MODEL_FILE} ({MODEL_FILE.stat().st_size / 1e6:.2f} MB, {len(model.vocabulary)} features, "
              f"{len(model.classes)} classes)")


if __name__ == "__main__":
    main()
