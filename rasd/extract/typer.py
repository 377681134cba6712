"""Whether a sentence tells of an incident, and of which ACLED type: the decision behind a small
typed interface, so that a statistical typer can sit beside the rules.

A ``Typer`` takes a sentence and answers a ``Typing`` (event type, sub-event type, the span of
the words that decided it, a score, and the lexicon entries that fired) or None. ``RuleTyper``
is rasd's rules: lexicon triggers ranked by ACLED's hierarchy, and cues for what is no incident
(aggregates, denials, plans) or changes the type (a protest with violence is a riot).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rasd.extract.lexicon import Lexicon, TriggerHit


@dataclass(frozen=True)
class Typing:
    """A typer's answer for one sentence."""

    event_type: str
    sub_event_type: str
    start: int  # the span of the words that decided it ("roadside bomb"), in the sentence
    end: int
    score: float  # how sure the typer is that the sentence holds this incident, in [0, 1]
    rules: tuple[str, ...] = ()  # ids of the lexicon entries (or the model) that decided
    bare: bool = False  # only a killing is told, no tactic: an incident only with a toll and a place
    plural: bool = False  # several incidents in one phrase ("three car bombs", "bombings")
    generic: bool = False  # what exploded is told only as an explosion (or a depot): an accident told next undoes it


class Typer(Protocol):
    """Anything that types sentences: ``type(sentence) -> Typing | None``."""

    def type(self, sentence: str) -> Typing | None: ...


#: A rule typer's score by trigger tier: a named tactic, only violence, a bare killing. The
#: event's calibrated confidence is computed later, from everything the extractor read.
_TIER_SCORE = {1: 0.9, 2: 0.7, 3: 0.5}


class RuleTyper:
    """rasd's rules over the lexicon (see module doc)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def type(self, sentence: str) -> Typing | None:
        lexicon = self.lexicon
        hits = lexicon.find_triggers(sentence)
        if not hits or lexicon.cue("aggregate", sentence) or lexicon.cue("negation", sentence):
            return None
        if all(h.background for h in hits) and lexicon.cue("since_clause", sentence[: hits[0].start]):
            return None  # "the first deaths since a roadside bomb killed three in July": only background
        verdict = lexicon.cue("verdict", sentence[: hits[0].start])
        if verdict is not None:
            return None  # "a court sentenced three men convicted of the 2016 bombing": a trial, not the bombing
        hypothetical = lexicon.cue("hypothetical", sentence)
        if (hypothetical and 0 <= hits[0].start - hypothetical.start() <= 40
                and not lexicon.cue("next_clause", sentence[hypothetical.end() : hits[0].start])):
            return None  # "vowed to attack", "to prevent bombings" (not "called for calm, but militants attacked")
        best, event_type, sub, rules = classify(sentence, hits, lexicon)
        if sub == "Arrests" and lexicon.cue("criminal", sentence):
            return None  # drug dealers caught: a criminal case, not a political arrest (ACLED)
        if sub == "Armed clash" and lexicon.cue("criminal", sentence) and not _harmed(sentence, lexicon):
            return None  # "an ambush by the narcotics police" that hurt no one: a drug bust, no battle
        if sub == "Arrests" and _captured_ground(sentence, best, lexicon):
            return None  # "areas captured by the militants": ground taken, nobody detained
        if best.trigger.generic and lexicon.cue("accident", sentence):
            return None  # "a gas cylinder exploded in a restaurant": an accident, no incident
        several = lexicon.cue("several_before", sentence[max(0, best.start - 25) : best.start])
        return Typing(event_type, sub, best.start, best.end, _TIER_SCORE.get(best.trigger.tier, 0.5),
                      (best.trigger.id, *rules), best.trigger.tier == 3,
                      sentence[best.start : best.end].endswith("s") or several is not None, _only_generic(hits))


def _only_generic(hits: list[TriggerHit]) -> bool:
    """Something exploded, and the sentence names no device or attack that made it explode
    ("an explosion ripped through a house", "a fire at an ammunition depot triggered explosions")."""
    tactics = [h for h in hits if h.trigger.tier == 1 and not h.background]
    return any(h.trigger.generic for h in tactics) and all(
        h.trigger.generic or h.trigger.sub_event_type == "Disrupted weapons use" for h in tactics)


#: the event types of political violence
VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")

#: changes of territory through fighting: the top of ACLED's hierarchy, whatever the sentence names first
_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


def main_trigger(hits: list[TriggerHit], sentence: str, lexicon: Lexicon) -> TriggerHit:
    """The trigger that types the sentence's incident.

    The first tactic named is the incident (later ones are usually background: "wracked by
    violent protests"); among tactics of that event type ACLED's hierarchy decides (a suicide
    car bomb is a suicide bomb); a defused or prematurely detonated device is no explosion.
    """
    foreground = [h for h in hits if not h.background] or hits
    territory = [h for h in foreground if h.trigger.sub_event_type in _TERRITORY]
    if territory:
        return territory[0]  # ACLED: a town taken after bombings and air strikes is a town taken
    best_tier = min(h.trigger.tier for h in foreground)
    tier1 = [h for h in foreground if h.trigger.tier == best_tier]
    # a curfew, a vote, an offensive announced "after gunmen attacked a police station": the
    # violence is the incident ACLED codes, the measure taken after it is optional
    violent = [h for h in tier1 if h.trigger.event_type in VIOLENT]
    if violent and tier1[0].trigger.sub_event_type == "Other":
        tier1 = violent
    first_type = tier1[0].trigger.event_type
    disrupted = [h for h in tier1 if h.trigger.sub_event_type == "Disrupted weapons use"]
    air = any(h.trigger.sub_event_type == "Air/drone strike" for h in tier1)
    if first_type == "Explosions/Remote violence" and disrupted and not air and not _later_clause(sentence, tier1[0], disrupted[0], lexicon):
        return disrupted[0]  # an air strike that destroys a cache is still an air strike
    same_type = [h for h in tier1 if h.trigger.event_type == first_type]
    return min(same_type, key=lambda h: (h.trigger.rank, h.start))


def _later_clause(sentence: str, first: TriggerHit, disrupted: TriggerHit, lexicon: Lexicon) -> bool:
    """The device defused or seized is told in a clause after the one that tells an explosion
    ("a convoy was hit by an IED while police defused two others"): another device, and the
    explosion is the sentence's incident."""
    return first.start < disrupted.start and lexicon.cue("next_clause", sentence[first.end : disrupted.start]) is not None


