"""Turn one article into its event mentions: read every sentence, then merge what one incident
says twice (``merge``), fill places and days from the story's context, and code the result.

Context a sentence may lack: the place of a wire dateline ("AMARA, Iraq (AFP) -"), the governorate
a report is mostly about, the day the story is at (``story.StoryDay``: "In Kirkuk, a car bomb
killed eight" after "Car bombs killed 23 on Wednesday"; "the previous day" counts from it).
Headlines are skipped: they restate the story they head. A sentence that tells several incidents
(a roundup) is read as its incidents' clauses (``roundup``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from rasd.extract.abroad import report_abroad
from rasd.extract.actors import ActorDictionary
from rasd.extract.attribution import attribute
from rasd.extract.casualties import Counts
from rasd.extract.confidence import features
from rasd.extract.context import Context, Knowledge
from rasd.extract.dates import DateMention, find_dates
from rasd.extract.lexicon import Lexicon
from rasd.extract.places import Located, coordinated, in_area, locate, spelling
from rasd.extract.merge import absorb, continues, dated_later, dates_agree, elaborates, merge, placed, referent
from rasd.extract.reader import Candidate, default_counts, incident_dates, read_sentence
from rasd.extract.roundup import incident_clauses
from rasd.extract.sentences import Sentence, split_sentences
from rasd.extract.story import StoryDay, advance
from rasd.extract.typer import Typing
from rasd.geo import Gazetteer, PlaceMatch
from rasd.model import Article, EventMention, Place

_MAX_AGE_DAYS = 3660  # an "event" dated a decade before its report is history, not news
_RECENT_MONTHS = 1  # an incident dated only by a month is the story's if of this month or the last


_HEAD = 4000  # the report's opening, where its places are named: enough to know its governorates
_CLAN_REACH = 1200  # how far after a tribal clash its story may name the tribes


def _context(article: Article, head: list[PlaceMatch], known: Knowledge) -> Context:
    codes = Counter(place.admin1_code for match in head for place in match.candidates[:1] if place.admin1_code)
    return Context(article.published, tuple(code for code, _ in codes.most_common()), known.gazetteer,
                   known.actors, known.lexicon, known.typer)


def _fill_place(cand: Candidate, previous: Candidate | None, fallback: Located | None, gazetteer: Gazetteer,
                lexicon: Lexicon) -> Candidate:
    place = cand.located.place if cand.located is not None else None
    if place is not None and place.kind == "governorate" and _close(previous, cand) \
            and previous.located.place.kind == "town" and previous.located.place.admin1_code == place.admin1_code \
            and lexicon.cue("city_anaphor", cand.sentence.text):
        # "... attempted to enter the city" after Nasiriyah was told: that town, not only Dhi Qar
        return replace(cand, located=replace(previous.located, precision=1))
    context = _passed_on(previous, cand, gazetteer) if _close(previous, cand) else fallback
    pointed_from = cand.located.pointed_from if cand.located is not None else None
    if pointed_from is not None:
        # "a market south of Baghdad": the story's place ("HILLAH -"), unless it is the town the
        # bearing leads away from ("BAGHDAD -"); then only the governorate the bearing points to
        keep = context is None or context.place.admin1_code == pointed_from
        return cand if keep else replace(cand, located=context, place_own=False)
    if cand.foreign or (place is not None and (place.admin1_code or place.country_code not in (None, gazetteer.country.code))):
        return cand  # placed at home, or abroad
    if cand.located is not None:  # a village the gazetteer does not list: the story says where
        return replace(cand, located=in_area(cand.located, context)) if context else cand
    return replace(cand, located=context, place_own=False) if context else cand


def _close(previous: Candidate | None, cand: Candidate) -> bool:
    """An incident with a place told in this paragraph or the one before: it lends its place."""
    return previous is not None and previous.located is not None \
        and cand.sentence.paragraph - previous.sentence.paragraph <= 1


#: How many paragraphs back "the town" may point.
_ANAPHOR_PARAGRAPHS = 2


def _town_anaphor(cand: Candidate, before: list[Sentence], ctx: Context, area: Located | None) -> Candidate:
    """"A car bomb exploded at the entrance to the town" with no place of its own: the town the
    story named last, even in a sentence that told no incident ("IS has held Hawija since
    2014."); "the village" only a village or small town. Only a place named as such (not one a
    distance is measured from) is what "the town" points back to."""
    told = ctx.lexicon.cue("city_anaphor", cand.sentence.text)
    if told is None:
        return cand
    village = ctx.lexicon.entry_id(told) == "city_anaphor.village"
    for sentence in reversed(before):
        if cand.sentence.paragraph - sentence.paragraph > _ANAPHOR_PARAGRAPHS:
            break
        located = locate(sentence.text, ctx.gazetteer.find(sentence.text), ctx)
        if located is None or located.precision != 1 or not located.place.admin1_code \
                or area is not None and located.place.admin1_code != area.place.admin1_code:
            continue  # the story's governorate, when it is about one, holds the town
        kind, small = located.place.kind, located.place.population < _VILLAGE_POPULATION
        if kind == "locality" or kind == "town" and (small or not village):
            return replace(cand, located=located, place_own=False)
    return cand


#: A listed town this small may be what a report calls "the village".
_VILLAGE_POPULATION = 20_000


def _passed_on(previous: Candidate, cand: Candidate, gazetteer: Gazetteer) -> Located | None:
    """The place an incident told before lends the next one that names none: its city, not its
    neighbourhood ("a police officer was gunned down in Khadra. On Sunday, gunmen killed a civil
    servant": in Baghdad, not in Khadra); in one sentence's items, the place itself."""
    located = previous.located
    if located is None or previous.sentence.index == cand.sentence.index:
        return located
    city = gazetteer.city_of(located.place)
    return Located(city, 1, located.start) if city is not None else located


def _fill_date(cand: Candidate, reference: tuple[date, int] | None, published: date | None) -> Candidate:
    """A sentence that names no day is of the day the story is at, else of the report's day;
    the text does not say so: week precision."""
    if cand.day is not None or cand.date_explicit:
        return cand  # a stated day, or one vaguer than a month ("in 2007") left unresolved
    if reference is not None:
        return replace(cand, day=reference[0], time_precision=max(reference[1], 2))
    return replace(cand, day=published, time_precision=2 if published else None)


_DATELINE = re.compile(
    r"^[\s\W]{0,3}([A-Z][A-Za-z'.\- ]{2,40}?)(?=[,:/(\s–—-])[^\n]{0,60}?(?:(?:\)\s*|\s)(?:--|—|–|-|/|:|\?)\s|\([A-Z][\w .-]{1,30}\)\s)")
#: Lower-case words of prose: a dateline has at most one ("Basra, southern Iraq (AFP)"); "A bomb
#: killed two soldiers in Tarmiyah (Baghdad province)" or "Fighters of the Popular Mobilization
#: Forces (PMF)" is the story itself, however much it looks like "BAGHDAD (Reuters)".
_PROSE_WORD = re.compile(r"(?<![\w.])[a-z]+\b")


def _fill_actor(cand: Candidate, candidates: list[Candidate], striker: str | None) -> Candidate:
    """A strike whose sentence names no air force: the one the story's earlier strikes had,
    else the state the report says conducted strikes."""
    if cand.actor1 is not None or cand.sub_event_type != "Air/drone strike":
        return cand
    earlier = next((c.actor1 for c in reversed(candidates)
                    if c.sub_event_type == cand.sub_event_type and c.actor1), None)
    return replace(cand, actor1=earlier or striker)


_STRIKES_AFTER = re.compile(r"^[^.]{0,60}\b(?:strikes?|airstrikes?|raids?|bombed|sorties)\b", re.I)
_STRIKE_WORDS = re.compile(r"\b(?:strikes?|airstrikes?|raids?|bombed|sorties)\b", re.I)


def _striker(article: Article, ctx: Context) -> str | None:
    """The state force a report says carried out strikes ("Coalition forces conducted 18 strikes")."""
    if not _STRIKE_WORDS.search(article.text, 0, 3080):
        return None  # most reports tell of no strikes: one scan says so
    for mention in ctx.actors.find(article.text[:3000], ctx.lexicon):
        if mention.entry.actor.inter in ("State forces", "External/Other forces") and \
                _STRIKES_AFTER.match(article.text[mention.end : mention.end + 80]):
            return mention.entry.actor.name
    return None


_PARAGRAPH_START = re.compile(r"\n\s*\n")


def _heading_lines(text: str) -> bool:
    """Only short lines that end no sentence: a date, a headline, a byline."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return all(len(line) <= 150 and not line.endswith((".", "!", "?", '"', "”")) for line in lines)


def _dateline(article: Article, ctx: Context) -> tuple[Located | None, int]:
    """The place of a wire dateline ("AMARA, Iraq, Oct 24 (AFP) -") and where the story starts:
    at the start of the text, or of its first paragraph after a date line and a headline."""
    text = article.text
    # a date line, a headline, summary bullets and a byline may come first (a plain-text report,
    # a wire's "* Car bombs in holy cities" points): the dateline opens the first paragraph after
    # them, never one after the story has begun
    for start in [0, *(m.end() for m in _PARAGRAPH_START.finditer(text, 0, 600))][:6]:
        if start and not _heading_lines(text[:start]):
            break
        m = _DATELINE.match(text[start : start + 160])  # "^" anchors at the slice's start
        if m and len(_PROSE_WORD.findall(m.group(0))) < 2:
            head = text[: start + m.end()]
            matches = [p for p in ctx.gazetteer.find(head) if start <= p.start < start + m.end(1) + 1]
            located = locate(head, matches[:1], ctx, unlisted=False) if matches else None
            return located, start + m.end()
    return None, 0


def _main_place(article: Article, head: list[PlaceMatch], ctx: Context) -> tuple[Located | None, Located | None]:
    """The place a report is mostly about, when one governorate dominates it, and the town it
    names most there when one does (named at least twice and most of the governorate's mentions)."""
    places = [locate(article.text, [m], ctx, unlisted=False) for m in head]
    places = [p for p in places if p is not None and p.pointed_from is None]  # a bearing's guess names no place
    if not places:
        return None, None
    counts = Counter(p.place.admin1_code for p in places)
    code, n = counts.most_common(1)[0]
    # a report mostly about places abroad has no governorate to fall back on
    if code is None or n < 2 or n < 0.6 * len(places):
        return None, None
    # only the governorate is known: the town an incident happened in is not the report's main town
    governorate = ctx.gazetteer.governorate(code)
    towns = Counter(p.place.name for p in places if p.place.admin1_code == code and p.place.kind != "governorate")
    town, count = towns.most_common(1)[0] if towns else (None, 0)
    main_town = next((p for p in places if p.place.name == town), None) if count >= 2 and count > n / 2 else None
    return (Located(governorate, 3, 0) if governorate else None), main_town


def _fallback(dateline: Located | None, main: Located | None, main_town: Located | None) -> Located | None:
    """Where an incident whose sentence names no place happened: the dateline's city, unless the
    report is mostly about another governorate (an outlet datelines its stories from home:
    "ERBIL, Kurdistan Region - ... in Tuz Khurmatu"); then, as with no dateline, the town the
    report is about, as a dateline would have named it, else that governorate."""
    if main is None or (dateline is not None and main.place.admin1_code == dateline.place.admin1_code):
        return dateline
    # with no dateline too, a report mostly about one town: "the southern city" is that town
    return replace(main_town, start=0) if main_town is not None else main


def read_candidates(article: Article, known: Knowledge) -> list[Candidate]:
    """Candidates from every sentence, with places and dates filled from their context."""
    head = known.gazetteer.find(article.text[:_HEAD])
    ctx = _context(article, head, known)
    gazetteer, actors, lexicon = known.gazetteer, known.actors, known.lexicon
    dateline, story_start = _dateline(article, ctx)
    abroad = report_abroad(article.text, dateline, story_start, ctx)
    ctx = replace(ctx, abroad=abroad.place if abroad else None)
    fallback = _fallback(dateline, *_main_place(article, head, ctx)) or abroad
    striker = _striker(article, ctx)
    candidates: list[Candidate] = []
    previous: Candidate | None = None
    story: StoryDay | None = None
    lead_toll: tuple[Counts, int] | None = None  # a toll told before any incident (see _lead_toll)
    title = " ".join((article.title or "").split()).rstrip(".").lower()
    seen: list[Sentence] = []
    for sentence in (clause for whole in split_sentences(article.text) for clause in incident_clauses(whole, ctx, story_start)):
        if lexicon.cue("stop", sentence.text):
            break
        seen.append(sentence)
        if _is_heading(sentence, title):
            if not candidates:  # "2 soldiers killed, 5 hurt in IED blast": the toll of the story it heads
                lead_toll = _heading_toll(sentence, lexicon) or lead_toll
            continue  # a headline restates the story it heads
        reference = story.reference(sentence.paragraph, ctx.published) if story else None
        dates = find_dates(sentence.text, ctx.published, lexicon, reference)
        skip = max(0, story_start - sentence.start)
        cand = _all_attackers(read_sentence(sentence, ctx, dates, skip, _item_typing(previous, sentence, lexicon)),
                              article.text, lexicon)
        story = advance(story, dates, sentence.paragraph, ctx.published, _told(cand),
                        cand is not None or _narrates(sentence, dates, lexicon))
        if cand is not None and previous is not None and previous.sentence.index == sentence.index:
            cand = _next_item(cand, previous, lexicon)
            if candidates and candidates[-1] is previous and _one_each(previous, cand, lexicon):
                # "two soldiers were killed, one in Baghdad and the other in Diyala": one dead each
                previous = candidates[-1] = replace(previous, counts=Counts(1, None))
                cand = replace(cand, counts=Counts(1, None))
        if cand is None and previous is not None and _accident_told(previous, sentence, lexicon):
            candidates.pop()  # "the blast was caused by a gas cylinder": no incident after all
            previous = candidates[-1] if candidates else None
            continue
        if cand is None:
            if previous is None:
                lead_toll = _lead_toll(sentence, lexicon) or lead_toll
            detail = _all_attackers(_detail(previous, sentence, dates, ctx), article.text, lexicon) \
                if previous is not None and continues(previous, sentence, lexicon) else None
            if detail is not None and _another_day(detail, previous):
                detail = None  # "Another announcer was killed a few weeks ago": not this incident's toll
            elsewhere = detail is not None and _elsewhere(detail, previous)
            told = (detail is None or elsewhere) and candidates and lexicon.cue("place_told", sentence.text)
            if elsewhere and _next_in_series(detail, lexicon):
                candidates.append(_fill_date(replace(detail, separate=True), reference, ctx.published))
                previous = candidates[-1]
            elif detail is not None and not (elsewhere and told):
                previous = absorb(previous, detail, lexicon)
                candidates[-1] = previous
            elif told:
                candidates = _place_told(candidates, sentence, dates, ctx)
                previous = candidates[-1]
            continue
        # "In the second attack, ..." after a lead and other incidents: one of the lead's series
        first = lexicon.cue("series_item", sentence.text) is not None and len(candidates) > 1
        if previous is not None and not first and elaborates(previous, cand):
            previous = absorb(previous, cand, lexicon)
            candidates[-1] = previous
            continue
        earlier = referent(candidates, cand, lexicon, first)
        if earlier is not None:
            candidates[earlier] = absorb(candidates[earlier], cand, lexicon)
            continue
        if not (cand.date_explicit or _placed(cand) or cand.counts.fatalities or cand.counts.injuries
                or cand.citation or cand.soft_separate or cand.separate):
            continue  # "Most of these attacks are rocket fire": no day, place or toll of its own
        if lead_toll is not None and not candidates:
            cand = _with_lead_toll(cand, *lead_toll)
        if cand.located is None and not cand.foreign and not _close(previous, cand) \
                and (fallback is None or fallback.place.kind == "governorate"):  # a dateline's town is "the city"
            cand = _town_anaphor(cand, seen[:-1], ctx, fallback)
        cand = _fill_date(_fill_place(cand, previous, fallback, gazetteer, lexicon), reference, ctx.published)
        cand = _fill_actor(cand, candidates, striker)
        candidates.extend(_split_by_place(cand, ctx) if (days := _two_days(cand, dates, lexicon)) is None else days)
        previous = candidates[-1]
    return _name_clans(candidates, article.text, actors)


#: how far back (characters) the attackers "all the attackers were killed" means may have been counted
_ATTACKERS_REACH = 1500


def _all_attackers(cand: Candidate | None, text: str, lexicon: Lexicon) -> Candidate | None:
    """"All the attackers were killed" counts as many dead as the story's attackers ("five
    armed men wearing suicide belts attacked the base"); a sentence that gives a toll of its own
    adds them to it when it counted them itself ("Four gunmen stormed the station, killing six
    policemen before all the attackers were killed" is ten)."""
    if cand is None or cand.counts.fatalities is not None and cand.counts.stated is None:
        return cand
    told, start = cand.counts.stated, cand.sentence.start
    before = "" if told is not None else text[max(0, start - _ATTACKERS_REACH) : start]
    dead = lexicon.casualties.all_attackers(cand.sentence.text, before)
    if dead is None or dead + (told or 0) > lexicon.casualties.max_count:
        return cand
    return replace(cand, counts=Counts(dead + (told or 0), cand.counts.injuries))


def _accident_told(previous: Candidate, sentence: Sentence, lexicon: Lexicon) -> bool:
    """The sentence right after an explosion told only as one says it was an accident ("Civil
    defence said the blast was caused by a leaking gas cylinder"): ACLED codes no event."""
    generic = previous.typing is not None and previous.typing.generic
    return generic and sentence.index == previous.sentence.index + 1 and lexicon.cue("accident", sentence.text) is not None


def _placed(cand: Candidate) -> bool:
    """The sentence names a place of its own: a town or a region, not only a country ("in Syria")."""
    return cand.located is not None and cand.located.place.kind != "country"


def _item_typing(previous: Candidate | None, clause: Sentence, lexicon: Lexicon) -> Typing | None:
    """How a roundup item with no incident word of its own is typed: as the item before it in its
    sentence, when it says it is the next of them ("one near a bakery in Shula, and the other in
    Amil that wounded four"); None for any other clause."""
    if previous is None or previous.sentence.index != clause.index or lexicon.cue("item_other", clause.text) is None:
        return None
    return previous.typing


def _next_item(cand: Candidate, item: Candidate, lexicon: Lexicon) -> Candidate:
    """A roundup's next item is an incident of its own; one with no verb of its own ("the strikes
    hit a headquarters in Jurf al-Nasr and a depot near al-Qaim") is the same kind of incident."""
    text = cand.sentence.text
    # "and the other by small-arms fire": the next of a pair, of a kind of its own
    other = lexicon.cue("item_other", text) is not None and any(hit.trigger.tier == 1 for hit in lexicon.find_triggers(text))
    if other or lexicon.cue("clause_verb", text):
        return replace(cand, separate=True)
    return replace(cand, separate=True, event_type=item.event_type, sub_event_type=item.sub_event_type,
                   actor1=item.actor1, actor2=item.actor2)


def _one_each(item: Candidate, other: Candidate, lexicon: Lexicon) -> bool:
    """A pair's toll told once and split by place ("Two U.S. soldiers were killed Monday, one by
    a roadside bomb in Baghdad and the other by small-arms fire in Diyala"): each item is one of
    them, and the second tells no figure of its own."""
    return item.counts.stated == 2 and other.counts.fatalities is None and other.counts.injuries is None \
        and lexicon.cue("one_of_pair", item.sentence.text) is not None and lexicon.cue("item_other", other.sentence.text) is not None


def _name_clans(candidates: list[Candidate], text: str, actors: ActorDictionary) -> list[Candidate]:
    """A tribal clash whose sentence names no tribe takes the tribes the story names next
    ("The clash was between the al-Ma'amra and al-Rafi'i tribes"), before its next incident,
    else those of the clash it told before ("the fighting that ensued between the tribes")."""
    named: list[Candidate] = []
    for i, cand in enumerate(candidates):
        if cand.actor1 == actors.defaults.clan:
            end = candidates[i + 1].sentence.start if i + 1 < len(candidates) else len(text)
            clans = actors.clans(text[cand.sentence.start : max(end, cand.sentence.start)][:_CLAN_REACH])
            if clans:
                cand = replace(cand, actor1=clans[0], actor2=clans[1] if len(clans) > 1 else clans[0])
            else:
                earlier = next((c for c in reversed(named) if actors.is_clan(c.actor1) and c.actor1 != actors.defaults.clan), None)
                cand = replace(cand, actor1=earlier.actor1, actor2=earlier.actor2) if earlier else cand
        named.append(cand)
    return named


def _narrates(sentence: Sentence, dates: list[DateMention], lexicon: Lexicon) -> bool:
    """A sentence that gave no incident still moves the story to its day ("A surge of violence on
    Sunday claimed 10 lives"), unless it looks ahead ("pilgrims are expected to converge ... late
    Tuesday": a weekday resolves to the past one, and would move the story back a week)."""
    if not any(d.day and not d.reporting for d in dates):
        return False  # nothing to move the story to (most sentences): no cue scan
    return not lexicon.cue("hypothetical", sentence.text)


def _told(cand: Candidate | None) -> tuple[date, int] | None:
    """The day a sentence's incident is stated to be of, to a day or a week."""
    if cand is None or not cand.date_explicit or cand.day is None or (cand.time_precision or 3) > 2:
        return None
    return cand.day, cand.time_precision  # type: ignore[return-value]


#: what joins a second day's toll to the first's, with the victims and the verb left out:
#: "two protesters were killed on Wednesday[ and one on] Tuesday"
_ELIDED_TOLL = re.compile(r",? and (?:another |a further )?(?P<count>[\w-]+)(?: more| others?| people)? (?:(?:late|early) )?(?:on )?$", re.I)


def _two_days(cand: Candidate, dates: list[DateMention], lexicon: Lexicon) -> list[Candidate] | None:
    """Two incidents when a sentence tells tolls of two days ("two were killed on Wednesday and
    one on Tuesday"): one per day, each with its own toll; None when the sentence tells one day."""
    days = [d for d in dates if d.day is not None and d.precision == 1 and not (d.reporting or d.since or d.after_only)]
    if len(days) != 2 or days[0].day == days[1].day or cand.counts.fatalities is None:
        return None
    first, second = days
    elided = _ELIDED_TOLL.search(cand.sentence.text, first.end, second.start)
    count = lexicon.casualties.numbers.value(elided["count"]) if elided else None
    if count is None:
        return None
    return [replace(cand, day=first.day, time_precision=1, date_explicit=True),
            replace(cand, day=second.day, time_precision=1, date_explicit=True, counts=Counts(count, None), separate=True)]


def _split_by_place(cand: Candidate, ctx: Context) -> list[Candidate]:
    """One candidate per place when the sentence lists several ("in Basra and Najaf")."""
    text = cand.sentence.text
    listed = coordinated(text, ctx.gazetteer.find(text), ctx)
    if not listed or not cand.located or cand.located.place.name not in {loc.place.name for loc in listed}:
        return [cand]  # a list elsewhere in the sentence ("officials in Ramadi and Baghdad said")
    counts = Counts(None, None) if cand.counts.fatalities else cand.counts  # a joint toll is not split
    return [replace(cand, located=loc, place_own=True, counts=counts, separate=True, shared=len(listed) > 1)
            for loc in listed]


def _is_heading(sentence: Sentence, title: str) -> bool:
    """The title, or a short line standing alone without a full stop (a headline or crosshead)."""
    text = sentence.text
    if title and text.rstrip(".").lower() in (title, title.split(" (")[0], title.split(" - ")[0]):
        return True
    return len(text) < 120 and sentence.alone and not text.rstrip().endswith((".", "!", "?", '"', "”", ":"))


def _next_in_series(detail: Candidate, lexicon: Lexicon) -> bool:
    """A sentence that tells one of several incidents by its order, at a place in another
    governorate and with a toll of its own ("The fourth attack took place in Kirkuk, killing
    two"), after the others were told: an incident of the same kind, not more of the last one."""
    return bool(detail.counts.fatalities or detail.counts.injuries) and lexicon.cue("series_item", detail.sentence.text) is not None


#: how many paragraphs before its incident a toll told first may stand
_LEAD_TOLL_REACH = 2


def _lead_toll(sentence: Sentence, lexicon: Lexicon) -> tuple[Counts, int] | None:
    """A toll told before the incident it counts ("Until now there are 14 dead and 15 wounded.
    ISIS gunmen attacked a gathering in the village"): a sentence that names no tactic and sums
    no period or area (not "car bombs killed 20 across Iraq"), and its paragraph."""
    if any(hit.trigger.tier < 3 for hit in lexicon.find_triggers(sentence.text)) or lexicon.cue("aggregate", sentence.text):
        return None
    counts = lexicon.casualties.read(sentence.text)
    return (counts, sentence.paragraph) if counts.fatalities else None


def _heading_toll(sentence: Sentence, lexicon: Lexicon) -> tuple[Counts, int] | None:
    """The toll a headline gives the story below it, unless it sums several incidents ("Wave of
    bombings kills 25 across Iraq")."""
    if lexicon.cue("aggregate", sentence.text) or lexicon.cue("series", sentence.text):
        return None
    counts = lexicon.casualties.read(sentence.text)
    return (counts, sentence.paragraph) if counts.fatalities is not None else None


def _with_lead_toll(cand: Candidate, counts: Counts, paragraph: int) -> Candidate:
    """The report's first incident, told soon after a toll without one of its own, takes that toll."""
    if cand.counts.fatalities is not None or cand.sentence.paragraph - paragraph > _LEAD_TOLL_REACH or cand.separate:
        return cand
    injuries = cand.counts.injuries if cand.counts.injuries is not None else counts.injuries
    return replace(cand, counts=Counts(counts.fatalities, injuries, vague=counts.vague))


def _another_day(detail: Candidate, previous: Candidate) -> bool:
    """Both the incident and a later sentence without an incident word state their day, and the
    days are far apart: the sentence tells of something else. A revised toll ("one of the wounded
    died overnight, raising the toll to six"), a night that runs into the next day and the day
    of an incident told first as "last week" still belong to the incident."""
    return detail.date_explicit and previous.date_explicit and detail.day is not None and previous.day is not None \
        and not detail.counts.revised and abs((detail.day - previous.day).days) > 1 and not dates_agree(previous, detail) \
        and not dated_later(previous, detail)


def _elsewhere(detail: Candidate, previous: Candidate) -> bool:
    """The place a sentence tells is in another governorate than the incident just told."""
    here, there = detail.located, previous.located
    return bool(previous.place_own and here and there and here.place.admin1_code
                and here.place.admin1_code != there.place.admin1_code)


def _place_told(candidates: list[Candidate], sentence: Sentence, dates: list[DateMention], ctx: Context) -> list[Candidate]:
    """A later paragraph that says where an incident told earlier happened ("Yesterday's attack
    occurred near Zubair, a town south of Basra"): that incident's place."""
    located = locate(sentence.text, ctx.gazetteer.find(sentence.text), ctx)
    own = [d for d in incident_dates(dates, -1) if not d.since]
    i = placed(candidates, located, own[0].day if own else None)
    if i is None or located is None:
        return candidates
    earlier = candidates[i].located
    if not located.place.country_code and earlier is not None:
        located = in_area(located, earlier)  # a village no known place was named beside: the incident's area
    return [*candidates[:i], replace(candidates[i], located=located, place_own=True), *candidates[i + 1 :]]


def _detail(previous: Candidate, sentence: Sentence, dates: list[DateMention], ctx: Context) -> Candidate:
    """What a trigger-less sentence about the same incident adds: its place, day and toll (not a
    day it names as the start of a period, "since the bombing last month", nor one of a sentence
    that speculates)."""
    located = locate(sentence.text, ctx.gazetteer.find(sentence.text), ctx)
    speculates = ctx.lexicon.cue("hypothetical", sentence.text)  # "may be revenge for a strike last week"
    own = [] if speculates else [d for d in incident_dates(dates, -1) if not d.since]
    day, precision = (own[0].day, own[0].precision) if own else (None, None)
    return replace(previous, sentence=sentence, counts=ctx.lexicon.casualties.read(sentence.text), located=located,
                   place_own=located is not None, day=day, time_precision=precision, date_explicit=bool(own))


def _out_of_range(cand: Candidate, published: date | None) -> bool:
    """History a decade before the report, or a day after it: a plan, not an incident (no event
    is dated after the day of the report that tells it); or background dated only by a month
    long gone ("Last March, 340 people were killed", "In December, a similar rocket attack"):
    the story's own events are of its days or of last month, and ACLED codes an old incident
    from the reports of its time, not from a passing mention months later."""
    if not (cand.day and published):
        return False
    age = (published - cand.day).days
    months = (published.year - cand.day.year) * 12 + published.month - cand.day.month
    return age > _MAX_AGE_DAYS or age < 0 or (cand.time_precision == 3 and months > _RECENT_MONTHS)


def _coded_place(cand: Candidate, gazetteer: Gazetteer, lexicon: Lexicon) -> tuple[Place | None, int | None]:
    """ACLED coding of the place: a governorate alone is coded at its capital's coordinates,
    precision 3; ``location`` stays empty, as no town was named (the annotation rules)."""
    if cand.located is None:
        return None, None
    place, precision = cand.located.place, cand.located.precision
    if place.kind == "governorate" and place.admin1_code:
        capital = gazetteer.capital(place.admin1_code)
        spelt, start = cand.located.spelt, cand.located.start
        named_province = bool(spelt) and bool(lexicon.cue("province_named", cand.sentence.text[start : start + len(spelt) + 20]))
        if capital is not None and lexicon.cue("seat", cand.sentence.text) and not named_province:
            return capital, 1  # a council or governor acts at the provincial seat ("the Basra council"),
            # but "in Wasit province, the council elected" names only the province
        if capital is not None:
            place = replace(place, latitude=capital.latitude, longitude=capital.longitude)
        return place, 3
    return place, precision


def to_mention(cand: Candidate, article: Article, known: Knowledge) -> EventMention:
    actors = known.actors
    place, geo_precision = _coded_place(cand, known.gazetteer, known.lexicon)
    code, admin1, country = (place.admin1_code, place.admin1, place.country) if place else (None, None, None)
    actor1 = actors.resolve(cand.actor1, code, admin1, country)
    location = (spelling(cand.located) if cand.located and cand.located.place == place else place.name) \
        if place and place.kind not in ("governorate", "country") else None
    return EventMention(
        doc_id=article.id, event_date=cand.day, time_precision=cand.time_precision,
        event_type=cand.event_type, sub_event_type=cand.sub_event_type,
        actor1=actor1, actor2=_actor2(actors.resolve(cand.actor2, code, admin1, country), actor1, actors),
        country=place.country if place else None, country_code=place.country_code if place else None,
        admin1=place.admin1 if place else None, admin1_code=place.admin1_code if place else None,
        admin2=place.admin2 if place else None, location=location,
        latitude=place.latitude if place else None, longitude=place.longitude if place else None,
        geo_precision=geo_precision,
        fatalities=cand.counts.stated, injuries=cand.counts.injuries,
        evidence=cand.sentence.text, source=article.outlet, source_url=article.url,
        rules=_rules(cand), offset=cand.sentence.start,
    )


def _actor2(actor2: str | None, actor1: str | None, actors: ActorDictionary) -> str | None:
    """No actor fights itself, but a clan does: a clash within one tribe is coded so in ACLED."""
    return actor2 if actor2 != actor1 or actors.is_clan(actor1) else None


def read_events(article: Article, known: Knowledge) -> list[tuple[EventMention, dict[str, float]]]:
    """Every incident ``article`` reports, each once, with the features its confidence is
    computed from (``confidence.features``); the mentions carry no confidence yet."""
    candidates = merge(read_candidates(article, known), known.lexicon)
    candidates = attribute(candidates, article.text, known.actors, known.lexicon)
    kept = [c for c in candidates if c.day is not None and not _out_of_range(c, article.published)]
    return [(to_mention(default_counts(c), article, known), features(c, article.published, len(kept)))
            for c in kept]


def extract_article(article: Article, known: Knowledge) -> list[EventMention]:
    """Every incident ``article`` reports, each once, with its confidence."""
    return [replace(mention, confidence=known.confidence.score(values))
            for mention, values in read_events(article, known)]


def _rules(cand: Candidate) -> tuple[str, ...]:
    """What produced the event: the typer's entries, then how its place and day were read."""
    located = cand.located
    place = "place:none" if located is None else "place:sentence" if cand.place_own else "place:story"
    unlisted = ("place:unlisted",) if located is not None and located.place.kind == "locality" else ()
    day = "day:stated" if cand.date_explicit else "day:story"
    return (*(cand.typing.rules if cand.typing else ()), place, *unlisted, day)
