"""Which HTML reader gives rasd better articles: its own (selectolax) or trafilatura + htmldate?

Every report of ``../shared/examples`` (docs.jsonl and real2/) is put back into a news page
(``bench/newspages.py``: four site layouts, in turn, with other reports' headlines as page
furniture), read back by each reader, and scored against the report as it was:

- text: word precision (how much of what was read is the report) and recall (how much of the
  report was read), as bags of lower-case words, averaged over pages;
- title and publication date: share of pages where they come back exactly;
- events: ``rasd evaluate`` F1 of extraction run on what each reader read, against the gold
  events, beside the F1 on the original texts (the ceiling).

Usage: ``python bench/html_extract.py [--examples ../shared/examples]``
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from newspages import LAYOUTS, render  # noqa: E402

from rasd.evaluate import evaluate  # noqa: E402
from rasd.ingest.html import parse_html  # noqa: E402
from rasd.ingest.webpage import main_text, published_date, read_page  # noqa: E402
from rasd.model import Article  # noqa: E402


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def text_scores(read: str, truth: str) -> tuple[float, float]:
    got, want = _words(read), _words(truth)
    common = sum((got & want).values())
    return (common / sum(got.values()) if got else 0.0), (common / sum(want.values()) if want else 0.0)


def _norm(value: Any) -> str:
    return " ".join(str(value or "").casefold().split())


def handwritten(page: Any) -> Article:
    return parse_html(page.html, page.truth["id"], page.url)


def trafilatura_only(page: Any) -> Article:
    found = main_text(page.html, page.url) or {}
    return Article(page.truth["id"], found.get("text") or "", published_date(page.html, page.url), page.url,
                   found.get("sitename"), found.get("title"))


def as_used(page: Any) -> Article:
    return read_page(page.html, page.truth["id"], url=page.url)


READERS: dict[str, Callable[[Any], Article]] = {
    "rasd's own reader (selectolax)": handwritten,
    "trafilatura + htmldate": trafilatura_only,
    "as rasd watch uses it (trafilatura, own reader as fallback)": as_used,
}


def load(examples: Path) -> tuple[list[dict[str, Any]], list[Path]]:
    docs, golds = [], []
    for folder in (examples, examples / "real2"):
        if (folder / "docs.jsonl").exists():
            docs += [json.loads(line) for line in (folder / "docs.jsonl").open(encoding="utf-8") if line.strip()]
            golds.append(folder / "gold.jsonl")
    return docs, golds


def pages(docs: list[dict[str, Any]]) -> list[Any]:
    titles = [d.get("title") or "" for d in docs]
    rendered = []
    for index, doc in enumerate(docs):
        others = [t for t in titles[index + 1:] + titles[:index] if t][:12]
        rendered.append(render(doc, others, layout=index % len(LAYOUTS)))
    return rendered


def event_f1(articles: list[Article], golds: list[Path]) -> float:
    """F1 of rasd's extraction on ``articles`` against every gold file (documents pooled)."""
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs.jsonl"
        with docs.open("w", encoding="utf-8") as out:
            for a in articles:
                out.write(json.dumps({"id": a.id, "text": a.text or " ", "published": a.published.isoformat()
                                      if a.published else None, "title": a.title, "outlet": a.outlet, "url": a.url}) + "\n")
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("".join(p.read_text(encoding="utf-8") for p in golds), encoding="utf-8")
        return evaluate(gold, docs).f1


def measure(name: str, reader: Callable[[Any], Article], rendered: list[Any], golds: list[Path]) -> dict[str, Any]:
    started = time.perf_counter()
    articles = []
    for page in rendered:
        try:
            articles.append(reader(page))
        except Exception:  # a reader that finds nothing scores nothing for that page
            articles.append(Article(page.truth["id"], "", None, page.url))
    seconds = time.perf_counter() - started
    scores = [text_scores(a.text, p.truth["text"]) for a, p in zip(articles, rendered)]
    by_layout = {layout: statistics.mean(2 * pr * rc / (pr + rc) if pr + rc else 0.0
                                         for (pr, rc), p in zip(scores, rendered) if p.layout == layout)
                 for layout in LAYOUTS}
    return {
        "reader": name,
        "precision": statistics.mean(s[0] for s in scores), "recall": statistics.mean(s[1] for s in scores),
        "title": statistics.mean(_norm(a.title) == _norm(p.truth["title"]) for a, p in zip(articles, rendered)),
        "date": statistics.mean((a.published.isoformat() if a.published else None) == p.truth["published"]
                                for a, p in zip(articles, rendered)),
        "events_f1": event_f1(articles, golds), "ms_per_page": 1000 * seconds / len(rendered), "by_layout": by_layout,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "examples")
    args = parser.parse_args()
    docs, golds = load(args.examples)
    if not docs:
        sys.exit(f"no docs.jsonl under {args.examples}")
    rendered = pages(docs)
    ceiling = event_f1([Article(d["id"], d["text"], None if not d.get("published") else
                                __import__("datetime").date.fromisoformat(d["published"]), d.get("url"),
                                d.get("outlet"), d.get("title")) for d in docs], golds)
    print(f"{len(rendered)} pages rebuilt from {len(docs)} real reports ({', '.join(LAYOUTS)} layouts in turn); "
          f"event F1 on the original texts: {ceiling:.3f}")
    print(f"{'reader':<60} {'text P':>7} {'text R':>7} {'title':>6} {'date':>6} {'event F1':>9} {'ms/page':>8}")
    for name, reader in READERS.items():
        r = measure(name, reader, rendered, golds)
        print(f"{r['reader']:<60} {r['precision']:>7.3f} {r['recall']:>7.3f} {r['title']:>6.2f} {r['date']:>6.2f} "
              f"{r['events_f1']:>9.3f} {r['ms_per_page']:>8.1f}")
        print(" " * 4 + "text F1 by layout: " + ", ".join(f"{k} {v:.3f}" for k, v in r["by_layout"].items()))


if __name__ == "__main__":
    main()
