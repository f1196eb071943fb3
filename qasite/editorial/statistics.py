"""Statistics need a citation: a percentage, an "N of M", a survival or response figure or a
hazard ratio in a paragraph or list item that cites no source is a warning at its line."""

from __future__ import annotations

import re

from ..content.errors import Problem
from .citations import has_marker

_NUMBER = r"\d+(?:[.,]\d+)?"
_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
# Each kind of figure, with words one of which it must contain: a pattern runs only on a block
# that has one of them (most blocks have none, and the scan costs less than the patterns).
KINDS = (
    (("%", "percent", "per cent"), rf"\b{_NUMBER}\s?(?:%|percent\b|per cent\b)"),
    (
        (" in ", " of ", " out of "),
        rf"\b{_WORDS}\s(?:in|of|out of)\s(?:every\s)?(?!(?:19|20)\d\d\b)"
        rf"(?:{_NUMBER}|ten|hundred)\b(?!\s*(?:%|percent))",
    ),
    (("hazard ratio", "hr"), r"\b(?:hazard ratio|HR)\b[^.;\n]{0,20}?\b0?\.\d+"),
    (
        ("survival", "respon", "remission"),
        rf"\b{_NUMBER}[ -](?:year|month)s?[ -](?:\w+[ -]){{0,2}}?survival\b"
        rf"|\b(?:survival|response rate|responded|remission)\b[^.;\n]{{0,60}}?\b{_NUMBER}\s?"
        r"(?:months|years|weeks)\b"
        rf"|\b{_NUMBER}\s?(?:months|years|weeks)\b[^.;\n]{{0,40}}?\b(?:survival|response)\b",
    ),
)
PATTERNS = tuple((words, re.compile(pattern, re.IGNORECASE)) for words, pattern in KINDS)
_MAYBE = re.compile(r"\d|\bten\b|\bhundred\b", re.IGNORECASE)  # what every figure has
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
PROSE = ("paragraph", "item")


def figures(text: str):
    """(line offset, figure) of each statistic in a block's Markdown source, in order."""
    if not _MAYBE.search(text):
        return []
    text = _LINK_TARGET.sub(lambda m: "]" + " " * (len(m.group(0)) - 1), text)
    lower = text.lower()
    found = sorted(
        (match.start(), match.group(0))
        for words, pattern in PATTERNS
        if any(word in lower for word in words)
        for match in pattern.finditer(text)
    )
    return [(text.count("\n", 0, start), figure) for start, figure in found]


def check(blocks, shown: str) -> list[Problem]:
    return [
        Problem(
            shown,
            block.line + offset,
            "body",
            f"the figure '{figure}' cites no source",
            "add the marker of the source it comes from, e.g. [@source-id], in the same "
            "paragraph or list item",
            warning=True,
        )
        for block in blocks
        if block.kind in PROSE and not has_marker(block.source)
        for offset, figure in figures(block.source)
    ]
