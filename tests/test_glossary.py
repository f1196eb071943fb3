"""The glossary: its data file checked at its lines, terms explained in place in answers, and
the /glossary/ page with its DefinedTermSet."""

from __future__ import annotations

import json
import re

import pytest
from conftest import question, write_site
from test_build import page

from qasite import commands
from qasite.content import glossary as data
from qasite.content import markdown
from qasite.content.model import GlossaryTerm
from qasite.site import glossary

GLOSSARY = """\
- term: biopsy
  definition: Taking a small piece of tissue to look at under a microscope.
  aliases: [biopsies]
  source:
    title: NCI Dictionary of Cancer Terms
    url: https://www.cancer.gov/publications/dictionaries/cancer-terms
- term: HER2
  definition: A protein that helps some cells grow.
  aliases: [HER2/neu]
  misspellings: [HER-2]
  source:
    title: NCI Dictionary of Cancer Terms
    url: https://www.cancer.gov/publications/dictionaries/cancer-terms
- term: HER2-low
  definition: A breast cancer with a small amount of HER2.
  source:
    title: NCI Dictionary of Cancer Terms
    url: https://www.cancer.gov/publications/dictionaries/cancer-terms
"""
#  terms start on lines 1, 7 and 14; HER2: aliases on line 9, misspellings 10, source 11.


def term(name: str, *aliases: str) -> GlossaryTerm:
    return GlossaryTerm(
        name, data.slug_of(name), f"What {name} means.", aliases, (), "Source", "https://x.org/"
    )


TERMS = (term("biopsy", "biopsies"), term("HER2"), term("HER2-low"), term("lymph node"))


def html(source: str) -> str:
    rendered, problems = markdown.render(source, "q.md", 1)
    assert problems == []
    return rendered.html


def marked(source: str) -> tuple[str, list[str]]:
    out, used = glossary.mark(html(source), TERMS)
    return out, [t.term for t in used]


def buttons(out: str) -> list[str]:
    return re.findall(r'<button type="button" class="term" popovertarget="[^"]+">([^<]*)<', out)


def load_errors(tmp_path, text: str) -> list[str]:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    terms, problems = data.load(path, "glossary.yaml")
    assert terms == ()
    return [str(p) for p in problems]


