"""Accuracy of a clustering against known truth: pairwise precision/recall and false merges."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PairwiseScores:
    """Pairwise scores over same-event pairs; ``false_merge_rate`` is per output event."""

    precision: float
    recall: float
    f1: float
    false_merge_rate: float  # share of output events mixing reports of >1 true incident
    events: int
    incidents: int

    def __str__(self) -> str:
        return (
            f"pairwise precision {self.precision:.4f} recall {self.recall:.4f} F1 {self.f1:.4f}; "
            f"false merges {self.false_merge_rate:.2%} of {self.events} events ({self.incidents} true incidents)"
        )


def _pairs(groups: Mapping[str, list[str]]) -> int:
    return sum(len(g) * (len(g) - 1) // 2 for g in groups.values())


def pairwise_scores(assignment: Mapping[str, str], truth: Mapping[str, str]) -> PairwiseScores:
    """Compare predicted ``assignment`` (mention -> event) with ``truth`` (mention -> incident)."""
    predicted: dict[str, list[str]] = defaultdict(list)
    actual: dict[str, list[str]] = defaultdict(list)
    for mention, event in assignment.items():
        predicted[event].append(mention)
        actual[truth[mention]].append(mention)
    both = Counter((assignment[m], truth[m]) for m in assignment)
    true_positive = sum(c * (c - 1) // 2 for c in both.values())
    predicted_pairs, actual_pairs = _pairs(predicted), _pairs(actual)
    precision = true_positive / predicted_pairs if predicted_pairs else 1.0
    recall = true_positive / actual_pairs if actual_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    mixed = sum(1 for members in predicted.values() if len({truth[m] for m in members}) > 1)
    return PairwiseScores(precision, recall, f1, mixed / len(predicted) if predicted else 0.0, len(predicted), len(actual))
