"""Fatalities and injuries by ACLED's rules, from real wire phrasing."""

import pytest

from rasd.extract.casualties import Counts
from rasd.extract.lexicon import Lexicon

read_counts = Lexicon.default().casualties.read


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A suicide bomber rammed his vehicle into a police building, killing five people, officials said.", Counts(5, None)),
        ("Three policemen and two civilians were killed and 23 people were injured in the attack.", Counts(5, 23)),
        ("No casualties were reported, but the device went off next to the police department.", Counts(0, 0)),
        ("another U.S. patrol in Amarah was attacked by an IED, but again no one was hurt.", Counts(0, 0)),
        ("a militant died of his burns after a Katusha rocket prematurely detonated.", Counts(1, None)),
        ("a roadside bomb went off, leaving two policemen and three civilian killed and 17 people wounded.", Counts(5, 17)),
        ("The casualties from the car bomb rose to 12 dead and 60 wounded, a source said.", Counts(12, 60)),
        ("Twelve security forces members were either killed or wounded on Friday.", Counts(None, None)),
        ("Officials say three car bombs have killed 16 people and wounded dozens.", Counts(16, None)),
        ("Gunmen killed two Iraqi policemen in the southern city of Amara on Tuesday.", Counts(2, None)),
        ("A roadside bomb killed six Iraqis and wounded a dozen others.", Counts(6, 12)),
        ("Kirkuk lies 250 kilometres north of Baghdad.", Counts(None, None)),
    ],
)
def test_counts(text, expected):
    assert read_counts(text) == expected


def test_pronoun_and_kin_victims_count_one():
    text = "A sticky bomb exploded in central Baquba on Wednesday, killing him and wounding his son, police said."
    assert read_counts(text) == Counts(1, 1)
