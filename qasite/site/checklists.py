"""Printable checklists: for each cancer type, the questions to ask from its answers and its
subtypes' answers, read from each answer's "Questions to ask your oncologist" (or "your
doctor") list (`asked`), without duplicates, each linking back to the answers it comes from."""

from __future__ import annotations

from ..content.model import CancerType
from .asked import questions_to_ask
from .resolve import Site


def path(kind: CancerType) -> str:
    return f"cancer-types/{kind.slug}/questions-to-ask/index.html"


def url(kind: CancerType) -> str:
    return f"{kind.url}questions-to-ask/"


def _key(text: str) -> str:
    """Two questions are the same if they differ only in case, spacing or end punctuation."""
    return " ".join(text.casefold().split()).rstrip(" ?.!")


def items(questions, asks: dict[str, tuple[str, ...]] | None = None) -> list[dict]:
    """Each distinct question once, in the order of the answers, with the answers asking it
    (``asks``: each answer's questions by slug, `asked`; found in the answers when None)."""
    out: dict[str, dict] = {}
    seen: dict[str, set[str]] = {}
    for q in questions:
        for text in asks[q.slug] if asks is not None else questions_to_ask(q):
            key = _key(text)
            entry = out.setdefault(key, {"text": text, "answers": []})
            if q.url not in seen.setdefault(key, set()):
                seen[key].add(q.url)
                entry["answers"].append({"title": q.title, "url": q.url})
    return list(out.values())


def kinds(site: Site) -> list[CancerType]:
    """The cancer types that have answers, and so a checklist."""
    return [t for t in site.content.cancer_types.values() if site.type_questions[t.slug]]


def context(site: Site, kind: CancerType, crumbs: list[dict]) -> dict:
    config = site.content.site
    entries = items(site.type_questions[kind.slug], site.asks or None)
    return {
        "page_title": f"Questions to ask about {kind.in_sentence}: a checklist",
        "description": (
            f"A printable list of {len(entries)} questions to take to your care team about "
            f"{kind.in_sentence}, gathered from the answers on {config.title}."
        ),
        "url": url(kind),
        "breadcrumbs": [*crumbs, {"name": "Questions to ask", "url": url(kind), "current": True}],
        "cancer_type": kind,
        "items": entries,
        "page_address": config.base_url + url(kind),
        "modified": max(q.modified for q in site.type_questions[kind.slug]),
    }
