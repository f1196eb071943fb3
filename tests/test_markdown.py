"""Markdown to safe HTML: raw HTML escaped, only safe links, plugins on, nothing silently lost."""

from __future__ import annotations

import pytest
from guard import never_hangs

from qasite.content import markdown, parse

FIRST_LINE = 10  # the file line on which the body starts, as if after a front matter


def html_of(source: str) -> str:
    rendered, problems = markdown.render(source, "q.md", FIRST_LINE)
    assert problems == []
    return rendered.html


def problems_of(source: str) -> list[str]:
    rendered, problems = markdown.render(source, "q.md", FIRST_LINE)
    assert rendered is None
    return [str(p) for p in problems]


# -- raw HTML --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>\n",
        "Text <script>alert(1)</script> inline.\n",
        "<SCRIPT SRC=//evil.example.org/x.js></SCRIPT>\n",
        "- item <script>alert(1)</script>\n",
        "::: note\n<script>alert(1)</script>\n:::\n",
    ],
)
def test_raw_html_is_escaped_so_no_script_tag_appears(source):
    html = html_of(source)
    assert "<script" not in html.lower()
    assert "&lt;script" in html.lower()


def test_html_attributes_cannot_be_injected():
    html = html_of('<img src=x onerror="alert(1)"> and <a href="javascript:x">y</a>\n')
    assert "<img" not in html
    assert "<a " not in html
    assert "&lt;img" in html


# -- links and images ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "ftp://files.example.org/x",
        "file:///etc/passwd",
        "&#106;avascript:alert(1)",
    ],
)
def test_unsafe_link_scheme_is_an_error_with_its_line(link):
    problems = problems_of(f"First paragraph.\n\nSecond, with a [link]({link}).\n")
    assert len(problems) == 1
    assert problems[0].startswith("q.md:12: body: link '")
    assert "uses a scheme that is not allowed" in problems[0]


def test_unsafe_autolink_is_an_error():
    assert problems_of("See <javascript:alert(1)>.\n")[0].startswith("q.md:10: body: link ")


def test_unsafe_reference_link_is_an_error_at_its_use():
    problems = problems_of("Intro.\n\nSee [the page][ref].\n\n[ref]: vbscript:msgbox\n")
    assert problems == [
        "q.md:12: body: link 'vbscript:msgbox' uses a scheme that is not "
        "allowed (only http, https and mailto links, and paths of this site)"
    ]


def test_every_unsafe_link_is_reported():
    problems = problems_of("[a](javascript:1)\n\n[b](data:x)\n\n- [c](ftp://x.org)\n")
    assert [p.split(": body")[0] for p in problems] == ["q.md:10", "q.md:12", "q.md:14"]


@pytest.mark.parametrize(
    "link",
    [
        "https://www.cancer.gov/",
        "http://example.org/a?b=c#d",
        "mailto:editors@example.org",
        "/questions/other/",
        "#questions-to-ask",
        "../other/",
    ],
)
def test_safe_links_are_kept(link):
    rendered, problems = markdown.render(f"A [link]({link}).\n", "q.md", 1)
    assert problems == []
    assert rendered.links == (link,)
    assert f'href="{link}"' in rendered.html


def test_external_links_get_rel_noopener_and_internal_ones_do_not():
    html = html_of("[NCI](https://www.cancer.gov/) and [other](/questions/x/).\n")
    assert '<a href="https://www.cancer.gov/" rel="noopener">NCI</a>' in html
    assert '<a href="/questions/x/">other</a>' in html


@pytest.mark.parametrize(
    "src",
    [
        "https://images.example.org/a.png",
        "//cdn.example.org/a.png",
        "http://example.org/a.png",
        "a.png",
        "data:image/png;base64,AA",
    ],
)
def test_image_from_elsewhere_is_an_error_with_its_line(src):
    problems = problems_of(f"Intro.\n\n![A chart]({src})\n")
    assert problems[0].startswith(f"q.md:12: body: image '{src}' is not a file of this site")


def test_image_of_this_site_is_kept():
    html = html_of("![A chart](/static/chart.png)\n")
    assert '<img src="/static/chart.png" alt="A chart">' in html


# -- plugins ---------------------------------------------------------------------------------


def test_headings_get_ids_from_their_text():
    rendered, _ = markdown.render("# Title\n\n## What HER2 is\n\n### Tests & results\n", "q.md", 1)
    assert '<h2 id="what-her2-is">What HER2 is</h2>' in rendered.html
    assert '<h3 id="tests--results">' in rendered.html
    assert "<h1>Title</h1>" in rendered.html
    assert [(h.level, h.id, h.text) for h in rendered.headings] == [
        (1, "", "Title"),
        (2, "what-her2-is", "What HER2 is"),
        (3, "tests--results", "Tests & results"),
    ]


