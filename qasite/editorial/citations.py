"""Inline citations: every ``[@id]`` names a listed source, source ids are unique, and once an
answer cites inline, every source it lists is cited somewhere."""

from __future__ import annotations

from ..content.citations import MARKER
from ..content.errors import Problem, did_you_mean


def check(blocks, sources: list[dict], shown: str, lines: dict) -> tuple[tuple, list[Problem]]:
    """The ids cited (in order of first use) and the problems found."""
    problems, ids = [], {}
    for index, source in enumerate(sources):
        key = source.get("id")
        if key in ids:
            problems.append(
                Problem(
                    shown,
                    lines.get(("sources", index, "id"), 1),
                    f"sources.{index}.id",
                    f"'{key}' is already the id of source {ids[key] + 1}",
                    "give each source its own id",
                )
            )
        elif key:
            ids[key] = index
    cited: dict[str, None] = {}
    for block in blocks:
        for offset, match in _markers(block.source):
            key = match.group(1)
            if key in ids:
                cited[key] = None
                continue
            hint = did_you_mean(key, ids) or (
                "known ids: " + ", ".join(ids) if ids else "give the source an id: " + key
            )
            problems.append(
                Problem(
                    shown,
                    block.line + offset,
                    "body",
                    f"citation [@{key}] names no source of this answer",
                    hint,
                )
            )
    if cited:
        for index, source in enumerate(sources):
            if source.get("id") not in cited:
                problems.append(
                    Problem(
                        shown,
                        lines.get(("sources", index), 1),
                        f"sources.{index}",
                        "is never cited in the answer",
                        f"cite it with [@{source['id']}] where the answer relies on it"
                        if source.get("id")
                        else "give it an id and cite it with [@id], or remove it",
                        warning=True,
                    )
                )
    return tuple(cited), problems


def _markers(text: str):
    for match in MARKER.finditer(text):
        yield text.count("\n", 0, match.start()), match


def has_marker(text: str) -> bool:
    return MARKER.search(text) is not None
