"""Listing pages at any size: the A to Z by subject, the hubs by topic, split into pages under
the site's listing limit, every question reachable from them, each page with its own address,
canonical URL, sitemap entry, breadcrumbs and JSON-LD.

The large site is the benchmark's synthetic one (a few hundred answers) built with a small
limit (``listing: page_kb: 16`` in site.yaml), so that it pages like 10,000 answers would at
the default 64 KB, in a few seconds."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import question, write_site

from qasite import commands
from qasite.content.errors import ContentError
from qasite.content.model import CancerType, GlossaryTerm
from qasite.site import listing
from qasite.tools import synth

LIMIT_KB = 16
QUESTIONS = 300
# Titles and summaries whose every character the page escapes (&, <, >, quotes): the
# weights must hold for the worst text an editor can write, not only for plain words.
HOSTILE = {
    f"escaped-{n}": ("Is it & <this> or \"that\" & 'the other' & so on? " * 4)[: 140 - n] + "?"
    for n in range(12)
}


class Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.links: list[str] = []
        self.canonical = None
        self.json_ld: list[dict] = []
        self.crumbs: list[str] = []
        self._ld = False
        self._crumb = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        self._ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if tag == "nav" and "breadcrumbs" in (attrs.get("class") or ""):
            self._crumb = True

    def handle_endtag(self, tag):
        if tag == "nav":
            self._crumb = False

    def handle_data(self, data):
        if self._ld and data.strip():
            self.json_ld.append(json.loads(data))
            self._ld = False
        elif self._crumb and data.strip():
            self.crumbs.append(data.strip())


AZ_PAGE = re.compile(r"/questions/(letter-[a-z]+/(\d+/)?)?")
QUESTION = re.compile(r"/questions/(?!letter-)([^/]+)/")


def _path(site: Path, url: str) -> Path:
    return site / url.lstrip("/") / "index.html"


def crawl(site: Path, start: str, listing_page: re.Pattern) -> tuple[dict[str, bytes], set[str]]:
    """The listing pages reached from ``start`` through links to ``listing_page`` addresses
    only, and the slugs of the question pages they link to."""
    seen: dict[str, bytes] = {}
    questions: set[str] = set()
    todo = [start]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen[url] = _path(site, url).read_bytes()
        for link in Page(seen[url].decode()).links:
            target = link.split("#")[0]
            if listing_page.fullmatch(target):
                todo.append(target)
            elif found := QUESTION.fullmatch(target):
                questions.add(found.group(1))
    return seen, questions


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    root = tmp_path_factory.mktemp("large")
    synth.generate(root, questions=QUESTIONS, seed=5)
    data = root / "content" / "_data" / "site.yaml"
    data.write_text(data.read_text() + f"listing:\n  page_kb: {LIMIT_KB}\n", encoding="utf-8")
    sample = sorted((root / "content" / "questions").glob("*.md"))[0].read_text()
    for slug, title in HOSTILE.items():
        text = re.sub(r"(?m)^title: .*$", f"title: {json.dumps(title)}", sample, count=1)
        text = re.sub(r"(?m)^summary: .*$", f"summary: {json.dumps(title[:150])}", text, count=1)
        (root / "content" / "questions" / f"{slug}.md").write_text(text, encoding="utf-8")
    report = commands.build(root, root / "site", search=False)
    return root / "site", report.site


def test_no_listing_page_passes_the_limit_and_every_question_is_reachable_from_the_a_to_z(large):
    out, site = large
    pages, reached = crawl(out, "/questions/", AZ_PAGE)
    assert site.listings.az_paged
    assert len(pages) > 20  # the letters and their numbered pages
    assert any(re.search(r"/letter-[a-z]+/\d+/$", url) for url in pages)
    too_big = {url: len(data) for url, data in pages.items() if len(data) > LIMIT_KB * 1024}
    assert too_big == {}
    assert reached == {q.slug for q in site.questions}


def test_every_hub_lists_all_its_questions_on_pages_under_the_limit(large):
    out, site = large
    paged = 0
    for slug, questions in site.type_questions.items():
        pages, reached = crawl(
            out, f"/cancer-types/{slug}/", re.compile(rf"/cancer-types/{slug}/(\d+/)?")
        )
        paged += len(pages) > 1
        assert {u: len(d) for u, d in pages.items() if len(d) > LIMIT_KB * 1024} == {}
        assert reached == {q.slug for q in questions}
    assert paged >= 5  # the large hubs continue on numbered pages


def test_listing_pages_have_their_own_canonical_url_sitemap_entry_and_json_ld(large):
    out, site = large
    sitemap = (out / "sitemap.xml").read_text()
    base = site.content.site.base_url
    titles = set()
    for page in site.listings.pages:
        parsed = Page(_path(out, page.url).read_text())
        assert parsed.canonical == base + page.url
        assert f"<loc>{base}{page.url}</loc>" in sitemap
        collection, crumbs = parsed.json_ld
        assert collection["@type"] == "CollectionPage"
        items = collection["mainEntity"]["itemListElement"]
        assert [i["url"] for i in items] == [base + f"/questions/{s}/" for s in page.slugs]
        assert crumbs["itemListElement"][-1]["item"] == base + page.url
        assert parsed.crumbs[0] == "Home"
        title = (out / page.path).read_text().split("<title>")[1].split("</title>")[0]
        titles.add(title)
    assert len(titles) == len(site.listings.pages)


def test_letter_pages_continue_with_numbered_links_between_them(large):
    out, site = large
    letter = max(site.listings.letters, key=lambda x: len(x.pages))
    assert len(letter.pages) >= 3
    second = Page(_path(out, letter.pages[1].url).read_text())
    assert letter.pages[0].url in second.links and letter.pages[2].url in second.links
    assert '<a href="/questions/">All questions, A to Z</a>' in _path(
        out, letter.pages[1].url
    ).read_text().replace("\n", "")
    # positions in the JSON-LD go on from the page before
    first_count = len(letter.pages[0].slugs)
    items = second.json_ld[0]["mainEntity"]["itemListElement"]
    assert items[0]["position"] == first_count + 1


def term(name: str, *aliases: str) -> GlossaryTerm:
    return GlossaryTerm(
        term=name,
        slug=name.lower().replace(" ", "-"),
        definition="A word.",
        aliases=aliases,
        misspellings=(),
        source_title="Source",
        source_url="https://example.org/",
    )


def test_subject_is_the_first_glossary_term_the_title_names_else_the_cancer_type(tmp_path):
    glossary = (term("chemotherapy", "chemo"), term("HER2"), term("biopsy"))
    kind = CancerType("breast-cancer", "Breast cancer", None, "About.", ())

    class Titled:
        def __init__(self, title):
            self.title = title

    def subject(title):
        return listing.subject(Titled(title), glossary, kind)

    assert subject("Can I keep working during chemotherapy?") == "Chemotherapy"
    assert subject("Can I drink alcohol during chemo?") == "Chemotherapy"  # an alias
    assert subject("Does a biopsy change my HER2 result?") == "Biopsy"  # first in the title
    assert subject("What does a HER2 result mean before chemotherapy?") == "HER2"
    assert subject("How is breast cancer treated?") == "Breast cancer"
    assert listing.letter_of("Épuisement") == "E" and listing.letter_of("5-FU") == "#"


def test_small_a_to_z_is_one_page_by_subject_with_letters_linking_to_sections(tmp_path):
    write_site(
        tmp_path,
        questions={
            "work": question("Can I keep working during chemotherapy?", "breast-cancer"),
            "lung-treated": question("How is lung cancer treated?", "lung-cancer"),
        },
    )
    report = commands.build(tmp_path, tmp_path / "site", search=False)
    page = (tmp_path / "site" / "questions" / "index.html").read_text()
    assert not report.site.listings.az_paged
    assert '<a href="#letter-l">L</a>' in page
    assert '<h2 id="letter-l">L</h2>' in page
    assert '<h3 id="about-lung-cancer">Lung cancer</h3>' in page
    assert not (tmp_path / "site" / "questions" / "letter-l").exists()


def test_hub_groups_its_questions_by_their_first_tag(tmp_path):
    write_site(
        tmp_path,
        questions={
            "a": question("Does surgery hurt?", "breast-cancer", tags=["surgery", "costs"]),
            "b": question("What does treatment cost?", "breast-cancer", tags=["costs"]),
            "c": question("What now?", "breast-cancer"),
        },
    )
    commands.build(tmp_path, tmp_path / "site", search=False)
    hub = (tmp_path / "site" / "cancer-types" / "breast-cancer" / "index.html").read_text()
    hub = hub[hub.index("<main") :]
    costs, surgery, other = (
        hub.index('id="topic-costs"'),
        hub.index('id="topic-surgery"'),
        hub.index('id="topic-other-questions"'),
    )
    assert costs < hub.index("What does treatment cost?") < surgery
    assert surgery < hub.index("Does surgery hurt?") < other < hub.index("What now?")


def test_a_question_may_not_take_the_address_of_a_letter_page(tmp_path):
    write_site(tmp_path, questions={"letter-c": question("Letter C?", "breast-cancer")})
    with pytest.raises(ContentError) as caught:
        commands.check(tmp_path)
    assert "content/questions/letter-c.md:1: slug: 'letter-c' is the address of a letter" in str(
        caught.value
    )


def test_a_layout_that_outgrows_the_allowance_fails_the_build_naming_the_page(tmp_path):
    write_site(tmp_path)
    layout = tmp_path / "layouts" / "questions.html"
    padding = "<p>" + "padding " * 3000 + "</p>"
    layout.write_text(layout.read_text().replace("{% block main %}", "{% block main %}" + padding))
    data = tmp_path / "content" / "_data" / "site.yaml"
    data.write_text(data.read_text() + "listing:\n  page_kb: 16\n")
    with pytest.raises(ContentError) as caught:
        commands.check(tmp_path)
    assert "layouts/questions.html: layout error: /questions/ is " in str(caught.value)
    assert "over the listing limit of 16,384" in str(caught.value)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_warm_build_of_paged_listings_after_edits_matches_a_clean_build(tmp_path):
    root = tmp_path / "project"
    paths = synth.generate(root, questions=80, seed=9)
    data = root / "content" / "_data" / "site.yaml"
    data.write_text(data.read_text() + "listing:\n  page_kb: 16\n", encoding="utf-8")
    commands.build(root, root / "site", search=False)
    # a new subject (and letter) for one answer, a new topic for one, one summary longer
    text = paths[0].read_text()
    paths[0].write_text(re.sub(r"(?m)^title: .*$", 'title: "Does a biopsy hurt?"', text, count=1))
    text = paths[1].read_text()
    paths[1].write_text(re.sub(r"(?m)^tags: .*$", 'tags: ["costs"]', text, count=1))
    text = paths[2].read_text()
    paths[2].write_text(text.replace('summary: "', 'summary: "Longer now. ', 1))
    warm = commands.build(root, root / "site", search=False)
    assert warm.reused  # pages whose lists did not change were left as they were
    clean = tmp_path / "clean"
    shutil.copytree(root / "content", clean / "content")
    shutil.copytree(root / "layouts", clean / "layouts")
    commands.build(clean, clean / "site", search=False)
    assert _files(root / "site") == _files(clean / "site")


def test_a_build_refused_for_an_oversized_listing_page_leaves_the_published_site_as_it_was(
    tmp_path,
):
    write_site(tmp_path)
    out = tmp_path / "site"
    commands.build(tmp_path, out, search=False)
    before = _files(out)
    layout = tmp_path / "layouts" / "questions.html"
    padding = "<p>" + "padding " * 3000 + "</p>"
    layout.write_text(layout.read_text().replace("{% block main %}", "{% block main %}" + padding))
    data = tmp_path / "content" / "_data" / "site.yaml"
    data.write_text(data.read_text() + "listing:\n  page_kb: 16\n")
    with pytest.raises(ContentError) as caught:  # pages are written as they are rendered
        commands.build(tmp_path, out, search=False)
    assert "layouts/questions.html: layout error: /questions/ is " in str(caught.value)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("site")) == ["site"]
