"""Every content error through the real command line: the exact `path:line: field: message`.

Each test breaks one thing in an otherwise valid tiny site, runs ``build.py --root .`` from
inside it (paths are printed relative to the working folder) and checks the printed problem.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from conftest import CANCER_TYPES_YAML, write_site

from qasite.output import write

QUESTION = """\
---
title: Is this a test question?
cancer_type: breast-cancer
date: 2026-01-05
summary: A short answer.
related: [what-is-her2-low]
sources:
  - title: Breast Cancer Treatment
    url: https://www.cancer.gov/types/breast
---

The answer, in plain words.

## Questions to ask your oncologist

1. Is this right for me?
"""
#  line 1 is the opening fence; title 2, cancer_type 3, date 4, summary 5, related 6,
#  sources 7, first source 8 (its url 9), closing fence 10, body from 11 ("The answer" on 12).


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    write_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def put(project: Path, name: str, text: str | bytes) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def question(old: str = "", new: str = "") -> str:
    """QUESTION with one piece of text replaced."""
    assert old in QUESTION
    return QUESTION.replace(old, new, 1) if old else QUESTION


def errors(cli) -> list[str]:
    """The problems printed by a failed build, checking it failed as it should."""
    code, out, err = cli("--root", ".")
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[-1].endswith("error(s); nothing was written")
    return lines[:-1]


def error(cli) -> str:
    """The one error of a failed build (warnings aside)."""
    found = [line for line in errors(cli) if not line.endswith("[warning]")]
    assert len(found) == 1, found
    return found[0]


def test_the_valid_question_builds(project, cli):
    put(project, "content/questions/x.md", question())
    code, out, _ = cli("--root", ".", "check")
    assert code == 0
    assert out.startswith("checked ")


# -- reading the file ------------------------------------------------------------------------


def test_yaml_syntax_error_has_the_file_line(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("summary: A short answer.", "summary: Short: an answer."),
    )
    assert error(cli).startswith(
        "content/questions/x.md:5: YAML: mapping values are not allowed in this context"
    )


def test_yaml_error_in_a_data_file_has_its_line(project, cli):
    put(project, "content/_data/reviewers.yaml", "dr-rivera:\n  name: [Dr. Ana\n")
    assert error(cli) == (
        "content/_data/reviewers.yaml:3: YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 2)"
    )


def test_non_utf8_file(project, cli):
    put(project, "content/questions/x.md", question().encode().replace(b"plain", b"pl\xe4in"))
    assert error(cli) == (
        "content/questions/x.md:12: not valid UTF-8 (byte 0xe4) (save the file as UTF-8)"
    )


def test_empty_file(project, cli):
    put(project, "content/questions/x.md", "")
    assert error(cli).startswith("content/questions/x.md:1: the file is empty")


def test_file_without_front_matter(project, cli):
    put(project, "content/questions/x.md", "# Is this a test?\n\nThe answer.\n")
    assert error(cli).startswith("content/questions/x.md:1: no front matter")


def test_unclosed_front_matter_fence(project, cli):
    put(project, "content/questions/x.md", question("---\n\nThe answer", "\nThe answer"))
    assert error(cli).startswith(
        "content/questions/x.md:1: the front matter fence '---' opened here is never closed"
    )


def test_duplicate_key(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("summary: A short answer.\n", "summary: A.\ntitle: Again?\n"),
    )
    assert error(cli).startswith(
        "content/questions/x.md:6: YAML: duplicate key 'title' "
        "(keep one of the two: it is first set on line 2)"
    )


def test_file_name_that_is_not_a_slug(project, cli):
    put(project, "content/questions/Is_This_A_Test.md", question())
    assert error(cli).startswith(
        "content/questions/Is_This_A_Test.md: file name 'Is_This_A_Test' is not a slug"
    )


def test_file_that_is_not_markdown_in_the_questions_folder(project, cli):
    put(project, "content/questions/notes.txt", "to do\n")
    assert error(cli).startswith("content/questions/notes.txt: not a Markdown file")


# -- front matter keys -----------------------------------------------------------------------


def test_missing_field(project, cli):
    put(project, "content/questions/x.md", question("date: 2026-01-05\n"))
    assert error(cli) == (
        "content/questions/x.md:2: date: missing (Date first published (YYYY-MM-DD).)"
    )


def test_mistyped_field(project, cli):
    put(project, "content/questions/x.md", question("title: Is this a test question?", "title: 42"))
    assert error(cli) == (
        "content/questions/x.md:2: title: expected text, got a number (put the value in quotes)"
    )


def test_unknown_key_with_did_you_mean(project, cli):
    put(project, "content/questions/x.md", question("related:", "relatd:"))
    assert error(cli) == ("content/questions/x.md:6: relatd: unknown key (did you mean 'related'?)")


def test_invalid_date(project, cli):
    put(project, "content/questions/x.md", question("date: 2026-01-05", "date: 2026-13-45"))
    assert error(cli) == (
        "content/questions/x.md:4: date: '2026-13-45' is not a real date (write it as YYYY-MM-DD)"
    )


def test_date_in_another_format(project, cli):
    put(project, "content/questions/x.md", question("date: 2026-01-05", "date: 5 Jan 2026"))
    assert error(cli).startswith("content/questions/x.md:4: date: '5 Jan 2026' is not a date")


def test_updated_before_date(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("date: 2026-01-05\n", "date: 2026-01-05\nupdated: 2025-12-31\n"),
    )
    assert error(cli) == (
        "content/questions/x.md:5: updated: 2025-12-31 is before date "
        "2026-01-05 (a page cannot change before it is published)"
    )


def test_unknown_cancer_type_with_did_you_mean(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("cancer_type: breast-cancer", "cancer_type: her2-low-breast-cancr"),
    )
    assert error(cli) == (
        "content/questions/x.md:3: cancer_type: unknown "
        "'her2-low-breast-cancr' (did you mean 'her2-low-breast-cancer'?)"
    )


def test_unknown_reviewer(project, cli):
    put(
        project,
        "content/questions/x.md",
        question(
            "date: 2026-01-05\n",
            "date: 2026-01-05\nlast_reviewed: 2026-02-01\nreviewed_by: dr-rivra\n",
        ),
    )
    assert error(cli) == (
        "content/questions/x.md:6: reviewed_by: unknown reviewer 'dr-rivra' "
        "(did you mean 'dr-rivera'?)"
    )


def test_source_without_url_doi_or_pmid(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("    url: https://www.cancer.gov/types/breast\n", "    publisher: NCI\n"),
    )
    assert error(cli) == (
        "content/questions/x.md:8: sources.0: has no url, doi or pmid "
        "(say where the source is read)"
    )


def test_each_source_is_reported_at_its_own_line(project, cli):
    put(
        project,
        "content/questions/x.md",
        question(
            "  - title: Breast Cancer Treatment\n    url: https://www.cancer.gov/types/breast\n",
            "  - Just a title\n  - title: Breast Cancer Treatment\n    year: 2024\n",
        ),
    )
    assert errors(cli) == [
        "content/questions/x.md:8: sources.0: expected a mapping, got str",
        "content/questions/x.md:9: sources.1: has no url, doi or pmid "
        "(say where the source is read)",
    ]


def test_reviewer_without_a_review_date(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("date: 2026-01-05\n", "date: 2026-01-05\nreviewed_by: dr-rivera\n"),
    )
    assert error(cli) == (
        "content/questions/x.md:5: reviewed_by: is set without last_reviewed "
        "(add the date of the review)"
    )


def test_source_with_an_empty_url(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("url: https://www.cancer.gov/types/breast", 'url: ""'),
    )
    assert error(cli).startswith("content/questions/x.md:8: sources.0: has no url, doi or pmid")


def test_no_sources(project, cli):
    text = question(
        "sources:\n  - title: Breast Cancer Treatment\n"
        "    url: https://www.cancer.gov/types/breast\n",
        "sources: []\n",
    )
    put(project, "content/questions/x.md", text)
    assert error(cli).startswith(
        "content/questions/x.md:7: sources: expected a list of at least one source"
    )


def test_unsafe_url_scheme_in_front_matter(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("url: https://www.cancer.gov/types/breast", "url: javascript:alert(1)"),
    )
    assert error(cli).startswith(
        "content/questions/x.md:9: sources.0.url: "
        "'javascript:alert(1)' is not an http, https or mailto address"
    )


def test_unsafe_url_scheme_in_the_body(project, cli):
    put(
        project,
        "content/questions/x.md",
        question(
            "The answer, in plain words.", "The answer, [in plain words](javascript:alert(1))."
        ),
    )
    assert error(cli).startswith(
        "content/questions/x.md:12: body: link 'javascript:alert(1)' "
        "uses a scheme that is not allowed"
    )


def test_unsafe_url_scheme_in_site_data(project, cli):
    put(
        project,
        "content/_data/cancer_types.yaml",
        CANCER_TYPES_YAML.replace("url: https://lung-help.example.org/", "url: data:text/html,hi"),
    )
    assert error(cli).startswith(
        "content/_data/cancer_types.yaml:22: 3.services.0.url: "
        "'data:text/html,hi' is not an http, https or mailto address"
    )


def test_body_nested_past_the_limit(project, cli):
    nested = "".join("  " * depth + "- deeper\n" for depth in range(120))
    put(project, "content/questions/x.md", question("The answer, in plain words.\n", nested))
    assert "body: Markdown nested more than 100 levels deep" in error(cli)


# -- links between pages ---------------------------------------------------------------------


def test_related_naming_a_missing_page(project, cli):
    put(
        project,
        "content/questions/x.md",
        question(
            "related: [what-is-her2-low]", "related:\n  - what-is-her2-low\n  - what-is-her2-lo"
        ),
    )
    assert error(cli) == (
        "content/questions/x.md:8: related: no question 'what-is-her2-lo' "
        "(did you mean 'what-is-her2-low'?)"
    )


def test_related_naming_the_page_itself(project, cli):
    put(project, "content/questions/x.md", question("related: [what-is-her2-low]", "related: [x]"))
    assert error(cli) == (
        "content/questions/x.md:6: related: names the page itself (list other questions)"
    )


def test_duplicate_aliases(project, cli):
    put(project, "content/questions/x.md", question("related:", "aliases: [/old-page/]\nrelated:"))
    put(project, "content/questions/y.md", question("related:", "aliases: [/old-page]\nrelated:"))
    assert error(cli) == (
        "content/questions/y.md:6: aliases: '/old-page' is already an alias "
        "(of content/questions/x.md)"
    )


def test_alias_equal_to_a_page_address(project, cli):
    put(
        project,
        "content/questions/x.md",
        question("related:", "aliases: [/questions/what-is-her2-low/]\nrelated:"),
    )
    assert error(cli).startswith(
        "content/questions/x.md:6: aliases: '/questions/what-is-her2-low/' is a page's address"
    )


@pytest.mark.parametrize("alias", ["../../outside/", "/../../etc/", "//evil.example.org/"])
def test_alias_outside_the_site(project, cli, alias):
    put(project, "content/questions/x.md", question("related:", f"aliases: ['{alias}']\nrelated:"))
    assert error(cli).startswith(f"content/questions/x.md:6: aliases: '{alias}' is not a site path")


# -- the cancer type tree and other data -----------------------------------------------------


def test_cycle_in_the_cancer_type_tree(project, cli):
    put(
        project,
        "content/_data/cancer_types.yaml",
        CANCER_TYPES_YAML
        + (
            "- slug: type-a\n  name: A\n  parent: type-b\n  description: A.\n"
            "- slug: type-b\n  name: B\n  parent: type-a\n  description: B.\n"
        ),
    )
    found = errors(cli)
    assert found == [
        "content/_data/cancer_types.yaml:25: parent: the cancer type tree loops: "
        "type-a > type-b > type-a (one of these types must have another parent)",
        "content/_data/cancer_types.yaml:29: parent: the cancer type tree loops: "
        "type-b > type-a > type-b (one of these types must have another parent)",
    ]


def test_cancer_type_that_is_its_own_parent(project, cli):
    put(
        project,
        "content/_data/cancer_types.yaml",
        CANCER_TYPES_YAML + "- slug: type-a\n  name: A\n  parent: type-a\n  description: A.\n",
    )
    assert error(cli).startswith(
        "content/_data/cancer_types.yaml:25: parent: the cancer type tree loops: type-a > type-a"
    )


def test_unknown_parent_type(project, cli):
    put(
        project,
        "content/_data/cancer_types.yaml",
        CANCER_TYPES_YAML.replace("parent: breast-cancer", "parent: brest-cancer", 1),
    )
    assert error(cli) == (
        "content/_data/cancer_types.yaml:10: parent: unknown cancer type "
        "'brest-cancer' (did you mean 'breast-cancer'?)"
    )


def test_duplicate_cancer_type(project, cli):
    put(
        project,
        "content/_data/cancer_types.yaml",
        CANCER_TYPES_YAML
        + "- slug: lung-cancer\n  name: Lung cancer again\n  description: Again.\n",
    )
    assert error(cli) == (
        "content/_data/cancer_types.yaml:23: slug: duplicate cancer type "
        "'lung-cancer' (first defined on line 16)"
    )


def test_unknown_key_in_site_data(project, cli):
    from conftest import SITE_YAML

    put(project, "content/_data/site.yaml", SITE_YAML.replace("banner:", "baner:"))
    found = errors(cli)
    assert "content/_data/site.yaml:8: baner: unknown key (did you mean 'banner'?)" in found
    assert any(line.startswith("content/_data/site.yaml:1: banner: missing") for line in found)


def test_missing_data_file(project, cli):
    (project / "content/_data/reviewers.yaml").unlink()
    assert error(cli).startswith("content/_data/reviewers.yaml: file not found")


def test_reserved_page_name(project, cli):
    put(project, "content/pages/questions.md", "---\ntitle: Questions\n---\n\nText.\n")
    assert error(cli).startswith("content/pages/questions.md: 'questions' is a reserved address")


def test_unexpected_file_in_content(project, cli):
    put(project, "content/draft.md", QUESTION)
    assert error(cli).startswith("content/draft.md: unexpected file or folder in content/")


# -- the run as a whole ----------------------------------------------------------------------


def test_all_errors_of_a_run_are_reported_together(project, cli):
    put(project, "content/questions/a.md", question("date: 2026-01-05", "date: 2026-02-30"))
    put(
        project,
        "content/questions/b.md",
        question("title: Is this a test question?", "title: [a, b]"),
    )
    put(project, "content/_data/reviewers.yaml", "dr-rivera:\n  name: Dr. Ana Rivera\n")
    found = [line for line in errors(cli) if not line.endswith("[warning]")]
    assert found == [
        "content/_data/reviewers.yaml:1: dr-rivera.credentials: missing "
        "(Credentials shown beside the name.)",
        "content/questions/a.md:4: date: '2026-02-30' is not a real date (write it as YYYY-MM-DD)",
        "content/questions/b.md:2: title: expected text, got a list",
    ]


def test_the_error_count_is_printed_last(project, cli):
    put(project, "content/questions/a.md", "")
    put(project, "content/questions/b.md", "")
    code, _, err = cli("--root", ".")
    assert code == 1
    assert err.splitlines()[-1] == "2 error(s); nothing was written"


def test_failed_build_leaves_the_previous_site_intact(project, cli):
    code, _, _ = cli("--root", ".")
    assert code == 0
    before = snapshot(project / "site")
    put(project, "content/questions/x.md", question("date: 2026-01-05", "date: 2026-13-45"))
    assert cli("--root", ".")[0] == 1
    assert snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content", "layouts", "site"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EROFS, "Read-only file system"),
        (errno.EACCES, "Permission denied"),
    ],
)
def test_a_full_or_read_only_disk_is_one_line_and_leaves_the_previous_site(
    project, cli, monkeypatch, code, message
):
    assert cli("--root", ".")[0] == 0
    before = snapshot(project / "site")
    real_write = write.write_new

    def write_half_then_fail(folder, files, published, made=None):
        half = dict(list(files.items())[: len(files) // 2])
        real_write(folder, half, published, made)
        raise OSError(code, os.strerror(code), str(folder / "questions" / "x" / "index.html"))

    monkeypatch.setattr(write, "write_new", write_half_then_fail)
    put(project, "content/questions/x.md", question())
    status, _, err = cli("--root", ".")
    assert status == 1
    (line,) = err.splitlines()
    assert line.endswith(f"questions/x/index.html: {message}; the site was left as it was")
    assert snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content", "layouts", "site"]


def test_a_disk_that_fills_while_the_pages_are_written_leaves_the_previous_site(
    project, cli, monkeypatch
):
    assert cli("--root", ".")[0] == 0
    before = snapshot(project / "site")
    real_write_one, written = write._write_one, []

    def fill_after_ten(folder, relative, data, published, made):  # pages go out as rendered
        if len(written) == 10:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / relative))
        written.append(relative)
        return real_write_one(folder, relative, data, published, made)

    monkeypatch.setattr(write, "_write_one", fill_after_ten)
    put(project, "content/questions/x.md", question())
    status, _, err = cli("--root", ".")
    assert status == 1 and len(written) == 10
    (line,) = err.splitlines()
    assert line.endswith("No space left on device; the site was left as it was")
    assert snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content", "layouts", "site"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_call_to_action_phone_that_is_not_a_number_is_an_error_at_its_line(project, cli):
    from conftest import SITE_YAML

    put(project, "content/_data/site.yaml", SITE_YAML.replace("1-800-555-0100", "call us"))
    assert error(cli) == (
        "content/_data/site.yaml:18: cta.phone: 'call us' is not a phone number "
        "(write digits with hyphens, e.g. 1-800-422-6237)"
    )


def test_report_problem_address_without_the_page_is_an_error_at_its_line(project, cli):
    from conftest import SITE_YAML

    put(project, "content/_data/site.yaml", SITE_YAML.replace("page={url}", "page=here"))
    assert error(cli) == (
        "content/_data/site.yaml:19: report_problem: has no {url} in it "
        "(write where the page's address goes, e.g. ...?page={url})"
    )


def test_answer_without_questions_to_ask_is_an_error_at_its_body(project, cli):
    text = QUESTION.split("\n## Questions")[0] + "\n"
    put(project, "content/questions/x.md", text)
    assert error(cli) == (
        "content/questions/x.md:11: body: no 'Questions to ask your oncologist' section "
        "(end the answer with '## Questions to ask your oncologist' and a numbered list "
        "of questions)"
    )


def test_questions_to_ask_without_a_list_is_an_error_at_its_heading(project, cli):
    put(project, "content/questions/x.md", QUESTION.replace("1. Is this right for me?", "Ask."))
    assert error(cli) == (
        "content/questions/x.md:14: body: the 'Questions to ask your oncologist' section "
        "lists no questions (write them as a numbered list: 1. ..., 2. ...)"
    )


def test_answer_for_readers_without_a_diagnosis_needs_the_doctor_section(project, cli):
    text = QUESTION.replace(
        "summary: A short answer.", "summary: A short answer.\nquestions_for: doctor"
    )
    put(project, "content/questions/x.md", text)
    assert error(cli) == (
        "content/questions/x.md:12: body: no 'Questions to ask your doctor' section "
        "(rename '## Questions to ask your oncologist' to '## Questions to ask your doctor', "
        "or give the answer no questions_for)"
    )


def test_doctor_section_without_questions_for_names_the_key(project, cli):
    text = QUESTION.replace("ask your oncologist", "ask your doctor")
    put(project, "content/questions/x.md", text)
    assert error(cli) == (
        "content/questions/x.md:11: body: no 'Questions to ask your oncologist' section "
        "(rename '## Questions to ask your doctor' to '## Questions to ask your oncologist', "
        "or give the answer questions_for: doctor)"
    )


def test_questions_for_names_only_a_known_reader(project, cli):
    text = QUESTION.replace(
        "summary: A short answer.", "summary: A short answer.\nquestions_for: nurse"
    )
    put(project, "content/questions/x.md", text)
    assert error(cli).startswith("content/questions/x.md:6: questions_for: ")


def test_empty_question_to_ask_is_an_error_at_its_line(project, cli):
    put(project, "content/questions/x.md", QUESTION + "2.\n")
    assert error(cli) == (
        "content/questions/x.md:17: body: an empty list item (write its text, or delete the line)"
    )
