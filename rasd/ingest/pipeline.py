"""The whole ingestion path as one function: read → extract → store, streaming throughout.

Used by ``rasd ingest`` and ``rasd.ingest`` (the Python API); the CLI adds a progress bar
through ``on_document``. Extraction is imported lazily so that reading files stays light.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path

from rasd.errors import InputError
from rasd.ingest import Columns, articles_only, read_documents
from rasd.model import Article, EventMention
from rasd.parallel import auto_processes, imap_cluster, imap_ordered
from rasd.settings import BATCH_SIZE

log = logging.getLogger(__name__)


def _extract_safely(article: Article) -> tuple[Article, list[EventMention] | None, str | None]:
    """Extraction that turns a crash on one document into a message, so the batch goes on."""
    from rasd.extract import extract

    try:
        return article, extract(article), None
    except Exception as exc:  # an extractor bug must cost one document, not the run
        log.exception("%s: extraction failed", article.id)
        return article, None, f"extraction failed: {type(exc).__name__}: {exc}"


#: A report that takes every stage's first steps at home (a dateline, an incident with its toll,
#: a protest): what a stage loads or compiles on first use is then shared by every worker. The
#: world's towns are left to the first event abroad in each worker: most reports never need them.
_WARM_UP = ("BAGHDAD, June 2 (Wire) - A roadside bomb exploded near a police patrol in Amarah on Monday, "
            "killing two policemen and wounding three others, police said.\n\nSeparately, gunmen shot dead "
            "a shopkeeper in Kirkuk on Sunday. Hundreds of protesters rallied in Basra on Friday.")


def _warm() -> None:
    from rasd.extract import extract

    extract(Article("warm-up", _WARM_UP, date(2011, 6, 2)))  # before the workers fork


def extracted(articles: Iterable[Article], processes: int | None = 1,
              on_document: Callable[[Article, list[EventMention]], None] | None = None,
              on_error: Callable[[InputError], None] | None = None,
              cluster: str | None = None, ahead: int = 0) -> Iterator[tuple[Article, list[EventMention]]]:
    """(article, mentions) pairs, in input order; ``on_document`` sees each as it passes and a
    document whose extraction fails goes to ``on_error`` instead. With ``cluster`` (``local:N``
    or a Dask scheduler's address) extraction runs on its workers, else on ``processes``; either
    keeps at least ``ahead`` documents ahead of the caller (``imap_ordered``)."""
    if cluster:
        results = imap_cluster(_extract_safely, articles, cluster, warm=_warm, ahead=ahead)
    else:
        results = imap_ordered(_extract_safely, articles, processes or 1, warm=_warm, ahead=ahead)
    for article, mentions, problem in results:
        if mentions is None:
            if on_error is not None:
                on_error(InputError(article.origin or article.id, f"document {article.id!r}: {problem}"))
            continue
        if on_document is not None:
            on_document(article, mentions)
        yield article, mentions


def unstored(articles: Iterable[Article], store: "Store", skipped: list[str], window: int = 500) -> Iterator[Article]:  # noqa: F821
    """The articles whose content is not stored yet; the ids of the others go to ``skipped``.

    Checked a window at a time, so re-ingesting a corpus costs a hash lookup, not an extraction.
    """
    iterator = iter(articles)
    while group := list(islice(iterator, window)):
        known = store.stored_hashes([a.content_hash for a in group])
        for article in group:
            if article.content_hash in known:
                skipped.append(article.id)
            else:
                yield article


def ingest_paths(store: "Store", paths: Iterable[str | Path], *, published: date | None = None,  # noqa: F821
                 processes: int | None = None, batch_size: int = BATCH_SIZE, max_document_mb: float = 5.0,
                 on_error: Callable[[InputError], None] | None = None,
                 on_document: Callable[[Article, list[EventMention]], None] | None = None,
                 cluster: str | None = None, columns: Columns | None = None) -> "IngestReport":  # noqa: F821
    """Read, extract and store every document under ``paths``; input errors go to ``on_error``
    and are also listed in the report's ``failed``. ``processes`` None: every core for a large
    input (``auto_processes``); ``cluster``: extract on a Dask cluster instead (``extracted``);
    ``columns``: the columns of CSV and Parquet inputs."""
    paths = list(paths)
    processes = auto_processes(paths, processes)
    errors: list[str] = []

    def record(error: InputError) -> None:
        errors.append(str(error))
        if on_error is not None:
            on_error(error)

    skipped: list[str] = []
    articles = unstored(articles_only(read_documents(paths, published, max_document_mb, columns), record), store, skipped)
    # the next batch is extracted while this one is stored
    report = store.ingest(extracted(articles, processes, on_document, record, cluster, ahead=batch_size), batch_size=batch_size)
    report.failed[:0] = errors
    report.skipped += len(skipped)
    return report
