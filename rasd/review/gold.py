"""Reviewed documents as gold: ``rasd gold export`` and ``rasd evaluate --reviewed``.

A document a reviewer marked "reviewed, nothing missed" becomes one gold line in the format of
the event contract (``{"id", "published", "events": [...]}``): every event read from it that
was accepted, edited or added, with the fields as reviewed and the document's own evidence;
rejected events are left out (the document does not report them). Scoring the current
extractor against these lines says how good rasd is on the analyst's own sources.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rasd.evaluate import REVIEWED_AGREEMENT, EvalReport, score_articles
from rasd.model import Event
from rasd.store import Store

#: the gold format's event fields (``shared/spec/events.md``), besides ``evidence``
GOLD_FIELDS = ("event_type", "sub_event_type", "event_date", "time_precision", "admin1_code", "admin1", "admin2",
               "location", "latitude", "longitude", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2",
               "fatalities", "injuries")


def gold_event(event: Event, doc_id: str) -> dict[str, Any]:
    """One reviewed event as a gold event of document ``doc_id``."""
    record = event.to_record()
    gold = {name: record.get(name) for name in GOLD_FIELDS}
    if event.mention.time_precision == 3 and event.mention.event_date:
        gold["event_date"] = event.mention.event_date.strftime("%Y-%m")  # the spec's "only the month"
    gold["evidence"] = next((s.evidence for s in event.sources if s.doc_id == doc_id), record.get("evidence"))
    gold["review_status"] = event.review_status
    gold["event_id"] = event.id
    return gold


def gold_lines(store: Store) -> Iterator[dict[str, Any]]:
    """One gold line per document marked "reviewed, nothing missed", in id order."""
    for doc_id in store.review.completed_documents():
        article = store.get_document(doc_id)
        if article is None:
            continue
        events = []
        for event_id, status in sorted(store.review.document_events(doc_id).items()):
            event = store.get_event(event_id) if status != "rejected" else None
            if event is not None:
                events.append(gold_event(event, doc_id))
        yield {"id": doc_id, "published": article.published.isoformat() if article.published else None,
               "events": sorted(events, key=lambda e: (e["event_date"] or "", e["event_id"]))}


def evaluate_reviewed(store: Store) -> EvalReport:
    """The current extractor scored against every reviewed document of the store."""
    gold = {line["id"]: line["events"] for line in gold_lines(store)}
    return score_articles(gold, store.iter_documents(sorted(gold)), fields=REVIEWED_AGREEMENT)
