"""Fatalities and injuries by ACLED's rules, from real wire phrasing."""

import json
from importlib import resources

import pytest

from rasd.extract.casualties import CasualtyReader, Counts
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
        ("Three shop owners were gunned down in the market, police said.", Counts(3, None)),
        ("A local judge was murdered on his way to court.", Counts(1, None)),
        # the dead with their verb left out, before the wounded
        ("At least nine people and 31 wounded when a truck bomb struck the market.", Counts(9, 31)),
        ("Four soldiers and two civilians wounded by a roadside bomb.", Counts(0, 6)),
        ("A roadside bomb killed six Iraqis and wounded a dozen others.", Counts(6, 12)),
        ("Kirkuk lies 250 kilometres north of Baghdad.", Counts(None, None)),
        # attackers are the dead when the verb is passive, not when they are its subject
        ("At least 30 gunmen were killed when troops stormed the farm on Tuesday.", Counts(30, None)),
        ("Four gunmen killed two shopkeepers in the market.", Counts(2, None)),
        ("Guards opened fire and two suicide bombers were killed before they reached the gate.", Counts(2, None)),
    ],
)
def test_counts(text, expected):
    assert read_counts(text) == expected


def test_pronoun_and_kin_victims_count_one():
    text = "A sticky bomb exploded in central Baquba on Wednesday, killing him and wounding his son, police said."
    assert read_counts(text) == Counts(1, 1)
    # the verb of the second clause left out: "his driver (was) killed"
    assert read_counts("A judge was hurt and his driver killed when a bomb hit their car.").fatalities == 1
    assert read_counts("A judge survived, but his bodyguards were killed.").fatalities is None  # how many?


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count followed by a comma or a full stop
        ("A car bomb went off near the market, killing nine, a police source said.", Counts(9, None)),
        ("The blast tore through the bus station, killing 14, including three children, and wounding 40.", Counts(14, 40)),
        # victims listed: every item counts, a person named without a number counts one
        ("By the evening four soldiers, seven civilians and the district mayor were dead.", Counts(12, None)),
        ("A tribal elder and his son were killed when their car was ambushed near Tarmiyah.", Counts(2, None)),
        ("Gunmen stormed the farm and shot dead a shepherd and three of his brothers.", Counts(4, None)),
        ("The mortar round killed two police officers and a traffic warden, the source added.", Counts(3, None)),
        ("the fighting resulted in the killing of four policemen and a cousin of the sheikh, officials said.", Counts(5, None)),
        # a parenthesis between the victims and the verb
        ("Seven people, among them two women, were killed and 11 wounded in the explosion.", Counts(7, 11)),
        ("Three farmers, all of them brothers, were injured when the shell landed in their orchard.", Counts(0, 3)),
        ("Five pilgrims aged between 20 and 40 were shot dead at a fake checkpoint.", Counts(5, None)),
        # the victims' phrase may be long, possessive or abbreviated
        ("two members of the Queen's Royal Lancers were killed in the ambush.", Counts(2, None)),
        ("Three U.S. Marines were killed in the clash, the military said.", Counts(3, None)),
        ("killing all six passengers of the minibus", Counts(6, None)),
        ("the drone strike killed the four fighters inside the house.", Counts(4, None)),
        # who was killed is not who killed: the agent's number is no toll
        ("The two attackers killed three guards before fleeing.", Counts(3, None)),
        ("Weeks after two truck bombings left 60 dead in the city, a new attack hit the market.", Counts(60, None)),
        # numbers in words, ranges (the lowest counts), and later clauses that add victims
        ("Twenty-three people were killed and one hundred and five wounded.", Counts(23, 105)),
        ("Residents said 30 to 35 civilians were killed in the raid.", Counts(30, None)),
        ("Eight policemen were killed, as well as two of the gunmen.", Counts(10, None)),
        ("A suicide bomber killed four soldiers, officials said, adding that two of the attackers were also killed.", Counts(6, None)),
        # single victims
        ("A teacher was shot to death outside his school.", Counts(1, None)),
        ("A border guard lost his life and a farmer was injured in the shelling.", Counts(1, 1)),
        ("Two soldiers were killed and another wounded when their vehicle struck a mine.", Counts(2, 1)),
        # the dead of the first clause are not counted again among the wounded of the second
        ("Four pilgrims died and six were hurt when the shell hit their bus.", Counts(4, 6)),
        # two unrelated phrases are no list of victims
        ("Eleven people were killed, in a first count, and 20 were wounded.", Counts(11, 20)),
        ("At least nine people were killed, including a child and a policeman, and nearly 50 were wounded.", Counts(9, 50)),
        ("killing two policemen, the source said.", Counts(2, None)),
        ("The guard, 45, a father of four who was injured in the leg, spoke from hospital.", Counts(None, None)),
        # killed and wounded together: neither figure is known
        ("about 15 people have been killed and injured in the strikes.", Counts(None, None)),
        ("a truck bomb that left dozens of villagers killed and wounded", Counts(None, None)),
        ("the killing and wounding of scores of protesters", Counts(None, None)),
    ],
)
def test_victim_phrases(text, expected):
    assert read_counts(text) == expected


