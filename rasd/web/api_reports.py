"""``POST /api/reports``: submit one news report.

Guarded in this order: writing is switched off while no API token exists (``rasd users token``,
or ``RASD_API_TOKEN``); a per-client rate limit, counting every attempt so that guessing a
token is limited too; the token, whose account must be an editor; and a size limit read before
the body is parsed.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, ValidationError, field_validator

from rasd.ingest.published import published_problem
from rasd.model import Article
from rasd.web import errors, service
from rasd.web.auth import client_address, require

router = APIRouter(prefix="/api", tags=["reports"], responses=errors.COMMON)


class ReportIn(BaseModel):
    """A news report, in the input-document shape of the output contract."""

    id: str | None = Field(None, max_length=200, description="Document id (default: a hash of the text)")
    text: str = Field(..., min_length=1, description="The report's text")
    published: date | None = Field(None, description="Publication date, YYYY-MM-DD")
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=1000)

    @field_validator("published", mode="before")
    @classmethod
    def _written_as_a_date(cls, value: object) -> object:
        if value is not None and not isinstance(value, str):  # pydantic would read 0 as 1970-01-01
            raise ValueError("a date is written YYYY-MM-DD, as a string")
        return value

    @field_validator("published")
    @classmethod
    def _plausible_date(cls, value: date | None) -> date | None:
        problem = published_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    def to_article(self) -> Article:
        doc_id = self.id or "web-" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]
        return Article(doc_id, self.text, self.published, self.url, self.outlet, self.title)


def _check_enabled(request: Request) -> None:
    if not request.app.state.store.users.has_active_tokens():
        raise HTTPException(403, "writing is disabled: no API token exists; make one with `rasd users token NAME`")


def _check_token(request: Request) -> None:
    if not request.headers.get("authorization", "").lower().startswith("bearer "):
        raise HTTPException(401, "missing token: send 'Authorization: Bearer <token>' (`rasd users token NAME`)",
                            headers={"WWW-Authenticate": "Bearer"})
    require(request, "editor", "submit reports")


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"report is {declared} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise HTTPException(413, f"report is over the limit of {limit} bytes")
    return bytes(body)


@router.post("/reports", status_code=201, summary="Submit a news report (token required)",
             responses=errors.responses(401, 403, 409, 413, 429),
             openapi_extra={"requestBody": {"content": {"application/json": {
                 "schema": ReportIn.model_json_schema()}}, "required": True}})
async def submit_report(request: Request) -> dict[str, Any]:
    await run_in_threadpool(_check_enabled, request)
    if not request.app.state.limiter.allow(client_address(request)):  # before the token check, so guessing is limited too
        raise HTTPException(429, "too many reports; try again in a minute", headers={"Retry-After": "60"})
    await run_in_threadpool(_check_token, request)
    raw = await _read_limited(request, request.app.state.config.report_max_bytes)
    try:
        report = ReportIn.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as exc:
        raise HTTPException(422, f"body: not a valid report: {_first_problem(exc)}") from None
    # extraction is CPU-bound: keep it off the event loop
    result = await run_in_threadpool(service.submit, request.app.state.store, report.to_article())
    if result["ingest"]["failed"]:  # never 201 for a report that was not stored
        raise HTTPException(422, f"report not stored: {result['ingest']['failed'][0]}")
    request.app.state.summary.invalidate()  # the submitter sees the report in the counts at once
    return result


def _first_problem(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"field '{'.'.join(str(p) for p in first['loc'])}': {first['msg']}"
    return str(exc)
