"""Stage 2, resolve links between pages: the type tree, related questions (`related`),
excerpts, aliases."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from .. import editorial
from ..content.errors import Problem, did_you_mean, raise_if
from ..content.model import CancerType, Content, Question, Service
from ..editorial.review import Review
from . import asked, listing, related, terms

EXCERPT_CHARS = 160
NEWEST_COUNT = 8


@dataclass(frozen=True)
class Site:
    """The content with every relation between pages worked out, ready to render."""

    content: Content
    questions: tuple[Question, ...]  # published ones, by slug
    ancestors: dict[str, tuple[CancerType, ...]]  # root first, the type itself excluded
    children: dict[str, tuple[CancerType, ...]]  # by name
    type_questions: dict[str, tuple[Question, ...]]  # the type's and its subtypes', by title
    services: dict[str, tuple[Service, ...]]  # own, else the nearest ancestor's
    related: dict[str, tuple[Question, ...]]
    excerpts: dict[str, str]
    newest: tuple[Question, ...]
    redirects: tuple[tuple[str, str], ...]  # (alias, target URL), by alias
    warnings: tuple[Problem, ...]
    production: bool
    reviews: dict[str, Review] = field(default_factory=dict)  # by slug, on the build's day
    terms_used: dict[str, tuple[str, ...]] = field(default_factory=dict)  # glossary slugs, by slug
    listings: listing.Listings | None = None  # the A to Z and the hubs, split into pages
    asks: dict[str, tuple[str, ...]] = field(default_factory=dict)  # questions to ask, by slug

    @property
    def roots(self) -> tuple[CancerType, ...]:
        return self.children[""]

    @functools.cached_property
    def by_slug(self) -> dict[str, Question]:
        """The published questions by slug (made once, on first use)."""
        return {q.slug: q for q in self.questions}


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """Plain text cut at a word boundary near ``limit`` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-–—") + "…"


def _tree(types: dict[str, CancerType]):
    children: dict[str, list[CancerType]] = defaultdict(list)
    for t in types.values():
        children[t.parent or ""].append(t)
    ancestors = {}
    for t in types.values():
        chain, current = [], t.parent
        while current:
            chain.append(types[current])
            current = types[current].parent
        ancestors[t.slug] = tuple(reversed(chain))
    ordered = {
        slug: tuple(sorted(kids, key=lambda t: (t.name.lower(), t.slug)))
        for slug, kids in children.items()
    }
    return ancestors, {slug: ordered.get(slug, ()) for slug in ["", *types]}


def _services(types, ancestors) -> dict[str, tuple[Service, ...]]:
    out = {}
    for t in types.values():
        chain = [t, *reversed(ancestors[t.slug])]
        out[t.slug] = next((c.services for c in chain if c.services), ())
    return out


def _check_links(content: Content) -> list[Problem]:
    problems = []
    slugs = {q.slug for q in content.questions}
    for q in content.questions:
        for index, name in enumerate(q.related):
            if name not in slugs:
                problems.append(
                    Problem(
                        q.path,
                        q.lines.get(("related", index), 1),
                        "related",
                        f"no question '{name}'",
                        did_you_mean(name, slugs),
                    )
                )
    return problems


def _reserved(content: Content) -> list[Problem]:
    """A question may not take the address of a letter of the A to Z (/questions/letter-c/)."""
    return [
        Problem(
            q.path,
            1,
            "slug",
            f"'{q.slug}' is the address of a letter of the A to Z list (/questions/{q.slug}/)",
            "rename the file after the question's words",
        )
        for q in content.questions
        if q.slug in listing.RESERVED_SLUGS
    ]


def _redirects(
    content: Content, published: set[str], pages: set[str] = frozenset()
) -> tuple[list[tuple[str, str]], list[Problem]]:
    urls = {"/", "/questions/", "/search/", "/404.html", *pages}
    urls |= {q.url for q in content.questions} | {p.url for p in content.pages}
    urls |= {t.url for t in content.cancer_types.values()}
    seen: dict[str, Question] = {}
    problems, redirects = [], []
    for q in content.questions:
        for index, alias in enumerate(q.aliases):
            line = q.lines.get(("aliases", index), 1)
            key = alias.rstrip("/") + "/"
            if alias in urls or key in urls:
                problems.append(
                    Problem(
                        q.path,
                        line,
                        "aliases",
                        f"'{alias}' is a page's address",
                        "an alias must be an old address that no page uses",
                    )
                )
            elif key in seen:
                problems.append(
                    Problem(
                        q.path,
                        line,
                        "aliases",
                        f"'{alias}' is already an alias",
                        f"of {seen[key].path}",
                    )
                )
            else:
                seen[key] = q
                if q.slug in published:
                    redirects.append((alias, q.url))
    return sorted(redirects), problems


def _warnings(questions: tuple[Question, ...]) -> list[Problem]:
    linked = {name for q in questions for name in q.related}
    linked |= {
        link.split("/")[2]
        for q in questions
        for link in q.body.links
        if link.startswith("/questions/") and link.count("/") >= 3
    }
    return [
        Problem(
            q.path,
            1,
            "related",
            "no other question links to this one",
            "name it in the related list of a question on a near topic",
            warning=True,
        )
        for q in questions
        if q.slug not in linked
    ]


def resolve(
    content: Content, production: bool = True, memo=None, today: dt.date | None = None
) -> Site:
    """Work out every relation; raises `ContentError` for a link to a missing page or an
    answer the editorial rules stop on ``today`` (default: `editorial.review.today()`).
    ``memo`` (a `cache.Cache`) remembers the related questions of unchanged inputs and the
    glossary terms and questions to ask of unchanged answers."""
    questions = tuple(q for q in content.questions if not (production and q.draft))
    ancestors, children = _tree(content.cancer_types)
    by_type: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        for t in (*ancestors[q.cancer_type], content.cancer_types[q.cancer_type]):
            by_type[t.slug].append(q)
    type_questions = {
        slug: tuple(sorted(by_type[slug], key=lambda q: (q.title.lower(), q.slug)))
        for slug in content.cancer_types
    }
    excerpts = {q.slug: excerpt(q.summary or q.body.first_paragraph) for q in questions}
    listings = listing.plan(
        questions,
        type_questions,
        content.cancer_types,
        children,
        content.glossary,
        excerpts,
        content.site.base_url,
        content.site.listing.page_kb,
    )
    redirects, problems = _redirects(content, {q.slug for q in questions}, listings.urls)
    problems += _reserved(content) + _check_links(content)
    reviews, found = editorial.site(
        content, questions, today or editorial.review.today(), production
    )
    problems += found
    raise_if(problems)
    newest = tuple(sorted(questions, key=lambda q: (-q.date.toordinal(), q.slug))[:NEWEST_COUNT])
    return Site(
        content=content,
        questions=questions,
        ancestors=ancestors,
        children=children,
        type_questions=type_questions,
        services=_services(content.cancer_types, ancestors),
        related=related.related_questions(questions, content.cancer_types, children, memo),
        excerpts=excerpts,
        newest=newest,
        redirects=tuple(redirects),
        warnings=(
            *content.warnings,
            *_warnings(questions),
            *(p for p in problems if p.warning),
        ),
        production=production,
        reviews=reviews,
        terms_used=terms.used_terms(questions, content.glossary, memo),
        listings=listings,
        asks=asked.asked(questions, memo),
    )
