"""Every answer ends with the questions a reader can take to their oncologist: a section
``## Questions to ask your oncologist`` holding a list. An answer for readers who may not
have a diagnosis (screening, test results) says ``questions_for: doctor`` and ends with
``## Questions to ask your doctor`` instead. This checks the section is there and holds
questions, at its line; the site stage reads the list from the answer's HTML (checklists)."""

from __future__ import annotations

import re

from .errors import Problem

# Whom the closing questions are for (front matter `questions_for`), and their section.
HEADINGS = {
    "oncologist": "Questions to ask your oncologist",
    "doctor": "Questions to ask your doctor",
}
HEADING = HEADINGS["oncologist"]  # the default: readers who have a diagnosis
QUESTIONS_FOR = (  # whom the closing questions are for: the section's title follows
    "doctor: the reader may not have a diagnosis (screening, test results), so the answer "
    "ends with 'Questions to ask your doctor' (default: oncologist)."
)


def heading(questions_for: str | None) -> str:
    """The title of the questions section for ``questions_for`` (None: the oncologist)."""
    return HEADINGS[questions_for or "oncologist"]


def _heading_line(title: str) -> re.Pattern:
    return re.compile(r"^ {0,3}(#{2,3})[ \t]+" + re.escape(title) + r"[ \t]*#*[ \t]*$", re.I)


_ANY_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^ {0,3}(?:\d{1,9}[.)]|[-*+])(?:[ \t]+(.*))?$")


def _outside_code(lines: list[str]):
    """(index, line) of each line not inside a fenced code block."""
    fence = None
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[0] * 3
            continue
        if fence is not None:
            if line.lstrip().startswith(fence):
                fence = None
            continue
        yield index, line


def check(body: str, path: str, body_line: int, questions_for: str | None = None) -> list[Problem]:
    """Problems with the answer's questions section (``body_line`` is the file line of the
    body's first line): missing, holding no list, or holding an empty item. The section is
    the one ``questions_for`` names; the other one in its place is named in the hint."""
    title = heading(questions_for)
    pattern = _heading_line(title)
    lines = body.splitlines()
    found = None
    items: list[tuple[int, str]] = []
    for index, line in _outside_code(lines):
        if found is None:
            match = pattern.match(line)
            if match:
                found = (index, len(match.group(1)))
            continue
        other = _ANY_HEADING.match(line)
        if other and len(other.group(1)) <= found[1]:
            break
        item = _ITEM.match(line)
        if item:
            items.append((index, (item.group(1) or "").strip()))
    if found is None:
        return [Problem(path, body_line, "body", f"no '{title}' section", _hint(body, title))]
    if not items:
        return [
            Problem(
                path,
                body_line + found[0],
                "body",
                f"the '{title}' section lists no questions",
                "write them as a numbered list: 1. ..., 2. ...",
            )
        ]
    return []  # an empty item is reported by the Markdown check, as in any list


def _hint(body: str, title: str) -> str:
    """How to add the section; if the answer has another audience's section, how to keep it."""
    for whom, other in HEADINGS.items():
        if other != title and any(_heading_line(other).match(line) for line in body.splitlines()):
            key = f"questions_for: {whom}" if whom != "oncologist" else "no questions_for"
            return f"rename '## {other}' to '## {title}', or give the answer {key}"
    return f"end the answer with '## {title}' and a numbered list of questions"
