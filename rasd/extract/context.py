"""What a sentence is read with: the report's day and governorates, and the extractor's knowledge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import date

from rasd.extract.actors import ActorDictionary
from rasd.extract.lexicon import Lexicon
from rasd.extract.typer import Typer
from rasd.geo import Gazetteer
from rasd.model import Place

if TYPE_CHECKING:  # confidence reads candidates, which read a context
    from rasd.extract.confidence import ConfidenceModel


@dataclass(frozen=True)
class Context:
    """The publication day, the governorates the report names (most often first), the
    gazetteer, actor dictionary, lexicon and typer the extractor was built with, and where
    abroad the report is about, if it names no home place."""

    published: date | None
    admin1_context: tuple[str, ...]
    gazetteer: Gazetteer
    actors: ActorDictionary
    lexicon: Lexicon
    typer: Typer
    abroad: Place | None = None  # the country (or town) abroad a report about no home place is about


@dataclass(frozen=True)
class Knowledge:
    """What an extractor knows: places, actors, words, how it decides an incident's type, and how
    sure it may be of what it read."""

    gazetteer: Gazetteer
    actors: ActorDictionary
    lexicon: Lexicon
    typer: Typer
    confidence: ConfidenceModel
