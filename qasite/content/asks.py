"""Every answer ends with the questions a reader can take to their oncologist: a section
``## Questions to ask your oncologist`` holding a list. This checks it is there and holds
questions, at its line; the site stage reads the list from the answer's HTML (checklists)."""

from __future__ import annotations

import re

from .errors import Problem

HEADING = "Questions to ask your oncologist"
_HEADING = re.compile(r"^ {0,3}(#{2,3})[ \t]+" + re.escape(HEADING) + r"[ \t]*#*[ \t]*$", re.I)
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


def check(body: str, path: str, body_line: int) -> list[Problem]:
    """Problems with the answer's questions section (``body_line`` is the file line of the
    body's first line): missing, holding no list, or holding an empty item."""
    lines = body.splitlines()
    found = None
    items: list[tuple[int, str]] = []
    for index, line in _outside_code(lines):
        if found is None:
            match = _HEADING.match(line)
            if match:
                found = (index, len(match.group(1)))
            continue
        heading = _ANY_HEADING.match(line)
        if heading and len(heading.group(1)) <= found[1]:
            break
        item = _ITEM.match(line)
        if item:
            items.append((index, (item.group(1) or "").strip()))
    if found is None:
        return [
            Problem(
                path,
                body_line,
                "body",
                f"no '{HEADING}' section",
                f"end the answer with '## {HEADING}' and a numbered list of questions",
            )
        ]
    if not items:
        return [
            Problem(
                path,
                body_line + found[0],
                "body",
                f"the '{HEADING}' section lists no questions",
                "write them as a numbered list: 1. ..., 2. ...",
            )
        ]
    return []  # an empty item is reported by the Markdown check, as in any list
