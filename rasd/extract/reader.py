"""Read one sentence into a candidate event: type, date, place, actors, casualties.

The cheap tests run first (a trigger word, then cues) so that most sentences of a report cost
one regex pass; only sentences that can hold an event get date, place and actor reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from rasd.extract.abroad import place_abroad
from rasd.extract.actors import ActorMention
from rasd.extract.casualties import Counts
from rasd.extract.context import Context
from rasd.extract.dates import DateMention
from rasd.extract.places import Located, locate
from rasd.extract.roles import assign
from rasd.extract.lexicon import Lexicon, TriggerHit
from rasd.extract.sentences import Sentence
from rasd.extract.typer import VIOLENT, Typing
from rasd.geo.kinds import specificity

#: ACLED sub-event types that kill nobody by definition: a death told in the same sentence is
#: another event ("a curfew after gunmen killed three officers"; an abduction that ends in a
#: killing is an attack)
_NEVER_LETHAL = {
    "Arrests", "Agreement", "Change to group/activity", "Headquarters or base established",
    "Non-violent transfer of territory", "Other", "Looting/property destruction", "Abduction/forced disappearance",
}
#: kill nobody unless the report says otherwise: a bomber dies defusing his bomb; protesters
#: killed make a protest typed peaceful one of excessive force, and the toll stays theirs; a
#: rape is coded with no dead unless the report tells of killings
_NON_LETHAL = {"Disrupted weapons use", "Peaceful protest", "Protest with intervention", "Sexual violence"}


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
    anaphoric: bool  # the sentence refers back ("the blast", "the attack", "he added")
    citation: bool = False  # a headline in a citation list: confirms, never stands alone
    place_own: bool = True  # the place was named in this sentence, not taken from context
    foreign: bool = False  # the sentence places the incident abroad: no Iraqi place is inferred
    last_paragraph: int = -1  # the last paragraph that told of this incident (-1: its own)
    named_places: tuple[str, ...] = ()  # every place the sentence names, as resolved
    actor1_named: bool = True  # actor1 was named by the text, not the convention for an unnamed role
    bare: bool = False  # only a killing is told, no tactic ("two soldiers were killed"): the type is a guess
    total: bool = False  # the toll may cover several incidents told together ("bomb attacks killed 13")
    shared: bool = False  # one of several places a sentence names together: a toll told for all is not its own
    typing: Typing | None = None  # what decided that the sentence holds an event, and of which type
    speaker_only: bool = False  # it refers back only as its source speaking on ("they said"), no incident word

    @property
    def reach(self) -> int:
        """The paragraph a following sentence is measured from when it may continue the story."""
        return max(self.sentence.paragraph, self.last_paragraph)


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


def read_sentence(sentence: Sentence, ctx: Context, dates: list[DateMention], skip: int = 0,
                  shared: Typing | None = None) -> Candidate | None:
    """A candidate event if ``sentence`` reports an incident, else None.

    ``dates`` are the sentence's date expressions (``find_dates``, resolved in the story's context);
    ``skip`` characters at the start (a wire dateline) are not read for the place; ``shared`` types
    a roundup item that names no incident word of its own (the item before it, typed so).
    """
    text, lexicon = sentence.text, ctx.lexicon
    typing = ctx.typer.type(text) or (replace(shared, start=0, end=0) if shared is not None else None)
    if typing is None:
        return None
    event_type, sub = typing.event_type, typing.sub_event_type
    # a date in a clause after "since" dates the background, not the incident ("the heaviest
    # strikes since Turkey started air operations on July 24"; but "a curfew since Thursday")
    dates = [d for d in dates if d.since or d.start < typing.end
             or not lexicon.cue("since_clause", text[typing.end : d.start])]
    day, precision, explicit = _event_date(dates, typing.start)
    scene = _without_launch_sites(text, sub, lexicon)
    matches = [m for m in ctx.gazetteer.find(scene) if m.start >= skip]
    located = locate(scene, matches, ctx, typing.start)
    if located is None or not located.place.country_code:  # nothing at home: abroad?
        located = place_abroad(text, matches, located, ctx, typing.start) or located
    if located is None and typing.plural and lexicon.cue("country_scope", text):
        return None  # "Three car bombs killed 15 people in Iraq on Monday": the story's lead, told in detail below
    counts = lexicon.casualties.read(text)
    if typing.bare and not (counts.fatalities and located) or typing.bare and lexicon.cue("toll_statement", text):
        # a bare "were killed" is an incident only with its toll and place, and not when the
        # sentence only gives the toll of one told already ("put the toll at 16 killed")
        return None
    mentions = ctx.actors.find(text, lexicon)
    if sub == "Non-state actor overtakes territory" and _state_takes(mentions, typing.start, located):
        sub = "Government regains territory"
    roles = assign(event_type, sub, mentions, bool(counts.fatalities or counts.injuries),
                   ctx.actors.defaults, typing.start, bool(lexicon.cue("self_disrupted", text)))
    refers_back, speaker_back = lexicon.cue("anaphora", text), lexicon.cue("speaker_back", text)
    return Candidate(
        sentence=sentence, event_type=event_type, sub_event_type=sub, day=day,
        time_precision=precision, date_explicit=explicit, located=located,
        actor1=roles.actor1, actor2=roles.actor2, actor1_named=roles.named, counts=counts,
        separate=bool(lexicon.cue("separate", text)),
        soft_separate=bool(lexicon.cue("soft_separate", text)),
        anaphoric=bool(refers_back or speaker_back), speaker_only=bool(speaker_back and not refers_back),
        citation=bool(lexicon.cue("citation", text)),
        place_own=located is not None and located.pointed_from is None,  # a bearing only guesses the governorate
        named_places=tuple(m.candidates[0].name for m in matches if m.candidates),
        foreign=located is None and bool(lexicon.cue("foreign", text)),
        bare=typing.bare,
        typing=typing,
        total=_total(text, lexicon.find_triggers(text), located, lexicon),
    )


def _without_launch_sites(text: str, sub: str, lexicon: Lexicon) -> str:
    """``text`` with where rockets were fired from blanked out ("the attack, by Grad rockets
    launched from the Tuz Khurmatu axis"), offsets kept: a salvo is coded where it fell, a
    launch site only where the event is the launcher found there."""
    if sub == "Disrupted weapons use" or " from " not in text:
        return text
    start = 0
    while (cue := lexicon.cue("launch_site", text[start:])) is not None:
        site = _SITE.match(text, start + cue.end())
        text = text[: site.start()] + " " * (site.end() - site.start()) + text[site.end() :]
        start = site.end()
    return text


#: a launch site's words after "from": names, articles and what kind of place it is, up to the
#: clause's next word ("from the Nai area in al-Khalis district at 8pm")
_SITE = re.compile(r"(?:\s*(?:the|an?|in|of|near|al-[\w'’-]+|[A-Z][\w'’-]*|area|district|village|town|axis|region|"
                   r"province|governorate|outskirts|direction|orchards?|farms?)(?![\w'’-])|\s*,)*")


def _state_takes(mentions: list[ActorMention], anchor: int, located: Located | None) -> bool:
    """"Iraqi forces and allied militias took control of the town": the state's own forces, named
    first before the trigger at ``anchor``, regain territory; a foreign army overtakes it (ACLED),
    unless it is the army of the country the place is in ("Syrian forces took Deir ez-Zor")."""
    subject = next((m for m in mentions if m.end <= anchor and not m.speaker), None)
    if subject is None:
        return False
    country = located.place.country if located else None
    own = bool(country) and subject.entry.role == "force" and subject.entry.actor.name.endswith(country)
    return subject.entry.actor.inter == "State forces" or own


def _total(text: str, hits: list[TriggerHit], located: Located | None, lexicon: Lexicon) -> bool:
    """Whether the sentence's toll may cover several ACLED events: several tactics ("a suicide
    bomber and a roadside bomb"), or several incidents told together ("a wave of car bombs")
    that no one town holds (ACLED codes several bombs in one town on one day as one event)."""
    # a curfew or a mass grave told beside a killing is no second way of killing
    tactics = [h for h in hits if h.trigger.tier == 1 and h.trigger.event_type in VIOLENT]
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
