"""Fit the confidence model on the development sets and print its reliability tables.

    .venv/bin/python scripts/calibrate_confidence.py [--write]

Every event rasd extracts from a gold set is labelled right (it matches a gold event by the
contract's rules) or wrong; a logistic regression (ridge penalty, intercept free) maps the event's features
(``rasd.extract.confidence.features``) to the chance it is right. Two checks say whether the
numbers can be trusted on unseen text: the model fitted on one real set and scored on the other
(both ways), then the model fitted on both, which ``--write`` ships in
rasd/data/extract/confidence.json. Each table: events by predicted confidence, and the share
of them that were right.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from rasd.evaluate import _matches, _read_jsonl
from rasd.extract import Extractor
from rasd.extract.confidence import ConfidenceModel
from rasd.extract.document import read_events
from rasd.model import Article

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "examples"
SETS = {"examples": SHARED, "real2": SHARED / "real2"}
OUT = ROOT / "rasd" / "data" / "extract" / "confidence.json"
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
PENALTY = 1.0  # L2 weight: few hundred events, a score of features


def _labelled(folder: Path) -> list[tuple[dict[str, float], bool]]:
    """(features, right) for every event extracted from the set's documents."""
    extractor = Extractor()
    gold = {str(row["id"]): row.get("events", []) for _, row in _read_jsonl(folder / "gold.jsonl")}
    rows = []
    for _, doc in _read_jsonl(folder / "docs.jsonl"):
        published = date.fromisoformat(doc["published"]) if doc.get("published") else None
        article = Article(str(doc["id"]), doc["text"], published, doc.get("url"), doc.get("outlet"), doc.get("title"))
        free = list(gold.get(article.id, []))
        for mention, values in read_events(article, extractor.knowledge):
            hit = next((g for g in free if _matches(g, mention)), None)
            if hit is not None:
                free.remove(hit)
            rows.append((values, hit is not None))
    return rows


def _fit(rows: list[tuple[dict[str, float], bool]]) -> ConfidenceModel:
    names = sorted({name for values, _ in rows for name in values})
    x = np.array([[values.get(n, 0.0) for n in names] for values, _ in rows])
    y = np.array([1.0 if right else 0.0 for _, right in rows])

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        bias, weights = params[0], params[1:]
        z = bias + x @ weights
        p = 1.0 / (1.0 + np.exp(-z))
        nll = float(np.sum(np.logaddexp(0.0, z) - y * z)) + PENALTY * float(weights @ weights)
        grad = np.concatenate([[np.sum(p - y)], x.T @ (p - y) + 2 * PENALTY * weights])
        return nll, grad

    result = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B")
    bias, *weights = (float(w) for w in result.x)
    return ConfidenceModel(dict(zip(names, (round(w, 4) for w in weights))), round(bias, 4))


def _table(model: ConfidenceModel, rows: list[tuple[dict[str, float], bool]]) -> list[str]:
    scored = [(model.score(values), right) for values, right in rows]
    lines = ["| confidence | events | right | mean confidence |", "|---|---|---|---|"]
    for low, high in zip(BINS, BINS[1:]):
        inside = [(s, r) for s, r in scored if low <= s < high]
        if inside:
            share = sum(r for _, r in inside) / len(inside)
            mean = sum(s for s, _ in inside) / len(inside)
            lines.append(f"| {low:.1f}–{min(high, 1.0):.1f} | {len(inside)} | {share:.0%} | {mean:.2f} |")
    brier = sum((s - r) ** 2 for s, r in scored) / len(scored)
    lines.append(f"\nBrier score {brier:.3f} over {len(scored)} events ({sum(r for _, r in scored)} right).")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write the model fitted on both sets to {OUT}")
    args = parser.parse_args()
    rows = {name: _labelled(folder) for name, folder in SETS.items()}
    for train, test in (("examples", "real2"), ("real2", "examples")):
        print(f"\n### Fitted on {train}, scored on {test} (held out)\n")
        print("\n".join(_table(_fit(rows[train]), rows[test])))
    both = rows["examples"] + rows["real2"]
    model = _fit(both)
    print("\n### Fitted on both, scored on both\n")
    print("\n".join(_table(model, both)))
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps({"_doc": "Logistic weights of rasd.extract.confidence, fitted by "
                                   "scripts/calibrate_confidence.py on the development sets.",
                                   "bias": model.bias, "weights": model.weights}, indent=1) + "\n", encoding="utf-8")
        print(f"\nwrote {OUT}")


if __name__ == "__main__":
    main()
