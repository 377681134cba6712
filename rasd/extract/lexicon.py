"""The extraction lexicon: triggers, cues, casualty phrasing, number words and relative day
phrases, loaded from a directory of data files (``rasd/data/lexicon`` by default) into one ``Lexicon`` object.

An analyst extends rasd by editing those files: a trigger names an ACLED event and sub-event
type, a rank (ACLED's hierarchy among co-occurring tactics) and a tier (1 names a tactic, 2 only
says violence happened, 3 a bare killing); a cue marks aggregates, riots, citations and the like.
Every entry has an ``id``, so an event can say which entries produced it. A cue kind the code
asks for but the data lacks is an error at load time, never a silent None.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import groupby
from importlib import resources
from pathlib import Path

from rasd.errors import InputError
from rasd.extract.casualties import DEFAULT_MAX_COUNT, CasualtyReader
from rasd.extract.dayphrases import DatePhrase, DatePhrases, date_phrase
from rasd.extract.folded import Folded, FoldedSet
from rasd.extract.numbers import NumberWords

#: Every cue kind the extractor asks for; the data must define each, and only these
#: (rasd/data/lexicon/README.md says what each marks).
CUE_KINDS = frozenset((
    "accident",
    "agent_after",
    "agent_before",
    "aggregate",
    "anaphora",
    "apposition_end",
    "attacker_deaths",
    "background",
    "blamed_after",
    "blamed_before",
    "captured_ground",
    "citation",
    "city_anaphor",
    "claim_after",
    "compass",
    "country_elsewhere",
    "country_scene",
    "country_scope",
    "deed",
    "claim",
    "clan_fight",
    "clause_verb",
    "coordinate",
    "comparison_before",
    "container_after",
    "criminal",
    "described_before",
    "disguise_before",
    "distance",
    "distance_figure",
    "earlier_clause",
    "excessive_force",
    "foreign",
    "group_after",
    "hypothetical",
    "infighting_after",
    "infighting_before",
    "intervention",
    "item_other",
    "launch_site",
    "list_glue",
    "locative",
    "located_after",
    "lone_security_killing",
    "members_before",
    "mob",
    "near",
    "near_after",
    "natural_feature",
    "negation",
    "next_clause",
    "no_claim",
    "not_a_name",
    "not_agent_before",
    "off_duty",
    "one_of_pair",
    "opponent_before",
    "passive_after",
    "place_itself_before",
    "place_noun",
    "place_told",
    "place_word",
    "possessive_after",
    "possessive_between",
    "protester_victims",
    "protesters",
    "province_after",
    "province_before",
    "province_named",
    "province_word_after",
    "quarter_after",
    "quarter_noun_end",
    "quarter_of_after",
    "reference_after",
    "region_after",
    "report_after",
    "report_before",
    "riot",
    "rival_before",
    "road_after",
    "route_name_after",
    "route",
    "says_after",
    "seat",
    "second_blast",
    "site_of_town",
    "security_victims",
    "self_disrupted",
    "separate",
    "series",
    "series_item",
    "several_before",
    "site_preposition",
    "speaker_back",
    "since_clause",
    "soft_separate",
    "source_place",
    "speaker_after",
    "speaker_before",
    "stop",
    "target_after",
    "target_before",
    "tally_includes",
    "toll_statement",
    "two_ways",
    "uniform_after",
    "verdict",
    "villages_in",
    "voice_after",
))


@dataclass(frozen=True)
class Trigger:
    """A trigger pattern and the ACLED type it signals."""

    id: str
    pattern: Folded
    event_type: str
    sub_event_type: str
    rank: int
    tier: int
    generic: bool = False  # says only that something exploded or burned: an accident cue undoes it


@dataclass(frozen=True)
class TriggerHit:
    """A trigger found in a sentence; ``background`` when in a clause like "following clashes"."""

    start: int
    end: int
    trigger: Trigger
    background: bool = False


@dataclass(frozen=True)
class CueEntry:
    """One row of ``modifiers.jsonl``: an alternative for its kind. An anchored pattern is
    matched as written (its own ``^``/``$``); the others only on whole words."""

    id: str
    kind: str
    pattern: str
    anchored: bool = False

    def regex(self) -> str:
        """The entry in its named group; an unanchored one must end a word (``_kind_regex``
        asks whether it starts one)."""
        body = self.pattern if self.anchored else f"(?:{self.pattern})(?![\\w-])"
        return f"(?P<{_group(self.id)}>{body})"


def _kind_regex(entries: list[CueEntry]) -> str:
    """The alternatives of one cue kind as one pattern. The word-start test is asked once for a
    run of unanchored entries, not once an entry: ``(?<!x)(?:a|b)`` matches as ``(?<!x)a|(?<!x)b``
    does (the same alternative, the same span), and at the many positions inside a word the
    engine gives up after one test instead of one per entry (the aggregate cue scanned twice as fast)."""
    parts = []
    for anchored, run in groupby(entries, key=lambda e: e.anchored):
        alternatives = [e.regex() for e in run]
        parts += alternatives if anchored else [r"(?<![\w-])(?:" + "|".join(alternatives) + ")"]
    return "|".join(parts)


_WORD = re.compile(r"\w")


def _group(entry_id: str) -> str:
    return "e_" + re.sub(r"\W", "_", entry_id.lower())


def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(str(path), f"cannot read this lexicon file ({error.strerror or error})") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as error:
            raise InputError(str(path), f"not a JSON object ({error})", number) from None
        if "pattern" in row:  # other rows are comments
            yield number, row


def _field(path: Path, number: int, row: dict, name: str):
    if name not in row:
        raise InputError(str(path), f"lexicon entry lacks {name!r}", number)
    return row[name]


def _word(pattern: str) -> Folded:
    return Folded(r"(?<![\w-])(?:" + pattern + r")(?![\w-])")


class Lexicon:
    """Triggers and cues compiled for one pass a sentence, plus the casualty reader and the
    relative day phrases."""

    def __init__(self, triggers: list[Trigger], cues: list[CueEntry], casualties: CasualtyReader,
                 dates: DatePhrases) -> None:
        self.triggers = tuple(triggers)
        self.entries = tuple(cues)
        self.casualties = casualties
        self.dates = dates
        by_kind: dict[str, list[CueEntry]] = {}
        for entry in cues:
            by_kind.setdefault(entry.kind, []).append(entry)
        self._cues = {kind: Folded(_kind_regex(group), re.M if kind == "stop" else 0)
                      for kind, group in by_kind.items()}
        self._ids = {_group(e.id): e.id for e in cues}
        self._recent = lru_cache(maxsize=256)(self._find_triggers)
        self._recent_cues = lru_cache(maxsize=1024)(self._cue)
        self._trigger_set = FoldedSet([t.pattern for t in triggers])
        # a text has triggers only if one starts a word (``\b``); asked only when no hit does
        self._any = Folded(r"\b(?:" + "|".join(f"(?:{t.pattern.pattern})" for t in triggers) + ")")

    @classmethod
    def default(cls, max_count: int = DEFAULT_MAX_COUNT) -> Lexicon:
        """The lexicon that ships with rasd, loaded once per process (and ceiling on counts)."""
        return _default(max_count)

    @classmethod
    def from_dir(cls, directory: str | Path, max_count: int = DEFAULT_MAX_COUNT) -> Lexicon:
        """Read triggers.jsonl, modifiers.jsonl, casualties.json, numbers.json and dates.jsonl from
        ``directory``; a figure above ``max_count`` is no count of casualties.

        InputError names the file and line of an entry that is malformed, of an unknown cue
        kind or a duplicate id, and names any cue kind the code needs that the data lacks."""
        root = Path(directory)
        triggers = [_trigger(root / "triggers.jsonl", n, row) for n, row in _rows(root / "triggers.jsonl")]
        cues = [_cue(root / "modifiers.jsonl", n, row) for n, row in _rows(root / "modifiers.jsonl")]
        casualties = CasualtyReader.from_files(root / "casualties.json", root / "numbers.json", max_count)
        numbers = casualties.numbers
        phrases = [_date_phrase(root / "dates.jsonl", n, row, numbers) for n, row in _rows(root / "dates.jsonl")]
        _check(root, triggers, cues, phrases)
        return cls(triggers, cues, casualties, DatePhrases(phrases, numbers))

    def find_triggers(self, text: str) -> list[TriggerHit]:
        """Every trigger in ``text``, left to right (the same text is often asked about twice,
        as a sentence and as its clauses: the last answers are kept, empty ones too)."""
        return list(self._recent(text))

    def _find_triggers(self, text: str) -> tuple[TriggerHit, ...]:
        hits = [
            TriggerHit(m.start(), m.end(), self.triggers[i], self._background(text, m.start()))
            for i, m in self._trigger_set.finditer(text)
        ]
        # ``_any`` matches where a hit starts with a word character (the lookbehind of every
        # trigger makes that a word boundary): only hits that all start otherwise need the scan
        if not hits or not (any(_WORD.match(text, h.start) for h in hits) or self._any.search(text)):
            return ()
        return tuple(sorted(hits, key=lambda h: h.start))

    def _background(self, text: str, start: int) -> bool:
        """Whether the trigger at ``start`` is told as background: in a clause like "following
        clashes", or after "since" ("the first deaths since a roadside bomb killed three")."""
        return bool(self.cue("background", text[max(0, start - 40) : start]) or self.cue("since_clause", text[:start]))

    def cue(self, kind: str, text: str) -> re.Match[str] | None:
        """The first match of cue ``kind`` in ``text`` (offsets are ``text``'s), or None (a
        sentence is asked about the same cue by several stages: the last answers are kept)."""
        return self._recent_cues(kind, text)

    def _cue(self, kind: str, text: str) -> re.Match[str] | None:
        try:
            return self._cues[kind].search(text)
        except KeyError:
            raise KeyError(f"cue kind {kind!r} is not in the lexicon (known: {sorted(self._cues)})") from None

    def pattern(self, kind: str) -> str:
        """The alternatives of cue ``kind`` as one regular expression source, for code that
        builds a larger pattern around them (a place noun inside "the village of NAME")."""
        group = [e.pattern for e in self.entries if e.kind == kind]
        if not group:
            raise KeyError(f"cue kind {kind!r} is not in the lexicon")
        return "|".join(f"(?:{p})" for p in group)

    def entry_id(self, match: re.Match[str]) -> str:
        """The id of the entry whose alternative produced ``match`` (a ``cue`` result)."""
        return self._ids.get(match.lastgroup or "", "?")

    def fired(self, kind: str, text: str) -> str | None:
        """The id of the first entry of ``kind`` that matches ``text``, or None."""
        match = self.cue(kind, text)
        return self.entry_id(match) if match else None


