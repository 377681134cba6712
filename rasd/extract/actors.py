"""The actor dictionary (``data/lexicon/actors.jsonl``) and who-did-what-to-whom.

Each canonical actor has ACLED's inter type, a default role (perpetrator, force, target,
protester, government, clan) and aliases as regexes. ``find`` marks each mention with the cues
around it (``agent_*``, ``target_*``, ``passive_after`` and ``speaker_*`` in ``modifiers.jsonl``):
"by gunmen" and "gunmen killed" mark an agent; "targeting a U.S. patrol" and "a patrol was hit"
mark a target; "police said" marks a speaker, who reports the event rather than takes part;
"killed in clashes with militants" marks the militants as the opponent of whoever was killed.
``roles.assign`` then picks actor1 (acts) and actor2 (targeted).

A name may hold a placeholder completed from the event's place (``resolve``): "{admin1}
Provincial Council", or "{government}", the government of the region the event is in. Names
with "{country}" are filled from the nationality a mention starts with ("Iranian pilgrims":
Civilians (Iran); ``nations.py``). Clans are
named from the text: "the Albu Hamdan and al-Batut tribes" gives "Albu Hamdan Clan Militia (Iraq)"
and "Al-Batut Clan Militia (Iraq)" (the ``clan_names`` pattern of the clan entry).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from rasd.extract.folded import Folded, alternatives
from rasd.extract.lexicon import Lexicon
from rasd.extract.nations import Nations
from rasd.geo.country import default_country
from rasd.model import Actor

_PLACEHOLDER = re.compile(r"\{[\w ]+\}")
_TRIBE_WORD = re.compile(r"tribe|clan", re.IGNORECASE)


@dataclass(frozen=True)
class Defaults:
    """Who an unnamed role is, by ACLED convention for the monitored country (from the dictionary)."""

    armed_group: str  # "gunmen", or no perpetrator named
    civilians: str  # victims not otherwise named
    protesters: str
    rioters: str
    military: str  # the state's forces, when the text says only that a town was retaken or a cache found
    government: str  # who decides a curfew when the text names only "authorities"
    clan: str  # each side of a tribal clash whose tribes are not named


@dataclass(frozen=True)
class ActorEntry:
    """A dictionary entry: the canonical actor, its usual role, and the name it takes in an
    event type where its aliases mean another actor ("security forces" at a protest are police)."""

    actor: Actor
    role: str
    as_in: Mapping[str, str] = field(default_factory=dict)
    aircraft: bool = False  # flies: can carry out an air strike

    def name_in(self, event_type: str) -> str:
        return self.as_in.get(event_type, self.actor.name)


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a sentence, with cues about whether it acted, was targeted, or only
    reported the event ("a police source said")."""

    start: int
    end: int
    entry: ActorEntry
    agent: bool
    target: bool
    speaker: bool = False
    passive: bool = False  # "policemen were shot", "a soldier killed in": suffered, did not act
    opponent: bool = False  # "killed in clashes with X": X fought whoever the sentence is about
    infighting: bool = False  # "two rival factions of X": X fought itself


