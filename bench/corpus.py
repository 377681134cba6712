"""A deterministic, streaming generator of news-length synthetic reports about Iraq.

The benchmark needs thousands of documents that look like wire copy to a trigger-first
extractor and to spaCy alike: datelines, incident paragraphs of every ACLED event type,
quotes, background, statistics and politics that must *not* become events, multi-incident
roundups, varied date and casualty phrasing. Place names come from rasd's gazetteer so the
geocoder does real work; a small built-in list of towns stands in only when ``rasd.geo`` is
missing (and ``Vocabulary.source`` says so).

Each document is drawn from its own ``random.Random(f"{seed}:{index}")``, so document *i* is
the same whatever the corpus size (a 1,000-document corpus is a prefix of a 5,000 one), and
documents are written one line at a time: the corpus is never held in memory.

Usage: ``python bench/corpus.py OUT.jsonl --docs 5000 --seed 2011``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rasd.model import Place

log = logging.getLogger(__name__)

DEFAULT_SEED = 2011
MIN_CHARS, MAX_CHARS = 1500, 3000

# Used only when rasd.geo is not importable: (town, governorate) pairs.
_BUILTIN_TOWNS: tuple[tuple[str, str], ...] = (
    ("Baghdad", "Baghdad"), ("Abu Ghraib", "Baghdad"), ("Taji", "Baghdad"), ("Mahmudiyah", "Baghdad"),
    ("Basra", "Basra"), ("Zubair", "Basra"), ("Qurna", "Basra"), ("Amarah", "Maysan"),
    ("Majar al-Kabir", "Maysan"), ("Qalat Salih", "Maysan"), ("Nasiriyah", "Dhi Qar"),
    ("Shatra", "Dhi Qar"), ("Kut", "Wasit"), ("Suwaira", "Wasit"), ("Hillah", "Babil"),
    ("Iskandariyah", "Babil"), ("Karbala", "Karbala"), ("Najaf", "Najaf"), ("Kufa", "Najaf"),
    ("Diwaniyah", "Al-Qadisiyah"), ("Samawah", "Muthanna"), ("Ramadi", "Anbar"),
    ("Fallujah", "Anbar"), ("Haditha", "Anbar"), ("Rawa", "Anbar"), ("Baqubah", "Diyala"),
    ("Muqdadiyah", "Diyala"), ("Khanaqin", "Diyala"), ("Tikrit", "Salah ad Din"),
    ("Samarra", "Salah ad Din"), ("Baiji", "Salah ad Din"), ("Tuz Khurmatu", "Salah ad Din"),
    ("Kirkuk", "Kirkuk"), ("Hawija", "Kirkuk"), ("Mosul", "Nineveh"), ("Tal Afar", "Nineveh"),
    ("Sinjar", "Nineveh"), ("Erbil", "Erbil"), ("Makhmur", "Erbil"), ("Sulaymaniyah", "Sulaymaniyah"),
    ("Halabja", "Halabja"), ("Duhok", "Duhok"), ("Zakho", "Duhok"),
)


@dataclass(frozen=True)
class Town:
    name: str
    governorate: str


@dataclass(frozen=True)
class Vocabulary:
    """Place names the templates are filled with, and where they came from."""

    towns: tuple[Town, ...]
    governorates: tuple[str, ...]
    source: str

    @property
    def fingerprint(self) -> str:
        """Short hash of the names: the same seed gives the same corpus only from the same names."""
        names = "\n".join(f"{t.name}\t{t.governorate}" for t in self.towns) + "\n" + "\n".join(self.governorates)
        return hashlib.sha1(names.encode("utf-8")).hexdigest()[:10]

    @classmethod
    def builtin(cls, reason: str = "rasd.geo missing") -> Vocabulary:
        towns = tuple(Town(name, gov) for name, gov in _BUILTIN_TOWNS)
        governorates = tuple(sorted({t.governorate for t in towns}))
        return cls(towns, governorates, f"built-in list of {len(towns)} towns ({reason})")

    @classmethod
    def from_gazetteer(cls) -> Vocabulary:
        """Towns and governorates from ``rasd.geo.Gazetteer.default()``; built-in list if absent."""
        try:
            from rasd.geo import Gazetteer
        except ImportError as error:
            log.warning("rasd.geo not importable (%s); using the built-in town list", error)
            return cls.builtin()
        gazetteer = Gazetteer.default()
        towns = _usable_towns(gazetteer.places(kind="town", limit=100_000))
        governorates = tuple(sorted({p.admin1 for p in gazetteer.places(kind="governorate", limit=100) if p.admin1}))
        if len(towns) < 20 or not governorates:
            log.warning("gazetteer returned too few places (%d towns); using the built-in list", len(towns))
            return cls.builtin(f"the gazetteer gave only {len(towns)} towns")
        source = f"rasd.geo gazetteer: {len(towns)} towns in {len(governorates)} governorates"
        return cls(towns, governorates, source)


def _usable_towns(places: Iterable[Place]) -> tuple[Town, ...]:
    """Iraqi towns with a governorate and a Latin-script name, sorted so the draw does not
    depend on the gazetteer's order."""
    found = {
        (p.name, p.admin1)
        for p in places
        if p.name and p.admin1 and p.name.replace(" ", "").replace("-", "").replace("'", "").isalpha()
    }
    return tuple(Town(name, gov) for name, gov in sorted(found))


