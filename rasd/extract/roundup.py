"""The roundup reader: one sentence that tells several incidents becomes one clause each.

Wire roundups pack a day's violence into a sentence ("a Mosul bombing killed a policeman, a man
was shot dead in Baghdad, ..."), and a summary lead or an arrest may carry another incident in a
clause ("..., including 10 who died when a car bomb tore through a market in Kirkuk"; "arrested a
man who detonated a bomb at a shop on Saturday"). The reader of a document (``document``) takes
each clause this module gives as a sentence of its own, so that each incident is read with its
own place, day and toll; a sentence that tells one incident comes back whole.
"""

from __future__ import annotations

import re

from rasd.extract.context import Context
from rasd.extract.dates import find_dates
from rasd.extract.lexicon import Lexicon
from rasd.extract.places import locate
from rasd.extract.sentences import Sentence, pieces, span
from rasd.extract.typer import VIOLENT


def _item_place(piece: Sentence, ctx: Context, skip: int) -> str | None:
    """The place a roundup item says its incident was at (beyond a dateline's ``skip``), or None."""
    text = piece.text
    if not ctx.lexicon.find_triggers(text) and ctx.lexicon.cue("item_other", text) is None:
        return None  # no incident word, and not "the other in Amil": more of the item before
    located = locate(text, [m for m in ctx.gazetteer.find(text) if piece.start + m.start >= skip], ctx)
    if located is None:
        return None
    distance = ctx.lexicon.cue("distance", text[: located.start])
    if distance is not None and not text[: distance.start()].strip():
        return None  # "in al-Mahaweel, (16 km) north of Hilla": where the item before lies, no item
    return located.place.name


def incident_clauses(sentence: Sentence, ctx: Context, skip: int) -> list[Sentence]:
    """A roundup's items, each a clause of its own ("a Mosul bombing killed a policeman, a man
    was shot dead in Baghdad, ..."; "a sit-in in Nasiriyah and a march in Basra"): the pieces
    between commas, semicolons, "while" and "and" are grouped so that each group names an
    incident at a place of its own; a piece lacking either belongs with the one before it."""
    if len(ctx.lexicon.find_triggers(sentence.text)) < 2:
        return [sentence]  # one incident word: no items to split
    if ctx.lexicon.cue("aggregate", sentence.text):
        return _included(sentence, ctx)  # a tally by place: no items to split, but the incident it singles out
    deed = _arrest_and_deed(sentence, ctx)
    if deed is not None:
        return deed
    groups: list[tuple[Sentence, Sentence]] = []
    places: dict[tuple[int, int], str | None] = {}  # a new group's place is its first piece's

    def place_of(part: Sentence) -> str | None:
        if (part.start, part.end) not in places:
            places[part.start, part.end] = _item_place(part, ctx, skip)
        return places[part.start, part.end]

    for piece in _fronted(sentence, pieces(sentence), ctx, place_of):
        place = place_of(piece)
        # the group so far is read only when the piece names a place of its own
        here = _group_place(groups[-1], sentence, place_of) if groups and place is not None else None
        if groups and (place is None or here in (None, place)) \
                and not (place is not None and place == here and _another_kind(sentence, span(sentence, *groups[-1]), piece, ctx.lexicon)):
            groups[-1] = (groups[-1][0], piece)
        else:
            groups.append((piece, piece))
    return [span(sentence, first, last) for first, last in groups] if len(groups) > 1 else [sentence]


def _included(sentence: Sentence, ctx: Context) -> list[Sentence]:
    """The incident a summary lead singles out after its tally ("Violence across Iraq killed 25
    people on Monday, including 10 who died when a car bomb tore through a market in Kirkuk"):
    the clause after "including" if it names a tactic and a place, else the whole sentence."""
    cut = ctx.lexicon.cue("tally_includes", sentence.text)
    if cut is None:
        return [sentence]
    clause = Sentence(sentence.text[cut.end() :], sentence.start + cut.end(), sentence.paragraph, sentence.index)
    tactic = any(hit.trigger.tier == 1 for hit in ctx.lexicon.find_triggers(clause.text))
    placed = any(m.candidates for m in ctx.gazetteer.find(clause.text))
    return [clause] if tactic and placed else [sentence]


