"""A real HTTP server on loopback for the watcher's tests: feeds, sitemaps, articles, and trouble.

``NewsServer`` serves whatever its routes say, in a thread, on a free 127.0.0.1 port, and logs
every request (path, headers, when). A route is a function of the request giving a ``Reply``:
its status, headers, and a body (bytes, or an iterable of chunks streamed as they come, so a
50 MB page can be served without holding it). Routes can change while the server runs (a feed
that changes between polls) and keep their own state (a page that fails twice, then works).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow server)


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    at: float
    method: str = "GET"
    body: bytes = b""


Route = Callable[[Request], Reply]


def page(body: str | bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda request: Reply(200, data, {"Content-Type": content_type, **headers})


def status(code: int, **headers: str) -> Route:
    return lambda request: Reply(code, f"status {code}".encode(), {"Content-Type": "text/plain", **headers})


def redirect(to: str, code: int = 301) -> Route:
    return lambda request: Reply(code, b"", {"Location": to})


def sequence(*routes: Route) -> Route:
    """The first request gets the first route's reply, and so on; the last one repeats."""
    calls = {"n": 0}

    def route(request: Request) -> Reply:
        index = min(calls["n"], len(routes) - 1)
        calls["n"] += 1
        return routes[index](request)
    return route


def conditional(body: str | bytes, etag: str, content_type: str = "application/rss+xml") -> Route:
    """Answers 304 to a request carrying the current ETag."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def route(request: Request) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        return Reply(200, data, {"Content-Type": content_type, "ETag": etag})
    return route


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up early (a size cap, a timeout, a killed watcher) is expected here."""


class NewsServer:
    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def __enter__(self) -> NewsServer:
        self._thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                self._answer("POST", self.rfile.read(length))

            def do_GET(self) -> None:  # noqa: N802
                self._answer("GET", b"")

            def _answer(self, method: str, body: bytes) -> None:
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic(),
                                  method, body)
                with server._lock:
                    server.requests.append(request)
                route = server.routes.get(self.path.split("#")[0]) or server.routes.get(self.path.split("?")[0])
                reply = route(request) if route else Reply(404, b"not here", {"Content-Type": "text/plain"})
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self._send(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if isinstance(reply.body, (bytes, bytearray)):
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for chunk in reply.body:
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")

        return Handler
