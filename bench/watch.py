"""How fast `rasd watch` fetches, reads and stores, and whether its memory stays flat.

A local news site (loopback, in this process) holds ``--articles`` synthetic reports
(``bench/corpus.py``) in news pages (``bench/newspages.py``: four layouts with menus, tickers
and other headlines), listed by ``--feeds`` RSS feeds. Then:

1. **Throughput**: a watcher with the default settings except politeness (no per-host spacing:
   every feed is on the one loopback host) polls every feed once, fetching, reading (trafilatura,
   extraction, deduplication) and storing every article into SQLite; articles/second overall, and
   the two halves measured alone on a sample: fetching only, and reading + extracting only.
2. **Memory over a one-hour-equivalent run**: a fresh database and ``--rounds`` rounds (one a
   minute of a one-hour run with a one-minute schedule, run back to back); before each round every
   feed gets a few new articles, and every round polls every feed (conditional GETs, the ledger,
   new pages, alerts). The process's resident memory is printed along the way: it should level
   off, not climb with the rounds.

Usage: ``python bench/watch.py [--articles 10000 --feeds 50 --rounds 60 --workers 4]``
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import corpus  # noqa: E402
from newspages import render  # noqa: E402

from rasd.settings import Settings  # noqa: E402
from rasd.store import Store, engine_for  # noqa: E402
from rasd.watch import build_watcher  # noqa: E402
from rasd.watch.sources import spec  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Site:
    """Articles rendered on request (never all in memory); feeds list what has been revealed."""

    def __init__(self, articles: int, feeds: int) -> None:
        self.articles, self.feeds = articles, feeds
        self.vocab = corpus.Vocabulary.from_gazetteer()
        self.headlines = [str(corpus._document(i, corpus.DEFAULT_SEED, self.vocab)["title"]) for i in range(40)]
        self.revealed = [0] * feeds
        self.bytes_served = 0
        self.lock = threading.Lock()

    def feed_items(self, feed: int) -> list[int]:
        """Article numbers of a feed, newest first (feed f holds f, f + feeds, f + 2 feeds, ...)."""
        mine = list(range(feed, self.articles, self.feeds))[: self.revealed[feed]]
        return mine[::-1][:100]  # a feed shows its 100 newest items

    def doc(self, index: int) -> dict[str, Any]:
        return corpus._document(index, corpus.DEFAULT_SEED, self.vocab)

    def rss(self, feed: int, base: str) -> bytes:
        items = []
        for index in self.feed_items(feed):
            doc = self.doc(index)
            day = datetime.fromisoformat(str(doc["published"])).replace(tzinfo=timezone.utc)
            items.append(f"<item><title>{escape(str(doc['title']))}</title><link>{base}/a/{index}</link>"
                         f"<guid>{base}/a/{index}</guid><pubDate>{format_datetime(day)}</pubDate></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
                f"<link>{base}/</link><description>bench</description>{''.join(items)}</channel></rss>").encode()

    def page(self, index: int) -> bytes:
        return render(self.doc(index), self.headlines, layout=index % 4).html.encode("utf-8")


def serve(site: Site) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            base = f"http://{self.headers['Host']}"
            if self.path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow: /private/\n", "text/plain"
            elif m := re.fullmatch(r"/feed/(\d+)\.xml", self.path):
                body, kind = site.rss(int(m[1]), base), "application/rss+xml"
            elif m := re.fullmatch(r"/a/(\d+)", self.path):
                body, kind = site.page(int(m[1])), "text/html; charset=utf-8"
            else:
                body, kind = b"not here", "text/plain"
            with site.lock:
                site.bytes_served += len(body)
            self.send_response(200 if kind != "text/plain" or self.path == "/robots.txt" else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def settings(db: str, workers: int) -> Settings:
    return Settings(db=db, host_interval=0.0, max_item_age_days=0, watch_workers=workers, max_articles_per_poll=100_000,
                    user_agent="rasd-bench/1.0")


def watcher_for(db_path: Path, base: str, feeds: int, workers: int) -> tuple[Store, Any]:
    store = Store(engine_for(f"sqlite:///{db_path}"))
    for feed in range(feeds):
        store.sources.add(spec(f"{base}/feed/{feed}.xml", f"Bench feed {feed}", every="1m"))
    return store, build_watcher(settings(str(store.engine.url), workers), store)


def halves(site: Site, base: str, sample: int, workers: int) -> tuple[float, float]:
    """Fetching alone (``workers`` threads) and reading + extracting alone, in articles/second."""
    from rasd.extract import extract
    from rasd.ingest.webpage import decode_page, read_page
    from rasd.watch.fetch import Fetcher, FetchPolicy

    with Fetcher(FetchPolicy(user_agent="rasd-bench/1.0", host_interval=0.0)) as fetcher:
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            bodies = list(pool.map(lambda i: fetcher.get(f"{base}/a/{i}").body, range(sample)))
        fetch_rate = sample / (time.perf_counter() - started)
    started = time.perf_counter()
    for index, body in enumerate(bodies):
        extract(read_page(decode_page(body, "text/html; charset=utf-8", "bench"), f"b{index}", url=f"{base}/a/{index}"))
    return fetch_rate, sample / (time.perf_counter() - started)


def throughput(args: argparse.Namespace, tmp: Path) -> None:
    site = Site(args.articles, args.feeds)
    site.revealed = [len(range(f, args.articles, args.feeds)) for f in range(args.feeds)]
    server, base = serve(site)
    site_feed_cap = max(site.revealed)
    if site_feed_cap > 100:  # feeds show 100 items: reveal in steps, polling between them
        pass
    store, watcher = watcher_for(tmp / "throughput.db", base, args.feeds, args.workers)
    started, rounds, before = time.perf_counter(), 0, rss_mb()
    stored = 0
    for shown in range(100, site_feed_cap + 100, 100):
        site.revealed = [min(shown, len(range(f, args.articles, args.feeds))) for f in range(args.feeds)]
        results = watcher.run_once(force=True)
        stored += sum(r.stored for r in results)
        rounds += 1
    seconds = time.perf_counter() - started
    counts = store.counts()
    size = (tmp / "throughput.db").stat().st_size / 1e6
    print(f"throughput: {stored:,} articles fetched, read and stored from {args.feeds} feeds in {seconds:.1f} s "
          f"({rounds} polls of each feed): {stored / seconds:.1f} articles/s with {args.workers} workers; "
          f"{counts['mentions']:,} event mentions, {counts['events']:,} events; "
          f"{site.bytes_served / 1e6:.0f} MB served, database {size:.0f} MB (raw pages kept compressed); "
          f"RSS {before:.0f} → {rss_mb():.0f} MB")
    fetch_rate, read_rate = halves(site, base, min(args.sample, args.articles), args.workers)
    print(f"  alone, on {min(args.sample, args.articles)} articles: fetching {fetch_rate:.0f} articles/s "
          f"({args.workers} threads, loopback); reading + extracting {read_rate:.1f} articles/s (one process)")
    server.shutdown()
    store.close()


def memory(args: argparse.Namespace, tmp: Path) -> None:
    site = Site(args.articles, args.feeds)
    server, base = serve(site)
    store, watcher = watcher_for(tmp / "memory.db", base, args.feeds, args.workers)
    per_round = max(1, args.per_round)
    samples: list[tuple[int, float]] = []
    stored = 0
    started = time.perf_counter()
    for round_number in range(1, args.rounds + 1):
        site.revealed = [min(r + per_round, len(range(f, args.articles, args.feeds))) for f, r in enumerate(site.revealed)]
        stored += sum(r.stored for r in watcher.run_once(force=True))
        samples.append((round_number, rss_mb()))
        if round_number in (1, 5, 10) or round_number % 10 == 0:
            print(f"  round {round_number:>3}: {stored:>6,} articles stored, RSS {samples[-1][1]:.0f} MB", flush=True)
    settled = [mb for n, mb in samples if n > args.rounds // 6]
    print(f"memory over a one-hour-equivalent run ({args.rounds} rounds of {args.feeds} feeds, {per_round} new "
          f"article(s) per feed a round, {stored:,} stored, {time.perf_counter() - started:.0f} s): RSS after round "
          f"{args.rounds // 6}: {settled[0]:.0f} MB, peak {max(settled):.0f} MB, last {settled[-1]:.0f} MB "
          f"({settled[-1] - settled[0]:+.0f} MB over the last {len(settled)} rounds)")
    server.shutdown()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="sources polled at once (the watch_workers setting)")
    parser.add_argument("--rounds", type=int, default=60, help="rounds of the memory run (one a minute for an hour)")
    parser.add_argument("--per-round", type=int, default=1, help="new articles per feed before each round")
    parser.add_argument("--sample", type=int, default=500, help="articles for the fetch-only and read-only figures")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    import logging

    logging.getLogger("rasd").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        throughput(args, Path(tmp))
        if not args.skip_memory:
            memory(args, Path(tmp))


if __name__ == "__main__":
    main()
