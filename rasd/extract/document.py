"""Turn one article into its event mentions: read sentences, then merge what one incident says twice.

A report often tells one incident in several sentences ("A car bomb exploded ... The attack
occurred in the Domeez area ...") and again in a citation list. Candidates of one document
merge when they agree on type, governorate and date, or when a later sentence only refers back
to the incident; the first sentence stays the evidence, later ones fill in what it lacked.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from rasd.extract import lexicon
from rasd.extract.actors import ActorDictionary
from rasd.extract.casualties import Counts, read_counts
from rasd.extract.dates import find_dates
from rasd.extract.places import Located, coordinated, locate
from rasd.extract.reader import Candidate, Context, default_counts, read_sentence
from rasd.extract.sentences import Sentence, clauses, split_sentences
from rasd.geo import Gazetteer
from rasd.model import Article, EventMention, Place

_MAX_AGE_DAYS = 3660  # an "event" dated a decade before its report is history, not news


def _admin1(c: Candidate) -> str | None:
    return c.located.place.admin1_code if c.located else None


def _dates_agree(a: Candidate, b: Candidate) -> bool:
    if a.day is None or b.day is None:
        return True
    gap = abs((a.day - b.day).days)
    if (a.time_precision or 1) >= 3 or (b.time_precision or 1) >= 3:
        # "earlier this month, a car bomb" is not Monday's car bomb; only a citation is that vague
        same_month = a.day.year == b.day.year and a.day.month == b.day.month
        return same_month and (b.citation or a.time_precision == b.time_precision)
    return gap <= (3 if max(a.time_precision or 1, b.time_precision or 1) >= 2 else 0)


def _same_incident(a: Candidate, b: Candidate) -> bool:
    if a.event_type != b.event_type or not _dates_agree(a, b):
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
        return b.anaphoric and not b.date_explicit
    return a.sub_event_type == b.sub_event_type or b.anaphoric


def _more_specific(b: Located | None, a: Located | None) -> bool:
    """Whether place ``b`` says more than ``a`` about the same incident."""
    if b is None or b.place.kind == "governorate":
        return False
    if a is None:
        return True
    if a.place.kind == "governorate":
        return b.place.kind != "governorate"
    same_area = b.place.admin1_code == a.place.admin1_code
    rank = {"site": 3, "town": 2, "district": 1, "governorate": 0}
    if b.precision > a.precision:
        return False  # "the road linking Amarah and Ali al-Gharbi" does not refine "north of Amarah"
    return same_area and b.place.name != a.place.name and (
        rank.get(b.place.kind, 0) > rank.get(a.place.kind, 0) or (a.precision > b.precision)
        or (b.precision == 1 and b.place.population < a.place.population and a.place.population >= 250_000))


def _absorb(a: Candidate, b: Candidate) -> Candidate:
    """``a`` completed with what ``b`` adds: a more specific place, a stated day, a missing toll."""
    take_b = b.place_own and (not a.place_own or _more_specific(b.located, a.located))
    located = b.located if take_b else a.located
    day, precision, explicit = a.day, a.time_precision, a.date_explicit
    if b.day and b.date_explicit and (not explicit or day is None):
        day, precision, explicit = b.day, b.time_precision, True
    counts = Counts(
        a.counts.fatalities if a.counts.fatalities is not None else b.counts.fatalities,
        a.counts.injuries if a.counts.injuries is not None else b.counts.injuries,
    )
    if _adds_attackers(a, b):
        counts = Counts((a.counts.fatalities or 0) + (b.counts.fatalities or 0), counts.injuries)
    kind = {}
    if (a.event_type, a.sub_event_type) == ("Battles", "Armed clash") and lexicon.cue("off_duty", b.sentence.text):
        kind = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}  # killed off duty
    return replace(a, located=located, day=day, time_precision=precision, date_explicit=explicit,
                   counts=counts, citation=a.citation and b.citation, place_own=a.place_own or take_b,
                   last_paragraph=max(a.reach, b.sentence.paragraph), **kind)


def _adds_attackers(a: Candidate, b: Candidate) -> bool:
    """A battle's toll counts both sides: "one of the attackers was killed" adds to it."""
    return (a.event_type == "Battles" and a.counts.fatalities is not None and bool(b.counts.fatalities)
            and b.sentence.index != a.sentence.index and bool(lexicon.cue("attacker_deaths", b.sentence.text))
            and not lexicon.cue("attacker_deaths", a.sentence.text))