def test_a_revised_toll_replaces_the_first_figure():
    assert read_counts("Four people were killed at first and the death toll later rose to nine.") == Counts(9, None, True)
    assert read_counts("One of the wounded died overnight, raising the toll to six.") == Counts(6, None, True)
    assert read_counts("Health officials lowered the death toll from 30 to 22.") == Counts(22, None, True)
    assert not read_counts("Nine people were killed and 20 wounded.").revised


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A million people were killed in the war, the memorial says.", Counts(None, None)),
        ("Two million people were killed in the famine.", Counts(None, None)),
        ("The shelling killed 250,000 and 90,000 people, a rights group says.", Counts(None, None)),
        ("Three thousand five hundred people were killed in the uprising.", Counts(3500, None)),
        ("Officials said 2,400 people were killed in the floods.", Counts(2400, None)),
    ],
)
def test_no_count_above_the_ceiling(text, expected):
    assert read_counts(text) == expected


def _reader(max_count: int) -> CasualtyReader:
    lexicon = resources.files("rasd") / "data" / "lexicon"
    phrases = json.loads((lexicon / "casualties.json").read_text(encoding="utf-8"))
    numbers = json.loads((lexicon / "numbers.json").read_text(encoding="utf-8"))
    return CasualtyReader(phrases, numbers, max_count)


def test_the_ceiling_bounds_digits_words_and_sums_alike():
    reader = _reader(max_count=50)
    assert reader.read("Forty people were killed.") == Counts(40, None)
    assert reader.read("Sixty people were killed.") == Counts(None, None)
    assert reader.read("A car bomb killed 70 people.") == Counts(None, None)
    assert reader.read("Thirty soldiers and 25 civilians were killed.") == Counts(None, None)
    assert reader.read("Thirty soldiers and 15 civilians were killed.") == Counts(45, None)


def test_the_default_extractor_takes_its_ceiling_from_the_settings(tmp_path):
    import os
    import subprocess
    import sys

    script = ("from datetime import date\nfrom rasd.model import Article\nfrom rasd.extract import extract\n"
              "text = 'A car bomb exploded in a market in Hilla on Monday, killing 600 people, police said.'\n"
              "print([m.fatalities for m in extract(Article('a', text, date(2007, 3, 5)))])\n")
    runs = {}
    for ceiling in ("1000", "500"):
        env = {**os.environ, "RASD_MAX_COUNT": ceiling, "RASD_CONFIG": str(tmp_path / "none.toml")}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        runs[ceiling] = done.stdout.strip()
    assert runs == {"1000": "[600]", "500": "[None]"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A mortar round claimed the life of one shepherd near the village.", Counts(1, None)),
        ("He was a police colonel who lost his life while mediating between the clans.", Counts(1, None)),
        ("No injuries have been reported after the rocket hit the base.", Counts(0, 0)),
        ("The mortar round fell on a football pitch, causing no damage or injuries.", Counts(0, 0)),
    ],
)
def test_single_lives_and_no_casualties(text, expected):
    assert read_counts(text) == expected


def test_one_wounded_named_by_a_long_title_is_one_injury():
    assert read_counts("A health ministry official was wounded when a bomb went off under his car.") == Counts(0, 1)


