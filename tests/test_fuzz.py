"""Generated hostile input (hypothesis): every outcome is a clean result or `path:line` problems.

Front matter (as YAML written from generated values, and as raw text), Markdown bodies built
from Markdown's own punctuation, the three data files, and whole tiny sites through `check`.
Each test is bounded by its number of examples (about a minute in all on a 2-core machine);
a traceback, a hang past the run or a problem without its place fails it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from conftest import QUESTIONS, question, write_site
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qasite import commands
from qasite.content import config, load
from qasite.content.errors import ContentError, Problem

FUZZ = settings(
    deadline=None,
    database=None,  # nothing written into the project
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
KEYS = [
    "title",
    "cancer_type",
    "date",
    "sources",
    "summary",
    "updated",
    "last_reviewed",
    "reviewed_by",
    "author",
    "related",
    "tags",
    "biomarkers",
    "aliases",
    "draft",
]
# Text that reaches the awkward places: controls, escapes, surrogate-free astral characters,
# Markdown and YAML punctuation, digits enough to overflow a number.
CHARS = st.characters(codec="utf-8", exclude_categories=["Cs"])
PUNCTUATION = [*"#*_[]()!:^`>-|\\\"'{}&<>~=+.,;?/ \t\n", "\x1b", "\x00", "\x0b", "\ufffe"]
HUGE = "HUGE_NUMBER"  # written out as 4,400 digits once dumped (Python cannot show them)
TEXT = st.text(st.one_of(CHARS, st.sampled_from(PUNCTUATION)), max_size=40)
SCALARS = st.one_of(
    TEXT,
    st.integers(),
    st.just(HUGE),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates().map(str),
    st.sampled_from(["breast-cancer", "dr-rivera", "https://", "https://x.org/", "mailto:"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
FRONT = st.dictionaries(st.one_of(st.sampled_from(KEYS), TEXT), VALUES, max_size=8)
MARKDOWN_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "### h\n",
        "[^1]",
        "[^1]: note\n",
        "[^x]",
        "::: note\n",
        ":::\n",
        "::: warning\n",
        "1. ",
        "- ",
        "> ",
        "[a](",
        "](/questions/x/)",
        "](javascript:x)",
        "![i](",
        "http://x.org/i.png)",
        "`",
        "*",
        "_",
        "|",
        "| --- |\n",
        "\n",
        "\n\n",
        "    ",
        "<script>",
        "&amp;",
        "\\",
        "\x1b",
        "word ",
    ]
)
YAML_PIECES = st.sampled_from(
    [
        *PUNCTUATION,
        *(f"{key}: " for key in KEYS),
        "- ",
        "\n  ",
        "\n- ",
        "&a ",
        "*a",
        "<<: ",
        "? ",
        "!!python/object:os.system ",
        "!!binary ",
        '"\\x01"',
        '"\\e"',
        '"\\ud800"',
        "2026-13-45",
        "0000-00-00",
        "1" * 4400,
        "[" * 30,
        "{a: ",
        "---",
        "%YAML 1.1",
    ]
)
MARKDOWN = st.lists(st.one_of(MARKDOWN_PIECES, TEXT), max_size=40).map("".join)
PLACE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>[1-9][0-9]*): ")


def assert_placed(problems: list[Problem], path: str) -> None:
    """Every problem names the file and a line of it."""
    for problem in problems:
        assert problem.path == path, problem
        assert problem.line >= 1, problem
        assert PLACE.match(str(problem)), problem
        assert "\n" not in str(problem) and "\x1b" not in str(problem), problem


def front_matter_text(front: dict) -> str:
    try:
        text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError):
        return repr(front)
    return text.replace(HUGE, "1" * 4400)


def parse(folder: Path, raw: bytes):
    """`load.parse_question` of the bytes, as a file ``q/x.md`` (it must exist)."""
    path = folder / "x.md"
    path.write_bytes(raw)
    return load.parse_question(path, "q/x.md", raw)


@settings(FUZZ, max_examples=800)
@given(front=FRONT, body=MARKDOWN)
def test_generated_question_files_give_a_question_or_placed_problems(tmp_path, front, body):
    raw = f"---\n{front_matter_text(front)}---\n\n{body}".encode("utf-8", "surrogatepass")
    question, problems, _ = parse(tmp_path, raw)
    assert_placed(problems, "q/x.md")
    assert question is not None or any(not p.warning for p in problems)


@settings(FUZZ, max_examples=1500)
@given(text=st.lists(st.one_of(CHARS, YAML_PIECES), max_size=60).map("".join))
def test_raw_front_matter_text_gives_a_question_or_placed_problems(tmp_path, text):
    raw = f"---\n{text}\n---\n\nThe answer.\n".encode()
    question, problems, _ = parse(tmp_path, raw)
    assert_placed(problems, "q/x.md")
    assert question is not None or any(not p.warning for p in problems)


@settings(FUZZ, max_examples=300)
@given(
    which=st.sampled_from(["site", "cancer_types", "reviewers"]),
    data=st.one_of(VALUES, st.lists(FRONT, max_size=5), FRONT),
    raw=st.one_of(st.none(), TEXT),
)
def test_generated_data_files_give_data_or_placed_problems(tmp_path_factory, which, data, raw):
    path = tmp_path_factory.mktemp("data") / f"{which}.yaml"
    path.write_bytes((raw if raw is not None else front_matter_text(data)).encode())
    loader = {
        "site": config.load_site,
        "cancer_types": config.load_cancer_types,
        "reviewers": config.load_reviewers,
    }[which]
    _, problems = loader(path, "d.yaml")
    for problem in problems:
        assert problem.path == "d.yaml", problem
        assert problem.line >= 1 or problem.message == "file not found", problem
        assert "\n" not in str(problem) and "\x1b" not in str(problem), problem


@settings(FUZZ, max_examples=60)
@given(front=FRONT, body=MARKDOWN)
def test_generated_answer_in_a_whole_site_checks_clean_or_with_placed_errors(
    tmp_path_factory, front, body
):
    root = write_site(tmp_path_factory.mktemp("site"))
    base = yaml.safe_load(question("A fuzzed question?", "breast-cancer").split("---")[1])
    text = f"---\n{front_matter_text({**base, **front})}---\n\n{body}"
    (root / "content/questions/fuzzed.md").write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        report = commands.check(root)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert PLACE.match(str(problem)) or problem.line == 0, problem
            assert "\n" not in str(problem) and "\x1b" not in str(problem), problem
    else:
        assert report.questions in (len(QUESTIONS), len(QUESTIONS) + 1)  # a draft, or not
