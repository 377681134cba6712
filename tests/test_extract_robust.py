"""Any text yields its events or none: extraction never raises, whatever the report holds.

Real report texts (the test gold sets and the samples) are spliced and mutated by hypothesis:
places abroad, markup, odd unicode (bidi marks, zero-width joiners, lone surrogates, combining
accents), runaway sentences, huge numbers and dates, truncation at any character.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.extract import extract
from rasd.model import Article

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for name in ("gold", "gold2")
             for line in (ROOT / "tests" / "data" / name / "docs.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    return texts


TEXTS = _texts()
INSERTS = [
    " in the Syrian town of Qamishli, ", " Aleppo ", " near Damascus, Syria, ", " in Tehran and Ankara ",
    " <script>alert(3)</script> ", "<p>", "</div>\n", " &amp; ", "\u200f", "\u200d", "\ufeff", "\u202e",
    "\ud800", "e\u0301", "ﷺ", " 99999999999999999999999 people were killed ", " on 9999-12-31 ",
    " on February 30, 2011 ", " 0001-01-01 ", "\n\n", "...", " al-al-al- ", " (((( ", " km north of ",
    " killed killed killed ", " Baghdad's Baghdad's ", "\t", "\r\n", " — ", " MISSAN / ", "»",
]


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(TEXTS))
    if draw(st.booleans()):  # splice with another report
        other = draw(st.sampled_from(TEXTS))
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + other[draw(st.integers(0, len(other))):]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        insert = draw(st.one_of(st.sampled_from(INSERTS), st.text(max_size=12)))
        text = text[:at] + insert + text[at:]
    if draw(st.integers(0, 9)) == 0:  # a runaway sentence with no full stop
        text = text.replace(".", ",") * draw(st.integers(2, 6))
    return text[: draw(st.integers(0, len(text)))] if draw(st.integers(0, 4)) == 0 else text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated(), published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31))))
def test_extraction_never_raises(text: str, published: date | None) -> None:
    for event in extract(Article("mutated", text, published)):
        assert event.event_type and event.sub_event_type


def test_a_report_about_places_abroad_yields_events_or_none() -> None:
    text = ("DAMASCUS, Syria (AP) - Syrian government warplanes bombed rebel positions in Aleppo and Idlib "
            "on Monday, killing 12 people, activists said. In Damascus, a car bomb exploded near a checkpoint. "
            "Turkish troops shelled Kurdish fighters near Qamishli, while in Iraq's Anbar province police "
            "defused two bombs in Ramadi.")
    events = extract(Article("abroad", text, date(2016, 3, 8)))
    assert any(e.admin1_code == "IQ-AN" for e in events)
