"""Read one sentence into a candidate event: type, date, place, actors, casualties.

The cheap tests run first (a trigger word, then cues) so that most sentences of a report cost
one regex pass; only sentences that can hold an event get date, place and actor reading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from rasd.extract.casualties import Counts
from rasd.extract.context import Context
from rasd.extract.dates import DateMention
from rasd.extract.lexicon import Lexicon, TriggerHit
from rasd.extract.places import Located, locate
from rasd.extract.roles import assign
from rasd.extract.sentences import Sentence
from rasd.geo.kinds import specificity

#: ACLED sub-event types that kill nobody by definition: a death told in the same sentence is
#: another event ("a curfew after gunmen killed three officers"; an abduction that ends in a
#: killing is an attack)
_NEVER_LETHAL = {
    "Arrests", "Agreement", "Change to group/activity", "Headquarters or base established",
    "Non-violent transfer of territory", "Other", "Looting/property destruction", "Abduction/forced disappearance",
}
#: kill nobody unless the report says otherwise: a bomber dies defusing his bomb; protesters
#: killed make a protest typed peaceful one of excessive force, and the toll stays theirs
_NON_LETHAL = {"Disrupted weapons use", "Peaceful protest", "Protest with intervention"}


@dataclass(frozen=True)
class Candidate:
    """An event as read from one sentence, before merging with the rest of its document."""

    sentence: Sentence
    event_type: str
    sub_event_type: str
    day: date | None
    time_precision: int | None
    date_explicit: bool  # the sentence itself dated the incident
    located: Located | None
    actor1: str | None
    actor2: str | None
    counts: Counts
    separate: bool  # the sentence opens a new incident ("In a separate attack, ...")
    soft_separate: bool  # "Meanwhile", "Earlier": a new incident unless it refers back
    anaphoric: bool  # the sentence refers back ("the blast", "the attack")
    citation: bool = False  # a headline in a citation list: confirms, never stands alone
    place_own: bool = True  # the place was named in this sentence, not taken from context
    foreign: bool = False  # the sentence places the incident abroad: no Iraqi place is inferred
    last_paragraph: int = -1  # the last paragraph that told of this incident (-1: its own)
    named_places: tuple[str, ...] = ()  # every place the sentence names, as resolved
    actor1_named: bool = True  # actor1 was named by the text, not the convention for an unnamed role
    bare: bool = False  # only a killing is told, no tactic ("two soldiers were killed"): the type is a guess
    total: bool = False  # the toll may cover several incidents told together ("bomb attacks killed 13")
    shared: bool = False  # one of several places a sentence names together: a toll told for all is not its own

    @property
    def reach(self) -> int:
        """The paragraph a following sentence is measured from when it may continue the story."""
        return max(self.sentence.paragraph, self.last_paragraph)


def main_trigger(hits: list[TriggerHit]) -> TriggerHit:
    """The trigger that types the sentence's incident.

    The first tactic named is the incident (later ones are usually background: "wracked by
    violent protests"); among tactics of that event type ACLED's hierarchy decides (a suicide
    car bomb is a suicide bomb); a defused or prematurely detonated device is no explosion.
    """
    foreground = [h for h in hits if not h.background] or hits
    best_tier = min(h.trigger.tier for h in foreground)
    tier1 = [h for h in foreground if h.trigger.tier == best_tier]
    first_type = tier1[0].trigger.event_type
    disrupted = [h for h in tier1 if h.trigger.sub_event_type == "Disrupted weapons use"]
    air = any(h.trigger.sub_event_type == "Air/drone strike" for h in tier1)
    if first_type == "Explosions/Remote violence" and disrupted and not air:
        return disrupted[0]  # an air strike that destroys a cache is still an air strike
    same_type = [h for h in tier1 if h.trigger.event_type == first_type]
    return min(same_type, key=lambda h: (h.trigger.rank, h.start))


def classify(sentence: str, hits: list[TriggerHit], lexicon: Lexicon) -> tuple[TriggerHit, str, str]:
    """The main trigger and ACLED (event_type, sub_event_type) of a sentence with ``hits``."""
    best = main_trigger(hits)
    event_type, sub = best.trigger.event_type, best.trigger.sub_event_type
    if event_type in ("Protests", "Riots"):
        event_type, sub = _protest_kind(sentence, lexicon)
    elif (event_type, sub) == ("Violence against civilians", "Attack") and (
            _security_force_killed(sentence, lexicon) or lexicon.cue("clan_fight", sentence)):
        event_type, sub = "Battles", "Armed clash"  # tribes fighting each other are armed groups in a clash
    elif event_type == "Battles" and any(h.trigger.event_type == "Protests" for h in hits):
        event_type, sub = "Riots", "Violent demonstration"  # protesters clashing with police
    elif sub in _AT_A_PROTEST and _at_a_protest(sentence, hits, lexicon, _AT_A_PROTEST[sub]):
        # "a protester was shot dead during clashes", "police arrested a dozen protesters"
        event_type, sub = _protest_kind(sentence, lexicon)
    return best, event_type, sub


#: what makes a killing or an arrest part of a demonstration: protesters shot or fighting back;
#: protesters arrested (or dispersed)
_AT_A_PROTEST = {"Attack": ("excessive_force", "riot"), "Arrests": ("intervention",)}


def _at_a_protest(sentence: str, hits: list[TriggerHit], lexicon: Lexicon, kinds: tuple[str, ...]) -> bool:
    protest = any(h.trigger.event_type == "Protests" and not h.background for h in hits)
    return protest and any(lexicon.cue(kind, sentence) for kind in kinds)


def _security_force_killed(sentence: str, lexicon: Lexicon) -> bool:
    """A bare "were killed" names no tactic: soldiers killed is a clash, civilians an attack."""
    return bool(lexicon.cue("security_victims", sentence)) and not lexicon.cue("off_duty", sentence)


def _protest_kind(sentence: str, lexicon: Lexicon) -> tuple[str, str]:
    """ACLED's protest and riot types: violence by the demonstrators (storming, burning,
    blocking roads, stones, clashes with the police) makes a riot; force that kills or wounds
    demonstrators who did no violence is excessive force; force that only disperses or
    arrests them ("fired live ammunition and tear gas to disperse", no one hurt) is an
    intervention. What follows "following" or "amid" happened before, and does not count."""
    earlier = lexicon.cue("earlier_clause", sentence)
    sentence = sentence[: earlier.start()] if earlier and earlier.start() > 0 else sentence
    mob, protest = lexicon.cue("mob", sentence), lexicon.cue("protesters", sentence)
    if mob and not (protest and protest.start() < mob.start()):
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


def incident_dates(dates: list[DateMention], anchor: int) -> list[DateMention]:
    """The resolved expressions that may date the incident whose trigger is at ``anchor``: not a
    statement's day, not "a day after ..." when the trigger is before it, not the month a period
    began ("dead since the bombing last month": a tally), and "overnight" only when nothing else
    dates the sentence."""
    own = [d for d in dates if not d.reporting and d.day is not None and not (d.after_only and anchor < d.start)
           and not (d.since and d.precision == 3)]
    return [d for d in own if not d.weak] or own


def _event_date(dates: list[DateMention], anchor: int) -> tuple[date | None, int | None, bool]:
    """The incident's date: the expression nearest the trigger at ``anchor``, else the day of the
    statement that reports it (precision 2), else (None, None, False) for the story to fill."""
    own = incident_dates(dates, anchor)
    if own:
        d = min(own, key=lambda d: abs(d.start - anchor))
        return d.day, d.precision, True
    if any(d.day is None and d.precision is None and not d.reporting for d in dates):
        return None, None, True  # "in 2007": vaguer than a month, never guessed
    said = next((d for d in dates if d.reporting and d.day is not None), None)
    if said is not None:
        return said.day, max(2, said.precision or 2), False
    return None, None, False


def _summary(text: str, best: TriggerHit, lexicon: Lexicon) -> bool:
    """Several incidents told at once, placed no closer than the whole country."""
    plural = text[best.start : best.end].endswith("s") or bool(lexicon.cue("several_before", text[max(0, best.start - 25) : best.start]))
    return plural and bool(lexicon.cue("country_scope", text))


def read_sentence(sentence: Sentence, ctx: Context, dates: list[DateMention], skip: int = 0) -> Candidate | None:

    """A candidate event if ``sentence`` reports an incident, else None.

    ``dates`` are the sentence's date expressions (``find_dates``, resolved in the story's context);
    ``skip`` characters at the start (a wire dateline) are not read for the place.
    """
    text, lexicon = sentence.text, ctx.lexicon
    hits = lexicon.find_triggers(text)
    if not hits or lexicon.cue("aggregate", text) or lexicon.cue("negation", text):
        return None
    hypothetical = lexicon.cue("hypothetical", text)
    if hypothetical and 0 <= hits[0].start - hypothetical.start() <= 40:
        return None  # "vowed to attack", "to prevent bombings": not something that happened
    best, event_type, sub = classify(text, hits, lexicon)
    day, precision, explicit = _event_date(dates, best.start)
    matches = [m for m in ctx.gazetteer.find(text) if m.start >= skip]
    located = locate(text, matches, ctx, best.start)
    if located is None and _summary(text, best, lexicon):
        return None  # "Three car bombs killed 15 people in Iraq on Monday": the story's lead, told in detail below
    counts = lexicon.casualties.read(text)
    if best.trigger.tier == 3 and not (counts.fatalities and located):
        return None  # a bare "were killed" is an incident only with its toll and place
    roles = assign(event_type, sub, ctx.actors.find(text, lexicon), bool(counts.fatalities or counts.injuries),
                   ctx.actors.defaults, best.start, bool(lexicon.cue("self_disrupted", text)))
    return Candidate(
        sentence=sentence, event_type=event_type, sub_event_type=sub, day=day,
        time_precision=precision, date_explicit=explicit, located=located,
        actor1=roles.actor1, actor2=roles.actor2, actor1_named=roles.named, counts=counts,
        separate=bool(lexicon.cue("separate", text)),
        soft_separate=bool(lexicon.cue("soft_separate", text)),
        anaphoric=bool(lexicon.cue("anaphora", text)),
        citation=bool(lexicon.cue("citation", text)),
        place_own=located is not None,
        named_places=tuple(m.candidates[0].name for m in matches if m.candidates),
        foreign=located is None and bool(lexicon.cue("foreign", text)),
        bare=best.trigger.tier == 3,
        total=_total(text, hits, located, lexicon),
    )


def _total(text: str, hits: list[TriggerHit], located: Located | None, lexicon: Lexicon) -> bool:
    """Whether the sentence's toll may cover several ACLED events: several tactics ("a suicide
    bomber and a roadside bomb"), or several incidents told together ("a wave of car bombs")
    that no one town holds (ACLED codes several bombs in one town on one day as one event)."""
    tactics = [h for h in hits if h.trigger.tier == 1]
    # "bomb" inside "suicide bomb" names no second tactic
    alone = [h for h in tactics if not any(o is not h and o.start <= h.start and h.end <= o.end for o in tactics)]
    if len({h.trigger.sub_event_type for h in alone}) > 1:
        return True
    in_one_town = located is not None and specificity(located.place.kind) >= specificity("town")
    return not in_one_town and bool(lexicon.cue("series", text))


def default_counts(candidate: Candidate) -> Candidate:
    """ACLED: a non-violent event kills nobody; a violent one with no toll stays unknown."""
    counts = candidate.counts
    if candidate.sub_event_type in _NEVER_LETHAL:
        counts = Counts(0, counts.injuries)
    elif candidate.sub_event_type in _NON_LETHAL and counts.fatalities is None:
        counts = Counts(0, counts.injuries)
    return replace(candidate, counts=counts)
