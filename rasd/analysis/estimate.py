"""Multiple-systems estimation: how many incidents happened, including those nobody reported.

Each outlet (or group of outlets) is a *list*; an event's *capture history* says which lists
reported it. With two lists, Chapman's estimator; with three or more, log-linear Poisson models
over the 2^k − 1 observed capture histories (statsmodels GLM), two-way interactions between
lists chosen by AIC (or BIC), and Chao's lower bound as a check. Intervals are 95%, log-normal
on the number of unseen events (so they never fall below the documented count).

Assumptions (explained for readers in docs/estimation.md): the population of incidents is
closed within the selection; list dependence is captured by the chosen interactions; the
deduplication that links reports across lists is right.
"""

from __future__ import annotations

import itertools
import logging
import math
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rasd.errors import EstimateError
from rasd.model import Event, split_outlets

log = logging.getLogger(__name__)

Z95 = 1.959964
MIN_OVERLAP = 3  # fewer events seen by two lists and the estimate is noise
MAX_LISTS = 3
OTHER = "other outlets"
NO_OUTLET = "(no outlet)"


@dataclass(frozen=True)
class Estimate:
    """Documented and estimated incident count of one selection (``key``), or a refusal."""

    key: str | None
    documented: int
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    model: str
    lists: tuple[str, ...] = ()
    chao_lower_bound: float | None = None
    refused: str | None = None  # why no estimate was made

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "documented": self.documented,
            "estimate": _round(self.estimate),
            "ci_low": _round(self.ci_low),
            "ci_high": _round(self.ci_high),
            "model": self.model,
        }
        if self.key is not None:
            data = {"key": self.key, **data}
        data["lists"] = list(self.lists)
        data["chao_lower_bound"] = _round(self.chao_lower_bound)
        if self.refused:
            data["refused"] = self.refused
        return data


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# --- lists and capture histories -------------------------------------------------------


def outlets_of(event: Event) -> frozenset[str]:
    """The outlets that reported an event (its sources, else its ``source`` field)."""
    names = {s.outlet.strip() for s in event.sources if s.outlet and s.outlet.strip()}
    if not names:
        names = split_outlets(event.mention.source)
    return frozenset(names or {NO_OUTLET})


def choose_lists(events: Sequence[Event], max_lists: int = MAX_LISTS) -> dict[str, str]:
    """Outlet -> list name: the ``max_lists - 1`` busiest outlets each a list, the rest pooled.

    With at most ``max_lists`` outlets every outlet is its own list.
    """
    counts = Counter(outlet for event in events for outlet in outlets_of(event))
    ranked = sorted(counts, key=lambda o: (-counts[o], o))
    if len(ranked) <= max_lists:
        return {o: o for o in ranked}
    top = ranked[: max_lists - 1]
    return {o: (o if o in top else OTHER) for o in ranked}


def capture_histories(events: Iterable[Event], lists: dict[str, str]) -> tuple[tuple[str, ...], Counter]:
    """(list names, Counter of capture-history tuples of 0/1)."""
    names = tuple(sorted(set(lists.values()), key=lambda n: (n == OTHER, n)))
    index = {name: k for k, name in enumerate(names)}
    histories: Counter = Counter()
    for event in events:
        seen = [0] * len(names)
        for outlet in outlets_of(event):
            if outlet in lists:
                seen[index[lists[outlet]]] = 1
        if any(seen):
            histories[tuple(seen)] += 1
    return names, histories


# --- estimators --------------------------------------------------------------------------


def _lognormal_interval(documented: int, unseen: float, variance: float) -> tuple[float, float]:
    """Chao's (1987) log-normal interval: documented + unseen / C, documented + unseen * C."""
    if unseen <= 0 or variance <= 0:
        return float(documented), float(documented) + max(unseen, 0.0)
    c = math.exp(Z95 * math.sqrt(math.log(1 + variance / unseen**2)))
    return documented + unseen / c, documented + unseen * c


