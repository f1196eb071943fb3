"""What each page shows: its path, its layout and its context, every decision (which CTA,
which related questions, which dates, which cards) made here, in Python; the layouts only
display what they are given."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping

from markupsafe import Markup

from ..content import citations
from ..content.model import CancerType, Question
from ..editorial import provenance
from . import browse, checklists, glossary, reading, search_names, search_shards
from .browse import question_card
from .resolve import Site, excerpt


def human_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _crumbs(site: Site, kind: CancerType | None, current: bool) -> list[dict]:
    trail = [{"name": "Home", "url": "/", "current": False}]
    if kind is not None:
        chain = [*site.ancestors[kind.slug], kind]
        trail += [{"name": t.name, "url": t.url, "current": False} for t in chain]
    trail[-1]["current"] = current
    return trail


def question_context(site: Site, q: Question) -> dict:
    kind = site.content.cancer_types[q.cancer_type]
    reviewer = site.content.reviewers.get(q.reviewed_by) if q.reviewed_by else None
    body, used = glossary.mark(str(q.body.html), site.content.glossary)
    return {
        "page_title": q.title,
        "description": q.summary or site.excerpts[q.slug],
        "url": q.url,
        "breadcrumbs": _crumbs(site, kind, current=False),
        "question": q,
        "cancer_type": kind,
        "reviewer": reviewer,
        "body": Markup(body),
        "search_names": search_names.other_names(used),
        "sources": [
            {
                "title": s.title,
                "link": s.link,
                "publisher": s.publisher,
                "year": s.year,
                "doi": s.doi,
                "pmid": s.pmid,
                "id": f"source-{number}",
                "back": citations.anchor(number) if s.id and s.id in q.cited else None,
            }
            for number, s in enumerate(q.sources, 1)
        ],
        "review": review_context(site, q, reviewer),
        "services": site.services[kind.slug],
        "related": [question_card(site, r) for r in site.related[q.slug]],
        "draft": q.draft,
        "facets": search_facets(site, q),
        **reading.top(site.content.site, site.content.pages, q, reviewer),
        "checklist_url": checklists.url(kind),
        "modified": q.modified,
    }


def review_context(site: Site, q: Question, reviewer) -> dict | None:
    """The review line ("Page last reviewed: ... · Next review due: ..."), whether the
    answer is overdue for review (a notice on the page), and how it was made."""
    review = site.reviews.get(q.slug)
    if review is None:
        return None
    return {
        "last_reviewed": review.last_reviewed,
        "next_review": review.next_review,
        "overdue": review.overdue,
        "provenance": provenance.sentence(q, reviewer),
    }


def search_facets(site: Site, q: Question) -> dict:
    """What Pagefind files a question under: its type and every parent type (so a search
    filtered on "Breast cancer" finds HER2-low answers), its biomarkers and its topics."""
    kind = site.content.cancer_types[q.cancer_type]
    return {
        "filters": {
            "Cancer type": [t.name for t in (*site.ancestors[kind.slug], kind)],
            "Biomarker": list(q.biomarkers),
            "Topic": [tag.replace("-", " ").capitalize() for tag in q.tags],
        },
        # Pagefind searches metadata too: no dates here, so that "2026" matches no answer
        # for its date (the date sort below is not searched).
        "meta": {"cancer_type": kind.name},
        "sort": {"date": q.date.isoformat()},
    }


def search_shards_merged(site: Site) -> list[str]:
    """The search index's shards the search page merges with /pagefind/ (`search_shards`)."""
    urls = [q.url for q in site.questions]
    return search_shards.merged(urls, site.content.site.search.pages_per_shard)


def cancer_type_context(site: Site, kind: CancerType) -> dict:
    return {
        "page_title": kind.name,
        "description": kind.description,
        "url": kind.url,
        "search_filter": kind.name,
        "breadcrumbs": _crumbs(site, kind, current=True),
        "cancer_type": kind,
        "subtypes": [
            {"name": t.name, "url": t.url, "count": len(site.type_questions[t.slug])}
            for t in site.children[kind.slug]
        ],
        "first_page": True,
        "range": "",
        "services": site.services[kind.slug],
        "checklist_url": checklists.url(kind),
        **browse.hub_listing(site, kind, site.listings.hubs[kind.slug].pages[0]),
    }


