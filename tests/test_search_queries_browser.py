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


# Shown: the summary names the count, and the results in view have loaded (search.js shows
# the page then); on a small screen the results below it load as they scroll into view.
SHOWN = """() => /\\d+ results? for|No results/.test(
  document.querySelector("pagefind-summary")?.textContent || "")
  && document.querySelector(".search-page")?.dataset.state === 'ready'"""


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


def help_of(page) -> dict:
    """What the no-results help shows, once its suggestions have settled."""
    page.wait_for_selector(".search-help:not([hidden])")
    page.wait_for_function(
        "() => document.querySelector('.search-help-suggest').hidden"
        " || document.querySelector('.search-help-terms a')"
    )
    return page.evaluate(
        """() => {
          const help = document.querySelector(".search-help");
          const suggest = help.querySelector(".search-help-suggest");
          return {
            heading: help.querySelector("h2").textContent,
            suggested: suggest.hidden ? [] : Array.from(
              suggest.querySelectorAll("a"), a => [a.textContent, a.getAttribute("href")]),
            links: Array.from(help.querySelectorAll("a"), a => a.getAttribute("href")),
          };
        }"""
    )


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("tripel negatve", "triple-negative breast cancer"),
        ("enhurto", "trastuzumab deruxtecan"),
    ],
)
def test_no_results_says_so_and_suggests_the_nearest_glossary_term(context, site, query, term):
    page, watch = search(context, site, query)
    assert found(page) == []
    shown = help_of(page)
    assert shown["heading"] == f"No answers match {query}"
    assert shown["suggested"] == [[term, f"/search/?q={term.replace(' ', '+')}"]]
    assert watch.problems == []


def test_no_results_help_links_to_the_lists_the_types_and_the_phone_line(context, site):
    page, watch = search(context, site, "xqzwv")
    shown = help_of(page)
    assert shown["suggested"] == []
    assert {"/questions/", "/glossary/", "/cancer-types/breast-cancer/", "tel:18004226237"} <= set(
        shown["links"]
    )
    assert watch.problems == []


def test_no_results_help_is_hidden_while_answers_are_found(context, site):
    page, _ = search(context, site, "colostomy")
    assert found(page)
    assert page.locator(".search-help").is_hidden()


def test_no_results_help_has_no_accessibility_violations(browser, site):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(bypass_csp=True)  # only so that axe itself can be injected
    try:
        page = context.new_page()
        page.goto(f"{site}/search/?q=enhurto", wait_until="networkidle")
        help_of(page)
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


# Patients' own words, and what each must and must not find on the shipped site: (query, the
# answers it must list, the answers it must not list, the answer it must list first or None).
# A query that no answer is about must find nothing (and the page then offers help).
TNBC_BEFORE_SURGERY = "triple-negative-breast-cancer-treatment-before-surgery"
PSA = "prostate-cancer-psa-test-results"
QUERIES = {
    "brand name": (
        "Keytruda",
        {"tumor-mutational-burden-and-immunotherapy", "colorectal-cancer-msi-high-dmmr"},
        {"colorectal-cancer-will-i-need-a-colostomy", PSA},
        None,
    ),
    "brand name, HER2 drug": (
        "Herceptin",
        {"her2-positive-breast-cancer-what-it-means"},
        {"lung-cancer-screening-who-should-get-it", PSA},
        None,
    ),
    "brand name, pill": (
        "Verzenio",
        {"hr-positive-breast-cancer-cdk4-6-inhibitors"},
        {"what-does-her2-low-mean"},
        None,
    ),
    "code name": ("DS-8201", DERUXTECAN, {"her2-positive-breast-cancer-what-it-means"}, None),
    "short code name": (
        "T-DM1",
        {"her2-positive-breast-cancer-what-it-means"},
        {"what-does-her2-low-mean"},
        None,
    ),
    "brand name, PARP inhibitor": (
        "Lynparza",
        {"ovarian-cancer-parp-inhibitor-maintenance", "ovarian-cancer-brca-and-hrd-tests"},
        {"ovarian-cancer-ca-125-follow-up", PSA},
        None,
    ),
    "abbreviation written without its hyphen": (
        "CA125",
        {"ovarian-cancer-ca-125-follow-up"},
        {"ovarian-cancer-genetic-testing-family"},
        "ovarian-cancer-ca-125-follow-up",
    ),
    "misspelling": ("tripple negative", {TNBC_BEFORE_SURGERY}, {PSA}, TNBC_BEFORE_SURGERY),
    "misspelling, swapped letters": (
        "biospy",
        {"lung-cancer-biomarker-testing", "breast-cancer-pathology-report"},
        {"lung-cancer-caring-for-someone"},
        None,
    ),
    "lay word": ("chemo", {"breast-cancer-chemotherapy-before-or-after-surgery"}, {PSA}, None),
    "lay word, ostomy": (
        "ostomy",
        {"colorectal-cancer-will-i-need-a-colostomy"},
        {"lung-cancer-screening-who-should-get-it"},
        None,
    ),
    "lay phrase": (
        "watchful waiting",
        {"prostate-cancer-active-surveillance"},
        {"what-does-her2-low-mean"},
        None,
    ),
    "question sentence": (
        "can I get pregnant after breast cancer",
        {"breast-cancer-fertility-before-treatment"},
        {"prostate-cancer-active-surveillance"},
        "breast-cancer-fertility-before-treatment",
    ),
    "question sentence, title": (
        "what does HER2-low mean",
        {"what-does-her2-low-mean"},
        {PSA},
        "what-does-her2-low-mean",
    ),
    "plural, through stemming": (
        "biopsies",
        {"lung-cancer-biomarker-testing", "prostate-cancer-active-surveillance"},
        {"lung-cancer-caring-for-someone"},
        None,
    ),
    "word in no answer": ("lump", set(), set(), None),
    "another word in no answer": ("giraffe", set(), set(), None),
    # Pagefind alone lists answers holding a shorter word the typed one starts with ("key")
    "misspelt brand name in no answer": ("keytrooda", set(), set(), None),
    "misspelt code name in no answer": ("DS-8021x", set(), set(), None),
    # ... or ignores a word it has nothing for: the answers of the other words are listed,
    # saying which word no answer has
    "word in no answer beside a real one": (
        "giraffe chemo",
        {"breast-cancer-chemotherapy-before-or-after-surgery"},
        {PSA},
        None,
    ),
    "lay words, one in no answer": (
        "ostomy bag",
        {"colorectal-cancer-will-i-need-a-colostomy"},
        {"lung-cancer-screening-who-should-get-it"},
        "colorectal-cancer-will-i-need-a-colostomy",
    ),
}


