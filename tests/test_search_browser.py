"""Search in a real browser: a tiny site is built (with its real Pagefind index), served with the
deployed headers, and driven in headless Chromium."""

from __future__ import annotations

import re

import pytest
from browser_support import SiteServer, open_page
from conftest import write_site
from publish_support import TYPES_YAML  # the same small type tree

from qasite import commands

SITE_YAML = """\
title: Tiny Answers
base_url: https://tiny.example.org
language: en
description: A tiny test site.
publisher: {name: Tiny team, url: "https://tiny.example.org/about/"}
banner: For informational purposes only
disclaimer:
  top: This zephyrine notice says the answer is general information.
  bottom: The closing notice says to ask your care team.
cta:
  heading: Your own case
  text: Talk to a xylograph service about your own records.
  label: Contact the service
  url: https://www.cancer.gov/contact
  service: NCI Cancer Information Service
  phone: 1-800-555-0100
report_problem: https://help.example.org/report?page={url}
"""
REVIEWERS_YAML = "team: {name: Tiny team, credentials: Editors, kind: organization}\n"


def question(
    title, kind, summary, body, related="[]", tags="[]", biomarkers="[]", date="2026-05-02"
):
    return f"""\
---
title: "{title}"
cancer_type: {kind}
date: {date}
last_reviewed: 2026-08-01
reviewed_by: team
summary: "{summary}"
related: {related}
tags: {tags}
biomarkers: {biomarkers}
sources:
  - title: Breast Cancer Treatment
    publisher: National Cancer Institute
    url: https://www.cancer.gov/types/breast
---

{body}
"""


QUESTIONS = {
    "expanded-access": question(
        "How do I ask for expanded access?",
        "her2-low-breast-cancer",
        "Your oncologist asks the drug company and the regulator for you.",
        "Expanded access needs a quokka ledger of your past treatments.\n\n"
        "## How a request is made\n\nYour doctor writes to the company.\n\n"
        "## Questions to ask your oncologist\n\n1. Is there a marmalade form to fill in?\n"
        "2. How long does a screening visit take?\n",
        related="[screening-breast]",
        tags="[expanded-access]",
        biomarkers="[HER2]",
    ),
    "screening-breast": question(
        "When is breast screening done?",
        "breast-cancer",
        "Screening looks for cancer before symptoms.",
        "A screening schedule depends on your age and your risk.\n\n"
        "## What happens at a visit\n\nA mammogram takes a few minutes.\n\n"
        "## Questions to ask your oncologist\n\n1. How often should I be screened?\n",
        related="[screening-lung]",
        tags="[screening]",
        date="2026-06-01",
    ),
    "screening-lung": question(
        "Who should get lung screening?",
        "lung-cancer",
        "Some people who smoked may benefit from a yearly scan.",
        "A lung screening schedule is yearly for people at high risk.\n\n"
        "## What the scan is\n\nA low-dose CT scan of the chest.\n\n"
        "## Questions to ask your oncologist\n\n1. Do I meet the guidelines?\n",
        related="[expanded-access]",
        tags="[screening]",
        date="2026-07-01",
    ),
}


def write_search_site(root):
    """The tiny search site: three answers in a small type tree, and an about page."""
    return write_site(
        root,
        QUESTIONS,
        {"about": "---\ntitle: About\n---\n\nAbout us.\n"},
        site=SITE_YAML,
        cancer_types=TYPES_YAML,
        reviewers=REVIEWERS_YAML,
    )


SHARDED = "search:\n  pages_per_shard: 1\n"  # an index in shards, merged by the search page


@pytest.fixture(scope="module", params=["one index", "sharded index"])
def site_url(request, tmp_path_factory):
    """The tiny site served, with its index whole and (the same tests again) in shards."""
    root = write_search_site(tmp_path_factory.mktemp("tiny"))
    if request.param == "sharded index":
        (root / "content/_data/site.yaml").write_text(SITE_YAML + SHARDED, encoding="utf-8")
    report = commands.build(root, root / "site")
    assert (report.index.shards > 1) == (request.param == "sharded index")
    with SiteServer(root / "site") as server:
        yield server.url


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def results(page, minimum: int = 1) -> list[str]:
    """The result URLs once the search has settled."""
    page.wait_for_function(
        "n => document.querySelectorAll('pagefind-results .pf-result-link').length >= n",
        arg=minimum,
    )
    return page.eval_on_selector_all(
        "pagefind-results .pf-result-link", "links => links.map(a => a.getAttribute('href'))"
    )