def chapman(n1: int, n2: int, both: int) -> tuple[float, float, float]:
    """Chapman's estimate of the total from two lists, with its 95% interval."""
    total = (n1 + 1) * (n2 + 1) / (both + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - both) * (n2 - both) / ((both + 1) ** 2 * (both + 2))
    documented = n1 + n2 - both
    low, high = _lognormal_interval(documented, total - documented, variance)
    return total, low, high


def chao_lower_bound(histories: Counter, k: int) -> float:
    """Chao's lower bound D + (k−1)/k · f1(f1−1) / (2(f2+1)), from events seen by one and by two of k lists."""
    f1 = sum(c for h, c in histories.items() if sum(h) == 1)
    f2 = sum(c for h, c in histories.items() if sum(h) == 2)
    documented = sum(histories.values())
    return documented + (k - 1) / k * f1 * (f1 - 1) / (2 * (f2 + 1))


@dataclass(frozen=True)
class _Fit:
    terms: tuple[tuple[int, int], ...]
    unseen: float
    log_se: float
    criterion: float


def _design(k: int, terms: Sequence[tuple[int, int]]) -> np.ndarray:
    rows = [h for h in itertools.product((0, 1), repeat=k) if any(h)]
    columns = [[1.0] * len(rows)]
    columns += [[float(h[i]) for h in rows] for i in range(k)]
    columns += [[float(h[a] * h[b]) for h in rows] for a, b in terms]
    return np.asarray(columns).T


def _fit(histories: Counter, k: int, terms: tuple[tuple[int, int], ...], criterion: str) -> _Fit | None:
    import statsmodels.api as sm  # heavy: imported only when an estimate is asked for
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    cells = [h for h in itertools.product((0, 1), repeat=k) if any(h)]
    y = np.asarray([histories.get(h, 0) for h in cells], dtype=float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PerfectSeparationWarning)
            warnings.simplefilter("ignore", RuntimeWarning)  # zero residual df in near-saturated fits
            result = sm.GLM(y, _design(k, terms), family=sm.families.Poisson()).fit()
    except (ValueError, np.linalg.LinAlgError, PerfectSeparationWarning) as exc:  # not identified: skip
        log.debug("log-linear model %s failed: %s", terms, exc)
        return None
    intercept, se = float(result.params[0]), float(result.bse[0])
    if not (math.isfinite(intercept) and math.isfinite(se)) or se > 5 or intercept > 25:
        return None  # a zero cell drove a parameter to infinity: the model is not identified
    # BIC counts events, not cells, as observations: log(D) per parameter, the usual choice
    # in capture-recapture, which keeps spurious interactions out better than AIC's 2.
    penalty = 2.0 if criterion == "aic" else math.log(max(y.sum(), 2.0))
    score = -2.0 * result.llf + penalty * len(result.params)
    return _Fit(terms, math.exp(intercept), se, float(score))


def loglinear(histories: Counter, k: int, criterion: str = "bic") -> tuple[float, float, float, str]:
    """Best log-linear model by information criterion: (estimate, low, high, description)."""
    pairs = list(itertools.combinations(range(k), 2))
    cells = 2**k - 1
    # A model with as many parameters as cells fits them exactly and cannot be judged: skip it.
    largest = min(len(pairs), cells - 1 - (1 + k))
    fits = [
        fit
        for size in range(largest + 1)
        for terms in itertools.combinations(pairs, size)
        if (fit := _fit(histories, k, terms, criterion)) is not None
    ]
    if not fits:
        raise EstimateError("no log-linear model could be fitted: the lists overlap in too few patterns")
    best = min(fits, key=lambda f: (f.criterion, len(f.terms)))
    documented = sum(histories.values())
    # The interval is for the realised number of unseen events: the model's uncertainty
    # about its expectation (delta method) plus the Poisson spread around it.
    variance = (best.unseen * best.log_se) ** 2 + best.unseen
    low, high = _lognormal_interval(documented, best.unseen, variance)
    return documented + best.unseen, low, high, _describe(best.terms, criterion)


