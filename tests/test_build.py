"""End to end: a tiny inline site built by the real command line, its HTML read back."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import QUESTIONS, REPO, SITE_YAML, TODAY, question, write_site

from qasite.content import schema
from qasite.output import write

LONG_ANSWER = (
    "Triple-negative breast cancer is often treated with **chemotherapy before surgery**, "
    "because the [response to it](/questions/what-is-her2-low/) tells your team a great deal "
    "about which treatment should come next and how likely the cancer is to come back later."
)
BUILD_QUESTIONS = {
    **QUESTIONS,
    "tnbc-chemo-before-surgery": question(
        "Why is chemotherapy given before surgery for triple-negative breast cancer?",
        "triple-negative-breast-cancer",
        date="2026-02-10",
        summary=None,
        updated="2026-03-01",
        related=["what-is-her2-low"],
        body=LONG_ANSWER + "\n\nA second paragraph.\n",
    ),
    "draft-question": question(
        "Is this a draft?", "lung-cancer", draft=True, related=["lung-cancer-screening"]
    ),
    "alpha-a-to-z": question(
        "Are there questions starting with A?",
        "lung-cancer",
        date="2025-12-01",
        related=["lung-cancer-screening"],
        aliases=["/old/alpha.html", "/questions/old-alpha/"],
        body="It has <script>alert(1)</script> in it.\n",
    ),
}


# -- a small HTML reader ---------------------------------------------------------------------


class Node:
    """An element with its attributes, children (nodes and text) and document position."""

    def __init__(self, tag: str, attrs: dict, position: int):
        self.tag, self.attrs, self.position = tag, attrs, position
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag or ''} class={cls} {attrs}>"
        return found[0]

    def links(self) -> list[tuple[str, str]]:
        return [(a.attrs.get("href"), a.text()) for a in self.find_all("a")]


class _Reader(HTMLParser):
    VOID = frozenset(
        [
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        ]
    )

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, 0)
        self.stack = [self.root]
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1
        node = Node(tag, dict(attrs), self.count)
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def html(path: Path) -> Node:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- the built site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The output folder of the tiny site with a few more questions, built once."""
    import build

    root = write_site(tmp_path_factory.mktemp("project"), BUILD_QUESTIONS)
    assert build.main(["--root", str(root)]) == 0
    return root / "site"


def page(built: Path, url: str) -> Node:
    path = built / url.strip("/") / "index.html" if url.endswith("/") else built / url
    return html(path)


def question_pages(built: Path) -> list[Path]:
    return sorted(p for p in (built / "questions").glob("*/index.html"))


def test_every_page_is_built(built):
    expected = {
        "index.html",
        "404.html",
        "questions/index.html",
        "about/index.html",
        *(f"questions/{slug}/index.html" for slug in BUILD_QUESTIONS if slug != "draft-question"),
        *(
            f"cancer-types/{slug}/index.html"
            for slug in (
                "breast-cancer",
                "her2-low-breast-cancer",
                "triple-negative-breast-cancer",
                "lung-cancer",
            )
        ),
    }
    assert expected <= set(snapshot(built))


def test_question_page_shows_its_sections_in_order(built):
    doc = page(built, "/questions/what-is-her2-low/")
    main = doc.one("main")
    order = [
        doc.one("nav", aria_label="Breadcrumb"),
        main.one("h1"),
        main.one("a", "type-chip"),
        main.find_all("time")[0],
        main.one(cls="notice-top"),
        main.one("section", "short-answer"),
        main.one(cls="talk-line"),
        main.one("div", "answer"),
        main.one("section", "sources"),
        main.one(cls="report-problem"),
        main.one(cls="disclaimer-bottom"),
        main.one("section", "cta"),
        main.one("section", "services"),
        main.one("section", "related"),
    ]
    positions = [node.position for node in order]
    assert positions == sorted(positions)


def test_question_page_breadcrumbs_go_up_the_type_tree(built):
    crumbs = page(built, "/questions/what-is-her2-low/").one("nav", aria_label="Breadcrumb")
    assert crumbs.links() == [
        ("/", "Home"),
        ("/cancer-types/breast-cancer/", "Breast cancer"),
        ("/cancer-types/her2-low-breast-cancer/", "HER2-low breast cancer"),
    ]


