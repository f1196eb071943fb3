"""Real-browser support for tests: a static server with the site's headers, and Chromium.

Chromium is Debian's `/usr/bin/chromium`, driven by Playwright's Python package; nothing is
downloaded. The server binds 127.0.0.1 on a free port and sends the headers that netlify.toml
and the site's _headers give (the Content-Security-Policy among them), matched as Netlify
matches them, and 404.html for a missing address: pages are tested as deployed.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from qasite.site import publish

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
REPO = Path(__file__).resolve().parent.parent


def deploy_rules(folder: Path, repo: Path = REPO) -> list[publish.HeaderRule]:
    """The header rules Netlify would apply to a built site: netlify.toml, then its _headers."""
    headers_file = folder / "_headers"
    return publish.rules(
        (repo / "netlify.toml").read_text(encoding="utf-8"),
        headers_file.read_text(encoding="utf-8") if headers_file.exists() else "",
    )


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: ClassVar[list[publish.HeaderRule]] = []

    def end_headers(self) -> None:
        for name, value in publish.headers_for(self.rules, self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory, "404.html")
        if code != 404 or not missing.exists():
            return super().send_error(code, message, explain)
        body = missing.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, *args) -> None:
        pass


class SiteServer:
    """Serves a built site folder on 127.0.0.1 in a background thread."""

    def __init__(self, folder: Path):
        deploy = type("DeployHandler", (_Handler,), {"rules": deploy_rules(folder)})
        handler = functools.partial(deploy, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session. In CI it must run: a missing browser
    fails there instead of skipping."""
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs it with apt-get")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class PageWatch:
    """Console errors, page errors and CSP violations seen by a page."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))

    def _console(self, message) -> None:
        if message.type in ("error", "warning") and (
            message.type == "error" or "Content Security Policy" in message.text
        ):
            self.problems.append(f"console {message.type}: {message.text}")


def open_page(context, url: str, wait_until: str = "load"):
    """A new page at ``url``, its console watched."""
    page = context.new_page()
    watch = PageWatch(page)
    page.goto(url, wait_until=wait_until)
    return page, watch