def test_a_parenthesis_between_spaced_hyphens_is_read_past():
    assert read_counts("Gunmen killed five people - among them two teachers - in the village.") == Counts(5, None)
    assert read_counts("On Monday, six shepherds - two of them boys - were shot dead near the lake.") == Counts(6, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed the mayor, his wife and their daughter near the farm.", Counts(3, None)),
        ("The attackers killed a shepherd and his two sons before fleeing.", Counts(3, None)),
        ("A sniper killed the judge and his bodyguard outside the court.", Counts(2, None)),
        ("Militants executed the village headman and two of his nephews on Friday.", Counts(3, None)),
        # the same list before its verb
        ("The colonel, his wife and two of their daughters were killed in the blast.", Counts(4, None)),
        ("A shepherd and his young son were killed when the mine exploded.", Counts(2, None)),
    ],
)
def test_a_victim_and_the_kin_listed_after_him_are_each_counted(text, expected):
    assert read_counts(text) == expected


@pytest.mark.parametrize(
    ("text", "fatalities"),
    [
        # a vague word says someone died but gives no figure: the annotation rules report none
        ("Several shepherds were shot dead by gunmen near the lake on Tuesday.", None),
        ("Mortar rounds slammed into the camp, killing a few of the residents.", None),
        ("Many villagers died when the militants set fire to their houses.", None),
        # stated victims beside vague ones: the stated figure
        ("Three soldiers and several insurgents were killed in the fighting, the army said.", 3),
        # "dozens" and "hundreds" keep ACLED's figures
        ("The barrage killed dozens of people in the old quarter, witnesses said.", 12),
    ],
)
def test_vague_words_give_no_stated_toll(text, fatalities):
    counts = read_counts(text)
    assert counts.stated == fatalities
    assert counts.fatalities  # but someone died: the rules that need a toll still see one


def test_the_other_side_killed_in_a_later_clause_adds_to_the_toll():
    text = "Two border guards died in the firefight and all four militants were killed, the ministry said."
    assert read_counts(text).fatalities == 6
    assert read_counts("Three gunmen were killed and a policeman was wounded in the raid.") == Counts(3, 1)


def test_a_victim_named_by_several_words_and_his_kin_are_each_counted():
    assert read_counts("Gunmen shot dead a retired army officer and his two sons outside their house.").fatalities == 3


@pytest.mark.parametrize(
    "text",
    ["Another soldier died of his wounds in hospital on Friday.",
     "Two more bodies were pulled from the rubble overnight, rescuers said.",
     "A further three pilgrims have died of their wounds, a doctor said."],
)
def test_more_dead_of_a_told_incident_are_marked(text):
    assert read_counts(text).more
    assert not read_counts("Three soldiers died when their vehicle overturned.").more


def test_all_the_attackers_are_as_many_as_counted_before():
    reader = Lexicon.default().casualties
    before = "Police said four militants in a pickup truck opened fire on the checkpoint."
    assert reader.all_attackers("All of the attackers were shot dead by the guards.", before) == 4
    assert reader.all_attackers("All of the attackers fled.", before) is None
    assert reader.all_attackers("All of the attackers were shot dead.", "The checkpoint came under fire.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the attacker among his own victims
        ("A suicide bomber detonated his vest at a checkpoint, killing himself and three soldiers.", Counts(4, None)),
        ("The explosion killed two soldiers and himself.", Counts(3, None)),
        # Arabic-to-English wire phrasing
        ("The device went off near a cafe, resulting in the martyrdom of 3 citizens and injuring 5 others.", Counts(3, 5)),
        ("Two citizens were martyred and four others injured in the blast.", Counts(2, 4)),
        # a casualty with its verb left out
        ("Gunmen opened fire on a checkpoint on Monday night, a policeman wounded, a security source said.", Counts(0, 1)),
        ("A man was shot dead and his brother injured in a dispute over land.", Counts(1, 1)),
        ("Two men were targeted by a sticky bomb; one was killed and the other was wounded.", Counts(1, 1)),
        ("Gunmen killed a local official, a source said, adding that a passer-by was also injured.", Counts(1, 1)),
        # a victim named by a long title, and his kin
        ("Gunmen assassinated a member of the provincial council and his two bodyguards on Monday.", Counts(3, None)),
        # "the number of those killed" is a toll
        ("The number of those killed in Monday's car bombing in the city rose to 17, a source said.", Counts(17, None, True)),
    ],
)
def test_phrasings_of_unseen_wires(text, expected):
    assert read_counts(text) == expected


