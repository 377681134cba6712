"""Stable event ids: derived from members, and kept across re-clustering via ``prior``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rasd.geo.country import default_country


def event_id_for(mention_ids: Sequence[str]) -> str:
    """A stable event id: derived from the smallest member mention id, independent of order,
    after the monitored country's prefix (``country.json`` of the gazetteer: "IRQ-")."""
    return f"{default_country().event_id_prefix}-{min(mention_ids)[:12]}"


def assign_ids(clusters: Sequence[Sequence[str]], prior: Mapping[str, str],
               pins: Mapping[str, str] | None = None) -> list[str]:
    """An event id for each cluster of mention ids.

    A cluster holding pinned mentions takes their event id (clustering never puts mentions
    pinned to two events in one cluster). Any other cluster keeps the prior event id most of
    its members had (each prior id goes to the cluster holding most of its mentions, so an
    event that split keeps its id on its larger part); the rest get ``event_id_for`` their
    members, suffixed on a clash.
    """
    pins = pins or {}
    ids: list[str | None] = [None] * len(clusters)
    claims = []
    for index, members in enumerate(clusters):
        pinned = sorted({pins[m] for m in members if m in pins})
        if pinned:
            ids[index] = pinned[0]
            continue
        counts = Counter(prior[m] for m in members if m in prior)
        claims.extend((-count, old, min(members), index) for old, count in counts.items())
    taken: set[str] = {i for i in ids if i is not None}
    for _, old, _, index in sorted(claims):
        if ids[index] is None and old not in taken:
            ids[index] = old
            taken.add(old)
    reserved = taken | set(prior.values()) | set(pins.values())
    for index in sorted(range(len(clusters)), key=lambda k: min(clusters[k])):
        if ids[index] is None:
            ids[index] = _unused(event_id_for(clusters[index]), reserved)
            reserved.add(ids[index])  # type: ignore[arg-type]
    return ids  # type: ignore[return-value]


def _unused(candidate: str, reserved: set[str]) -> str:
    if candidate not in reserved:
        return candidate
    suffix = 2
    while f"{candidate}-{suffix}" in reserved:
        suffix += 1
    return f"{candidate}-{suffix}"
