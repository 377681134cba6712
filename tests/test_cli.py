"""The command line, run in-process through typer's CliRunner on real files and a real SQLite file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.export import ACLED_COLUMNS
from rasd.model import EVENT_FIELDS

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
COMMANDS = ["extract", "ingest", "events", "events show", "export", "stats", "evaluate", "settings"]


def rasd(*args: str) -> object:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'rasd.db'}"
    result = rasd("ingest", SAMPLES, "--db", url, "--quiet")
    assert result.exit_code == 0, result.stderr
    return url


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = rasd(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_extract_prints_every_contract_field_as_jsonl() -> None:
    result = rasd("extract", SAMPLES / "basra-ied-2011-04-05.txt")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records, "the sample reports an IED attack"
    assert all(set(EVENT_FIELDS) <= set(r) for r in records)
    assert any(r["event_type"] == "Explosions/Remote violence" and r["admin1_code"] == "IQ-BA" for r in records)


def test_extract_csv_has_a_header_of_contract_fields() -> None:
    result = rasd("extract", SAMPLES / "wire-2011-04.jsonl", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and set(EVENT_FIELDS) <= set(rows[0])


def test_extract_reports_bad_input_by_file_and_line_and_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "g", "published": "2011-04-05", "text": "A roadside bomb killed two policemen in Basra on Monday."})
    bad.write_text('{"id": "x", "text": \n' + good + "\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = rasd("extract", bad, empty)
    assert result.exit_code == 1
    assert f"rasd: {bad}:1: malformed JSON" in result.stderr
    assert f"rasd: {empty}: empty file" in result.stderr
    assert result.stdout.strip(), "the good line is still extracted"


def test_extract_published_fallback_and_bad_date(tmp_path: Path) -> None:
    assert rasd("extract", SAMPLES / "diyala-kidnap-undated.txt", "--published", "June 2").exit_code == 2
    result = rasd("extract", SAMPLES / "diyala-kidnap-undated.txt", "--published", "2011-03-02")
    assert result.exit_code == 0
    dates = {json.loads(line)["event_date"] for line in result.stdout.splitlines()}
    assert dates <= {"2011-03-01", None}


def test_ingest_twice_changes_nothing(db: str) -> None:
    result = rasd("ingest", SAMPLES, "--db", db, "--quiet")
    assert result.exit_code == 0
    assert "0 documents stored" in result.stderr and "already stored" in result.stderr


def test_ingest_exit_code_says_an_input_failed(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\x00\x01binary")
    result = rasd("ingest", SAMPLES / "basra-ied-2011-04-05.txt", broken, "--db", f"sqlite:///{tmp_path / 'x.db'}", "-q")
    assert result.exit_code == 1
    assert f"rasd: {broken}: binary data" in result.stderr
    assert "1 documents stored" in result.stderr


def test_events_table_jsonl_csv_and_filters(db: str) -> None:
    table = rasd("events", "--db", db)
    assert table.exit_code == 0 and "events" in table.stdout
    lines = rasd("events", "--db", db, "--format", "jsonl", "--limit", "0").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all({"id", "doc_ids", "source_count", *EVENT_FIELDS} <= set(r) for r in records)
    basra = [json.loads(x) for x in rasd("events", "--db", db, "--admin1", "IQ-BA", "--format", "jsonl").stdout.splitlines()]
    assert basra and all(r["admin1_code"] == "IQ-BA" for r in basra)
    rows = list(csv.DictReader(io.StringIO(rasd("events", "--db", db, "--format", "csv").stdout)))
    assert len(rows) == min(50, len(records))
    assert rasd("events", "--db", db, "--since", "yesterday").exit_code == 2


def test_events_show_lists_every_source(db: str) -> None:
    record = json.loads(rasd("events", "--db", db, "--format", "jsonl", "--admin1", "Basra").stdout.splitlines()[0])
    shown = rasd("events", "show", record["id"], "--db", db)
    assert shown.exit_code == 0
    assert "source(s)" in shown.stdout
    detail = json.loads(rasd("events", "show", record["id"], "--db", db, "--format", "json").stdout)
    assert {s["doc_id"] for s in detail["sources"]} == set(record["doc_ids"])
    assert all(s["evidence"] for s in detail["sources"])
    assert rasd("events", "show", "IRQ-none", "--db", db).exit_code == 1


def test_export_acled_csv_columns_in_order(db: str, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    result = rasd("export", out, "--format", "acled-csv", "--db", db)
    assert result.exit_code == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) > 1


@pytest.mark.parametrize("fmt", ["jsonl", "geojson"])
def test_export_other_formats_parse(db: str, fmt: str) -> None:
    result = rasd("export", "--format", fmt, "--db", db)
    assert result.exit_code == 0
    if fmt == "jsonl":
        assert all(json.loads(line)["id"] for line in result.stdout.splitlines())
    else:
        assert json.loads(result.stdout)["type"] == "FeatureCollection"


def test_export_rejects_unknown_format(db: str) -> None:
    assert rasd("export", "--format", "xlsx", "--db", db).exit_code == 2


@pytest.mark.parametrize("by", ["month", "admin1", "event_type", "sub_event_type", "actor"])
def test_stats(db: str, by: str) -> None:
    result = rasd("stats", "--by", by, "--db", db, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows and all(r["events"] > 0 for r in rows)


def test_stats_by_month_is_chronological(db: str) -> None:
    rows = json.loads(rasd("stats", "--by", "month", "--db", db, "--format", "json").stdout)
    months = [r["month"] for r in rows if r["month"]]
    assert months == sorted(months)


def test_stats_rejects_unknown_dimension(db: str) -> None:
    result = rasd("stats", "--by", "colour", "--db", db)
    assert result.exit_code == 2 and "cannot count by" in result.stderr


def test_database_from_rasd_db(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_DB", db)
    assert json.loads(rasd("stats", "--format", "json").stdout)


def test_evaluate_scores_a_gold_file(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    gold = tmp_path / "gold.jsonl"
    text = "BASRA / A roadside bomb killed two policemen in al-Zubair, west of Basra, on Monday, police said."
    docs.write_text(json.dumps({"id": "g1", "published": "2011-04-05", "text": text}) + "\n", encoding="utf-8")
    gold.write_text(json.dumps({"id": "g1", "published": "2011-04-05", "events": [{
        "event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
        "event_date": "2011-04-04", "admin1_code": "IQ-BA", "location": "Zubair", "actor1": None,
        "actor2": "Police Forces of Iraq", "fatalities": 2, "injuries": None, "evidence": text}]}) + "\n", encoding="utf-8")
    result = rasd("evaluate", gold, docs, "--format", "json")
    assert result.exit_code == 0
    assert "f1" in json.dumps(json.loads(result.stdout)).lower()


def test_reading_an_empty_database_warns(tmp_path: Path) -> None:
    result = rasd("stats", "--db", f"sqlite:///{tmp_path / 'typo.db'}")
    assert result.exit_code == 0 and "holds no documents" in result.stderr


def test_evaluate_errors_lists_what_disagrees(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    gold = tmp_path / "gold.jsonl"
    text = "BASRA / A roadside bomb killed two policemen in al-Zubair, west of Basra, on Monday, police said."
    docs.write_text(json.dumps({"id": "g1", "published": "2011-04-05", "text": text}) + "\n", encoding="utf-8")
    wrong_toll = {"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
                  "event_date": "2011-04-04", "admin1_code": "IQ-BA", "location": "Zubair", "fatalities": 3,
                  "actor1": "Unidentified Armed Group (Iraq)", "evidence": text}
    missed = dict(wrong_toll, event_type="Battles", sub_event_type="Armed clash")
    gold.write_text(json.dumps({"id": "g1", "published": "2011-04-05", "events": [wrong_toll, missed]}) + "\n",
                    encoding="utf-8")
    result = rasd("evaluate", gold, docs, "--errors")
    assert result.exit_code == 0
    assert "== g1" in result.stdout
    assert "differs   fatalities gold=3 got=2" in result.stdout
    assert "missed    2011-04-04 Armed clash | IQ-BA Zubair" in result.stdout


def test_evaluate_by_sub_event_type(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    gold = tmp_path / "gold.jsonl"
    text = "BASRA / A roadside bomb killed two policemen in al-Zubair, west of Basra, on Monday, police said."
    docs.write_text(json.dumps({"id": "g1", "published": "2011-04-05", "text": text}) + "\n", encoding="utf-8")
    bomb = {"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
            "event_date": "2011-04-04", "admin1_code": "IQ-BA", "location": "Zubair", "fatalities": 2,
            "actor1": None, "evidence": text}
    grenade = dict(bomb, sub_event_type="Grenade")
    clash = dict(bomb, event_type="Battles", sub_event_type="Armed clash")
    gold.write_text(json.dumps({"id": "g1", "published": "2011-04-05", "events": [bomb, clash]}) + "\n"
                    + json.dumps({"id": "g2", "published": "2011-04-05", "events": [grenade]}) + "\n", encoding="utf-8")
    with docs.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "g2", "published": "2011-04-05", "text": text}) + "\n")
    result = rasd("evaluate", gold, docs, "--by", "sub_event_type", "--format", "json")
    assert result.exit_code == 0
    rows = {row["value"]: row for row in json.loads(result.stdout)["by_sub_event_type"]}
    assert (rows["Remote explosive/landmine/IED"]["right"], rows["Remote explosive/landmine/IED"]["recall"]) == (1, 1.0)
    assert (rows["Remote explosive/landmine/IED"]["predicted"], rows["Remote explosive/landmine/IED"]["precision"]) == (2, 0.5)
    assert (rows["Grenade"]["found"], rows["Grenade"]["right"], rows["Grenade"]["precision"]) == (1, 0, None)
    assert (rows["Armed clash"]["gold"], rows["Armed clash"]["found"]) == (1, 0)
    table = rasd("evaluate", gold, docs, "--by", "sub_event_type").stdout
    assert "Grenade" in table and "recall" in table
    assert rasd("evaluate", gold, docs, "--by", "colour").exit_code == 2


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of 60 separate incidents (a month apart), the first with formula-like evidence."""
    from datetime import date, timedelta

    from rasd.model import Article, EventMention
    from rasd.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('many') / 'rasd.db'}"
    items = []
    for n in range(60):
        day = date(2010, 1, 1) + timedelta(days=30 * n)
        text = ('=HYPERLINK("http://example.invalid","x") gunmen attacked a checkpoint in Kut.' if n == 0
                else f"Gunmen attacked a checkpoint in Kut on {day:%B %d}, killing {n % 3} policemen.")
        doc = Article(f"doc-{n}", text, day, None, "Outlet A", f"Attack {n}")
        items.append((doc, [EventMention(doc_id=doc.id, event_date=day, time_precision=1,
                                         event_type="Violence against civilians", sub_event_type="Attack",
                                         actor1="Unidentified Armed Group (Iraq)", country="Iraq", country_code="IQ",
                                         admin1="Wasit", admin1_code="IQ-WA", location="Kut", latitude=32.5128,
                                         longitude=-45.8182, geo_precision=1, fatalities=n % 3, evidence=text)]))
    store = Store.open(url)
    assert store.ingest(items).events == 60
    store.close()
    return url


