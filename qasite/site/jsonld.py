"""JSON-LD for search engines: schema.org descriptions of the pages, from the resolved `Site`.

A question page is a `MedicalWebPage` (dates, review, condition, audience, sources, publisher),
a hub or the A-Z list a `CollectionPage`, the home page a `WebSite` with a `SearchAction`; each
page with a breadcrumb trail also carries the matching `BreadcrumbList`.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..content.model import CancerType, Question, Reviewer
from .resolve import Site

LD_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _abs(site: Site, url: str) -> str:
    return site.content.site.base_url + url


def json_ld(data: dict) -> Markup:
    """JSON for a ``<script type="application/ld+json">``: no ``</script>`` can end it early."""
    text = json.dumps(data, ensure_ascii=False)
    return Markup(text.translate(LD_ESCAPES))


def _org(name: str, url: str | None = None, description: str | None = None) -> dict:
    return {
        "@type": "Organization",
        "name": name,
        **({"url": url} if url else {}),
        **({"description": description} if description else {}),
    }


def _reviewer(r: Reviewer) -> dict:
    if r.kind == "organization":
        return _org(r.name, description=r.credentials)
    return {
        "@type": "Person",
        "name": r.name,
        "hasCredential": {"@type": "EducationalOccupationalCredential", "name": r.credentials},
    }


def _author(site: Site, name: str) -> dict:
    """An organisation when the name is the publisher's or an organisation reviewer's."""
    orgs = {r.name for r in site.content.reviewers.values() if r.kind == "organization"}
    if name in orgs | {site.content.site.publisher.name}:
        return _org(name)
    return {"@type": "Person", "name": name}


def _citation(source) -> dict:
    ids = [
        {"@type": "PropertyValue", "propertyID": kind, "value": value}
        for kind, value in (("DOI", source.doi), ("PMID", source.pmid))
        if value
    ]
    out = {
        "@type": "ScholarlyArticle" if ids else "CreativeWork",
        "name": source.title,
        "url": source.link,
    }
    if ids:
        out["identifier"] = ids
    if source.publisher:
        out["publisher"] = _org(source.publisher)
    if source.year:
        out["datePublished"] = str(source.year)
    return out


def _common(site: Site, ctx: dict, kind: str) -> dict:
    config = site.content.site
    return {
        "@context": "https://schema.org",
        "@type": kind,
        "name": ctx["page_title"],
        "description": ctx["description"],
        "url": _abs(site, ctx["url"]),
        "inLanguage": config.language,
        "isPartOf": {"@type": "WebSite", "name": config.title, "url": _abs(site, "/")},
        "publisher": _org(config.publisher.name, config.publisher.url),
    }


def question_ld(site: Site, q: Question, ctx: dict) -> dict:
    """A schema.org MedicalWebPage: dates, review, condition, audience, sources, publisher."""
    out = _common(site, ctx, "MedicalWebPage")
    out["headline"] = q.title
    out["datePublished"] = q.date.isoformat()
    out["dateModified"] = (q.updated or q.date).isoformat()
    if q.last_reviewed:
        out["lastReviewed"] = q.last_reviewed.isoformat()
    reviewer = site.content.reviewers.get(q.reviewed_by) if q.reviewed_by else None
    if reviewer is not None and reviewer.clinical:  # a source check is not a medical review
        out["reviewedBy"] = _reviewer(reviewer)
    if q.author:
        out["author"] = _author(site, q.author)
    out["about"] = {
        "@type": "MedicalCondition",
        "name": site.content.cancer_types[q.cancer_type].name,
    }
    out["audience"] = {"@type": "MedicalAudience", "audienceType": "Patient"}
    out["specialty"] = "https://schema.org/Oncologic"
    if q.tags or q.biomarkers:
        out["keywords"] = ", ".join([*q.biomarkers, *(t.replace("-", " ") for t in q.tags)])
    out["citation"] = [_citation(s) for s in q.sources]
    return out


def collection_ld(site: Site, ctx: dict, kind: CancerType | None) -> dict:
    """A CollectionPage listing the questions shown on it (``listed``: their positions in the
    whole list, of ``listed_count``); a hub's is about its cancer type."""
    out = _common(site, ctx, "CollectionPage")
    if kind is not None:
        out["about"] = {"@type": "MedicalCondition", "name": kind.name}
    if ctx["listed"]:
        out["mainEntity"] = {
            "@type": "ItemList",
            "numberOfItems": ctx["listed_count"],
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": item["position"],
                    "url": _abs(site, item["url"]),
                    "name": item["title"],
                }
                for item in ctx["listed"]
            ],
        }
    return out


def website_ld(site: Site) -> dict:
    config = site.content.site
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "description": config.description,
        "url": _abs(site, "/"),
        "inLanguage": config.language,
        "publisher": _org(config.publisher.name, config.publisher.url),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": _abs(site, "/search/?q={search_term_string}"),
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_ld(site: Site, crumbs: list[dict]) -> dict | None:
    """The visible breadcrumb trail, when it has more than the home page."""
    if len(crumbs) < 2:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": c["name"], "item": _abs(site, c["url"])}
            for i, c in enumerate(crumbs, 1)
        ],
    }


def blocks(site: Site, layout: str, ctx: dict) -> list[dict]:
    """The JSON-LD of a page: its main entity, then its breadcrumb trail."""
    if layout == "question.html":
        main = question_ld(site, ctx["question"], ctx)
    elif layout == "cancer_type.html":
        main = collection_ld(site, ctx, ctx["cancer_type"])
    elif layout in ("questions.html", "letter.html"):
        main = collection_ld(site, ctx, None)
    elif layout == "home.html":
        main = website_ld(site)
    elif "json_ld_main" in ctx:  # a page that made its own (the glossary's DefinedTermSet)
        main = ctx["json_ld_main"]
    else:
        main = _common(site, ctx, "WebPage")
    return [d for d in (main, breadcrumb_ld(site, ctx.get("breadcrumbs", []))) if d]