def _elaborates(prev: Candidate, cand: Candidate) -> bool:
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
             or cand.located.place.kind == "governorate" or cand.located.precision == 2))
    if own_place:
        return False
    if cand.date_explicit and prev.date_explicit and cand.day != prev.day:
        return False
    if own_place is False and cand.located and prev.located and cand.located.place.name != prev.located.place.name \
            and cand.event_type != prev.event_type and not cand.anaphoric:
        return False  # a different tactic at another named place is another incident
    if cand.anaphoric or not cand.date_explicit:
        return True
    # the same tactic, the same day, the same or a finer place: the story's next paragraph
    return cand.event_type == prev.event_type and cand.day == prev.day and not cand.soft_separate


def _referent(candidates: list[Candidate], cand: Candidate) -> int | None:
    """Index of the earlier incident an anaphoric sentence ("the strikes on Friday") refers to."""
    if not cand.anaphoric or cand.separate:
        return None
    for i in range(len(candidates) - 1, -1, -1):
        prev = candidates[i]
        if prev.event_type != cand.event_type or not _dates_agree(prev, cand):
            continue
        if cand.date_explicit and cand.time_precision == 1 and prev.date_explicit and prev.day != cand.day:
            continue  # "The killings persisted Wednesday": a new day is a new incident
        if cand.place_own and prev.located and cand.located and cand.located.place.admin1_code \
                and cand.located.place.admin1_code != prev.located.place.admin1_code:
            continue
        return i
    return None


def _continues(prev: Candidate, sentence: Sentence) -> bool:
    """A sentence without its own trigger that adds detail to the incident just told:
    it refers back ("the source added"), or it only gives the toll ("There were no casualties.")."""
    if sentence.paragraph - prev.reach > 1:
        return False
    if lexicon.cue("aggregate", sentence.text):
        return False
    if lexicon.cue("anaphora", sentence.text):
        return True
    counts = read_counts(sentence.text)
    lacking = prev.counts.fatalities is None or prev.counts.injuries is None
    return lacking and (counts.fatalities is not None or counts.injuries is not None) and len(sentence.text) < 160


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """Merge candidates one document tells twice (the text and its citation list)."""
    merged: list[Candidate] = []
    for cand in candidates:
        for i in range(len(merged) - 1, -1, -1):
            if _same_incident(merged[i], cand):
                merged[i] = _absorb(merged[i], cand)
                break
        else:
            merged.append(cand)
    return [c for c in merged if not c.citation]


def _context(article: Article, gazetteer: Gazetteer, actors: ActorDictionary) -> Context:
    codes = Counter(
        place.admin1_code
        for match in gazetteer.find(article.text[:4000])
        for place in match.candidates[:1]
        if place.admin1_code
    )
    return Context(article.published, tuple(code for code, _ in codes.most_common()), gazetteer, actors)


def _fill_place(cand: Candidate, previous: Candidate | None, fallback: Located | None) -> Candidate:
    if cand.located is not None or cand.foreign:
        return cand
    if previous is not None and previous.located and cand.sentence.paragraph - previous.sentence.paragraph <= 1:
        return replace(cand, located=previous.located, place_own=False)
    return replace(cand, located=fallback, place_own=False) if fallback else cand


def _fill_date(cand: Candidate, previous: Candidate | None, published: date | None) -> Candidate:
    if cand.day is not None or cand.date_explicit:
        return cand  # a stated day, or one vaguer than a month ("in 2007") left unresolved
    same_day = bool(lexicon.cue("same_day", cand.sentence.text))
    if previous is not None and previous.day and same_day:
        return replace(cand, day=previous.day, time_precision=previous.time_precision)
    if previous is not None and previous.day and cand.sentence.paragraph == previous.sentence.paragraph:
        # the story's day, very likely; but the sentence does not say so: week precision
        return replace(cand, day=previous.day, time_precision=max(previous.time_precision or 2, 2))
    return replace(cand, day=published, time_precision=2 if published else None)


