"""Printable checklists: for each cancer type, the questions to ask from its answers and its
subtypes' answers, read from each answer's "Questions to ask your oncologist" (or "your
doctor") list, without duplicates, each linking back to the answers it comes from."""

from __future__ import annotations

import html
import re

from ..content import asks
from ..content.model import CancerType, Question
from .resolve import Site

_TAG = re.compile(r"<[^>]+>")
_ITEM = re.compile(r"<li\b[^>]*>(.*?)</li>", re.S)
_LIST = re.compile(r"<(ol|ul)\b[^>]*>(.*?)</\1>", re.S)


def path(kind: CancerType) -> str:
    return f"cancer-types/{kind.slug}/questions-to-ask/index.html"


def url(kind: CancerType) -> str:
    return f"{kind.url}questions-to-ask/"


def questions_to_ask(q: Question) -> list[str]:
    """The questions of an answer's section, as plain text, in order (checked at load: the
    section is there and lists at least one)."""
    title = asks.heading(q.questions_for).lower()
    ids = [h.id for h in q.body.headings if h.text.strip().lower() == title]
    if not ids:
        return []
    page = str(q.body.html)
    start = page.find(f' id="{ids[0]}"')
    following = _LIST.search(page, start) if start >= 0 else None
    if following is None:
        return []
    return [
        " ".join(html.unescape(_TAG.sub("", item)).split())
        for item in _ITEM.findall(following.group(2))
    ]


def _key(text: str) -> str:
    """Two questions are the same if they differ only in case, spacing or end punctuation."""
    return " ".join(text.casefold().split()).rstrip(" ?.!")


def items(questions) -> list[dict]:
    """Each distinct question once, in the order of the answers, with the answers asking it."""
    out: dict[str, dict] = {}
    for q in questions:
        for text in questions_to_ask(q):
            entry = out.setdefault(_key(text), {"text": text, "answers": []})
            if all(a["url"] != q.url for a in entry["answers"]):
                entry["answers"].append({"title": q.title, "url": q.url})
    return list(out.values())


def kinds(site: Site) -> list[CancerType]:
    """The cancer types that have answers, and so a checklist."""
    return [t for t in site.content.cancer_types.values() if site.type_questions[t.slug]]


def context(site: Site, kind: CancerType, crumbs: list[dict]) -> dict:
    config = site.content.site
    entries = items(site.type_questions[kind.slug])
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
