"""Turn one article into its event mentions: read sentences, then merge what one incident says twice.

A report often tells one incident in several sentences ("A car bomb exploded ... The attack
occurred in the Domeez area ...") and again in a citation list. Candidates of one document
merge when they agree on type, governorate and date, or when a later sentence only refers back
to the incident; the first sentence stays the evidence, later ones fill in what it lacked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from rasd.extract import lexicon
from rasd.extract.actors import ActorDictionary
from rasd.extract.casualties import Counts, read_counts
from rasd.extract.places import Located, locate
from rasd.extract.reader import Candidate, Context, default_counts, read_sentence
from rasd.extract.sentences import Sentence, split_sentences
from rasd.geo import Gazetteer
from rasd.model import Article, EventMention

_MAX_AGE_DAYS = 3660  # an "event" dated a decade before its report is history, not news


def _admin1(c: Candidate) -> str | None:
    return c.located.place.admin1_code if c.located else None


def _dates_agree(a: Candidate, b: Candidate) -> bool:
    if a.day is None or b.day is None:
        return True
    gap = abs((a.day - b.day).days)
    if (a.time_precision or 1) >= 3 or (b.time_precision or 1) >= 3:
        return a.day.year == b.day.year and a.day.month == b.day.month
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
    la, lb = a.located, b.located
    if la and lb and la.place.kind != "governorate" and lb.place.kind != "governorate" and la.place.name != lb.place.name:
        return b.anaphoric and not b.date_explicit
    return a.sub_event_type == b.sub_event_type or b.anaphoric


def _absorb(a: Candidate, b: Candidate) -> Candidate:
    """``a`` completed with what ``b`` adds: a more specific place, a day, a missing toll."""
    located = a.located
    if b.located and (located is None or (located.place.kind == "governorate" and b.located.place.kind != "governorate")
                      or (b.located.place.admin1_code == located.place.admin1_code
                          and b.located.place.kind == "site" and located.place.kind != "site")):
        located = b.located
    day, precision = a.day, a.time_precision
    if b.day and (day is None or (b.time_precision or 3) < (precision or 3)):
        day, precision = b.day, b.time_precision
    counts = Counts(
        a.counts.fatalities if a.counts.fatalities is not None else b.counts.fatalities,
        a.counts.injuries if a.counts.injuries is not None else b.counts.injuries,
    )
    return replace(a, located=located, day=day, time_precision=precision, counts=counts,
                   citation=a.citation and b.citation)


def _continues(prev: Candidate, sentence: Sentence) -> bool:
    """A sentence without its own trigger that adds detail to the incident just told."""
    return sentence.paragraph - prev.sentence.paragraph <= 1 and bool(lexicon.cue("anaphora", sentence.text))


def _merge(candidates: list[Candidate]) -> list[Candidate]:
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
    if cand.located is not None:
        return cand
    if previous is not None and previous.located and cand.sentence.paragraph - previous.sentence.paragraph <= 1:
        return replace(cand, located=previous.located)
    return replace(cand, located=fallback) if fallback else cand


def _fill_date(cand: Candidate, previous: Candidate | None, published: date | None) -> Candidate:
    if cand.day is not None or cand.date_explicit:
        return cand
    if previous is not None and previous.day and cand.sentence.paragraph == previous.sentence.paragraph:
        return replace(cand, day=previous.day, time_precision=previous.time_precision)
    return replace(cand, day=published, time_precision=2 if published else None)


def _dateline(article: Article, gazetteer: Gazetteer, ctx: Context) -> Located | None:
    head = article.text[:300]
    matches = [m for m in gazetteer.find(head) if m.start < 60 and m.surface.isupper()]
    return locate(head, matches[:1], gazetteer, ctx.admin1_context) if matches else None


def read_candidates(article: Article, gazetteer: Gazetteer, actors: ActorDictionary) -> list[Candidate]:
    """Candidates from every sentence, with places and dates filled from their context."""
    ctx = _context(article, gazetteer, actors)
    fallback = _dateline(article, gazetteer, ctx)
    sentences = split_sentences(article.text)
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    for sentence in sentences:
        if lexicon.cue("stop", sentence.text):
            break
        cand = read_sentence(sentence, ctx)
        if cand is None:
            if previous is not None and _continues(previous, sentence):
                previous = _absorb(previous, _detail(previous, sentence, ctx))
                candidates[-1] = previous
            continue
        if previous is not None and cand.anaphoric and not cand.separate and not cand.date_explicit \
                and cand.located is None and previous.event_type == cand.event_type:
            previous = _absorb(previous, cand)
            candidates[-1] = previous
            continue
        cand = _fill_date(_fill_place(cand, previous, fallback), previous, article.published)
        candidates.append(cand)
        previous = cand
    return candidates


def _detail(previous: Candidate, sentence: Sentence, ctx: Context) -> Candidate:
    located = locate(sentence.text, ctx.gazetteer.find(sentence.text), ctx.gazetteer, ctx.admin1_context)
    return replace(previous, sentence=sentence, counts=read_counts(sentence.text), located=located, day=None)


def _too_old(cand: Candidate, published: date | None) -> bool:
    return bool(cand.day and published and (published - cand.day).days > _MAX_AGE_DAYS)


def to_mention(cand: Candidate, article: Article) -> EventMention:
    place = cand.located.place if cand.located else None
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
        geo_precision=cand.located.precision if cand.located else None,
        fatalities=cand.counts.fatalities, injuries=cand.counts.injuries,
        evidence=cand.sentence.text, source=article.outlet, source_url=article.url,
        offset=cand.sentence.start,
    )


def extract_article(article: Article, gazetteer: Gazetteer, actors: ActorDictionary) -> list[EventMention]:
    """Every incident ``article`` reports, each once."""
    candidates = _merge(read_candidates(article, gazetteer, actors))
    return [
        to_mention(default_counts(c), article)
        for c in candidates
        if c.day is not None and not _too_old(c, article.published)
    ]