def _type_tree(site: Site, parent: str = "") -> list[dict]:
    return [
        {
            "name": t.name,
            "url": t.url,
            "count": len(site.type_questions[t.slug]),
            "children": _type_tree(site, t.slug),
        }
        for t in site.children[parent]
    ]


# Words in a search result's excerpt: two or three lines on a phone, one or two on a desktop.
SEARCH_EXCERPT_WORDS = 16


def question_path(q: Question) -> str:
    return f"questions/{q.slug}/index.html"


def hub_path(kind: CancerType) -> str:
    return f"cancer-types/{kind.slug}/index.html"


class Later(Mapping):
    """An answer's context, made when its page is rendered and let go with it (`made`): what
    the site-wide checks read (url, title, description, question) is there from the start, so
    that a build never holds every answer's context, marked HTML included, at once."""

    __slots__ = ("_light", "_make")

    def __init__(self, light: dict, make):
        self._light, self._make = light, make

    def __getitem__(self, key):
        return self._light[key] if key in self._light else self._make()[key]

    def __iter__(self):
        return iter(self._make())

    def __len__(self) -> int:
        return len(self._make())


def made(context: Mapping) -> Mapping:
    """The whole context of a page (a `Later` one made now)."""
    return context._make() if isinstance(context, Later) else context


def pages(site: Site, reused: frozenset[str] = frozenset()) -> list[tuple[str, str, dict]]:
    """Every page of the site: (output path, layout, context). A page in ``reused`` (unchanged
    since the last build) gets only what the site-wide checks read of it; an answer's whole
    context is made when its page is rendered (`Later`, `made`)."""
    content = site.content
    home = {"page_title": content.site.title, "description": content.site.description, "url": "/"}
    if "index.html" not in reused:
        home.update(
            breadcrumbs=[],
            tree=_type_tree(site),
            newest=[question_card(site, q) for q in site.newest],
            question_count=len(site.questions),
        )
    out = [("index.html", "home.html", home)]
    out += browse.az_pages(site, _crumbs(site, None, current=False))
    for q in site.questions:
        path, light = (
            question_path(q),
            {
                "url": q.url,
                "page_title": q.title,
                "description": q.summary or site.excerpts[q.slug],
                "question": q,
            },
        )
        later = (
            light if path in reused else Later(light, functools.partial(question_context, site, q))
        )
        out.append((path, "question.html", later))
    out += [
        (
            hub_path(t),
            "cancer_type.html",
            cancer_type_context(site, t)
            if hub_path(t) not in reused
            else {"url": t.url, "page_title": t.name, "description": t.description},
        )
        for t in content.cancer_types.values()
    ]
    for t in content.cancer_types.values():
        out += browse.hub_more_pages(site, t, _crumbs(site, t, current=False))
    if content.glossary:
        out.append(
            (
                glossary.PATH,
                "glossary.html",
                glossary.context(site, _crumbs(site, None, False))
                if glossary.PATH not in reused
                else glossary.summary(site),
            )
        )
    out += [
        (checklists.path(t), "checklist.html", checklists.context(site, t, _crumbs(site, t, False)))
        for t in checklists.kinds(site)
    ]
    out += [
        (
            f"{p.slug}/index.html",
            "page.html",
            {
                "page_title": p.title,
                "description": p.description
                or excerpt(p.body.first_paragraph)
                or content.site.description,
                "url": p.url,
                "breadcrumbs": _crumbs(site, None, current=False),
                "page": p,
                "body": Markup(p.body.html),
            },
        )
        for p in content.pages
    ]
    out.append(
        (
            "search/index.html",
            "search.html",
            {
                "page_title": "Search",
                "url": "/search/",
                "description": f"Search the answers on {content.site.title}.",
                "breadcrumbs": _crumbs(site, None, current=False),
                "tree": _type_tree(site),
                "names_url": search_names.URL if content.glossary else "",
                "search_excerpt_words": SEARCH_EXCERPT_WORDS,
                "shards": search_shards_merged(site),
            },
        )
    )
    out.append(
        (
            "404.html",
            "404.html",
            {
                "page_title": "Page not found",
                "description": content.site.description,
                "url": "/404.html",
                "breadcrumbs": [],
                "tree": _type_tree(site),
            },
        )
    )
    return out
