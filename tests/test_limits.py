"""Hostile or unfinished input through the real command line: the exact `path:line` message.

The red-team review (December 2026) found tracebacks, hangs and silent losses for each of
these; every one is now a problem with its place. QUESTION (from test_errors) has its title
on line 2, date 4, summary 5, sources 7 (the first source's url 9) and the body from line 11.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import CANCER_TYPES_YAML, REVIEWERS_YAML, SITE_YAML, write_site
from test_errors import QUESTION, error, errors, put, question

from qasite.content import config, headings, markdown, parse, schema


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- limits on front matter values --------------------------------------------------------


def test_title_longer_than_a_search_result_shows_is_an_error_at_its_line(project, cli):
    long_title = "Is " + "very " * 40 + "long?"
    put(project, "content/questions/x.md", question("Is this a test question?", long_title))
    assert error(cli) == (
        f"content/questions/x.md:2: title: is {len(long_title)} characters, more than the 150 "
        "a search result shows (ask the question in fewer words)"
    )


def test_summary_longer_than_a_meta_description_is_a_warning_at_its_line(project, cli):
    put(project, "content/questions/x.md", question("A short answer.", "A" + " word" * 50 + "."))
    code, _, err = cli("--root", ".", "check")
    assert code == 0
    assert (
        "content/questions/x.md:5: summary: is 252 characters, more than the 200 a meta "
        "description should be (search engines cut it short: say it in fewer words) [warning]"
    ) in err.splitlines()


@pytest.mark.parametrize(
    ("escape", "name"), [("\\v", "000B"), ("\\0", "0000"), ("\\x01", "0001"), ("\\uFFFE", "FFFE")]
)
def test_control_character_in_the_title_is_an_error_at_its_line(project, cli, escape, name):
    text = question("title: Is this a test question?", f'title: "Can I{escape}work?"')
    put(project, "content/questions/x.md", text)
    assert error(cli).startswith("content/questions/x.md:2: ")
    assert error(cli).endswith(
        f"control character U+{name} in the text (delete it: it is invisible, and breaks the feeds)"
    )


def test_escape_byte_pasted_into_the_answer_is_an_error_at_its_line(project, cli):
    put(project, "content/questions/x.md", question("in plain words", "in \x1b[1mplain words"))
    assert error(cli) == (
        "content/questions/x.md:12: control character U+001B in the text "
        "(delete it: it is invisible, and breaks the feeds)"
    )


def test_control_character_in_a_cancer_type_name_is_an_error_at_its_line(project, cli):
    put(
        project,
        "content/_data/cancer_types.yaml",
        CANCER_TYPES_YAML.replace("name: Breast cancer", 'name: "Breast\\x01 cancer"', 1),
    )
    assert error(cli) == (
        "content/_data/cancer_types.yaml:2: 0.name: control character U+0001 in the text "
        "(delete it: it is invisible, and breaks the feeds)"
    )


@pytest.mark.parametrize(
    "name", ["content/questions/x.md", "content/_data/site.yaml", "content/_data/reviewers.yaml"]
)
def test_integer_of_thousands_of_digits_is_an_error_at_its_line(project, cli, name):
    digits = "1" * 4301
    if name.endswith("x.md"):
        put(project, name, question("title: Is this a test question?", f"title: {digits}"))
        line = 2
    elif name.endswith("site.yaml"):
        put(project, name, SITE_YAML + f"extra: {digits}\n")
        line = SITE_YAML.count("\n") + 1
    else:
        put(project, name, REVIEWERS_YAML + f"huge: {digits}\n")
        line = REVIEWERS_YAML.count("\n") + 1
    assert error(cli) == (
        f"{name}:{line}: YAML: a number of 4,301 characters is too long "
        "(put it in quotes if it is text)"
    )


def test_value_yaml_takes_for_a_number_but_is_not_one_is_an_error_at_its_line(project, cli):
    put(project, "content/questions/x.md", question("summary: A short answer.", "summary: 0b_"))
    assert error(cli) == (
        "content/questions/x.md:5: YAML: '0b_' is not a number (put it in quotes if it is text)"
    )


def test_numeric_key_in_reviewers_is_an_error_at_its_line(project, cli):
    put(
        project,
        "content/_data/reviewers.yaml",
        REVIEWERS_YAML + "1234:\n  name: x\n  credentials: y\n",
    )
    assert error(cli) == (
        f"content/_data/reviewers.yaml:{REVIEWERS_YAML.count(chr(10)) + 1}: 1234: a reviewer's "
        "key must be a slug, not a number (start it with a letter, e.g. dr-rivera)"
    )


def test_cancer_type_chain_deeper_than_the_tree_is_an_error_at_its_line(project, cli):
    chain = "".join(
        f"- slug: c{i}\n  name: Type {i}\n  description: Level {i}.\n"
        + (f"  parent: c{i - 1}\n" if i else "")
        for i in range(600)
    )
    put(project, "content/_data/cancer_types.yaml", CANCER_TYPES_YAML + chain)
    line = CANCER_TYPES_YAML.count("\n") + 3 + 4 * 10  # c0 has 3 lines, c1 to c10 have 4
    assert error(cli) == (
        f"content/_data/cancer_types.yaml:{line}: parent: 'c10' would be level 11 of the "
        "cancer type tree, deeper than its 10 levels (give it a parent nearer the top)"
    )


def test_cancer_type_chain_of_ten_levels_is_read(tmp_path):
    chain = "".join(
        f"- slug: c{i}\n  name: Type {i}\n  description: Level {i}.\n"
        + (f"  parent: c{i - 1}\n" if i else "")
        for i in range(10)
    )
    (tmp_path / "types.yaml").write_text(chain, encoding="utf-8")
    types, problems = config.load_cancer_types(tmp_path / "types.yaml", "types.yaml")
    assert (len(types), problems) == (10, [])


def test_duplicate_cancer_type_name_is_an_error_at_its_line(project, cli):
    put(
        project,
        "content/_data/cancer_types.yaml",
        CANCER_TYPES_YAML + "- slug: other\n  name: Breast cancer\n  description: Again.\n",
    )
    line = CANCER_TYPES_YAML.count("\n") + 2
    assert error(cli) == (
        f"content/_data/cancer_types.yaml:{line}: name: duplicate cancer type name "
        "'Breast cancer' (first used on line 2: each type needs its own)"
    )


@pytest.mark.parametrize("value", ["../../../../tmp/pwned", "x" * 35, "english"])
def test_language_that_is_not_a_language_tag_is_an_error_at_its_line(project, cli, value):
    put(project, "content/_data/site.yaml", SITE_YAML.replace("language: en", f"language: {value}"))
    assert error(cli) == (
        f"content/_data/site.yaml:3: language: '{value}' is not a language tag "
        "(write a BCP 47 tag, e.g. en, en-GB or pt-BR)"
    )


@pytest.mark.parametrize(
    "value", ["mailto:x@y.z", '"https://example.org/?a=<b>"', "https://example.org/site/"]
)
def test_base_url_that_is_not_an_https_origin_is_an_error_at_its_line(project, cli, value):
    site = SITE_YAML.replace("base_url: https://test.example.org", f"base_url: {value}")
    put(project, "content/_data/site.yaml", site)
    shown = value.strip('"').removesuffix("/")
    assert error(cli) == (
        f"content/_data/site.yaml:2: base_url: '{shown}' is not an https origin (write https:// "
        "and the host name only, e.g. https://cancer-questions.netlify.app)"
    )


def test_source_url_naming_no_site_is_an_error_at_its_line(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("https://www.cancer.gov/types/breast", '"https://"'),
    )
    assert error(cli) == (
        "content/questions/x.md:9: sources.0.url: 'https://' names no site "
        "(write the full address, e.g. https://www.cancer.gov/...)"
    )


def test_pmid_in_other_digits_is_an_error_at_its_line(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("url: https://www.cancer.gov/types/breast", 'pmid: "١٢٣٤"'),
    )
    assert error(cli) == (
        "content/questions/x.md:9: sources.0.pmid: '١٢٣٤' is not a PubMed id "
        "(write the number only, e.g. 12345678)"
    )


def test_alias_of_a_search_file_is_an_error_at_its_line(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("related:", "aliases: [/pagefind/pagefind.js]\nrelated:"),
    )
    assert error(cli) == (
        "content/questions/x.md:6: aliases: '/pagefind/pagefind.js' is an address of the site's "
        "own files (an alias cannot be under /pagefind/ or /static/)"
    )


# -- file names and links --------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses names that are not UTF-8")
def test_file_name_that_is_not_utf8_is_an_error(project, cli):
    os.makedirs(b"content/questions", exist_ok=True)
    Path(os.fsdecode(b"content/questions/\xff.md")).write_text(QUESTION, encoding="utf-8")
    assert error(cli) == (
        "content/questions/\\udcff.md: the file name is not valid UTF-8 "
        "(rename it with lowercase letters, digits and hyphens only)"
    )


@pytest.mark.parametrize(
    "link", ["content/questions/x.md", "layouts/static/key.txt", "content/_data/extra"]
)
def test_symbolic_link_in_content_or_layouts_is_refused_with_its_name(project, cli, link):
    secret = project.parent / f"{project.name}-secret.txt"
    secret.write_text("secret\n", encoding="utf-8")
    (project / link).symlink_to(secret)
    assert (
        f"{link}: is a symbolic link, which is never followed "
        "(copy the file or folder here instead)"
    ) in errors(cli)
    assert not (project / "site").exists()


def test_file_name_with_terminal_escapes_is_printed_escaped(project, cli):
    put(project, "content/questions/x\x1b]0;owned\x07\n.md", QUESTION)
    assert error(cli) == (
        "content/questions/x\\x1b]0;owned\\x07\\n.md: file name 'x\\x1b]0;owned\\x07\\n' is not "
        "a slug (rename it with lowercase letters, digits and hyphens only)"
    )


def test_key_with_terminal_escapes_is_printed_escaped(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("related:", '"\\e]0;owned\\a\\e[2J": 1\nrelated:'),
    )
    found = error(cli)
    assert "\x1b" not in found and "\x07" not in found
    assert found.startswith("content/questions/x.md:6: ")


# -- unfinished answers ------------------------------------------------------------------------


def test_archetype_placeholder_left_in_is_an_error_at_its_line(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("The answer, in plain words.", schema.PLACEHOLDER),
    )
    assert error(cli) == (
        "content/questions/x.md:12: body: the archetype's placeholder text is still here "
        "(replace it with the answer)"
    )


def test_empty_list_item_is_an_error_at_its_line(project, cli):
    put(project, "content/questions/x.md", QUESTION + "\n1. Why?\n2. \n")
    assert error(cli) == (
        "content/questions/x.md:19: body: an empty list item (write its text, or delete the line)"
    )


def test_publication_date_in_the_future_is_an_error_at_its_line(project, cli, monkeypatch):
    monkeypatch.setenv("QASITE_TODAY", "2026-03-01")  # the fixture's newest date
    put(project, "content/questions/x.md", question("date: 2026-01-05", "date: 2026-03-02"))
    assert error(cli) == (
        "content/questions/x.md:4: date: 2026-03-02 is in the future "
        "(write the day it was or will be published, not later)"
    )


def test_future_date_is_judged_against_the_day_given():
    day = dt.date
    assert schema.future_date(day(2026, 1, 5), day(2026, 1, 4)) == "2026-01-05 is in the future"
    assert schema.future_date(day(2026, 1, 5), day(2026, 1, 5)) == ""


# -- Markdown loses nothing silently ---------------------------------------------------------


def body_errors(cli, project, body: str) -> list[str]:
    put(project, "content/questions/x.md", QUESTION + body)
    return [e for e in errors(cli) if not e.endswith("[warning]")]


def test_unreferenced_footnote_is_an_error_at_its_line(project, cli):
    assert body_errors(cli, project, "\n[^1]: A note.\n") == [
        "content/questions/x.md:18: body: footnote '[^1]' is never referenced "
        "(write [^1] where it belongs, or delete the note)"
    ]


def test_footnote_defined_twice_is_an_error_at_its_second_line(project, cli):
    assert body_errors(cli, project, "\nSee[^1].\n\n[^1]: A\n[^1]: B\n") == [
        "content/questions/x.md:21: body: footnote '[^1]' is defined twice "
        "(first on line 20: keep one)"
    ]


def test_undefined_footnote_is_an_error_at_its_line(project, cli):
    assert body_errors(cli, project, "\nSee\nthis[^nope].\n") == [
        "content/questions/x.md:19: body: footnote '[^nope]' is never defined "
        "(add a line '[^nope]: the note', or write \\[^nope] for the text)"
    ]


def test_unclosed_callout_is_an_error_at_its_line(project, cli):
    assert body_errors(cli, project, "\n::: note\nText.\n\n## Questions to ask\n") == [
        "content/questions/x.md:18: body: the callout 'note' opened here is never closed "
        "(end it with a line ':::')"
    ]


def test_each_bad_link_of_a_paragraph_is_reported_at_its_own_line(project, cli):
    lines = [f"Line {i} [bad](javascript:go{i})" for i in range(8)]
    found = body_errors(cli, project, "\n" + "\n".join(lines) + "\n")
    assert [e.split(": ")[0] for e in found] == [
        f"content/questions/x.md:{18 + i}" for i in range(8)
    ]


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Text `code\nspan` then\n[s](javascript:x)\n", 3),
        ("![a\nb](/i.png) and\n[s](javascript:x)\n", 3),
        ("| a | b |\n| --- | --- |\n| c | d |\n| [s](javascript:x) | e |\n", 4),
        ("- item\n  more\n  [s](javascript:x)\n", 3),
        ("> quote\n>\n> [s](javascript:x)\n", 3),
    ],
)
def test_link_error_names_its_own_line_in_every_kind_of_block(body, line):
    _, problems = markdown.render(body, "q.md", 1)
    assert [p.line for p in problems] == [line]


def test_front_matter_and_body_errors_are_reported_in_one_run(project, cli):
    text = question("summary: A short answer.", "summary: Short: an answer.")
    put(project, "content/questions/x.md", text + "\n[x](javascript:alert(1))\n")
    found = [e for e in errors(cli) if not e.endswith("[warning]")]
    assert [e.split(": ")[0] for e in found] == [
        "content/questions/x.md:5",
        "content/questions/x.md:18",
    ]
    assert "uses a scheme that is not allowed" in found[1]


# -- heading ids -----------------------------------------------------------------------------


def ids(body: str) -> list[str]:
    rendered, problems = markdown.render(body, "q.md", 1)
    assert problems == []
    return [h.id for h in rendered.headings]


def test_heading_ids_are_unique_across_the_page():
    assert ids("## Side effects\n\n### Side effects\n\n## Side effects\n\n## Side effects 1\n") == [
        "side-effects",
        "side-effects-1",
        "side-effects-2",
        "side-effects-1-1",
    ]


def test_heading_ids_are_never_empty():
    assert ids("## !!!\n\n## ???\n") == ["section", "section-1"]


def test_heading_ids_never_take_a_layout_or_footnote_id():
    assert ids("## Main\n\n## Sources heading\n\n## fn1\n") == [
        "main-1",
        "sources-heading-1",
        "fn1-1",
    ]


def test_layout_ids_known_to_headings_are_every_id_the_answer_layouts_give():
    layouts = Path(__file__).resolve().parent.parent / "layouts"
    found = set()
    for path in [*layouts.glob("*.html"), *layouts.glob("partials/*.html")]:
        found |= set(re.findall(r'\bid="([a-z-]+)"', path.read_text("utf-8")))
    assert found <= headings.LAYOUT_IDS


def test_forty_thousand_identical_headings_are_numbered_in_order():
    found = ids("## h\n" * 40_000)
    assert found[:3] == ["h", "h-1", "h-2"]
    assert found[-1] == "h-39999"
    assert len(set(found)) == 40_000


# -- layouts ------------------------------------------------------------------------------------


def layout_error_of(cli, project, name: str, old: str, new: str | bytes) -> str:
    path = project / "layouts" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    if isinstance(new, bytes):
        path.write_bytes(text.replace(old, "", 1).encode() + new)
    else:
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    put(project, "content/questions/x.md", QUESTION)
    return error(cli)


def test_unknown_asset_in_a_layout_is_an_error_at_its_line(project, cli):
    found = layout_error_of(
        cli, project, "question.html", "{{ question.title }}", "{{ asset('nope.css') }}"
    )
    line = (project / "layouts/question.html").read_text().split("asset('nope.css')")[0].count(
        "\n"
    ) + 1
    assert found.startswith(f"layouts/question.html:{line}: layout error: asset 'nope.css' is not ")


def test_missing_stylesheet_is_a_layout_error_with_its_line(project, cli):
    (project / "layouts/static/style.css").unlink()
    put(project, "content/questions/x.md", QUESTION)
    found = error(cli)
    assert re.match(
        r"layouts/[a-z/_]+\.html:\d+: layout error: asset 'style.css' is not a file of "
        r"layouts/static/",
        found,
    )


def test_division_by_zero_in_a_layout_is_an_error_at_its_line(project, cli):
    found = layout_error_of(cli, project, "question.html", "{{ question.title }}", "{{ 1 // 0 }}")
    line = (project / "layouts/question.html").read_text().split("1 // 0")[0].count("\n") + 1
    assert found == (
        f"layouts/question.html:{line}: layout error: "
        "integer division or modulo by zero (ZeroDivisionError)"
    )


def test_partial_that_includes_itself_is_a_layout_error(project, cli):
    path = project / "layouts/partials/disclaimer.html"
    path.write_text('{% include "partials/disclaimer.html" %}\n')
    put(project, "content/questions/x.md", QUESTION)
    assert error(cli) == (
        "layouts/partials/disclaimer.html:1: layout error: a layout includes itself, over and "
        "over (check its {% include %} lines)"
    )


def test_layout_that_is_not_utf8_is_an_error_at_its_line(project, cli):
    path = project / "layouts/partials/disclaimer.html"
    path.write_bytes(b"<p>one</p>\n<p>caf\xe9</p>\n")
    put(project, "content/questions/x.md", QUESTION)
    assert error(cli) == (
        "layouts/partials/disclaimer.html:2: layout error: not valid UTF-8 (byte 0xe9) "
        "(save the layout as UTF-8)"
    )


# -- new ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Can I eat 🍓 strawberries during chemo?",
        "Does 𝛽-catenin matter?",
        "日本語の質問？",
        "Is " + "x" * 100 + " normal?",
    ],
)
def test_new_writes_a_file_whose_only_problems_are_the_answer_left_to_write(project, cli, title):
    code, out, err = cli("--root", ".", "new", title, "--cancer-type", "breast-cancer")
    assert (code, err) == (0, "")
    path = Path(out.strip())
    data, _, _, _ = parse.front_matter(path.read_text(encoding="utf-8"))
    assert data["title"] == title
    found = [e.split(": ", 2)[1] for e in errors(cli) if not e.endswith("[warning]")]
    assert found == ["sources.0.title", "body", "body"]  # the source, the answer, its question


def test_new_refuses_a_title_check_would_refuse(project, cli):
    code, _, err = cli(
        "--root", ".", "new", "Is " + "x" * 300 + "?", "--cancer-type", "breast-cancer"
    )
    assert code == 1
    assert err.splitlines()[0] == (
        "title: is 304 characters, more than the 150 a search result shows "
        "(ask the question in fewer words)"
    )


# -- the search indexer ---------------------------------------------------------------------------


def test_indexer_past_its_time_limit_fails_the_build(tmp_path, monkeypatch):
    from qasite.output import index

    monkeypatch.setattr(index, "TIME_LIMIT_S", 0.001)  # the real Pagefind cannot answer so soon
    monkeypatch.setattr(index, "TIME_PER_PAGE_S", 0)
    page = b"<html lang='en'><body><main data-pagefind-body><p>Words.</p></main></body></html>"
    with pytest.raises(index.SearchIndexError, match=r"did not finish within 0\.001 s"):
        index.build_index(tmp_path, 1, "en", pages={"/questions/a/": page})


def test_escaped_footnote_mark_is_text():
    rendered, problems = markdown.render("Write \\[^1] for a note.\n", "q.md", 1)
    assert problems == []
    assert "[^1]" in rendered.html