def _arrest_and_deed(sentence: Sentence, ctx: Context) -> list[Sentence] | None:
    """An arrest and the violence the arrested did, told in a clause after it on a day of its own
    ("Police on Monday arrested a man who detonated a bomb at a shop on Saturday, wounding
    three"): two incidents, the arrest and the bombing. A deed with no day of its own (or a
    reporting day only) is background to the arrest, as before."""
    if ctx.lexicon.cue("deed", sentence.text) is None:
        return None  # no clause that could tell a deed: spare typing the sentence
    typing = ctx.typer.type(sentence.text)
    if typing is None or typing.sub_event_type != "Arrests":
        return None
    cut = ctx.lexicon.cue("deed", sentence.text[typing.end :])
    if cut is None:
        return None
    head, text = sentence.text[: typing.end + cut.start()], sentence.text[typing.end + cut.end() :]
    deed = ctx.typer.type(text)
    if deed is None or deed.event_type not in VIOLENT or deed.bare:
        return None
    if not any(d.day is not None and not d.reporting for d in find_dates(text, ctx.published, ctx.lexicon)):
        return None
    # an arrest told with neither day nor place of its own keeps the whole sentence ("security
    # forces arrested three people suspected of ..., the Asayish in Erbil said on Monday")
    told = find_dates(head, ctx.published, ctx.lexicon) or ctx.gazetteer.find(head)
    arrest = Sentence(head, sentence.start, sentence.paragraph, sentence.index) if told else sentence
    return [arrest, Sentence(text, sentence.start + len(sentence.text) - len(text), sentence.paragraph, sentence.index)]


#: A piece this short, opening with a preposition, that names a place and no incident is a
#: fronted place ("In Basra, ..."); one without ("central Mosul", "Qadisiyah") is an apposition
#: or a list item
_FRONTED_LENGTH = 40
_FRONTED = re.compile(r"^\s*(?:and\s+)?(?:in|at|near|outside)\s", re.I)


def _fronted(sentence: Sentence, parts: list[Sentence], ctx: Context, place_of) -> list[Sentence]:
    """Pieces with a fronted place joined to the incident they place ("in Basra, gunmen shot dead
    a merchant"): alone, neither names both an incident and a place, and the item would be
    taken for more of the one before it."""
    joined: list[Sentence] = []
    i = 0
    while i < len(parts):
        piece = parts[i]
        following = parts[i + 1] if i + 1 < len(parts) else None
        if following is not None and len(piece.text.strip()) <= _FRONTED_LENGTH and _FRONTED.match(piece.text) \
                and not ctx.lexicon.find_triggers(piece.text) and ctx.gazetteer.find(piece.text) \
                and place_of(following) is None and ctx.lexicon.find_triggers(following.text):
            joined.append(span(sentence, piece, following))
            i += 2
        else:
            joined.append(piece)
            i += 1
    return joined


def _kind(text: str, lexicon: Lexicon) -> str | None:
    """The event type of the first tactic ``text`` names, if any."""
    tactic = next((hit for hit in lexicon.find_triggers(text) if hit.trigger.tier == 1 and not hit.background), None)
    return tactic.trigger.event_type if tactic else None


def _another_kind(sentence: Sentence, group: Sentence, piece: Sentence, lexicon: Lexicon) -> bool:
    """A clause joined by "while" or "and" at the same town as the item before, that tells with
    a verb of its own a tactic of another kind ("a roadside bomb killed a soldier in Yarmouk,
    while gunmen shot dead a professor in Zanjili"): another incident, not more of the one
    before (but not "..., hours after a teenager was shot dead": what led to it)."""
    if lexicon.cue("coordinate", sentence.text[: piece.start - sentence.start]) is None:
        return False
    kinds = _kind(group.text, lexicon), _kind(piece.text, lexicon)
    return all(kind in VIOLENT for kind in kinds) and kinds[0] != kinds[1] and lexicon.cue("clause_verb", piece.text) is not None


def _group_place(group: tuple[Sentence, Sentence], sentence: Sentence, place_of) -> str | None:
    """The place a roundup item is at: its first piece's ("Hamza was shot dead in Baghdad"), not
    one a later piece without an incident word of its own adds ("a Ramadi explosion claimed ...")."""
    return place_of(group[0]) or place_of(span(sentence, *group))
