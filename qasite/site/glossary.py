"""Glossary terms explained where they stand, and the /glossary/ page.

In an answer's HTML, the first use of each term (by its name or an alias: longest match first;
a name with a capital matches only as written, a lowercase one in any case, plural "s" too)
becomes a button that opens the definition in place through the HTML ``popover`` attribute:
no script, so it works with JavaScript off and under the strict CSP. Text inside links,
headings, code, footnote marks or another term is never marked."""

from __future__ import annotations

import functools
import html
import re

from markupsafe import Markup, escape

from ..content.model import GlossaryTerm, Question
from .resolve import Site

URL = "/glossary/"
PATH = "glossary/index.html"
SKIP = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "sup", "button"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")


def _pattern(name: str) -> str:
    text = re.escape(html.escape(name, quote=False))
    if any(c.isupper() for c in name):
        return text
    return f"(?i:{text}(?:s|es)?)" if name[-1:].isalpha() else f"(?i:{text})"


@functools.cache
def matcher(terms: tuple[GlossaryTerm, ...]) -> tuple[re.Pattern | None, dict[str, GlossaryTerm]]:
    """One pattern for every name of every term, longest first, and the term of each name
    (by its case-folded text). Cached: the same glossary is matched against every answer."""
    by_name = {name.casefold(): t for t in terms for name in (t.term, *t.aliases)}
    if not by_name:
        return None, {}
    names = sorted(
        {name for t in terms for name in (t.term, *t.aliases)}, key=lambda n: (-len(n), n)
    )
    alternatives = "|".join(_pattern(n) for n in names)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), by_name


def _term_of(found: str, by_name: dict[str, GlossaryTerm]) -> GlossaryTerm | None:
    key = html.unescape(found).casefold()
    for candidate in (key, key[:-1], key[:-2]):
        if candidate in by_name:
            return by_name[candidate]
    return None


def disclosure(term: GlossaryTerm, written: str) -> str:
    """The term as written, a button that opens its definition in place (no script)."""
    pop = f"term-{term.slug}"
    return (
        f'<button type="button" class="term" popovertarget="{pop}">{written}</button>'
        f'<span class="term-pop" id="{pop}" popover data-pagefind-ignore="all">'
        f"<strong>{escape(term.term)}:</strong> {escape(term.definition)} "
        f'<a href="{URL}#{term.slug}">More in the glossary</a></span>'
    )


def mark(page: str, terms: tuple[GlossaryTerm, ...]) -> tuple[str, list[GlossaryTerm]]:
    """The answer's HTML with the first use of each term made a disclosure, and the terms
    used, in order of first use."""
    pattern, by_name = matcher(terms)
    if pattern is None:
        return page, []
    used: dict[str, GlossaryTerm] = {}
    out, depth, position = [], 0, 0

    def replace(match: re.Match) -> str:
        term = _term_of(match.group(0), by_name)
        if term is None or term.slug in used:
            return match.group(0)
        used[term.slug] = term
        return disclosure(term, match.group(0))

    for tag in _TAG.finditer(page):
        text = page[position : tag.start()]
        out.append(text if depth or not text.strip() else pattern.sub(replace, text))
        out.append(tag.group(0))
        if tag.group(2).lower() in SKIP:
            depth = max(0, depth + (-1 if tag.group(1) else 1))
        position = tag.end()
    tail = page[position:]
    out.append(tail if depth else pattern.sub(replace, tail))
    return "".join(out), list(used.values())


def marked_body(site: Site, q: Question) -> Markup:
    return Markup(mark(str(q.body.html), site.content.glossary)[0])


def usage(site: Site) -> dict[str, list[Question]]:
    """The answers using each term (by slug), by title."""
    out: dict[str, list[Question]] = {t.slug: [] for t in site.content.glossary}
    for q in sorted(site.questions, key=lambda q: (q.title.lower(), q.slug)):
        for term in mark(str(q.body.html), site.content.glossary)[1]:
            out[term.slug].append(q)
    return out


def _letter(term: GlossaryTerm) -> str:
    first = term.term[:1].upper()
    return first if first.isalpha() else "#"


def context(site: Site, crumbs: list[dict]) -> dict:
    config = site.content.site
    used = usage(site)
    groups: dict[str, list[dict]] = {}
    for t in site.content.glossary:
        groups.setdefault(_letter(t), []).append(
            {
                "term": t.term,
                "slug": t.slug,
                "definition": t.definition,
                "aliases": list(t.aliases),
                "source_title": t.source_title,
                "source_url": t.source_url,
                "answers": [{"title": q.title, "url": q.url} for q in used[t.slug]],
            }
        )
    base = config.base_url + URL
    return {
        "page_title": "Glossary: medical words in plain language",
        "description": (
            f"{len(site.content.glossary)} medical words used in the answers on "
            f"{config.title}, each explained in plain language, with its other names."
        ),
        "url": URL,
        "breadcrumbs": crumbs,
        "groups": [
            {"letter": letter, "id": f"letter-{letter.lower()}", "terms": items}
            for letter, items in groups.items()
        ],
        "json_ld_main": {
            "@context": "https://schema.org",
            "@type": "DefinedTermSet",
            "@id": base,
            "name": f"{config.title} glossary",
            "url": base,
            "inLanguage": config.language,
            "hasDefinedTerm": [
                {
                    "@type": "DefinedTerm",
                    "@id": f"{base}#{t.slug}",
                    "name": t.term,
                    "description": t.definition,
                    "url": f"{base}#{t.slug}",
                    "inDefinedTermSet": base,
                    **({"alternateName": list(t.aliases)} if t.aliases else {}),
                }
                for t in site.content.glossary
            ],
        },
    }
