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
