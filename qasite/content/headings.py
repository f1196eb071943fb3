"""Heading ids of an answer: unique across the page, never empty, never one of the layout's.

Made here rather than by the anchors plugin, whose search for a free id tries every suffix
again for each repeated heading (40,000 identical headings took two minutes); this keeps the
next free suffix of each id, so a page of any size is numbered in one pass.
"""

from __future__ import annotations

import re

# Ids the layouts give the page around an answer (a test keeps this in step with layouts/),
# and those of the footnotes: a heading must never take one.
LAYOUT_IDS = frozenset(
    {
        "main",
        "cta-heading",
        "get-help",
        "short-answer-heading",
        "header-search-input",
        "newest-heading",
        "questions-heading",
        "related-heading",
        "services-heading",
        "sources-heading",
        "subtypes-heading",
        "type-search-input",
        "types-heading",
    }
)
_FOOTNOTE_ID = re.compile(r"fn(?:ref)?\d+")
_NOT_IN_ID = re.compile(r"[^\w\u4e00-\u9fff\- ]")
LEVELS = ("h2", "h3")


def slugify(title: str) -> str:
    """GitHub's heading ids (the anchors plugin's): lowercase, spaces to hyphens, no marks."""
    return _NOT_IN_ID.sub("", title.lower().replace(" ", "-")) or "section"


def _reserved(slug: str) -> bool:
    return slug in LAYOUT_IDS or bool(_FOOTNOTE_ID.fullmatch(slug))


def heading_ids(state) -> None:
    """Core rule: an id on every ``##`` and ``###`` heading."""
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open" or token.tag not in LEVELS:
            continue
        children = state.tokens[index + 1].children or ()
        title = "".join(c.content for c in children if c.type in ("text", "code_inline"))
        base = slugify(title)
        slug = base
        if slug in taken or _reserved(slug):
            number = next_suffix.get(base, 1)
            while f"{base}-{number}" in taken or _reserved(f"{base}-{number}"):
                number += 1
            slug = f"{base}-{number}"
            next_suffix[base] = number + 1
        taken.add(slug)
        token.attrSet("id", slug)
