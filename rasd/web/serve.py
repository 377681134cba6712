"""Running the app under uvicorn (``rasd serve``)."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from rasd.web.app import create_app

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_server(settings: Any, store: Any) -> None:
    """Serve the dashboard and API over ``store`` on ``settings.host:settings.port`` until stopped."""
    import uvicorn

    if not is_loopback(settings.host):
        log.warning("serving on %s: anyone who can reach this address can read the dataset", settings.host)
    uvicorn.run(create_app(settings, store), host=settings.host, port=settings.port, log_level="info")
