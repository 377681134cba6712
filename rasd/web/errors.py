"""The one shape of every error answer, and the OpenAPI description of each error status.

Every error, whatever raised it, is ``{"detail": "what is wrong", "parameter": "name"}``
(``parameter`` only when one request parameter is at fault); routers list the statuses they
can answer so the schema tells clients the truth (checked by a schemathesis pass in the tests).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    """An error answer."""

    detail: str = Field(..., description="What is wrong, and what to do about it")
    parameter: str | None = Field(None, description="The request parameter at fault, when one is")


_MEANINGS = {
    401: "Missing or wrong token (send `Authorization: Bearer <RASD_API_TOKEN>`)",
    403: "Writing is disabled: the server has no RASD_API_TOKEN",
    404: "No such resource",
    409: "Another report with this id is already stored",
    413: "The body is over the size limit",
    422: "A parameter or the body cannot be used; `parameter` names it when it is one parameter",
    429: "Too many attempts; retry after the `Retry-After` seconds",
    500: "Unexpected error; the details are in the server's log",
    503: "The database could not answer",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, each with the error body's schema."""
    return {status: {"model": ErrorBody, "description": _MEANINGS[status]} for status in statuses}


#: What any API route may answer besides success.
COMMON = responses(422, 500, 503)
