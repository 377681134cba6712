"""Case-insensitive patterns that run fast: matched case-sensitively on lower-cased text.

Python's IGNORECASE disables the regex engine's literal-prefix search and folds case at every
step; lower-casing the pattern and the text once gives the same matches several times faster.
A pattern that asks for case somewhere (``(?-i:May)``, the month, not the verb) keeps
IGNORECASE, and so does text whose lower-casing changes its length (offsets must stay valid).
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def _lower(pattern: str) -> str:
    """The pattern lower-cased, but for its syntax: named groups keep their ``(?P<``."""
    return re.sub(r"\(\?p([<=])", r"(?P\1", pattern.lower())


class Folded:
    """A case-insensitive pattern with ``search`` and ``finditer`` over original-text offsets."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.ignorecase = re.compile(pattern, flags | re.IGNORECASE)
        self.folded = None if "(?-i:" in pattern else re.compile(_lower(pattern), flags)
        self.pattern = pattern

    def _choose(self, text: str) -> tuple[re.Pattern[str], str]:
        if self.folded is not None:
            lowered = text.lower()
            if len(lowered) == len(text):
                return self.folded, lowered
        return self.ignorecase, text

    def search(self, text: str) -> re.Match[str] | None:
        compiled, subject = self._choose(text)
        return compiled.search(subject)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        compiled, subject = self._choose(text)
        return compiled.finditer(subject)
