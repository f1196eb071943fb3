"""The live preview in a real browser: edits reload open tabs, errors show over the page while
the last good site stays online, fixing the file brings the page back, and search works."""

from __future__ import annotations

import re
import shutil
import threading
import time

import pytest
from conftest import QUESTIONS, REPO, write_site

from qasite.tools import guard, serve

PAGE = "questions/what-is-her2-low/index.html"


@pytest.fixture
def preview(tmp_path):
    root = write_site(tmp_path / "project")
    shutil.copy(REPO / "netlify.toml", root / "netlify.toml")  # the preview sends its headers
    live = serve.Preview(root, root / ".cache" / "preview")
    live.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=live.watch, args=(stop,), daemon=True)
    watcher.start()
    server = serve.make_server(live, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    live.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield live
    stop.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser, preview):
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda m: page.problems.append(m.text) if m.type == "error" else None,
    )
    yield page
    context.close()


def edit(preview, text: str) -> None:
    path = preview.root / "content" / "questions" / "what-is-her2-low.md"
    path.write_text(text, encoding="utf-8")


def test_saved_change_reloads_the_open_page(preview, page):
    page.goto(f"{preview.url}/questions/what-is-her2-low/")
    original = QUESTIONS["what-is-her2-low"]
    edit(preview, original.replace("title: ", "title: Edited ", 1))
    page.wait_for_function("() => document.querySelector('h1').textContent.startsWith('Edited')")
    assert page.problems == []


def test_broken_change_shows_its_errors_and_keeps_the_last_good_page(preview, page):
    page.goto(f"{preview.url}/questions/what-is-her2-low/")
    title = page.inner_text("h1")
    original = QUESTIONS["what-is-her2-low"]
    broken = re.sub(r"(?m)^date: .*$", "date: 2026-13-45", original, count=1)
    edit(preview, broken)
    overlay = page.wait_for_selector("#qasite-preview-errors", timeout=15_000)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if text.startswith("date:"))
    assert f"content/questions/what-is-her2-low.md:{line}: date: " in overlay.inner_text()
    assert page.inner_text("h1") == title  # the last good page stays
    fresh = page.context.new_page()
    fresh.goto(f"{preview.url}/questions/what-is-her2-low/")
    assert fresh.inner_text("h1") == title  # and is still served
    fresh.close()
    edit(preview, original.replace("title: ", "title: Fixed ", 1))
    page.wait_for_function("() => document.querySelector('h1').textContent.startsWith('Fixed')")
    assert page.query_selector("#qasite-preview-errors") is None


def wait_for_results(page) -> None:
    page.wait_for_function(
        "() => document.querySelectorAll('pagefind-results .pf-result-link').length > 0",
        timeout=20_000,
    )


def test_search_works_in_the_preview(preview, page):
    deadline = time.monotonic() + 20
    while preview.state.index < 1 and time.monotonic() < deadline:
        time.sleep(0.05)  # pages go live first; the index follows in the background
    page.goto(f"{preview.url}/search/?q=HER2")
    wait_for_results(page)
    assert page.problems == []


def test_search_page_opened_before_the_index_reloads_once_it_is_ready(preview, page):
    page.goto(f"{preview.url}/search/?q=HER2")
    wait_for_results(page)


def test_preview_pages_keep_the_content_security_policy(preview, page):
    response = page.goto(f"{preview.url}/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert "unsafe-inline" not in policy
    page.wait_for_timeout(300)
    assert page.problems == []


def test_preview_refuses_to_serve_beyond_this_machine_unless_asked():
    with pytest.raises(SystemExit, match="--public"):
        guard.check_bind("0.0.0.0", 8000, public=False)
    guard.check_bind("0.0.0.0", 8000, public=True)
    guard.check_bind("127.0.0.1", 8000, public=False)
