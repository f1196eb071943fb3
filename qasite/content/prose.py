"""An answer's text by block (paragraphs, list items, headings, table cells), each with its
file line, its Markdown source and its plain text: what the editorial checks read."""

from __future__ import annotations

from .model import Block

_KINDS = {"heading_open": "heading", "th_open": "cell", "td_open": "cell"}


def _text(inline) -> str:
    return "".join(
        " " if t.type in ("softbreak", "hardbreak") else t.content
        for t in inline.children or ()
        if t.type in ("text", "code_inline", "softbreak", "hardbreak")
    )


def blocks(tokens, first_line: int) -> tuple[Block, ...]:
    """The blocks of a parsed answer, in document order."""
    out, items, line = [], 0, first_line
    for index, token in enumerate(tokens):
        if token.map:
            line = first_line + token.map[0]
        if token.type == "list_item_open":
            items += 1
        elif token.type == "list_item_close":
            items -= 1
        elif token.type == "inline" and index:
            opener = tokens[index - 1].type
            kind = _KINDS.get(opener) or ("item" if items else "paragraph")
            out.append(Block(kind, line, token.content, _text(token)))
    return tuple(out)
