"""The boundaries probe set (tests/data/boundaries): invented reports in the style of real outlets
that test where one event ends and the next begins (background, restatements, verdicts, accidents,
roundups, two incidents in one sentence). Scored as a whole, never sentence by sentence."""

from pathlib import Path

from rasd.evaluate import evaluate

FOLDER = Path(__file__).resolve().parent / "data" / "boundaries"


def test_boundaries_probe_quality():
    # scored blind at matched 56, spurious 10, missed 11 (F1 0.841); measured 61, 5, 6 (F1 0.917)
    report = evaluate(FOLDER / "gold.jsonl", FOLDER / "docs.jsonl")
    assert report.f1 >= 0.9, report.format()
    assert report.agreement("sub_event_type") >= 0.95, report.format()
    assert report.agreement("location") >= 0.9, report.format()