_DATELINE = re.compile(
    r"^[\s\W]{0,3}([A-Z][A-Za-z'.\- ]{2,40}?)(?=[,:/(\s–—-])[^\n]{0,60}?(?:(?:\)\s*|\s)(?:--|—|–|-|/|:|\?)\s|\([A-Z][\w .-]{1,30}\)\s)")


def _dateline(article: Article, gazetteer: Gazetteer, ctx: Context) -> tuple[Located | None, int]:
    """The place of a wire dateline ("AMARA, Iraq, Oct 24 (AFP) -") and where the story starts."""
    m = _DATELINE.match(article.text[:160])
    if not m:
        return None, 0
    head = article.text[: m.end()]
    matches = [p for p in gazetteer.find(head) if p.start < m.end(1) + 1]
    located = locate(head, matches[:1], gazetteer, ctx.admin1_context) if matches else None
    return located, m.end()


def _main_place(article: Article, gazetteer: Gazetteer, ctx: Context) -> Located | None:
    """The place a report is mostly about, when one governorate dominates it."""
    matches = gazetteer.find(article.text[:4000])
    places = [locate(article.text, [m], gazetteer, ctx.admin1_context) for m in matches]
    places = [p for p in places if p is not None]
    if not places:
        return None
    counts = Counter(p.place.admin1_code for p in places)
    code, n = counts.most_common(1)[0]
    if n < 2 or n < 0.6 * len(places):
        return None
    # only the governorate is known: the town an incident happened in is not the report's main town
    governorate = gazetteer.governorate(code)
    return Located(governorate, 3, 0) if governorate else None


def read_candidates(article: Article, gazetteer: Gazetteer, actors: ActorDictionary) -> list[Candidate]:
    """Candidates from every sentence, with places and dates filled from their context."""
    ctx = _context(article, gazetteer, actors)
    dateline, story_start = _dateline(article, gazetteer, ctx)
    fallback = dateline or _main_place(article, gazetteer, ctx)
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    title = " ".join((article.title or "").split()).rstrip(".").lower()
    for sentence in (clause for whole in split_sentences(article.text) for clause in _incident_clauses(whole)):
        if lexicon.cue("stop", sentence.text):
            break
        if _is_heading(sentence, title):
            continue  # a headline restates the story it heads
        skip = max(0, story_start - sentence.start)
        cand = read_sentence(sentence, ctx, skip)
        if cand is None:
            if previous is not None and _continues(previous, sentence):
                previous = _absorb(previous, _detail(previous, sentence, ctx))
                candidates[-1] = previous
            continue
        if previous is not None and _elaborates(previous, cand):
            previous = _absorb(previous, cand)
            candidates[-1] = previous
            continue
        earlier = _referent(candidates, cand)
        if earlier is not None:
            candidates[earlier] = _absorb(candidates[earlier], cand)
            continue
        if not (cand.date_explicit or cand.located or cand.counts.fatalities or cand.counts.injuries
                or cand.citation or cand.soft_separate or cand.separate):
            continue  # "Most of these attacks are rocket fire": no day, place or toll of its own
        cand = _fill_date(_fill_place(cand, previous, fallback), previous, article.published)
        candidates.extend(_split_by_place(cand, ctx))
        previous = candidates[-1]
    return candidates


def _split_by_place(cand: Candidate, ctx: Context) -> list[Candidate]:
    """One candidate per place when the sentence lists several ("in Basra and Najaf")."""
    text = cand.sentence.text
    listed = coordinated(text, ctx.gazetteer.find(text), ctx.gazetteer, ctx.admin1_context)
    if not listed or not cand.located or cand.located.place.name not in {loc.place.name for loc in listed}:
        return [cand]  # a list elsewhere in the sentence ("officials in Ramadi and Baghdad said")
    counts = Counts(None, None) if cand.counts.fatalities else cand.counts  # a joint toll is not split
    return [replace(cand, located=loc, place_own=True, counts=counts, separate=True) for loc in listed]


