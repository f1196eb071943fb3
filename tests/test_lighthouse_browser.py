"""Lighthouse (accessibility, best practices, SEO) on a question page, a checklist and the
glossary of the shipped site, served under its deployed headers: every score 100.

Lighthouse comes from npm (tests/setup-lighthouse.sh installs it into tests/.lighthouse/) and
drives Debian's Chromium. Three pages only: a run takes about 15 s a page."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, REPO, SiteServer, chromium_available

from qasite import commands

LIGHTHOUSE = Path(__file__).parent / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
PAGES = {
    "question": "/questions/what-does-her2-low-mean/",
    "checklist": "/cancer-types/breast-cancer/questions-to-ask/",
    "glossary": "/glossary/",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    if not (LIGHTHOUSE.exists() and chromium_available()):
        if os.environ.get("CI"):
            pytest.fail("Lighthouse or Chromium is missing; run sh tests/setup-browser.sh")
        pytest.skip("Lighthouse is not installed: sh tests/setup-lighthouse.sh")
    out = tmp_path_factory.mktemp("lighthouse") / "site"
    commands.build(REPO, out)
    with SiteServer(out) as server:
        yield server.url


def scores(url: str, report: Path) -> dict[str, float]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",
            f"--chrome-flags={flags}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=240,
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    failing = [
        f"{audit['id']}: {audit['title']}"
        for audit in result["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    print(f"\n{url}: {failing or 'no failing audits'}")
    return {name: result["categories"][name]["score"] for name in CATEGORIES}


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_are_100(site_url, tmp_path, name):
    found = scores(site_url + PAGES[name], tmp_path / "report.json")
    print(f"{name} {PAGES[name]}: " + ", ".join(f"{k} {v * 100:.0f}" for k, v in found.items()))
    assert found == dict.fromkeys(CATEGORIES, 1.0)