def test_repeated_headings_get_distinct_ids():
    rendered, _ = markdown.render("## Why\n\n## Why\n", "q.md", 1)
    ids = [h.id for h in rendered.headings]
    assert len(set(ids)) == 2


def test_footnotes_are_rendered_as_a_numbered_list_with_links_back():
    html = html_of("HER2-low is common.[^1]\n\n[^1]: About half of breast cancers.\n")
    assert 'class="footnote-ref"' in html
    assert '<section class="footnotes">' in html
    assert "About half of breast cancers." in html
    assert 'class="footnote-backref"' in html


def test_tables_are_rendered():
    html = html_of("| Test | Result |\n| --- | --- |\n| IHC | 1+ |\n")
    assert "<table>" in html
    assert "<th>Test</th>" in html
    assert "<td>1+</td>" in html


@pytest.mark.parametrize("kind", ["note", "warning"])
def test_callouts_become_asides(kind):
    html = html_of(f"::: {kind}\nAsk your doctor **first**.\n:::\n")
    assert f'<aside class="callout callout-{kind}" role="note">' in html
    assert "<strong>first</strong>" in html
    assert html.rstrip().endswith("</aside>")


def test_unknown_callout_stays_plain_text():
    html = html_of("::: danger\nCareful.\n:::\n")
    assert "<aside" not in html
    assert "::: danger" in html


def test_first_paragraph_is_plain_text_without_markdown():
    rendered, _ = markdown.render(
        "## A heading first\n\n**HER2-low** means a [small amount](/x/) of `HER2`\non the "
        "cells &amp; \\*more\\*.\n\nSecond paragraph.\n",
        "q.md",
        1,
    )
    assert (
        rendered.first_paragraph == "HER2-low means a small amount of HER2 on the cells & *more*."
    )


def test_first_paragraph_keeps_a_space_at_each_line_break():
    rendered, _ = markdown.render("One line\nand the next  \nand a hard break.\n", "q.md", 1)
    assert " ".join(rendered.first_paragraph.split()) == "One line and the next and a hard break."


def test_first_paragraph_is_not_taken_from_a_list_or_callout():
    rendered, _ = markdown.render("- item\n\n::: note\nnoted\n:::\n\nThe real one.\n", "q.md", 1)
    assert rendered.first_paragraph == "The real one."


# -- nesting and hostile input ---------------------------------------------------------------


def test_list_nested_past_the_limit_is_an_error_with_its_line():
    nested = "".join("  " * depth + "- level\n" for depth in range(120))
    problems = problems_of("Intro.\n\n" + nested + "\nThe end of the answer.\n")
    assert len(problems) == 1
    line = int(problems[0].split(":")[1])
    assert FIRST_LINE + 2 < line < FIRST_LINE + 2 + 120  # a line of the nested list
    assert "nested more than 100 levels deep" in problems[0]
    assert "would be lost" in problems[0]


def test_quote_nested_past_the_limit_is_an_error_at_its_line():
    problems = problems_of("Intro.\n\n" + ">" * 150 + " deep\n\nThe end.\n")
    assert problems[0].startswith("q.md:12: body: Markdown nested more than 100 levels deep")


def test_callouts_nested_past_the_limit_are_an_error():
    problems = problems_of("::: note\n" * 150 + "deep\n")
    assert "nested more than 100 levels deep" in problems[0]


def test_nesting_below_the_limit_keeps_everything_after_it():
    nested = "".join("  " * depth + f"- level {depth}\n" for depth in range(40))
    html = html_of(nested + "\nThe end of the answer.\n")
    assert "level 39" in html
    assert "<p>The end of the answer.</p>" in html


@pytest.mark.parametrize("unit", ["[", "![", "[^", "[!", "[a ** "])
@never_hangs
def test_unclosed_brackets_at_the_size_limit_are_an_error_quickly(unit):
    source = "Intro.\n\n" + unit * (parse.MAX_FILE_BYTES // len(unit))
    problems = problems_of(source)
    assert problems[0].startswith("q.md:12: body: too many '[' that are never closed")


@pytest.mark.parametrize("unit", ["*a ", "**", "_a ", "`", "<", "[a](", "*_"])
@never_hangs
def test_deep_inline_nesting_gives_a_bounded_result_quickly(unit):
    source = unit * (100_000 // len(unit))
    rendered, problems = markdown.render(source, "q.md", 1)
    assert problems == []
    assert len(rendered.html) < 20 * len(source)
    assert "<script" not in rendered.html


def test_ordinary_brackets_and_many_links_render():
    links = " ".join(f"[link {n}](/questions/q{n}/)" for n in range(500))
    rendered, problems = markdown.render(f"Sizes [in cm] and {links}.\n", "q.md", 1)
    assert problems == []
    assert len(rendered.links) == 500
    assert "[in cm]" in rendered.html
