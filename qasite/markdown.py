"""Markdown to safe HTML: raw HTML off, safe link schemes only, nothing silently dropped."""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .errors import Problem
from .model import Heading, Rendered
from .schema import SAFE_SCHEMES

CALLOUTS = ("note", "warning")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _render_callout(name: str):
    def render(self, tokens, idx, options, env):
        if tokens[idx].nesting == 1:
            return f'<aside class="callout callout-{name}" role="note">\n'
        return "</aside>\n"

    return render


def _link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    if str(token.attrGet("href") or "").startswith(("http://", "https://")):
        token.attrSet("rel", "noopener")
    return self.renderToken(tokens, idx, options, env)


def _flag_overflow(tokenize):
    """markdown-it drops the rest of a document past its nesting limit without a word:
    note in ``env`` the first line it is about to drop, so that `render` reports it."""

    def wrapped(state, start_line: int, end_line: int) -> None:
        if state.level >= state.md.options.maxNesting:
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent:
                state.env.setdefault("dropped_from_line", line)
        tokenize(state, start_line, end_line)

    return wrapped


@functools.cache
def parser() -> MarkdownIt:
    """The one Markdown parser: the js-default preset (no raw HTML) with our plugins."""
    md = MarkdownIt("js-default")
    md.use(anchors_plugin, min_level=2, max_level=3)
    md.use(footnote_plugin)
    for name in CALLOUTS:
        md.use(container_plugin, name, render=_render_callout(name))
    md.validateLink = lambda url: True  # every link is checked, with its line, in `render`
    md.block.tokenize = _flag_overflow(md.block.tokenize)
    md.add_render_rule("link_open", _link_open)
    return md


def _is_safe_link(href: str) -> bool:
    return not _SCHEME.match(href) or href.lower().startswith(SAFE_SCHEMES)


def _plain(inline) -> str:
    return "".join(t.content for t in inline.children or () if t.type in ("text", "code_inline",
                                                                        "softbreak")
                   ).replace("\n", " ") if inline.children else inline.content


def render(source: str, path: str, first_line: int) -> tuple[Rendered | None, list[Problem]]:
    """The HTML of an answer, or the problems that stop it (each with its file line)."""
    md = parser()
    env: dict = {}
    tokens = md.parse(source, env)
    problems: list[Problem] = []
    if "dropped_from_line" in env:
        problems.append(Problem(
            path, first_line + env["dropped_from_line"], "body",
            f"Markdown nested more than {md.options['maxNesting']} levels deep: "
            "the rest of the answer would be lost", "flatten the lists or quotes here"))
        return None, problems
    headings, links, first_paragraph, block_line = [], [], "", first_line
    for index, token in enumerate(tokens):
        if token.map:
            block_line = first_line + token.map[0]
        if token.type == "heading_open":
            headings.append(Heading(int(token.tag[1]), str(token.attrGet("id") or ""),
                                    _plain(tokens[index + 1])))
        if token.type == "paragraph_open" and not first_paragraph and token.level == 0:
            first_paragraph = _plain(tokens[index + 1])
        for child in token.children or ():
            target = child.attrGet("href") if child.type == "link_open" else None
            if child.type == "image":
                target = str(child.attrGet("src") or "")
                if not target.startswith("/") or target.startswith("//"):
                    problems.append(Problem(
                        path, block_line, "body", f"image '{target}' is not a file of this site",
                        "the site loads nothing from elsewhere: put the image in layouts/static/ "
                        "and write its path from /"))
                continue
            if target is None:
                continue
            target = str(target)
            if not _is_safe_link(target):
                problems.append(Problem(
                    path, block_line, "body", f"link '{target}' uses a scheme that is not allowed",
                    "only http, https and mailto links, and paths of this site"))
            links.append(target)
    if problems:
        return None, problems
    html = md.renderer.render(tokens, md.options, env)
    return Rendered(html, first_paragraph, tuple(headings), tuple(links)), []
