"""What the listing pages show: the A to Z list (/questions/ and each letter's pages) and the
cancer type hubs' questions by topic, from the pages `listing.plan` laid out; the pager of
each list (previous, next, and a window of page numbers, so that it stays short at any size).
"""

from __future__ import annotations

from ..content.model import CancerType, Question
from .listing import AZ_URL, Listing, Page
from .resolve import Site

AZ = "questions/index.html"
PAGER_WINDOW = 2  # page numbers shown on either side of the current one


def question_card(site: Site, q: Question) -> dict:
    return {
        "title": q.title,
        "url": q.url,
        "excerpt": site.excerpts[q.slug],
        "type_name": site.content.cancer_types[q.cancer_type].name,
        "date": q.date,
    }


def _by_slug(site: Site) -> dict[str, Question]:
    return site.by_slug


def pager(listing: Listing, page: Page) -> dict | None:
    """Links to the previous and next pages and to a few page numbers around this one (the
    first and last always), None for a list of one page."""
    count = len(listing.pages)
    if count == 1:
        return None
    shown = {1, count, *range(page.number - PAGER_WINDOW, page.number + PAGER_WINDOW + 1)}
    links, last = [], 0
    for number in sorted(n for n in shown if 1 <= n <= count):
        if number > last + 1:
            links.append({"gap": True})
        links.append(
            {
                "gap": False,
                "number": number,
                "url": listing.pages[number - 1].url,
                "current": number == page.number,
            }
        )
        last = number
    return {
        "number": page.number,
        "count": count,
        "previous": listing.pages[page.number - 2].url if page.number > 1 else None,
        "next": listing.pages[page.number].url if page.number < count else None,
        "links": links,
    }


def _sections(site: Site, page: Page, questions: dict[str, Question]) -> list[dict]:
    return [
        {
            "title": section.title,
            "id": section.id,
            "continued": section.continued,
            "cards": [question_card(site, questions[slug]) for slug in section.slugs],
        }
        for section in page.sections
    ]


def _listed(listing: Listing, page: Page, questions: dict[str, Question]) -> dict:
    """The questions of the page for its JSON-LD ItemList: position in the whole list."""
    before = sum(len(p.slugs) for p in listing.pages[: page.number - 1])
    return {
        "listed_count": listing.count,
        "listed": [
            {"position": before + i, "title": questions[s].title, "url": questions[s].url}
            for i, s in enumerate(page.slugs, 1)
        ],
    }


def _jumps(listing: Listing) -> list[dict]:
    return [{"title": j.title, "href": j.href, "count": j.count} for j in listing.jumps]


def _letters(site: Site, current: str = "") -> list[dict]:
    """The A to Z jump links (`partials/letters.html`): to a section, or to a letter's pages."""
    listings = site.listings
    return [
        {
            "letter": x.title,
            "id": x.key,
            "href": x.url if listings.az_paged else f"#{x.key}",
            "current": x.key == current,
        }
        for x in listings.letters
    ]


def az_pages(site: Site, home_crumb: list[dict]) -> list[tuple[str, str, dict]]:
    """/questions/ (the whole list, or the letters and their subjects) and each letter's pages."""
    listings, questions = site.listings, _by_slug(site)
    title = site.content.site.title
    index = {
        "page_title": "All questions, A to Z",
        "url": AZ_URL,
        "description": f"Every question answered on {title}, from A to Z by subject.",
        "breadcrumbs": home_crumb,
        "letters": _letters(site),
        "paged": listings.az_paged,
        "groups": [
            {
                "letter": x.title,
                "id": x.key,
                "url": x.url,
                "count": x.count,
                "subjects": _jumps(x) if listings.az_index_jumps else [],
                "sections": [] if listings.az_paged else _sections(site, x.pages[0], questions),
            }
            for x in listings.letters
        ],
        "listed_count": len(site.questions),
        "listed": []
        if listings.az_paged
        else [
            {"position": i, "title": questions[s].title, "url": questions[s].url}
            for i, s in enumerate((s for x in listings.letters for s in x.pages[0].slugs), 1)
        ],
    }
    out = [(AZ, "questions.html", index)]
    if not listings.az_paged:
        return out
    for x in listings.letters:
        for page in x.pages:
            of = f", page {page.number} of {len(x.pages)}" if len(x.pages) > 1 else ""
            first, last = page.sections[0].title, page.sections[-1].title
            crumbs = [
                *home_crumb,
                {"name": "All questions, A to Z", "url": AZ_URL, "current": False},
                {"name": x.title, "url": x.url, "current": page.number == 1},
            ]
            if page.number > 1:
                crumbs.append({"name": f"Page {page.number}", "url": page.url, "current": True})
            context = {
                "page_title": f"All questions, A to Z: {x.title}{of}",
                "url": page.url,
                "description": (
                    f"Questions answered on {title} by subject, {first} to {last} "
                    f"(letter {x.title}{of})."
                ),
                "breadcrumbs": crumbs,
                "letters": _letters(site, x.key),
                "letter": x.title,
                "range": f"{first} to {last}" if first != last else first,
                "subjects": _jumps(x),
                "sections": _sections(site, page, questions),
                "pager": pager(x, page),
                **_listed(x, page, questions),
            }
            out.append((page.path, "letter.html", context))
    return out


def hub_listing(site: Site, kind: CancerType, page: Page) -> dict:
    """The questions part of a hub's page: its topics, sections, pager and JSON-LD list."""
    listing = site.listings.hubs[kind.slug]
    questions = _by_slug(site)
    return {
        "topics": _jumps(listing) if len(listing.jumps) > 1 else [],
        "sections": _sections(site, page, questions),
        "pager": pager(listing, page),
        **_listed(listing, page, questions),
    }


def hub_more_pages(site: Site, kind: CancerType, crumbs: list[dict]) -> list[tuple[str, str, dict]]:
    """A hub's pages after its first: the questions only, under the same heading."""
    listing = site.listings.hubs[kind.slug]
    out = []
    for page in listing.pages[1:]:
        of = f"page {page.number} of {len(listing.pages)}"
        first, last = page.sections[0].title, page.sections[-1].title
        topics = f"{first} to {last}" if first != last else first
        context = {
            "page_title": f"{kind.name}: questions, {of}",
            "description": f"Questions about {kind.in_sentence} by topic, {of}: {topics}.",
            "url": page.url,
            "search_filter": kind.name,
            "breadcrumbs": [
                *crumbs,
                {"name": f"Page {page.number}", "url": page.url, "current": True},
            ],
            "cancer_type": kind,
            "first_page": False,
            "subtypes": [],
            "services": (),
            "checklist_url": None,
            "range": topics,
            **hub_listing(site, kind, page),
        }
        out.append((page.path, "cancer_type.html", context))
    return out