def _describe(terms: Sequence[tuple[int, int]], criterion: str) -> str:
    interactions = ", ".join(f"L{a + 1}*L{b + 1}" for a, b in terms) or "independence"
    return f"log-linear ({interactions}; {criterion.upper()})"


# --- public entry points ----------------------------------------------------------------


def estimate_histories(names: Sequence[str], histories: Counter, criterion: str = "bic") -> Estimate:
    """One estimate from capture histories over ``names``; raises EstimateError when too thin."""
    documented = sum(histories.values())
    if len(names) < 2:
        raise EstimateError(f"only one source list ({', '.join(names) or 'none'}): estimation needs at least two outlets")
    overlap = sum(c for h, c in histories.items() if sum(h) >= 2)
    if overlap < MIN_OVERLAP:
        raise EstimateError(
            f"only {overlap} of {documented} events were reported by more than one of {', '.join(names)}; "
            f"at least {MIN_OVERLAP} are needed, so the number of unreported events cannot be estimated"
        )
    lower = chao_lower_bound(histories, len(names))
    if len(names) == 2:
        n1 = histories[(1, 0)] + histories[(1, 1)]
        n2 = histories[(0, 1)] + histories[(1, 1)]
        total, low, high = chapman(n1, n2, histories[(1, 1)])
        return Estimate(None, documented, total, low, high, "Chapman (2 lists)", tuple(names), lower)
    total, low, high, model = loglinear(histories, len(names), criterion)
    if total < lower:
        log.info("log-linear estimate %.0f is below Chao's lower bound %.0f", total, lower)
    return Estimate(None, documented, total, low, high, model, tuple(names), lower)


KEYS: dict[str, Callable[[Event], str]] = {
    "month": lambda e: e.mention.event_date.strftime("%Y-%m") if e.mention.event_date else "unknown",
    "admin1": lambda e: e.mention.admin1 or e.mention.admin1_code or "unknown",
    "year": lambda e: str(e.mention.event_date.year) if e.mention.event_date else "unknown",
    "event_type": lambda e: e.mention.event_type,
}


def estimate(
    events: Iterable[Event],
    by: str | None = None,
    max_lists: int = MAX_LISTS,
    criterion: str = "bic",
) -> list[Estimate]:
    """Estimates for the whole selection (one item) or per ``by`` group (month, admin1, ...).

    Without ``by`` a selection too thin to estimate raises EstimateError; with ``by`` each thin
    group comes back with ``estimate=None`` and the reason in ``refused``. Lists are chosen once
    for the whole selection (see ``choose_lists``) so groups are comparable.
    """
    chosen = list(events)
    if by is not None and by not in KEYS:
        raise EstimateError(f"cannot group estimates by {by!r}; use one of {', '.join(KEYS)}")
    if criterion not in ("aic", "bic"):
        raise EstimateError(f"unknown information criterion {criterion!r}; use aic or bic")
    if not chosen:
        raise EstimateError("no events in the selection: widen --since/--until or ingest reports first")
    lists = choose_lists(chosen, max_lists)
    if by is None:
        names, histories = capture_histories(chosen, lists)
        return [estimate_histories(names, histories, criterion)]
    groups: dict[str, list[Event]] = defaultdict(list)
    for event in chosen:
        groups[KEYS[by](event)].append(event)
    return [_group_estimate(key, groups[key], lists, criterion) for key in sorted(groups)]


def _group_estimate(key: str, events: list[Event], lists: dict[str, str], criterion: str) -> Estimate:
    names, histories = capture_histories(events, lists)
    try:
        result = estimate_histories(names, histories, criterion)
    except EstimateError as exc:
        return Estimate(key, len(events), None, None, None, "none", tuple(names), refused=str(exc))
    return Estimate(key, result.documented, result.estimate, result.ci_low, result.ci_high, result.model,
                    result.lists, result.chao_lower_bound)