def _is_heading(sentence: Sentence, title: str) -> bool:
    """The title, or a short line standing alone without a full stop (a headline or crosshead)."""
    text = sentence.text
    if title and text.rstrip(".").lower() in (title, title.split(" (")[0], title.split(" - ")[0]):
        return True
    return len(text) < 120 and sentence.alone and not text.rstrip().endswith((".", "!", "?", '"', "”", ":"))


def _incident_clauses(sentence: Sentence) -> list[Sentence]:
    """The sentence's clauses when each names an incident of its own, else the whole sentence."""
    parts = clauses(sentence)
    tactic = lambda part: any(hit.trigger.tier < 3 for hit in lexicon.find_triggers(part.text))  # noqa: E731
    if len(parts) > 1 and all(tactic(part) for part in parts):
        return parts
    return [sentence]


def _detail(previous: Candidate, sentence: Sentence, ctx: Context) -> Candidate:
    """What a trigger-less sentence about the same incident adds: its place, day and toll."""
    located = locate(sentence.text, ctx.gazetteer.find(sentence.text), ctx.gazetteer, ctx.admin1_context)
    own = [d for d in find_dates(sentence.text, ctx.published) if not d.reporting and d.day is not None]
    day, precision = (own[0].day, own[0].precision) if own else (None, None)
    return replace(previous, sentence=sentence, counts=read_counts(sentence.text), located=located,
                   place_own=located is not None, day=day, time_precision=precision, date_explicit=bool(own))


def _out_of_range(cand: Candidate, published: date | None) -> bool:
    """History a decade before the report, or a day after it (a plan, not an incident)."""
    if not (cand.day and published):
        return False
    age = (published - cand.day).days
    return age > _MAX_AGE_DAYS or age < -1


def _coded_place(cand: Candidate, gazetteer: Gazetteer) -> tuple[Place | None, int | None]:
    """ACLED coding of the place: a governorate alone is coded at its capital's coordinates,
    precision 3; ``location`` stays empty, as no town was named (the annotation rules)."""
    if cand.located is None:
        return None, None
    place, precision = cand.located.place, cand.located.precision
    if place.kind == "governorate" and place.admin1_code:
        capital = gazetteer.capital(place.admin1_code)
        if capital is not None and lexicon.cue("seat", cand.sentence.text):
            return capital, 1  # a council or governor acts at the provincial seat
        if capital is not None:
            place = replace(place, latitude=capital.latitude, longitude=capital.longitude)
        return place, 3
    return place, precision


def to_mention(cand: Candidate, article: Article, gazetteer: Gazetteer) -> EventMention:
    place, geo_precision = _coded_place(cand, gazetteer)
    actor1 = cand.actor1
    if actor1 and "{admin1}" in actor1:
        actor1 = actor1.replace("{admin1}", place.admin1) if place and place.admin1 else None
    location = place.name if place and place.kind != "governorate" else None
    return EventMention(
        doc_id=article.id, event_date=cand.day, time_precision=cand.time_precision,
        event_type=cand.event_type, sub_event_type=cand.sub_event_type,
        actor1=actor1, actor2=cand.actor2 if cand.actor2 != actor1 else None,
        country=place.country if place else None, country_code=place.country_code if place else None,
        admin1=place.admin1 if place else None, admin1_code=place.admin1_code if place else None,
        admin2=place.admin2 if place else None, location=location,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geo_precision=geo_precision,
        fatalities=cand.counts.fatalities, injuries=cand.counts.injuries,
        evidence=cand.sentence.text, source=article.outlet, source_url=article.url,
        offset=cand.sentence.start,
    )


def extract_article(article: Article, gazetteer: Gazetteer, actors: ActorDictionary) -> list[EventMention]:
    """Every incident ``article`` reports, each once."""
    candidates = _merge(read_candidates(article, gazetteer, actors))
    return [
        to_mention(default_counts(c), article, gazetteer)
        for c in candidates
        if c.day is not None and not _out_of_range(c, article.published)
    ]
