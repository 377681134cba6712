"""How likely an extracted event is right, from what the extractor read to find it.

A logistic model over a few plain features of how the event was read (a named tactic or a bare
killing, a place named in the sentence or taken from the story, a stated or inferred day, a
toll, a named actor...). Its weights are fitted on the development sets by
``scripts/calibrate_confidence.py`` and shipped in ``rasd/data/extract/confidence.json``; the
script prints the reliability table that ``docs/extraction.md`` shows. "Right" means the event
matches a gold event (type, governorate and date, by the contract's matching rules).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from rasd.errors import InputError
from rasd.extract.reader import Candidate

#: Types as the model sees them: one feature each, the Explosions/Remote violence baseline none.
_TYPES = ("Battles", "Violence against civilians", "Protests", "Riots", "Strategic developments")


def features(cand: Candidate, published: date | None, events_in_report: int) -> dict[str, float]:
    """The features of one candidate event (1.0 / 0.0 flags, and two counts)."""
    located, typing = cand.located, cand.typing
    kind = located.place.kind if located else None
    age = (published - cand.day).days if published and cand.day else 0
    flags = {
        "bare_killing": cand.bare,
        "only_violence": typing is not None and typing.score < 0.8 and not cand.bare,
        "place_in_sentence": cand.place_own,
        "no_place": located is None or not located.place.admin1_code,
        "governorate_only": kind == "governorate",
        "unlisted_place": kind == "locality",
        "day_stated": cand.date_explicit,
        "week_precision": cand.time_precision == 2,
        "month_precision": cand.time_precision == 3,
        "older_than_a_month": age > 31,
        "toll_stated": cand.counts.fatalities is not None or cand.counts.injuries is not None,
        "actor_named": cand.actor1_named,
        "refers_back": cand.anaphoric,
        "lead_paragraph": cand.sentence.paragraph == 0,
        **{f"type:{t}": cand.event_type == t for t in _TYPES},
    }
    values = {name: float(flag) for name, flag in flags.items()}
    values["events_in_report"] = math.log1p(events_in_report)
    return values


class ConfidenceModel:
    """Logistic weights by feature name; features the weights do not know count for nothing."""

    def __init__(self, weights: Mapping[str, float], bias: float) -> None:
        self.weights = dict(weights)
        self.bias = bias

    @classmethod
    def from_file(cls, path: str | Path) -> ConfidenceModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(data["weights"], float(data["bias"]))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InputError(str(path), f"not a confidence model ({error}); "
                             "rebuild it with scripts/calibrate_confidence.py") from None

    @classmethod
    def default(cls) -> ConfidenceModel:
        return _default()

    def score(self, values: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in values.items())
        return round(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), 4)


@cache
def _default() -> ConfidenceModel:
    return ConfidenceModel.from_file(Path(str(resources.files("rasd") / "data" / "extract" / "confidence.json")))
