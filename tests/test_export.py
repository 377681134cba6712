"""Export formats: ACLED's exact 31 columns, JSONL with every contract field, valid GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from rasd.export import ACLED_COLUMNS, acled_row, inter_for, interaction, write_acled_csv, write_geojson, write_jsonl
from rasd.model import EVENT_FIELDS, Event, EventMention, Source

# Copied from ACLED's codebook (shared/spec/acled.md, section 2), in ACLED's order.
ACLED_CODEBOOK_COLUMNS = (
    "event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type, actor1, "
    "assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, "
    "country, admin1, admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale, "
    "notes, fatalities, tags, timestamp"
).split(", ")


def event(**fields: object) -> Event:
    values: dict = dict(
        doc_id="d1", event_date=date(2011, 4, 4), time_precision=1, event_type="Violence against civilians",
        sub_event_type="Attack", actor1="Unidentified Armed Group (Iraq)", actor2="Civilians (Iraq)",
        country="Iraq", country_code="IQ", admin1="Maysan", admin1_code="IQ-MA", location="Amarah",
        latitude=31.835612, longitude=47.144812, geo_precision=1, fatalities=None, evidence="Gunmen  shot\na shopkeeper.",
        source="Aswat al-Iraq",
    )
    values.update(fields)
    sources = (Source("d1", "Aswat al-Iraq", "http://a", "T", date(2011, 4, 5), "e"),
               Source("d2", "IraqiNews.com", None, None, None, "e"))
    return Event("IRQ-abc", EventMention(**values), ("d1", "d2"), sources, fatalities_low=None, fatalities_high=None, source_count=2)


def test_acled_columns_are_acleds_31_in_order() -> None:
    assert list(ACLED_COLUMNS) == ACLED_CODEBOOK_COLUMNS
    assert len(ACLED_COLUMNS) == 31


def test_acled_csv_header_and_row() -> None:
    out = io.StringIO()
    assert write_acled_csv([event()], out) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ACLED_CODEBOOK_COLUMNS
    row = dict(zip(rows[0], rows[1]))
    assert row["event_id_cnty"] == "IRQ-abc" and row["year"] == "2011"
    assert row["disorder_type"] == "Political violence"
    assert (row["inter1"], row["inter2"]) == ("Political militia", "Civilians")
    assert row["interaction"] == "Political militia-Civilians"
    assert row["civilian_targeting"] == "Civilians targeted"
    assert (row["iso"], row["region"]) == ("368", "Middle East")
    assert (row["latitude"], row["longitude"]) == ("31.8356", "47.1448")
    assert row["fatalities"] == "0"  # no information is coded 0, as ACLED does
    assert row["source"] == "Aswat al-Iraq; IraqiNews.com"
    assert row["notes"] == "Gunmen shot a shopkeeper."
    assert int(row["timestamp"]) > 0


@pytest.mark.parametrize(
    ("sub_event_type", "disorder"),
    [("Excessive force against protesters", "Political violence; Demonstrations"), ("Peaceful protest", "Demonstrations"),
     ("Arrests", "Strategic developments"), ("Armed clash", "Political violence")],
)
def test_disorder_type_follows_the_codebook(sub_event_type: str, disorder: str) -> None:
    assert acled_row(event(sub_event_type=sub_event_type), 0)["disorder_type"] == disorder


def test_interaction_orders_by_acled_code_and_marks_one_sided_events() -> None:
    assert interaction("Civilians", "State forces") == "State forces-Civilians"
    assert interaction("Rebel group", "") == "Rebel group only"
    assert interaction("", "") == ""


def test_inter_fallback_follows_acled_naming() -> None:
    assert inter_for("Protesters (Iraq)", "Iraq") == "Protesters"
    assert inter_for("Police Forces of Iraq", "Iraq") == "State forces"
    assert inter_for(None, "Iraq") == ""


def test_jsonl_has_every_contract_field_and_the_event_extras() -> None:
    out = io.StringIO()
    write_jsonl([event()], out)
    record = json.loads(out.getvalue())
    assert set(EVENT_FIELDS) <= set(record)
    assert {"id", "doc_ids", "source_count", "fatalities_low", "fatalities_high"} <= set(record)
    assert record["doc_ids"] == ["d1", "d2"]


def test_geojson_is_a_feature_collection_of_points() -> None:
    out = io.StringIO()
    assert write_geojson([event(), event(latitude=None, longitude=None)], out) == 2
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    first, second = data["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [47.144812, 31.835612]}
    assert second["geometry"] is None
    assert first["properties"]["id"] == "IRQ-abc"


def test_empty_geojson_is_valid() -> None:
    out = io.StringIO()
    write_geojson([], out)
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}
