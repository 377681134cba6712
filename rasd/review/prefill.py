"""What the extractor reads in one sentence of a document: the start of a missed event.

A reviewer selects the sentence that reports an incident rasd missed; the form to add it comes
filled with what rasd can read there: first a mention of the whole document whose evidence
overlaps the sentence (read in context, so the dateline's place and the publication day count),
then whatever the sentence alone gives, else only the document's outlet and day.
"""

from __future__ import annotations

from dataclasses import replace

from rasd.extract import extract
from rasd.extract.sentences import Sentence, split_sentences
from rasd.model import Article, EventMention


def sentences(article: Article) -> list[Sentence]:
    return split_sentences(article.text)


def sentence_at(article: Article, start: int) -> Sentence | None:
    """The sentence of the document that starts at ``start``."""
    return next((s for s in sentences(article) if s.start == start), None)


def prefill(article: Article, sentence: Sentence) -> EventMention:
    """A mention of the event ``sentence`` reports, as far as the extractor can read it."""
    end = sentence.start + len(sentence.text)
    overlapping = [m for m in extract(article) if _overlaps(article.text, m, sentence.start, end)]
    alone = overlapping or extract(replace(article, text=sentence.text))
    base = EventMention(doc_id=article.id, event_date=article.published, time_precision=1 if article.published else None,
                        event_type="", sub_event_type="", source=article.outlet, source_url=article.url)
    found = alone[0] if alone else base
    return replace(found, doc_id=article.id, evidence=sentence.text, offset=sentence.start,
                   source=article.outlet, source_url=article.url)


def _overlaps(text: str, mention: EventMention, start: int, end: int) -> bool:
    at = text.find(mention.evidence, max(0, mention.offset - 1)) if mention.evidence else -1
    if at < 0:
        at = mention.offset
    return at < end and start < at + max(len(mention.evidence), 1)
