"""Split a report into paragraphs and sentences, keeping character offsets.

A regex splitter, not a parser: wire copy is short declarative sentences, and the splitter has
to run on every sentence of every document (spaCy's parser would cost ~20 ms a document).
Abbreviations that end in a period ("U.S.", "Lt.", "Nov.") do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by a closing quote) before whitespace and an
# upper-case letter, a digit or an opening quote.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
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
    words = chunk.rstrip(".!?\"'”’)").split()
    word = words[-1].lower().strip("(\"“") if words else ""
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _split_paragraph(text: str, offset: int) -> list[tuple[str, int]]:
    pieces: list[tuple[str, int]] = []
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        chunk = text[start : boundary.start()]
        if _ends_with_abbreviation(chunk):
            continue
        pieces.append((chunk, offset + start))
        start = boundary.end()
    pieces.append((text[start:], offset + start))
    return [(chunk, pos) for chunk, pos in pieces if chunk.strip()]


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


# "... rallied in Kufa on Friday, while in Nasiriyah police fired tear gas ...": two incidents.
_CLAUSE = re.compile(r"(?:;|,? while|, whereas) (?=(?:in|at|near|on|and|police|security|gunmen|a|an|the|two|three)\b)", re.I)


def clauses(sentence: Sentence) -> list[Sentence]:
    """A sentence cut where a contrastive clause may tell another incident (kept whole otherwise)."""
    cuts = [m for m in _CLAUSE.finditer(sentence.text) if m.start() > 20]
    if not cuts:
        return [sentence]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append((sentence.text[start : cut.start()], start))
        start = cut.end()
    pieces.append((sentence.text[start:], start))
    return [Sentence(text.strip(), sentence.start + offset, sentence.paragraph, sentence.index)
            for text, offset in pieces if text.strip()]
