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
