"""What search engines and feed readers read: page heads, JSON-LD, sitemap, robots.txt, feeds.

Every value comes from the resolved `Site` and the context a page is rendered with; the layouts
only print it. Dates, never the clock, decide every "modified" value, so output is repeatable.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from markupsafe import Markup

from .errors import ContentError, Problem
from .model import CancerType, Question, Reviewer
from .resolve import Site

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITE_FEED = "/feed.xml"
NOINDEX = {"404.html", "search.html"}  # not pages to be found: kept out of sitemap too
LD_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def type_feed(kind: CancerType) -> str:
    return f"{kind.url}feed.xml"


def json_ld(data: dict) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: no ``</script>`` can end it early."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.translate(LD_ESCAPES))


def _abs(site: Site, url: str) -> str:
    return site.content.site.base_url + url


def _org(name: str, url: str | None = None, description: str | None = None) -> dict:
    return {"@type": "Organization", "name": name,
            **({"url": url} if url else {}), **({"description": description} if description else {})}


def _reviewer(r: Reviewer) -> dict:
    if r.kind == "organization":
        return _org(r.name, description=r.credentials)
    return {"@type": "Person", "name": r.name, "hasCredential": {
        "@type": "EducationalOccupationalCredential", "name": r.credentials}}


def _author(site: Site, name: str) -> dict:
    """An organisation when the name is the publisher's or an organisation reviewer's."""
    orgs = {r.name for r in site.content.reviewers.values() if r.kind == "organization"}
    if name in orgs | {site.content.site.publisher.name}:
        return _org(name)
    return {"@type": "Person", "name": name}


def _citation(source) -> dict:
    ids = [{"@type": "PropertyValue", "propertyID": kind, "value": value}
           for kind, value in (("DOI", source.doi), ("PMID", source.pmid)) if value]
    out = {"@type": "ScholarlyArticle" if ids else "CreativeWork", "name": source.title,
           "url": source.link}
    if ids:
        out["identifier"] = ids
    if source.publisher:
        out["publisher"] = _org(source.publisher)
    if source.year:
        out["datePublished"] = str(source.year)
    return out


def _common(site: Site, ctx: dict, kind: str) -> dict:
    config = site.content.site
    return {"@context": "https://schema.org", "@type": kind, "name": ctx["page_title"],
            "description": ctx["description"], "url": _abs(site, ctx["url"]),
            "inLanguage": config.language,
            "isPartOf": {"@type": "WebSite", "name": config.title, "url": _abs(site, "/")},
            "publisher": _org(config.publisher.name, config.publisher.url)}


def question_ld(site: Site, q: Question, ctx: dict) -> dict:
    """A schema.org MedicalWebPage: dates, review, condition, audience, sources, publisher."""
    out = _common(site, ctx, "MedicalWebPage")
    out["headline"] = q.title
    out["datePublished"] = q.date.isoformat()
    out["dateModified"] = (q.updated or q.date).isoformat()
    if q.last_reviewed:
        out["lastReviewed"] = q.last_reviewed.isoformat()
    if q.reviewed_by:
        out["reviewedBy"] = _reviewer(site.content.reviewers[q.reviewed_by])
    if q.author:
        out["author"] = _author(site, q.author)
    out["about"] = {"@type": "MedicalCondition",
                    "name": site.content.cancer_types[q.cancer_type].name}
    out["audience"] = {"@type": "MedicalAudience", "audienceType": "Patient"}
    out["specialty"] = "https://schema.org/Oncologic"
    if q.tags or q.biomarkers:
        out["keywords"] = ", ".join([*q.biomarkers, *(t.replace("-", " ") for t in q.tags)])
    out["citation"] = [_citation(s) for s in q.sources]
    return out


def collection_ld(site: Site, ctx: dict, questions, kind: CancerType | None) -> dict:
    """A CollectionPage listing its questions; a hub's is about its cancer type."""
    out = _common(site, ctx, "CollectionPage")
    if kind is not None:
        out["about"] = {"@type": "MedicalCondition", "name": kind.name}
    out["mainEntity"] = {"@type": "ItemList", "numberOfItems": len(questions), "itemListElement": [
        {"@type": "ListItem", "position": i, "url": _abs(site, q.url), "name": q.title}
        for i, q in enumerate(questions, 1)]}
    return out


def website_ld(site: Site) -> dict:
    config = site.content.site
    return {"@context": "https://schema.org", "@type": "WebSite", "name": config.title,
            "description": config.description, "url": _abs(site, "/"),
            "inLanguage": config.language,
            "publisher": _org(config.publisher.name, config.publisher.url),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint",
                           "urlTemplate": _abs(site, "/search/?q={search_term_string}")},
                "query-input": "required name=search_term_string"}}


def breadcrumb_ld(site: Site, crumbs: list[dict]) -> dict | None:
    """The visible breadcrumb trail, when it has more than the home page."""
    if len(crumbs) < 2:
        return None
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": c["name"], "item": _abs(site, c["url"])}
        for i, c in enumerate(crumbs, 1)]}


