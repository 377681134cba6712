"""The public Python API (``import rasd``): exported names, and each function on real data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import rasd

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
EXPECTED = {
    "__version__", "extract_text", "extract_article", "ingest_files", "events", "events_dataframe", "Store", "EventQuery",
    "Article", "EventMention", "Event", "Source", "Place", "PairScore",
    "RasdError", "InputError", "ConfigError", "StoreError", "EstimateError",
}


def test_all_is_the_documented_api_and_every_name_resolves() -> None:
    assert set(rasd.__all__) == EXPECTED
    for name in rasd.__all__:
        assert getattr(rasd, name) is not None, name


def test_public_functions_are_documented() -> None:
    for name in ("extract_text", "extract_article", "ingest_files", "events", "events_dataframe"):
        assert getattr(rasd, name).__doc__, name


def test_extract_text_resolves_relative_dates_against_published() -> None:
    records = rasd.extract_text("BASRA / A roadside bomb killed two policemen in al-Zubair, west of Basra, on Monday.",
                                published="2011-04-05")
    assert records
    assert records[0]["event_date"] == "2011-04-04"
    assert records[0]["admin1_code"] == "IQ-BA"
    assert records[0]["doc_id"] == "text"


def test_extract_text_rejects_a_bad_date() -> None:
    with pytest.raises(rasd.ConfigError):
        rasd.extract_text("A bomb exploded.", published="yesterday")


def test_extract_article_takes_an_article() -> None:
    article = rasd.Article("a1", "Gunmen kidnapped a shop owner in Baquba yesterday.", date(2011, 3, 2))
    [mention] = rasd.extract_article(article)
    assert isinstance(mention, rasd.EventMention) and mention.doc_id == "a1"
    assert (mention.event_date, mention.sub_event_type, mention.location) == (
        date(2011, 3, 1), "Abduction/forced disappearance", "Baquba")


def test_api_functions_are_not_the_subpackages() -> None:
    import rasd.extract
    import rasd.ingest

    assert rasd.extract_article is not rasd.extract and callable(rasd.extract_article)
    assert rasd.ingest_files is not rasd.ingest and callable(rasd.ingest_files)


def test_ingest_events_and_dataframe(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'api.db'}"
    report = rasd.ingest_files(SAMPLES, db=db)
    assert report.documents >= 6 and report.ok
    again = rasd.ingest_files([SAMPLES], db=db)
    assert again.documents == 0 and again.skipped == report.documents
    records = rasd.events(db=db)
    assert records and all("id" in r and "doc_ids" in r for r in records)
    basra = rasd.events(db=db, admin1="Basra", since="2011-01-01")
    assert basra and all(r["admin1"] == "Basra" for r in basra)
    frame = rasd.events_dataframe(db=db, admin1="IQ-BA")
    assert len(frame) == len(basra)
    assert str(frame["event_date"].dtype).startswith("datetime64")


def test_ingest_reports_unreadable_inputs_without_stopping(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    report = rasd.ingest_files([empty, SAMPLES / "basra-ied-2011-04-05.txt"], db=f"sqlite:///{tmp_path / 'x.db'}")
    assert report.documents == 1
    assert not report.ok and str(empty) in report.failed[0]


def test_events_rejects_unknown_filters(tmp_path: Path) -> None:
    with pytest.raises(rasd.ConfigError):
        rasd.events(db=f"sqlite:///{tmp_path / 'y.db'}", colour="red")


def test_store_and_query_are_usable_directly() -> None:
    store = rasd.Store.open("sqlite://")
    assert store.query_events(rasd.EventQuery()) == ([], 0)


def test_settings_layer_defaults_file_environment_flags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd.settings import load_settings

    config = tmp_path / "rasd.toml"
    config.write_text('db = "sqlite:///from-file.db"\nbatch_size = 50\nprocesses = 2\n', encoding="utf-8")
    monkeypatch.setenv("RASD_CONFIG", str(config))
    monkeypatch.delenv("RASD_DB", raising=False)
    assert (load_settings().db, load_settings().batch_size) == ("sqlite:///from-file.db", 50)
    monkeypatch.setenv("RASD_DB", "sqlite:///from-env.db")
    assert load_settings().db == "sqlite:///from-env.db"
    flagged = load_settings(db="sqlite:///from-flag.db", processes=None)
    assert (flagged.db, flagged.processes, flagged.batch_size) == ("sqlite:///from-flag.db", 2, 50)
    assert load_settings().max_document_mb == 5.0  # untouched fields keep their defaults
    assert load_settings().max_count == 100_000
    monkeypatch.setenv("RASD_MAX_COUNT", "5000")
    assert load_settings().max_count == 5000


def test_bad_settings_are_config_errors_naming_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd.settings import Settings, load_settings

    monkeypatch.setenv("RASD_PROCESSES", "0")
    with pytest.raises(rasd.ConfigError, match="processes"):
        load_settings()
    assert all(field.description for field in Settings.model_fields.values())
