"""The sentence splitter keeps abbreviations and hard-wrapped wire copy together."""

from rasd.extract.sentences import split_sentences


def test_abbreviations_do_not_end_sentences():
    text = "On April 1, a U.S. patrol in Amarah was hit by a bomb. No casualties were reported."
    assert [s.text for s in split_sentences(text)] == [
        "On April 1, a U.S. patrol in Amarah was hit by a bomb.",
        "No casualties were reported.",
    ]


def test_hard_wrapped_lines_join_and_offsets_point_into_the_text():
    text = "AMARA, Iraq (AFP) - Gunmen killed two Iraqi policemen in the\nsouthern city of Amara on Tuesday.\n\nThe source said."
    sentences = split_sentences(text)
    assert len(sentences) == 2
    assert sentences[0].text.endswith("city of Amara on Tuesday.")
    assert text[sentences[1].start :].startswith("The source said.")
    assert sentences[1].paragraph > sentences[0].paragraph


def test_a_sentence_ends_before_markup_or_a_lower_case_start():
    text = ("A roadside bomb exploded near a police patrol in Amarah on Friday, killing two policemen. "
            "<script>alert(3)</script> police said a third man was hurt. The road was closed at 5 p.m. Friday.")
    assert [s.text for s in split_sentences(text)] == [
        "A roadside bomb exploded near a police patrol in Amarah on Friday, killing two policemen.",
        "<script>alert(3)</script> police said a third man was hurt.",
        "The road was closed at 5 p.m. Friday.",
    ]


def test_markup_after_an_incident_does_not_hide_it():
    from datetime import date

    from rasd.extract import extract
    from rasd.model import Article

    text = "A roadside bomb exploded near a police patrol in Amarah on Friday, killing two policemen."
    for suffix in ("", " <script>alert(3)</script>", "\n<p>Related: more</p>", " more to follow"):
        events = extract(Article("m", text + suffix, date(2011, 6, 4)))
        assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [
            ("Remote explosive/landmine/IED", "Amarah", 2)], suffix
