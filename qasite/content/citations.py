"""Inline citations, ``[@source-id]``: a markdown-it plugin that renders each marker as the
number of the source in the answer's list, linked to it (and the list links back).

A marker names a source by its ``id`` in the front matter; an unknown id is left as written
(`qasite.editorial.citations` reports it at its line)."""

from __future__ import annotations

import re

from markdown_it.common.utils import escapeHtml

MARKER = re.compile(r"(?<!\\)\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")


def _citation(state, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = MARKER.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"id": match.group(1)}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _render(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    number = env.get("citations", {}).get(token.meta["id"])
    if number is None:
        return escapeHtml(token.content)
    seen = env.setdefault("cited_times", {})
    seen[number] = times = seen.get(number, 0) + 1
    return (
        f'<sup class="cite"><a href="#source-{number}" id="cite-{number}-{times}">'
        f"[{number}]</a></sup>"
    )


def citations_plugin(md) -> None:
    md.inline.ruler.before("link", "citation", _citation)
    md.add_render_rule("citation", _render)


def env(source_ids) -> dict:
    """The render environment numbering the answer's sources: id -> its place in the list."""
    return {"citations": {key: n for n, key in enumerate(source_ids, 1) if key}}


def anchor(number: int) -> str:
    """The id of the first marker citing source ``number`` (the list links back to it)."""
    return f"cite-{number}-1"
