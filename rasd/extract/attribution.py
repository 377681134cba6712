"""Perpetrators a report names outside an incident's own sentence.

- A claim ("Islamic State claimed responsibility for the attack", "the group said it carried out
  the bombing", "militants of X were suspected to be responsible") names who carried out the
  incidents told before it that day, where their own sentences named no group ("gunmen", or
  nobody). A denied or habitual claim ("no group has claimed", "IS often claims") names nobody.
- A group named for one incident covers the incidents of the same tactic on the same day told
  after it that name no one ("IEDs planted by ISIS killed four ... A second IED hit ...").

Only the text's own attribution counts: ACLED codes Islamic State only when the report says so.
"""

from __future__ import annotations

from dataclasses import replace

from rasd.extract.actors import ActorDictionary
from rasd.extract.lexicon import Lexicon
from rasd.extract.reader import Candidate
from rasd.extract.sentences import split_sentences

_VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_TACTICS = {"Explosions/Remote violence", "Violence against civilians"}  # one side acts: a series has one author


def _claims(text: str, actors: ActorDictionary, lexicon: Lexicon) -> list[tuple[int, str]]:
    """(offset, group) of every sentence that says a named group carried out an attack."""
    if not lexicon.cue("claim", text):
        return []
    claims = []
    for sentence in split_sentences(text):
        if not lexicon.cue("claim", sentence.text) or lexicon.cue("no_claim", sentence.text):
            continue  # "no group has claimed", "IS often claims such attacks": no one named for this one
        named = [m for m in actors.find(sentence.text, lexicon)
                 if m.entry.role == "perpetrator" and m.entry.actor.name != actors.defaults.armed_group]
        # "Kataib Hezbollah accused ISIS of carrying out the attack": the group named as the doer
        group = next((m.entry.actor.name for m in sorted(named, key=lambda m: not m.agent)), None)
        if group:
            claims.append((sentence.start, group))
    return claims


def _unattributed(cand: Candidate, armed_group: str) -> bool:
    return cand.event_type in _VIOLENT and cand.actor1 == armed_group


def _claimed(candidates: list[Candidate], offset: int, group: str, armed_group: str) -> list[Candidate]:
    before = [c for c in candidates if c.sentence.start < offset and c.event_type in _VIOLENT]
    if not before:
        return candidates
    day = before[-1].day
    return [replace(c, actor1=group, actor1_named=True)
            if c in before and c.day == day and _unattributed(c, armed_group) else c for c in candidates]


def _series(candidates: list[Candidate], armed_group: str) -> list[Candidate]:
    named: dict[tuple, str] = {}
    out = []
    for cand in candidates:
        key = (cand.sub_event_type, cand.day)
        if cand.event_type in _TACTICS and cand.actor1 and cand.actor1 != armed_group and cand.actor1_named:
            named.setdefault(key, cand.actor1)
        elif _unattributed(cand, armed_group) and not cand.actor1_named and key in named:
            cand = replace(cand, actor1=named[key])
        out.append(cand)
    return out


def attribute(candidates: list[Candidate], text: str, actors: ActorDictionary, lexicon: Lexicon) -> list[Candidate]:
    """``candidates`` with perpetrators the report names in claims and for a day's series."""
    armed_group = actors.defaults.armed_group
    for offset, group in _claims(text, actors, lexicon):
        candidates = _claimed(candidates, offset, group, armed_group)
    return _series(candidates, armed_group)