def classify(sentence: str, hits: list[TriggerHit], lexicon: Lexicon) -> tuple[TriggerHit, str, str, tuple[str, ...]]:
    """The main trigger, ACLED (event_type, sub_event_type) of a sentence with ``hits``, and the
    ids of the cues that changed the trigger's type."""
    best = main_trigger(hits, sentence, lexicon)
    event_type, sub = best.trigger.event_type, best.trigger.sub_event_type
    typed = (event_type, sub)
    if event_type in ("Protests", "Riots"):
        event_type, sub = _protest_kind(sentence, lexicon, sub == "Mob violence")
    elif sub == "Looting/property destruction" and any(h.trigger.event_type == "Protests" and not h.background for h in hits):
        event_type, sub = _protest_kind(sentence, lexicon)  # protesters who burn an embassy riot
    elif sub == "Looting/property destruction" and any(h.trigger.sub_event_type == "Mob violence" and not h.background for h in hits):
        event_type, sub = "Riots", "Mob violence"  # a house set ablaze by a mob: the mob's violence
    elif (event_type, sub) == ("Violence against civilians", "Attack") and (
            _security_force_killed(sentence, lexicon) or lexicon.cue("clan_fight", sentence)):
        event_type, sub = "Battles", "Armed clash"  # tribes fighting each other are armed groups in a clash
    elif sub == "Abduction/forced disappearance" and _harmed(sentence, lexicon):
        event_type, sub = "Violence against civilians", "Attack"  # ACLED: an abduction with further violence
    elif event_type == "Battles" and any(h.trigger.event_type == "Protests" for h in hits):
        event_type, sub = "Riots", "Violent demonstration"  # protesters clashing with police
    elif event_type == "Explosions/Remote violence" and sub != "Air/drone strike" and lexicon.cue("self_disrupted", sentence):
        # a bomb that went off on whoever was planting it, a militant killed while planting it:
        # no attack took place (ACLED: disrupted weapons use)
        event_type, sub = "Strategic developments", "Disrupted weapons use"
    elif sub in _AT_A_PROTEST and _at_a_protest(sentence, hits, lexicon, _AT_A_PROTEST[sub]):
        # "a protester was shot dead during clashes", "police arrested a dozen protesters"
        event_type, sub = _protest_kind(sentence, lexicon)
    return best, event_type, sub, _why(sentence, lexicon) if (event_type, sub) != typed else ()


