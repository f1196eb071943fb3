"""Link check of the rendered site: every internal link and asset resolves to a file, and every
``#anchor`` to an id on its page. External links are listed, never fetched.

`external_uses` says where each external link is written (for the online check,
`qasite.editorial.linkcheck`). Runs on the rendered files (path -> bytes); a link to the
site's own ``base_url`` is internal.
Files written after rendering (the Pagefind bundle) are checked from the folder when there is
one, and taken on trust when there is not (`check` writes nothing).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from sys import intern
from urllib.parse import unquote, urljoin, urlsplit

from ..content.errors import ContentError, Problem
from ..site.resolve import Site

LINK_ATTRS = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("form", "action"),
    ("iframe", "src"),
    ("area", "href"),
}
WRITTEN_LATER = ("pagefind/",)
EXTERNAL = ("http://", "https://", "mailto:", "//")
# The site's HTML is its own: attribute values are quoted and every "<", ">" and '"' in text,
# attribute values and JSON-LD is escaped, so the tags that link are found by their own
# pattern, and ids by theirs, both in C: only a few dozen tags a page are looked at in Python
# (the check reads every page of every build).
_ATTR = re.compile(
    r"""\s(id|name|href|src|action|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
    re.IGNORECASE,
)
_LINKING = re.compile(r"<(a|area|form|iframe|img|link|script|source)\b([^>]*)>", re.IGNORECASE)
_ID = re.compile(r"""\s[iI][dD]\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


@dataclass(frozen=True)
class Page:
    """The ids and the link targets (each with its line) of one HTML page."""

    ids: frozenset[str]
    links: tuple[tuple[str, int], ...]


def _value(groups: tuple) -> str:
    double, single, bare = groups
    value = double if double is not None else single if single is not None else bare
    return html.unescape(value) if "&" in value else value


def parse(data: bytes) -> Page:
    """A page's ids and links; each value interned, as most pages share most of them (a
    build keeps every page's, not its HTML)."""
    text = data.decode("utf-8", "replace")
    ids = {intern(_value(found.groups())) for found in _ID.finditer(text)}
    links, line, last = [], 1, 0
    for tag in _LINKING.finditer(text):
        name, start = tag.group(1).lower(), tag.start(2)
        for attr in _ATTR.finditer(tag.group(2)):
            key, value = attr.group(1).lower(), _value(attr.groups()[1:])
            if key == "name" and name == "a":
                ids.add(intern(value))
                continue
            line += text.count("\n", last, start + attr.start())
            last = start + attr.start()
            if (name, key) in LINK_ATTRS:
                links.append((intern(value.strip()), line))
            elif key == "srcset":
                links += [(intern(c.split()[0]), line) for c in value.split(",") if c.strip()]
    return Page(frozenset(ids), tuple(links))


def url_of(path: str) -> str:
    """The address a built file is served at: ``questions/x/index.html`` -> ``/questions/x/``."""
    return "/" + (path[: -len("index.html")] if posixpath.basename(path) == "index.html" else path)


def target_file(path: str, existing) -> str | None:
    """The built file a site path serves, if it exists."""
    rel = unquote(path).lstrip("/")
    for candidate in (rel, posixpath.join(rel, "index.html")) if rel else ("index.html",):
        if candidate in existing:
            return candidate
    return None


def sources(site: Site) -> dict[str, str]:
    """The content file each built page comes from, to name in a problem."""
    out = {f"questions/{q.slug}/index.html": q.path for q in site.questions}
    out.update({f"{p.slug}/index.html": p.path for p in site.content.pages})
    return out


def _lines(source: str) -> list[str]:
    try:
        return Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _written(href: str):
    """The link as written in a file: whole, not the start of a longer address."""
    return re.compile(re.escape(href) + r"(?![^\s)\]>\"'<])")


def _line_in(source: str, href: str, lines: list[str] | None = None) -> int:
    written = _written(href)
    lines = _lines(source) if lines is None else lines
    return next((n for n, text in enumerate(lines, 1) if written.search(text)), 0)


def _problem(
    named: dict[str, str], page: str, line: int, href: str, message: str, hint: str
) -> Problem:
    """Named by the content file that holds the link when it is there, else by the page."""
    source = named.get(page)
    at = _line_in(source, href) if source else 0
    if at:
        return Problem(source, at, "link", f"{message} (on {url_of(page)})", hint)
    return Problem(page, line, "link", f"{message} (on {url_of(page)})", hint)


def read(files: dict[str, bytes]) -> dict[str, Page]:
    """The ids and links of every HTML page among ``files``."""
    return {path: parse(data) for path, data in files.items() if path.endswith(".html")}


def _resolve(here: str, href: str):
    """(path, fragment) of an internal link, or None for another scheme or host. Links of
    this site are nearly all absolute paths: those skip the general URL joining."""
    if href.startswith("/") and not href.startswith("//"):
        rest, _, fragment = href.partition("#")
        return rest.partition("?")[0], fragment
    parts = urlsplit(urljoin(here, href))
    if parts.scheme or parts.netloc:
        return None  # another scheme; the Markdown stage allows none
    return parts.path, parts.fragment


def check(
    pages: dict[str, Page],
    existing: set[str],
    site: Site,
    folder: Path | None = None,
    only: set[str] | None = None,
) -> dict[str, tuple]:
    """Raise `ContentError` naming each broken internal link of ``pages`` (path -> its ids and
    links), or of the pages in ``only``; ``existing`` holds every output path of the build.
    Return the external links, each with the pages that use it."""
    base = site.content.site.base_url
    if folder is not None:
        existing = existing | {
            p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
        }
    named = sources(site)
    external: dict[str, dict[str, None]] = defaultdict(dict)
    problems = []
    for path in sorted(pages if only is None else only):
        here = url_of(path)
        for href, line in pages[path].links:
            if href.startswith(base + "/") or href == base:
                href = href[len(base) :] or "/"
            if href.lower().startswith(EXTERNAL):
                external[href][here] = None
                continue
            resolved = _resolve(here, href)
            if resolved is None:
                continue
            target_path, fragment = resolved
            target = target_file(target_path, existing)
            if target is None:
                if folder is None and target_path.lstrip("/").startswith(WRITTEN_LATER):
                    continue
                problems.append(
                    _problem(
                        named,
                        path,
                        line,
                        href,
                        f"'{href}' leads to no page",
                        "no file of this build is at that address; a draft "
                        "is left out of production builds",
                    )
                )
            elif fragment and target in pages and unquote(fragment) not in pages[target].ids:
                problems.append(
                    _problem(
                        named,
                        path,
                        line,
                        href,
                        f"'{href}' points to a missing anchor",
                        f"{url_of(target)} has no id '{fragment}'",
                    )
                )
    if problems:
        raise ContentError(problems)
    return {url: tuple(on) for url, on in sorted(external.items())}


@dataclass(frozen=True, order=True)
class Use:
    """A place an external link is written: the content or data file and line an editor
    changes (the built page and its line when no such file holds it), and the page it is on."""

    path: str
    line: int
    page: str


def external_uses(
    pages: dict[str, Page], site: Site, data_files: tuple[str, ...] = ()
) -> dict[str, tuple[Use, ...]]:
    """Every external link of ``pages`` with the places it is written: the line in the page's
    content file, else in one of ``data_files`` (the site data shown by the layouts), else the
    line of the built page. One place per link, file and page."""
    base = site.content.site.base_url
    named = sources(site)
    texts: dict[str, list[str]] = {}
    found: dict[str, dict[Use, None]] = defaultdict(dict)
    for path in sorted(pages):
        for href, html_line in pages[path].links:
            if href == base or href.startswith(base + "/"):
                continue
            if not href.lower().startswith(EXTERNAL):
                continue
            place = (path, html_line)
            for source in (named.get(path), *data_files):
                if source is None:
                    continue
                if source not in texts:
                    texts[source] = _lines(source)
                line = _line_in(source, href, texts[source])
                if line:
                    place = (source, line)
                    break
            found[href][Use(*place, url_of(path))] = None
    return {href: tuple(sorted(uses)) for href, uses in sorted(found.items())}


def check_bundle(pages: dict, folder: Path) -> None:
    """Every link to a file written after rendering (the search bundle) resolves in ``folder``;
    ``pages`` maps a page to its record (anything with ``links``)."""
    problems = []
    for path in sorted(pages):
        for href, line in pages[path].links:
            if (
                href.startswith("/" + WRITTEN_LATER[0])
                and not (folder / href.lstrip("/")).is_file()
            ):
                problems.append(
                    Problem(
                        path,
                        line,
                        "link",
                        f"'{href}' leads to no file of the search index",
                        "the search bundle of this Pagefind version has no such file",
                    )
                )
    if problems:
        raise ContentError(problems)
