"""The actor dictionary (``data/lexicon/actors.jsonl``) and who-did-what-to-whom.

Each canonical actor has ACLED's inter type, a default role (perpetrator, force, target,
protester, government) and aliases as regexes. ``find`` marks each mention with the cues around
it (``agent_*``, ``target_*`` and ``passive_after`` in ``modifiers.jsonl``): "by gunmen" and
"gunmen killed" mark an agent; "targeting a U.S. patrol" and "a patrol was hit" mark a target.
``roles.assign`` then picks actor1 (acts) and actor2 (targeted).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasd.extract.folded import Folded
from rasd.extract.lexicon import Lexicon
from rasd.model import Actor


@dataclass(frozen=True)
class Defaults:
    """Who an unnamed role is, by ACLED convention for the monitored country (from the dictionary)."""

    armed_group: str  # "gunmen", or no perpetrator named
    civilians: str  # victims not otherwise named
    protesters: str
    rioters: str


@dataclass(frozen=True)
class ActorEntry:
    """A dictionary entry: the canonical actor and its usual role."""

    actor: Actor
    role: str


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a sentence, with cues about whether it acted or was targeted."""

    start: int
    end: int
    entry: ActorEntry
    agent: bool
    target: bool


class ActorDictionary:
    """Canonical actors with aliases, compiled into one regex for a single pass per sentence."""

    def __init__(self, entries: list[tuple[ActorEntry, list[str]]], defaults: Defaults) -> None:
        self.entries = [entry for entry, _ in entries]
        self.defaults = defaults
        groups = [f"(?P<a{i}>{'|'.join(aliases)})" for i, (_, aliases) in enumerate(entries)]
        self._regex = Folded(r"(?<![\w-])(?:" + "|".join(groups) + r")(?![\w-])")

    @classmethod
    @cache
    def default(cls) -> "ActorDictionary":
        path = resources.files("rasd") / "data" / "lexicon" / "actors.jsonl"
        return cls.from_lines(path.read_text(encoding="utf-8").splitlines())

    @classmethod
    def from_lines(cls, lines: list[str]) -> "ActorDictionary":
        entries, defaults = [], {}
        for line in lines:
            row = json.loads(line) if line.strip() else {}
            if "name" not in row:
                continue
            entry = ActorEntry(Actor(row["name"], row["inter"]), row.get("role", "target"))
            entries.append((entry, row["aliases"]))
            if "default" in row:
                defaults[row["default"]] = row["name"]
        return cls(entries, Defaults(**defaults))

    def actors(self) -> list[Actor]:
        """Every canonical actor (for listings and the web API)."""
        return [entry.actor for entry in self.entries]

    def inter_for(self, name: str | None) -> str | None:
        """ACLED inter type of a canonical actor name, or None if it is not in the dictionary."""
        if not name:
            return None
        for entry in self.entries:
            pattern = re.escape(entry.actor.name).replace(re.escape("{admin1}"), ".+")
            if re.fullmatch(pattern, name):
                return entry.actor.inter
        return None

    def find(self, text: str, lexicon: Lexicon) -> list[ActorMention]:
        """Actors named in ``text``, with agent/target cues from the words around them."""
        cue = lexicon.cue
        mentions = []
        for m in self._regex.finditer(text):
            index = int(next(name for name, value in m.groupdict().items() if value)[1:])
            before, after = text[max(0, m.start() - 40) : m.start()], text[m.end() : m.end() + 40]
            if cue("disguise_before", before) or cue("uniform_after", after):
                continue  # "gunmen disguised as soldiers": the soldiers are not there
            active = bool(cue("agent_after", after)) and not cue("passive_after", after)
            agent = bool(cue("agent_before", before)) or active
            target = bool(cue("target_before", before) or cue("target_after", after))
            mentions.append(ActorMention(m.start(), m.end(), self.entries[index], agent, target and not agent))
        return mentions
