"""The polite fetcher against a real HTTP server on loopback, including the hostile cases."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from loopback import NewsServer, Reply, conditional, page, redirect, sequence, status
from rasd.errors import FetchError
from rasd.watch.fetch import Fetcher, FetchPolicy, retry_after

UA = "rasd-test/1.0 (+mailto:analyst@example.org)"


def policy(**overrides) -> FetchPolicy:
    values = dict(user_agent=UA, timeout=2.0, deadline=10.0, retries=2, backoff=0.01, max_backoff=5.0,
                  max_bytes=1_000_000, host_interval=0.0)
    values.update(overrides)
    return FetchPolicy(**values)


@pytest.fixture
def server():
    with NewsServer({"/robots.txt": page("User-agent: *\nDisallow: /private/\n", "text/plain")}) as running:
        yield running


def test_a_page_is_fetched_with_our_user_agent(server) -> None:
    server.routes["/a"] = page("<p>hello</p>")
    with Fetcher(policy()) as fetcher:
        response = fetcher.get(server.url("/a"))
    assert (response.status, response.body) == (200, b"<p>hello</p>")
    assert server.requests[-1].headers["user-agent"] == UA


def test_conditional_get_gives_not_modified(server) -> None:
    server.routes["/feed"] = conditional("<rss/>", '"v1"')
    with Fetcher(policy()) as fetcher:
        first = fetcher.get(server.url("/feed"))
        second = fetcher.get(server.url("/feed"), first.validators)
    assert first.validators == {"etag": '"v1"'} and not first.not_modified
    assert second.not_modified and second.body == b""


def test_a_missing_page_is_not_retried(server) -> None:
    with Fetcher(policy()) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/nothing"))
    assert (caught.value.status, caught.value.transient) == (404, False)
    assert "HTTP 404 Not Found" in str(caught.value) and server.hits("/nothing") == 1


def test_server_errors_are_retried_with_growing_jittered_waits(server) -> None:
    server.routes["/down"] = status(500)
    waits: list[float] = []
    with Fetcher(policy(retries=3, backoff=1.0, host_interval=0.0), rng=random.Random(7), sleep=waits.append) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.get(server.url("/down"))
    assert caught.value.transient and "HTTP 500 Internal Server Error" in str(caught.value)
    assert server.hits("/down") == 4
    backoffs = [w for w in waits if w > 0]
    assert len(backoffs) == 3
    for attempt, wait in enumerate(backoffs):  # equal jitter: between half and all of 1, 2, 4 s
        assert 2 ** attempt / 2 <= wait <= 2 ** attempt
    assert len({round(w / 2 ** i, 6) for i, w in enumerate(backoffs)}) > 1  # jittered, not a fixed ladder


def test_a_flaky_page_succeeds_on_a_retry(server) -> None:
    server.routes["/flaky"] = sequence(status(502), status(503), page("ok"))
    with Fetcher(policy()) as fetcher:
        assert fetcher.get(server.url("/flaky")).body == b"ok"
    assert server.hits("/flaky") == 3


def test_429_waits_for_retry_after(server) -> None:
    server.routes["/busy"] = sequence(status(429, **{"Retry-After": "1"}), page("ok"))
    waits: list[float] = []
    with Fetcher(policy(), sleep=waits.append) as fetcher:
        assert fetcher.get(server.url("/busy")).body == b"ok"
    assert max(waits) >= 1.0


def test_a_long_retry_after_is_reported_not_slept_and_holds_the_host(server) -> None:
    server.routes["/later"] = status(429, **{"Retry-After": "3600"})
    server.routes["/other"] = page("ok")
    waits: list[float] = []
    with Fetcher(policy(), sleep=waits.append) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.get(server.url("/later"))
        assert caught.value.transient and caught.value.retry_after == 3600
        with pytest.raises(FetchError, match="asked for a pause"):
            fetcher.get(server.url("/other"))  # same host: not asked at all
    assert server.hits("/later") == 1 and server.hits("/other") == 0
    assert all(w < 3600 for w in waits)


def test_retry_after_as_a_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    assert retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90
    assert retry_after("120") == 120 and retry_after("soon") is None and retry_after(None) is None


def test_redirects_are_followed_and_loops_refused(server) -> None:
    server.routes["/old"] = redirect("/new")
    server.routes["/new"] = page("moved")
    server.routes["/loop"] = redirect("/loop")
    with Fetcher(policy()) as fetcher:
        response = fetcher.get(server.url("/old"))
        assert (response.body, response.final_url) == (b"moved", server.url("/new"))
        with pytest.raises(FetchError, match="too many redirects"):
            fetcher.get(server.url("/loop"))


def test_a_slow_server_times_out(server) -> None:
    server.routes["/slow"] = lambda request: Reply(200, b"late", delay=1.5)
    with Fetcher(policy(timeout=0.3, retries=1)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/slow"))
    assert caught.value.transient and "timed out" in str(caught.value)
    assert server.hits("/slow") == 2


def test_a_50_mb_page_is_refused_before_or_while_downloading(server) -> None:
    sent = {"bytes": 0}

    def fifty_mb(request):
        def chunks():
            for _ in range(50 * 16):
                sent["bytes"] += 65536
                yield b"x" * 65536
        return Reply(200, chunks(), {"Content-Type": "text/html"})

    server.routes["/huge-streamed"] = fifty_mb
    server.routes["/huge-declared"] = lambda request: Reply(200, b"x" * 50_000_000, {"Content-Type": "text/html"})
    with Fetcher(policy(max_bytes=2_000_000)) as fetcher:
        with pytest.raises(FetchError, match="over the 2 MB limit; download stopped") as streamed:
            fetcher.get(server.url("/huge-streamed"))
        with pytest.raises(FetchError, match=r"page is 50.0 MB, over the 2 MB limit; not downloaded"):
            fetcher.get(server.url("/huge-declared"))
    assert not streamed.value.transient
    assert sent["bytes"] < 20_000_000  # the server was not read to the end


def test_robots_txt_is_honoured(server) -> None:
    server.routes["/private/secret"] = page("secret")
    with Fetcher(policy()) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get(server.url("/private/secret"))
    assert caught.value.blocked and "robots.txt" in str(caught.value)
    assert server.hits("/private/secret") == 0 and server.hits("/robots.txt") == 1


@pytest.mark.parametrize("robots, allowed", [(status(404), True), (status(503), False)])
def test_missing_robots_allows_and_unreachable_robots_forbids(robots, allowed: bool) -> None:
    with NewsServer({"/robots.txt": robots, "/a": page("a")}) as server, Fetcher(policy()) as fetcher:
        if allowed:
            assert fetcher.get(server.url("/a")).body == b"a"
        else:
            with pytest.raises(FetchError, match="robots.txt cannot be read") as caught:
                fetcher.get(server.url("/a"))
            assert caught.value.transient and not caught.value.blocked  # tried again later, not given up
            assert server.hits("/a") == 0


class Stopwatch:
    """A clock that moves only when the fetcher sleeps: the spacing it asks for is exact, whatever
    the machine's load does to the requests themselves."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_requests_to_one_host_are_spaced(server) -> None:
    for n in range(3):
        server.routes[f"/p{n}"] = page(str(n))
    watch = Stopwatch()
    with Fetcher(policy(host_interval=0.25), sleep=watch.sleep, clock=watch.clock) as fetcher:
        for n in range(3):
            fetcher.get(server.url(f"/p{n}"))
    assert [r.path for r in server.requests] == ["/robots.txt", "/p0", "/p1", "/p2"]
    assert watch.slept == [0.25, 0.25, 0.25]  # robots.txt at once, each page a full interval after the last request


def test_crawl_delay_widens_the_spacing() -> None:
    routes = {"/robots.txt": page("User-agent: rasd-test\nCrawl-delay: 1\n", "text/plain"),
              "/a": page("a"), "/b": page("b")}
    watch = Stopwatch()
    with NewsServer(routes) as server, Fetcher(policy(host_interval=0.0), sleep=watch.sleep,
                                               clock=watch.clock) as fetcher:
        fetcher.get(server.url("/a"))
        fetcher.get(server.url("/b"))
    assert watch.slept == [1.0]  # robots.txt allows whole seconds only
