"""Local HTTP servers for the online link check's tests: one on 127.0.0.1 answering every kind
of reply (with a stand-in DOI resolver and PubMed), another on 127.0.0.2 (another host, still
loopback). Both on ports the system picks; each records what it was asked."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW = 0.3  # seconds the slow reply takes; the tests give the check a timeout well above it


@dataclass
class Log:
    """What a server was asked: (method, path, user agent), and the most slow requests that
    it was answering at once."""

    asked: list = field(default_factory=list)
    in_flight: int = 0
    most_at_once: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)

    def paths(self, method: str = "HEAD") -> list[str]:
        return [path for m, path, _ in self.asked if m == method]


def _handler(log: Log, other: str):
    """``other`` is the other server's address, for the redirects to another host."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def do_HEAD(self):
            self._answer()

        def do_GET(self):
            self._answer()

        def _answer(self):
            with log.lock:
                log.asked.append((self.command, self.path, self.headers.get("User-Agent")))
                tries = log.paths("HEAD").count(self.path)  # a try is a HEAD, then maybe a GET
                slow = self.path.startswith("/slow")
                log.in_flight += slow
                log.most_at_once = max(log.most_at_once, log.in_flight)
            try:
                self._route(tries)
            except OSError:
                pass  # the check gave up on this reply and closed the connection
            finally:
                with log.lock:
                    log.in_flight -= slow

        def _route(self, tries: int):
            path = self.path.partition("?")[0]
            if path == "/never":
                log.release.wait(30)  # no reply until the tests end
                return
            if path.startswith("/slow"):
                time.sleep(SLOW)
            routes = {
                "/moved": (301, f"{other}/new-home"),
                "/renamed": (302, "/ok"),
                "/gone": (404, ""),
                "/fail": (500, ""),
                "/flaky": (503 if tries == 1 else 200, ""),
                "/doi/10.1234/known": (302, f"{other}/article"),
                "/pubmed/12345/": (200, ""),
            }
            status, location = routes.get(path, (200, "") if _found(path) else (404, ""))
            if path == "/no-head" and self.command == "HEAD":
                status = 405
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            body = b"" if self.command == "HEAD" else b"<p>hello</p>"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _found(path: str) -> bool:
    return path in ("/ok", "/no-head", "/new-home", "/article") or path.startswith("/slow")


class Servers:
    """The two servers, started in threads; ``main`` and ``other`` are their addresses."""

    def __init__(self):
        self.log, self.other_log = Log(), Log()
        self._other = ThreadingHTTPServer(("127.0.0.2", 0), _handler(self.other_log, ""))
        self.other = f"http://127.0.0.2:{self._other.server_address[1]}"
        self._main = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.log, self.other))
        self.main = f"http://127.0.0.1:{self._main.server_address[1]}"
        for server in (self._main, self._other):
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        for log in (self.log, self.other_log):
            with log.lock:
                log.asked.clear()
                log.most_at_once = 0

    def close(self) -> None:
        for server, log in ((self._main, self.log), (self._other, self.other_log)):
            log.release.set()
            server.shutdown()
            server.server_close()
