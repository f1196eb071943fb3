"""Markdown to safe HTML: raw HTML off, safe link schemes only, nothing silently dropped."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from . import citations, headings, prose
from .errors import Problem
from .model import Heading, Rendered
from .schema import SAFE_SCHEMES

CALLOUTS = ("note", "warning")
MAX_INLINE_STEPS = 200_000  # link-label scanning steps per document; real answers use < 1,000
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FOOTNOTE_DEF = re.compile(r"\s*\[\^([^\]\s]+)\]:")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")


def _render_callout(name: str):
    def render(self, tokens, idx, options, env):
        if tokens[idx].nesting == 1:  # a visible, spoken label: never colour alone
            return (
                f'<aside class="callout callout-{name}" role="note">\n'
                f'<p class="callout-label">{name.capitalize()}</p>\n'
            )
        return "</aside>\n"

    return render


def _link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    if str(token.attrGet("href") or "").startswith(("http://", "https://")):
        token.attrSet("rel", "noopener")
    return self.renderToken(tokens, idx, options, env)


class _Stopped(Exception):
    """Parsing stopped at a source line (0-based) for a reason to report there."""

    def __init__(self, line: int, message: str, hint: str):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def _flag_overflow(tokenize):
    """markdown-it drops the rest of a document past its nesting limit without a word:
    stop at the first line it is about to drop, so that `render` reports it."""

    def wrapped(state, start_line: int, end_line: int) -> None:
        if state.level >= state.md.options.maxNesting:
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent:
                raise _Stopped(
                    line,
                    f"Markdown nested more than {state.md.options.maxNesting}"
                    " levels deep: the rest of the answer would be lost",
                    "flatten the lists or quotes here",
                )
        tokenize(state, start_line, end_line)

    return wrapped


def _inline_with_lines(state) -> None:
    """markdown-it's core ``inline`` rule, noting the line of the block being parsed."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            state.env["inline_line"] = token.map[0] if token.map else 0
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _budgeted(skip_token):
    """Each unclosed ``[`` makes markdown-it scan ahead to the end of its paragraph, as deep
    as its nesting limit: hostile brackets cost seconds per kilobyte. Bound the scanning."""

    def wrapped(state) -> None:
        steps = state.env["inline_steps"] = state.env.get("inline_steps", 0) + 1
        if steps > MAX_INLINE_STEPS:
            raise _Stopped(
                state.env.get("inline_line", 0),
                "too many '[' that are never closed: this cannot be rendered",
                "close each '[' with ']', or write \\[ for a bracket that is not a link",
            )
        skip_token(state)

    return wrapped


def _noting_footnotes(rule):
    """The footnote definition rule, noting the label and line of every definition: the
    plugin keeps one of two with the same label and drops those never referenced."""

    def wrapped(state, start_line: int, end_line: int, silent: bool) -> bool:
        found = rule(state, start_line, end_line, silent)
        if found and not silent:
            line = state.src[state.bMarks[start_line] : state.eMarks[start_line]]
            label = _FOOTNOTE_DEF.match(line)
            if label:
                state.env.setdefault("footnote_defs", []).append((label.group(1), start_line))
        return found

    return wrapped