# --------------------------------------------------------------------------- phrase pools

OUTLETS = ("Xinhua", "AP", "Reuters", "AFP", "IraqiNews.com", "Aswat al-Iraq", "Shafaq News",
           "Rudaw", "Kurdistan 24", "NINA", "Al Sumaria", "Anadolu Agency")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve")
DIRECTIONS = ("north of", "south of", "east of", "west of", "northeast of", "southwest of", "near",
              "on the outskirts of", "in central", "in the centre of")
PERPETRATORS = ("gunmen", "unidentified gunmen", "armed men", "Islamic State militants", "ISIS fighters",
                "al-Qaeda in Iraq militants", "insurgents", "militants", "Daesh militants",
                "Asa'ib Ahl al-Haq fighters", "Kata'ib Hezbollah fighters", "masked men")
FORCES = ("Iraqi police", "Iraqi army troops", "U.S. forces", "Peshmerga fighters",
          "Popular Mobilization Forces", "federal police", "security forces", "Sahwa members",
          "counter-terrorism forces", "the Iraqi army's 7th Division")
TARGETS = ("a police checkpoint", "an army patrol", "a U.S. military convoy", "a crowded market",
           "a Shiite mosque", "the house of a local official", "a minibus carrying pilgrims",
           "a Sahwa checkpoint", "a liquor store", "a football field", "an oil pipeline",
           "a police station", "a wedding party", "a checkpoint manned by soldiers")
VICTIMS = ("policemen", "soldiers", "civilians", "people", "pilgrims", "Sahwa members", "shoppers",
           "bystanders", "construction workers", "farmers")
FIRST_NAMES = ("Ahmed", "Ali", "Hussein", "Mohammed", "Karim", "Saad", "Jabbar", "Faisal", "Abbas",
               "Haidar", "Khalid", "Qassim", "Salim", "Tariq", "Nouri", "Adel", "Hamid", "Ziad")
FAMILY_NAMES = ("al-Obeidi", "al-Ebadi", "al-Maliki", "al-Jubouri", "al-Dulaimi", "al-Sudani",
                "al-Asadi", "al-Zaidi", "Hashim", "Kadhim", "al-Rubaie", "al-Khafaji", "al-Tamimi")
TITLES = ("Brig. Gen.", "Maj. Gen.", "Col.", "Lt. Col.", "Capt.", "police chief", "provincial governor",
          "council member", "mayor", "health official", "Interior Ministry spokesman")


def _pick(rng: random.Random, pool: tuple[str, ...]) -> str:
    return pool[rng.randrange(len(pool))]


def _count(rng: random.Random, low: int = 1, high: int = 12) -> str:
    """A casualty count, written the way wires write it."""
    n = rng.randint(low, high)
    if n <= 12 and rng.random() < 0.6:
        return NUMBER_WORDS[n - 1]
    return str(n)


