"""Real small inputs for the unit tests of extraction's stages: the shipped gazetteer, actor
dictionary and lexicon, and a sentence read into a candidate as the document reader reads it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rasd.extract import Extractor
from rasd.extract.context import Context, Knowledge
from rasd.extract.dates import find_dates
from rasd.extract.reader import Candidate, read_sentence
from rasd.extract.sentences import Sentence, split_sentences

PUBLISHED = date(2011, 4, 5)  # a Tuesday: "on Monday" is 4 April


def knowledge() -> Knowledge:
    """What the default extractor knows (gazetteer, actors, lexicon, rule typer, confidence)."""
    return Extractor().knowledge


def context(published: date | None = PUBLISHED) -> Context:
    known = knowledge()
    return Context(published, (), known.gazetteer, known.actors, known.lexicon, known.typer)


def sentence(text: str, index: int = 0, paragraph: int = 0) -> Sentence:
    """``text`` as the ``index``-th sentence of a report, in paragraph ``paragraph``."""
    [whole] = split_sentences(text)
    return replace(whole, index=index, paragraph=paragraph)


def candidate(text: str, index: int = 0, paragraph: int = 0) -> Candidate:
    """The candidate event one sentence reports (the test fails if it reports none)."""
    ctx = context()
    read = sentence(text, index, paragraph)
    found = read_sentence(read, ctx, find_dates(read.text, ctx.published, ctx.lexicon))
    assert found is not None, f"no incident read in {text!r}"
    return found
