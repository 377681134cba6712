"""Which candidates of one document tell the same incident, and what merging them keeps.

Three ways one incident is told more than once in a report:
- the next sentences elaborate it ("The attack occurred in the Domeez area ...", "There were no
  casualties."): ``elaborates`` and ``continues``;
- a later sentence refers back to it ("the strikes on Friday"): ``referent``;
- a citation list or a summary repeats it: ``merge`` (same type, governorate and day).
"In a separate incident" never merges. ``absorb`` keeps the first sentence as evidence and
takes from the later one a more specific place, a stated day or a missing toll.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from rasd.extract.casualties import Counts
from rasd.extract.lexicon import Lexicon
from rasd.extract.places import BIG_CITY, Located, in_area
from rasd.extract.reader import Candidate
from rasd.extract.sentences import Sentence
from rasd.geo import km
from rasd.geo.kinds import specificity


def _admin1(c: Candidate) -> str | None:
    return c.located.place.admin1_code if c.located else None


def dates_agree(a: Candidate, b: Candidate) -> bool:
    if a.day is None or b.day is None:
        # one told of a day, the other only of a year ("in 2007", "years ago"): history and news
        return not (_history(a) and b.day is not None or _history(b) and a.day is not None)
    gap = abs((a.day - b.day).days)
    if (a.time_precision or 1) >= 3 or (b.time_precision or 1) >= 3:
        # "earlier this month, a car bomb" is not Monday's car bomb; only a citation is that vague
        same_month = a.day.year == b.day.year and a.day.month == b.day.month
        return same_month and (b.citation or a.time_precision == b.time_precision)
    return gap <= (3 if max(a.time_precision or 1, b.time_precision or 1) >= 2 else 0)


def _history(c: Candidate) -> bool:
    """Dated by the text, but vaguer than a month ("in 2007", "three years ago")."""
    return c.day is None and c.date_explicit


#: ACLED's protest and riot types, mildest first: one demonstration at one place on one day is
#: one event, coded by the worst that happened at it
_PROTEST_SEVERITY = {
    ("Protests", "Peaceful protest"): 0,
    ("Protests", "Protest with intervention"): 1,
    ("Protests", "Excessive force against protesters"): 2,
    ("Riots", "Violent demonstration"): 3,
}


def _severity(c: Candidate) -> int | None:
    return _PROTEST_SEVERITY.get((c.event_type, c.sub_event_type))


def _one_demonstration(a: Candidate, b: Candidate) -> bool:
    """Both tell of demonstrations on the same day (the place is checked with every incident)."""
    return _severity(a) is not None and _severity(b) is not None and a.day == b.day


#: how many days after a vaguely dated incident ("last week") a day told later may still be its day
_VAGUE_REACH = 10


def dated_later(a: Candidate, b: Candidate) -> bool:
    """``b`` gives the day of ``a``, told first only vaguely ("clashed with the militia last week,
    where several people were killed ... Fighting broke out on Friday ..., leaving five dead"):
    a day within the vague span's reach, and no toll that contradicts ``a``'s; or ``a`` was dated
    only by the story (a summary: "There was a sit-in in Nasiriyah") and ``b`` tells it again at
    the same place with its day ("On July 3, protesters gathered in Nasiriyah")."""
    if a.day is None or b.day is None or a.time_precision != 2 or b.time_precision != 1 or not b.date_explicit \
            or a.sub_event_type != b.sub_event_type:
        return False
    if _summary_dated_later(a, b):
        return True
    tolls = {c.counts.stated for c in (a, b)} - {None}
    return 0 < (b.day - a.day).days <= _VAGUE_REACH and len(tolls) <= 1 + (a.counts.stated is None)


#: how many days before the story's day an incident a summary told may be told again with its day
_SUMMARY_REACH = 31


def _summary_dated_later(a: Candidate, b: Candidate) -> bool:
    """``a`` has no day of its own, ``b`` names the same place and a day before the story's, and
    does not open another incident ("In a separate attack", "Meanwhile")."""
    same_place = a.place_own and b.place_own and a.located is not None and b.located is not None \
        and a.located.place.name == b.located.place.name
    return not a.date_explicit and same_place and not (b.separate or b.soft_separate) \
        and 0 < (a.day - b.day).days <= _SUMMARY_REACH  # type: ignore[operator]


def _same_incident(a: Candidate, b: Candidate) -> bool:
    if not (a.event_type == b.event_type or _one_demonstration(a, b)) or not (dates_agree(a, b) or dated_later(a, b)):
        return False
    if _admin1(a) and _admin1(b) and _admin1(a) != _admin1(b):
        return False
    if b.citation:
        return True
    if b.separate:
        return False
    la = a.located if a.place_own else None
    lb = b.located if b.place_own else None
    if la and lb and la.place.kind != "governorate" and lb.place.kind != "governorate" and la.place.name != lb.place.name:
        if _one_demonstration(a, b) and _one_site(la, lb):
            return True  # the airport or square of the town a demonstration was told at: one place
        return b.anaphoric and not b.date_explicit and not (b.speaker_only and _siblings(la, lb))
    return a.sub_event_type == b.sub_event_type or b.anaphoric or _one_demonstration(a, b)


def _more_specific(b: Located | None, a: Located | None) -> bool:
    """Whether place ``b`` says more than ``a`` about the same incident."""
    if b is None or b.place.kind == "governorate":
        return False
    if a is None:
        return True
    if a.place.kind == "governorate":
        return b.place.kind != "governorate"
    if a.place.kind == "locality":
        return False  # a village the text names is as specific as places get
    same_area = b.place.admin1_code == a.place.admin1_code
    if b.place.kind == "locality":
        # a village or quarter the text names lies in a city, a district or an area "north of"
        # a town, not in another small town or neighbourhood: that is another place
        return b.place.admin1_code in (None, a.place.admin1_code) and (
            a.place.population >= BIG_CITY or a.place.kind == "district" or a.precision > 1)
    if b.precision > a.precision:
        return False  # "the road linking Amarah and Ali al-Gharbi" does not refine "north of Amarah"
    return same_area and b.place.name != a.place.name and (
        specificity(b.place.kind) > specificity(a.place.kind) or (a.precision > b.precision)
        or (b.precision == 1 and b.place.population < a.place.population and a.place.population >= BIG_CITY))


#: how far from a town its square, airport or oil-company gate may be, for one demonstration
_DEMONSTRATION_KM = 15.0


def _one_site(a: Located, b: Located) -> bool:
    """One place lies in or just by the other ("Najaf" and "Najaf airport's main hall")."""
    apart = km(a.place, b.place)
    return apart is not None and apart <= _DEMONSTRATION_KM and (_more_specific(a, b) or _more_specific(b, a))


def _within(a: Located | None, b: Located | None) -> bool:
    """Whether place ``a`` (from the story: a dateline's Hillah) lies in ``b``, a governorate a
    later sentence names (Babil province): the later sentence says less, not something else."""
    return a is not None and b is not None and b.place.kind == "governorate" \
        and a.place.admin1_code == b.place.admin1_code and a.place.kind != "governorate"


def absorb(a: Candidate, b: Candidate, lexicon: Lexicon) -> Candidate:
    """``a`` completed with what ``b`` adds: a more specific place, a stated day, a missing toll."""
    take_b = b.place_own and (_more_specific(b.located, a.located) and not _first_of_list(b)
                              or not (a.place_own or _within(a.located, b.located)))
    located = b.located if take_b else a.located
    if take_b and located is not None and a.located is not None and not located.place.country_code:
        located = in_area(located, a.located)  # a village no known place was named beside: the incident's area
    elif not take_b and located is not None and not located.place.country_code and b.located is not None \
            and b.located.place.admin1_code:
        # "in the village of X ... The village lies 30 km north of Baquba": the next sentence
        # says which governorate the unlisted village is in
        located = in_area(located, b.located)
    day, precision, explicit = a.day, a.time_precision, a.date_explicit
    # a sentence that speculates about the incident dates something else ("the attacks may be
    # revenge for a strike last week")
    if b.day and b.date_explicit and (not explicit or day is None or dated_later(a, b)) \
            and not lexicon.cue("hypothetical", b.sentence.text):
        day, precision, explicit = b.day, b.time_precision, True
    counts, is_total = _counts(a, b, lexicon)
    both_sides = (a.counts.stated or 0) + (b.counts.stated or 0)
    if _adds_attackers(a, b, lexicon) and both_sides <= lexicon.casualties.max_count:
        # "several of the attackers were also killed" adds no figure
        counts = Counts(both_sides, counts.injuries) if both_sides else counts
    kind = {}
    if (a.event_type, a.sub_event_type) == ("Battles", "Armed clash") and lexicon.cue("off_duty", b.sentence.text):
        kind = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}  # killed off duty
    if _fought_back(a, b, lexicon):
        kind = {"event_type": b.event_type, "sub_event_type": b.sub_event_type}
    kind.update(_actors(a, b))
    kind.update(_escalated(a, b))
    return replace(a, located=located, day=day, time_precision=precision, date_explicit=explicit,
                   counts=counts, total=is_total, citation=a.citation and b.citation, place_own=a.place_own or take_b,
                   last_paragraph=max(a.reach, b.sentence.paragraph), **kind)


#: the next item of a list of places after the one just read ("al-Askari, Ahmed Nader and Muhaizem")
_NEXT_ITEM = re.compile(r"(?:, (?:al-|Al-|el-)?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})*,? and (?:al-|Al-|el-)?[A-Z]")


def _first_of_list(b: Candidate) -> bool:
    """The place ``b`` names is one of a list ("sites in Hilla's neighbourhoods of al-Askari, Ahmed
    Nader and Muhaizem"): the incident is at all of them, not the first alone."""
    located, text = b.located, b.sentence.text
    if located is None or located.place.kind == "governorate":
        return False
    name = located.spelt or located.place.name
    end = text.find(name, located.start)
    return end >= 0 and _NEXT_ITEM.match(text, end + len(name)) is not None


def _counts(a: Candidate, b: Candidate, lexicon: Lexicon) -> tuple[Counts, bool]:
    """The incident's toll once ``b`` is told, and whether it is still a total over several.

    The first figure stands (the main sentence's; ACLED takes the lowest of conflicting ones),
    and a later sentence fills what it lacks, except where the later one knows better: it
    revises the toll ("the death toll rose to 15"), or ``a`` totalled several incidents ("bomb
    attacks killed 13") and ``b`` tells one of them with its own, smaller toll ("In the deadliest
    attack, ... killing 10")."""
    first, later = a.counts, b.counts
    if a.shared and not (b.place_own and b.located and a.located and b.located.place.name == a.located.place.name):
        return first, a.total  # "The blasts hit Kut and Basra. 14 were killed": the toll is not Basra's
    if _other_tactic(a, b):
        return first, a.total  # "a rocket attack ... killed a contractor" after an air strike: not its dead
    if later.revised and later.fatalities is not None:
        return Counts(later.fatalities, first.injuries if first.injuries is not None else later.injuries), a.total
    if later.more and first.stated is not None and later.stated and b.sentence.index != a.sentence.index \
            and first.stated + later.stated <= lexicon.casualties.max_count:
        # "Another policeman died of his wounds": one more of the incident's dead, and one fewer
        # of its wounded when he was among them ("one of them later died")
        hurt = first.injuries
        if later.among_wounded and hurt is not None and hurt >= later.stated:
            hurt -= later.stated
        return Counts(first.stated + later.stated, hurt), a.total
    if lexicon.cue("second_blast", b.sentence.text) and first.stated and later.stated and b.sentence.index != a.sentence.index \
            and not later.revised and first.stated + later.stated <= lexicon.casualties.max_count:
        # "Hours later, a second bomb in the same area killed two people": one incident, both blasts' dead
        hurt = (first.injuries or 0) + (later.injuries or 0) if first.injuries is not None or later.injuries is not None else None
        return Counts(first.stated + later.stated, hurt), a.total
    part = a.total and later.fatalities is not None and b.sentence.index != a.sentence.index \
        and not lexicon.cue("series", b.sentence.text)  # "14 were killed in the attacks" restates the total
    if part and (first.fatalities is None or later.fatalities < first.fatalities):
        return Counts(later.fatalities, later.injuries, vague=later.vague), False
    # "several were killed", then "police said four died": the figure, once the text gives one
    dead = first if first.fatalities is not None and not (first.vague and later.stated is not None) else later
    return Counts(dead.fatalities, first.injuries if first.injuries is not None else later.injuries,
                  vague=dead.vague), a.total


def _other_tactic(a: Candidate, b: Candidate) -> bool:
    """``b`` names a weapon of its own, not ``a``'s, without referring back to it or naming its
    place: its victims are another incident's, told in passing ("looking into a rocket attack
    on a base that killed a contractor" after an air strike; but "the gas field was hit by
    drones" after "the rocket attack on the gas field" retells it)."""
    same_place = b.place_own and b.located is not None and a.located is not None \
        and b.located.place.name == a.located.place.name
    return not (b.anaphoric or b.bare or a.bare or same_place) \
        and a.event_type == b.event_type == "Explosions/Remote violence" \
        and b.sub_event_type != a.sub_event_type and b.sentence.index != a.sentence.index


def _actors(a: Candidate, b: Candidate) -> dict:
    """The first telling's actors, unless only the later one names who acted ("the attack was
    claimed by", "the clash was between the X and Y tribes")."""
    if a.event_type == b.event_type and b.actor1_named and b.actor1 and not (a.actor1_named and a.actor1):
        return {"actor1": b.actor1, "actor2": b.actor2 or a.actor2, "actor1_named": True}
    # who fired a rocket is no default for who flew a strike
    actor1 = a.actor1 or (b.actor1 if b.sub_event_type == a.sub_event_type else None)
    return {"actor1": actor1, "actor2": a.actor2 or b.actor2}


def _escalated(a: Candidate, b: Candidate) -> dict:
    """A demonstration told again with worse ("police then opened fire, killing two"; "some
    threw stones") takes the worse type and its actors."""
    if _severity(a) is None or (_severity(b) or -1) <= (_severity(a) or 0):
        return {}
    return {"event_type": b.event_type, "sub_event_type": b.sub_event_type,
            "actor1": b.actor1, "actor2": b.actor2 or a.actor2}


def _fought_back(a: Candidate, b: Candidate, lexicon: Lexicon) -> bool:
    """An attack told again as a firefight in which attackers died ("gunmen killed a police
    officer ... At the end of the firefight, one gunman was killed"): someone fought back, and
    ACLED codes the whole a clash."""
    return (a.event_type, a.sub_event_type) == ("Violence against civilians", "Attack") \
        and (b.event_type, b.sub_event_type) == ("Battles", "Armed clash") and b.anaphoric and not b.place_own \
        and bool(lexicon.cue("attacker_deaths", b.sentence.text))


def _adds_attackers(a: Candidate, b: Candidate, lexicon: Lexicon) -> bool:
    """A battle's toll counts both sides: "one of the attackers was killed" adds to it (but not
    militants killed by an air strike told next)."""
    battle = a.event_type == "Battles" and (b.event_type == a.event_type or b.bare)
    # suicide attackers count among the dead too (ACLED), fought off ("all the attackers were killed") or not
    battle = battle or a.sub_event_type == "Suicide bomb" and (b.event_type in (a.event_type, "Battles") or b.bare)
    return ((battle or _fought_back(a, b, lexicon)) and a.counts.fatalities is not None and bool(b.counts.fatalities)
            and b.sentence.index != a.sentence.index and bool(lexicon.cue("attacker_deaths", b.sentence.text))
            and not lexicon.cue("attacker_deaths", a.sentence.text))


def elaborates(prev: Candidate, cand: Candidate) -> bool:
    """``cand`` tells more about ``prev``'s incident rather than a new one.

    A sentence close by that refers back ("the attack", "the bombers"), or that names no day
    of its own and no other place, continues the incident just told; "in a separate incident"
    never does, and "meanwhile" only when it refers back.
    """
    if cand.separate or cand.sentence.paragraph - prev.sentence.paragraph > 2:
        return False
    if cand.soft_separate and not cand.anaphoric:
        return False
    own_place = cand.located is not None and prev.located is not None and prev.place_own and not (
        cand.located.place.admin1_code == prev.located.place.admin1_code
        and (cand.located.place.name == prev.located.place.name or _more_specific(cand.located, prev.located)
             or cand.located.place.kind == "governorate" or prev.located.place.name in cand.named_places))
    if own_place:
        return False
    if cand.date_explicit and prev.date_explicit and cand.day != prev.day and not _toll_later(prev, cand):
        return False
    if _history(prev) and not cand.anaphoric:
        return False  # "killed in an air strike three years ago. ... A strike hit the checkpoint": today's
    # a sentence that tells only a killing names no tactic of its own: "A roadside bomb killed two
    # soldiers. The ministry said two members of the regiment were killed in Basra on Sunday."
    same_kind = cand.event_type == prev.event_type or cand.bare or _one_shooting(prev, cand)
    if own_place is False and cand.located and prev.located and cand.located.place.name != prev.located.place.name \
            and not same_kind and not cand.anaphoric:
        return False  # a different tactic at another named place is another incident
    if cand.event_type == "Explosions/Remote violence" and not same_kind and not cand.anaphoric and _own_tolls(prev, cand):
        return False  # "a roadside bomb then hit the reinforcements, wounding three" after a clash: another incident
    if cand.anaphoric or not cand.date_explicit:
        return True
    # the same tactic, the same day, the same or a finer place: the story's next paragraph
    # (whose day it may be the first to name: a lead dated only by the report, "rockets were
    # seized north of Kut", is the incident the next sentence dates, "seized 13 rockets Saturday
    # night in al-Aziziya")
    same_day = cand.day == prev.day or (not prev.date_explicit and (cand.bare or dates_agree(prev, cand)))
    return same_kind and same_day and not cand.soft_separate


def _toll_later(prev: Candidate, cand: Candidate) -> bool:
    """``cand`` tells, days after ``prev``'s incident and referring back to it, that its toll rose
    ("A policeman wounded in the bombing died of his wounds on Tuesday, raising the toll to four")."""
    return cand.anaphoric and (cand.counts.revised or cand.counts.more) and prev.day is not None \
        and cand.day is not None and 0 < (cand.day - prev.day).days <= _VAGUE_REACH


def _own_tolls(prev: Candidate, cand: Candidate) -> bool:
    """Both sentences tell dead or wounded of their own."""
    return bool(prev.counts.fatalities or prev.counts.injuries) and bool(cand.counts.fatalities or cand.counts.injuries)


#: the two codings of gunmen killing a member of the forces: a clash at a post, an attack when
#: the man is alone; one report may tell it each way
_SHOOTINGS = {("Battles", "Armed clash"), ("Violence against civilians", "Attack")}


def _one_shooting(a: Candidate, b: Candidate) -> bool:
    """Both tell gunfire on the same victim: "a soldier was killed at a checkpoint in western
    Mosul" and then "a gunman shot the soldier at a checkpoint in the X neighbourhood"."""
    return {(a.event_type, a.sub_event_type), (b.event_type, b.sub_event_type)} <= _SHOOTINGS \
        and a.actor2 is not None and a.actor2 == b.actor2


def referent(candidates: list[Candidate], cand: Candidate, lexicon: Lexicon, first: bool = False) -> int | None:
    """Index of the earlier incident an anaphoric sentence ("the strikes on Friday") refers to:
    the latest that fits, or the earliest when it tells "the first attack" of several."""
    if not cand.anaphoric or cand.separate:
        return None
    for i in range(len(candidates)) if first else range(len(candidates) - 1, -1, -1):
        prev = candidates[i]
        if (prev.event_type != cand.event_type and not _fought_back(prev, cand, lexicon)) or not dates_agree(prev, cand):
            continue
        if cand.date_explicit and cand.time_precision == 1 and prev.date_explicit and prev.day != cand.day:
            continue  # "The killings persisted Wednesday": a new day is a new incident
        if cand.place_own and prev.located and cand.located and cand.located.place.admin1_code \
                and cand.located.place.admin1_code != prev.located.place.admin1_code:
            continue
        if cand.speaker_only and cand.place_own and prev.place_own and _siblings(cand.located, prev.located):
            continue  # "X was killed in the al-Jamia neighbourhood, they said" after one killed in Jadriya
        return i
    return None


def placed(candidates: list[Candidate], located: Located | None, day: date | None) -> int | None:
    """Index of the earlier incident a sentence without a trigger of its own says the place of,
    paragraphs after it was told ("The incident happened in Gizayza, north-west Basra"): the
    latest whose place it refines (one from the story only, or a coarser one of its governorate)
    and whose day it does not contradict; None when the place is no finer than any."""
    if located is None or located.place.kind == "governorate":
        return None
    for i in range(len(candidates) - 1, -1, -1):
        cand = candidates[i]
        if day is not None and cand.date_explicit and cand.day != day:
            continue
        if not cand.place_own or _more_specific(located, cand.located):
            return i
    return None


def _siblings(a: Located | None, b: Located | None) -> bool:
    """Two places named as such (neither a governorate), neither inside the other: two
    neighbourhoods, two towns."""
    return a is not None and b is not None and "governorate" not in (a.place.kind, b.place.kind) \
        and a.place.name != b.place.name and not _more_specific(a, b) and not _more_specific(b, a)


def continues(prev: Candidate, sentence: Sentence, lexicon: Lexicon) -> bool:
    """A sentence without its own trigger that adds detail to the incident just told:
    it refers back ("the source added"), or it only gives the toll ("There were no casualties.")."""
    if sentence.paragraph - prev.reach > 1:
        return False
    if lexicon.cue("aggregate", sentence.text) or lexicon.cue("separate", sentence.text):
        return False  # "In a separate attack, militants stormed a power station in Dibis": not its detail
    if lexicon.cue("anaphora", sentence.text) or lexicon.cue("speaker_back", sentence.text):
        return True
    counts = lexicon.casualties.read(sentence.text)
    # "Another policeman died of his wounds": more dead of the incident, even once its toll is told
    lacking = prev.counts.fatalities is None or prev.counts.injuries is None or counts.more
    return lacking and (counts.fatalities is not None or counts.injuries is not None) and len(sentence.text) < 160


def merge(candidates: list[Candidate], lexicon: Lexicon) -> list[Candidate]:
    """Merge candidates one document tells twice (the text and its citation list)."""
    merged: list[Candidate] = []
    for cand in candidates:
        for i in range(len(merged) - 1, -1, -1):
            if _same_incident(merged[i], cand):
                merged[i] = absorb(merged[i], cand, lexicon)
                break
        else:
            merged.append(cand)
    return [c for c in merged if not c.citation]
