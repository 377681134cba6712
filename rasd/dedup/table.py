"""Mentions as columns: the numpy arrays that blocking and comparison work on.

Converting once keeps the per-pair work vectorised; a million mentions become a dozen
arrays. Rows are sorted by mention id, which makes every later step independent of the
order the caller passed the mentions in.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import overload

import numpy as np
from rapidfuzz.utils import default_process

from rasd.dedup.rules import Rules
from rasd.dedup.text import content_words
from rasd.model import EventMention

ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|az)\s+")


@dataclass(frozen=True)
class MentionTable:
    """Column arrays of unique mentions, row ``k`` is ``mentions[k]`` (sorted by mention id)."""

    mentions: list[EventMention]
    ids: list[str]
    day: np.ndarray  # date ordinal, -1 without a date
    lo: np.ndarray  # earliest day the incident can have happened
    hi: np.ndarray  # latest day
    precision: np.ndarray  # time precision, 1..3
    block: np.ndarray  # code of (area, type group)
    sub_type: np.ndarray  # code of sub_event_type
    lat: np.ndarray  # radians, nan when unknown
    lon: np.ndarray
    geo_precision: np.ndarray  # 1..3 (3 when unknown)
    location: np.ndarray  # code of the normalised place name, -1 when unknown
    place_names: list[str]  # normalised place name without article prefixes, "" when unknown
    actor1: np.ndarray  # code of a non-wildcard actor, -1 otherwise
    actor2: np.ndarray
    target: np.ndarray  # code of actor2 as reported, wildcards ("Civilians") included, -1 when none
    fatalities: np.ndarray  # float, nan when unknown
    injuries: np.ndarray
    doc: np.ndarray  # code of doc_id
    text: Sequence[str]  # content words of the evidence (see rasd.dedup.text), read when compared
    sub_type_names: list[str]
    outside: np.ndarray  # candidates each row has among mentions not in the table (for crowding)

    def __len__(self) -> int:
        return len(self.ids)


class EvidenceWords(Sequence[str]):
    """Each row's content words (``rasd.dedup.text.content_words``), worked out when first read.

    Only pairs whose other features leave room for a link compare text, so most rows of a large
    table (and nearly all stored neighbours the store passes along) never need theirs.
    """

    def __init__(self, rows: Sequence[EventMention]) -> None:
        self._rows = rows
        self._words: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        words = self._words.get(index)
        if words is None:
            mention = self._rows[index]
            words = self._words[index] = evidence_words(mention.evidence or "", mention.location)
        return words


@lru_cache(maxsize=1 << 16)
def evidence_words(evidence: str, place: str | None) -> str:
    """``content_words`` of a raw evidence sentence, remembered: a stored neighbour is compared
    again in every round of ``rasd.dedup.affected`` and in the clustering after it."""
    return content_words(default_process(evidence), place)


def _codes(values: Iterable[object], none_code: bool = False) -> np.ndarray:
    """Integer codes for hashable values; with ``none_code`` None becomes -1."""
    table: dict[object, int] = {}
    out = []
    for value in values:
        if none_code and value is None:
            out.append(-1)
        else:
            out.append(table.setdefault(value, len(table)))
    return np.asarray(out, dtype=np.int64)


def day_bounds(mention: EventMention, rules: Rules) -> tuple[int, int, int]:
    """(day, lo, hi) ordinals of the days the report allows; (-1, -1, -1) without a date."""
    if mention.event_date is None:
        return -1, -1, -1
    return (mention.event_date.toordinal(), *day_range(mention.event_date, mention.time_precision, rules))


class DayBounds:
    """``day_bounds`` remembered by date and precision: the rows of a large table share a few
    thousand days, and working each out again was a tenth of building the table."""

    def __init__(self, rules: Rules) -> None:
        self._rules = rules
        self._known: dict[tuple[date | None, int | None], tuple[int, int, int]] = {}

    def __call__(self, mention: EventMention) -> tuple[int, int, int]:
        key = mention.event_date, mention.time_precision
        bounds = self._known.get(key)
        if bounds is None:
            bounds = self._known[key] = day_bounds(mention, self._rules)
        return bounds


def day_range(day: date | None, time_precision: int | None, rules: Rules) -> tuple[int, int]:
    """The ordinal day range an incident reported on ``day`` at ``time_precision`` may lie in
    ((-1, -1) without a date): the whole month at precision 3, else the rules' half width around it."""
    if day is None:
        return -1, -1
    precision = time_precision or 1
    if precision >= 3:
        first = day.replace(day=1).toordinal()
        return first, first + monthrange(day.year, day.month)[1] - 1
    width = rules.date_half_width.get(precision, max(rules.date_half_width.values()))
    return day.toordinal() - width, day.toordinal() + width


def date_bounds(mention: EventMention, rules: Rules) -> tuple[int, int]:
    """The ordinal day range a mention's incident may lie in (empty range (-1, -1) if undated)."""
    _, lo, hi = day_bounds(mention, rules)
    return lo, hi


