"""Multiple-systems estimation: known answers, refusals, and interval coverage by simulation."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from rasd.analysis.estimate import chapman, estimate, estimate_histories
from rasd.errors import EstimateError
from rasd.model import Event, EventMention, Source


def _event(n: int, outlets: set[str], day: date = date(2011, 4, 1), admin1: str = "Maysan") -> Event:
    mention = EventMention(
        doc_id=f"d{n}", event_date=day, time_precision=1, event_type="Explosions/Remote violence",
        sub_event_type="Remote explosive/landmine/IED", admin1=admin1,
    )
    sources = tuple(Source(f"d{n}-{o}", o, None, None, day, "") for o in sorted(outlets))
    return Event(id=f"E{n}", mention=mention, doc_ids=tuple(s.doc_id for s in sources), sources=sources)


def _simulate(rng: random.Random, total: int, coverage: list[float]) -> Counter:
    histories: Counter = Counter()
    for _ in range(total):
        seen = tuple(int(rng.random() < p) for p in coverage)
        if any(seen):
            histories[seen] += 1
    return histories


def test_chapman_known_value() -> None:
    total, low, high = chapman(100, 80, 40)
    assert total == pytest.approx(101 * 81 / 41 - 1)
    assert 140 <= low < total < high


def test_two_outlets_use_chapman_and_to_dict_shape() -> None:
    rng = random.Random(1)
    events = []
    for n in range(300):
        outlets = {o for o, p in (("AP", 0.5), ("Reuters", 0.4)) if rng.random() < p}
        if outlets:
            events.append(_event(n, outlets))
    (result,) = estimate(events)
    record = result.to_dict()
    assert record["model"] == "Chapman (2 lists)"
    assert {"documented", "estimate", "ci_low", "ci_high", "model"} <= set(record)
    assert record["documented"] == len(events) <= record["ci_low"] < record["estimate"] < record["ci_high"]
    assert 220 < record["estimate"] < 400


def test_thin_overlap_is_refused_with_a_reason() -> None:
    events = [_event(n, {"AP"}) for n in range(20)] + [_event(100 + n, {"Reuters"}) for n in range(20)]
    events.append(_event(999, {"AP", "Reuters"}))
    with pytest.raises(EstimateError, match="only 1 of 41 events were reported by more than one"):
        estimate(events)
    with pytest.raises(EstimateError, match="at least two outlets"):
        estimate([_event(n, {"AP"}) for n in range(10)])


def test_grouped_estimates_refuse_thin_groups_only() -> None:
    rng = random.Random(2)
    events = []
    for n in range(400):
        outlets = {o for o, p in (("AP", 0.5), ("Reuters", 0.5), ("Xinhua", 0.4)) if rng.random() < p}
        if outlets:
            events.append(_event(n, outlets, admin1="Baghdad"))
    events += [_event(1000 + n, {"AP"}, admin1="Maysan") for n in range(5)]
    results = {r.key: r for r in estimate(events, by="admin1")}
    assert results["Baghdad"].estimate is not None and results["Baghdad"].model.startswith("log-linear")
    assert results["Maysan"].estimate is None and "cannot be estimated" in results["Maysan"].refused
    assert results["Baghdad"].chao_lower_bound <= results["Baghdad"].ci_high


def test_three_lists_recover_a_known_total() -> None:
    histories = _simulate(random.Random(3), 2000, [0.3, 0.5, 0.6])
    result = estimate_histories(("A", "B", "C"), histories)
    assert result.ci_low <= 2000 <= result.ci_high
    assert result.chao_lower_bound <= result.estimate * 1.05


@pytest.mark.parametrize(
    ("coverage", "lists"),
    [([0.25, 0.45], ("A", "B")), ([0.2, 0.35, 0.55], ("A", "B", "C"))],
    ids=["chapman", "loglinear"],
)
def test_interval_coverage_near_nominal(coverage: list[float], lists: tuple[str, ...]) -> None:
    """Known total, lists of different coverage: the 95% interval covers the truth ~95% of the time."""
    rng = random.Random(20261125)
    total, reps, covered = 500, 150, 0
    for _ in range(reps):
        result = estimate_histories(lists, _simulate(rng, total, coverage))
        covered += result.ci_low <= total <= result.ci_high
    rate = covered / reps
    print(f"{len(lists)} lists coverage {rate:.3f} over {reps} runs")
    assert 0.88 <= rate <= 0.995


def test_dependent_lists_get_an_interaction_term() -> None:
    """Outlet B often rewrites outlet A's wire: the model must see the dependence, not undercount."""
    rng = random.Random(8)
    histories: Counter = Counter()
    for _ in range(3000):
        a = rng.random() < 0.4
        b = rng.random() < (0.7 if a else 0.15)
        c = rng.random() < 0.3
        if a or b or c:
            histories[(int(a), int(b), int(c))] += 1
    result = estimate_histories(("A", "B", "C"), histories)
    assert "L1*L2" in result.model
    assert result.ci_low <= 3000 <= result.ci_high


def test_cli_estimate_over_a_real_store(tmp_path) -> None:
    """`rasd estimate` reads a stored, deduplicated dataset: JSON for the selection and per month."""
    import json

    from typer.testing import CliRunner

    from rasd.cli import app
    from rasd.dedup.synthetic import generate
    from rasd.model import Article
    from rasd.store import Store

    mentions, _ = generate(400, seed=4, years=1)
    db = f"sqlite:///{tmp_path / 'est.db'}"
    store = Store.open(db)
    store.ingest((Article(id=m.doc_id, text=m.evidence, published=m.event_date, outlet=m.source), [m])
                 for m in mentions if "roundup" not in m.doc_id)
    store.close()
    runner = CliRunner()
    whole = runner.invoke(app, ["estimate", "--db", db, "--format", "json"])
    assert whole.exit_code == 0, whole.output
    record = json.loads(whole.output)
    assert record["documented"] <= record["ci_low"] <= record["estimate"] <= record["ci_high"]
    assert record["model"].startswith("log-linear")
    monthly = runner.invoke(app, ["estimate", "--db", db, "--by", "month"])
    assert monthly.exit_code == 0 and "2004-01" in monthly.output
    empty = runner.invoke(app, ["estimate", "--db", db, "--since", "1990-01-01", "--until", "1990-12-31"])
    assert empty.exit_code == 1 and "no events in the selection" in empty.output
