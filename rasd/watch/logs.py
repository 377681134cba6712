"""Structured logs for ``rasd watch``: one JSON object a line (or ``key=value`` text).

    log_event(log, logging.INFO, "poll", source=3, new=12, ms=840)
    # {"ts": "2026-12-05T18:02:04.120Z", "level": "info", "event": "poll", "source": 3, "new": 12, "ms": 840}

Library code logs through ``logging`` with the fields in ``extra``; only the command line picks a
format and installs the handler (``setup``), so a log shipper can parse every line.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any, TextIO

FIELDS = "rasd_fields"


def log_event(logger: logging.Logger, level: int, event: str, **fields: Any) -> None:
    """Log ``event`` with structured ``fields`` (they are in the text form too)."""
    if logger.isEnabledFor(level):
        logger.log(level, event, extra={FIELDS: fields})


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return dict(getattr(record, FIELDS, {}) or {})


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
        entry: dict[str, Any] = {"ts": stamp.replace("+00:00", "Z"), "level": record.levelname.lower(),
                                 "logger": record.name, "event": record.getMessage(), **_fields(record)}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = datetime.fromtimestamp(record.created).strftime("%Y-%m-%d %H:%M:%S")
        pairs = " ".join(f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in _fields(record).items())
        line = f"{stamp} {record.levelname.lower():<7} {record.getMessage()} {pairs}".rstrip()
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def setup(fmt: str = "json", level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """Send rasd's logs to ``stream`` (stderr) as JSON lines or text."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger("rasd")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