def _noting_newlines(rule):
    """An inline rule whose token may span lines that its content no longer shows (a code
    span's line breaks become spaces): the breaks are noted, so later lines stay exact."""

    def wrapped(state, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        found = rule(state, silent)
        if found and not silent and len(state.tokens) > count:
            state.tokens[-1].meta["newlines"] = state.src.count("\n", start, state.pos)
        return found

    return wrapped


@functools.cache
def parser() -> MarkdownIt:
    """The one Markdown parser: the js-default preset (no raw HTML) with our plugins."""
    md = MarkdownIt("js-default")
    md.use(footnote_plugin)
    rules = md.block.ruler.__rules__
    footnote_rule = next(r for r in rules if r.name == "footnote_def")
    md.block.ruler.at(
        "footnote_def", _noting_footnotes(footnote_rule.fn), {"alt": footnote_rule.alt}
    )
    md.core.ruler.push("heading_ids", headings.heading_ids)
    backticks = next(r for r in md.inline.ruler.__rules__ if r.name == "backticks")
    md.inline.ruler.at("backticks", _noting_newlines(backticks.fn))
    md.use(citations.citations_plugin)
    for name in CALLOUTS:
        md.use(container_plugin, name, render=_render_callout(name))
    md.validateLink = lambda url: True  # every link is checked, with its line, in `render`
    md.block.tokenize = _flag_overflow(md.block.tokenize)
    md.core.ruler.at("inline", _inline_with_lines)
    md.inline.skipToken = _budgeted(md.inline.skipToken)
    md.add_render_rule("link_open", _link_open)
    return md


def _is_safe_link(href: str) -> bool:
    return not _SCHEME.match(href) or href.lower().startswith(SAFE_SCHEMES)


def _plain(inline) -> str:
    """The text of an inline token without its Markdown; line breaks become spaces."""
    if not inline.children:
        return inline.content
    return "".join(
        " " if t.type in ("softbreak", "hardbreak") else t.content
        for t in inline.children
        if t.type in ("text", "code_inline", "softbreak", "hardbreak")
    )


def render(
    source: str, path: str, first_line: int, source_ids=()
) -> tuple[Rendered | None, list[Problem]]:
    """The HTML of an answer, or the problems that stop it (each with its file line);
    ``source_ids`` number the sources that inline citations name."""
    md = parser()
    env: dict = citations.env(source_ids)
    try:
        tokens = md.parse(source, env)
    except _Stopped as stop:
        return None, [Problem(path, first_line + stop.line, "body", stop.message, stop.hint)]
    problems: list[Problem] = []

    def problem(line: int, message: str, hint: str) -> None:
        problems.append(Problem(path, line, "body", message, hint))

    headings_found, links, first_paragraph, block_line = [], [], "", first_line
    for index, token in enumerate(tokens):
        if token.map:
            block_line = first_line + token.map[0]
        if token.type == "heading_open":
            headings_found.append(
                Heading(
                    int(token.tag[1]), str(token.attrGet("id") or ""), _plain(tokens[index + 1])
                )
            )
        if token.type == "paragraph_open" and not first_paragraph and token.level == 0:
            first_paragraph = _plain(tokens[index + 1])
        if token.type == "list_item_open" and tokens[index + 1].type == "list_item_close":
            problem(block_line, "an empty list item", "write its text, or delete the line")
        if token.type.startswith("container_") and token.nesting == 1:
            _check_closed(token, source, first_line, problem)
        line = block_line
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
                continue
            line += child.meta.get("newlines", 0) if child.meta else 0
            if child.type == "text" and "[^" in child.content:
                for label in _FOOTNOTE_REF.findall(child.content):
                    if f"\\[^{label}]" in source:  # written escaped: meant as text
                        continue
                    problem(
                        line,
                        f"footnote '[^{label}]' is never defined",
                        f"add a line '[^{label}]: the note', or write \\[^{label}] for the text",
                    )
            target = child.attrGet("href") if child.type == "link_open" else None
            if child.type == "image":
                target = str(child.attrGet("src") or "")
                if not target.startswith("/") or target.startswith("//"):
                    problem(
                        line,
                        f"image '{target}' is not a file of this site",
                        "the site loads nothing from elsewhere: put the image in "
                        "layouts/static/ and write its path from /",
                    )
                line += sum(c.type in ("softbreak", "hardbreak") for c in child.children or ())
                continue
            if target is None:
                continue
            target = str(target)
            if not _is_safe_link(target):
                problem(
                    line,
                    f"link '{target}' uses a scheme that is not allowed",
                    "only http, https and mailto links, and paths of this site",
                )
            links.append(target)
    _check_footnotes(env, first_line, problem)
    if problems:
        return None, problems
    html = md.renderer.render(tokens, md.options, env)
    blocks = prose.blocks(tokens, first_line)
    return Rendered(html, first_paragraph, tuple(headings_found), tuple(links), blocks), []


def _check_closed(token, source: str, first_line: int, problem) -> None:
    """A callout never closed takes the rest of the answer into it: that is an error."""
    lines = source.split("\n")
    end = token.map[1] if token.map else len(lines)
    if end >= len(lines) or not lines[end].lstrip(" \t>").startswith(":::"):
        problem(
            first_line + token.map[0],
            f"the callout '{token.info.strip() or ':::'}' opened here is never closed",
            "end it with a line ':::'",
        )


def _check_footnotes(env: dict, first_line: int, problem) -> None:
    """Every footnote defined once and referenced: the plugin drops the others unseen."""
    used = {note["label"] for note in env.get("footnotes", {}).get("list", {}).values()}
    first: dict[str, int] = {}
    for label, line in env.get("footnote_defs", ()):
        if label in first:
            problem(
                first_line + line,
                f"footnote '[^{label}]' is defined twice",
                f"first on line {first_line + first[label]}: keep one",
            )
            continue
        first[label] = line
        if label not in used:
            problem(
                first_line + line,
                f"footnote '[^{label}]' is never referenced",
                f"write [^{label}] where it belongs, or delete the note",
            )
