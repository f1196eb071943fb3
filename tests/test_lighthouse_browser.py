"""Lighthouse (accessibility, best practices, SEO) on a question page, a checklist and the
glossary of the shipped site, served under its deployed headers: every score 100; and mobile
performance of at least 95 on the A to Z list, the largest hub and the search page of a
synthetic site large enough that both lists continue on numbered pages.

Lighthouse comes from npm (tests/setup-lighthouse.sh installs it into tests/.lighthouse/) and
drives Debian's Chromium. Six pages only: a run takes about 15 s a page."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, REPO, SiteServer, chromium_available

from qasite import commands
from qasite.tools import synth

LIGHTHOUSE = Path(__file__).parent / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
LARGE = 1_200  # answers: the A to Z and the largest hubs run past the 64 KB listing limit
PAGES = {
    "question": "/questions/what-does-her2-low-mean/",
    "checklist": "/cancer-types/breast-cancer/questions-to-ask/",
    "glossary": "/glossary/",
}


def _lighthouse_or_skip() -> None:
    if not (LIGHTHOUSE.exists() and chromium_available()):
        if os.environ.get("CI"):
            pytest.fail("Lighthouse or Chromium is missing; run sh tests/setup-browser.sh")
        pytest.skip("Lighthouse is not installed: sh tests/setup-lighthouse.sh")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    _lighthouse_or_skip()
    out = tmp_path_factory.mktemp("lighthouse") / "site"
    commands.build(REPO, out)
    with SiteServer(out) as server:
        yield server.url


@pytest.fixture(scope="module")
def large_site(tmp_path_factory):
    """The benchmark's synthetic site of ``LARGE`` answers, searchable, and the addresses of
    its A to Z, its largest hub and its search page."""
    _lighthouse_or_skip()
    root = tmp_path_factory.mktemp("lighthouse-large")
    synth.generate(root, questions=LARGE, seed=1)
    site = commands.build(root, root / "site").site
    largest = max(site.listings.hubs.values(), key=lambda hub: hub.count)
    assert site.listings.az_paged and len(largest.pages) > 1  # both lists are paged
    with SiteServer(root / "site") as server:
        yield server.url, {"a-z": "/questions/", "hub": largest.url, "search": "/search/"}


def scores(url: str, report: Path, categories=CATEGORIES) -> dict[str, float]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(categories)}",
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
    return {name: result["categories"][name]["score"] for name in categories}


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_are_100(site_url, tmp_path, name):
    found = scores(site_url + PAGES[name], tmp_path / "report.json")
    print(f"{name} {PAGES[name]}: " + ", ".join(f"{k} {v * 100:.0f}" for k, v in found.items()))
    assert found == dict.fromkeys(CATEGORIES, 1.0)


def performance(url: str, report: Path) -> float:
    """One run's mobile performance score; a run that fails to load the page (Lighthouse
    exits 1 when Chromium is starved on a busy machine) is tried once more."""
    try:
        return scores(url, report, ("performance",))["performance"]
    except subprocess.CalledProcessError:
        return scores(url, report, ("performance",))["performance"]


@pytest.mark.parametrize("name", ["a-z", "hub", "search"])
def test_lighthouse_mobile_performance_is_95_or_more_on_a_large_site(large_site, tmp_path, name):
    """A score depends on how busy the machine is (Lighthouse slows the observed CPU work
    down fourfold): below 95, two more runs are made and their median is judged, as
    Lighthouse's documentation advises for variable machines."""
    url, pages = large_site
    runs = [performance(url + pages[name], tmp_path / "report.json")]
    if runs[0] < 0.95:
        runs += [performance(url + pages[name], tmp_path / f"report-{n}.json") for n in (2, 3)]
    median = sorted(runs)[len(runs) // 2]
    print(f"{name} {pages[name]}: performance {[round(r * 100) for r in runs]}")
    assert median >= 0.95
