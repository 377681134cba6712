"""Article pages → Articles: trafilatura + htmldate, with rasd's own reader as the fallback."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

from rasd.errors import InputError
from rasd.ingest.html import parse_html
from rasd.ingest.webpage import page_id, read_page, text_hash

BENCH = Path(__file__).resolve().parents[1] / "bench"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "docs.jsonl"


def _bench(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


def test_ids_are_readable_and_distinct() -> None:
    a = page_id("https://www.example.org/2011/06/02/bomb-kills-two.html")
    b = page_id("https://www.example.org/2011/06/03/bomb-kills-two.html")
    assert a.startswith("example.org/bomb-kills-two-") and a != b
    assert page_id("https://example.org/") .startswith("example.org/")


def test_republished_text_has_the_same_hash_whatever_the_page_around_it() -> None:
    text = ("BAGHDAD / Two policemen were killed on Monday when a bomb hit their patrol, police said.\n\n"
            "The bomb had been planted on the side of the road near a market in the town.")
    assert text_hash(text) == text_hash("Bomb kills two police\n\n" + text.upper().replace(" / ", " - "))
    assert text_hash(text) == text_hash(text + "\n\nBomb kills two police\n\nPhoto: agency")
    assert text_hash(text) != text_hash(text.replace("Two", "Three"))


def test_a_tiny_page_falls_back_to_rasds_own_reader() -> None:
    html = "<html><head><title>Brief</title></head><body><p>Gunmen killed a policeman in Mosul.</p></body></html>"
    article = read_page(html, "brief", url="https://example.org/brief")
    assert article.text == "Gunmen killed a policeman in Mosul." and article.title == "Brief"
    with pytest.raises(InputError, match="no visible text"):
        read_page("<html><body><nav>menu</nav></body></html>", "empty", url="https://example.org/e")


@pytest.mark.skipif(not SHARED.exists(), reason="shared examples not present")
def test_trafilatura_reads_rebuilt_news_pages_better_than_the_hand_written_reader() -> None:
    """The measurement behind the choice (bench/html_extract.py), on a slice of the real reports."""
    pages = _bench("newspages")
    measure = _bench("html_extract")
    docs = [json.loads(line) for line in SHARED.read_text(encoding="utf-8").splitlines()[1:25]]
    rendered = measure.pages(docs)
    assert {p.layout for p in rendered} == set(pages.LAYOUTS)
    own = [measure.text_scores(parse_html(p.html, p.truth["id"], p.url).text, p.truth["text"]) for p in rendered]
    read = [read_page(p.html, p.truth["id"], url=p.url) for p in rendered]
    ours = [measure.text_scores(a.text, p.truth["text"]) for a, p in zip(read, rendered)]
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    assert mean([s[0] for s in ours]) > mean([s[0] for s in own]) + 0.1  # far less page furniture
    assert mean([s[1] for s in ours]) > 0.97  # and the report itself is kept
    dated = [a.published and a.published.isoformat() == p.truth["published"] for a, p in zip(read, rendered)]
    assert mean(dated) > 0.9