def _trigger(path: Path, number: int, row: dict) -> Trigger:
    values = [_field(path, number, row, name) for name in ("id", "pattern", "event_type", "sub_event_type", "rank", "tier")]
    return Trigger(values[0], _word(values[1]), *values[2:], generic=bool(row.get("generic")))


def _cue(path: Path, number: int, row: dict) -> CueEntry:
    kind = _field(path, number, row, "kind")
    if kind not in CUE_KINDS:
        raise InputError(str(path), f"unknown cue kind {kind!r} (the extractor reads {sorted(CUE_KINDS)})", number)
    return CueEntry(_field(path, number, row, "id"), kind, row["pattern"], bool(row.get("anchored")))


def _date_phrase(path: Path, number: int, row: dict, numbers: NumberWords) -> DatePhrase:
    try:
        return date_phrase(row, numbers)
    except ValueError as error:
        raise InputError(str(path), str(error), number) from None


def _check(root: Path, triggers: list[Trigger], cues: list[CueEntry], phrases: list[DatePhrase]) -> None:
    missing = CUE_KINDS - {c.kind for c in cues}
    if missing:
        raise InputError(str(root / "modifiers.jsonl"), f"no entry for cue kinds the extractor needs: {sorted(missing)}")
    seen: set[str] = set()
    for entry_id in [t.id for t in triggers] + [c.id for c in cues] + [p.id for p in phrases]:
        if entry_id in seen:
            raise InputError(str(root), f"lexicon entry id {entry_id!r} is used twice")
        seen.add(entry_id)


@cache
def _default(max_count: int) -> Lexicon:
    return Lexicon.from_dir(Path(str(resources.files("rasd") / "data" / "lexicon")), max_count)
