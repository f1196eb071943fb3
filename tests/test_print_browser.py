"""A question page and a checklist printed to PDF by headless Chromium on A4 and Letter, and
the text read back with pypdf: where the page comes from, its dates and reviewer, the answer,
the questions, the sources with their full addresses, and no navigation."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from browser_support import REPO, SiteServer
from pypdf import PdfReader

from qasite import commands
from qasite.content import load
from qasite.site import checklists, resolve

BASE = "https://cancer-questions.netlify.app"
QUESTION = "/questions/what-does-her2-low-mean/"
CHECKLIST = "/cancer-types/breast-cancer/questions-to-ask/"
NAVIGATION = ("Skip to the main content", "All questions", "Search answers", "Related questions")


@pytest.fixture(scope="module")
def shipped():
    site = resolve.resolve(load.load(REPO), production=True)
    return {q.url: q for q in site.questions}, site


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "site"
    commands.build(REPO, out, search=False)
    with SiteServer(out) as server:
        yield server.url


def printed(browser, url: str, paper: str) -> str:
    """The text of the page printed to PDF, all whitespace removed (lines break anywhere)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    pdf = page.pdf(format=paper, print_background=False)
    context.close()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return squeeze(text)


def squeeze(text: str) -> str:
    """Whitespace removed, ligatures (PDF fonts print "ff" as one glyph) spelt out."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_answer_carries_its_origin_dates_answer_questions_and_sources(
    browser, site_url, shipped, paper
):
    questions, site = shipped
    q = questions[QUESTION]
    text = printed(browser, site_url + QUESTION, paper)
    reviewer = site.content.reviewers[q.reviewed_by].name
    for expected in (
        site.content.site.title,
        BASE + QUESTION,
        f"Published{q.date:%b}{q.date.day},{q.date.year}",
        f"Reviewed{q.last_reviewed:%b}{q.last_reviewed.day},{q.last_reviewed.year}by{reviewer}",
        q.summary,
        *checklists.questions_to_ask(q),
        *(s.link for s in q.sources),
    ):
        assert squeeze(expected) in text, expected
    for navigation in NAVIGATION:
        assert squeeze(navigation) not in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_checklist_has_each_question_a_box_room_for_notes_and_its_answer(
    browser, site_url, shipped, paper
):
    _, site = shipped
    kind = site.content.cancer_types["breast-cancer"]
    items = checklists.items(site.type_questions["breast-cancer"])
    text = printed(browser, site_url + CHECKLIST, paper)
    assert squeeze(site.content.site.title) in text
    assert squeeze(BASE + CHECKLIST) in text
    assert squeeze(f"Questions to ask about {kind.in_sentence}") in text
    for item in items:
        assert squeeze(item.get("text")) in text
        for answer in item["answers"]:
            assert squeeze(BASE + answer["url"]) in text
    assert text.count("Notes:") == len(items)
    for navigation in NAVIGATION:
        assert squeeze(navigation) not in text


def test_checklist_boxes_and_notes_show_on_paper_only_as_meant(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + CHECKLIST)
    assert page.locator(".notes").first.is_hidden()
    page.emulate_media(media="print")
    assert page.locator(".notes").first.is_visible()
    assert page.locator(".checklist-items input[type=checkbox]").first.is_visible()
    assert page.locator(".site-header").is_hidden()
    context.close()
