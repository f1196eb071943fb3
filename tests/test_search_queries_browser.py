"""Search in patients' own words, on the shipped site: built in a tmp folder with its real
Pagefind index, served with the deployed headers and searched in headless Chromium."""

from __future__ import annotations

import pytest
from browser_support import REPO, SiteServer, open_page

from qasite import commands


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("shipped") / "site"
    commands.build(REPO, out)
    with SiteServer(out) as server:
        yield server.url


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 8000})  # every result loads
    yield context
    context.close()


# Settled: the summary names the count, and every listed result has loaded its link.
SETTLED = """() => {
  const text = document.querySelector("pagefind-summary")?.textContent || "";
  const count = /(\\d+) results? for/.exec(text);
  if (/No results/.test(text)) return true;
  if (!count) return false;
  const items = document.querySelectorAll("pagefind-results li.pf-result").length;
  const links = document.querySelectorAll("pagefind-results .pf-result-link").length;
  return links > 0 && links === items;
}"""


def search(context, site: str, query: str):
    """The search page once its summary has settled on ``query``: the page and its watch."""
    page, watch = open_page(context, f"{site}/search/?q={query.replace(' ', '+')}")
    page.wait_for_function(SETTLED)
    return page, watch


def found(page) -> list[str]:
    """The slugs of the answers listed, in order."""
    return [
        href.strip("/").removeprefix("questions/")
        for href in page.eval_on_selector_all(
            "pagefind-results .pf-result-link", "links => links.map(a => a.getAttribute('href'))"
        )
    ]


def excerpts(page) -> str:
    return " ".join(
        page.eval_on_selector_all(
            "pagefind-results .pf-result-excerpt", "ps => ps.map(p => p.textContent)"
        )
    )


DERUXTECAN = {
    "her2-low-breast-cancer-compassionate-use-expanded-access",
    "her2-low-breast-cancer-when-treatment-stops-working",
    "what-does-her2-low-mean",
}


@pytest.mark.parametrize("name", ["Enhertu", "T-DXd", "Enhurtu"])
def test_other_name_finds_the_answers_using_the_term_without_showing_in_excerpts(
    context, site, name
):
    page, watch = search(context, site, name)
    assert set(found(page)) == DERUXTECAN
    assert name.casefold() not in excerpts(page).casefold()
    assert watch.problems == []


def test_source_title_matches_no_answer(context, site):
    page, watch = search(context, site, "ASCO Post")  # in six answers' sources, in no answer
    assert found(page) == []
    assert watch.problems == []


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("colostomy", "colorectal-cancer-will-i-need-a-colostomy"),
        ("pathology report", "breast-cancer-pathology-report"),
    ],
)
def test_answer_whose_title_holds_the_words_comes_first(context, site, query, first):
    page, _ = search(context, site, query)
    assert found(page)[0] == first