def _cap(text: str) -> str:
    """Upper-case the first letter only ("U.S. forces", not str.capitalize's "U.s. forces")."""
    return text[:1].upper() + text[1:]


def _person(rng: random.Random) -> str:
    return f"{_pick(rng, TITLES)} {_pick(rng, FIRST_NAMES)} {_pick(rng, FAMILY_NAMES)}"


@dataclass(frozen=True)
class Scene:
    """What one document is about: its day, town and governorate, and how they were phrased."""

    published: date
    town: Town
    outlet: str


def _date_phrase(rng: random.Random, published: date) -> str:
    """A date reference resolvable against the publication day, in one of many phrasings."""
    back = rng.randint(0, 6)
    day = published - timedelta(days=back)
    options = (
        f"on {WEEKDAYS[day.weekday()]}",
        f"late on {WEEKDAYS[day.weekday()]}",
        f"on {WEEKDAYS[day.weekday()]} {rng.choice(('morning', 'evening', 'night'))}",
        "yesterday", "last night", "today", "early today", "hours earlier",
        f"on {MONTHS[day.month - 1]} {day.day}",
        f"on {day.day} {MONTHS[day.month - 1]}",
        "earlier this month",
        f"at the end of {MONTHS[(published.month - 2) % 12]}",
    )
    return _pick(rng, options)


def _casualties(rng: random.Random) -> str:
    killed, wounded, victims = _count(rng), _count(rng, 2, 30), _pick(rng, VICTIMS)
    options = (
        f"killing {killed} {victims} and wounding {wounded} others",
        f"killing {killed} {victims}",
        f"wounding {wounded} {victims}",
        "causing no casualties",
        f"leaving {killed} dead and dozens wounded",
        f"killing at least {killed} people, police said, while a hospital source put the toll at {_count(rng)}",
        f"killing {killed} {victims}, including a child, and injuring {wounded}",
        f"wounding a dozen {victims}",
        f"killing {killed} and injuring {wounded}, according to a medical source",
    )
    return _pick(rng, options)


# --------------------------------------------------------------------------- templates

def _place(rng: random.Random, scene: Scene) -> str:
    if rng.random() < 0.35:
        return f"{_pick(rng, DIRECTIONS)} {scene.town.name}"
    return f"in {scene.town.name}"


# Each incident template turns (rng, scene, vocabulary) into one paragraph.
def _t_roadside(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"A roadside bomb exploded {_place(rng, scene)} {_date_phrase(rng, scene.published)}, "
            f"targeting {_pick(rng, TARGETS)} and {_casualties(rng)}, a police source said.")


def _t_car_bomb(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"A car bomb parked near {_pick(rng, TARGETS)} went off {_place(rng, scene)} in "
            f"{scene.town.governorate} province {_date_phrase(rng, scene.published)}, {_casualties(rng)}.")


def _t_suicide(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"A suicide bomber wearing an explosive vest blew himself up {_date_phrase(rng, scene.published)} "
            f"among {_pick(rng, VICTIMS)} gathered outside {_pick(rng, TARGETS)} {_place(rng, scene)}, "
            f"{_casualties(rng)}, officials said.")


