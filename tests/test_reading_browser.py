"""Reading an answer on the shipped site, in headless Chromium at a phone's 390 x 844 and a
desktop's 1280 x 900: the short answer first, help within reach, labelled callouts."""

from __future__ import annotations

import urllib.parse

import pytest
from browser_support import REPO, SiteServer

from qasite import commands
from qasite.content import config

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SCREENS = {"390px": PHONE, "1280px": DESKTOP}
QUESTION = "/questions/what-does-her2-low-mean/"
SHIPPED = sorted(p.stem for p in (REPO / "content" / "questions").glob("*.md"))


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("reading") / "site"
    commands.build(REPO, out, search=False)
    with SiteServer(out) as server:
        yield server.url


@pytest.fixture(params=SCREENS.values(), ids=SCREENS.keys())
def page(browser, request):
    context = browser.new_context(viewport=request.param)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def test_short_answer_starts_within_the_first_phone_screen_on_every_answer(phone, site_url):
    starts = {}
    for slug in SHIPPED:
        phone.goto(f"{site_url}/questions/{slug}/")
        box = phone.locator(".short-answer p").bounding_box()
        starts[slug] = round(box["y"])
    print("\nshort answer text starts at (px from the top, 390x844):")
    print("\n".join(f"  {y:4d}  {slug}" for slug, y in sorted(starts.items(), key=lambda i: i[1])))
    assert max(starts.values()) < PHONE["height"]


def test_no_answer_is_wider_than_a_phone_screen(phone, site_url):
    wider = {}
    for slug in SHIPPED:
        phone.goto(f"{site_url}/questions/{slug}/")
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wider[slug] = width
    assert wider == {}


def test_short_answer_shows_the_summary_under_a_label(page, site_url):
    page.goto(site_url + QUESTION)
    box = page.locator("section.short-answer")
    assert box.get_by_role("heading", name="Short answer").is_visible()
    summary = page.locator('meta[name="description"]').get_attribute("content")
    assert box.locator("p").inner_text() == summary


def test_type_and_dates_share_one_line_on_a_desktop(browser, site_url):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site_url + QUESTION)
    line = page.locator(".question-meta")
    assert line.locator("time").count() >= 2
    boxes = [c.bounding_box() for c in line.locator("> *").all()]
    middles = [b["y"] + b["height"] / 2 for b in boxes]
    context.close()
    assert max(middles) - min(middles) < 4


def test_phone_number_is_a_tap_to_call_link_in_the_call_to_action(page, site_url):
    site, _ = config.load_site(REPO / "content/_data/site.yaml", "site.yaml")
    page.goto(site_url + QUESTION)
    call = page.locator("#get-help a.phone")
    assert call.inner_text() == site.cta.phone
    assert call.get_attribute("href") == "tel:" + site.cta.phone.replace("-", "")


def test_talk_to_someone_line_near_the_top_points_to_the_help(phone, site_url):
    phone.goto(site_url + QUESTION)
    line = phone.locator(".talk-line")
    assert line.inner_text().startswith("Talk to someone:")
    assert line.locator('a[href^="tel:"]').count() == 1
    line.get_by_role("link", name="see more ways to get help").click()
    assert phone.locator("#get-help").is_visible()
    answer_top = phone.locator(".answer").bounding_box()["y"]
    assert line.bounding_box()["y"] < answer_top


def test_callouts_carry_a_visible_label_read_by_screen_readers(page, site_url):
    labels = set()
    for slug in ("prostate-cancer-psa-test-results", "prostate-cancer-active-surveillance"):
        page.goto(f"{site_url}/questions/{slug}/")
        labels |= {c.inner_text() for c in page.locator(".callout .callout-label").all()}
    assert labels == {"Note", "Warning"}
    warning = page.locator(".callout-warning").first
    assert "Warning" in warning.aria_snapshot()
    assert warning.locator(".callout-label").is_visible()


