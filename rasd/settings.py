"""rasd's one settings object: defaults < settings file < environment < command-line flags.

    >>> from rasd.settings import Settings
    >>> Settings(db="sqlite:///:memory:").db
    'sqlite:///:memory:'

The file is TOML (``rasd.toml`` in the working directory, or the path in ``RASD_CONFIG``), with
the same field names as below. Environment variables are the field names upper-cased with a
``RASD_`` prefix (``RASD_DB``, ``RASD_PROCESSES``, ...). Flags are passed as keyword overrides by
``rasd.cli`` through :func:`load_settings`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from rasd.errors import ConfigError

DEFAULT_DB = "sqlite:///rasd.db"
CONFIG_FILE = "rasd.toml"


def _config_path() -> Path:
    return Path(os.environ.get("RASD_CONFIG", CONFIG_FILE))


#: Documents stored per database transaction. A commit rewrites every index page its events
#: touched, and in a large database those pages lie all over each of the events table's indexes,
#: so one transaction for more documents pays for each page once: at 17,500 stored documents,
#: batches of 1,000 took 28% less CPU per document than batches of 200, and at 90,000 batches of
#: 5,000 took a quarter less than batches of 1,000 (14.5 against 19.3 CPU-s; bench/README.md). A batch the database refuses is
#: retried a document at a time, so a bad one still costs only itself.
BATCH_SIZE = 5000


class Settings(BaseSettings):
    """Every option rasd reads, validated, with help text (``rasd --help`` repeats it)."""

    model_config = SettingsConfigDict(env_prefix="RASD_", extra="ignore", validate_default=True)

    db: str = Field(DEFAULT_DB, description="SQLAlchemy database URL, e.g. sqlite:///rasd.db or postgresql+psycopg://user@host/rasd.")
    processes: int | None = Field(None, ge=1, le=256, description="Worker processes for extraction (1 = serial, no multiprocessing; unset: every core when the input is over 1 MB, else 1).")
    cluster: str | None = Field(None, description="Extract on a Dask cluster instead: local:N (N worker processes here) or the scheduler's address, tcp://HOST:8786 (needs the dask extra).")
    batch_size: int = Field(BATCH_SIZE, ge=1, le=100_000, description="Documents stored per database transaction.")
    max_document_mb: float = Field(5.0, gt=0, description="A single document (one JSONL line or one file) larger than this (MB) is refused.")
    max_count: int = Field(100_000, ge=1, le=2**62, description="Tolls and counts above this are not read as counts (a misread number, not a casualty figure).")
    typer: Literal["rules", "learned"] = Field("rules", description="What decides whether a sentence tells of an incident, and its type: rasd's rules, or the linear model fitted on the development sets (scores below the rules held out; docs/extraction.md).")
    api_token: SecretStr | None = Field(None, description="An API token for the account 'api' (editor), kept for scripts of earlier versions; tokens are made with `rasd users token`.")
    report_max_bytes: int = Field(1_000_000, ge=1, description="Largest report body `rasd serve` accepts on its write endpoint.")
    reports_per_minute: int = Field(10, ge=1, description="Rate limit of the write endpoint, per client per minute.")
    require_login: bool = Field(False, description="`rasd serve`: also reading needs a login or an API token (default: reading is open, writing never is).")
    session_hours: float = Field(12.0, gt=0, le=24 * 90, description="`rasd serve`: a login lasts this many hours.")
    login_failures: int = Field(5, ge=1, description="`rasd serve`: failed logins allowed per account in 15 minutes (four times as many per address).")
    host: str = Field("127.0.0.1", description="Address `rasd serve` binds to (loopback by default).")
    port: int = Field(8000, ge=1, le=65535, description="Port `rasd serve` listens on.")
    user_agent: str = Field("rasd/0.1 (conflict-event monitor; set RASD_USER_AGENT to add a contact address)",
                            min_length=3, description="User-Agent `rasd watch` sends; put a contact address in it. Its first word is the name robots.txt rules are matched against.")
    fetch_timeout: float = Field(20.0, gt=0, description="Seconds `rasd watch` waits to connect, and between two reads of a page.")
    fetch_deadline: float = Field(60.0, gt=0, description="Seconds one download may take in all.")
    fetch_retries: int = Field(3, ge=0, le=10, description="Further attempts after a timeout, 429 or 5xx, with exponential backoff and jitter.")
    fetch_backoff: float = Field(2.0, ge=0, description="Seconds before the first retry (doubled each time, jittered; never less than Retry-After).")
    fetch_max_mb: float = Field(10.0, gt=0, description="A page larger than this (MB) is not downloaded.")
    host_interval: float = Field(2.0, ge=0, description="Seconds between two requests to one host (longer if its robots.txt asks with Crawl-delay).")
    respect_robots: bool = Field(True, description="Honour robots.txt (turn off only for your own servers).")
    watch_workers: int = Field(4, ge=1, le=64, description="Sources `rasd watch` polls at the same time.")
    max_item_age_days: int = Field(30, ge=0, description="Feed and sitemap items dated earlier than this many days are not fetched (0 = any age).")
    max_articles_per_poll: int = Field(200, ge=1, description="New articles fetched from one source per poll; the rest wait for the next poll.")
    sources_file: str | None = Field(None, description="A sources.toml that `rasd watch` loads into the database when it starts.")
    alerts: bool = Field(True, description="Raise alerts after each `rasd watch` round (rules: the defaults, or alerts_file).")
    alerts_file: str | None = Field(None, description="Alert rules and delivery (webhook, SMTP) in TOML, on top of rasd's defaults; `rasd alerts rules` shows them.")

    @field_validator("cluster")
    @classmethod
    def _cluster_address(cls, value: str | None) -> str | None:
        from rasd.parallel import check_cluster

        try:
            return check_cluster(value) if value else None
        except ConfigError as exc:
            raise ValueError(str(exc)) from None

    @field_validator("db")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError(f"{value!r} is not a database URL; use e.g. sqlite:///rasd.db")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Earlier sources win: flags (init) > environment > file > field defaults.
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_path())
        return (init_settings, env_settings, toml)


def load_settings(**flags: Any) -> Settings:
    """Settings with ``flags`` (None values ignored) on top; a bad value raises ``ConfigError``."""
    given = {name: value for name, value in flags.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"invalid settings ({problems}); check flags, RASD_* variables and {_config_path()}") from None


def describe() -> list[tuple[str, str, str]]:
    """(name, default, help) for every setting, for documentation."""
    return [(name, repr(f.default), f.description or "") for name, f in Settings.model_fields.items()]