def test_question_page_heading_is_the_question(built):
    assert page(built, "/questions/what-is-her2-low/").one("h1").text() == (
        "What does HER2-low mean?"
    )


def test_question_page_names_its_cancer_type_never_its_slug(built):
    doc = page(built, "/questions/what-is-her2-low/")
    chip = doc.one("a", "type-chip")
    assert (chip.attrs["href"], chip.text()) == (
        "/cancer-types/her2-low-breast-cancer/",
        "HER2-low breast cancer",
    )
    assert "her2-low-breast-cancer" not in doc.one("main").text()


def test_question_page_shows_its_dates_and_reviewer(built):
    meta = page(built, "/questions/what-is-her2-low/").one(cls="question-meta")
    times = [(t.attrs["datetime"], t.text()) for t in meta.find_all("time")]
    assert times == [("2026-01-05", "Jan 5, 2026"), ("2026-02-01", "Feb 1, 2026")]
    assert "Published Jan 5, 2026" in meta.text()
    assert "Reviewed Feb 1, 2026 by Dr. Ana Rivera" in meta.text()
    updated = page(built, "/questions/tnbc-chemo-before-surgery/").one(cls="question-meta")
    assert "Updated Mar 1, 2026" in updated.text()


def test_sources_are_numbered_and_doi_and_pmid_link_to_their_resolvers(built):
    sources = page(built, "/questions/what-is-her2-low/").one("section", "sources")
    items = sources.one("ol").find_all("li")
    assert len(items) == 2
    assert items[0].links()[0] == (
        "https://doi.org/10.1056/NEJMoa2203690",
        "Trastuzumab Deruxtecan in HER2-Low Breast Cancer",
    )
    assert items[1].links()[0] == (
        "https://pubmed.ncbi.nlm.nih.gov/37284804/",
        "HER2 testing guideline",
    )
    other = page(built, "/questions/lung-cancer-screening/").one("section", "sources")
    assert other.links()[0] == ("https://www.cancer.gov/types/breast", "Breast Cancer Treatment")


def test_notice_disclaimer_and_cta_appear_once_and_identical_on_every_question(built):
    blocks = set()
    for path in question_pages(built):
        text = path.read_text(encoding="utf-8")
        assert text.count("Top disclaimer of the tests, not medical advice.") == 1, path
        assert text.count("Bottom disclaimer of the tests, ask your care team.") == 1, path
        assert text.count("For information only (test banner)") == 1, path
        assert text.count("Talk to the test help line about your own situation.") == 1, path
        cta = re.findall(r'<section class="cta".*?</section>', text, re.S)
        top = re.findall(r'<aside class="notice-top".*?</aside>', text, re.S)
        bottom = re.findall(r'<aside class="disclaimer disclaimer-bottom".*?</aside>', text, re.S)
        assert len(cta) == len(top) == len(bottom) == 1, path
        blocks.add((cta[0], top[0], bottom[0]))
    assert len(question_pages(built)) == 6
    assert len(blocks) == 1


def test_cta_links_out_to_the_service_from_site_data(built):
    cta = page(built, "/questions/lung-cancer-screening/").one("section", "cta")
    assert cta.one("h2").text() == "Questions about your own diagnosis?"
    assert [href for href, _ in cta.links()] == [
        "tel:18005550100",
        "https://help.example.org/contact",
    ]
    assert "Call the test help line" in cta.text()
    assert "Test Help Line" in cta.text()


def test_related_services_come_from_the_type_or_its_parent(built):
    her2 = page(built, "/questions/what-is-her2-low/").one("section", "services")
    assert ("https://breast-help.example.org/", "Breast Help Service") in her2.links()
    lung = page(built, "/questions/lung-cancer-screening/").one("section", "services")
    assert [href for href, _ in lung.links()] == ["https://lung-help.example.org/"]


def related_links(built: Path, slug: str) -> list[str]:
    section = page(built, f"/questions/{slug}/").one("section", "related")
    return [href for href, _ in section.links()]


def test_related_questions_list_explicit_ones_first_then_the_nearest(built):
    assert related_links(built, "what-is-her2-low") == [
        "/questions/her2-low-treatment-stops-working/",
        "/questions/breast-cancer-pathology-report/",
        "/questions/tnbc-chemo-before-surgery/",
    ]