def area_key(mention: EventMention) -> str:
    """The area a mention is blocked by: its governorate, else its country, else nothing known."""
    return mention.admin1_code or mention.country_code or mention.country or ""


def block_key(mention: EventMention, groups: Mapping[str, str]) -> tuple[str, str]:
    """What blocking groups a mention by: its area and its sub-event type's group (``Rules.type_group``)."""
    return area_key(mention), groups.get(mention.sub_event_type, mention.sub_event_type)


def _actor(name: str | None, rules: Rules) -> str | None:
    return None if not name or name in rules.wildcard_actors else name


def _place_name(mention: EventMention) -> str | None:
    name = default_process(mention.location) if mention.location else ""
    return name or None


def _bare_place_name(name: str | None) -> str:
    """The place name without an Arabic article ("al-Amarah" and "Amarah" are one spelling)."""
    return ARTICLE.sub("", name or "")


@dataclass(frozen=True)
class BlockingColumns:
    """Only what blocking reads (see ``rasd.dedup.blocking``), cheap to build for many mentions."""

    ids: list[str]
    day: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    block: np.ndarray
    doc: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def _blocking_columns(rows: Sequence[EventMention], rules: Rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(date bounds as rows of day, lo, hi; block codes; document codes)."""
    bounds = np.asarray(list(map(DayBounds(rules), rows)), dtype=np.int64).reshape(-1, 3)
    groups = rules.type_group()
    blocks = _codes(block_key(m, groups) for m in rows)
    return bounds, blocks, _codes(m.doc_id for m in rows)


def _unique_sorted(mentions: Iterable[EventMention]) -> tuple[list[str], list[EventMention]]:
    by_id = {m.mention_id: m for m in mentions}
    ids = sorted(by_id)
    return ids, [by_id[i] for i in ids]


def blocking_columns(mentions: Sequence[EventMention], rules: Rules) -> BlockingColumns:
    """Unique mentions (by id) sorted by id, as the columns blocking reads: all that clustering
    needs of a table whose pairs were scored already (``cluster(..., scores=)``)."""
    ids, rows = _unique_sorted(mentions)
    bounds, blocks, docs = _blocking_columns(rows, rules)
    return BlockingColumns(ids, bounds[:, 0], bounds[:, 1], bounds[:, 2], blocks, docs)


def build_table(mentions: Sequence[EventMention], rules: Rules, outside: Mapping[str, int] | None = None,
                blocking: BlockingColumns | None = None) -> MentionTable:
    """Unique mentions (by id) sorted by id, as columns. ``outside``: for mentions whose
    candidates are not all passed, how many candidates they have beyond those passed;
    ``blocking``: their blocking columns in that order, when the caller has them already."""
    ids, rows = _unique_sorted(mentions)
    names = [_place_name(m) for m in rows]
    if blocking is None:
        bounds, blocks, docs = _blocking_columns(rows, rules)
    else:
        bounds, blocks, docs = np.stack([blocking.day, blocking.lo, blocking.hi], axis=1), blocking.block, blocking.doc
    sub_names: dict[str, int] = {}
    sub_type = np.asarray([sub_names.setdefault(m.sub_event_type, len(sub_names)) for m in rows], dtype=np.int64)
    actor_codes = _codes(
        [_actor(m.actor1, rules) for m in rows] + [_actor(m.actor2, rules) for m in rows], none_code=True
    )
    n = len(rows)
    return MentionTable(
        mentions=rows,
        ids=ids,
        day=bounds[:, 0],
        lo=bounds[:, 1],
        hi=bounds[:, 2],
        precision=np.asarray([min(max(m.time_precision or 1, 1), 3) for m in rows], dtype=np.int64),
        block=blocks,
        sub_type=sub_type,
        lat=np.radians(np.asarray([np.nan if m.latitude is None else m.latitude for m in rows], dtype=float)),
        lon=np.radians(np.asarray([np.nan if m.longitude is None else m.longitude for m in rows], dtype=float)),
        geo_precision=np.asarray([min(max(m.geo_precision or 3, 1), 3) for m in rows], dtype=np.int64),
        location=_codes(names, none_code=True),
        place_names=[_bare_place_name(name) for name in names],
        actor1=actor_codes[:n],
        actor2=actor_codes[n:],
        target=_codes((m.actor2 or None for m in rows), none_code=True),
        fatalities=np.asarray([np.nan if m.fatalities is None else m.fatalities for m in rows], dtype=float),
        injuries=np.asarray([np.nan if m.injuries is None else m.injuries for m in rows], dtype=float),
        doc=docs,
        text=EvidenceWords(rows),
        sub_type_names=list(sub_names),
        outside=np.asarray([(outside or {}).get(i, 0) for i in ids], dtype=np.int64),
    )