#: what makes a killing or an arrest part of a demonstration: protesters shot or fighting back;
#: protesters arrested (or dispersed)
_AT_A_PROTEST = {"Attack": ("excessive_force", "riot"), "Arrests": ("intervention",)}


def _at_a_protest(sentence: str, hits: list[TriggerHit], lexicon: Lexicon, kinds: tuple[str, ...]) -> bool:
    protest = any(h.trigger.event_type == "Protests" and not h.background for h in hits)
    return protest and any(lexicon.cue(kind, sentence) for kind in kinds)


def _harmed(sentence: str, lexicon: Lexicon) -> bool:
    """The sentence tells of someone killed or wounded."""
    counts = lexicon.casualties.read(sentence)
    return bool(counts.fatalities or counts.injuries)


def _captured_ground(sentence: str, best: TriggerHit, lexicon: Lexicon) -> bool:
    """Whether the arrest trigger is "captured" said of ground (towns, areas, positions), not people."""
    return sentence[best.start : best.end].lower().startswith("captur") and bool(lexicon.cue("captured_ground", sentence))


def _security_force_killed(sentence: str, lexicon: Lexicon) -> bool:
    """A bare "were killed" names no tactic: soldiers killed is a clash, civilians an attack.
    One officer "gunned down" away from any post or fight is a targeted killing (an attack),
    as "gunmen shot dead a police officer" already is."""
    return (bool(lexicon.cue("security_victims", sentence)) and not lexicon.cue("off_duty", sentence)
            and not lexicon.cue("lone_security_killing", sentence))


def _protest_kind(sentence: str, lexicon: Lexicon, mob_named: bool = False) -> tuple[str, str]:
    """ACLED's protest and riot types: a crowd that attacks outside a demonstration (a mob, a
    lynching: ``mob_named`` when the trigger said so) is mob violence; violence by the
    demonstrators (storming, burning, blocking roads, stones, clashes with the police) makes a
    riot; force that kills or wounds demonstrators who did no violence is excessive force; force
    that only disperses or arrests them ("fired live ammunition and tear gas to disperse", no one
    hurt) is an intervention. What follows "following" or "amid" happened before, and does not
    count."""
    earlier = lexicon.cue("earlier_clause", sentence)
    sentence = sentence[: earlier.start()] if earlier and earlier.start() > 0 else sentence
    mob, protest = lexicon.cue("mob", sentence), lexicon.cue("protesters", sentence)
    if (mob or mob_named) and not (protest and protest.start() < (mob.start() if mob else len(sentence))):
        return "Riots", "Mob violence"  # a mob, not demonstrators turned violent
    if lexicon.cue("riot", sentence):
        return "Riots", "Violent demonstration"
    if lexicon.cue("excessive_force", sentence):
        counts = lexicon.casualties.read(sentence)
        if counts.fatalities or counts.injuries or lexicon.cue("protester_victims", sentence):
            return "Protests", "Excessive force against protesters"
        return "Protests", "Protest with intervention"
    if lexicon.cue("intervention", sentence):
        return "Protests", "Protest with intervention"
    return "Protests", "Peaceful protest"




#: the cue kinds that can change a trigger's type, for an event's provenance
_TYPE_CUES = ("mob", "riot", "excessive_force", "intervention", "security_victims", "clan_fight", "protester_victims",
              "self_disrupted")


def _why(sentence: str, lexicon: Lexicon) -> tuple[str, ...]:
    fired = (lexicon.fired(kind, sentence) for kind in _TYPE_CUES)
    return tuple(entry for entry in fired if entry)