def test_related_questions_never_list_the_page_itself_or_a_draft(built):
    for path in question_pages(built):
        own = "/questions/" + path.parent.name + "/"
        links = related_links(built, path.parent.name)
        assert own not in links
        assert "/questions/draft-question/" not in links
        assert len(links) <= 5


def test_related_question_shows_its_title_and_excerpt(built):
    section = page(built, "/questions/what-is-her2-low/").one("section", "related")
    items = section.find_all("li")
    titles = [li.one("a").text() for li in items]
    assert titles[0] == "What happens when HER2-low treatment stops working?"
    excerpts = {li.one("a").attrs["href"]: li.one(cls="excerpt").text() for li in items}
    assert excerpts["/questions/her2-low-treatment-stops-working/"] == (
        "A short plain answer to: What happens when HER2-low treatment stops working?"
    )


def test_excerpt_without_a_summary_is_the_first_paragraph_in_plain_text(built):
    section = page(built, "/questions/what-is-her2-low/").one("section", "related")
    item = next(
        li
        for li in section.find_all("li")
        if li.one("a").attrs["href"] == "/questions/tnbc-chemo-before-surgery/"
    )
    excerpt = item.one(cls="excerpt").text()
    plain = (
        LONG_ANSWER.replace("**", "")
        .replace("[", "")
        .replace("](/questions/what-is-her2-low/)", "")
    )
    assert excerpt.endswith("…")
    assert 140 <= len(excerpt) <= 161
    assert plain.startswith(excerpt[:-1])
    assert plain[len(excerpt) - 1] == " "  # cut at a word boundary


def test_hub_lists_the_questions_of_the_type_and_its_subtypes(built):
    doc = page(built, "/cancer-types/breast-cancer/")
    assert doc.one("h1").text() == "Breast cancer"
    assert "Breast cancer starts in the cells of the breast." in doc.one("main").text()
    listed = [href for ul in doc.find_all(cls="question-list") for href, _ in ul.links()]
    assert sorted(listed) == sorted(
        [
            "/questions/what-is-her2-low/",
            "/questions/her2-low-treatment-stops-working/",
            "/questions/breast-cancer-pathology-report/",
            "/questions/tnbc-chemo-before-surgery/",
        ]
    )
    subtypes = doc.one(cls="type-list").text()
    assert "HER2-low breast cancer 2 questions" in subtypes
    assert "Triple-negative breast cancer 1 question" in subtypes
    assert ("https://breast-help.example.org/", "Breast Help Service") in doc.one(
        "section", "services"
    ).links()


def test_hub_breadcrumbs_go_up_the_tree(built):
    crumbs = page(built, "/cancer-types/her2-low-breast-cancer/").one(
        "nav", aria_label="Breadcrumb"
    )
    assert [text for _, text in crumbs.links()] == [
        "Home",
        "Breast cancer",
        "HER2-low breast cancer",
    ]
    assert crumbs.find_all("a")[-1].attrs.get("aria-current") == "page"


def test_home_shows_the_type_tree_with_counts_and_the_newest_questions(built):
    doc = page(built, "/")
    tree = doc.one("main").find_all("ul", "type-tree")[0]
    top = [li for li in tree.children if isinstance(li, Node)]
    assert [li.one("a", href=li.find_all("a")[0].attrs["href"]).text() for li in top] == [
        "Breast cancer",
        "Lung cancer",
    ]
    assert "Breast cancer 4 questions" in top[0].text()
    assert "HER2-low breast cancer 2 questions" in top[0].text()
    assert "Lung cancer 2 questions" in top[1].text()
    newest = [href for href, _ in doc.one(cls="question-list").links()]
    assert newest[:3] == [
        "/questions/lung-cancer-screening/",
        "/questions/tnbc-chemo-before-surgery/",
        "/questions/her2-low-treatment-stops-working/",
    ]
    assert newest[-1] == "/questions/alpha-a-to-z/"


def test_a_to_z_lists_every_published_question_by_subject_under_its_letter(built):
    doc = page(built, "/questions/")
    letters = [h2.text() for h2 in doc.one("main").find_all("h2")]
    assert letters == sorted(letters) == ["B", "H", "L", "T"]
    # no glossary in this site: each question's subject is its cancer type
    subjects = [h3.text() for h3 in doc.one("main").find_all("h3")]
    assert subjects == [
        "Breast cancer",
        "HER2-low breast cancer",
        "Lung cancer",
        "Triple-negative breast cancer",
    ]
    listed = [href for href, _ in doc.one("main").links() if href.startswith("/questions/")]
    assert len(listed) == 6
    assert "/questions/draft-question/" not in listed
    assert listed[3:5] == ["/questions/alpha-a-to-z/", "/questions/lung-cancer-screening/"]