def _t_mortar(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    weapon = _pick(rng, ("Katyusha rockets", "mortar rounds", "mortar shells", "rockets"))
    return (f"{_cap(_pick(rng, PERPETRATORS))} fired {_count(rng, 2, 9)} {weapon} at "
            f"{_pick(rng, TARGETS)} {_place(rng, scene)} {_date_phrase(rng, scene.published)}, "
            f"{_casualties(rng)}, {_person(rng)} told reporters.")


def _t_airstrike(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    by = _pick(rng, ("Iraqi warplanes", "coalition aircraft", "Turkish warplanes", "a drone", "army helicopters"))
    return (f"{_cap(by)} struck a hideout used by {_pick(rng, PERPETRATORS)} {_place(rng, scene)} "
            f"{_date_phrase(rng, scene.published)}, {_casualties(rng)}, the Joint Operations Command said.")


def _t_clash(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"{_cap(_pick(rng, PERPETRATORS))} attacked {_pick(rng, TARGETS)} {_place(rng, scene)} "
            f"{_date_phrase(rng, scene.published)}, sparking a gun battle with {_pick(rng, FORCES)} that "
            f"lasted {_count(rng, 1, 4)} hours and left {_count(rng)} attackers and {_count(rng)} "
            f"{_pick(rng, ('policemen', 'soldiers'))} dead.")


def _t_killing(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    victim = _pick(rng, ("a shop owner", "a local journalist", "a former army officer", "a teacher",
                         "an off-duty policeman", "a tribal sheikh", "a university professor"))
    return (f"{_cap(_pick(rng, PERPETRATORS))} using silenced pistols shot dead {victim} "
            f"{_place(rng, scene)} {_date_phrase(rng, scene.published)} before fleeing, police said.")


def _t_kidnap(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"{_cap(_pick(rng, PERPETRATORS))} kidnapped {_count(rng, 1, 6)} "
            f"{_pick(rng, ('truck drivers', 'engineers', 'shepherds', 'students', 'civilians'))} "
            f"{_place(rng, scene)} {_date_phrase(rng, scene.published)} and took them to an unknown location.")


def _t_arrest(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"{_cap(_pick(rng, FORCES))} arrested {_count(rng, 2, 25)} suspected "
            f"{_pick(rng, ('militants', 'members of a bombing cell', 'wanted men', 'smugglers'))} in a raid "
            f"{_place(rng, scene)} {_date_phrase(rng, scene.published)}, {_person(rng)} said.")


def _t_defused(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    found = _pick(rng, ("two improvised explosive devices", "a weapons cache", "nine rockets ready for launch",
                        "an explosives-laden car", "a roadside bomb", "three sticky bombs"))
    return (f"{_cap(_pick(rng, FORCES))} found and defused {found} {_place(rng, scene)} "
            f"{_date_phrase(rng, scene.published)}, causing no casualties, the bomb squad said.")


def _t_protest(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    crowd = _pick(rng, ("Hundreds of", "Thousands of", "Dozens of", "Several hundred"))
    cause = _pick(rng, ("power cuts", "unemployment", "corruption", "the lack of clean water",
                        "delayed salaries", "the arrest of a cleric"))
    return (f"{crowd} people demonstrated {_place(rng, scene)} {_date_phrase(rng, scene.published)} "
            f"to protest against {cause}, chanting slogans and carrying Iraqi flags; the protest ended "
            f"peacefully.")


def _t_repression(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"Security forces opened fire on protesters {_place(rng, scene)} "
            f"{_date_phrase(rng, scene.published)}, {_casualties(rng)}, witnesses said.")


def _t_riot(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    building = _pick(rng, ("the provincial council building", "a party office", "the governor's office",
                           "the local electricity directorate"))
    return (f"Angry demonstrators stormed and set fire to {building} {_place(rng, scene)} "
            f"{_date_phrase(rng, scene.published)}, throwing stones at police.")


def _t_council(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"The {scene.town.governorate} provincial council voted {_date_phrase(rng, scene.published)} "
            f"to dismiss the governor and impose a curfew in {scene.town.name}, {_person(rng)} said.")


def _t_bodies(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return (f"Police found the bodies of {_count(rng, 2, 12)} men bearing gunshot wounds and signs of "
            f"torture {_place(rng, scene)} {_date_phrase(rng, scene.published)}.")


INCIDENT_TEMPLATES = (_t_roadside, _t_car_bomb, _t_suicide, _t_mortar, _t_airstrike, _t_clash, _t_killing,
                      _t_kidnap, _t_arrest, _t_defused, _t_protest, _t_repression, _t_riot, _t_council,
                      _t_bodies)


def _quote(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    said = _pick(rng, (
        "We will not allow terrorists to undermine the security gains of recent months",
        "The attackers exploited a gap between two checkpoints, and an investigation has been opened",
        "Our forces are chasing the perpetrators and will bring them to justice",
        "The people of this province are tired of promises; they want electricity and jobs",
        "The situation is under control and life has returned to normal in the city",
    ))
    return f"\u201c{said},\u201d {_person(rng)} told {scene.outlet} on condition of anonymity."


def _background(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return _pick(rng, (
        f"{scene.town.governorate} has seen a rise in attacks in recent months as militants try to regain "
        f"a foothold in areas they were driven from, though violence remains well below its peak in "
        f"{rng.randint(2006, 2008)}.",
        f"{scene.town.name} lies about {rng.randint(20, 450)} kilometers ({rng.randint(12, 280)} miles) "
        f"{_pick(rng, ('north', 'south', 'east', 'west'))} of Baghdad and is home to a mixed population "
        f"of Sunni and Shiite Arabs, Kurds and Turkmen.",
        "Attacks of this kind are usually blamed on Sunni insurgents seeking to undermine confidence in "
        "the Shiite-led government and its security forces.",
        f"No group immediately claimed responsibility for the attack, but {_pick(rng, PERPETRATORS)} have "
        f"carried out similar bombings in the area.",
        f"The {scene.town.governorate} operations command said the security plan for the province had been "
        f"reviewed after a series of attacks on checkpoints.",
    ))


def _statistics(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    a, b, c = sorted(rng.sample(range(40, 400), 3))
    return _pick(rng, (
        f"According to government figures, {a} Iraqis were killed in violence in {MONTHS[rng.randrange(12)]}, "
        f"down from {b} the month before and {c} in the same month last year.",
        f"Iraq exports about {rng.randint(15, 45) / 10:.1f} million barrels of oil a day, most of it "
        f"through the southern port of Basra, and oil sales fund about {rng.randint(85, 95)} percent of "
        f"the state budget.",
        f"The province has a population of about {rng.randint(4, 40) / 10:.1f} million, and unemployment "
        f"among young men is estimated at {rng.randint(15, 40)} percent.",
        f"The United Nations says {a * 100:,} people remain displaced in the region, {b} families of "
        f"whom returned home last month.",
    ))


def _politics(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return _pick(rng, (
        f"Parliament is due to vote on the {rng.randint(2005, 2024)} budget next week after months of "
        f"wrangling between the main blocs over the share of the Kurdistan region.",
        f"Prime Minister {_pick(rng, FIRST_NAMES)} {_pick(rng, FAMILY_NAMES)} met tribal leaders from "
        f"{_pick(rng, vocab.governorates)} to discuss reconstruction and the return of displaced families.",
        "Provincial elections are scheduled for later this year, and candidates have complained of "
        "intimidation and a lack of funding for campaigns.",
        f"The governor of {_pick(rng, vocab.governorates)} announced a plan to rebuild {rng.randint(10, 90)} "
        f"schools and a new water treatment plant with funds from the federal government.",
    ))


def _aftermath(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return _pick(rng, (
        f"Ambulances rushed the wounded to {scene.town.name} General Hospital, where some were in critical condition.",
        "The blast damaged several nearby shops and cars and left a crater in the road.",
        f"Security forces sealed off the area and imposed a curfew on vehicles in {scene.town.name}.",
        "Witnesses said the attackers fled in two cars toward nearby orchards.",
        "A health official, speaking on condition of anonymity because he was not authorized to talk to "
        "the media, confirmed the toll.",
        f"It was the {_pick(rng, ('second', 'third', 'fourth'))} such attack in the area this week.",
        "Police said an investigation had been opened and a number of suspects were being questioned.",
    ))


def _economy(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    return _pick(rng, (
        f"Electricity supply in {scene.town.governorate} averages {rng.randint(4, 14)} hours a day in summer, "
        f"when temperatures exceed {rng.randint(45, 52)} degrees Celsius.",
        f"The ministry of planning put the poverty rate at {rng.randint(15, 35)} percent, with the highest "
        f"rates in the rural south.",
        f"Farmers in {scene.town.name} say the drought has cut the wheat harvest by a third, and "
        f"{rng.randint(2, 9)} villages have lost access to river water.",
        f"Work on the {_pick(rng, ('port of Faw', 'Baghdad metro', 'Mosul dam repairs', 'new refinery'))} "
        f"project has been delayed by {rng.randint(2, 6)} years, officials said.",
    ))


FILLER_TEMPLATES = (_quote, _background, _statistics, _politics, _economy)


def _dateline(rng: random.Random, scene: Scene) -> str:
    published = scene.published
    city = scene.town.name.upper()
    return _pick(rng, (
        f"{city}, Iraq, {MONTH_ABBR[published.month - 1]} {published.day} ({scene.outlet}) -- ",
        f"{city} ({scene.outlet}) -- ",
        f"{scene.town.governorate.upper()} / ",
        "BAGHDAD -- ",
        "",
    ))


def _roundup(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    """A list of incidents in several towns, as Reuters and NINA security roundups print them."""
    lines = [f"Following are security incidents reported in Iraq on {WEEKDAYS[scene.published.weekday()]}:"]
    for _ in range(rng.randint(3, 5)):
        town = _pick(rng, vocab.towns)
        other = Scene(scene.published, town, scene.outlet)
        lines.append(f"* {town.name.upper()} - {_pick(rng, INCIDENT_TEMPLATES)(rng, other, vocab)}")
    return "\n".join(lines)


def _title(rng: random.Random, scene: Scene) -> str:
    return _pick(rng, (
        f"Bomb kills {_count(rng)} in {scene.town.name}",
        f"Gunmen attack checkpoint near {scene.town.name}",
        f"Security incidents in {scene.town.governorate}",
        f"Iraq violence: attacks in {scene.town.name}",
        f"Police arrest suspects in {scene.town.governorate} province",
    ))


#: The archive's days: publication days are drawn from FIRST_DAY .. LAST_DAY.
FIRST_DAY, ARCHIVE_DAYS = date(2004, 1, 1), 7300
LAST_DAY = FIRST_DAY + timedelta(days=ARCHIVE_DAYS - 1)


def _published(rng: random.Random) -> date:
    """A publication day in 2004-2023: the first draw of a document's generator."""
    return FIRST_DAY + timedelta(days=rng.randrange(ARCHIVE_DAYS))


def _document(index: int, seed: int, vocab: Vocabulary, published: date | None = None) -> dict[str, object]:
    rng = random.Random(f"{seed}:{index}")
    drawn = _published(rng)  # drawn even when given, so that the rest of the document is the same
    published = published or drawn
    scene = Scene(published, _pick(rng, vocab.towns), _pick(rng, OUTLETS))
    target = rng.randint(MIN_CHARS, MAX_CHARS - 400)
    if rng.random() < 0.15:
        paragraphs = [_roundup(rng, scene, vocab)]
    else:
        lead = _dateline(rng, scene) + _pick(rng, INCIDENT_TEMPLATES)(rng, scene, vocab)
        paragraphs = [lead + " " + _aftermath(rng, scene, vocab) if rng.random() < 0.5 else lead]
    length = len(paragraphs[0])
    while length < target:
        paragraph = _next_paragraph(rng, scene, vocab)
        if paragraph in paragraphs:  # a report does not repeat itself word for word
            continue
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return {
        "id": f"bench-{seed}-{index:06d}",
        "published": published.isoformat(),
        "outlet": scene.outlet,
        "title": _title(rng, scene),
        "url": f"https://example.invalid/bench/{seed}/{index}",
        "text": "\n\n".join(paragraphs) + "\n",
    }


def _next_paragraph(rng: random.Random, scene: Scene, vocab: Vocabulary) -> str:
    roll = rng.random()
    if roll < 0.25:
        # Separate incidents happen in the same town or elsewhere in the country.
        where = scene if rng.random() < 0.5 else Scene(scene.published, _pick(rng, vocab.towns), scene.outlet)
        lead = _pick(rng, ("In a separate incident, ", "Meanwhile, ", "Elsewhere, ", "Earlier, "))
        return lead + _lower_first(_pick(rng, INCIDENT_TEMPLATES)(rng, where, vocab))
    if roll < 0.4:
        first, second = _aftermath(rng, scene, vocab), _aftermath(rng, scene, vocab)
        return first if first == second else f"{first} {second}"
    first = _pick(rng, FILLER_TEMPLATES)(rng, scene, vocab)
    if rng.random() < 0.5:
        return first + " " + _pick(rng, FILLER_TEMPLATES)(rng, scene, vocab)
    return first


_COMMON_STARTS = frozenset(
    "A An The Hundreds Thousands Dozens Several Angry Police Security Gunmen Counter-terrorism Federal "
    "Coalition Army Unidentified Armed Insurgents Militants Masked".split()
)


def _lower_first(text: str) -> str:
    # "In a separate incident, a roadside bomb..." -- but keep proper nouns and acronyms capitalised.
    first = text.split(" ", 1)[0]
    if first in _COMMON_STARTS:
        return text[0].lower() + text[1:]
    return text


def iter_documents(n_docs: int, seed: int = DEFAULT_SEED,
                   vocabulary: Vocabulary | None = None) -> Iterator[dict[str, object]]:
    """Yield ``n_docs`` documents in the spec's JSONL input shape, one at a time."""
    vocab = vocabulary or Vocabulary.from_gazetteer()
    for index in range(n_docs):
        yield _document(index, seed, vocab)


def iter_recent(first: int, n_docs: int, after: date, days: int, seed: int = DEFAULT_SEED,
                vocabulary: Vocabulary | None = None) -> Iterator[dict[str, object]]:
    """Documents ``first`` .. ``first + n_docs - 1`` of the generator published in the ``days``
    days after ``after`` (spread evenly, oldest first), as a daily update to an archive that
    ends on ``after`` would bring them."""
    vocab = vocabulary or Vocabulary.from_gazetteer()
    for k in range(n_docs):
        yield _document(first + k, seed, vocab, after + timedelta(days=1 + k * days // n_docs))


def iter_by_date(n_docs: int, seed: int = DEFAULT_SEED,
                 vocabulary: Vocabulary | None = None) -> Iterator[dict[str, object]]:
    """The same ``n_docs`` documents as ``iter_documents``, oldest publication day first (as an
    archive exported by date would come): only the days are held, each document is made when
    its turn comes."""
    vocab = vocabulary or Vocabulary.from_gazetteer()
    order = sorted(range(n_docs), key=lambda index: (_published(random.Random(f"{seed}:{index}")), index))
    for index in order:
        yield _document(index, seed, vocab)


@dataclass(frozen=True)
class CorpusInfo:
    """How a corpus was generated, for the benchmark's output."""

    path: Path
    docs: int
    seed: int
    incident_templates: int
    filler_templates: int
    mean_chars: float
    min_chars: int
    max_chars: int
    place_source: str
    place_fingerprint: str

    def describe(self) -> str:
        return (f"corpus: {self.docs} docs, seed {self.seed}, {self.incident_templates} incident templates "
                f"(+ roundups) and {self.filler_templates} filler templates, mean {self.mean_chars:.0f} chars "
                f"(min {self.min_chars}, max {self.max_chars}); places from {self.place_source} "
                f"(names fingerprint {self.place_fingerprint})")


def write_corpus(path: Path, n_docs: int, seed: int = DEFAULT_SEED, vocabulary: Vocabulary | None = None) -> CorpusInfo:
    """Write ``n_docs`` documents to ``path`` as JSONL, one line at a time."""
    vocab = vocabulary or Vocabulary.from_gazetteer()
    total, shortest, longest = 0, 10**9, 0
    with open(path, "w", encoding="utf-8") as out:
        for document in iter_documents(n_docs, seed, vocab):
            size = len(document["text"])
            total, shortest, longest = total + size, min(shortest, size), max(longest, size)
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    return CorpusInfo(Path(path), n_docs, seed, len(INCIDENT_TEMPLATES), len(FILLER_TEMPLATES),
                      total / max(n_docs, 1), shortest if n_docs else 0, longest, vocab.source, vocab.fingerprint)


def main() -> None:
    # Run as a script from a checkout: make the repo's rasd importable without installing it.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="JSONL file to write")
    parser.add_argument("--docs", type=int, default=5000, help="number of documents (default 5000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args()
    print(write_corpus(args.out, args.docs, args.seed).describe())


if __name__ == "__main__":
    main()
