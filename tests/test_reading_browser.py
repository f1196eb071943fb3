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
