"""Split a report into paragraphs and sentences, keeping character offsets.

Sentences come from sentencex (Wikimedia's rule-based segmenter, compiled, ~0.05 ms a report):
unlike a split before capital letters, it also ends a sentence before one that starts in lower
case or with markup ("... two policemen. <script>", "... in Tikrit. police said"). On top of it,
wire conventions: a period after an abbreviation ("U.S.", "Lt.", "5 p.m. Tuesday") never ends a
sentence, and a bare line break inside a paragraph is hard-wrapped copy (AFP), not a boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentencex import segment

_SURROGATE = re.compile("[\ud800-\udfff]")
_ABBREVIATIONS = frozenset(
    """u.s u.k u.n mr mrs ms dr gen lt col maj capt sgt brig cpl pvt st no vs jan feb mar apr
    jun jul aug sep sept oct nov dec inc co corp ltd jr sr gov rep sen prof mt ft dept est
    a.m p.m approx govt adm cmdr insp""".split()
)
# A blank line, or a line break after sentence-final punctuation, starts a paragraph; a bare
# line break elsewhere is hard-wrapped copy (AFP) and joins the sentence.
_PARAGRAPH = re.compile(r"\n\s*\n|(?<=[.!?\"”:])[ \t]*\n")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its text, where it starts, and which paragraph holds it."""

    text: str
    start: int
    paragraph: int
    index: int
    alone: bool = False  # the only sentence of its paragraph

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _ends_with_abbreviation(chunk: str) -> bool:
    words = chunk.rstrip().rstrip(".!?\"'”’)").split()
    word = words[-1].lower().strip("(\"“") if words else ""
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _split_paragraph(text: str, offset: int) -> list[tuple[str, int]]:
    pieces: list[tuple[str, int]] = []
    cursor = 0
    # the segmenter needs encodable text; U+FFFD for a lone surrogate keeps every offset
    clean = _SURROGATE.sub("\ufffd", text)
    for piece in segment("en", clean):
        if not piece.strip():
            continue
        at = clean.find(piece, cursor)
        if at < 0:  # the segmenter changed the text: keep the rest whole rather than lose it
            at, piece = cursor, clean[cursor:]
        piece = text[at : at + len(piece)]
        if pieces and _ends_with_abbreviation(pieces[-1][0]):
            start = pieces[-1][1] - offset
            pieces[-1] = (text[start : at + len(piece)], pieces[-1][1])
        else:
            pieces.append((piece, offset + at))
        cursor = at + len(piece)
    return pieces


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` with its offset and paragraph number."""
    sentences: list[Sentence] = []
    start = 0
    bounds = [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    for paragraph, end in enumerate(bounds):
        block = text[start:end]
        pieces = _split_paragraph(block, start)
        for chunk, pos in pieces:
            lead = len(chunk) - len(chunk.lstrip())
            clean = " ".join(chunk.split())
            sentences.append(Sentence(clean, pos + lead, paragraph, len(sentences), len(pieces) == 1))
        start = end
    return sentences


# Where a roundup may start its next item: "a Mosul bombing killed a policeman, a man was shot
# dead in Baghdad; in Kirkuk, ... while in Nasiriyah police fired tear gas ... and a march in Basra".
_CUT = re.compile(r"(?:;|,? while|, whereas|,(?: and)?| and(?= (?:a|an|the|another|in|at|near|\d+|two|three|four|five|six|seven|eight|nine|ten)\b)) (?=\S)", re.I)


def pieces(sentence: Sentence) -> list[Sentence]:
    """The sentence cut at every place a roundup may start its next item (the caller decides
    which cuts hold: see ``extract.document``)."""
    cuts = [m for m in _CUT.finditer(sentence.text) if m.start() > 0]
    bounds, start = [], 0
    for cut in cuts:
        bounds.append((start, cut.start()))
        start = cut.end()
    bounds.append((start, len(sentence.text)))
    return [Sentence(sentence.text[a:b], sentence.start + a, sentence.paragraph, sentence.index)
            for a, b in bounds if sentence.text[a:b].strip()]


def span(sentence: Sentence, first: Sentence, last: Sentence) -> Sentence:
    """The part of ``sentence`` from piece ``first`` to piece ``last``."""
    a, b = first.start - sentence.start, last.end - sentence.start
    return Sentence(sentence.text[a:b], first.start, sentence.paragraph, sentence.index)