@pytest.mark.parametrize(("query", "must", "must_not", "first"), QUERIES.values(), ids=QUERIES)
def test_patient_query_finds_the_answers_it_should(context, site, query, must, must_not, first):
    page, watch = search(context, site, query)
    listed = found(page)
    assert must <= set(listed)
    assert not must_not & set(listed)
    if first:
        assert listed[0] == first
    if not must:
        assert listed == []
        assert help_of(page)["heading"] == f"No answers match {query}"
    assert watch.problems == []


@pytest.mark.parametrize(
    ("name", "term"),
    [
        ("Enhertu", "trastuzumab deruxtecan"),
        ("T-DXd", "trastuzumab deruxtecan"),
        ("Herceptin", "trastuzumab"),
        ("Keytruda", "pembrolizumab"),
    ],
)
def test_other_name_lists_the_answers_in_the_order_of_its_term(context, site, name, term):
    by_name, _ = search(context, site, name)
    by_term, _ = search(context, site, term)
    assert found(by_name) == found(by_term)
    assert found(by_name)


def test_other_name_in_a_longer_query_is_searched_as_its_term(context, site):
    page, _ = search(context, site, "Enhertu side effects")
    term, _ = search(context, site, "trastuzumab deruxtecan side effects")
    assert found(page) == found(term)
    assert found(page)
    assert page.input_value("pagefind-input input") == "Enhertu side effects"


def test_query_in_no_answer_suggests_the_nearest_name(context, site):
    page, watch = search(context, site, "keytrooda")
    assert found(page) == []
    assert help_of(page)["suggested"] == [["pembrolizumab", "/search/?q=pembrolizumab"]]
    assert watch.problems == []


def test_query_in_no_answer_from_a_hub_finds_nothing(context, site):
    page, watch = open_page(context, f"{site}/cancer-types/breast-cancer/")
    page.fill("#type-search-input", "keytrooda")
    page.press("#type-search-input", "Enter")
    page.wait_for_url("**/search/?type=Breast+cancer&q=keytrooda")
    page.wait_for_function(SETTLED)
    assert found(page) == []
    assert help_of(page)["heading"] == "No answers match keytrooda"
    assert watch.problems == []


def test_query_in_no_answer_from_the_header_finds_nothing(context, site):
    page, watch = open_page(context, f"{site}/questions/what-does-her2-low-mean/")
    page.fill("#header-search-input", "keytrooda")
    page.press("#header-search-input", "Enter")
    page.wait_for_url("**/search/?q=keytrooda")
    page.wait_for_function(SETTLED)
    assert found(page) == []
    assert help_of(page)["heading"] == "No answers match keytrooda"
    assert watch.problems == []


def missing_note(page) -> str | None:
    note = page.locator(".search-missing")
    return note.inner_text() if note.is_visible() else None


@pytest.mark.parametrize(
    ("query", "missing"), [("giraffe chemo", "giraffe"), ("ostomy bag", "bag")]
)
def test_word_in_no_answer_is_named_above_the_answers_of_the_others(context, site, query, missing):
    page, watch = search(context, site, query)
    assert found(page)
    assert missing_note(page) == (
        f"No answer has {missing}: these answers have the other words you typed."
    )
    assert watch.problems == []


@pytest.mark.parametrize("query", ["chemo", "keytrooda"])
def test_no_word_is_named_missing_when_every_word_or_none_is_found(context, site, query):
    page, _ = search(context, site, query)
    assert missing_note(page) is None
