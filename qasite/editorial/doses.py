"""Doses: the editorial policy says the site never gives drug doses; a number with a dose
unit anywhere in an answer is an error at its line."""

from __future__ import annotations

import re

from ..content.errors import Problem

UNITS = (
    r"mg/m²|mg/m2|g/m²|g/m2|mg/kg|mcg/kg|µg/kg|μg/kg|mg|mcg|µg|μg|g|"
    r"IU|international units|units?"
)
DOSE = re.compile(rf"\b\d+(?:[.,]\d+)?(?:\s?(?:-|–|to)\s?\d+(?:[.,]\d+)?)?\s?(?:{UNITS})(?![\w/])")


def check(blocks, shown: str) -> list[Problem]:
    return [
        Problem(
            shown,
            block.line + block.source.count("\n", 0, match.start()),
            "body",
            f"'{match.group(0)}' is a dose",
            "the site never gives drug doses: say that the care team sets the dose",
        )
        for block in blocks
        if any(c.isdigit() for c in block.source)
        for match in DOSE.finditer(block.source)
    ]
