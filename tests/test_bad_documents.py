"""One bad document never aborts a batch, and one mis-encoded line never garbles a file.

Each case is a fault found by the fault campaign (issue 12): an unpaired surrogate, a number
past 2^63, publication dates outside any news report's window, a latin-1 line among UTF-8 ones.
Each becomes one error naming the file and line; every other document is stored, intact.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import rasd
from rasd.cli import app
from rasd.errors import InputError
from rasd.ingest import read_documents
from rasd.ingest.pipeline import ingest_paths
from rasd.model import Article, EventMention
from rasd.settings import Settings
from rasd.store import Store, engine_for
from rasd.web import create_app

TOWNS = ["Tikrit", "Baquba", "Hilla", "Kut", "Ramadi", "Samarra"]


def report(n: int, **fields: object) -> dict[str, object]:
    """A short real-looking report; ``n`` varies place and day so each is its own incident."""
    day = date(2011, 1, 3) + timedelta(days=9 * n)
    text = f"Gunmen killed {n % 5 + 2} policemen at a checkpoint in {TOWNS[n % len(TOWNS)]} on {day:%B} {day.day}, police said."
    return {"id": f"r{n}", "text": text, "published": (day + timedelta(days=1)).isoformat(), **fields}


def write_batch(path: Path, bad: dict[int, str], size: int = 31) -> Path:
    """``size`` JSONL lines, good reports except the raw ``bad`` lines at their line numbers."""
    lines = [bad.get(number) or json.dumps(report(number)) for number in range(1, size + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    return path


def ingest(path: Path, db: Path) -> tuple[rasd.store.IngestReport, list[InputError]]:
    errors: list[InputError] = []
    store = Store(engine_for(f"sqlite:///{db}"))
    result = ingest_paths(store, [path], batch_size=10, on_error=errors.append)
    store.close()
    return result, errors


BAD_LINES = {
    "unpaired surrogate": ('{"id": "bad", "text": "Gunmen killed two in Tikrit \\ud800", "published": "2011-06-02"}',
                           "unpaired surrogate"),
    "year 9999": ('{"id": "bad", "text": "Gunmen killed two in Tikrit.", "published": "9999-12-31"}', "in the future"),
    "year 1": ('{"id": "bad", "text": "Gunmen killed two in Tikrit yesterday.", "published": "0001-01-01"}',
               "before 1900"),
    "year 2099": ('{"id": "bad", "text": "Gunmen killed two in Tikrit.", "published": "2099-01-01"}', "in the future"),
}


@pytest.mark.parametrize("case", BAD_LINES)
def test_a_bad_document_is_one_error_naming_file_and_line_and_the_rest_is_stored(tmp_path: Path, case: str) -> None:
    line, problem = BAD_LINES[case]
    path = write_batch(tmp_path / "batch.jsonl", {21: line})
    result, errors = ingest(path, tmp_path / "rasd.db")
    assert [str(e).split(": ")[0] for e in errors] == [f"{path}:21"]
    assert problem in str(errors[0]) and "'bad'" in str(errors[0])
    assert result.documents == 30 and len(result.failed) == 1  # the ten after it too


def test_a_number_past_64_bits_never_stops_the_batch(tmp_path: Path) -> None:
    huge = json.dumps({"id": "huge", "text": "Gunmen killed 99999999999999999999999 people in Tikrit on Monday.",
                       "published": "2011-06-02"})
    path = write_batch(tmp_path / "batch.jsonl", {21: huge})
    result, _ = ingest(path, tmp_path / "rasd.db")
    assert result.documents + len(result.failed) == 31 and result.documents >= 30


def test_the_store_refuses_an_unstorable_count_as_one_failure(store: Store) -> None:
    """Whatever extraction reads, a count no INTEGER column holds costs only its document."""
    items = []
    for n in range(5):
        record = report(n)
        doc = Article(str(record["id"]), str(record["text"]), date.fromisoformat(str(record["published"])),
                      origin=f"batch.jsonl:{n + 1}")
        count = 99999999999999999999999 if n == 2 else 2
        items.append((doc, [EventMention(doc.id, doc.published, 1, "Battles", "Armed clash", location=TOWNS[n],
                                         fatalities=count, evidence=doc.text)]))
    result = store.ingest(items, batch_size=5)
    assert result.documents == 4
    (failure,) = result.failed
    assert failure.startswith("batch.jsonl:3: document 'r2': not stored: fatalities 99999999999999999999999")


def test_text_file_publication_dates_are_checked_too(tmp_path: Path) -> None:
    (tmp_path / "future.txt").write_text("2099-01-01\n\nGunmen killed two in Tikrit.", encoding="utf-8")
    (tmp_path / "old.txt").write_text("0001-01-01\n\nGunmen killed two in Tikrit.", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("2011-06-02\n\nGunmen killed two in Tikrit.", encoding="utf-8")
    items = list(read_documents([tmp_path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["fine"]
    assert sorted(str(i) for i in items if isinstance(i, InputError)) == [
        f"{tmp_path / 'future.txt'}: publication date 2099-01-01 is in the future "
        f"(after {date.today() + timedelta(days=2)}); check the 'published' field",
        f"{tmp_path / 'old.txt'}: publication date 0001-01-01 is before 1900-01-01; check the 'published' field",
    ]


def test_a_publication_date_option_outside_the_window_is_refused(tmp_path: Path) -> None:
    path = write_batch(tmp_path / "batch.jsonl", {}, size=2)
    result = CliRunner().invoke(app, ["ingest", str(path), "--published", "0001-01-01",
                                      "--db", f"sqlite:///{tmp_path / 'rasd.db'}"])
    assert result.exit_code == 2 and "--published" in result.output and "before 1900" in result.output
    with pytest.raises(rasd.ConfigError, match="before 1900"):
        rasd.extract_text("Gunmen killed two in Tikrit yesterday.", published="0001-01-01")


# -- the write endpoint ----------------------------------------------------------------------------

TOKEN = "t0ken"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    store = Store(engine_for(f"sqlite:///{tmp_path / 'api.db'}"))
    return TestClient(create_app(Settings(db="sqlite:///unused.db", api_token=TOKEN), store),
                      raise_server_exceptions=False)


@pytest.mark.parametrize("case", BAD_LINES)
def test_the_api_answers_a_bad_report_with_a_422_that_says_why(client: TestClient, case: str) -> None:
    line, problem = BAD_LINES[case]
    problem = "unicode string" if case == "unpaired surrogate" else problem  # pydantic's own words
    response = client.post("/api/reports", content=line.encode("utf-8"),
                           headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert problem in response.json()["detail"]
    assert client.get("/api/stats", params={"by": "month"}).json()["total"] == 0


def test_the_api_refuses_a_publication_date_that_is_not_written_as_a_date(client: TestClient) -> None:
    """pydantic alone reads 0 as 1970-01-01 (found by the schemathesis pass)."""
    response = client.post("/api/reports", json={"text": "Gunmen killed two in Tikrit.", "published": 0},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422 and "published" in response.json()["detail"]


def test_the_api_never_answers_201_for_a_report_it_did_not_store(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = client.post("/api/reports", json={"id": "same", "text": "Gunmen killed two in Tikrit on Monday."}, headers=auth)
    assert first.status_code == 201, first.text
    clash = client.post("/api/reports", json={"id": "same", "text": "Another text entirely, about Kut."}, headers=auth)
    assert clash.status_code == 409 and "already stored" in clash.json()["detail"]
    huge = client.post("/api/reports", headers=auth, json={
        "text": "Gunmen killed 99999999999999999999999 people in Tikrit on Monday.", "published": "2011-06-02"})
    assert huge.status_code in (201, 422), huge.text


# -- encodings -------------------------------------------------------------------------------------

def test_one_latin1_line_does_not_garble_the_utf8_lines_after_it(tmp_path: Path) -> None:
    texts = [f"Iraq’s police said “{n} gunmen” attacked al-Rashid — البصرة, {n} killed." for n in range(64)]
    first = json.dumps({"id": "latin", "text": "Café bombing in Basra killed two.", "published": "2011-06-02"},
                       ensure_ascii=False).encode("latin-1")
    rest = [json.dumps({"id": f"u{n}", "text": t, "published": "2011-06-02"}, ensure_ascii=False).encode("utf-8")
            for n, t in enumerate(texts)]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join([first, *rest]) + b"\n")
    items = list(read_documents([path]))
    assert not [i for i in items if isinstance(i, InputError)]
    by_id = {a.id: a.text for a in items if isinstance(a, Article)}
    assert by_id.pop("latin") == "Café bombing in Basra killed two."
    assert by_id == {f"u{n}": t for n, t in enumerate(texts)}