def test_disclaimer_mention_of_how_answers_are_made_is_a_link(page, site_url):
    page.goto(site_url + QUESTION)
    link = page.locator(".notice-top").get_by_role("link", name="How answers are made")
    assert link.get_attribute("href") == "/how-answers-are-made/"
    assert page.locator(".notice-top").inner_text().startswith("For informational purposes only.")


def test_report_a_problem_link_carries_the_page_address(page, site_url):
    page.goto(site_url + QUESTION)
    link = page.get_by_role("link", name="Report a problem with this page")
    href = link.get_attribute("href")
    address = "https://cancer-questions.netlify.app" + QUESTION
    assert urllib.parse.quote(address, safe="") in href
    assert urllib.parse.unquote(href).endswith(address)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_PAGES = {
    "question": QUESTION,
    "checklist": "/cancer-types/breast-cancer/questions-to-ask/",
    "glossary": "/glossary/",
}


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
@pytest.mark.parametrize("path", AXE_PAGES.values(), ids=AXE_PAGES.keys())
def test_page_has_no_accessibility_violations(browser, site_url, path, screen):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport=screen, bypass_csp=True)  # so that axe can run
    page = context.new_page()
    page.goto(site_url + path)
    if path == QUESTION:  # with a definition open, too
        page.locator("button.term").first.click()
    report = Axe().run(page, options={"runOnly": AXE_TAGS})
    context.close()
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
        for v in report.response["violations"]
    ]
    assert violations == []


@pytest.fixture(params=SCREENS.values(), ids=SCREENS.keys())
def no_script(browser, request):
    """A page with JavaScript off, under the site's own headers (its CSP)."""
    context = browser.new_context(viewport=request.param, java_script_enabled=False)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def test_term_opens_its_definition_in_place_without_javascript(no_script, site_url):
    no_script.goto(site_url + QUESTION)
    term = no_script.locator(".answer button.term", has_text="pathologist")
    definition = no_script.locator("#term-pathologist")
    assert definition.is_hidden()
    term.click()
    assert definition.is_visible()
    assert definition.inner_text().startswith("pathologist: A doctor")
    box = definition.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= no_script.viewport_size["width"]
    definition.get_by_role("link", name="More in the glossary").click()
    assert no_script.url.endswith("/glossary/#pathologist")
    assert no_script.problems == []


def test_term_definition_opens_and_closes_by_keyboard(page, site_url):
    page.goto(site_url + QUESTION)
    term = page.locator(".answer button.term", has_text="pathologist")
    term.focus()
    page.keyboard.press("Enter")
    definition = page.locator("#term-pathologist")
    assert definition.is_visible()
    page.keyboard.press("Escape")
    assert definition.is_hidden()
    focused = page.evaluate("document.activeElement.getAttribute('popovertarget')")
    assert focused == "term-pathologist"


def test_only_the_first_use_of_a_term_is_a_disclosure_on_the_shipped_answers(phone, site_url):
    for slug in SHIPPED:
        phone.goto(f"{site_url}/questions/{slug}/")
        targets = phone.locator(".answer button.term").evaluate_all(
            "buttons => buttons.map(b => b.getAttribute('popovertarget'))"
        )
        assert targets and len(targets) == len(set(targets)), slug
        assert phone.locator(".answer a button.term, .answer h2 button.term").count() == 0


def test_checklist_boxes_tick_by_their_label_and_questions_link_back(page, site_url):
    page.goto(site_url + "/cancer-types/lung-cancer/questions-to-ask/")
    first = page.locator(".checklist-items > li").first
    first.locator("label").click()
    assert first.locator("input[type=checkbox]").is_checked()
    answer = first.locator(".asked-in a").first
    title = answer.inner_text()
    answer.click()
    assert page.locator("h1").inner_text() == title
    chip = page.locator(".question-meta .type-chip").get_attribute("href")
    assert page.locator(".checklist-link a").get_attribute("href") == chip + "questions-to-ask/"