def test_plain_page_is_built_and_in_the_navigation(built):
    doc = page(built, "/about/")
    assert doc.one("h1").text() == "About this site"
    assert "We write plain answers for the tests." in doc.one("main").text()
    assert ("/about/", "About this site") in page(built, "/").one("header", "site-header").links()


def test_404_page(built):
    doc = html(built / "404.html")
    assert doc.one("h1").text() == "Page not found"
    assert ("/questions/", "browse all questions from A to Z") in doc.links()


def test_drafts_are_not_published(built):
    assert not (built / "questions" / "draft-question").exists()
    for path in built.rglob("*.html"):
        assert "/questions/draft-question/" not in path.read_text(encoding="utf-8"), path


def test_raw_html_in_an_answer_is_shown_as_text(built):
    text = (built / "questions/alpha-a-to-z/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_pages_load_nothing_from_other_sites(built):
    for path in built.rglob("*.html"):
        doc = html(path)
        for node in doc.iter():
            if node.tag in ("script", "img", "iframe", "source", "audio", "video"):
                assert not re.match(r"(?i)^(https?:)?//", node.attrs.get("src") or ""), path
            if (
                node.tag == "link"
                and node.attrs.get("rel") != "canonical"
                and "alternate" not in (node.attrs.get("rel") or "")
            ):
                assert not re.match(r"(?i)^(https?:)?//", node.attrs.get("href") or ""), path


def test_aliases_become_redirects(built):
    redirects = (built / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/old/alpha.html /questions/alpha-a-to-z/ 301" in redirects
    assert "/questions/old-alpha/ /questions/alpha-a-to-z/ 301" in redirects
    assert not (built / "old").exists()


# -- builds and commands ---------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path, cli):
    root = write_site(tmp_path, BUILD_QUESTIONS)
    assert cli("--root", root, "build", "--out", tmp_path / "one")[0] == 0
    assert cli("--root", root, "build", "--out", tmp_path / "two")[0] == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one == two
    assert len(one) > 15


def test_build_prints_a_summary(site_root, cli):
    code, out, _ = cli("--root", site_root)
    assert code == 0
    assert re.match(r"built \d+ pages \(4 questions, 4 cancer types, ", out)


@pytest.mark.parametrize(
    "alias",
    [
        "/../../../escaped/",
        "/..%2f..%2fescaped/",
        "../escaped",
        "/questions/../../escaped/",
        "//escaped.example.org/",
    ],
)
def test_nothing_is_written_outside_the_output_folder_whatever_an_alias_holds(tmp_path, cli, alias):
    root = write_site(
        tmp_path / "project",
        {
            **QUESTIONS,
            "x": question(
                "An alias?", "lung-cancer", aliases=[alias], related=["lung-cancer-screening"]
            ),
        },
    )

    def written():  # the build cache, .cache/ below the project, is the generator's own
        return sorted(
            p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".cache" not in p.parts
        )

    before = written()
    code, _, err = cli("--root", root)
    assert code == 1
    assert "aliases: " in err
    assert written() == before


@pytest.mark.parametrize(
    "relative", ["../x", "/etc/x", "a/../../x", "a\\..\\x", "a/\x00", "", "..", "a/.."]
)
def test_writer_refuses_paths_outside_its_folder(tmp_path, relative):
    with pytest.raises(write.UnsafePath):
        write.safe_target(tmp_path / "site", relative)


def test_writer_writes_below_its_folder(tmp_path):
    assert write.write_files(tmp_path / "site", {"a/b/index.html": b"x", "c.txt": b"y"}) == 2
    assert snapshot(tmp_path) == {"site/a/b/index.html": b"x", "site/c.txt": b"y"}


def test_writer_refuses_to_follow_a_link_out_of_its_folder(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "site" / "link").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(write.UnsafePath):
        write.write_files(tmp_path / "site", {"link/x.html": b"x"})
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_the_tiny_test_site_passes_strict_check(site_root, cli):
    assert cli("--root", site_root, "check", "--strict")[::2] == (0, "")


def test_check_writes_nothing(site_root, cli):
    before = snapshot(site_root)
    code, out, _ = cli("--root", site_root, "check")
    assert code == 0
    assert out.startswith("checked ")
    assert snapshot(site_root) == before
    assert sorted(p.name for p in site_root.iterdir()) == ["content", "layouts"]


def test_check_fails_on_an_error(site_root, cli):
    (site_root / "content/questions/lung-cancer-screening.md").write_text("", encoding="utf-8")
    code, _, err = cli("--root", site_root, "check")
    assert code == 1
    assert "the file is empty" in err


def test_check_passes_with_a_warning_and_strict_check_fails_on_it(site_root, cli):
    path = site_root / "content/questions/lung-cancer-screening.md"
    path.write_text(
        question(
            "Who should get lung cancer screening?",
            "lung-cancer",
            summary=None,
            related=["breast-cancer-pathology-report"],
        ),
        encoding="utf-8",
    )
    code, _, err = cli("--root", site_root, "check")
    assert code == 0
    assert "summary: missing" in err and "[warning]" in err
    code, _, err = cli("--root", site_root, "check", "--strict")
    assert code == 1
    assert "lung-cancer-screening.md:1: summary: missing" in err


def test_strict_check_fails_on_a_question_nobody_links_to(site_root, cli):
    path = site_root / "content/questions/breast-cancer-pathology-report.md"
    path.write_text(
        question(
            "How do I read my pathology report?", "breast-cancer", related=["what-is-her2-low"]
        ),
        encoding="utf-8",
    )
    code, _, err = cli("--root", site_root, "check", "--strict")
    assert code == 1
    assert "lung-cancer-screening.md:1: related: no other question links to this one" in err


def test_strict_check_passes_on_the_shipped_content(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in REPO.iterdir())
    code, out, err = cli("--root", REPO, "check", "--strict")
    assert (code, err) == (0, "")
    assert re.match(r"checked \d+ pages \((\d+) questions", out)
    assert int(re.match(r"checked \d+ pages \((\d+) questions", out)[1]) >= 12
    assert sorted(p.name for p in REPO.iterdir()) == before


def test_shipped_screening_answers_speak_to_readers_without_a_diagnosis():
    """Screening and test-result answers are read by people who may have no cancer and no
    oncologist: they ask questions of 'your doctor', and never name an oncologist."""
    screening = []
    for path in sorted((REPO / "content/questions").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        if "screening" in data.get("tags", []):
            screening.append(path.stem)
            assert data.get("questions_for") == "doctor", path.name
            assert "\n## Questions to ask your doctor\n" in body, path.name
            assert "oncologist" not in body.lower(), path.name
    assert {"lung-cancer-screening-who-should-get-it", "prostate-cancer-psa-test-results"} <= set(
        screening
    )


def test_new_question_passes_check_once_its_source_and_answer_are_filled(
    site_root, cli, monkeypatch
):
    monkeypatch.chdir(site_root)
    code, out, _ = cli(
        "--root",
        ".",
        "new",
        'What does "HER2-low": mean?',
        "--cancer-type",
        "her2-low-breast-cancer",
    )
    assert code == 0
    path = Path(out.strip())
    assert path == Path("content/questions/what-does-her2-low-mean.md")
    text = path.read_text(encoding="utf-8")
    assert f"date: {TODAY}\n" in text  # the build's day (pinned by the tests)
    assert "cancer_type: her2-low-breast-cancer\n" in text
    code, _, err = cli("--root", ".", "check")
    assert "body: an empty list item" in err  # the archetype leaves the first question to write
    filled = (
        text.replace('  - title: ""', "  - title: Breast Cancer Treatment")
        .replace(schema.PLACEHOLDER, "HER2-low means the cancer cells carry a little HER2.")
        .replace("\n1. \n", "\n1. Is my cancer HER2-low?\n")
    )
    path.write_text(filled, encoding="utf-8")
    code, _, err = cli("--root", ".", "check")
    assert code == 0, err
    assert "what-does-her2-low-mean.md" in err  # warned: no summary yet, nobody links to it


def test_new_question_is_written_from_the_archetype(site_root, cli, monkeypatch):
    monkeypatch.chdir(site_root)
    code, out, _ = cli(
        "--root", ".", "new", "Can I travel during treatment?", "--cancer-type", "lung-cancer"
    )
    assert code == 0
    assert out.strip() == "content/questions/can-i-travel-during-treatment.md"
    text = Path(out.strip()).read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert f"date: {TODAY}\n" in text  # the build's day (pinned by the tests)
    assert "cancer_type: lung-cancer\n" in text
    assert "## Questions to ask your oncologist" in text


def test_new_refuses_to_overwrite(site_root, cli, monkeypatch):
    monkeypatch.chdir(site_root)
    path = site_root / "content/questions/lung-cancer-screening.md"
    before = path.read_bytes()
    code, _, err = cli(
        "--root", ".", "new", "Lung cancer screening?", "--cancer-type", "lung-cancer"
    )
    assert code == 1
    assert err.startswith("content/questions/lung-cancer-screening.md: already exists")
    assert path.read_bytes() == before


def test_new_refuses_an_unknown_cancer_type(site_root, cli):
    code, _, err = cli("--root", site_root, "new", "Why?", "--cancer-type", "lung-cancr")
    assert code == 1
    assert "unknown 'lung-cancr' (did you mean 'lung-cancer'?)" in err
    assert sorted(p.name for p in (site_root / "content/questions").iterdir()) == sorted(
        f"{slug}.md" for slug in QUESTIONS
    )


def test_typo_in_a_layout_fails_the_build_with_the_layout_file_and_line(
    site_root, cli, monkeypatch
):
    monkeypatch.chdir(site_root)
    assert cli("--root", ".")[0] == 0
    before = snapshot(site_root / "site")
    layout = site_root / "layouts/partials/cta.html"
    lines = layout.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if "site.cta.heading" in line)
    lines[number - 1] = lines[number - 1].replace("site.cta.heading", "site.cta.haeding")
    layout.write_text("".join(lines), encoding="utf-8")
    code, _, err = cli("--root", ".")
    assert code == 1
    assert err.startswith(f"layouts/partials/cta.html:{number}: layout error: ")
    assert "haeding" in err
    assert snapshot(site_root / "site") == before
    assert sorted(p.name for p in site_root.iterdir()) == [".cache", "content", "layouts", "site"]


def test_syntax_error_in_a_layout_names_the_file_and_line(site_root, cli, monkeypatch):
    monkeypatch.chdir(site_root)
    layout = site_root / "layouts/page.html"
    layout.write_text(
        layout.read_text(encoding="utf-8").replace("{% endblock %}", "{% endblok %}"),
        encoding="utf-8",
    )
    code, _, err = cli("--root", ".")
    assert code == 1
    number = layout.read_text(encoding="utf-8").splitlines().index("{% endblok %}") + 1
    assert err.startswith(f"layouts/page.html:{number}: layout error: ")


def test_preview_builds_publish_drafts_with_a_banner(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("CONTEXT", "deploy-preview")
    root = write_site(tmp_path, {**QUESTIONS, "draft-question": BUILD_QUESTIONS["draft-question"]})
    assert cli("--root", root)[0] == 0
    doc = html(root / "site/questions/draft-question/index.html")
    assert "not published yet" in doc.one(cls="draft-banner").text()


def test_site_folder_can_be_rebuilt_in_place(site_root, cli):
    assert cli("--root", site_root)[0] == 0
    (site_root / "content/questions/lung-cancer-screening.md").write_text(
        question(
            "Who should be screened for lung cancer?",
            "lung-cancer",
            related=["breast-cancer-pathology-report"],
        ),
        encoding="utf-8",
    )
    assert cli("--root", site_root)[0] == 0
    doc = html(site_root / "site/questions/lung-cancer-screening/index.html")
    assert doc.one("h1").text() == "Who should be screened for lung cancer?"
    assert [p.name for p in site_root.iterdir() if p.name.startswith("site")] == ["site"]


def test_site_yaml_texts_are_escaped(tmp_path, cli):
    root = write_site(
        tmp_path,
        site=SITE_YAML.replace(
            "banner: For information only (test banner)",
            "banner: '<b onmouseover=alert(1)>Info</b>'",
        ),
    )
    assert cli("--root", root)[0] == 0
    text = (root / "site/questions/what-is-her2-low/index.html").read_text(encoding="utf-8")
    assert "<b onmouseover" not in text
    assert "&lt;b onmouseover=alert(1)&gt;Info&lt;/b&gt;" in text