def test_glossary_file_loads_terms_a_to_z_with_their_other_names(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    terms, problems = data.load(path, "glossary.yaml")
    assert problems == []
    assert [t.term for t in terms] == ["biopsy", "HER2", "HER2-low"]
    assert terms[1].aliases == ("HER2/neu",)
    assert terms[1].misspellings == ("HER-2",)
    assert terms[2].url == "/glossary/#her2-low"


def test_alias_already_named_is_an_error_at_its_line(tmp_path):
    text = GLOSSARY.replace("aliases: [HER2/neu]", "aliases: [HER2/neu, Biopsy]")
    assert load_errors(tmp_path, text) == [
        "glossary.yaml:9: 1.aliases.1: 'Biopsy' is already a name of 'biopsy' (line 1) "
        "(give each name to one term only)"
    ]


def test_duplicate_term_is_an_error_at_its_line(tmp_path):
    text = GLOSSARY.replace("- term: HER2-low", "- term: her2")
    assert load_errors(tmp_path, text) == [
        "glossary.yaml:14: 2.term: 'her2' is already a name of 'HER2' (line 7) "
        "(give each name to one term only)"
    ]


def test_empty_definition_is_an_error_at_its_line(tmp_path):
    text = GLOSSARY.replace("definition: A protein that helps some cells grow.", 'definition: ""')
    assert load_errors(tmp_path, text) == [
        "glossary.yaml:8: 1.definition: is empty (write one or two plain sentences)"
    ]


def test_unknown_key_is_an_error_at_its_line(tmp_path):
    text = GLOSSARY.replace("  misspellings: [HER-2]", "  mispellings: [HER-2]")
    assert load_errors(tmp_path, text) == [
        "glossary.yaml:10: 1.mispellings: unknown key (did you mean 'misspellings'?)"
    ]


def test_source_without_address_is_an_error_at_its_line(tmp_path):
    text = GLOSSARY.replace(
        "    url: https://www.cancer.gov/publications/dictionaries/cancer-terms\n- term: HER2-low",
        "- term: HER2-low",
    )
    errors = load_errors(tmp_path, text)
    assert errors == [
        "glossary.yaml:11: 1.source.url: missing (Its address, e.g. an NCI Dictionary of "
        "Cancer Terms page.)"
    ]


def test_only_the_first_use_of_a_term_is_marked():
    out, used = marked("A biopsy first. Another biopsy later.\n")
    assert buttons(out) == ["biopsy"]
    assert used == ["biopsy"]
    assert out.count("Another biopsy later") == 1


def test_longest_name_wins_and_a_term_is_never_marked_inside_another():
    out, used = marked("HER2-low cancers have some HER2.\n")
    assert buttons(out) == ["HER2-low", "HER2"]
    assert used == ["HER2-low", "HER2"]


def test_capitalised_names_match_as_written_lowercase_ones_in_any_case():
    out, _ = marked("Her2 is not HER2. Biopsies and Lymph nodes.\n")
    assert buttons(out) == ["HER2", "Biopsies", "Lymph nodes"]


def test_terms_in_links_headings_and_code_are_left_alone():
    source = (
        "## What a biopsy is\n\n"
        "Read [about HER2](/x/) and `biopsy --help`.\n\n"
        "```\nlymph node\n```\n\n"
        "Then the biopsy, HER2 and the lymph node.\n"
    )
    out, used = marked(source)
    assert buttons(out) == ["biopsy", "HER2", "lymph node"]
    assert "<h2" in out and "What a biopsy is</h2>" in out
    assert "<code>biopsy --help</code>" in out
    assert '<a href="/x/">about HER2</a>' in out
    assert used == ["biopsy", "HER2", "lymph node"]


def test_disclosure_is_a_popover_with_the_definition_and_a_glossary_link():
    out, _ = marked("A biopsy.\n")
    assert (
        '<button type="button" class="term" popovertarget="term-biopsy">biopsy</button>'
        '<span class="term-pop" id="term-biopsy" popover data-pagefind-ignore="all">'
        "<strong>biopsy:</strong> What biopsy means. "
        '<a href="/glossary/#biopsy">More in the glossary</a></span>'
    ) in out


@pytest.fixture
def built(tmp_path):
    questions = {
        "her2": question(
            "What does HER2-low mean?",
            "her2-low-breast-cancer",
            body="HER2-low means a little HER2. A biopsy shows it.\n",
        ),
        "lung": question("Who should get lung screening?", "lung-cancer"),
    }
    root = write_site(tmp_path, questions)
    (root / "content/_data/glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    commands.build(root, root / "site", search=False)
    return root / "site"


def test_glossary_page_lists_terms_a_to_z_with_names_sources_and_answers(built):
    doc = page(built, "/glossary/")
    entries = doc.find_all("div", "glossary-entry")
    assert [e.one("dt").text() for e in entries] == ["biopsy", "HER2", "HER2-low"]
    her2 = entries[1]
    assert her2.one("dt").attrs["id"] == "her2"
    assert her2.one("p", "other-names").text() == "Other names: HER2/neu"
    assert her2.one("p", "term-answers").links() == [
        ("/questions/her2/", "What does HER2-low mean?")
    ]
    assert her2.one("p", "term-source").links()[0][0].startswith("https://www.cancer.gov/")
    assert [e.one("dt").text() for e in entries if not e.find_all("p", "term-answers")] == []


def test_glossary_page_carries_a_defined_term_set(built):
    text = (built / "glossary/index.html").read_text(encoding="utf-8")
    blocks = [
        json.loads(b)
        for b in re.findall(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', text, re.S)
    ]
    main = blocks[0]
    assert main["@type"] == "DefinedTermSet"
    her2 = next(t for t in main["hasDefinedTerm"] if t["name"] == "HER2")
    assert her2 == {
        "@type": "DefinedTerm",
        "@id": "https://test.example.org/glossary/#her2",
        "name": "HER2",
        "description": "A protein that helps some cells grow.",
        "url": "https://test.example.org/glossary/#her2",
        "inDefinedTermSet": "https://test.example.org/glossary/",
        "alternateName": ["HER2/neu"],
    }


def test_answer_links_its_terms_to_the_glossary(built):
    doc = page(built, "/questions/her2/")
    pops = doc.one("div", "answer").find_all("span", "term-pop")
    assert [p.links()[0][0] for p in pops] == [
        "/glossary/#her2-low",
        "/glossary/#her2",
        "/glossary/#biopsy",
    ]


def test_readme_carries_the_glossary_keys_table():
    from conftest import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    between = text.split("<!-- glossary:start -->", 1)[1].split("<!-- glossary:end -->", 1)[0]
    assert between.strip() == data.markdown_table(), (
        "README.md's glossary table is out of date: replace it with "
        "`python -m qasite.content.glossary`"
    )


def test_warm_build_after_a_glossary_edit_equals_a_clean_build(built, tmp_path):
    from test_incremental import clean_build, tree

    root = built.parent
    path = root / "content/_data/glossary.yaml"
    path.write_text(path.read_text().replace("A protein that helps", "A protein helping"))
    commands.build(root, root / "site", search=False)
    assert "A protein helping some cells grow." in (
        root / "site/questions/her2/index.html"
    ).read_text(encoding="utf-8")
    clean = clean_build(root, tmp_path / "clean")
    assert tree(root / "site") == {k: v for k, v in clean.items() if not k.startswith("pagefind/")}


def _edit(root, slug: str, old: str, new: str) -> None:
    path = root / f"content/questions/{slug}.md"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_warm_build_looks_for_terms_only_in_the_answers_that_changed(built, tmp_path, monkeypatch):
    from test_incremental import clean_build, tree

    from qasite.site import terms

    root = built.parent
    _edit(root, "her2", "A biopsy shows it.", "A biopsy of the tumor shows it.")
    scanned = []
    real = terms.mark

    def counting(page, glossary_terms):
        scanned.append("of the tumor" in page)
        return real(page, glossary_terms)

    monkeypatch.setattr(terms, "mark", counting)
    monkeypatch.setattr(glossary, "mark", counting)
    commands.build(root, root / "site", search=False)
    assert scanned and all(scanned)  # the lung answer, unchanged, is not read again
    monkeypatch.undo()
    clean = clean_build(root, tmp_path / "clean")
    assert tree(root / "site") == {k: v for k, v in clean.items() if not k.startswith("pagefind/")}


def test_glossary_page_is_rendered_again_only_when_the_use_of_a_term_changes(
    built, tmp_path, monkeypatch
):
    from test_incremental import clean_build, tree

    from qasite.site import render

    root = built.parent
    reused = []
    real = render.render

    def recording(*args, **kwargs):
        rendering = real(*args, **kwargs)
        reused.append("glossary/index.html" in rendering.reused)
        return rendering

    monkeypatch.setattr(render, "render", recording)
    _edit(root, "lung", "The answer", "The new answer")
    commands.build(root, root / "site", search=False)
    _edit(root, "lung", "The new answer", "The answer, after a biopsy,")
    commands.build(root, root / "site", search=False)
    assert reused == [True, False]
    biopsy = page(built, "/glossary/").find_all("div", "glossary-entry")[0]
    assert [title for _, title in biopsy.one("p", "term-answers").links()] == [
        "What does HER2-low mean?",
        "Who should get lung screening?",
    ]
    clean = clean_build(root, tmp_path / "clean")
    assert tree(root / "site") == {k: v for k, v in clean.items() if not k.startswith("pagefind/")}


def test_glossary_page_lists_a_few_answers_per_term_and_searches_for_the_rest(
    tmp_path, monkeypatch
):
    from qasite.site import glossary

    monkeypatch.setattr(glossary, "SHOWN_ANSWERS", 1)  # 15 on a real site
    questions = {
        f"biopsy-{n}": question(f"Question {n} about a biopsy?", "lung-cancer") for n in (1, 2, 3)
    }
    root = write_site(tmp_path, questions)
    (root / "content/_data/glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    commands.build(root, root / "site", search=False)
    biopsy = page(root / "site", "/glossary/").find_all("div", "glossary-entry")[0]
    assert biopsy.one("p", "term-answers").links() == [
        ("/questions/biopsy-1/", "Question 1 about a biopsy?"),
        ("/search/?q=biopsy", "2 more (search for biopsy)"),
    ]
