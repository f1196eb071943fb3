"""The search page's layout in Chromium, on the shipped site: nothing moves while it loads and
while results arrive (cumulative layout shift, from a PerformanceObserver), excerpts wrap to
two or three lines on a phone, counts and filter labels read at body size, and a cancer type
chosen on a hub shows as chosen."""

from __future__ import annotations

import pytest
from browser_support import REPO, SiteServer, open_page
from test_search_queries_browser import SHOWN, found

from qasite import commands

PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

# Every layout shift of the page, from its start (buffered), not caused by input.
SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.layoutShifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("shipped") / "site"
    commands.build(REPO, out)
    with SiteServer(out) as server:
        yield server.url


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def context(request, browser):
    context = browser.new_context(**VIEWPORTS[request.param])
    context.add_init_script(SHIFTS)
    yield context
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context
    context.close()


def settled(context, url: str):
    """The page at ``url`` once its search has settled and nothing is left to load."""
    page, watch = open_page(context, url, wait_until="networkidle")
    if "q=" in url:
        page.wait_for_function(SHOWN)
    else:
        page.wait_for_selector(".search-page[data-state='ready']")
    page.wait_for_load_state("networkidle")
    return page, watch


def layout_shift(page) -> float:
    # one more frame, so that a shift of the last change is reported too
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))")
    return page.evaluate("() => window.layoutShifts.reduce((a, b) => a + b, 0)")


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=chemo",
        "/search/?type=Breast+cancer&q=treatment",
        "/search/?q=keytrooda",
        "/search/",
    ],
    ids=["results", "results of a cancer type", "no results", "no query"],
)
def test_nothing_moves_while_the_search_page_loads_and_results_arrive(context, site, path):
    page, watch = settled(context, site + path)
    assert layout_shift(page) < 0.1  # Google's "good" cumulative layout shift
    assert watch.problems == []


def test_results_are_shown_once_those_in_view_have_loaded(context, site):
    page, _ = settled(context, f"{site}/search/?q=treatment")
    assert page.locator("pagefind-results").is_visible()
    in_view = page.evaluate(
        """() => [...document.querySelectorAll("pagefind-results > ul > li")]
          .filter(li => li.getBoundingClientRect().top < innerHeight)
          .map(li => li.getAttribute("aria-hidden"))"""
    )
    assert in_view and None in in_view and "true" not in in_view


def lines(page, selector: str) -> list[float]:
    """How many lines each element matching ``selector`` shows."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(e => e.getBoundingClientRect().height
                                / parseFloat(getComputedStyle(e).lineHeight))""",
    )


def test_excerpts_show_two_or_three_lines_on_a_phone(phone, site):
    page, _ = settled(phone, f"{site}/search/?q=treatment")
    shown = [
        round(n, 1)
        for n in lines(page, "pagefind-results li:not([aria-hidden]) .pf-result-excerpt")
    ]
    assert shown and all(n in (2.0, 3.0) for n in shown), shown


def font_sizes(page, selector: str) -> set[str]:
    return set(
        page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).fontSize)")
    )


def test_counts_and_filter_labels_are_at_body_size(phone, site):
    page, _ = settled(phone, f"{site}/search/?q=treatment")
    body = page.evaluate("() => getComputedStyle(document.body).fontSize")
    for selector in (
        "pagefind-summary .pf-summary",
        "pagefind-filter-pane .pf-filter-group-title",
        "pagefind-filter-pane .pf-filter-checkbox",
        "pagefind-filter-pane .pf-filter-checkbox-count",
    ):
        assert font_sizes(page, selector) == {body}, selector


def test_cancer_type_chosen_on_a_hub_shows_as_chosen(phone, site):
    page, watch = open_page(phone, f"{site}/cancer-types/breast-cancer/")
    page.fill("#type-search-input", "treatment")
    page.press("#type-search-input", "Enter")
    page.wait_for_url("**/search/?type=Breast+cancer&q=treatment")
    page.wait_for_function(SHOWN)
    chosen = page.locator(".search-chosen")
    assert chosen.is_visible()
    assert chosen.inner_text() == "Only answers about Breast cancer. Search every answer"
    assert chosen.locator("a").get_attribute("href") == "/search/?q=treatment"
    box = page.locator("pagefind-filter-pane input[name='Cancer type'][value='Breast cancer']")
    assert box.is_checked()
    assert found(page)
    assert watch.problems == []


def test_choosing_no_cancer_type_names_none(phone, site):
    page, _ = settled(phone, f"{site}/search/?q=treatment")
    assert page.locator(".search-chosen").is_hidden()
