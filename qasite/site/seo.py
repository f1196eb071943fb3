"""What search engines and feed readers read: page heads, sitemap.xml, robots.txt, Atom feeds.

Every value comes from the resolved `Site` and the context a page is rendered with; the layouts
only print it (the JSON-LD of a page comes from `jsonld`). Dates, never the clock, decide every
"modified" value, so the output is repeatable.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from ..content.errors import ContentError, Problem
from ..content.model import CancerType
from . import checklists, glossary, jsonld
from .resolve import Site

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITE_FEED = "/feed.xml"
FEED_ENTRIES = 50
NOINDEX = {"404.html", "search.html"}  # not pages to be found: kept out of sitemap too


def _abs(site: Site, url: str) -> str:
    return site.content.site.base_url + url


def type_feed(kind: CancerType) -> str:
    return f"{kind.url}feed.xml"


def head(site: Site, layout: str, ctx: dict) -> dict:
    """Everything of a page's <head> that search engines, social cards and feed readers read."""
    config = site.content.site
    indexed = layout not in NOINDEX
    url = _abs(site, ctx["url"])
    meta = [
        ("property", "og:type", "article" if layout == "question.html" else "website"),
        ("property", "og:site_name", config.title),
        ("property", "og:title", ctx["page_title"]),
        ("property", "og:description", ctx["description"]),
    ]
    if indexed:
        meta.append(("property", "og:url", url))
    q = ctx.get("question") if layout == "question.html" else None
    if q is not None:
        meta += [
            ("property", "article:published_time", q.date.isoformat()),
            ("property", "article:modified_time", (q.updated or q.date).isoformat()),
        ]
    meta += [
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", ctx["page_title"]),
        ("name", "twitter:description", ctx["description"]),
    ]
    feeds = [{"title": f"{config.title}: newest answers", "url": SITE_FEED}]
    kind = ctx.get("cancer_type") if layout in ("question.html", "cancer_type.html") else None
    if kind is not None:
        feeds.append({"title": f"{config.title}: {kind.name}", "url": type_feed(kind)})
    return {
        "title": title(site, ctx),
        "description": ctx["description"],
        "canonical": url if indexed else None,
        "robots": None if indexed else "noindex",
        "meta": meta,
        "feeds": feeds,
        "json_ld": [jsonld.json_ld(d) for d in jsonld.blocks(site, layout, ctx)] if indexed else [],
    }


def _source(layout: str, ctx: dict, key: str) -> tuple[str, int]:
    if layout == "question.html":
        q = ctx["question"]
        return q.path, q.lines.get(("summary" if key == "description" else "title",), 1)
    if layout == "page.html":
        return ctx["page"].path, 1
    return ctx["url"], 0


def title(site: Site, ctx: dict) -> str:
    """The <title> of a page: the site's name alone on the home page."""
    name = site.content.site.title
    return name if ctx["url"] == "/" else f"{ctx['page_title']} | {name}"


def check_unique(site: Site, pages: list[tuple[str, str, dict]]) -> None:
    """Every indexed page has its own title and description; raises `ContentError`. Reads
    only ``url``, ``page_title``, ``description`` (and ``question`` or ``page``) of each page."""
    problems = []
    for key in ("title", "description"):
        seen: dict[str, str] = {}
        for _, layout, ctx in pages:
            if layout in NOINDEX:
                continue
            value = title(site, ctx) if key == "title" else ctx["description"]
            if value in seen:
                where, line = _source(layout, ctx, key)
                problems.append(
                    Problem(
                        where,
                        line,
                        key,
                        f"the same as on {seen[value]}",
                        f"search engines need a distinct {key} for each page",
                    )
                )
            else:
                seen[value] = ctx["url"]
    if problems:
        raise ContentError(problems)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _latest(questions) -> dt.date | None:
    return max((q.modified for q in questions), default=None)


def sitemap(site: Site) -> bytes:
    """Every public page once, with the latest date its content carries (none for plain pages)."""
    content = site.content
    entries = [("/", _latest(site.questions)), ("/questions/", _latest(site.questions))]
    entries += [(q.url, q.modified) for q in sorted(site.questions, key=lambda q: q.slug)]
    entries += [
        (t.url, _latest(site.type_questions[t.slug]))
        for t in sorted(content.cancer_types.values(), key=lambda t: t.slug)
    ]
    by_slug = {q.slug: q for q in site.questions}
    entries += [(page.url, _latest(by_slug[s] for s in page.slugs)) for page in site.listings.pages]
    entries += [
        (checklists.url(t), _latest(site.type_questions[t.slug]))
        for t in sorted(checklists.kinds(site), key=lambda t: t.slug)
    ]
    if content.glossary:
        entries.append((glossary.URL, None))
    entries += [(p.url, None) for p in sorted(content.pages, key=lambda p: p.slug)]
    lines = [f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP}\">"]
    for url, lastmod in entries:  # the bytes ElementTree wrote, in half the time
        lastmod_line = f"\n    <lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"  <url>\n    <loc>{escape(_abs(site, url))}</loc>{lastmod_line}\n  </url>")
    return ("\n".join(lines) + "\n</urlset>\n").encode()


def robots(site: Site) -> bytes:
    return (
        f"User-agent: *\nDisallow: /pagefind/\n\nSitemap: {_abs(site, '/sitemap.xml')}\n"
    ).encode()


def feed(site: Site, path: str, title: str, page_url: str, questions) -> bytes:
    """An Atom feed of the newest ``FEED_ENTRIES`` of ``questions``, newest first, every address
    absolute (a feed announces what is new; the sitemap lists everything)."""
    config = site.content.site
    newest = sorted(questions, key=lambda q: (-q.date.toordinal(), q.slug))[:FEED_ENTRIES]
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": config.language})
    ET.SubElement(root, "id").text = _abs(site, path)
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "subtitle").text = config.description
    ET.SubElement(
        root, "link", {"rel": "self", "type": "application/atom+xml", "href": _abs(site, path)}
    )
    ET.SubElement(
        root, "link", {"rel": "alternate", "type": "text/html", "href": _abs(site, page_url)}
    )
    updated = _latest(questions) or _latest(site.questions) or dt.date(1970, 1, 1)
    ET.SubElement(root, "updated").text = _stamp(updated)
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = config.publisher.name
    ET.SubElement(author, "uri").text = config.publisher.url
    for q in newest:
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "id").text = _abs(site, q.url)
        ET.SubElement(entry, "title").text = q.title
        ET.SubElement(
            entry, "link", {"rel": "alternate", "type": "text/html", "href": _abs(site, q.url)}
        )
        ET.SubElement(entry, "published").text = _stamp(q.date)
        ET.SubElement(entry, "updated").text = _stamp(q.modified)
        if q.author:
            ET.SubElement(ET.SubElement(entry, "author"), "name").text = q.author
        kind = site.content.cancer_types[q.cancer_type]
        ET.SubElement(entry, "category", {"term": kind.slug, "label": kind.name})
        ET.SubElement(entry, "summary").text = q.summary or site.excerpts[q.slug]
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def files(site: Site) -> dict[str, bytes]:
    """sitemap.xml, robots.txt, the site's feed and one feed per cancer type."""
    title = site.content.site.title
    out = {
        "sitemap.xml": sitemap(site),
        "robots.txt": robots(site),
        SITE_FEED[1:]: feed(site, SITE_FEED, f"{title}: newest answers", "/", site.questions),
    }
    for kind in site.content.cancer_types.values():
        out[type_feed(kind)[1:]] = feed(
            site, type_feed(kind), f"{title}: {kind.name}", kind.url, site.type_questions[kind.slug]
        )
    return out
