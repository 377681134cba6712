"""Free-text search over events, with a full-text index on each backend.

SQLite uses an FTS5 table (``events_fts``) kept in step with ``events``: new events are added a
batch at a time (``index_events``, migration 0011), updates and deletes by triggers; PostgreSQL
uses a GIN index on a ``to_tsvector('simple', ...)`` expression. Both are created by migration
0002 and both match words and word prefixes ("ramad" finds "Ramadi"), all words required. Other
backends fall back to a case-insensitive substring match. Only this module knows the difference.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, ColumnElement, and_, false, or_, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from rasd.store.batches import chunks
from rasd.store.models import EventRow

#: the event columns a free-text query searches
SEARCH_COLUMNS: tuple[str, ...] = ("evidence", "location", "actor1", "actor2", "admin1")
_WORD = re.compile(r"\w+", re.UNICODE)


def body_sql(prefix: str = "") -> str:
    """The searched text of one event as an SQL expression (the same in index and query)."""
    return " || ' ' || ".join(f"coalesce({prefix}{column}, '')" for column in SEARCH_COLUMNS)


def index_events(session: Session, event_ids: Sequence[str]) -> None:
    """Add just-inserted events to SQLite's full-text index, one statement per chunk of ids
    (PostgreSQL's index is an expression index, kept by the database itself).

    Rows go in by ascending row number: FTS5 writes its pending terms out as a new segment
    whenever a row number is lower than the last one, so events taken in id order (a hash)
    made a segment per event, and merging those cost more the larger the index grew.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    for group in chunks(event_ids):
        session.execute(text(f"INSERT INTO events_fts(rowid, body) SELECT rowid, {body_sql()} FROM events "
                             "WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY rowid").bindparams(ids=json.dumps(group)))


def words(query: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(query)]


def _fts_match(terms: list[str]) -> str:
    return " ".join(f'"{t}"*' for t in terms)


def _sqlite(terms: list[str], page: bool) -> ColumnElement[bool]:
    # For one sorted page, the unary + stops SQLite from fetching every matching row by rowid and
    # sorting them: it walks the date index and tests membership, which finds a page of a common
    # word at once. Counts and aggregates are cheaper the other way: seek the matching rows.
    rowid = "+events.rowid" if page else "events.rowid"
    return text(f"{rowid} IN (SELECT rowid FROM events_fts WHERE events_fts MATCH :fts_match)").bindparams(
        fts_match=_fts_match(terms))


def count_sql(query: str, dialect: str) -> tuple[str, dict[str, str]] | None:
    """SQL counting the events that match ``query`` alone, from the index only (SQLite), else None."""
    terms = words(query)
    if dialect != "sqlite" or not terms:
        return None
    return "SELECT count(*) FROM events_fts WHERE events_fts MATCH :fts_match", {"fts_match": _fts_match(terms)}


def rowids_sql(query: str, dialect: str) -> tuple[str, dict[str, str]] | None:
    """SQL giving the row numbers of the events matching ``query`` as one comma-separated string
    (SQLite: from the index alone; PostgreSQL: through its index), or None when the query has no
    words or the backend no full-text index.

    One string instead of one row per match: a common word matches hundreds of thousands of
    events, and fetching them as rows costs more than the index search itself.
    """
    terms = words(query)
    if not terms:
        return None
    if dialect == "sqlite":
        return ("SELECT group_concat(rowid) FROM events_fts WHERE events_fts MATCH :fts_match",
                {"fts_match": _fts_match(terms)})
    if dialect == "postgresql":
        return (f"SELECT string_agg(rowid::text, ',') FROM events WHERE {_ts_match('')}", {"ts_query": _ts_query(terms)})
    return None


def among(rowids: Any) -> ColumnElement[bool]:
    """SQLite: the event's row number is one of ``rowids`` (from ``rowids_sql``), passed as one
    JSON array; the unary + keeps the sort order's index in use (see ``_sqlite``)."""
    listed = "[" + ",".join(map(str, rowids.tolist())) + "]"
    return text("+events.rowid IN (SELECT value FROM json_each(:rowids))").bindparams(rowids=listed)


def _ts_query(terms: list[str]) -> str:
    return " & ".join(f"{t}:*" for t in terms)


def _ts_match(prefix: str) -> str:
    """PostgreSQL: the event's text (as the GIN index of migration 0002 holds it) matches :ts_query."""
    return f"to_tsvector('simple', {body_sql(prefix)}) @@ to_tsquery('simple', :ts_query)"


def _postgresql(terms: list[str]) -> ColumnElement[bool]:
    return text(_ts_match("events.")).bindparams(ts_query=_ts_query(terms))


def _substring(query: str) -> ColumnElement[bool]:
    if "\x00" in query:  # SQLite's LIKE stops at a NUL (matching everything); PostgreSQL refuses one
        return false()
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(*(getattr(EventRow, c).ilike(pattern, escape="\\") for c in SEARCH_COLUMNS))


class TextMatch(ColumnElement[bool]):
    """A free-text condition that compiles to each backend's own full-text index query.

    Being a SQL construct (not a string chosen up front), it is right on whatever database the
    statement finally runs against, with no dialect argument to pass around.
    """

    inherit_cache = False  # holds plain Python values; statements with it are simply not cached
    type = Boolean()

    def __init__(self, query: str, page: bool) -> None:
        self.query = query
        self.terms = words(query)
        self.page = page


def _grouped(clause: ColumnElement[bool], compiler: Any, **kw: Any) -> str:
    # SQLAlchemy cannot see inside a custom construct, so it never parenthesises one: without
    # the brackets, the OR of a substring match would escape the AND of the other filters.
    return f"({compiler.process(clause, **kw)})"


@compiles(TextMatch)
def _compile_default(element: TextMatch, compiler: Any, **kw: Any) -> str:
    clause = and_(*(_substring(t) for t in element.terms)) if element.terms else _substring(element.query)
    return _grouped(clause, compiler, **kw)


@compiles(TextMatch, "sqlite")
def _compile_sqlite(element: TextMatch, compiler: Any, **kw: Any) -> str:
    clause = _sqlite(element.terms, element.page) if element.terms else _substring(element.query)
    return _grouped(clause, compiler, **kw)


@compiles(TextMatch, "postgresql")
def _compile_postgresql(element: TextMatch, compiler: Any, **kw: Any) -> str:
    clause = _postgresql(element.terms) if element.terms else _substring(element.query)
    return _grouped(clause, compiler, **kw)


def condition(query: str, page: bool = False) -> ColumnElement[bool]:
    """Events whose text contains every word of ``query`` (a word prefix counts).

    ``page``: the condition serves one sorted page (``LIMIT``), not a count or an aggregate.
    """
    return TextMatch(query, page)
