"""The rule typer: which ACLED type a sentence's incident is, by the tactic it names."""

import pytest

from rasd.extract.lexicon import Lexicon
from rasd.extract.typer import RuleTyper

TYPER = RuleTyper(Lexicon.default())


@pytest.mark.parametrize("sentence, sub_event_type", [
    ("Three guards were killed when a grenade exploded near their checkpoint.", "Grenade"),
    ("A rocket-propelled grenade hit the police station.", "Shelling/artillery/missile attack"),
    ("A bomb exploded near the market.", "Remote explosive/landmine/IED"),
    ("The group said it targeted the base with three drones on Thursday.", "Air/drone strike"),
    ("An explosive-laden drone hit the airport.", "Air/drone strike"),
    ("U.S. choppers fired rockets at buildings used by gunmen.", "Air/drone strike"),
    ("Mortar rounds slammed into the base.", "Shelling/artillery/missile attack"),
    ("Government forces freed the village of Abu Dali from the militants.", "Government regains territory"),
    ("Peshmerga forces re-controlled three towns from the insurgents.", "Government regains territory"),
    ("A suicide bomber detonated an explosive belt among worshippers.", "Suicide bomb"),
    # an assassination is an aim: the weapon named types it
    ("The mayor survived an assassination attempt when a bomb planted under his car went off.",
     "Remote explosive/landmine/IED"),
    ("Two judges were assassinated in a mortar attack on their convoy.", "Shelling/artillery/missile attack"),
    ("A tribal sheikh was assassinated outside his shop in the town.", "Attack"),
    # a measure taken after violence (a curfew) is not what ACLED codes: the violence is
    ("The governor declared a curfew after gunmen attacked an army post on the highway.", "Armed clash"),
    ("The city council imposed a curfew on Friday.", "Other"),
    # a bomb defused in a later clause is another device: the explosion is the incident
    ("A police patrol was hit by a roadside bomb while soldiers defused two other bombs nearby.",
     "Remote explosive/landmine/IED"),
    ("A roadside bomb planted near the school was defused by the police.", "Disrupted weapons use"),
    # armed men attacking troops or fighters are in a clash with them
    ("Gunmen in two pickup trucks attacked a group of soldiers near the village on Monday.", "Armed clash"),
    ("Militants attacked Peshmerga fighters on the edge of the town.", "Armed clash"),
    # dying in fighting or in combat is a battle, not an attack on civilians
    ("Seven tribesmen were killed in heavy fighting near the dam on Monday.", "Armed clash"),
    ("Two Marines died in combat in the western desert.", "Armed clash"),
    ("A farmer was slain in his orchard by unknown men.", "Attack"),
    # one officer gunned down away from any post is a targeted killing; troops shot at their post fight
    ("A retired army colonel was gunned down outside a cafe in the city centre.", "Attack"),
    ("An intelligence officer was assassinated in the old market on Sunday.", "Attack"),
    ("A policeman was shot dead at a checkpoint on the main road.", "Armed clash"),
    ("Four soldiers were gunned down near their base overnight.", "Armed clash"),
    # insurgents storming a prison fight its guards; the weapons they were armed with are no tactic
    ("Militants stormed the central prison before dawn, freeing dozens of inmates.", "Armed clash"),
    ("Forty gunmen armed with machine guns and mortars stormed the government compound.", "Armed clash"),
    # forces fired on at their post fight back (ACLED: armed clash); a named weapon still types it
    ("An army patrol came under heavy fire near the village on Monday.", "Armed clash"),
    ("An army patrol came under mortar fire near the village.", "Shelling/artillery/missile attack"),
    ("A police checkpoint was attacked by unknown gunmen on Sunday.", "Armed clash"),
    ("A patrol was attacked by a roadside bomb on the highway.", "Remote explosive/landmine/IED"),
    # a bomber stopped is a disrupted attack; people killed as a bomber struck are not
    ("Guards shot dead a would-be suicide bomber at the gate of the ministry.", "Disrupted weapons use"),
    ("Twenty people were killed as a suicide bomber blew himself up at a checkpoint.", "Suicide bomb"),
    # a device that went off on whoever was planting it: no attack took place
    ("Two insurgents died when the roadside bomb they were planting blew up near the bridge.", "Disrupted weapons use"),
    ("A gunman was killed while trying to plant an explosive device on the highway.", "Disrupted weapons use"),
    ("Two army engineers were killed when a roadside bomb they were trying to remove exploded.",
     "Remote explosive/landmine/IED"),
    # bodies found are coded as an attack on civilians (the annotation rules), also in a mass grave
    ("Police found the bodies of four young men dumped near a rubbish tip.", "Attack"),
    ("Nine corpses, all bound and blindfolded, were recovered from the river on Friday.", "Attack"),
    ("Villagers reported the discovery of 20 bodies in a mass grave outside the town.", "Attack"),
    ("A curfew was imposed on the town after the unrest.", "Other"),
    # an aircraft of the forces shot down is a fight with them; a drone shot down is disrupted
    ("Militants shot down an Iraqi military helicopter near the town on Sunday.", "Armed clash"),
    ("An army helicopter was shot down near the refinery, killing both pilots.", "Armed clash"),
    ("Air defences shot down an explosive-laden drone over the airport.", "Disrupted weapons use"),
    # an attack told by no tactic: on civilians, unless forces on duty were its target
    ("Islamic State militants stormed a power station on Sunday night, killing four workers.", "Attack"),
    ("IS attacked a village south of the city on Saturday.", "Attack"),
    ("An ISIS attack on a PMF post near the town killed two fighters.", "Armed clash"),
    ("A terrorist attack targeted a security checkpoint , which led to the martyrdom of two of the fighters.",
     "Armed clash"),
    ("An attack on an army post left a soldier dead.", "Armed clash"),
    ("A terrorist group attacked, on Sunday evening, the Tribal Mobilization forces in the area.", "Armed clash"),
    ("It was the second attack on the base in a day, with rockets targeting the airport.",
     "Shelling/artillery/missile attack"),
    # forces killed at their post or by a sniper, and forces that killed militants, are in a clash
    ("Gunmen killed two soldiers at a checkpoint north of the city on Monday.", "Armed clash"),
    ("A sniper shot dead a policeman guarding a checkpoint on Monday.", "Armed clash"),
    ("Security forces killed four terrorists in a raid on a hideout on Sunday.", "Armed clash"),
    ("Unidentified gunmen killed a police officer in front of his house on Monday.", "Attack"),
    ("Three members of a family were killed when gunmen stormed their farm on Sunday.", "Attack"),
    # troops backed by aircraft fight a ground battle
    ("Iraqi troops backed by helicopter gunships clashed with militants near the town.", "Armed clash"),
    # an abduction with further violence is an attack (ACLED)
    ("Gunmen kidnapped and killed a contractor on Sunday.", "Attack"),
    ("Gunmen kidnapped a contractor on Sunday.", "Abduction/forced disappearance"),
    ("Police said they had foiled an attack on a police station.", "Disrupted weapons use"),
])
def test_the_named_tactic_types_the_incident(sentence, sub_event_type):
    assert TYPER.type(sentence).sub_event_type == sub_event_type


