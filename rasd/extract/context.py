"""What a sentence is read with: the report's day and governorates, and the extractor's knowledge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasd.extract.actors import ActorDictionary
from rasd.extract.lexicon import Lexicon
from rasd.geo import Gazetteer


@dataclass(frozen=True)
class Context:
    """The publication day, the governorates the report names (most often first), and the
    gazetteer, actor dictionary and lexicon the extractor was built with."""

    published: date | None
    admin1_context: tuple[str, ...]
    gazetteer: Gazetteer
    actors: ActorDictionary
    lexicon: Lexicon