def search(context, site_url: str, query: str, types: tuple[str, ...] = ()):
    params = "&".join(
        [f"q={query.replace(' ', '+')}", *(f"type={t.replace(' ', '+')}" for t in types)]
    )
    page, watch = open_page(context, f"{site_url}/search/?{params}")
    page.wait_for_selector("pagefind-summary .pf-summary", state="attached")
    page.wait_for_function(
        "() => /result/.test(document.querySelector('pagefind-summary').textContent)"
    )
    return page, watch


def test_distinctive_phrase_lists_its_question_first(context, site_url):
    page, watch = search(context, site_url, "quokka ledger")
    assert results(page)[0] == "/questions/expanded-access/"
    assert watch.problems == []


@pytest.mark.parametrize("word", ["zephyrine", "xylograph"])
def test_word_only_in_disclaimer_or_cta_finds_nothing(context, site_url, word):
    page, _ = search(context, site_url, word)
    assert re.search(r"\bNo results\b|\b0 results\b", page.inner_text("pagefind-summary"), re.I)
    assert page.query_selector_all("pagefind-results .pf-result-link") == []


def test_address_query_runs_and_fills_the_search_box(context, site_url):
    page, _ = search(context, site_url, "screening schedule")
    found = results(page, 2)
    assert set(found[:2]) == {"/questions/screening-breast/", "/questions/screening-lung/"}
    assert page.input_value("pagefind-input input") == "screening schedule"


def test_cancer_type_filter_narrows_results(context, site_url):
    page, _ = search(context, site_url, "screening", types=("Lung cancer",))
    assert results(page) == ["/questions/screening-lung/"]


def test_parent_cancer_type_filter_includes_its_subtypes(context, site_url):
    page, _ = search(context, site_url, "screening", types=("Breast cancer",))
    found = results(page, 2)
    assert sorted(found) == ["/questions/expanded-access/", "/questions/screening-breast/"]


# Pagefind's API on the search page, with the shards the page names merged, as its UI does.
MERGED = """const pagefind = await import("/pagefind/pagefind.js");
    const script = document.querySelector("script[data-shards]");
    for (const shard of script ? script.dataset.shards.split(" ") : []) {
        await pagefind.mergeIndex(shard);
    }"""


def with_shards(page, body: str):
    """Run ``body`` in the page with ``pagefind``, Pagefind's API with the shards merged."""
    return page.evaluate("async () => {" + MERGED + body + "}")


def test_results_sort_by_date(context, site_url):
    page, _ = open_page(context, f"{site_url}/search/")
    urls = with_shards(
        page,
        """const all = await pagefind.search(null, {sort: {date: "desc"}});
        return Promise.all(all.results.map(r => r.data().then(d => d.url)));""",
    )
    assert urls == [
        "/questions/screening-lung/",
        "/questions/screening-breast/",
        "/questions/expanded-access/",
    ]


def test_sub_result_links_to_the_matching_heading(context, site_url):
    page, _ = search(context, site_url, "marmalade")
    results(page)
    links = page.eval_on_selector_all(
        "pagefind-results .pf-heading-link", "links => links.map(a => a.getAttribute('href'))"
    )
    assert "/questions/expanded-access/#questions-to-ask-your-oncologist" in links
    page.click("pagefind-results .pf-heading-link[href$='#questions-to-ask-your-oncologist']")
    page.wait_for_url("**/questions/expanded-access/#questions-to-ask-your-oncologist")
    assert page.is_visible("#questions-to-ask-your-oncologist")


def test_results_are_announced_to_screen_readers(context, site_url):
    page, _ = search(context, site_url, "screening")
    results(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[aria-live]')]"
        ".some(r => /result/i.test(r.textContent))"
    )


