"""The bytes a first search downloads, on the shipped site: a phone opens the search page with
a query, in a fresh Chromium context (nothing cached), and every response of its network log
until the results in view have loaded is counted at the size Netlify sends it (gzip for what
compresses; Pagefind's index files are gzip already). The figures are printed; the test holds
them under a stated ceiling.

The same measure of any built site: ``python tests/test_search_bytes_browser.py SITE QUERY``.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, REPO, SiteServer

from qasite import commands

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "device_scale_factor": 2}
# The shipped site's first search measured 187 to 216 KB here (Pagefind's engine and UI are
# 144 KB of it); the ceiling leaves room for the answers to grow.
CEILING = 300_000


def sent_size(data: bytes) -> int:
    """The size Netlify sends: gzip (level 6) when it makes the file smaller."""
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def part_of(path: str) -> str:
    if path.startswith("/pagefind/"):
        name = path.rsplit("/", 1)[1]
        if path.startswith(("/pagefind/index/", "/pagefind/filter/", "/pagefind/fragment/")):
            return "pagefind " + path.split("/")[2]
        return "pagefind " + ("ui" if "component-ui" in name else "engine")
    return "names" if path.endswith("names.json") else "page"


def first_search(browser, base: str, folder: Path, query: str) -> dict[str, int]:
    """Bytes sent, by part, for a first search of ``query`` on a phone."""
    from test_search_queries_browser import SHOWN

    context = browser.new_context(**PHONE)
    paths: list[str] = []
    context.on("response", lambda r: paths.append(urlsplit(r.url).path))
    try:
        page = context.new_page()
        page.goto(f"{base}/search/?q={query.replace(' ', '+')}", wait_until="networkidle")
        page.wait_for_function(SHOWN, timeout=120_000)  # thousands of results on a busy machine
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    parts: dict[str, int] = {}
    for path in paths:
        file = folder / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            part = part_of(path)
            parts[part] = parts.get(part, 0) + sent_size(file.read_bytes())
    parts["total"] = sum(parts.values())
    parts["requests"] = len(paths)
    return parts


def report(parts: dict[str, int]) -> str:
    return ", ".join(
        f"{k} {v}" if k == "requests" else f"{k} {v / 1000:.1f} KB"
        for k, v in sorted(parts.items())
    )


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    out = tmp_path_factory.mktemp("shipped") / "site"
    commands.build(REPO, out)
    with SiteServer(out) as server:
        yield server.url, out


@pytest.mark.parametrize("query", ["chemo", "Enhertu", "keytrooda"])
def test_first_search_downloads_less_than_the_ceiling(browser, shipped, query):
    base, folder = shipped
    parts = first_search(browser, base, folder, query)
    print(f"first search for {query!r}: {report(parts)}")
    assert parts["pagefind engine"] > 0 and parts["pagefind index"] > 0  # it did search
    assert parts["total"] < CEILING


def main(folder: str, query: str) -> None:
    from playwright.sync_api import sync_playwright

    with SiteServer(Path(folder)) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        parts = first_search(browser, server.url, Path(folder), query)
        print(f"first search for {query!r}: {report(parts)}")
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
