"""Many rows into one table in one statement: PostgreSQL's ``COPY``, elsewhere one prepared insert.

An ingest batch writes thousands of documents, mentions and events. The ORM's bulk insert skips
the ``None`` values of each row, so rows that differ in which fields are empty (most mentions:
one has no actor 2, the next no fatalities) break into runs and end up as one ``INSERT`` per
row. Here every row carries every column: SQLite gets one ``executemany`` of one prepared
statement with plain tuples (only the columns whose type converts values, dates, go through
SQLAlchemy's converters: its per-row parameter handling cost more than SQLite's insert of a
mention), PostgreSQL a ``COPY ... FROM STDIN`` (psycopg 3), several times faster than inserts
for large text such as the documents. Columns a row leaves out get their scalar default, as an
ORM insert would give them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

#: Fewer rows than this go through a plain insert: a COPY costs a round trip of its own.
COPY_FROM = 20


def _full_rows(table: Table, rows: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """The columns to write (those given, then those with a scalar default) and each row's values."""
    given = set().union(*(row.keys() for row in rows))
    unknown = given - {c.name for c in table.columns}
    if unknown:
        raise ValueError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    names = [c.name for c in table.columns if c.name in given]
    defaults = {c.name: c.default.arg for c in table.columns
                if c.name not in given and c.default is not None and c.default.is_scalar}
    tail = tuple(defaults.values())
    return [*names, *defaults], [[*map(row.get, names), *tail] for row in rows]


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (column name -> value) into ``table`` inside the session's transaction."""
    if not rows:
        return
    names, values = _full_rows(table, rows)
    connection = session.connection()
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg" and len(rows) >= COPY_FROM:
        _copy(connection, table, names, values)
    elif connection.dialect.name == "sqlite":
        _executemany(connection, table, names, values)
    else:
        connection.execute(table.insert(), [dict(zip(names, row)) for row in values])


def _executemany(connection: Any, table: Table, names: list[str], values: list[list[Any]]) -> None:
    """One prepared ``INSERT`` for all ``values``, converted as SQLAlchemy would (dates to text)."""
    dialect = connection.dialect
    for k, name in enumerate(names):
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            for row in values:
                row[k] = convert(row[k])
    quote = dialect.identifier_preparer.quote
    statement = f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) VALUES ({', '.join('?' * len(names))})"
    connection.exec_driver_sql(statement, list(map(tuple, values)))


def _copy(connection: Any, table: Table, names: list[str], values: list[list[Any]]) -> None:
    quote = connection.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(map(quote, names))}) FROM STDIN"
    with connection.connection.dbapi_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)
