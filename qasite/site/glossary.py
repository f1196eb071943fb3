"""The /glossary/ page: every term, its definition and source, and the answers that use it
(found once per answer content by `terms.used_terms`, kept on the site; the first
``SHOWN_ANSWERS`` by title, then a search for the term, so that the page does not grow with
the number of answers); and the answers'
HTML with the first use of each term explained in place (`terms.mark`)."""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup

from ..content.model import GlossaryTerm, Question
from .resolve import Site
from .terms import URL, mark

PATH = "glossary/index.html"
SHOWN_ANSWERS = 15  # per term: past that, a search for the term lists them all


def marked_body(site: Site, q: Question) -> Markup:
    return Markup(mark(str(q.body.html), site.content.glossary)[0])


def usage(site: Site) -> dict[str, list[Question]]:
    """The answers using each term (by slug), by title."""
    out: dict[str, list[Question]] = {t.slug: [] for t in site.content.glossary}
    for q in sorted(site.questions, key=lambda q: (q.title.lower(), q.slug)):
        for slug in site.terms_used[q.slug]:
            out[slug].append(q)
    return out


def page_key(site: Site) -> str:
    """What the page shows of the answers: the title and address of each that uses a term
    (the glossary itself and the site data are in every page's key)."""
    return repr([(slug, [(q.title, q.url) for q in qs]) for slug, qs in usage(site).items()])


def _letter(term: GlossaryTerm) -> str:
    first = term.term[:1].upper()
    return first if first.isalpha() else "#"


def summary(site: Site) -> dict:
    """The address, title and description of the page (all a page left as it was needs)."""
    return {
        "page_title": "Glossary: medical words in plain language",
        "description": (
            f"{len(site.content.glossary)} medical words used in the answers on "
            f"{site.content.site.title}, each explained in plain language, with its other names."
        ),
        "url": URL,
    }


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
                "answers": [{"title": q.title, "url": q.url} for q in used[t.slug][:SHOWN_ANSWERS]],
                "more": max(len(used[t.slug]) - SHOWN_ANSWERS, 0),
                "search_url": "/search/?" + urlencode({"q": t.term}),
            }
        )
    base = config.base_url + URL
    return {
        **summary(site),
        "breadcrumbs": crumbs,
        "groups": [
            {
                "letter": letter,
                "id": f"letter-{letter.lower()}",
                "href": f"#letter-{letter.lower()}",
                "current": False,
                "terms": items,
            }
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