@pytest.mark.parametrize(
    ("text", "dead", "among_wounded"),
    [
        ("The bomber also died in the blast, a police captain said.", 1, False),
        ("The bomber was also killed, a police officer said.", 1, False),
        ("Hospital officials said that a further three wounded pilgrims have died.", 3, True),
        ("One of the policemen later died in hospital, police said.", 1, False),
        ("He later died of his wounds in hospital.", 1, True),
        ("One of them later died in hospital, a police source said.", 1, True),
        ("Three of the wounded died later in hospital, the source added.", 3, True),
    ],
)
def test_the_attacker_and_the_wounded_who_die_later_are_more_dead(text, dead, among_wounded):
    """Told after the incident, they add to its toll; "wounded" that names who died counts no
    wounded, and those the wounded counted before are no longer among them (``among_wounded``)."""
    assert read_counts(text) == Counts(dead, None, more=True, among_wounded=among_wounded)


def test_a_wounded_man_who_died_is_no_injury():
    assert read_counts("A policeman wounded in the bombing died of his wounds on Tuesday.").injuries is None
    assert read_counts("Three wounded soldiers were evacuated to Baghdad.") == Counts(0, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "no one was killed" names no victim, and does not hide the wounded told beside it
        ("Up to 10 people were wounded, but nobody was killed, police said.", Counts(0, 10)),
        ("No casualties were reported among the troops, but two civilians were slightly injured.", Counts(0, 2)),
        # "one of them" picks one of the victims counted, it adds none
        ("A bomb killed a policeman and wounded two others, one of them seriously.", Counts(1, 2)),
        # Arabic-to-English: "the killing of a civilian", "caused the death of a policeman"
        ("Armed men attacked a house, leading to the killing of a civilian and the wounding of three others.", Counts(1, 3)),
        ("Gunmen shot dead 25-year-old Ahmed Ali, a local journalist, in front of his house.", Counts(1, None)),
        ("Twin car bombs killed 17 people on Sunday. On Tuesday, fatalities rose to 20.", Counts(20, None, True)),
    ],
)
def test_phrasings_held_out_from_the_first_probe(text, expected):
    assert read_counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title names one person without a determiner; a spokesman's title names no victim
        ("Gunmen shot dead Police Colonel Ahmed Jasim outside his home on Monday.", (1, None)),
        ("Brigadier Hajar Omar and a fighter were killed in a mortar attack.", (2, None)),
        ("Gunmen killed Brigadier General Ali Hassan and two of his guards.", (3, None)),
        # a group named as one has no count; its members do
        ("A rocket hit a house on Friday, killing a family, an official said.", (None, None)),
        ("An air strike killed seven members of a single family in Hit.", (7, None)),
        ("A roadside bomb killed a four-man police patrol south of Kirkuk.", (4, None)),
        # tolls told by their own nouns; conflicting figures in one sentence give the lowest
        ("The dead numbered 19, among them four children, and 45 were wounded.", (19, 45)),
        ("A suicide bomber killed 15 people, police said, though a hospital source put the death toll at 11.", (11, None)),
        # wounded who die in the same sentence are dead, no longer wounded
        ("A roadside bomb hit a patrol, wounding four policemen, two of whom later died, police said.", (2, 2)),
        ("Five people were injured, one of whom died later of his wounds, when a bomb exploded.", (1, 4)),
        # lists without a number or without "and"; typos; the bomber in a clause of his own
        ("Rockets hit a house, killing a woman and a child and wounding three others.", (2, 3)),
        ("3 policemen, 2 civilians were killed when a car bomb exploded.", (5, None)),
        ("Two policemen were kiled and three others injuerd when a bomb went off.", (2, 3)),
        ("ISIS militants attacked a post, killing three-fighters and injuring two others.", (3, 2)),
        ("A bomber blew himself up, killing two soldiers and wounding five, while the bomber was also killed.", (3, 5)),
        ("A Sahwa member was shot dead along with his brother by gunmen.", (2, None)),
        ("A bomb exploded near a shop at dawn, causing material damage only, police said.", (0, 0)),
    ],
)
def test_tolls_of_unseen_phrasings(text, expected):
    counts = read_counts(text)
    assert (counts.fatalities, counts.injuries) == expected
