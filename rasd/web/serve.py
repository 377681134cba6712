"""Running the app under uvicorn (``rasd serve``)."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from fastapi import FastAPI
from starlette.middleware.trustedhost import TrustedHostMiddleware

from rasd.web.app import create_app

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def guard_hosts(app: FastAPI, host: str) -> FastAPI:
    """On loopback, answer only requests addressed to this machine's own names.

    A web page elsewhere could otherwise point a hostname of its own at 127.0.0.1 (DNS
    rebinding) and read the dataset through the visitor's browser.
    """
    if is_loopback(host):
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"])
    return app


def run_server(settings: Any, store: Any) -> None:
    """Serve the dashboard and API over ``store`` on ``settings.host:settings.port`` until stopped."""
    import uvicorn

    if not is_loopback(settings.host):
        log.warning("serving on %s: anyone who can reach this address can read the dataset", settings.host)
    app = guard_hosts(create_app(settings, store), settings.host)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