@pytest.mark.parametrize("sentence", [
    "The number of attacks rose from 93 in February to 128 in March.",
    "Militants vowed to attack the city.",
    "Deadly tribal clashes became common in the south after 2003.",
    # "captured" said of ground is no arrest
    "Troops pushed on towards the villages that had been captured by the rebels last year.",
    "The army is trying to retake areas the militants captured in the spring.",
    # a habit, not an incident
    "Dozens of men were gunned down every night in the capital at the height of the feud.",
    # an event still to come
    "Organisers urged residents to join the planned protest outside the governorate building on Friday.",
    "Police were deployed across the city ahead of an expected attack on the pilgrims.",
    # an arrest for drugs is a criminal case, not a political arrest
    "Police in Najaf arrested two men carrying half a kilogram of crystal meth on Sunday.",
    "Anti-narcotics officers detained a drug trafficker at a checkpoint south of the city.",
    "The suspects were caught in an ambush set by the narcotics police near the border crossing.",
    # force held back: no fight took place
    "The patrol commander said his men decided not to engage the gunmen who had gathered near the bridge.",
    # a trend in violence told in passing
    "The withdrawal has fuelled clashes between rival militias in the city.",
    # troops named as the attackers, in a condition: no clash
    "The rebels said they would stop fighting if they were not attacked by government troops.",
    # a hunt for the authors of an attack told already
    "Troops sealed off the district to search for the militants who fired the mortar rounds.",
    "The governor ordered the police to track down those behind the bombing of the market.",
    # a group denying its own part; troops storming into a town tell no attack of their own
    "The PKK denied that its fighters had attacked a Turkish base in the province.",
    "Anti-IS forces stormed into the town just across the border on Wednesday.",
])
def test_no_incident(sentence):
    assert TYPER.type(sentence) is None


