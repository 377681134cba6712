"""A bounded schemathesis pass over the OpenAPI schema: no request gets a server error, and every
answer conforms to the schema (status codes, media types, bodies, error shape).

One check is left out: ``positive_data_acceptance`` takes every value the schema allows as one
the server must accept, but filters have rules a JSON schema does not state (a known
governorate, ``since`` not after ``until``, no control characters), and refusing those with a
422 that names the parameter is the documented answer.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

import web_data

import rasd
from rasd.settings import Settings
from rasd.web import create_app

TOKEN = "schema-token"


def _app():
    """The app over a small real store (built when the module is collected: schemathesis needs the
    schema before any fixture runs)."""
    store = web_data.build(Path(tempfile.mkdtemp(prefix="rasd-schema-")) / "rasd.db")
    rasd.extract_text("Gunmen killed two in Tikrit.")  # loads the lexicons now, not in a timed request
    return create_app(Settings(db="sqlite:///unused.db", api_token=TOKEN, reports_per_minute=10_000), store)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_every_operation_conforms_and_never_errs(case: schemathesis.Case) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.method == "POST" else None
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance], timeout=120)
