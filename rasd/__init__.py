"""rasd: news reports about Iraq in, a sourced, geocoded, deduplicated ACLED-compatible event dataset out.

The Python API, for notebooks (every name here is in ``__all__`` and tested)::

    import rasd
    rasd.extract_text("A roadside bomb killed two policemen in Amarah on Monday.", published="2011-04-06")
    report = rasd.ingest_files(["samples/"], db="sqlite:///rasd.db")  # -> IngestReport
    rows = rasd.events(db="sqlite:///rasd.db", admin1="Maysan")    # -> list of dicts
    frame = rasd.events_dataframe(db="sqlite:///rasd.db", since="2011-01-01")

``extract_article`` maps one ``Article`` to its ``EventMention``s; ``Store`` is the database class
behind ``ingest_files`` and ``events``. (The names differ from the subpackages ``rasd.extract`` and
``rasd.ingest``, which hold the stages themselves.) Heavy modules (SQLAlchemy, pandas) load on
first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasd.errors import ConfigError, EstimateError, InputError, RasdError, StoreError
from rasd.model import Article, Event, EventMention, PairScore, Place, Source, parse_day

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from rasd.store import EventQuery, IngestReport, Store

try:
    __version__ = metadata.version("rasd")
except metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = [
    "__version__",
    "extract_text",
    "extract_article",
    "ingest_files",
    "events",
    "events_dataframe",
    "Store",
    "EventQuery",
    "Article",
    "EventMention",
    "Event",
    "Source",
    "Place",
    "PairScore",
    "RasdError",
    "InputError",
    "ConfigError",
    "StoreError",
    "EstimateError",
]


def _date(value: date | str | None, name: str = "published") -> date | None:
    try:
        return parse_day(value)
    except ValueError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _published(value: date | str | None) -> date | None:
    from rasd.ingest.published import published_problem

    day = _date(value)
    problem = published_problem(day)
    if problem is not None:
        raise ConfigError(f"published: {problem}")
    return day


def extract_article(article: Article) -> list[EventMention]:
    """Every incident one ``Article`` reports, as contract-shaped ``EventMention``s."""
    from rasd.extract import extract

    return extract(article)


def extract_text(text: str, published: date | str | None = None, *, doc_id: str = "text",
                 outlet: str | None = None, url: str | None = None, title: str | None = None) -> list[dict[str, Any]]:
    """Events in ``text`` as contract records (dicts); relative dates resolve against ``published``.

    Stateless: nothing is stored. ``published`` is a ``date`` or ``"YYYY-MM-DD"``.
    """
    article = Article(doc_id, text, _published(published), url, outlet, title)
    return [m.to_record() for m in extract_article(article)]


def ingest_files(paths: Iterable[str | Path] | str | Path, db: str | None = None,
           published: date | str | None = None, processes: int | None = None) -> "IngestReport":
    """Read, extract and store documents (files or folders); returns what was done.

    Unreadable inputs do not stop the batch: each is listed in the report's ``failed``.
    """
    from rasd.ingest.pipeline import ingest_paths
    from rasd.store import Store

    if isinstance(paths, (str, Path)):
        paths = [paths]
    store = Store.open(db)
    try:
        return ingest_paths(store, paths, published=_published(published), processes=processes)
    finally:
        store.close()


def events(db: str | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Stored events as records (dicts with ``id``, the contract's fields, ``doc_ids``, ...).

    ``filters`` are ``EventQuery`` fields: since, until, admin1, event_type, sub_event_type,
    actor, text, sort, descending, limit (default: all), offset.
    """
    from rasd.store import EventQuery, Store

    store = Store.open(db)
    try:
        return [e.to_record() for e in store.iter_events(EventQuery.parse(**{"limit": None, **filters}))]
    finally:
        store.close()


def events_dataframe(db: str | None = None, **filters: Any) -> "pandas.DataFrame":
    """``events(...)`` as a pandas DataFrame, ``event_date`` parsed as datetime."""
    import pandas

    frame = pandas.DataFrame.from_records(events(db, **filters))
    if not frame.empty:
        frame["event_date"] = pandas.to_datetime(frame["event_date"])
    return frame


def __getattr__(name: str) -> Any:
    """``Store`` and ``EventQuery`` load SQLAlchemy, so they are imported on first use."""
    if name in ("Store", "EventQuery"):
        import rasd.store

        return getattr(rasd.store, name)
    raise AttributeError(f"module 'rasd' has no attribute {name!r}")

