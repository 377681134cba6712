"""Python's cyclic garbage collector paused while one transaction's work runs.

Storing a batch builds a few hundred thousand long-lived objects (the stored neighbours read
whole, their blocking columns, pairs and tables) and almost no reference cycles. The collector
does not know that: each time the objects that survived a collection grow by a quarter it walks
the whole heap again, which was a sixth of a scattered update's time (5 of 26 CPU-s on the
100,000-document bench database). Reference counting still frees everything acyclic at once;
the little cyclic garbage a batch leaves is collected when the collector resumes after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic collector off inside the block, as it was after (nested blocks leave it off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