def test_events_machine_formats_default_to_every_row_and_the_table_says_how_many(many: str) -> None:
    assert len(rasd("events", "--db", many, "--format", "jsonl").stdout.splitlines()) == 60
    assert len(list(csv.DictReader(io.StringIO(rasd("events", "--db", many, "--format", "csv").stdout)))) == 60
    assert len(rasd("events", "--db", many, "--format", "jsonl", "--limit", "7").stdout.splitlines()) == 7
    table = rasd("events", "--db", many).stdout
    assert "50 of 60 events" in table


def test_events_csv_defuses_formulas_too(many: str) -> None:
    rows = list(csv.DictReader(io.StringIO(rasd("events", "--db", many, "--format", "csv").stdout)))
    first = next(r for r in rows if "HYPERLINK" in r["evidence"])
    assert first["evidence"].startswith("'=HYPERLINK(")
    assert first["longitude"] == "-45.8182"  # a negative number stays a number


def test_export_acled_csv_defuses_formulas_unless_verbatim(many: str, tmp_path: Path) -> None:
    def notes(*flags: str) -> list[dict[str, str]]:
        out = tmp_path / "acled.csv"
        assert rasd("export", out, "--format", "acled-csv", "--db", many, *flags).exit_code == 0
        with out.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    defused, verbatim = notes(), notes("--verbatim")
    assert defused[0]["notes"].startswith("'=HYPERLINK(") and verbatim[0]["notes"].startswith("=HYPERLINK(")
    assert defused[0]["longitude"] == verbatim[0]["longitude"] == "-45.8182"  # a negative number stays a number
    assert [r["notes"] for r in defused[1:]] == [r["notes"] for r in verbatim[1:]]


def test_evaluate_pairs_a_gold_event_with_the_prediction_that_agrees_most(tmp_path: Path) -> None:
    from rasd.evaluate import score_document
    from rasd.model import EventMention
    from datetime import date as day

    def mention(location: str) -> EventMention:
        return EventMention("d", day(2011, 4, 4), 1, "Explosions/Remote violence", "Remote explosive/landmine/IED",
                            admin1_code="IQ-BA", location=location)

    gold = [{"event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
             "event_date": "2011-04-04", "admin1_code": "IQ-BA", "location": "Zubair"}]
    score = score_document("d", gold, [mention("Basra"), mention("Zubair")])
    assert [p.location for _, p in score.matched] == ["Zubair"]
    assert [p.location for p in score.spurious] == ["Basra"]
