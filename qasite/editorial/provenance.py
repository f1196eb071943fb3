"""Provenance, stated honestly: how an answer was written and who checked it, in one plain
sentence; and the site's rule that an AI-assisted answer needs a named reviewer."""

from __future__ import annotations

from ..content.errors import Problem
from ..content.model import Question, Reviewer


def sentence(q: Question, reviewer: Reviewer | None) -> str:
    """What the page says of how the answer was made; never more than happened: a reviewer
    who is not marked `clinical` checked the answer against its sources, nothing else."""
    if q.drafting == "ai-assisted":
        made = "This answer was drafted with AI assistance"
    elif q.drafting == "human":
        made = (
            f"This answer was written by {q.author}"
            if q.author
            else "This answer was written by people"
        )
    else:
        return ""
    if reviewer is None:
        return f"{made}; it has not been reviewed yet."
    name = reviewer.name
    if reviewer.kind == "organization" and not name.lower().startswith("the "):
        name = f"the {name}"
    if reviewer.clinical:
        return f"{made} and reviewed by {name}, {reviewer.credentials}."
    return f"{made} and checked against its sources by {name}; it was not reviewed by a clinician."


def problems(questions, drafting: bool, reviewer: bool) -> list[Problem]:
    """With the site's ``drafting_required`` rule, an error for each published answer that
    does not say how it was written; with ``ai_needs_reviewer``, for each AI-assisted one
    without a named reviewer."""
    out = [
        Problem(
            q.path,
            q.lines.get(("title",), 1),
            "drafting",
            "missing: the site says how each answer was written",
            "add drafting: ai-assisted or drafting: human",
        )
        for q in questions
        if drafting and q.drafting is None
    ]
    return out + [
        Problem(
            q.path,
            q.lines.get(("drafting",), 1),
            "reviewed_by",
            "an AI-assisted answer needs a named reviewer before it is published",
            "add reviewed_by and last_reviewed once someone has checked it, or set draft: true",
        )
        for q in questions
        if reviewer and q.drafting == "ai-assisted" and not q.reviewed_by
    ]
