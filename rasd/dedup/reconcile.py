"""Reconciliation: one event's attributes from the several reports of it.

Rules, as an analyst (and ACLED's codebook) would apply them:
- date from the most precise report (lowest time precision; ties: the day most reports give);
- place from the most precise report (lowest geo precision, with coordinates preferred);
- sub-event type and actors by majority, named actors preferred over wildcards;
- fatalities: ACLED's conservative rule, the lowest reported figure (None ignored), with
  UCDP-style ``fatalities_low`` / ``fatalities_high`` across sources; injuries likewise low;
- ``source_count`` counts distinct outlets (a report without an outlet counts as its own).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from rasd.dedup.ids import event_id_for
from rasd.dedup.rules import load_rules
from rasd.model import PLACE_FIELDS, Article, Event, EventMention, Source, join_outlets

T = TypeVar("T")
UNKNOWN = 9  # ranks a missing precision after every real one


def _majority(values: Sequence[T | None], prefer: Callable[[T], bool] = lambda _: True) -> T | None:
    """Most common value (ties: first seen), preferring values that pass ``prefer``."""
    known = [v for v in values if v is not None]
    preferred = [v for v in known if prefer(v)] or known
    if not preferred:
        return None
    counts = Counter(preferred)
    return max(preferred, key=lambda v: counts[v])  # max keeps the first of equal counts


def _most_precise_date(mentions: Sequence[EventMention]) -> EventMention:
    days = Counter(m.event_date for m in mentions)
    return min(
        mentions,
        key=lambda m: (m.event_date is None, m.time_precision or UNKNOWN, -days[m.event_date], m.mention_id),
    )


def _most_precise_place(mentions: Sequence[EventMention]) -> EventMention:
    names = Counter(m.location for m in mentions)
    return min(
        mentions,
        key=lambda m: (m.latitude is None, m.geo_precision or UNKNOWN, m.location is None, -names[m.location], m.mention_id),
    )


def _low(values: Sequence[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None


def _high(values: Sequence[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def _source(mention: EventMention, documents: Mapping[str, Article]) -> Source:
    doc = documents.get(mention.doc_id)
    return Source(
        doc_id=mention.doc_id,
        outlet=mention.source or (doc.outlet if doc else None),
        url=mention.source_url or (doc.url if doc else None),
        title=doc.title if doc else None,
        published=doc.published if doc else None,
        evidence=mention.evidence,
    )


def _outlet_count(sources: Sequence[Source]) -> int:
    return len({s.outlet.strip().lower() if s.outlet else f"\x00{s.doc_id}" for s in sources})


def reconcile(
    mentions: Sequence[EventMention],
    event_id: str | None = None,
    documents: Mapping[str, Article] | None = None,
) -> Event:
    """One event from the mentions of one incident (``documents`` add titles and dates to sources)."""
    if not mentions:
        raise ValueError("reconcile needs at least one mention")
    ordered = sorted(mentions, key=lambda m: m.mention_id)
    when, where = _most_precise_date(ordered), _most_precise_place(ordered)
    wildcards = load_rules().wildcard_actors
    named = lambda actor: actor not in wildcards
    fatalities = [m.fatalities for m in ordered]
    typed = _typed(when, ordered)
    merged = replace(
        when,
        event_type=typed.event_type,
        sub_event_type=typed.sub_event_type,
        actor1=_majority([m.actor1 for m in ordered], named),
        actor2=_majority([m.actor2 for m in ordered], named),
        assoc_actor_1=_majority([m.assoc_actor_1 for m in ordered], named),
        assoc_actor_2=_majority([m.assoc_actor_2 for m in ordered], named),
        **{name: getattr(where, name) for name in PLACE_FIELDS},
        fatalities=_low(fatalities),
        injuries=_low([m.injuries for m in ordered]),
        source=join_outlets(m.source for m in ordered),
        confidence=_confidence(ordered),
        rules=typed.rules,
    )
    sources = tuple(sorted((_source(m, documents or {}) for m in ordered), key=_source_order))
    mention_ids = tuple(m.mention_id for m in ordered)
    return Event(
        id=event_id or event_id_for(mention_ids),
        mention=merged,
        doc_ids=tuple(sorted({m.doc_id for m in ordered})),
        sources=sources,
        fatalities_low=_low(fatalities),
        fatalities_high=_high(fatalities),
        source_count=_outlet_count(sources),
        mention_ids=mention_ids,
    )


def _confidence(mentions: Sequence[EventMention]) -> float | None:
    """An incident several reports tell is likelier real than any one telling: the chance that
    not every report is wrong, each report's best mention counted once.

    In hundredths: the calibration holds to a tenth or so, and the review queue's indexes
    (confidence, then newest) then keep a backfill's new events at the head of a hundred runs
    instead of scattering them over the whole index."""
    best: dict[str, float] = {}
    for m in mentions:
        if m.confidence is not None:
            best[m.doc_id] = max(best.get(m.doc_id, 0.0), m.confidence)
    if not best:
        return None
    doubt = 1.0
    for value in best.values():
        doubt *= 1.0 - value
    return round(1.0 - doubt, 2)


def _typed(when: EventMention, mentions: Sequence[EventMention]) -> EventMention:
    """A report carrying the majority sub-event type (the most precisely dated one breaks ties),
    so that event type and sub-event type always come from one report and stay consistent."""
    sub_type = _majority([m.sub_event_type for m in [when, *mentions]])
    return when if when.sub_event_type == sub_type else next(m for m in mentions if m.sub_event_type == sub_type)


def _source_order(source: Source) -> tuple:
    return (source.published is None, source.published, source.doc_id)