def test_header_search_box_leads_to_the_search_page(context, site_url):
    page, watch = open_page(context, f"{site_url}/questions/screening-lung/")
    page.fill("#header-search-input", "quokka")
    page.press("#header-search-input", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=quokka$"))
    assert results(page) == ["/questions/expanded-access/"]
    assert watch.problems == []


def test_cancer_type_hub_searches_within_its_type(context, site_url):
    page, _ = open_page(context, f"{site_url}/cancer-types/lung-cancer/")
    page.fill("#type-search-input", "screening")
    page.press("#type-search-input", "Enter")
    page.wait_for_url(re.compile(r"/search/\?type=Lung\+cancer&q=screening$"))
    assert results(page) == ["/questions/screening-lung/"]


def test_keyboard_reaches_results_from_the_search_box(context, site_url):
    page, _ = search(context, site_url, "screening")
    results(page)
    page.focus("pagefind-input input")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.pf-result-link')"):
            break
    else:
        pytest.fail("Tab never reached a result link")


def test_search_page_without_javascript_points_to_the_question_list(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url}/search/?q=screening")
        notice = page.locator("main .notice")
        assert notice.is_visible()
        assert "JavaScript" in notice.inner_text()
        assert notice.locator("a[href='/questions/']").count() == 1
    finally:
        context.close()


PAGE_TYPES = {
    "home": "/",
    "cancer type": "/cancer-types/breast-cancer/",
    "question": "/questions/expanded-access/",
    "A to Z": "/questions/",
    "plain page": "/about/",
    "search": "/search/?q=screening",
    "404": "/no-such-page/",
}


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_has_no_console_errors_or_csp_violations(context, site_url, path):
    page, watch = open_page(context, site_url + path, wait_until="networkidle")
    if path.startswith("/search/"):
        results(page)
    problems = watch.problems
    if path == PAGE_TYPES["404"]:  # Chromium logs the document's own 404 status
        own = "console error: Failed to load resource: the server responded with a status of 404"
        assert problems and problems[0].startswith(own)
        problems = problems[1:]
    assert problems == []


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_has_no_accessibility_violations(browser, site_url, path):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(bypass_csp=True)  # only so that axe itself can be injected
    try:
        page = context.new_page()
        page.goto(site_url + path, wait_until="networkidle")
        if path.startswith("/search/"):
            results(page)
        report = Axe().run(
            page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
        )
        violations = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
            for v in report.response["violations"]
        ]
        assert violations == []
    finally:
        context.close()


def test_served_pages_carry_the_content_security_policy(context, site_url):
    page = context.new_page()
    response = page.goto(site_url + "/")
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "'wasm-unsafe-eval'" in policy
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy


def test_a_search_lists_the_answers_of_every_shard(context, site_url):
    page, watch = search(context, site_url, "screening")
    assert sorted(results(page, 3)) == sorted(f"/questions/{slug}/" for slug in QUESTIONS)
    assert watch.problems == []


def test_results_sort_by_date_ascending_across_shards(context, site_url):
    page, _ = open_page(context, f"{site_url}/search/")
    urls = with_shards(
        page,
        """const found = await pagefind.search("screening", {sort: {date: "asc"}});
        return Promise.all(found.results.map(r => r.data().then(d => d.url)));""",
    )
    assert urls == [
        "/questions/expanded-access/",
        "/questions/screening-breast/",
        "/questions/screening-lung/",
    ]


# What the three answers are filed under: every answer counted once, whatever shard holds it.
FILTER_COUNTS = {
    "Biomarker": {"HER2": 1},
    "Cancer type": {"Breast cancer": 2, "HER2-low breast cancer": 1, "Lung cancer": 1},
    "Topic": {"Expanded access": 1, "Screening": 2},
}


def test_filter_counts_count_every_answer_once(context, site_url):
    page, _ = search(context, site_url, "screening")
    results(page, 3)
    counts = page.evaluate(
        "() => window.PagefindComponents.getInstanceManager().getInstance('default').totalFilters"
    )
    assert counts == FILTER_COUNTS
    filtered, _ = search(context, site_url, "screening", types=("Breast cancer",))
    results(filtered, 2)
    narrowed = filtered.evaluate(
        "() => window.PagefindComponents.getInstanceManager().getInstance('default')"
        ".searchResult.filters"
    )
    assert narrowed["Cancer type"] == {
        "Breast cancer": 2,
        "HER2-low breast cancer": 1,
        "Lung cancer": 0,
    }
