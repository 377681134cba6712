"""Choose actor1 (acts) and actor2 (targeted) for an event, by ACLED's conventions.

- Violence (battles, explosions, attacks, abductions): actor1 is the named perpetrator, else
  the unidentified armed group; actor2 the force or civilians that were hit.
- Protests: actor1 the protesters, actor2 the force that intervened. Riots: the rioters.
- Arrests and disrupted weapons use: actor1 is the force that acted.
- Other strategic developments: the council, government or force that decided.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasd.extract.actors import ActorMention, Defaults

_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_STATE = {"State forces", "External/Other forces"}


def _name(mention: ActorMention | None) -> str | None:
    return mention.entry.actor.name if mention else None


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


def _perpetrator(mentions: Sequence[ActorMention], sub_event_type: str, unidentified: str) -> str:
    """Who carried out a violent event: a cue-marked agent, a named armed group, or unidentified."""
    agents = [m for m in mentions if m.agent and m.entry.role in {"perpetrator", "force"}]
    # a named group ("claimed by the Islamic State") outranks the generic "suicide bombers"
    agent = next((m for m in agents if m.entry.actor.name != unidentified), None) or (agents[0] if agents else None)
    if agent and not (agent.entry.role == "force" and sub_event_type in {"Remote explosive/landmine/IED", "Suicide bomb"}):
        return _name(agent) or unidentified
    named = _first(mentions, roles={"perpetrator"}, target=False, exclude=unidentified)
    if named and named.entry.actor.inter != "Rebel group" or (named and named.agent):
        return _name(named) or unidentified
    return unidentified


def _victim(mentions: Sequence[ActorMention], actor1: str | None, killed: bool, d: Defaults) -> str | None:
    victim = _first(mentions, target=True, exclude=actor1, roles={"force", "target", "government", "perpetrator"})
    if victim is None:
        victim = _first(mentions, agent=False, exclude=actor1, roles={"force", "target"})
    if victim is not None and victim.entry.actor.name != d.armed_group:
        return _name(victim)
    return d.civilians if killed else None


def assign(event_type: str, sub_event_type: str, mentions: Sequence[ActorMention],
           casualties: bool, d: Defaults) -> tuple[str | None, str | None]:
    """(actor1, actor2) for an event read from a sentence whose actors are ``mentions``."""
    if event_type in _VIOLENT:
        actor1: str | None = _perpetrator(mentions, sub_event_type, d.armed_group)
        if sub_event_type == "Air/drone strike":
            # who flies is named, or left for the story to tell: armed groups rarely have aircraft
            state = _first(mentions, roles=_STATE, exclude=None)
            actor1 = _name(state) or (actor1 if actor1 != d.armed_group else None)
        return actor1, _victim(mentions, actor1, casualties, d)
    if event_type == "Protests":
        force = _first(mentions, roles={"force"}) if sub_event_type != "Peaceful protest" else None
        return d.protesters, _name(force)
    if event_type == "Riots":
        return d.rioters, None
    force = _first(mentions, roles={"force"}, agent=True) or _first(mentions, roles={"force"})
    if sub_event_type == "Other":
        gov = _first(mentions, roles={"government"}) or force
        return _name(gov), None
    if sub_event_type == "Disrupted weapons use" and force is None:
        return d.armed_group, None
    return _name(force), None
