"""Extraction never fails on odd text, and its output always honours the contract."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.extract import extract
from rasd.model import Article

WORDS = st.sampled_from(
    "a bomb exploded killing two people in Amarah on Monday police said , . gunmen attacked "
    "checkpoint Basra province yesterday protesters stormed the council 12 dozens wounded no casualties "
    "al-Amara Missan north of The attack 1/2/11 “ ” rockets defused arrested Hit was hit".split()
)
TEXT = st.lists(WORDS, max_size=80).map(" ".join) | st.text(max_size=400)
TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
         "Strategic developments"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, published=st.one_of(st.none(), st.dates(date(2003, 1, 1), date(2030, 12, 31))))
def test_any_text_yields_contract_shaped_events(text, published):
    for event in extract(Article("p", text, published)):
        assert event.event_type in TYPES
        assert event.time_precision in (1, 2, 3)
        assert event.event_date is not None
        assert published is None or event.event_date <= published
        assert event.fatalities is None or event.fatalities >= 0
        assert event.evidence and event.evidence in " ".join(text.split())
