"""`build.py serve`: build, serve on 127.0.0.1, rebuild on every change and reload open tabs.

The preview is served from its own folder (`.cache/preview/`), never from `site/`. A failed
rebuild keeps the last good site online and shows its errors in the terminal and over the page;
the next good build reloads the page by itself. The reload script is a file of its own
(`qasite/preview.js`), so the site's Content-Security-Policy, sent here as on Netlify, holds.
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from .. import commands
from ..content.errors import ContentError
from ..output import index
from ..site import publish, render

SCRIPT = Path(__file__).with_name("preview.js")
POLL_SECONDS = 0.3


def snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Every file below ``folders`` with its modification time and size."""
    seen = {}
    for folder in folders:
        for base, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                path = os.path.join(base, name)
                try:
                    info = os.stat(path)
                except FileNotFoundError:
                    continue
                seen[path] = (info.st_mtime_ns, info.st_size)
    return seen


@dataclass
class State:
    """The preview's last build: its number, and the errors if it failed."""

    build: int = 0
    index: int = 0  # search indexes made; a search page reloads when a new one is in place
    ok: bool = True
    errors: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, ok: bool, errors: list[str]) -> None:
        with self.changed:
            if ok:
                self.build += 1
            self.ok, self.errors = ok, errors
            self.changed.notify_all()

    def indexed(self) -> None:
        with self.changed:
            self.index += 1
            self.changed.notify_all()

    def as_json(self) -> str:
        return json.dumps(
            {"build": self.build, "index": self.index, "ok": self.ok, "errors": self.errors}
        )


class Preview:
    def __init__(self, root: Path, out: Path, production: bool = False, today=None):
        self.root, self.out, self.production = root, out, production
        self.today = today  # the day review dates are judged on; None: each build's day
        self.state = State()
        self.netlify = root / "netlify.toml"
        self.indexing = threading.Lock()
        self.indexed = ""  # key of the index the preview serves

    def headers(self, path: str) -> dict[str, str]:
        """What Netlify would send for ``path`` (the CSP among them); never cached here."""
        config = self.netlify.read_text(encoding="utf-8") if self.netlify.is_file() else ""
        headers_file = self.out / "_headers"
        extra = headers_file.read_text(encoding="utf-8") if headers_file.is_file() else ""
        return {
            **publish.headers_for(publish.rules(config, extra), path),
            "Cache-Control": "no-store",
        }

    def rebuild(self) -> None:
        """Build the pages (they go live at once), then let the search index catch up."""
        try:
            report = commands.build(
                self.root, self.out, self.production, search=False, today=self.today
            )
        except ContentError as exc:
            lines = [str(p) for p in exc.problems]
            self._print([*lines, f"{len(lines)} problem(s); still serving the last good site"])
            self.state.publish(False, lines)
            return
        except Exception as exc:  # a layout error or a failed index: keep serving
            line = (
                render.layout_error(exc)
                if hasattr(exc, "message") and exc.__class__.__module__.startswith("jinja2")
                else f"build failed: {exc}"
            )
            self._print([line, "still serving the last good site"])
            self.state.publish(False, [line])
            return
        self._print([str(w) for w in report.warnings] + [report.summary()])
        self.state.publish(True, [])
        threading.Thread(target=self.refresh_index, daemon=True).start()

    def refresh_index(self) -> None:
        """Index the live pages in the background; one indexer at a time, and again if the
        pages changed while it ran."""
        with self.indexing:
            language = self.language()
            while True:
                fragments = {
                    p.as_posix(): index.fragment(p.read_bytes())
                    for p in sorted(self.out.glob(index.GLOB))
                }
                key = index.index_key(fragments, language)
                if key == self.indexed:
                    return
                started = time.perf_counter()
                report = index.refresh(self.out, language)
                if report is not None:
                    self.indexed = key
                    self.state.indexed()
                    seconds = time.perf_counter() - started
                    self._print([f"search index: {report.pages} answers in {seconds:.2f} s"])

    def language(self) -> str:
        page = self.out / "index.html"
        head = page.read_bytes()[:200].decode("utf-8", "replace") if page.exists() else ""
        found = re.search(r'<html lang="([^"]+)"', head)
        return found.group(1) if found else "en"

    def watch(self, stop: threading.Event) -> None:
        folders = [self.root / "content", self.root / "layouts"]
        before = snapshot(folders)
        while not stop.wait(POLL_SECONDS):
            now = snapshot(folders)
            if now != before:
                time.sleep(0.05)  # let an editor finish writing
                before = snapshot(folders)
                self.rebuild()

    @staticmethod
    def _print(lines: list[str]) -> None:
        stamp = time.strftime("%H:%M:%S")
        for line in lines:
            print(f"[{stamp}] {line}", file=sys.stderr, flush=True)

    def handler(self):
        preview = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(preview.out), **kwargs)

            def end_headers(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                for name, value in preview.headers(path).items():
                    self.send_header(name, value)
                super().end_headers()

            def do_GET(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                if path == "/_preview/events":
                    return self._events()
                if path == "/_preview/preview.js":
                    return self._send(200, "text/javascript; charset=utf-8", SCRIPT.read_bytes())
                target = Path(self.translate_path(path))
                if target.is_dir() and path.endswith("/"):
                    target = target / "index.html"
                if target.suffix == ".html" and target.is_file():
                    return self._send(200, "text/html; charset=utf-8", self._inject(target))
                if not target.exists():
                    missing = preview.out / "404.html"
                    page = self._inject(missing) if missing.is_file() else self._waiting()
                    return self._send(404, "text/html; charset=utf-8", page)
                return super().do_GET()

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


def make_server(preview: Preview, bind: str, port: int) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer((bind, port), preview.handler())
    server.daemon_threads = True
    return server


def check_bind(address: str, public: bool) -> None:
    """Only loopback unless ``public``: a preview holds drafts not meant to be seen."""
    try:
        loopback = ipaddress.ip_address(address).is_loopback
    except ValueError:
        loopback = address == "localhost"
    if not loopback and not public:
        raise SystemExit(
            f"refusing to serve on {address}: add --public to serve beyond this "
            "machine (drafts and unpublished answers would be visible)"
        )


def serve(
    root: Path,
    port: int = 8000,
    bind: str = "127.0.0.1",
    public: bool = False,
    production: bool = False,
    out: Path | None = None,
    today=None,
) -> None:
    check_bind(bind, public)
    preview = Preview(root, out or root / ".cache" / "preview", production, today)
    preview.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    server = make_server(preview, bind, port)
    host, port = server.server_address[:2]
    print(
        f"Serving the preview on http://{host}:{port}/ (Ctrl+C to stop); watching content/ "
        "and layouts/",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
