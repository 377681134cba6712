"""The app factory: one FastAPI app serving the JSON API, the dashboard pages and their assets."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasd.errors import AuthError, EstimateError, NotFound, RasdError, ReviewError, StoreError
from rasd.settings import Settings
from rasd.store import Store
from rasd.web.auth import Auth, adopt_env_token
from rasd.web.params import ParameterError
from rasd.web.ratelimit import RateLimiter
from rasd.web.summary import Summary

log = logging.getLogger(__name__)
HERE = Path(__file__).parent

#: Strict by design: every script and style comes from the app itself, nothing inline runs.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class WebConfig:
    """The web layer's options, read from rasd's settings (``RASD_REPORT_MAX_BYTES`` and friends)."""

    api_token: str | None = None
    report_max_bytes: int = 1_000_000
    reports_per_minute: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> WebConfig:
        token = settings.api_token.get_secret_value() if settings.api_token else None
        return cls(api_token=token or None, report_max_bytes=settings.report_max_bytes,
                   reports_per_minute=settings.reports_per_minute)


def create_app(settings: Settings, store: Store) -> FastAPI:
    """Build the app over ``store`` with options from ``settings``."""
    from rasd.web import (api_events, api_reference, api_reports, api_review, api_stats, login, monitor, pages,
                          review_pages)

    app = FastAPI(
        lifespan=_lifespan,
        title="rasd",
        description="Conflict events read from news reports: ACLED-compatible, sourced, geocoded.",
        version=_version(),
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json stays
        redoc_url=None,
    )
    config = WebConfig.from_settings(settings)
    app.state.store = store
    app.state.settings = settings
    app.state.config = config
    app.state.limiter = RateLimiter(config.reports_per_minute, 60.0)
    app.state.summary = Summary(store)
    app.state.templates = _templates()
    adopt_env_token(store, config.api_token)
    app.state.auth = Auth(store, settings)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    for module in (api_review, api_events, api_stats, api_reference, api_reports, login, review_pages, pages):
        app.include_router(module.router)
    app.include_router(monitor.api)
    app.include_router(monitor.pages)
    _install_error_handlers(app)
    _install_read_guard(app)
    _install_security_headers(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Build the dashboard summary while the server starts; requests use SQL until it is ready.
    app.state.summary.warm()
    yield


def _templates() -> Jinja2Templates:
    # Autoescape everything: news text is untrusted and must render as inert text.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    templates = Jinja2Templates(env=env)
    templates.env.filters["http_url"] = http_url
    return templates


def http_url(value: str | None) -> str | None:
    """``value`` if it is an http(s) address, else None: news text never becomes a live link."""
    if not value:
        return None
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else None


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("rasd")
    except Exception:  # not installed (running from a checkout)
        return "0"


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and request.url.path != "/openapi.json"


def _error(request: Request, status: int, message: str, parameter: str | None = None) -> Response:
    if _wants_html(request):
        templates: Jinja2Templates = request.app.state.templates
        context = {"status": status, "message": message}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)
    body: dict[str, Any] = {"detail": message}
    if parameter:
        body["parameter"] = parameter
    return JSONResponse(body, status_code=status)


def _to_login(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 401 and _wants_html(request) and request.method == "GET":
            return _to_login(request)
        response = _error(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(ParameterError)
    async def bad_parameter(request: Request, exc: ParameterError) -> Response:
        return _error(request, 422, str(exc), exc.parameter)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"loc": ("request",), "msg": "invalid"}
        parameter = str(first["loc"][-1])
        return _error(request, 422, f"parameter '{parameter}': {first['msg']}", parameter)

    @app.exception_handler(EstimateError)
    async def thin_overlap(request: Request, exc: EstimateError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return _error(request, 503, f"the database could not answer: {exc}")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(ReviewError)
    async def refused(request: Request, exc: ReviewError) -> Response:
        return _error(request, 409, str(exc), exc.field)

    @app.exception_handler(AuthError)
    async def not_allowed(request: Request, exc: AuthError) -> Response:
        return _error(request, 403, str(exc))

    @app.exception_handler(RasdError)
    async def rasd_failed(request: Request, exc: RasdError) -> Response:
        return _error(request, 400, str(exc))


#: what anyone may open when reading needs a login (``require_login``)
PUBLIC_PATHS = ("/login", "/logout", "/static/")


def _install_read_guard(app: FastAPI) -> None:
    @app.middleware("http")
    async def read_guard(request: Request, call_next: Any) -> Response:
        auth: Auth = request.app.state.auth
        if auth.require_login and not request.url.path.startswith(PUBLIC_PATHS):
            identity = await run_in_threadpool(auth.identify, request)
            if identity.user is None:
                if _wants_html(request):
                    return _to_login(request)
                return JSONResponse({"detail": "log in or send 'Authorization: Bearer <token>' to read"},
                                    status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return await call_next(request)


def _install_security_headers(app: FastAPI) -> None:
    @app.middleware("http")
    async def add_headers(request: Request, call_next: Any) -> Response:
        try:
            response = await call_next(request)
        except Exception:  # answered here, not by Starlette's outer handler, so it gets the headers too
            log.exception("unexpected error on %s", request.url.path)
            response = _error(request, 500, "internal error: the server could not answer; the details are in its log")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
