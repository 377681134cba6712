"""Invariants every extracted event keeps, whatever the text: property tests over real reports
spliced, truncated and salted with random dates and numbers.

- no event is dated after the day its report was published;
- every count (fatalities, injuries) is a non-negative figure within the ``max_count`` ceiling;
- every event's evidence is a span of the report's text (whitespace-normalised).

The texts are the development reports (``../shared/examples`` and its ``real2``, when present)
and the project's own gold sets (always present). Each property runs a bounded number of
examples: a few seconds each on a 2-core machine.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.extract import Extractor
from rasd.extract.lexicon import Lexicon
from rasd.model import Article
from rasd.settings import Settings

TESTS = Path(__file__).resolve().parent
SHARED = TESTS.parents[1] / "shared" / "examples"
CORPORA = [TESTS / "data" / "gold", TESTS / "data" / "gold2", SHARED, SHARED / "real2"]
LOW_CEILING = 40  # low enough that real tolls and their sums ("three policemen and 40 civilians") cross it


def _texts() -> list[str]:
    texts = []
    for folder in CORPORA:
        if (folder / "docs.jsonl").exists():
            with (folder / "docs.jsonl").open(encoding="utf-8") as handle:
                texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return texts


CORPUS = _texts()

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December", "Jan.", "Feb.", "Sept.", "Dec"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
RELATIVE = ["yesterday", "overnight", "last night", "today", "the previous day", "the day before",
            "a day earlier", "the next day", "a day later", "earlier in the day", "hours later",
            "a day after", "came a day after", "last week", "this week", "last month", "earlier this month",
            "two weeks ago", "several days ago", "in recent years", "last year", "in 2007"]
small = st.integers(0, 40)
DATES = st.one_of(
    st.builds("on {} {}".format, st.sampled_from(MONTHS), small),
    st.builds("{} {} {}".format, small, st.sampled_from(MONTHS), st.integers(1900, 2099)),
    st.builds("{}/{}/{}".format, st.integers(0, 13), small, st.integers(0, 2099)),
    st.builds("{}-{:02d}-{:02d}".format, st.integers(1990, 2040), st.integers(0, 13), small),
    st.builds("{} {}".format, st.sampled_from(["late", "early", "mid", "end of", "in", "last"]), st.sampled_from(MONTHS)),
    st.builds("{} {} and early {}".format, st.sampled_from(["late", "overnight"]),
              st.sampled_from(WEEKDAYS), st.sampled_from(WEEKDAYS)),
    st.builds("{} {}".format, st.sampled_from(["on", "last", "late on", "early"]), st.sampled_from(WEEKDAYS)),
    st.builds("{} days {}".format, st.sampled_from(["two", "3", "999", "a few", "twelve"]),
              st.sampled_from(["ago", "earlier", "later", "after", "before"])),
    st.sampled_from(RELATIVE),
)
NUMBERS = st.one_of(st.integers(-5, 200), st.integers(0, 10**25), st.sampled_from([99_999, 100_000, 100_001, 2**63]))
FIGURES = st.one_of(
    st.builds("{:,}".format, NUMBERS),
    st.builds(str, NUMBERS),
    st.sampled_from(["dozens", "scores", "hundreds", "a dozen", "several", "no one"]),
)
CLAIMS = st.one_of(
    st.builds("Gunmen killed {} people in Mosul {}, police said.".format, FIGURES, DATES),
    st.builds("{} policemen and {} civilians were killed and {} wounded {}.".format, FIGURES, FIGURES, FIGURES, DATES),
    st.builds("HILA {} DEAD.".format, FIGURES),
    st.builds("One of the attackers was killed {}; the toll rose to {}.".format, DATES, FIGURES),
)
INSERTS = st.one_of(DATES, FIGURES, CLAIMS)
PUBLISHED = st.one_of(
    st.none(),
    st.dates(date(2003, 1, 1), date(2030, 12, 31)),
    st.sampled_from([date(2011, 6, 2), date(2012, 1, 1), date(2012, 2, 29), date(2019, 12, 31), date(2020, 3, 1)]),
)


@st.composite
def mutated_reports(draw) -> Article:
    """One to three real reports, each cut to a random slice, spliced, with random dates,
    figures and casualty claims inserted at random places."""
    parts = []
    for text in draw(st.lists(st.sampled_from(CORPUS), min_size=1, max_size=3)):
        start = draw(st.integers(0, len(text)))
        parts.append(text[start : draw(st.integers(start, min(len(text), start + 2500)))])
    text = draw(st.sampled_from(["\n\n", " ", ""])).join(parts)
    for insert in draw(st.lists(INSERTS, max_size=6)):
        at = draw(st.integers(0, len(text)))
        text = f"{text[:at]} {insert} {text[at:]}"
    return Article("mutated", text, draw(PUBLISHED))


@cache
def _low_ceiling_extractor() -> Extractor:
    return Extractor(lexicon=Lexicon.default(max_count=LOW_CEILING))


@cache
def _extractor() -> Extractor:
    return Extractor()


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(article=mutated_reports())
def test_no_event_is_dated_after_its_report(article):
    for event in _extractor().extract(article):
        assert article.published is None or event.event_date <= article.published, (event.event_date, event.evidence)


@PROPERTY
@given(article=mutated_reports())
def test_counts_are_figures_within_the_ceiling(article):
    for extractor, ceiling in ((_extractor(), Settings().max_count), (_low_ceiling_extractor(), LOW_CEILING)):
        for event in extractor.extract(article):
            for count in (event.fatalities, event.injuries):
                assert count is None or (isinstance(count, int) and 0 <= count <= ceiling), (count, event.evidence)


@PROPERTY
@given(article=mutated_reports())
def test_evidence_is_a_span_of_the_text(article):
    text = " ".join(article.text.split())
    for event in _extractor().extract(article):
        assert event.evidence and " ".join(event.evidence.split()) in text, event.evidence


def test_the_development_reports_keep_every_invariant_unmutated():
    ceiling = Settings().max_count
    for folder in CORPORA:
        if not (folder / "docs.jsonl").exists():
            continue
        with (folder / "docs.jsonl").open(encoding="utf-8") as handle:
            for row in map(json.loads, filter(str.strip, handle)):
                published = date.fromisoformat(row["published"]) if row.get("published") else None
                text = " ".join(row["text"].split())
                for event in _extractor().extract(Article(row["id"], row["text"], published)):
                    assert published is None or event.event_date <= published, (row["id"], event.evidence)
                    assert all(c is None or 0 <= c <= ceiling for c in (event.fatalities, event.injuries))
                    assert " ".join(event.evidence.split()) in text, (row["id"], event.evidence)
