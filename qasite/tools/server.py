"""The preview's HTTP side: the request handler and the server, for `serve.py`'s `Preview`.

Pages get the reload script and the headers Netlify would send. The server is bound before
the first build, so a bad address or a busy port is one line at once (`guard.bind_error`). It
answers only requests addressed to this machine (`guard.host_allowed`: no DNS rebinding), gives
a slow or idle client a few seconds (`Timeouts`), answers a malformed request with an error
status (never a traceback, nor one for a client that hung up) and never follows a symbolic link
in its folder.
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import sys
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from . import guard

SCRIPT = Path(__file__).with_name("preview.js")


@dataclass(frozen=True)
class Timeouts:
    """Seconds a client gets: to send a whole request head (a slowloris trickling one header
    byte at a time is cut off), and for any one read or write (an idle connection is closed)."""

    head: float = 10.0
    idle: float = 30.0


def handler(preview, bind: str, public: bool, timeouts: Timeouts):
    """The request handler of ``preview`` (a `serve.Preview`): its folder, state and headers."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        timeout = timeouts.idle  # every read and write of the connection

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.out), **kwargs)

        def setup(self) -> None:
            super().setup()
            # The whole request head within `timeouts.head`, however slowly it trickles.
            self._deadline = threading.Timer(timeouts.head, self._cut_off)
            self._deadline.daemon = True
            self._deadline.start()

        def _cut_off(self) -> None:
            with contextlib.suppress(OSError):  # already closed
                self.connection.shutdown(socket.SHUT_RDWR)

        def finish(self) -> None:
            self._deadline.cancel()
            with contextlib.suppress(OSError):  # the client went away
                super().finish()

        def parse_request(self) -> bool:
            parsed = super().parse_request()
            self._deadline.cancel()
            if parsed and self.request_version == "HTTP/0.9":
                self.send_error(400, "HTTP/0.9 request: send HTTP/1.0 or 1.1 with a Host")
                return False
            return parsed

        def send_error(self, code: int, message: str | None = None, explain=None) -> None:
            if self.request_version == "HTTP/0.9":  # unknown, or 0.9: HTTP/0.9 has no status
                self.request_version = "HTTP/1.0"  # line, and every error needs one
            super().send_error(code, message, explain)

        def end_headers(self) -> None:
            # An error answered before the request line was read has no path yet.
            path = urllib.parse.urlsplit(getattr(self, "path", "/")).path
            for name, value in preview.headers(path).items():
                self.send_header(name, value)
            super().end_headers()

        def _refused(self) -> bool:
            """Refuse a request not addressed to this machine by name or address."""
            if guard.host_allowed(self.headers.get("Host"), bind, public):
                return False
            status = 400 if not self.headers.get("Host") else 403
            self.send_error(status, "this preview answers only to localhost and its own address")
            return True

        def do_HEAD(self) -> None:
            if not self._refused():
                super().do_HEAD()

        def do_GET(self) -> None:
            if self._refused():
                return None
            path = urllib.parse.urlsplit(self.path).path
            if path == "/_preview/events":
                return self._events()
            if path == "/_preview/preview.js":
                return self._send(200, "text/javascript; charset=utf-8", SCRIPT.read_bytes())
            target = Path(self.translate_path(path))
            if target.is_dir() and path.endswith("/"):
                target = target / "index.html"
            link = guard.link_below(preview.out, target)
            if link is not None:
                preview._print([f"not serving {link}: a symbolic link (never followed)"])
                return self._missing()
            if target.suffix == ".html" and target.is_file():
                return self._send(200, "text/html; charset=utf-8", self._inject(target))
            if not target.exists():
                return self._missing()
            return super().do_GET()

        def _missing(self) -> None:
            page = preview.out / "404.html"
            shown = page.is_file() and not page.is_symlink()
            body = self._inject(page) if shown else self._waiting()
            self._send(404, "text/html; charset=utf-8", body)

        def _waiting(self) -> bytes:
            """Before the first good build there is no site: a page that waits for one."""
            return (
                "<!doctype html><html lang=en><head><meta charset=utf-8>"
                "<title>Waiting for a good build</title>"
                f'<script src="/_preview/preview.js" data-build="{preview.state.build}" '
                "defer></script></head><body><h1>Waiting for a good build</h1><p>The "
                "site has not built yet; the errors are in the terminal and below. This "
                "page reloads by itself once they are fixed.</p></body></html>"
            ).encode()

        def _inject(self, page: Path) -> bytes:
            tag = (
                f'<script src="/_preview/preview.js" data-build="{preview.state.build}" '
                f'data-index="{preview.state.index}" defer></script>\n</head>'
            ).encode()
            return page.read_bytes().replace(b"</head>", tag, 1)

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            state = preview.state
            last = None
            try:
                while True:
                    with state.changed:
                        current = state.as_json()
                        if current == last:
                            state.changed.wait(timeout=15)
                            current = state.as_json()
                    message = f"data: {current}\n\n" if current != last else ": ping\n\n"
                    self.wfile.write(message.encode())
                    self.wfile.flush()
                    last = current
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, *args) -> None:
            pass

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hung up or stalled is no error of the preview's: no traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


def make_server(
    preview,
    bind: str,
    port: int,
    public: bool = False,
    timeouts: Timeouts = Timeouts(),
) -> Server:
    """Bind and listen, or raise `guard.BindError` with the one line that says why not."""
    guard.check_bind(bind, port, public)
    served = handler(preview, bind, public, timeouts)
    server_class = type("Server", (Server,), {"address_family": guard.family(bind)})
    try:
        return server_class((bind, port), served)
    except (OSError, OverflowError) as exc:
        raise guard.bind_error(exc, bind, port) from None
