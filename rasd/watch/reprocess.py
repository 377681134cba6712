"""``rasd reprocess``: read the kept raw pages again with today's readers.

Pages whose reading found no article (``empty``) or failed are read again; with ``everything``,
so are the pages stored before, and a page that now reads differently replaces its document
(and what was extracted from it) with the new reading. Nothing is fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasd.store.pages import Outcome
from rasd.watch.poll import SETTLE_BATCH, Poller, PollResult


@dataclass
class ReprocessReport:
    requeued: int = 0  # empty or failed pages read again
    reread: int = 0  # stored pages read again
    replaced: int = 0  # ... whose document changed
    unchanged: int = 0
    result: PollResult | None = None


def reprocess(store: Any, poller: Poller, everything: bool = False, source_id: int | None = None) -> ReprocessReport:
    report = ReprocessReport(result=PollResult(source_id or 0))
    report.requeued = store.pages.requeue(("empty", "failed"), source_id)
    poller.read_pending(None, report.result)
    if everything:
        _reread_stored(store, poller, source_id, report)
    return report


def _reread_stored(store: Any, poller: Poller, source_id: int | None, report: ReprocessReport) -> None:
    sources = {s.id: s for s in store.sources.all()}
    after = 0
    while kept := store.pages.kept(("stored",), after, SETTLE_BATCH, source_id):
        after = kept[-1][0].id
        for page, doc_id in kept:
            (outcome,) = poller.read_pages([page], sources.get(page.source_id))
            outcome = Outcome(**{**outcome.__dict__, "replaces": doc_id})
            settled = store.pages.settle([outcome])
            report.reread += 1
            report.replaced += settled.replaced
            report.unchanged += settled.unchanged


def source_documents(store: Any, source_id: int) -> list[str]:
    """The ids of the documents stored from one source's pages."""
    found: list[str] = []
    after = 0
    while kept := store.pages.kept(("stored",), after, SETTLE_BATCH, source_id):
        after = kept[-1][0].id
        found.extend(doc_id for _, doc_id in kept if doc_id)
    return found
