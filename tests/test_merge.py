"""rasd.extract.merge: which candidates of one report tell the same incident, and what merging keeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from reading import candidate, sentence

from rasd.extract.lexicon import Lexicon
from rasd.extract.merge import absorb, continues, dates_agree, elaborates, merge, referent

LEXICON = Lexicon.default()
BOMB = "A roadside bomb exploded near a police patrol in Amarah on Monday, killing two policemen."


def test_a_sentence_that_refers_back_elaborates_the_incident_just_told() -> None:
    first = candidate(BOMB)
    more = candidate("The blast also wounded three civilians in the Hay al-Askari neighbourhood of Amarah, "
                     "police said.", index=1)
    assert more.anaphoric and elaborates(first, more)


def test_a_separate_incident_never_elaborates() -> None:
    first = candidate(BOMB)
    other = candidate("In a separate incident, gunmen shot dead a shopkeeper in Basra on Sunday.", index=1)
    assert other.separate and not elaborates(first, other)
    assert not dates_agree(first, other)  # Monday and Sunday, both told to the day


def test_dates_agree_within_the_vagueness_of_the_vaguer_report() -> None:
    monday = candidate(BOMB)
    tuesday = replace(monday, day=date(2011, 4, 5))
    assert dates_agree(monday, monday) and not dates_agree(monday, tuesday)
    assert dates_agree(monday, replace(tuesday, time_precision=2))  # "early this week" may be Monday
    undated = replace(tuesday, day=None, time_precision=None, date_explicit=False)
    assert dates_agree(monday, undated)  # undated: no conflict
    assert not dates_agree(monday, replace(undated, date_explicit=True))  # "in 2007": history, not Monday's


def test_absorb_keeps_the_first_evidence_and_takes_a_finer_place_and_a_missing_toll() -> None:
    province = candidate("A roadside bomb exploded near a police patrol in Maysan province on Monday.")
    town = candidate(BOMB, index=1)
    assert province.located.place.kind == "governorate" and province.counts.fatalities is None
    merged = absorb(province, town, LEXICON)
    assert merged.sentence == province.sentence
    assert (merged.located.place.name, merged.counts.fatalities) == ("Amarah", 2)
    assert absorb(town, province, LEXICON).located.place.name == "Amarah"  # a province never coarsens a town


def test_a_toll_only_sentence_continues_an_incident_without_one() -> None:
    bomb = candidate("A roadside bomb exploded near a U.S. patrol north of Amarah on Friday.")
    assert bomb.counts.fatalities is None
    assert continues(bomb, sentence("There were no casualties.", index=1), LEXICON)
    assert not continues(bomb, sentence("Attacks rose from 93 in February to 128 in March.", index=1), LEXICON)
    assert not continues(bomb, sentence("There were no casualties.", index=3, paragraph=4), LEXICON)  # too far on


def test_referent_finds_the_earlier_incident_a_sentence_points_back_to() -> None:
    bomb = candidate(BOMB)
    shooting = candidate("In a separate incident, gunmen shot dead a shopkeeper in Basra on Sunday.", index=1)
    back = candidate("The bombing on Monday also damaged two shops.", index=2, paragraph=2)
    assert back.anaphoric
    assert referent([bomb, shooting], back, LEXICON) == 0
    assert referent([shooting], back, LEXICON) is None  # no bombing was told before


def test_merge_folds_a_citation_into_its_incident_and_drops_unmatched_citations() -> None:
    story = candidate(BOMB)
    cited = replace(candidate("Roadside bomb kills two policemen in Amarah on Monday", index=5, paragraph=3),
                    citation=True)
    elsewhere = replace(candidate("Gunmen shot dead a shopkeeper in Basra on Sunday", index=6, paragraph=3),
                        citation=True)
    shooting = candidate("In a separate incident, gunmen shot dead a barber in Kirkuk on Sunday.", index=1)
    merged = merge([story, shooting, cited, elsewhere], LEXICON)
    assert [c.sentence.text for c in merged] == [story.sentence.text, shooting.sentence.text]


def test_a_day_named_as_the_owner_of_the_blast_refers_back_with_either_apostrophe() -> None:
    for apostrophe in ("'", "’"):
        back = candidate(f"Monday{apostrophe}s explosion tore through a vegetable market in Amarah, police said.", index=1)
        assert back.anaphoric, apostrophe
        assert elaborates(candidate(BOMB), back)


def test_a_quote_retelling_a_soldier_shot_at_a_checkpoint_is_the_same_incident() -> None:
    lead = candidate("A soldier was killed on Monday by gunmen at a checkpoint in southern Amarah, a security source said.")
    quote = candidate("\u201cA gunman shot the soldier at an army checkpoint in the Hay al-Askari neighbourhood of "
                      "southern Amarah,\u201d the source said.", index=1)
    assert (lead.sub_event_type, quote.sub_event_type) == ("Armed clash", "Attack")
    assert elaborates(lead, quote)
    civilian = candidate("Gunmen shot dead a shopkeeper in the Hay al-Askari neighbourhood of Amarah.", index=1)
    assert not elaborates(lead, civilian)  # another victim at another place: another incident


def test_the_second_attack_of_a_series_details_the_lead_not_the_incident_told_last() -> None:
    lead = candidate("Three bombs exploded in Amarah on Monday, killing nine people.")
    other = candidate("In another attack, a roadside bomb killed a policeman in Amarah.", index=1)
    second = candidate("In the second attack, a car bomb went off near the main market.", index=2)
    assert LEXICON.cue("series_item", second.sentence.text) and second.anaphoric
    assert referent([lead, other], second, LEXICON, first=True) == 0
    assert referent([lead, other], second, LEXICON) == 1


def test_a_sentence_that_speculates_lends_no_day_to_the_incident() -> None:
    bomb = candidate("A car bomb exploded in Amarah, killing nine people.")  # dated by the story
    guess = candidate("The bombing may be revenge for an air strike last week, officials said.", index=1)
    assert guess.date_explicit and not bomb.date_explicit
    assert absorb(bomb, guess, LEXICON).day == bomb.day
    told = candidate("The bombing took place on Monday, officials said.", index=1)
    assert absorb(bomb, told, LEXICON).day == told.day


def test_a_demonstration_told_at_the_town_and_at_its_airport_is_one() -> None:
    town = candidate("Hundreds of protesters rallied in the city of Basra on Monday over power cuts.")
    airport = candidate("Protesters also gathered at Basra International Airport on Monday, witnesses said.",
                        index=3, paragraph=3)
    assert (town.event_type, airport.event_type) == ("Protests", "Protests")
    [one] = merge([town, airport], LEXICON)
    assert one.located.place.name == "Basra International Airport"
    field = candidate("Protesters also gathered at the West Qurna oil field on Monday.", index=3, paragraph=3)
    assert len(merge([town, field], LEXICON)) == 2  # an oil field 50 km out is another place


def test_a_bomb_with_its_own_toll_after_a_clash_is_another_incident() -> None:
    clash = candidate("Gunmen attacked an army checkpoint in Amarah on Monday, killing two soldiers.")
    bomb = candidate("A roadside bomb then exploded near a police vehicle, wounding three policemen.", index=1)
    assert not elaborates(clash, bomb)
    # told without a toll of its own, it may still be the same incident's detail
    assert elaborates(clash, candidate("A roadside bomb then exploded near the checkpoint.", index=1))


def test_an_attack_on_an_officer_that_became_a_firefight_is_a_clash_with_both_sides_dead() -> None:
    lead = candidate("Gunmen shot dead a police officer outside a bank in Amarah on Monday.")
    fight = candidate("At the end of the firefight, one of the gunmen was killed.", index=3, paragraph=3)
    assert (lead.sub_event_type, fight.sub_event_type) == ("Attack", "Armed clash")
    assert referent([lead], fight, LEXICON) == 0
    merged = absorb(lead, fight, LEXICON)
    assert (merged.sub_event_type, merged.counts.fatalities) == ("Armed clash", 2)
    # a clash word with no attacker dead does not retype the killing ("the confrontation")
    said = candidate("Police said the killing followed a confrontation with the guards.", index=1)
    assert absorb(lead, said, LEXICON).sub_event_type == "Attack"
