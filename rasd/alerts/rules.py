"""Alert rules: the defaults in ``rasd/data/alerts/default.toml``, changed by the user's file.

    >>> config = load_rules(None)                      # the defaults
    >>> [r.name for r in config.rules][:2]
    ['weekly-events-surge', 'weekly-fatalities-surge']

A user's file (``alerts_file`` setting) overrides rules by name, field by field, adds new ones
(``[[rule]]`` with a ``name`` and a ``kind``), switches any off (``enabled = false``), and says
where alerts are delivered (``[webhook]``, ``[smtp]``). A bad file is a ``ConfigError`` naming
the file, the rule and the field.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rasd.errors import ConfigError

#: the fields each kind of rule takes, with their types
KINDS: dict[str, dict[str, type]] = {
    "surge": {"measure": str, "k": float, "weeks": int, "min_count": int},
    "first": {"days": int},
    "deadly": {"min_fatalities": int},
    "silent": {"factor": float, "min_hours": float, "min_articles": int},
    "failing": {"failures": int},
}
MEASURES = ("events", "fatalities")


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    params: dict[str, Any]
    enabled: bool = True

    def __getitem__(self, key: str) -> Any:
        return self.params[key]


@dataclass(frozen=True)
class Webhook:
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0


@dataclass(frozen=True)
class Smtp:
    host: str
    sender: str
    to: tuple[str, ...]
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password: str | None = None  # read from the environment variable named by password_env
    timeout: float = 10.0


@dataclass(frozen=True)
class AlertConfig:
    rules: list[Rule]
    lookback_days: int = 14
    public_url: str | None = None
    webhook: Webhook | None = None
    smtp: Smtp | None = None

    @property
    def channels(self) -> list[str]:
        return [name for name, on in (("webhook", self.webhook), ("smtp", self.smtp)) if on]

    def active(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.enabled and r.kind == kind]


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read alert rules: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _defaults() -> dict[str, Any]:
    text = resources.files("rasd").joinpath("data/alerts/default.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _rule(where: str, entry: dict[str, Any], base: Rule | None) -> Rule:
    kind = entry.get("kind", base.kind if base else None)
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is unknown; choose one of {', '.join(KINDS)}")
    params = dict(base.params) if base else {}
    for key, value in entry.items():
        if key in ("name", "kind", "enabled"):
            continue
        if key not in KINDS[kind]:
            raise ConfigError(f"{where}: a {kind} rule has no field {key!r}; its fields are {', '.join(KINDS[kind])}")
        wanted = KINDS[kind][key]
        if wanted is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise ConfigError(f"{where}: {key} = {value!r} should be a {wanted.__name__}")
        params[key] = value
    missing = set(KINDS[kind]) - set(params)
    if missing:
        raise ConfigError(f"{where}: missing {', '.join(sorted(missing))}")
    if kind == "surge" and params["measure"] not in MEASURES:
        raise ConfigError(f"{where}: measure {params['measure']!r}: choose events or fatalities")
    return Rule(entry.get("name") or base.name, kind, params, bool(entry.get("enabled", base.enabled if base else True)))  # type: ignore[union-attr]


def _rules(data: dict[str, Any], where: str, base: dict[str, Rule]) -> dict[str, Rule]:
    rules = dict(base)
    for number, entry in enumerate(data.get("rule", []), 1):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise ConfigError(f"{where}: rule {number} has no name")
        rules[entry["name"]] = _rule(f"{where}: rule {entry['name']!r}", entry, base.get(entry["name"]))
    return rules


def _webhook(data: Any, where: str) -> Webhook | None:
    if not data:
        return None
    if not str(data.get("url", "")).startswith(("http://", "https://")):
        raise ConfigError(f"{where}: [webhook] needs an http(s) url")
    return Webhook(str(data["url"]), {str(k): str(v) for k, v in dict(data.get("headers", {})).items()},
                   float(data.get("timeout", 10.0)))


def _smtp(data: Any, where: str) -> Smtp | None:
    if not data:
        return None
    to = data.get("to")
    to = (to,) if isinstance(to, str) else tuple(to or ())
    if not data.get("host") or not data.get("sender") or not to:
        raise ConfigError(f"{where}: [smtp] needs host, sender and to")
    password = None
    if data.get("password_env"):
        password = os.environ.get(str(data["password_env"]))
        if password is None:
            raise ConfigError(f"{where}: [smtp] password_env names {data['password_env']}, which is not set")
    return Smtp(str(data["host"]), str(data["sender"]), to, int(data.get("port", 25)), bool(data.get("starttls", False)),
                bool(data.get("ssl", False)), data.get("username"), password, float(data.get("timeout", 10.0)))


def load_rules(path: str | Path | None) -> AlertConfig:
    """The rules in force: the defaults, with ``path`` (when given) on top."""
    defaults = _defaults()
    rules = _rules(defaults, "rasd/data/alerts/default.toml", {})
    options = dict(defaults.get("options", {}))
    user: dict[str, Any] = {}
    where = "alerts"
    if path is not None:
        where = str(path)
        user = _read(Path(path))
        rules = _rules(user, where, rules)
        options.update(user.get("options", {}))
    return AlertConfig(list(rules.values()), int(options.get("lookback_days", 14)), options.get("public_url"),
                       _webhook(user.get("webhook"), where), _smtp(user.get("smtp"), where))
