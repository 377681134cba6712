"""Rendering a page: every template gets the vocabulary, the user and a CSRF token."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from rasd.web.auth import Auth
from rasd.web.vocab import EVENT_TYPES, SORT_FIELDS, governorates


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    auth: Auth = request.app.state.auth
    base = {"governorates": governorates(), "event_types": EVENT_TYPES, "sort_fields": SORT_FIELDS,
            "user": auth.identify(request).user, "csrf": auth.csrf_token(request)}
    response = request.app.state.templates.TemplateResponse(request, template, {**base, **context},
                                                             status_code=status)
    auth.remember_pre_nonce(request, response)
    return response
