"""Readability: the Flesch-Kincaid reading grade of an answer's prose (paragraphs and list
items; no headings, tables or source titles), computed with textstat."""

from __future__ import annotations

import warnings

with warnings.catch_warnings():  # textstat 0.7.4 imports pkg_resources, which warns of itself
    warnings.simplefilter("ignore", UserWarning)
    import textstat

from ..content.errors import Problem
from ..content.model import Question

PROSE = ("paragraph", "item")


def grade(blocks) -> float | None:
    """The reading grade of the prose, to one decimal; None for an answer without prose."""
    text = "\n".join(b.text.strip() for b in blocks if b.kind in PROSE and b.text.strip())
    if not text:
        return None
    return round(float(textstat.flesch_kincaid_grade(text)), 1)


def problems(questions, limit: float) -> list[Problem]:
    """A warning for each answer above the site's grade ``limit`` that does not say why."""
    return [
        Problem(
            q.path,
            q.lines.get(("body",), 1),
            "body",
            f"reads at grade {q.grade:g}, above the site's limit of {limit:g}",
            "use shorter sentences and everyday words, or say why in readability_note",
            warning=True,
        )
        for q in questions
        if q.grade is not None and q.grade > limit and not q.readability_note
    ]


def listing(questions: list[Question], limit: float) -> list[str]:
    """`check --readability`: one line per answer, hardest first."""
    rows = []
    for q in sorted(questions, key=lambda q: (-(q.grade or 0), q.path)):
        shown = "-" if q.grade is None else f"{q.grade:4.1f}"
        mark = ""
        if q.grade is not None and q.grade > limit:
            mark = f"  above {limit:g}" + (f": {q.readability_note}" if q.readability_note else "")
        rows.append(f"{shown}\t{q.path}{mark}")
    return rows
