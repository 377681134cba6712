"""Score extracted events against gold annotations, with the matching rules of the spec.

A predicted event matches a gold event of the same document when ``event_type`` and
``admin1_code`` are equal and the dates agree (same day; same month where gold has only the
month; within 3 days where either side has time precision 2). Each gold event matches at most
one prediction. Optional gold events earn credit when matched and cost nothing when missed.
Among matched pairs, agreement is reported on sub-event type, location, fatalities and actor1.
``EvalReport.by(field)`` breaks recall and precision down by a field's value (per sub-event type,
say), counting an event right only when the match also agrees on that field.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rasd.errors import InputError
from rasd.model import Article, EventMention

AGREEMENT_FIELDS = ("sub_event_type", "location", "fatalities", "actor1")
#: what ``rasd evaluate --reviewed`` compares: every field a reviewer corrects and the spec's gold has
REVIEWED_AGREEMENT = ("sub_event_type", "event_date", "location", "actor1", "actor2", "fatalities", "injuries")
#: what ``rasd evaluate --by`` can break scores down by: fields both gold events and mentions carry
BREAKDOWN_FIELDS = ("event_type", "sub_event_type", "country", "admin1")


@dataclass
class DocScore:
    """Matching outcome for one document."""

    doc_id: str
    matched: list[tuple[dict, EventMention]] = field(default_factory=list)
    missed: list[dict] = field(default_factory=list)
    spurious: list[EventMention] = field(default_factory=list)


@dataclass(frozen=True)
class Group:
    """The scores of the events that share one value of a field (``EvalReport.by``)."""

    value: str | None
    gold: int  # required gold events with this value
    found: int  # of which a prediction matched (same event type, admin1 and date)
    right: int  # of which the matching prediction has this value too
    predicted: int  # predictions with this value
    correct: int  # of which matched a gold event (required or optional) with this value

    @property
    def recall(self) -> float | None:
        return self.right / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    def to_dict(self) -> dict[str, Any]:
        rounded = {name: None if v is None else round(v, 4) for name, v in
                   (("recall", self.recall), ("precision", self.precision))}
        return {"value": self.value, "gold": self.gold, "found": self.found, "right": self.right,
                "predicted": self.predicted, "correct": self.correct, **rounded}


@dataclass
class EvalReport:
    """Precision, recall, F1 and per-field agreement over a gold set."""

    docs: list[DocScore]
    fields: tuple[str, ...] = AGREEMENT_FIELDS

    @property
    def tp(self) -> int:
        return sum(len(d.matched) for d in self.docs)

    @property
    def fp(self) -> int:
        return sum(len(d.spurious) for d in self.docs)

    @property
    def fn(self) -> int:
        return sum(len(d.missed) for d in self.docs)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        required = self.tp_required + self.fn
        return self.tp_required / required if required else 0.0

    @property
    def tp_required(self) -> int:
        return sum(1 for d in self.docs for g, _ in d.matched if not g.get("optional"))

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def agreement(self, name: str) -> float:
        pairs = [(g, p) for d in self.docs for g, p in d.matched]
        if not pairs:
            return 0.0
        return sum(_agrees(name, g.get(name), getattr(p, name)) for g, p in pairs) / len(pairs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "true_positives": self.tp, "false_positives": self.fp, "false_negatives": self.fn,
            "agreement": {name: round(self.agreement(name), 4) for name in self.fields},
            "documents": len(self.docs),
        }

    def by(self, name: str) -> list[Group]:
        """Recall and precision for each value of field ``name`` (gold's value for recall, the
        prediction's for precision), most frequent in gold first. Recall here is strict: a gold
        event counts only when its match has the same value ("Armed clash" found as a riot is
        found, not right)."""
        if name not in BREAKDOWN_FIELDS:
            raise ValueError(f"cannot break scores down by {name!r} (choose from {', '.join(BREAKDOWN_FIELDS)})")
        counts: dict[str | None, list[int]] = {}

        def tally(value: str | None, column: int) -> None:
            counts.setdefault(value, [0, 0, 0, 0, 0])[column] += 1

        for doc in self.docs:
            for g in doc.missed:
                tally(g.get(name), 0)
            for g, p in doc.matched:
                same = _agrees(name, g.get(name), getattr(p, name))
                if not g.get("optional"):
                    tally(g.get(name), 0)
                    tally(g.get(name), 1)
                    if same:
                        tally(g.get(name), 2)
                tally(getattr(p, name), 3)
                if same:
                    tally(getattr(p, name), 4)
            for p in doc.spurious:
                tally(getattr(p, name), 3)
        groups = [Group(value, *column) for value, column in counts.items()]
        return sorted(groups, key=lambda g: (-g.gold, -g.predicted, str(g.value)))

    def rules(self) -> list[tuple[str, int, int]]:
        """(rule id, events it produced, of which corrected), most often corrected first.

        A predicted event is corrected when no gold event matches it (the reviewer rejected
        it) or a field of the matched gold event differs; its rules are the lexicon entries
        the extractor records on it (``EventMention.rules``, where the extractor has them).
        """
        made: dict[str, int] = {}
        corrected: dict[str, int] = {}
        predictions = [(p, False) for d in self.docs for p in d.spurious]
        predictions += [(p, not _differences(g, p, self.fields)) for d in self.docs for g, p in d.matched]
        for mention, right in predictions:
            for rule in getattr(mention, "rules", ()) or ():
                made[rule] = made.get(rule, 0) + 1
                corrected[rule] = corrected.get(rule, 0) + (not right)
        ranked = sorted(made, key=lambda r: (-corrected[r], -corrected[r] / made[r], r))
        return [(rule, made[rule], corrected[rule]) for rule in ranked]

    def errors(self) -> str:
        """Every miss, false positive and field disagreement, by document: what to fix next."""
        lines: list[str] = []
        for doc in self.docs:
            disagreeing = [(g, p, _differences(g, p, self.fields)) for g, p in doc.matched]
            disagreeing = [item for item in disagreeing if item[2]]
            if not (doc.missed or doc.spurious or disagreeing):
                continue
            lines.append(f"== {doc.doc_id}")
            lines += [f"  missed    {_gold_line(g)}" for g in doc.missed]
            lines += [f"  spurious  {_mention_line(p)}" for p in doc.spurious]
            for g, p, diffs in disagreeing:
                lines.append(f"  differs   {'; '.join(diffs)} | {_clip(g.get('evidence'))}")
        return "\n".join(lines)

    def format(self) -> str:
        d = self.to_dict()
        lines = [
            f"documents  {d['documents']}",
            f"matched    {d['true_positives']}   spurious {d['false_positives']}   missed {d['false_negatives']}",
            f"precision  {d['precision']:.3f}",
            f"recall     {d['recall']:.3f}",
            f"F1         {d['f1']:.3f}",
            "agreement  " + "  ".join(f"{k} {v:.3f}" for k, v in d["agreement"].items()),
        ]
        return "\n".join(lines)


def format_groups(name: str, groups: list[Group]) -> str:
    """``EvalReport.by`` as an aligned table: gold, found (matched), right (matched with the same
    value), recall; predicted, correct, precision."""
    width = max([len(name)] + [len(str(g.value)) for g in groups])
    head = f"{name:<{width}}  {'gold':>5} {'found':>5} {'right':>5} {'recall':>6}  {'pred':>5} {'corr':>5} {'prec':>6}"
    lines = [head, "-" * len(head)]
    for g in groups:
        lines.append(f"{str(g.value):<{width}}  {g.gold:>5} {g.found:>5} {g.right:>5} {_ratio(g.recall):>6}  "
                     f"{g.predicted:>5} {g.correct:>5} {_ratio(g.precision):>6}")
    return "\n".join(lines)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _norm(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    text = text.replace("-", " ").replace("'", "").replace("`", "")
    for prefix in ("al ", "el ", "the "):
        text = text.removeprefix(prefix)
    return " ".join(text.split())


def _agrees(name: str, gold: Any, predicted: Any) -> bool:
    if isinstance(predicted, date):  # gold gives a day, or only a month (YYYY-MM)
        return bool(gold) and predicted.isoformat().startswith(str(gold))
    return _norm(gold) == _norm(predicted)


def _differences(gold: dict, predicted: EventMention, fields: tuple[str, ...] = AGREEMENT_FIELDS) -> list[str]:
    return [f"{name} gold={gold.get(name)!r} got={getattr(predicted, name)!r}"
            for name in fields if not _agrees(name, gold.get(name), getattr(predicted, name))]


def _clip(text: str | None, width: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _gold_line(g: dict) -> str:
    return (f"{g.get('event_date')} {g.get('sub_event_type')} | {g.get('admin1_code')} {g.get('location')} | "
            f"{g.get('actor1')} / {g.get('actor2')} | killed {g.get('fatalities')} | {_clip(g.get('evidence'))}")


def _mention_line(p: EventMention) -> str:
    return (f"{p.event_date} (precision {p.time_precision}) {p.sub_event_type} | {p.admin1_code} {p.location} | "
            f"{p.actor1} / {p.actor2} | killed {p.fatalities} | {_clip(p.evidence)}")


def _gold_date(event: dict) -> tuple[date | None, int]:
    raw = event.get("event_date") or event.get("date")
    if not raw:
        return None, 0
    if len(raw) == 7:
        return date.fromisoformat(raw + "-01"), 3
    return date.fromisoformat(raw), int(event.get("time_precision") or 1)


def dates_match(gold: dict, predicted: EventMention) -> bool:
    gday, gprec = _gold_date(gold)
    pday = predicted.event_date
    if gday is None or pday is None:
        return gday is None and pday is None
    if gprec == 3:
        return (gday.year, gday.month) == (pday.year, pday.month)
    if gprec == 2 or (predicted.time_precision or 1) >= 2:
        return abs((gday - pday).days) <= 3
    return gday == pday


def _matches(gold: dict, predicted: EventMention) -> bool:
    return (gold.get("event_type") == predicted.event_type
            and gold.get("admin1_code") == predicted.admin1_code
            and dates_match(gold, predicted))


def score_document(doc_id: str, gold: list[dict], predicted: list[EventMention]) -> DocScore:
    """Greedy one-to-one matching, required gold events first so optional ones never steal a match.

    Where several predictions match a gold event (two bombings in one governorate that day), the
    one that agrees with it on most fields is its pair, so that the agreement scores measure the
    events rather than the order they were listed in."""
    score = DocScore(doc_id)
    free = list(predicted)
    for event in sorted(gold, key=lambda e: bool(e.get("optional"))):
        hits = [p for p in free if _matches(event, p)]
        hit = max(hits, key=lambda p: -len(_differences(event, p)), default=None)
        if hit is None:
            if not event.get("optional"):
                score.missed.append(event)
            continue
        free.remove(hit)
        score.matched.append((event, hit))
    score.spurious = free
    return score


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(str(path), f"not valid JSON ({exc.msg})", number) from exc


def _article(row: dict) -> Article:
    published = date.fromisoformat(row["published"]) if row.get("published") else None
    return Article(str(row["id"]), row["text"], published, row.get("url"), row.get("outlet"), row.get("title"))


def evaluate(gold_path: str | Path, docs_path: str | Path,
             extractor: Callable[[Article], list[EventMention]] | None = None) -> EvalReport:
    """Extract every document of ``docs_path`` and score it against ``gold_path``."""
    gold = {str(row["id"]): row.get("events", []) for _, row in _read_jsonl(Path(gold_path))}
    return score_articles(gold, (_article(row) for _, row in _read_jsonl(Path(docs_path))), extractor)


def score_articles(gold: dict[str, list[dict]], articles: Iterable[Article],
                   extractor: Callable[[Article], list[EventMention]] | None = None,
                   fields: tuple[str, ...] = AGREEMENT_FIELDS) -> EvalReport:
    """Extract each article that has gold events and score it against them."""
    if extractor is None:
        from rasd.extract import extract as extractor
    scores = [score_document(a.id, gold[a.id], extractor(a)) for a in articles if a.id in gold]
    return EvalReport(scores, fields)
