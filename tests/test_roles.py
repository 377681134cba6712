"""rasd.extract.roles: who acted (actor1) and who was targeted (actor2), by ACLED's conventions."""

from __future__ import annotations

import pytest

from rasd.extract.actors import ActorDictionary
from rasd.extract.lexicon import Lexicon
from rasd.extract.roles import assign

ACTORS, LEXICON = ActorDictionary.default(), Lexicon.default()


def _roles(event_type: str, sub_event_type: str, text: str, casualties: bool = True) -> tuple[str | None, str | None]:
    """actor1 and actor2 of an event in Amarah (Maysan, Iraq) told by ``text``."""
    found = assign(event_type, sub_event_type, ACTORS.find(text, LEXICON), casualties, ACTORS.defaults)
    return tuple(ACTORS.resolve(name, "IQ-MA", "Maysan", "Iraq") for name in (found.actor1, found.actor2))


@pytest.mark.parametrize(("kind", "text", "expected"), [
    (("Violence against civilians", "Attack"), "Gunmen shot dead a shopkeeper.",
     ("Unidentified Armed Group (Iraq)", "Civilians (Iraq)")),
    (("Explosions/Remote violence", "Remote explosive/landmine/IED"), "A roadside bomb struck a police patrol.",
     ("Unidentified Armed Group (Iraq)", "Police Forces of Iraq")),  # nobody named: the unidentified armed group
    (("Battles", "Armed clash"), "Iraqi soldiers clashed with Islamic State militants.",
     ("Military Forces of Iraq", "Islamic State")),
    (("Explosions/Remote violence", "Suicide bomb"), "An Islamic State suicide bomber blew himself up among soldiers.",
     ("Islamic State", "Military Forces of Iraq")),
    # the object of the attack did not kill, whatever verb follows it
    (("Battles", "Armed clash"), "Insurgents raided an army checkpoint and killed two guards.",
     ("Unidentified Armed Group (Iraq)", "Military Forces of Iraq")),
])
def test_violent_events_put_who_acted_first(kind: tuple[str, str], text: str, expected: tuple[str, str]) -> None:
    assert _roles(*kind, text) == expected


def test_who_only_reports_an_event_takes_no_part_in_it() -> None:
    assert _roles("Violence against civilians", "Attack", "A shopkeeper was shot dead, police said.") == (
        "Unidentified Armed Group (Iraq)", "Civilians (Iraq)")


@pytest.mark.parametrize(("kind", "text", "expected"), [
    (("Protests", "Peaceful protest"), "Hundreds of demonstrators protested, police said.", ("Protesters (Iraq)", None)),
    (("Protests", "Protest with intervention"), "Police dispersed demonstrators with water cannon.",
     ("Protesters (Iraq)", "Police Forces of Iraq")),
    (("Riots", "Violent demonstration"), "Angry protesters stormed the council building.", ("Rioters (Iraq)", None)),
])
def test_demonstrators_are_actor1_and_the_force_that_meets_them_actor2(kind: tuple[str, str], text: str,
                                                                       expected: tuple[str, str | None]) -> None:
    assert _roles(*kind, text, casualties=False) == expected


EXPLOSION, AIR, CLASH = (("Explosions/Remote violence", "Shelling/artillery/missile attack"),
                         ("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"))


@pytest.mark.parametrize(("kind", "text", "expected"), [
    # the base's troops are struck, and the coalition that reports it did not fly
    (AIR, "Two drones targeted Ain al-Asad air base, which hosts U.S. troops, the coalition said.",
     "Unidentified Armed Group (Iraq)"),
    (AIR, "A drone attack targeted Harir air base, where U.S. forces are stationed, the counter-terrorism service said.",
     "Unidentified Armed Group (Iraq)"),
    (CLASH, "Peshmerga forces came under attack from PKK fighters near Khalifan.", "PKK: Kurdistan Workers Party"),
    (CLASH, "A group of ISIS terrorists attacked a gathering of PMF fighters at a headquarters.", "Islamic State"),
    (CLASH, "Jihadists of the Islamic State group attacked a village near Khanaqin.", "Islamic State"),
    (CLASH, "British troops came under fire in Basra on Sunday, wounding one soldier.", "Unidentified Armed Group (Iraq)"),
    (AIR, "Turkey's defence ministry said its jets struck PKK shelters in the Hakurk region.", "Military Forces of Turkey"),
    (AIR, "U.S. Apache helicopters opened fire on militia positions near al-Qaim.", "Military Forces of the United States"),
    (("Strategic developments", "Arrests"), "Turkish commandos captured a PKK member near Zakho.", "Military Forces of Turkey"),
    # a group that says it attacked claims the attack; it does not only report it
    (AIR, "The Islamic Resistance in Iraq said it attacked the Ain al-Asad base with two drones.",
     "Islamic Resistance in Iraq"),
    (EXPLOSION, "U.S. officials blamed Kataib Hezbollah for a rocket attack on Victory base.", "Kataib Hezbollah"),
    (("Explosions/Remote violence", "Remote explosive/landmine/IED"),
     "Police accused ISIS remnants of planting a roadside bomb that killed two shepherds.", "Islamic State"),
    (CLASH, "PKK militants attacked a Peshmerga position, killing one Peshmerga fighter.", "PKK: Kurdistan Workers Party"),
    (CLASH, "Fighters of Asaib Ahl al-Haq and Saraya al-Salam exchanged fire.", "Asaib Ahl al-Haq"),
    (("Strategic developments", "Arrests"), "Turkish soldiers detained three shepherds near Batifa.", "Military Forces of Turkey"),
])
def test_claims_blame_and_foreign_forces_name_actor1(kind: tuple[str, str], text: str, expected: str) -> None:
    assert _roles(*kind, text)[0] == expected


def test_rival_factions_of_one_group_fight_each_other() -> None:
    for text in ("Clashes erupted between two rival factions of the Popular Mobilization Forces.",
                 "Two rival PMF factions exchanged fire."):
        assert _roles(*CLASH, text) == ("Popular Mobilization Forces", "Popular Mobilization Forces")


def test_a_clash_of_the_pkk_and_a_foreign_army_that_no_one_started_puts_the_army_first() -> None:
    """"Clashes between PKK guerillas and Turkish soldiers": the state side, as the real gold codes it."""
    assert _roles(*CLASH, "Clashes broke out between PKK guerillas and Turkish soldiers.")[0] == "Military Forces of Turkey"
