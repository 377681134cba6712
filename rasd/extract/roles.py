"""Choose actor1 (acts) and actor2 (targeted) for an event, by ACLED's conventions.

- Violence (explosions, attacks, abductions): actor1 is the named perpetrator, else the
  unidentified armed group; actor2 the force or civilians that were hit.
- Battles: the side that attacked, else the non-state side, else the first of two forces named
  ("clashes between Iraqi forces and Peshmerga"); a tribal clash is fought by clans on both sides.
  The state force retakes territory; the state that flies carries out an air strike.
- Protests: actor1 the protesters, actor2 the force that intervened. Riots: the rioters.
- Arrests and disrupted weapons use: actor1 is the force that acted.
- Other strategic developments: the council, government or force that decided.

Whoever only reports an event ("police said") takes no part in it, unless nobody else is named
for an arrest or a decision. ``Roles.named`` says whether actor1 was read from the text or is
the convention for an unnamed role, so that a later sentence naming the actor can replace it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rasd.extract.actors import ActorMention, Defaults

_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_STATE = {"State forces", "External/Other forces"}
_ARMED = {"perpetrator", "force"}
_GROUPS = {"Rebel group", "Political militia", "Identity militia"}
_FORCES = {"force", "External/Other forces"}  # who arrests: a force, or a foreign army ("Turkish soldiers detained")


@dataclass(frozen=True)
class Roles:
    """actor1 and actor2 of an event, and whether the text named actor1 (if only as "gunmen")
    or it is the convention for a role the sentence leaves unnamed."""

    actor1: str | None
    actor2: str | None
    named: bool = True


def _name(mention: ActorMention | None, event_type: str = "") -> str | None:
    return mention.entry.name_in(event_type) if mention else None


def _first(mentions: Sequence[ActorMention], *, roles: set[str] | None = None,
           agent: bool | None = None, target: bool | None = None,
           exclude: str | None = None) -> ActorMention | None:
    for m in mentions:
        if roles is not None and m.entry.role not in roles and m.entry.actor.inter not in roles:
            continue
        if agent is not None and m.agent != agent:
            continue
        if target is not None and m.target != target:
            continue
        if exclude and m.entry.actor.name == exclude:
            continue
        return m
    return None


def _named_first(mentions: Sequence[ActorMention], unidentified: str) -> ActorMention | None:
    """The first mention naming a group, else the first mention ("gunmen")."""
    return next((m for m in mentions if m.entry.actor.name != unidentified), None) or next(iter(mentions), None)


def _armed(m: ActorMention) -> bool:
    """Whether ``m`` may have carried out an attack: an armed actor, or a group usually named as
    the one struck (the PKK, the YBS) when the sentence says it acted ("PKK militants attacked")."""
    return m.entry.role in _ARMED or m.agent and m.entry.actor.inter in _GROUPS


def _perpetrator(mentions: Sequence[ActorMention], sub_event_type: str, unidentified: str) -> str:
    """Who carried out a violent event: a cue-marked agent, a named armed group, or unidentified."""
    agent = _named_first([m for m in mentions if (m.agent or m.opponent) and _armed(m)], unidentified)
    if agent and not (agent.entry.role == "force" and sub_event_type in {"Remote explosive/landmine/IED", "Suicide bomb"}):
        return _name(agent) or unidentified
    named = _first(mentions, roles={"perpetrator"}, target=False, exclude=unidentified)
    if named and named.agent:
        return _name(named) or unidentified
    return unidentified


def _victim(mentions: Sequence[ActorMention], actor1: str | None, killed: bool, d: Defaults) -> str | None:
    victim = _first(mentions, target=True, exclude=actor1, roles={"force", "target", "perpetrator"})
    if victim is None:
        victim = _first(mentions, agent=False, exclude=actor1, roles={"force", "target"})
    if victim is not None and victim.entry.actor.name == d.civilians:
        # "a bus carrying Iranian pilgrims": the civilians the text names by nationality
        victim = next((m for m in mentions if not m.agent and m.entry.actor.inter == victim.entry.actor.inter
                       and m.entry.actor.name != d.civilians), victim)
    if victim is not None and victim.entry.actor.name not in (d.armed_group, d.clan):
        return _name(victim)
    return d.civilians if killed else None


def _clans(mentions: Sequence[ActorMention], d: Defaults) -> Roles | None:
    """A tribal clash: the clans the text names on each side (one clan fighting itself is
    named twice), else an unidentified clan militia on each side."""
    if not any(m.entry.role == "clan" for m in mentions):
        return None
    names = list(dict.fromkeys(m.entry.actor.name for m in mentions if m.entry.role == "clan" and "{" not in m.entry.actor.name))
    if not names:
        return Roles(d.clan, d.clan)  # the story may name them later (document.name_clans)
    return Roles(names[0], names[1] if len(names) > 1 else names[0])


def _regains(mentions: Sequence[ActorMention], d: Defaults) -> Roles:
    """The state force that retook a place (the army if the text says only "was retaken"),
    from the group that held it."""
    forces = [m for m in mentions if m.entry.role == "force"]
    state = [m for m in forces if m.entry.actor.inter in _STATE]
    force = _first(state, agent=True) or _first(state) or _first(forces)
    held = _named_first([m for m in mentions if m.entry.role == "perpetrator"], d.armed_group)
    return Roles(_name(force) or d.military, _name(held), named=force is not None)


def _battle(mentions: Sequence[ActorMention], killed: bool, d: Defaults) -> Roles:
    """The subject of "X clashed with Y" (Y when X was only killed in the clash); else the side
    that attacked; else the non-state side; else the first of two forces named."""
    armed = [m for m in mentions if _armed(m)]
    split = next((m for m in armed if m.infighting), None)
    if split is not None:  # "rival factions of the PMF clashed": the group on both sides
        return Roles(_name(split), _name(split))
    first = _opposed(armed, d) or _named_first([m for m in armed if m.agent], d.armed_group) \
        or _named_first([m for m in armed if m.entry.role == "perpetrator"], d.armed_group) \
        or _two_sides(armed)
    if first is None:
        return Roles(d.armed_group, _victim(mentions, d.armed_group, killed, d), named=False)
    actor1 = _name(first)
    # the other side: a named group before "militants" told later ("clashed with PKK militants,
    # killing four militants")
    named = (m for m in mentions if m.entry.actor.inter in _GROUPS and m.entry.actor.name not in (actor1, d.armed_group))
    other = next(named, None) or _first([m for m in armed if m is not first], exclude=actor1)
    return Roles(actor1, _name(other) or _victim(mentions, actor1, killed, d))


def _two_sides(armed: Sequence[ActorMention]) -> ActorMention | None:
    """The first of two forces named ("clashes between Iraqi forces and Peshmerga"), unless it
    was only struck ("British troops came under fire, wounding a soldier": the attackers unnamed)."""
    if len({m.entry.actor.name for m in armed}) < 2 or armed[0].passive or armed[0].target:
        return None
    return armed[0]


def _opposed(armed: Sequence[ActorMention], d: Defaults) -> ActorMention | None:
    opponent = _named_first([m for m in armed if m.opponent], d.armed_group)
    if opponent is None:
        return None
    subject = next((m for m in armed if m.start < opponent.start and not (m.target or m.passive)), None)
    return subject or opponent


def _air(mentions: Sequence[ActorMention], speakers: Sequence[ActorMention], killed: bool,
         d: Defaults) -> Roles:
    """The state that flies (or that reports "its warplanes struck"), or an armed group named
    for a drone it sent; else left for the story to tell (armed groups rarely have aircraft)."""
    # "a base where U.S. forces are stationed", "troops were killed": suffered, did not fly
    flyers = [m for m in mentions if m.entry.aircraft and not m.passive]
    hit = {m.entry.actor.name for m in mentions if m.target or m.passive}
    striker = _first(flyers, agent=True) or _first(mentions, roles={"perpetrator"}, agent=True) \
        or _first(flyers, target=False)
    if striker is None and any(m.entry.actor.inter == "External/Other forces" for m in mentions if m.target or m.passive):
        # a drone sent at a base hosting foreign troops with no flyer named: an armed group's
        # (ACLED codes them to the unidentified group until one claims it), whoever reports it;
        # strikes on the country's own forces are often a foreign state's, told in the story
        return Roles(d.armed_group, _victim(mentions, d.armed_group, killed, d), named=False)
    # "the coalition said" of a base hosting its troops: the target reports, it did not fly
    striker = striker or next((m for m in speakers if m.entry.aircraft and m.entry.actor.name not in hit), None)
    actor1 = _name(striker)
    return Roles(actor1, _victim(mentions, actor1, killed, d), named=actor1 is not None)


def _violent(event_type: str, sub_event_type: str, mentions: Sequence[ActorMention],
             speakers: Sequence[ActorMention], killed: bool, d: Defaults) -> Roles:
    clans = _clans(mentions, d) if event_type == "Battles" else None
    if clans is not None:
        return clans
    if sub_event_type == "Government regains territory":
        return _regains(mentions, d)
    if sub_event_type == "Air/drone strike":
        return _air(mentions, speakers, killed, d)
    if event_type == "Battles":
        return _battle(mentions, killed, d)
    actor1 = _perpetrator(mentions, sub_event_type, d.armed_group)
    return Roles(actor1, _victim(mentions, actor1, killed, d), named=_mentioned(mentions, actor1))


def _mentioned(mentions: Sequence[ActorMention], name: str) -> bool:
    return any(m.entry.actor.name == name for m in mentions)


def _decider(mentions: Sequence[ActorMention], heard: Sequence[ActorMention], anchor: int,
             d: Defaults) -> Roles:
    """Who decided a curfew, a vote or a deal: a government or council named, a force that
    acted or is the sentence's subject, else the government of the place ("authorities")."""
    gov = _first(heard, roles={"government"})
    force = _first(heard, roles={"force"}, agent=True) or _first(
        [m for m in heard if m.end <= anchor], roles={"force"}, target=False)
    chosen = gov or force or _first(mentions, roles={"government"})
    if chosen is None:
        return Roles(d.government, None, named=False)
    other = _first(heard, roles=_ARMED, exclude=chosen.entry.actor.name)
    return Roles(_name(chosen), _name(other) if other is not force else None)