def _structured(site: Site, layout: str, ctx: dict) -> list[dict]:
    if layout == "question.html":
        main = question_ld(site, ctx["question"], ctx)
    elif layout == "cancer_type.html":
        kind = ctx["cancer_type"]
        main = collection_ld(site, ctx, site.type_questions[kind.slug], kind)
    elif layout == "questions.html":
        main = collection_ld(site, ctx, sorted(site.questions, key=lambda q: (q.title.lower(),
                                                                             q.slug)), None)
    elif layout == "home.html":
        main = website_ld(site)
    elif layout in NOINDEX:
        return []
    else:
        main = _common(site, ctx, "WebPage")
    return [d for d in (main, breadcrumb_ld(site, ctx.get("breadcrumbs", []))) if d]


def head(site: Site, layout: str, ctx: dict) -> dict:
    """Everything of a page's <head> that search engines, social cards and feed readers read."""
    config = site.content.site
    indexed = layout not in NOINDEX
    url = _abs(site, ctx["url"])
    meta = [("property", "og:type", "article" if layout == "question.html" else "website"),
            ("property", "og:site_name", config.title),
            ("property", "og:title", ctx["page_title"]),
            ("property", "og:description", ctx["description"])]
    if indexed:
        meta.append(("property", "og:url", url))
    q = ctx.get("question") if layout == "question.html" else None
    if q is not None:
        meta += [("property", "article:published_time", q.date.isoformat()),
                 ("property", "article:modified_time", (q.updated or q.date).isoformat())]
    meta += [("name", "twitter:card", "summary"), ("name", "twitter:title", ctx["page_title"]),
             ("name", "twitter:description", ctx["description"])]
    feeds = [{"title": f"{config.title}: newest answers", "url": SITE_FEED}]
    kind = ctx.get("cancer_type") if layout in ("question.html", "cancer_type.html") else None
    if kind is not None:
        feeds.append({"title": f"{config.title}: {kind.name}", "url": type_feed(kind)})
    return {
        "title": config.title if ctx["url"] == "/" else f"{ctx['page_title']} | {config.title}",
        "description": ctx["description"], "canonical": url if indexed else None,
        "robots": None if indexed else "noindex", "meta": meta, "feeds": feeds,
        "json_ld": [json_ld(d) for d in _structured(site, layout, ctx)],
    }


def _source(site: Site, layout: str, ctx: dict, key: str) -> tuple[str, int]:
    if layout == "question.html":
        q = ctx["question"]
        return q.path, q.lines.get(("summary" if key == "description" else "title",), 1)
    if layout == "page.html":
        return ctx["page"].path, 1
    return ctx["url"], 0


def check_unique(site: Site, pages: list[tuple[str, str, dict]], heads: dict) -> None:
    """Every indexed page has its own title and description; raises `ContentError`."""
    problems = []
    for key in ("title", "description"):
        seen: dict[str, str] = {}
        for path, layout, ctx in pages:
            if layout in NOINDEX:
                continue
            value = heads[path][key]
            if value in seen:
                where, line = _source(site, layout, ctx, key)
                problems.append(Problem(where, line, key, f"the same as on {seen[value]}",
                                        f"search engines need a distinct {key} for each page"))
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
    entries += [(t.url, _latest(site.type_questions[t.slug]))
                for t in sorted(content.cancer_types.values(), key=lambda t: t.slug)]
    entries += [(p.url, None) for p in sorted(content.pages, key=lambda p: p.slug)]
    root = ET.Element("urlset", {"xmlns": SITEMAP})
    for url, lastmod in entries:
        item = ET.SubElement(root, "url")
        ET.SubElement(item, "loc").text = _abs(site, url)
        if lastmod:
            ET.SubElement(item, "lastmod").text = lastmod.isoformat()
    return _xml(root)


def robots(site: Site) -> bytes:
    return (f"User-agent: *\nDisallow: /pagefind/\n\n"
            f"Sitemap: {_abs(site, '/sitemap.xml')}\n").encode()


def feed(site: Site, path: str, title: str, page_url: str, questions) -> bytes:
    """An Atom feed of ``questions``, newest first, every address absolute."""
    config = site.content.site
    newest = sorted(questions, key=lambda q: (-q.date.toordinal(), q.slug))
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": config.language})
    ET.SubElement(root, "id").text = _abs(site, path)
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "subtitle").text = config.description
    ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                 "href": _abs(site, path)})
    ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                 "href": _abs(site, page_url)})
    updated = _latest(questions) or _latest(site.questions) or dt.date(1970, 1, 1)
    ET.SubElement(root, "updated").text = _stamp(updated)
    author = ET.SubElement(root, "author")
    ET.SubElement(author, "name").text = config.publisher.name
    ET.SubElement(author, "uri").text = config.publisher.url
    for q in newest:
        entry = ET.SubElement(root, "entry")
        ET.SubElement(entry, "id").text = _abs(site, q.url)
        ET.SubElement(entry, "title").text = q.title
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                      "href": _abs(site, q.url)})
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
    out = {"sitemap.xml": sitemap(site), "robots.txt": robots(site),
           SITE_FEED[1:]: feed(site, SITE_FEED, f"{title}: newest answers", "/", site.questions)}
    for kind in site.content.cancer_types.values():
        out[type_feed(kind)[1:]] = feed(site, type_feed(kind), f"{title}: {kind.name}", kind.url,
                                        site.type_questions[kind.slug])
    return out
