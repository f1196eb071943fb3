"""The front matter schema: one validator per kind of value, and the messages editors read."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from conftest import REPO

from qasite.content import schema
from qasite.content.errors import ProblemError


def problem_of(check, value) -> ProblemError:
    with pytest.raises(ProblemError) as info:
        check(value)
    return info.value


# -- single values ---------------------------------------------------------------------------


def test_text_is_stripped():
    assert schema.text("  Why?  ") == "Why?"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (12, "expected text, got a number"),
        (True, "expected text, got true/false"),
        (["a"], "expected text, got a list"),
        ({"a": 1}, "expected text, got a mapping"),
        ("   ", "is empty"),
    ],
)
def test_text_refuses_other_types_and_blank(value, message):
    assert problem_of(schema.text, value).message == message


def test_text_given_a_number_or_yes_no_hints_at_quotes():
    assert "quotes" in problem_of(schema.text, False).hint
    assert "quotes" in problem_of(schema.text, 3.5).hint


def test_date_reads_iso_dates():
    assert schema.date("2026-02-28") == dt.date(2026, 2, 28)


@pytest.mark.parametrize(
    "value", ["2026-5-2", "May 2, 2026", "2026/05/02", "20260502", 2026, "2026-01-05 10:00:00"]
)
def test_date_in_another_format_is_refused_with_the_format_to_use(value):
    problem = problem_of(schema.date, value)
    assert "is not a date" in problem.message
    assert "YYYY-MM-DD" in problem.hint


@pytest.mark.parametrize("value", ["2026-13-45", "2026-02-30", "0000-00-00"])
def test_impossible_date_is_refused(value):
    assert problem_of(schema.date, value).message == f"'{value}' is not a real date"


@pytest.mark.parametrize("value", ["breast-cancer", "her2-low", "a", "type-2"])
def test_slug_accepts_lowercase_hyphenated_words(value):
    assert schema.slug(value) == value


@pytest.mark.parametrize(
    "value", ["Breast-Cancer", "breast_cancer", "-a", "a-", "a--b", "a b", "../etc", "a/b", "é"]
)
def test_slug_refuses_anything_else(value):
    problem = problem_of(schema.slug, value)
    assert "is not a slug" in problem.message
    assert "lowercase" in problem.hint


def test_flag_needs_true_or_false():
    assert schema.flag(False) is False
    assert problem_of(schema.flag, "yes").message == "expected true or false, got str"


@pytest.mark.parametrize(
    "value",
    [
        "https://www.cancer.gov/types/breast",
        "http://a.org",
        "mailto:editors@example.org",
        "HTTPS://A.ORG/",
    ],
)
def test_url_accepts_http_https_and_mailto(value):
    assert schema.url(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "ftp://files.example.org/",
        "file:///etc/passwd",
        "//evil.example.org/",
        "www.cancer.gov",
        "/questions/x/",
        "https://a.org/a b",
        "https://a.org/\tb",
    ],
)
def test_url_refuses_other_schemes_and_spaces(value):
    problem = problem_of(schema.url, value)
    assert "is not an http, https or mailto address" in problem.message
    assert "https://" in problem.hint


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.1056/NEJMoa2203690", "10.1056/NEJMoa2203690"),
        ("https://doi.org/10.1056/NEJMoa2203690", "10.1056/NEJMoa2203690"),
        ("doi:10.1200/JCO.22.02864", "10.1200/JCO.22.02864"),
    ],
)
def test_doi_is_kept_without_its_resolver(value, expected):
    assert schema.doi(value) == expected


@pytest.mark.parametrize(
    "value", ["NEJMoa2203690", "10.12/x", "10.1056/ has space", "javascript:x"]
)
def test_doi_refuses_what_is_not_a_doi(value):
    problem = problem_of(schema.doi, value)
    assert "is not a DOI" in problem.message
    assert "10.xxxx/" in problem.hint


def test_pmid_accepts_a_number_or_its_digits():
    assert schema.pmid(37284804) == "37284804"
    assert schema.pmid("37284804") == "37284804"


@pytest.mark.parametrize("value", ["PMID37284804", "12 34", True, 1.5, -3])
def test_pmid_refuses_anything_but_digits(value):
    assert "is not a PubMed id" in problem_of(schema.pmid, value).message


def test_year_is_four_digits_in_range():
    assert schema.year(2022) == 2022
    for value in (22, 3000, "2022", True):
        assert "is not a year" in problem_of(schema.year, value).message


@pytest.mark.parametrize("value", ["/old-question/", "/old/path.html", "/a/b/c", "/"])
def test_alias_accepts_site_paths(value):
    assert schema.alias(value) == value


@pytest.mark.parametrize(
    "value",
    [
        "old-question/",
        "/../../etc/passwd",
        "/a/../b/",
        "/./a/",
        "//evil.example.org/",
        "https://evil.example.org/",
        "/a//b/",
        "/.hidden/",
        "/a\\b/",
        "/a b/",
        "/a%2e%2e/",
        "/a\x00b/",
    ],
)
def test_alias_refuses_what_could_leave_the_site(value):
    assert "is not a site path" in problem_of(schema.alias, value).message


def test_list_of_checks_each_item():
    check = schema.list_of(schema.slug)
    assert check(["a", "b-c"]) == ("a", "b-c")
    assert problem_of(check, "a").message == "expected a list, got str"
    assert "[a, b]" in problem_of(check, "a").hint
    assert "is not a slug" in problem_of(check, ["a", "B"]).message


def test_sources_must_be_a_non_empty_list():
    assert "at least one source" in problem_of(schema.sources, []).message
    assert "at least one source" in problem_of(schema.sources, {"title": "x"}).message


# -- whole mappings --------------------------------------------------------------------------

LINES = {(): 2, ("title",): 2, ("cancer_type",): 3, ("date",): 4, ("sorces",): 5}


def test_validate_returns_checked_values_without_problems():
    data = {
        "title": " Why? ",
        "cancer_type": "breast-cancer",
        "date": "2026-01-05",
        "sources": [{"title": "a", "url": "https://a.org"}],
    }
    values, problems = schema.validate(data, schema.QUESTION_KEYS, LINES, "q.md")
    assert problems == []
    assert values["title"] == "Why?"
    assert values["date"] == dt.date(2026, 1, 5)


def test_validate_reports_an_unknown_key_with_a_did_you_mean_hint():
    data = {"title": "Why?", "cancer_type": "a", "date": "2026-01-05", "sorces": []}
    _, problems = schema.validate(data, schema.QUESTION_KEYS, LINES, "q.md")
    unknown = [p for p in problems if p.field == "sorces"]
    assert [str(p) for p in unknown] == ["q.md:5: sorces: unknown key (did you mean 'sources'?)"]


def test_validate_lists_the_known_keys_when_nothing_is_close():
    _, problems = schema.validate({"title": "x", "zzz": 1}, schema.PAGE_KEYS, {}, "p.md")
    assert str(problems[0]) == "p.md:1: zzz: unknown key (known keys: title, description)"


def test_validate_reports_a_missing_key_with_its_doc():
    _, problems = schema.validate({"title": "Why?"}, schema.QUESTION_KEYS, LINES, "q.md")
    missing = {p.field: p for p in problems}
    assert set(missing) == {"cancer_type", "date", "sources"}
    assert str(missing["date"]) == "q.md:2: date: missing (Date first published (YYYY-MM-DD).)"


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_validate_treats_an_empty_value_as_not_given(empty):
    values, problems = schema.validate(
        {"title": empty, "description": empty}, schema.PAGE_KEYS, {(): 2}, "p.md"
    )
    assert values == {}
    assert [str(p) for p in problems] == ["p.md:2: title: missing (Title of the page.)"]


def test_validate_reports_a_mistyped_key_at_its_line():
    data = {"title": 42, "cancer_type": "a", "date": "2026-01-05", "sources": [{"title": "a"}]}
    _, problems = schema.validate(data, schema.QUESTION_KEYS, LINES, "q.md")
    assert [str(p) for p in problems] == [
        "q.md:2: title: expected text, got a number (put the value in quotes)"
    ]


def test_validate_list_names_nested_fields_with_their_index():
    lines = {("sources", 0): 6, ("sources", 1): 8, ("sources", 1, "url"): 9}
    items = ({"title": "a", "url": "https://a.org"}, {"title": "b", "url": "javascript:x"}, "c")
    values, problems = schema.validate_list(items, schema.SOURCE_KEYS, lines, "q.md", ("sources",))
    assert values[0] == {"title": "a", "url": "https://a.org"}
    assert [(p.line, p.field) for p in problems] == [(9, "sources.1.url"), (1, "sources.2")]
    assert problems[1].message == "expected a mapping, got str"


def test_every_key_has_a_one_line_doc():
    for keys in (
        schema.QUESTION_KEYS,
        schema.SOURCE_KEYS,
        schema.PAGE_KEYS,
        schema.CANCER_TYPE_KEYS,
        schema.REVIEWER_KEYS,
        schema.SITE_KEYS,
    ):
        for key in keys:
            assert key.doc.strip() and "\n" not in key.doc, key.name


# -- the editors' table ----------------------------------------------------------------------


def test_table_lists_every_question_and_source_key_once():
    table = schema.markdown_table()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    names = [row.split("`")[1] for row in rows]
    assert names == [k.name for k in schema.QUESTION_KEYS] + [
        f"sources[].{k.name}" for k in schema.SOURCE_KEYS
    ]
    assert (
        "| `title` | yes | The question, as a patient would ask it (at most 150 characters). |"
        in rows
    )


def printed_table() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "qasite.content.schema"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def test_schema_module_prints_the_table():
    assert printed_table() == schema.markdown_table() + "\n"


README = REPO / "README.md"
START, END = "<!-- schema:start -->", "<!-- schema:end -->"


def test_readme_carries_exactly_the_printed_table():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, f"README.md needs the markers {START} and {END}"
    between = text.split(START, 1)[1].split(END, 1)[0]
    assert between.strip() == printed_table().strip(), (
        "README.md's table of keys is out of date: "
        "replace it with `python -m qasite.content.schema`"
    )
