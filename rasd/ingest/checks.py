"""What makes a read document unusable, whatever its format: text that is not valid Unicode, or a
publication date outside the window a news report can have. Readers turn each into an
``InputError`` naming the file and line; the web's write endpoint into a 422."""

from __future__ import annotations

from rasd.ingest.published import published_problem
from rasd.model import Article

_TEXT_FIELDS = ("id", "text", "title", "outlet", "url")


def unicode_problem(value: str) -> str | None:
    """Why ``value`` is not valid Unicode text (an unpaired surrogate, as a lone JSON ``\\ud800``
    escape gives), or None."""
    try:
        value.encode("utf-8")
        return None
    except UnicodeEncodeError as exc:
        return f"holds an unpaired surrogate ({value[exc.start]!r}) at character {exc.start}: not valid Unicode"


def document_problem(article: Article) -> str | None:
    """Why ``article`` cannot be stored, or None."""
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        problem = unicode_problem(value) if isinstance(value, str) else None
        if problem is not None:
            return f"'{name}' {problem}; fix the escape in the file"
    return published_problem(article.published)
