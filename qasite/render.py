"""Stage 3, render: the resolved site through the Jinja layouts to files (path -> bytes).

Every decision (which CTA, which related questions, which dates) is made here, in Python;
the layouts only display what they are given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import manifest, publish, seo
from .cache import generator_version
from .model import CancerType, Question
from .resolve import Site, excerpt

FINGERPRINTED = (".css", ".js")


def environment(layouts: Path) -> jinja2.Environment:
    """Autoescaped (all but the Markdown archetypes, which are not HTML), and strict: an unknown
    name in a layout fails the build. Made anew for each build, so a layout is read once, not
    checked on disk again at each of the thousands of includes (``auto_reload``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts),
        auto_reload=False,
        autoescape=jinja2.select_autoescape(disabled_extensions=("md",), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["human_date"] = human_date
    return env


def human_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def static_files(static: Path) -> dict[str, tuple[str, bytes]]:
    """Static files by name, each with its output path; CSS and JS names carry a content hash."""
    out = {}
    for path in sorted(p for p in static.rglob("*") if p.is_file()):
        name = path.relative_to(static).as_posix()
        data = path.read_bytes()
        target = name
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            target = name[: -len(path.suffix)] + f".{digest}{path.suffix}"
        out[name] = (f"static/{target}", data)
    return out


def _crumbs(site: Site, kind: CancerType | None, current: bool) -> list[dict]:
    trail = [{"name": "Home", "url": "/", "current": False}]
    if kind is not None:
        chain = [*site.ancestors[kind.slug], kind]
        trail += [{"name": t.name, "url": t.url, "current": False} for t in chain]
    trail[-1]["current"] = current
    return trail


def _question_card(site: Site, q: Question) -> dict:
    return {
        "title": q.title,
        "url": q.url,
        "excerpt": site.excerpts[q.slug],
        "type_name": site.content.cancer_types[q.cancer_type].name,
        "date": q.date,
    }


def question_context(site: Site, q: Question) -> dict:
    kind = site.content.cancer_types[q.cancer_type]
    reviewer = site.content.reviewers.get(q.reviewed_by) if q.reviewed_by else None
    return {
        "page_title": q.title,
        "description": q.summary or site.excerpts[q.slug],
        "url": q.url,
        "breadcrumbs": _crumbs(site, kind, current=False),
        "question": q,
        "cancer_type": kind,
        "reviewer": reviewer,
        "body": Markup(q.body.html),
        "sources": [
            {
                "title": s.title,
                "link": s.link,
                "publisher": s.publisher,
                "year": s.year,
                "doi": s.doi,
                "pmid": s.pmid,
            }
            for s in q.sources
        ],
        "services": site.services[kind.slug],
        "related": [_question_card(site, r) for r in site.related[q.slug]],
        "draft": q.draft,
        "facets": search_facets(site, q),
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
        "meta": {
            "cancer_type": kind.name,
            "date": human_date(q.date),
            "last_reviewed": human_date(q.last_reviewed) if q.last_reviewed else "",
        },
        "sort": {"date": q.date.isoformat()},
    }


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
        "questions": [_question_card(site, q) for q in site.type_questions[kind.slug]],
        "services": site.services[kind.slug],
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


def az_groups(questions) -> list[dict]:
    """Questions by the first letter of their title, letters in order."""
    groups: dict[str, list[Question]] = {}
    for q in sorted(questions, key=lambda q: (q.title.lower(), q.slug)):
        letter = q.title[:1].upper() if q.title[:1].isalpha() else "#"
        groups.setdefault(letter, []).append(q)
    return [
        {
            "letter": letter,
            "id": "letter-" + ("num" if letter == "#" else letter.lower()),
            "questions": items,
        }
        for letter, items in groups.items()
    ]


AZ = "questions/index.html"


def question_path(q: Question) -> str:
    return f"questions/{q.slug}/index.html"


def hub_path(kind: CancerType) -> str:
    return f"cancer-types/{kind.slug}/index.html"


def pages(site: Site, reused: frozenset[str] = frozenset()) -> list[tuple[str, str, dict]]:
    """Every page of the site: (output path, layout, context). A page in ``reused`` (unchanged
    since the last build) gets only what the site-wide checks read of it."""
    content = site.content
    home = {"page_title": content.site.title, "description": content.site.description, "url": "/"}
    if "index.html" not in reused:
        home.update(
            breadcrumbs=[],
            tree=_type_tree(site),
            newest=[_question_card(site, q) for q in site.newest],
            question_count=len(site.questions),
        )
    az = {
        "page_title": "All questions, A to Z",
        "url": "/questions/",
        "description": f"Every question answered on {content.site.title}, from A to Z.",
    }
    if AZ not in reused:
        az.update(
            breadcrumbs=_crumbs(site, None, current=False),
            groups=az_groups(site.questions),
            cards={q.slug: _question_card(site, q) for q in site.questions},
        )
    out = [("index.html", "home.html", home), (AZ, "questions.html", az)]
    out += [
        (
            question_path(q),
            "question.html",
            question_context(site, q)
            if question_path(q) not in reused
            else {
                "url": q.url,
                "page_title": q.title,
                "description": q.summary or site.excerpts[q.slug],
                "question": q,
            },
        )
        for q in site.questions
    ]
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


def layout_error(exc: jinja2.TemplateError) -> str:
    """``layouts/x.html:12: layout error: message``, the place read off the traceback."""
    place = ""
    if getattr(exc, "lineno", None):
        place = f"{exc.filename or exc.name}:{exc.lineno}: "
    else:
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith((".html", ".md")) and not name.endswith(".py"):
                place = f"{name}:{tb.tb_lineno}: "
            tb = tb.tb_next
    return f"{place}layout error: {exc.message}"


def page_keys(site: Site, layouts: Path) -> tuple[dict[str, str], str]:
    """A key per page: a digest of everything the page shows. A question page shows its own
    file and its related questions; a hub, the questions of its type; every page, the layouts,
    the site data and the plain pages' titles; home, the counts by type and the newest cards;
    A to Z, every card. The second value, a key of everything, is for any other page."""
    content = site.content
    base = manifest.digest(
        generator_version(),
        str(site.production),
        manifest.tree_digest(layouts),
        repr(content.site),
        repr(sorted(content.cancer_types.items())),
        repr(sorted(content.reviewers.items())),
        repr([(p.slug, p.title, p.description, p.body) for p in content.pages]),
    )
    everything = manifest.digest(base, *(q.digest for q in site.questions))
    counts = repr(sorted((t, len(qs)) for t, qs in site.type_questions.items()))
    cards = {q.slug: repr(_question_card(site, q)) for q in site.questions}
    keys = {
        "index.html": manifest.digest(
            base, counts, str(len(site.questions)), *(cards[q.slug] for q in site.newest)
        ),
        AZ: manifest.digest(base, *cards.values()),
        "404.html": manifest.digest(base, counts),
        "search/index.html": base,
        **{f"{p.slug}/index.html": base for p in content.pages},
    }
    keys |= {
        question_path(q): manifest.digest(base, q.digest, *(r.digest for r in site.related[q.slug]))
        for q in site.questions
    }
    keys.update(
        {
            f"cancer-types/{t}/index.html": manifest.digest(
                base, t, *(q.digest for q in site.type_questions[t])
            )
            for t in content.cancer_types
        }
    )
    return keys, everything


@dataclass(frozen=True)
class Rendering:
    """The files rendered now, the key of every page, and the pages left as they were."""

    files: dict[str, bytes]
    keys: dict[str, str]
    reused: frozenset[str]


def render(
    site: Site, layouts: Path, previous: manifest.Manifest | None = None, out: Path | None = None
) -> Rendering:
    """Every output file by its path inside the site folder, but for the pages whose key is the
    one they had in the ``previous`` build of ``out`` (still there): those are ``reused``."""
    env = environment(layouts)
    static = static_files(layouts / "static")
    env.globals.update(
        site=site.content.site,
        asset=lambda name: "/" + static[name][0],
        nav_pages=[{"title": p.title, "url": p.url} for p in site.content.pages],
        production=site.production,
    )
    keyed, everything = page_keys(site, layouts)
    old = previous.pages if previous and out else {}
    reused = frozenset(
        path
        for path, key in keyed.items()
        if path in old and old[path].key == key and (out / path).is_file()
    )
    listed = pages(site, reused)
    seo.check_unique(site, listed)
    files = {
        path: env.get_template(layout)
        .render(context, seo=seo.head(site, layout, context))
        .encode("utf-8")
        for path, layout, context in listed
        if path not in reused
    }
    keys = {path: keyed.get(path, everything) for path, _, _ in listed}
    files.update({target: data for target, data in static.values()})
    files.update(seo.files(site))
    files.update(publish.files(site, files.keys() | reused))
    return Rendering(files, keys, reused)
