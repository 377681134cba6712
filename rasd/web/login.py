"""``/login`` and ``/logout``: the dashboard's sessions (``rasd.web.auth``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from rasd.errors import AuthError
from rasd.web.auth import Auth, client_address, form
from rasd.web.render import render

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """A local path to return to after login; anything else (another site) becomes "/"."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (target or "/").startswith("/") or (target or "").startswith("//"):
        return "/"
    return target or "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=safe_next(next), error=None)


@router.post("/login")
async def login(request: Request) -> Response:
    auth: Auth = request.app.state.auth
    fields = await form(request)
    auth.check_csrf(request, fields.get("csrf"))
    target = safe_next(fields.get("next"))
    try:
        user, password_hash = await run_in_threadpool(auth.login, fields.get("name", "").strip(),
                                                      fields.get("password", ""), client_address(request))
    except AuthError as exc:
        status = 429 if "too many" in str(exc) else 401
        return render(request, "login.html", status=status, next=target, error=str(exc),
                      name=fields.get("name", ""))
    response = RedirectResponse(target, status_code=303)
    auth.set_session(response, request, auth.session_value(user, password_hash))
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    auth: Auth = request.app.state.auth
    auth.check_csrf(request, (await form(request)).get("csrf"))
    response = RedirectResponse("/", status_code=303)
    auth.end_session(response)
    return response
