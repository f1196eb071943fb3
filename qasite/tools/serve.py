"""`build.py serve`: build, serve on 127.0.0.1, rebuild on every change and reload open tabs.

The preview is served from its own folder (`.cache/preview/`), never from `site/`. A failed
rebuild keeps the last good site online and shows its errors in the terminal and over the page;
the next good build reloads the page by itself. The reload script is a file of its own
(`qasite/preview.js`), so the site's Content-Security-Policy, sent here as on Netlify, holds.

The HTTP side (what is answered, and to whom) is `server.py`; its checks are `guard.py`.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import commands
from ..content.errors import ContentError
from ..output import index
from ..site import publish, render
from .server import make_server

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
        self.per_shard = index.PER_SHARD  # the site's pages_per_shard, as the last build read it

    def headers(self, path: str) -> dict[str, str]:
        """What Netlify would send for ``path`` (the CSP among them); never cached here."""
        config = self.netlify.read_text(encoding="utf-8") if self.netlify.is_file() else ""
        headers_file = self.out / "_headers"
        readable = headers_file.is_file() and not headers_file.is_symlink()  # never followed
        extra = headers_file.read_text(encoding="utf-8") if readable else ""
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
        if report.site is not None:
            self.per_shard = report.site.content.site.search.pages_per_shard
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
                key = index.index_key(fragments, language, self.per_shard)
                if key == self.indexed:
                    return
                started = time.perf_counter()
                report = index.refresh(self.out, language, self.per_shard)
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


def serve(
    root: Path,
    port: int = 8000,
    bind: str = "127.0.0.1",
    public: bool = False,
    production: bool = False,
    out: Path | None = None,
    today=None,
) -> None:
    preview = Preview(root, out or root / ".cache" / "preview", production, today)
    server = make_server(preview, bind, port, public)  # before building: a bad port fails fast
    preview.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    host, port = server.server_address[:2]
    host = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
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