class ActorDictionary:
    """Canonical actors with aliases, compiled into one regex for a single pass per sentence."""

    def __init__(self, entries: list[tuple[ActorEntry, list[str]]], defaults: Defaults,
                 by_admin1: Mapping[str, Mapping[str, str]] | None = None, clan_names: str | None = None,
                 nations: Nations | None = None, *, home: str) -> None:
        self.entries = [entry for entry, _ in entries]
        self.defaults = defaults
        self._by_admin1 = dict(by_admin1 or {})
        self._nations = nations or Nations([])
        self.home = home  # the monitored country: where events are when the place does not say
        # an entry without aliases (the clan militia) is never named by a fixed phrase
        groups = [(f"(?P<a{i}>{'|'.join(self._nations.expand(a) for a in aliases)})", _national(aliases))
                  for i, (_, aliases) in enumerate(entries) if aliases]
        self._regex = Folded(r"(?<![\w-])(?:" + "|".join(g for g, _ in groups) + r")(?![\w-])")
        # the same without the nationality templates, for the many sentences that name no nationality
        self._lean = Folded(r"(?<![\w-])(?:" + "|".join(g for g, national in groups if not national) + r")(?![\w-])")
        # where a match may start: an alias, or the nationality's word a template starts with (the
        # templates' ~200 nationalities tried at every word made them most of the actors' cost)
        heads = dict.fromkeys(_head(alternative) for _, aliases in entries for alias in aliases
                              for alternative in alternatives(alias))
        try:
            self._starts: Folded | None = Folded(
                r"(?<![\w-])(?:" + "|".join(self._nations.expand(h) if "{" in h else h for h in heads) + ")")
        except re.error:  # an alternative that cannot stand alone (a back-reference): the plain scan
            self._starts = None
        # names are told by their capitals, so this one pattern is matched case-sensitively
        self._clan_names = re.compile(clan_names) if clan_names else None
        self._clan = next((e for e in self.entries if e.role == "clan"), None)

    @classmethod
    @cache
    def default(cls) -> "ActorDictionary":
        folder = resources.files("rasd") / "data" / "lexicon"
        nations = Nations.from_lines((folder / "nationalities.jsonl").read_text(encoding="utf-8").splitlines())
        lines = (folder / "actors.jsonl").read_text(encoding="utf-8").splitlines()
        return cls.from_lines(lines, nations, home=default_country().name)

    @classmethod
    def from_lines(cls, lines: list[str], nations: Nations | None = None, *, home: str) -> "ActorDictionary":
        """``home``: the monitored country (its gazetteer's ``country.name``), where events are
        when their place does not say."""
        entries, defaults, by_admin1, clan_names = [], {}, {}, None
        for line in lines:
            row = json.loads(line) if line.strip() else {}
            if "name" not in row:
                continue
            actor = Actor(row["name"], row["inter"])
            entry = ActorEntry(actor, row.get("role", "target"), row.get("as_in", {}), bool(row.get("aircraft")))
            entries.append((entry, row["aliases"]))
            if "default" in row:
                defaults[row["default"]] = row["name"]
            if "by_admin1" in row:
                by_admin1[row["name"]] = row["by_admin1"]
            clan_names = row.get("clan_names", clan_names)
        return cls(entries, Defaults(**defaults), by_admin1, clan_names, nations, home=home)

    @property
    def nations(self) -> Nations:
        """The countries abroad the dictionary names actors of."""
        return self._nations

    def actors(self) -> list[Actor]:
        """Every canonical actor (for listings and the web API), each once, as named for an event
        in the monitored country; names made from the text ("<Name> Clan Militia") are left out."""
        named = (Actor(self._in_country(e.actor.name, None), e.actor.inter) for e in self.entries)
        return list({a.name: a for a in named if "{" not in a.name}.values())

    def inter_for(self, name: str | None, country: str | None = None) -> str | None:
        """ACLED inter type of an actor name of an event in ``country`` (the monitored country if
        None), or None if the dictionary does not know the name."""
        if not name:
            return None
        names = [(self._in_country(e.actor.name, country), e.actor.inter) for e in self.entries]
        exact = next((inter for known, inter in names if known == name), None)
        if exact is not None:
            return exact  # "Government of Iraq" is not the template "Government of {country}"
        return next((inter for known, inter in names if re.fullmatch(_name_pattern(known), name)), None)

    def _in_country(self, name: str, country: str | None) -> str:
        """``name`` for an event in ``country``: "Unidentified Armed Group ({event_country})" is
        "Unidentified Armed Group (Syria)" in Syria, the monitored country's when unknown."""
        if "event_country}" not in name:
            return name
        country = country or self.home
        return name.replace("{the event_country}", self._nations.with_article(country)).replace("{event_country}", country)

    def is_clan(self, name: str | None) -> bool:
        """Whether ``name`` is a clan militia, named or not (each side of a tribal clash)."""
        if not name or self._clan is None:
            return False
        return any(re.fullmatch(_name_pattern(template), name) for template in (self.defaults.clan, self._clan.actor.name))

    def resolve(self, name: str | None, admin1_code: str | None, admin1: str | None,
                country: str | None = None) -> str | None:
        """``name`` completed with the event's place: "{admin1} Provincial Council" takes the
        governorate, "{government}" the government of the region, "{event_country}" the country;
        None when the place it needs is unknown."""
        if not name or "{" not in name:
            return name
        by_place = self._by_admin1.get(name)
        if by_place is not None:
            name = by_place.get(admin1_code or "", by_place.get("*"))
        name = self._in_country(name, country) if name else None
        if name and "{admin1}" in name:
            name = name.replace("{admin1}", admin1) if admin1 else None
        return name if name and "{" not in name else None

    def find(self, text: str, lexicon: Lexicon) -> list[ActorMention]:
        """Actors named in ``text``, with agent/target/speaker cues from the words around them."""
        mentions = []
        national = self._nations.mentioned(text)
        for m in self._regex.finditer_from(text, self._starts) if national else self._lean.finditer(text):
            index = int(m.lastgroup[1:])  # the alias's group closes last (groupdict() walks every group)
            mention = self._mention(text, m.start(), m.end(), self.entries[index], lexicon)
            if mention is not None:
                mentions.append(mention)
        fight = lexicon.cue("clan_fight", text)
        if self._clan is not None and (fight or self._pair_of_clans(text)):
            start, end = fight.span() if fight else (0, 0)
            mentions.append(ActorMention(start, end, self._clan, False, False))  # a tribal clash, tribes unnamed
            mentions += self._clans(text)
        return mentions

    def clans(self, text: str) -> list[str]:
        """The clan militias ``text`` names, in order, each once."""
        return list(dict.fromkeys(m.entry.actor.name for m in self._clans(text)))

    def _mention(self, text: str, start: int, end: int, entry: ActorEntry, lexicon: Lexicon) -> ActorMention | None:
        cue = lexicon.cue
        before, after = text[max(0, start - 40) : start], text[end : end + 40]
        if cue("disguise_before", before) or cue("uniform_after", after):
            return None  # "gunmen disguised as soldiers": the soldiers are not there
        if "{country}" in entry.actor.name or "{the country}" in entry.actor.name:
            entry = self._national(entry, text[start:end])
        # "X said it attacked the base" claims it; "officials blamed X for the attack" names X
        claimed = bool(cue("claim_after", text[end : end + 80]) or cue("blamed_before", before) and cue("blamed_after", after))
        speaker = not claimed and bool(cue("speaker_before", before) or cue("speaker_after", after))
        passive = bool(cue("passive_after", after))
        opponent = not speaker and bool(cue("opponent_before", before))
        by = claimed or bool(cue("agent_before", before)) and not cue("not_agent_before", before)  # not "led by the US"
        # the object of an attack verb is hit, whatever verb follows it ("gunmen attacked a
        # police station and killed three officers": the police did not kill)
        hit = bool(cue("target_before", before)) and not (cue("members_before", before) and cue("agent_after", after))
        agent = not speaker and (by or bool(cue("agent_after", after)) and not passive and not hit)
        target = bool(hit or cue("target_after", after)) and not (agent or opponent)
        infighting = bool(cue("infighting_before", before) or cue("rival_before", before) and cue("infighting_after", after))
        return ActorMention(start, end, entry, agent, target, speaker, passive, opponent, infighting)

    def _national(self, template: ActorEntry, matched: str) -> ActorEntry:
        """"Iranian pilgrims" under "Civilians ({country})": Civilians (Iran)."""
        name = self._nations.name(template.actor.name, matched) or template.actor.name
        return ActorEntry(Actor(name, template.actor.inter), template.role, template.as_in, template.aircraft)

    def _pair_of_clans(self, text: str) -> bool:
        """Two tribes named together ("between the X and Y tribes") make a clash a tribal one."""
        if self._clan_names is None or not _TRIBE_WORD.search(text):
            return False  # most sentences name no tribe: skip the case-sensitive scan
        return any(m.group("pair") for m in self._clan_names.finditer(text))

    def _clans(self, text: str) -> list[ActorMention]:
        """Each tribe the sentence names, as "<Name> Clan Militia (Iraq)"."""
        if self._clan is None or self._clan_names is None:
            return []
        mentions = []
        for m in self._clan_names.finditer(text):
            for group, name in m.groupdict().items():
                if name and group != "pair":  # every other group of the pattern is a name
                    entry = ActorEntry(Actor(self._clan.actor.name.replace("{clan}", _clan_name(name)),
                                             self._clan.actor.inter), "clan")
                    mentions.append(ActorMention(m.start(group), m.end(group), entry, False, False))
        return mentions


def _head(alternative: str) -> str:
    """What a match of an alias's ``alternative`` starts with: the placeholder of a template
    that starts with one ("{adjective} pilgrims"), else the whole alternative."""
    return next((p for p in ("{adjective}", "{people}") if alternative.startswith(p)), alternative)


def _national(aliases: list[str]) -> bool:
    """Whether an entry's aliases are nationality templates ("{adjective} pilgrims")."""
    return any("{adjective}" in a or "{people}" in a for a in aliases)


def _name_pattern(name: str) -> str:
    """A regex for the names a canonical name stands for: "{admin1} Provincial Council" stands for
    "Basra Provincial Council"; a name that is only a placeholder ("{government}") for none."""
    if not _PLACEHOLDER.sub("", name).strip():
        return r"(?!)"
    return ".+".join(re.escape(part) for part in _PLACEHOLDER.split(name))


def _clan_name(raw: str) -> str:
    name = raw.replace("’", "'")
    return name[:1].upper() + name[1:]
