"""The second toll probe set (tests/data/tolls2): fatalities and injuries of matched events.

Short reports in the styles real outlets publish, each probing a way tolls are told on unseen
text (see its README): victims named by title and name, families, "the dead numbered", wounded
who later die, typos, two incidents in one sentence. Like the other gold tests it holds the
counts near what rasd reaches, not each report.
"""

from pathlib import Path

from gold_files import assert_documents_and_gold_pair_up, assert_probe_floors

SET = Path(__file__).parent / "data" / "tolls2"
#: what rasd reached when the set was written (112 matched of 116, 111 and 110 agreeing), less a little
FLOORS = {"matched": 111, "fatalities": 109, "injuries": 108}


def test_documents_and_gold_pair_up_with_evidence_in_the_text():
    assert_documents_and_gold_pair_up(SET)


def test_tolls_of_the_probe_reports():
    assert_probe_floors(SET, FLOORS)