def test_people_captured_are_still_arrested():
    assert TYPER.type("Police captured three suspects in the village on Monday.").sub_event_type == "Arrests"


def test_a_political_arrest_is_still_an_arrest():
    assert TYPER.type("Security forces arrested three Islamic State suspects in a raid on Sunday.").sub_event_type == "Arrests"


def test_a_fight_with_drug_smugglers_that_kills_is_still_a_clash():
    sentence = "Two border guards were killed in a gun battle with drug smugglers near the Iranian border."
    assert TYPER.type(sentence).sub_event_type == "Armed clash"


def test_copters_that_bombed_are_an_air_strike():
    assert TYPER.type("Army copters bombed a militant hideout in the desert on Monday.").sub_event_type == "Air/drone strike"


@pytest.mark.parametrize("sentence, sub_event_type", [
    # a convoy of civilians, or a vehicle carrying them, is no force on duty: the attack is on civilians
    ("An ISIS attack on a convoy of oil tankers on the Baiji-Kirkuk road killed three drivers.", "Attack"),
    ("Gunmen in two cars opened fire on a wedding convoy in the Dora district, killing the groom.", "Attack"),
    ("Suspected jihadists ambushed a truck carrying farm workers near Tuz Khurmatu, killing five.", "Attack"),
    ("Gunmen ambushed a convoy of the Popular Mobilization Forces on the road, killing two fighters.", "Armed clash"),
    ("Insurgents opened fire on an army convoy near Tarmiyah.", "Armed clash"),
    # a laden drone downed before it struck is a disrupted attack, as a plain drone shot down is
    ("Two explosive-laden drones were shot down near Erbil airport before reaching the base.", "Disrupted weapons use"),
    ("An explosive-laden drone hit the airport.", "Air/drone strike"),
    ("An Iranian drone killed a PJAK member near Sidakan on Sunday.", "Air/drone strike"),
    ("Iranian border guards fired on a group of Kurdish porters near Penjwen, killing one.", "Attack"),
    ("Peshmerga forces came under attack from PKK fighters near Khalifan on Monday.", "Armed clash"),
    ("A police patrol came under a rocket attack near the town.", "Shelling/artillery/missile attack"),
    ("A sniper shot dead a member of the Tribal Mobilization Forces in the Karma area.", "Armed clash"),
    # a missile strike is a missile attack; aircraft that kill or open fire strike from the air
    ("An Iranian missile strike hit a building in Erbil on Monday, killing two civilians.", "Shelling/artillery/missile attack"),
    ("A drone strike hit a car near Sinjar.", "Air/drone strike"),
    ("An Iraqi army helicopter mistakenly killed four civilians in an air strike near Tarmiyah.", "Air/drone strike"),
    ("U.S. Apache helicopters opened fire on militia positions near al-Qaim.", "Air/drone strike"),
    ("French jets of the US-led coalition struck Islamic State positions near Rawa.", "Air/drone strike"),
    # an officer at home is attacked, a police station stormed is fought over
    ("Armed men stormed the house of a police officer in Mosul and killed him and his wife.", "Attack"),
    ("Gunmen stormed a police station in Mosul on Monday.", "Armed clash"),
    # the Turkish defence ministry's word for fighters it killed
    ("Turkish forces neutralized six PKK terrorists in an air-backed operation in the Gara region.", "Armed clash"),
])
def test_who_a_target_is_decides_between_attack_and_clash(sentence, sub_event_type):
    typing = TYPER.type(sentence)
    assert typing is not None and typing.sub_event_type == sub_event_type
