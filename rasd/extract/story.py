"""The day a report's story is at, carried from sentence to sentence.

"Car bombs killed 23 across Iraq on Wednesday. In Kirkuk, a car bomb killed eight." The second
sentence names no day: it is most likely Wednesday's (at time precision 2, as the text does not
say so), and "the previous day" in a later sentence is Tuesday. A sentence that tells of an
incident moves the story to that incident's day; one that names a day without an incident
moves it there too unless it looks ahead; a statement's day ("police said on Thursday") moves
it only when the sentence names no other. Background a month or more before the report holds
only within its own paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasd.extract.dates import DateMention

_RECENT_DAYS = 31  # a story day older than this before publication is background


@dataclass(frozen=True)
class StoryDay:
    """The day a report's story is at, carried from sentence to sentence: a sentence that names no
    day of its own ("In Kirkuk, a car bomb killed eight") is most likely of this day."""

    day: date
    precision: int
    paragraph: int

    def reference(self, paragraph: int, published: date | None) -> tuple[date, int] | None:
        """This day for a sentence of ``paragraph``; background (a month or more before the report)
        holds only within its own paragraph."""
        if paragraph == self.paragraph or _recent(self.day, published):
            return self.day, self.precision
        return None


def _recent(day: date, published: date | None) -> bool:
    return published is None or 0 <= (published - day).days <= _RECENT_DAYS


def advance(story: StoryDay | None, dates: list[DateMention], paragraph: int, published: date | None,
            incident: tuple[date, int] | None = None, narrative: bool = True) -> StoryDay | None:
    """The story's day after a sentence with ``dates``: the day of the incident it told, else the
    last day it names if it tells of events (``narrative``: not "the festival peaks late Tuesday"),
    else the day of a recent statement it reports, else unchanged."""
    if incident is not None:
        return StoryDay(incident[0], incident[1], paragraph)
    own = [d for d in dates if d.day and d.precision in (1, 2) and not (d.reporting or d.after_only or d.since)]
    said = [d for d in dates if d.day and d.precision == 1 and d.reporting and _recent(d.day, published)]
    pick = own[-1] if own and narrative else (said[-1] if said else None)
    if pick is None:
        return story
    return StoryDay(pick.day, pick.precision or 2, paragraph)  # type: ignore[arg-type]
