"""Deduplication knowledge, loaded from ``rasd/data/dedup/rules.json``.

The file says which sub-event types outlets use interchangeably, which actor names are
wildcards, how far apart two reports of one incident may be in time and space, and the
log-odds weights of each comparison feature. Analysts tune it without touching Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from rasd.errors import ConfigError

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "dedup" / "rules.json"


@dataclass(frozen=True)
class Rules:
    """Parsed dedup rules; every distance in km, every window in days."""

    date_half_width: dict[int, int]
    compatible: frozenset[frozenset[str]]
    wildcard_actors: frozenset[str]
    place_scale_km: dict[int, float]
    max_distance_km: dict[int, float]
    weights: dict[str, float]
    threshold: float
    cluster_average: float  # average cross-pair probability two clusters need to merge
    cluster_margin: float  # how far that average may lie below the average inside either cluster

    def sub_types_compatible(self, a: str, b: str) -> bool:
        return a == b or frozenset((a, b)) in self.compatible

    @cached_property
    def _type_groups(self) -> dict[str, str]:
        """Sub-type -> representative sub-type of its connected component of compatibility.

        Compatible sub-types always share a group, so blocking by group loses no pair;
        sub-types missing from the file are their own group.
        """
        parent: dict[str, str] = {}

        def root(name: str) -> str:
            while parent.get(name, name) != name:
                name = parent[name]
            return name

        for a, b in sorted(tuple(sorted(p)) for p in self.compatible):
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        members = {name for pair in self.compatible for name in pair}
        return {name: root(name) for name in members}

    def type_group(self) -> dict[str, str]:
        """Sub-type -> its group (see ``_type_groups``; worked out once)."""
        return self._type_groups

    def group_of(self, sub_event_type: str) -> str:
        return self._type_groups.get(sub_event_type, sub_event_type)

    @cached_property
    def _group_members(self) -> dict[str, tuple[str, ...]]:
        members: dict[str, list[str]] = {}
        for sub_type, group in self._type_groups.items():
            members.setdefault(group, []).append(sub_type)
        return {group: tuple(sorted(names)) for group, names in members.items()}

    def same_group(self, sub_event_type: str) -> tuple[str, ...]:
        """Every sub-type blocked with ``sub_event_type`` (itself alone when the rules omit it)."""
        return self._group_members.get(self.group_of(sub_event_type), (sub_event_type,))


def _parse(raw: dict, source: str) -> Rules:
    try:
        return Rules(
            date_half_width={int(k): int(v) for k, v in raw["date_half_width_days"].items()},
            compatible=frozenset(frozenset(p) for p in raw["compatible_sub_types"]),
            wildcard_actors=frozenset(raw["wildcard_actors"]),
            place_scale_km={int(k): float(v) for k, v in raw["place_scale_km"].items()},
            max_distance_km={int(k): float(v) for k, v in raw["max_distance_km"].items()},
            weights={k: float(v) for k, v in raw["weights"].items()},
            threshold=float(raw["threshold"]),
            cluster_average=float(raw.get("cluster_average", raw["threshold"])),
            cluster_margin=float(raw.get("cluster_margin", 1.0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{source}: bad dedup rules ({exc!r}); compare with rasd/data/dedup/rules.json") from exc


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> Rules:
    """Read the rules file (the packaged one by default); cached because it never changes in a run."""
    file = Path(path) if path else RULES_PATH
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read dedup rules: {exc}") from exc
    return _parse(raw, str(file))
