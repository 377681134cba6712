"""Extraction: ``Article`` → ``EventMention``s.

    >>> from datetime import date
    >>> from rasd.model import Article
    >>> from rasd.extract import extract
    >>> text = "MISSAN / A roadside bomb went off near a U.S. patrol north of Amara on Friday, causing no casualties."
    >>> [(m.sub_event_type, m.location, m.fatalities) for m in extract(Article("a", text, date(2009, 2, 27)))]
    [('Remote explosive/landmine/IED', 'Amarah', 0)]

Stages, one module each: ``sentences`` (split), ``lexicon`` (triggers and cues from data
files), ``dates``, ``casualties``, ``actors`` + ``roles``, ``places`` (gazetteer), ``reader``
(one sentence → candidate), ``document`` (merge a document's candidates into mentions).
"""

from __future__ import annotations

from functools import cache

from rasd.extract.actors import ActorDictionary
from rasd.extract.confidence import ConfidenceModel
from rasd.extract.context import Knowledge
from rasd.extract.document import extract_article
from rasd.extract.lexicon import Lexicon
from rasd.errors import ConfigError
from rasd.extract.typer import RuleTyper, Typer
from rasd.geo import Gazetteer
from rasd.model import Article, EventMention

__all__ = ["extract", "Extractor"]


class Extractor:
    """An extractor bound to a gazetteer, an actor dictionary, a lexicon and a typer (the
    defaults ship with rasd; the default typer is the rules over the lexicon). ``typer`` is a
    ``Typer`` or a name: "rules", or "learned" (``rasd.extract.learned``)."""

    def __init__(self, gazetteer: Gazetteer | None = None, actors: ActorDictionary | None = None,
                 lexicon: Lexicon | None = None, typer: Typer | str | None = None,
                 confidence: ConfidenceModel | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self.actors = actors or ActorDictionary.default()
        self.lexicon = lexicon or Lexicon.default()
        self.typer = typer_named(typer or "rules", self.lexicon) if typer is None or isinstance(typer, str) else typer
        self.knowledge = Knowledge(self.gazetteer, self.actors, self.lexicon, self.typer,
                                   confidence or ConfidenceModel.default())

    def extract(self, article: Article) -> list[EventMention]:
        return extract_article(article, self.knowledge)


def typer_named(name: str, lexicon: Lexicon) -> Typer:
    """The typer a setting names: "rules" or "learned"."""
    if name == "rules":
        return RuleTyper(lexicon)
    if name == "learned":
        from rasd.extract.learned import LinearTyper  # its model is loaded only when asked for

        return LinearTyper.default(lexicon)
    raise ConfigError(f"unknown typer {name!r}; use 'rules' or 'learned'")


@cache
def _default() -> Extractor:
    from rasd.settings import load_settings

    # the ceiling on counts and the typer are settings (rasd.toml, RASD_MAX_COUNT, RASD_TYPER), read once per process
    settings = load_settings()
    return Extractor(lexicon=Lexicon.default(settings.max_count), typer=settings.typer)


def extract(article: Article) -> list[EventMention]:
    """Every incident ``article`` reports, each once, as contract-shaped mentions."""
    return _default().extract(article)

