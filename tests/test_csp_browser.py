"""The shipped site under its deployed headers, in headless Chromium: no page logs a console error
or a Content-Security-Policy violation.

The built site is served from 127.0.0.1 (a free port) with the headers Netlify would send: the
rules of netlify.toml and of the generated site/_headers, matched as Netlify matches them, and
site/404.html with status 404 for a missing address.
"""

from __future__ import annotations

import pytest
from browser_support import REPO, SiteServer

from qasite import commands

VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}`));
"""
PAGES = {
    "home": "/",
    "A to Z list": "/questions/",
    "question": "/questions/what-does-her2-low-mean/",
    "cancer type hub": "/cancer-types/breast-cancer/",
    "plain page": "/about/",
    "404 page": "/no-such-page/",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("csp") / "site"
    commands.build(REPO, out)
    with SiteServer(out) as server:
        yield server.url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda m: (
            page.problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    yield page
    context.close()


def problems(page) -> list[str]:
    return page.problems + page.evaluate("window.__violations")


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_under_the_deployed_headers_without_errors(page, site_url, name):
    response = page.goto(site_url + PAGES[name], wait_until="load")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert "x-robots-tag" not in headers  # a production build
    if name == "404 page":
        assert response.status == 404
        page.problems = [p for p in page.problems if "status of 404" not in p]
    else:
        assert response.status == 200
    assert page.locator("link[rel=stylesheet]").count() >= 1
    assert page.evaluate("getComputedStyle(document.body).margin") != "8px"  # CSS applied
    assert problems(page) == []


def test_search_runs_pagefind_under_the_policy(page, site_url):
    response = page.goto(site_url + "/search/?q=HER2", wait_until="load")
    assert response.status == 200
    page.wait_for_function(
        "() => document.querySelectorAll('pagefind-results a[href]').length > 0", timeout=15000
    )
    assert problems(page) == []


def test_a_question_page_response_carries_every_deploy_header(page, site_url):
    response = page.goto(site_url + PAGES["question"])
    headers = response.all_headers()
    print("\n".join(f"{k}: {v}" for k, v in sorted(headers.items())))
    for name in (
        "content-security-policy",
        "strict-transport-security",
        "referrer-policy",
        "permissions-policy",
        "x-content-type-options",
        "x-frame-options",
    ):
        assert name in headers
    css = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    asset = page.request.get(site_url + css)
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "cache-control" not in headers  # HTML keeps Netlify's revalidating default
