"""Refit the comparison weights of ``rules.json`` by logistic regression on synthetic truth.

The weights in ``rasd/data/dedup/rules.json`` came from this, rounded to two decimals:

    .venv/bin/python -m rasd.dedup.fit --sizes 10000,100000,170000 --seed 101 --fix victims_differ=-2

Pairs are every candidate pair that survives the vetoes; the label is whether both reports
tell of one planted incident. Several sizes of one synthetic country fit the crowding weight
across densities. Fit on ``FIT_SEED``, a seed the tests and ``bench/dedup.py`` do not measure
on; the accuracy test scores a seed held out from fitting and tuning alike (``tests/test_dedup.py``). Weights named in ``--fix`` are held at the given value instead of fitted:
the generator never varies some facts across reports (the victims), which a fit would turn
into a veto that real reports do not deserve.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence

import numpy as np

from rasd.dedup import text
from rasd.dedup.blocking import candidate_pairs
from rasd.dedup.compare import feature_columns
from rasd.dedup.rules import Rules, load_rules
from rasd.dedup.synthetic import generate
from rasd.dedup.table import build_table

MENTIONS_PER_INCIDENT = 2.4  # as in bench/dedup.py
#: The generator seed the weights are fitted on; accuracy is never measured on it.
FIT_SEED = 101


def labelled_columns(size: int, seed: int, rules: Rules) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Feature columns of the candidate pairs of ``size`` synthetic mentions, and their labels."""
    mentions, truth = generate(round(size / MENTIONS_PER_INCIDENT), seed=seed)
    table = build_table(mentions[:size], rules)
    i, j = candidate_pairs(table)
    columns, keep = feature_columns(table, i, j, rules)
    i, j = i[keep], j[keep]
    columns["text"] = text.similarity(table.text, i, j) - rules.weights["text_neutral"]
    key = np.asarray([truth[m] for m in table.ids])
    return columns, (key[i] == key[j]).astype(float)


def logistic(x: np.ndarray, y: np.ndarray, offset: np.ndarray, ridge: float = 1.0) -> np.ndarray:
    """Coefficients of a ridge-penalised logistic regression by Newton's method."""
    beta = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta + offset)))
        hessian = x.T @ (x * (p * (1 - p))[:, None]) + ridge * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, x.T @ (y - p) - ridge * beta)
        beta += step
        if np.abs(step).max() < 1e-7:
            break
    return beta


def fit_weights(sizes: Sequence[int], seed: int, fixed: Mapping[str, float]) -> dict[str, float]:
    """Log-odds weight of every column (and ``bias``), fitted on synthetic pairs of each size."""
    rules = load_rules()
    parts = [labelled_columns(size, seed, rules) for size in sizes]
    names = [name for name in parts[0][0] if name not in fixed]
    x = np.vstack([np.column_stack([np.ones(y.size)] + [cols[n] for n in names]) for cols, y in parts])
    offset = np.concatenate([sum((w * cols[n] for n, w in fixed.items()), np.zeros(y.size)) for cols, y in parts])
    beta = logistic(x, np.concatenate([y for _, y in parts]), offset)
    return {"bias": round(float(beta[0]), 2), **dict(fixed), **{n: round(float(b), 2) for n, b in zip(names, beta[1:])}}


def main() -> None:
    parser = argparse.ArgumentParser(description="Fit dedup weights on synthetic truth; prints JSON for rules.json.")
    parser.add_argument("--sizes", default="10000,100000,170000", help="mentions per fit sample, comma-separated")
    parser.add_argument("--seed", type=int, default=FIT_SEED, help="generator seed (not one the tests measure on)")
    parser.add_argument("--fix", default="victims_differ=-2", help="name=value weights held fixed, comma-separated")
    args = parser.parse_args()
    fixed = {k: float(v) for k, v in (item.split("=") for item in args.fix.split(",") if item)}
    sizes = [int(s) for s in args.sizes.split(",")]
    print(json.dumps(fit_weights(sizes, args.seed, fixed), indent=2))


if __name__ == "__main__":
    main()
