"""A small, real rasd database for the web tests: articles and their event mentions.

The mentions are written out by hand (as an analyst would code them), so the web tests do not
depend on extraction quality; one report carries hostile markup to prove it renders inert.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rasd.model import Article, EventMention

HOSTILE_TITLE = '<img src=x onerror="alert(1)">Breaking</img>'
HOSTILE_URL = "javascript:alert(document.cookie)"
HOSTILE_EVIDENCE = 'Gunmen <script>alert("xss")</script> attacked a checkpoint in Ramadi, killing two policemen.'


def _mention(doc: Article, offset: int, **fields: object) -> EventMention:
    base = dict(doc_id=doc.id, time_precision=1, country="Iraq", country_code="IQ", geo_precision=1,
                source=doc.outlet, source_url=doc.url, offset=offset)
    base.update(fields)
    return EventMention(**base)  # type: ignore[arg-type]


def items() -> list[tuple[Article, list[EventMention]]]:
    """Reports and the mentions read from them."""
    ied = Article("aswat-2011-01-02", "Police defused two IEDs north of Amarah on Sunday, a source said.",
                  date(2011, 1, 3), "https://example.org/aswat/1", "Aswat al-Iraq", "IEDs defused north of Amarah")
    amarah = Article("alsumaria-2011-04-01", "A roadside bomb struck a U.S. patrol in central Amarah on Friday.",
                     date(2011, 4, 2), "https://example.org/sumaria/2", "Alsumaria", "Bomb hits US patrol in Amarah")
    amarah2 = Article("aswat-2011-04-01", "A bomb planted on a roadside in Amarah hit an American patrol on Friday; "
                      "no casualties were reported.", date(2011, 4, 1), "https://example.org/aswat/5",
                      "Aswat al-Iraq", "US patrol targeted in Amarah")
    clash = Article("niqash-2010-06-02", "Iraqi soldiers clashed with gunmen in Adhamiyah, Baghdad; three gunmen died.",
                    date(2010, 6, 3), "https://example.org/niqash/3", "Niqash", "Clash in Adhamiyah")
    protest = Article("shafaq-2011-02-25", "Hundreds protested peacefully in Basra over power cuts.",
                      date(2011, 2, 25), "https://example.org/shafaq/4", "Shafaq News", "Basra protest")
    hostile = Article("hostile-2011-05-10", HOSTILE_EVIDENCE, date(2011, 5, 10), HOSTILE_URL,
                      "<b>Evil</b> Outlet", HOSTILE_TITLE)
    return [
        (ied, [_mention(ied, 0, event_date=date(2011, 1, 2), event_type="Explosions/Remote violence",
                        sub_event_type="Disrupted weapons use", actor1="Police Forces of Iraq", admin1="Maysan",
                        admin1_code="IQ-MA", admin2="Amarah", location="Amarah", latitude=31.8356,
                        longitude=47.1448, geo_precision=2, fatalities=0, evidence=ied.text)]),
        (amarah, [_mention(amarah, 0, event_date=date(2011, 4, 1), event_type="Explosions/Remote violence",
                           sub_event_type="Remote explosive/landmine/IED", actor1="Unidentified Armed Group (Iraq)",
                           actor2="Military Forces of the United States", admin1="Maysan", admin1_code="IQ-MA",
                           location="Amarah", latitude=31.8356, longitude=47.1448, fatalities=0,
                           evidence=amarah.text)]),
        (amarah2, [_mention(amarah2, 0, event_date=date(2011, 4, 1), event_type="Explosions/Remote violence",
                            sub_event_type="Remote explosive/landmine/IED", actor1="Unidentified Armed Group (Iraq)",
                            actor2="Military Forces of the United States", admin1="Maysan", admin1_code="IQ-MA",
                            location="Amarah", latitude=31.8356, longitude=47.1448, fatalities=0,
                            evidence=amarah2.text)]),
        (clash, [_mention(clash, 0, event_date=date(2010, 6, 2), event_type="Battles", sub_event_type="Armed clash",
                          actor1="Military Forces of Iraq", actor2="Unidentified Armed Group (Iraq)",
                          admin1="Baghdad", admin1_code="IQ-BG", location="Adhamiyah", latitude=33.37,
                          longitude=44.36, fatalities=3, evidence=clash.text)]),
        (protest, [_mention(protest, 0, event_date=date(2011, 2, 25), event_type="Protests",
                            sub_event_type="Peaceful protest", actor1="Protesters (Iraq)", admin1="Basra",
                            admin1_code="IQ-BA", location="Basra", latitude=30.5085, longitude=47.7804,
                            fatalities=0, evidence=protest.text)]),
        (hostile, [_mention(hostile, 0, event_date=date(2011, 5, 10), event_type="Violence against civilians",
                            sub_event_type="Attack", actor1="Unidentified Armed Group (Iraq)",
                            actor2="Police Forces of Iraq", admin1="Anbar", admin1_code="IQ-AN",
                            location='Ramadi<a href="javascript:alert(2)">x</a>', latitude=33.4206,
                            longitude=43.3058, fatalities=2, evidence=HOSTILE_EVIDENCE)]),
    ]


def build(path: Path):
    """A Store over a fresh SQLite file at ``path`` holding ``items()``."""
    from rasd.store import Store

    store = Store.open(f"sqlite:///{path}")
    store.ingest(items())
    return store


def overlapping(incidents: int = 30) -> list[tuple[Article, list[EventMention]]]:
    """Incidents told by three outlets with partial overlap, for the estimate of unreported ones.

    Outlet A reports two in three, B every other one, C one in three; dedup joins each
    incident's reports, so capture histories overlap as an estimator needs.
    """
    towns = [("Kut", "Wasit", "IQ-WA", 32.5128, 45.8182), ("Hillah", "Babil", "IQ-BB", 32.4637, 44.4199),
             ("Samarra", "Salah ad Din", "IQ-SD", 34.1959, 43.8857)]
    result = []
    for n in range(incidents):
        town, gov, code, lat, lon = towns[n % len(towns)]
        day = date(2012, 1, 1) + timedelta(days=4 * n)
        for outlet, every in (("Outlet A", (0, 1)), ("Outlet B", (0,)), ("Outlet C", (2,))):
            modulus = 3 if outlet != "Outlet B" else 2
            if n % modulus not in every:
                continue
            text = f"A roadside bomb exploded in {town} on {day:%B %d}, killing {n % 4 + 1} people."
            doc = Article(f"{outlet[-1]}-{n}", text, day, None, outlet, f"Bomb in {town}")
            result.append((doc, [_mention(doc, 0, event_date=day, event_type="Explosions/Remote violence",
                                          sub_event_type="Remote explosive/landmine/IED",
                                          actor1="Unidentified Armed Group (Iraq)", actor2="Civilians (Iraq)",
                                          admin1=gov, admin1_code=code, location=town, latitude=lat,
                                          longitude=lon, fatalities=n % 4 + 1, evidence=text)]))
    return result
