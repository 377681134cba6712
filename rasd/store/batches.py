"""Long id lists in pieces: an ``IN (...)`` of at most ``CHUNK`` values suits every backend.

(Lists of 5,000 saved SQLite little, and in the bench run that had them PostgreSQL's scattered
update took 68 s against 55 before: both keep 500.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

CHUNK = 500
T = TypeVar("T")


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def pairs_by_key(session: Session, key: Any, value: Any, keys: Iterable[Any]) -> dict[Any, Any]:
    """``{key: value}`` of the rows whose ``key`` column is among ``keys``, read a chunk at a time."""
    found: dict[Any, Any] = {}
    for group in chunks(keys):
        found.update(session.execute(select(key, value).where(key.in_(group))).all())
    return found