def _development(sub_event_type: str, mentions: Sequence[ActorMention], heard: Sequence[ActorMention],
                 anchor: int, d: Defaults, self_disrupted: bool) -> Roles:
    if sub_event_type in ("Other", "Agreement"):
        return _decider(mentions, heard, anchor, d)
    if sub_event_type == "Looting/property destruction":
        actor1 = _perpetrator(heard, sub_event_type, d.armed_group)
        named = _mentioned(heard, actor1) or _first(heard, roles=_ARMED, agent=True) is not None
        return Roles(actor1 if named else None, _victim(heard, actor1, False, d), named=named)
    force = _first(heard, roles=_FORCES, agent=True) or _first(heard, roles={"force"}, target=False)
    if force is None and self_disrupted:
        # a device that went off early, or a bomber killed planting it: the group disrupted itself
        force = _named_first([m for m in heard if m.entry.role == "perpetrator"], d.armed_group)
    # the government that ordered it ("Baghdad arrested", "the KRG released"), else the force
    # that reports its own arrests
    force = force or _first(heard, roles={"government"}, agent=True) or _first(mentions, roles={"force"})
    if force is None:
        return Roles(d.military, None, named=False)
    held = _first(heard, roles={"perpetrator", "protester", "clan"}, exclude=force.entry.actor.name)
    return Roles(_name(force), _name(held))


def assign(event_type: str, sub_event_type: str, mentions: Sequence[ActorMention],
           casualties: bool, d: Defaults, anchor: int = 0, self_disrupted: bool = False) -> Roles:
    """Actors of an event read from a sentence whose actors are ``mentions`` and whose trigger
    starts at ``anchor``; ``self_disrupted`` when a device went off early on those who used it."""
    heard = [m for m in mentions if not m.speaker]  # who reports an event takes no part in it
    if event_type in _VIOLENT:
        return _violent(event_type, sub_event_type, heard, [m for m in mentions if m.speaker], casualties, d)
    if event_type == "Protests":
        force = _first(heard, roles={"force"}) if sub_event_type != "Peaceful protest" else None
        return Roles(d.protesters, _name(force, event_type))
    if event_type == "Riots":
        return Roles(d.rioters, _name(_first(heard, roles={"force"}), event_type))
    return _development(sub_event_type, mentions, heard, anchor, d, self_disrupted)
