"""Statistics need a citation: a percentage, an "N of M", a survival or response figure or a
hazard ratio in a paragraph or list item that cites no source is a warning at its line."""

from __future__ import annotations

import re

from ..content.errors import Problem
from .citations import has_marker

_NUMBER = r"\d+(?:[.,]\d+)?"
_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
FIGURES = re.compile(
    "|".join(
        (
            rf"\b{_NUMBER}\s?(?:%|percent\b|per cent\b)",
            rf"\b{_WORDS}\s(?:in|of|out of)\s(?:every\s)?(?!(?:19|20)\d\d\b)"
            rf"(?:{_NUMBER}|ten|hundred)\b(?!\s*(?:%|percent))",
            r"\b(?:hazard ratio|HR)\b[^.;\n]{0,20}?\b0?\.\d+",
            rf"\b{_NUMBER}[ -](?:year|month)s?[ -](?:\w+[ -]){{0,2}}?survival\b",
            rf"\b(?:survival|response rate|responded|remission)\b[^.;\n]{{0,60}}?\b{_NUMBER}\s?"
            r"(?:months|years|weeks)\b",
            rf"\b{_NUMBER}\s?(?:months|years|weeks)\b[^.;\n]{{0,40}}?\b(?:survival|response)\b",
        )
    ),
    re.IGNORECASE,
)
_MAYBE = re.compile(r"\d|\bten\b|\bhundred\b", re.IGNORECASE)  # what every figure has
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
PROSE = ("paragraph", "item")


def figures(text: str):
    """(line offset, figure) of each statistic in a block's Markdown source."""
    if not _MAYBE.search(text):
        return
    text = _LINK_TARGET.sub(lambda m: "]" + " " * (len(m.group(0)) - 1), text)
    for match in FIGURES.finditer(text):
        yield text.count("\n", 0, match.start()), match.group(0)


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
