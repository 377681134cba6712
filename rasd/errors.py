"""rasd's exception tree. Messages name the input and say what to do next.

RasdError
├── InputError        a document or file that cannot be read (names file and line)
├── ConfigError       a bad setting, database URL or option value
├── StoreError        the database refused an operation
├── EstimateError     too little overlap between sources to estimate anything
├── FetchError        a URL that could not be fetched (says why, and whether to try again)
├── ReviewError       a review decision that cannot be made (a bad value, a stale revert)
│   └── NotFound      the event, document, user or change it names does not exist
└── AuthError         a login, password or token that is refused
"""

from __future__ import annotations


class RasdError(Exception):
    """Base of every error rasd raises on purpose."""


class InputError(RasdError):
    """A document or input file that cannot be read."""

    def __init__(self, source: str, problem: str, line: int | None = None) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


class ConfigError(RasdError):
    """A setting, URL or option value that cannot be used."""


class StoreError(RasdError):
    """The database could not store or read something."""


class EstimateError(RasdError):
    """The sources overlap too little for a population estimate."""


class FetchError(RasdError):
    """A URL that could not be fetched. ``transient`` errors (timeouts, 5xx, 429) are worth trying
    again later, after ``retry_after`` seconds when the server said so; the others are not.
    ``blocked`` is set when robots.txt forbids the URL."""

    def __init__(self, url: str, problem: str, *, transient: bool = False, status: int | None = None,
                 retry_after: float | None = None, blocked: bool = False) -> None:
        self.url = url
        self.problem = problem
        self.transient = transient
        self.status = status
        self.retry_after = retry_after
        self.blocked = blocked
        super().__init__(f"{url}: {problem}")


class ReviewError(RasdError):
    """A review decision that cannot be made as asked: an invalid value, an event already
    merged away, a revert that a later change still depends on. ``field`` names the field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class NotFound(ReviewError):
    """The event, document, user or audited change named does not exist."""


class AuthError(RasdError):
    """A login, password, role or token that is refused."""
