"""Netlify's files in the site folder: `_redirects` (old addresses) and `_headers` (per build).

netlify.toml holds the headers every deploy sends (security, caching). What depends on the deploy
context is written here: a preview build (any Netlify `CONTEXT` but production) asks search
engines not to index anything it serves. `rules` and `headers_for` read both files the way
Netlify matches them, for a local server that behaves like the deploy.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from ..content.errors import ContentError, Problem
from ..site.resolve import Site

PREVIEW_HEADERS = "/*\n  X-Robots-Tag: noindex\n"


@dataclass(frozen=True)
class HeaderRule:
    pattern: str
    values: tuple[tuple[str, str], ...]


def _built(alias: str, files: dict[str, bytes]) -> str | None:
    """The built file an address would serve, if any (Netlify serves files before redirects)."""
    path = alias.lstrip("/")
    for candidate in (path, path.rstrip("/") + "/index.html" if path else "index.html"):
        if candidate in files:
            return candidate
    return None


def redirects(site: Site, files: dict[str, bytes]) -> bytes:
    """One permanent redirect per alias; an alias that is a built file's address is an error
    (the file would win, and the redirect would never happen)."""
    problems = []
    by_alias = {alias: q for q in site.content.questions for alias in q.aliases}
    for alias, _target in site.redirects:
        shadow = _built(alias, files)
        if shadow:
            q = by_alias[alias]
            problems.append(
                Problem(
                    q.path,
                    q.lines.get(("aliases", q.aliases.index(alias)), 1),
                    "aliases",
                    f"'{alias}' is the address of {shadow}",
                    "an alias must be an old address that nothing else uses",
                )
            )
    if problems:
        raise ContentError(problems)
    return "".join(f"{alias} {target} 301\n" for alias, target in site.redirects).encode()


def headers(site: Site) -> bytes:
    """`_headers`: a preview deploy is kept out of search engines; production adds nothing to
    netlify.toml (two rules setting one header would be merged by Netlify)."""
    note = "# Written by build.py for a {} build; netlify.toml has the headers of every deploy.\n"
    if site.production:
        return note.format("production").encode()
    return (note.format("preview") + PREVIEW_HEADERS).encode()


def files(site: Site, built: dict[str, bytes]) -> dict[str, bytes]:
    """`_headers` always, `_redirects` when some question has an old address."""
    out = {"_headers": headers(site)}
    if site.redirects:
        out["_redirects"] = redirects(site, built)
    return out


def _pattern(rule: str) -> re.Pattern:
    """A Netlify path rule as a regular expression: a lone ``*`` segment matches the rest of the
    path (nothing included), a ``*`` inside a segment matches any characters, ``/`` too."""
    parts = [p for p in rule.split("/") if p]
    if not parts:
        return re.compile(r"^/$")
    regex = ""
    for part in parts:
        if part == "*":
            regex += "(?:/.*)?" if regex else "/?.*"
        elif "*" in part:
            regex += "/" + ".*".join(re.escape(p) for p in part.split("*"))
        else:
            regex += "/" + re.escape(part) + "/?"
    return re.compile(f"^{regex}$")


def parse_headers_file(text: str) -> list[HeaderRule]:
    """Rules of a `_headers` file: a path line, then indented ``Name: value`` lines."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("/"):
            rules.append((stripped, []))
        elif ":" in stripped and rules:
            name, value = stripped.split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return [HeaderRule(p, tuple(v)) for p, v in rules]


def rules(netlify_toml: str, headers_file: str = "") -> list[HeaderRule]:
    """The header rules of a deploy in the order Netlify applies them: `_headers`, then the
    `[[headers]]` of netlify.toml; for one header name, the last matching rule wins."""
    config = tomllib.loads(netlify_toml)
    toml_rules = [
        HeaderRule(
            r["for"], tuple((k, " ".join(str(v).split())) for k, v in r.get("values", {}).items())
        )
        for r in config.get("headers", [])
    ]
    return parse_headers_file(headers_file) + toml_rules


def headers_for(rule_list: list[HeaderRule], path: str) -> dict[str, str]:
    """The headers a request path gets: every matching rule, later ones overriding."""
    out: dict[str, str] = {}
    for rule in rule_list:
        if _pattern(rule.pattern).match(path):
            out.update(rule.values)
    return out
