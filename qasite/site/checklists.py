"""Printable checklists: for each cancer type, the questions to ask from its answers and its
subtypes' answers, read from each answer's "Questions to ask your oncologist" list, without
duplicates, each linking back to the answers it comes from."""

from __future__ import annotations

import hashlib
import html
import re
from typing import TYPE_CHECKING

from ..content.asks import HEADING
from ..content.model import CancerType, Question

if TYPE_CHECKING:  # resolve finds each answer's questions (`asked`) with this module
    from .resolve import Site

MEMO = "questions-to-ask"  # the cache's kind for them, by answer content

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
    ids = [h.id for h in q.body.headings if h.text.strip().lower() == HEADING.lower()]
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


def asked(questions, memo=None) -> dict[str, tuple[str, ...]]:
    """The questions to ask of each answer (by slug): those of an answer whose content is as
    in the last build are read from ``memo`` (a `cache.Cache`, or None), so that a rebuild
    does not read every answer's HTML back from the cache; the others found now."""
    key = hashlib.sha256(f"{HEADING}\0{_LIST.pattern}\0{_ITEM.pattern}".encode()).hexdigest()
    known = memo.get(MEMO, key) if memo is not None else None
    if not isinstance(known, dict):
        known = {}
    out, remembered, found = {}, {}, False
    for q in questions:
        texts = known.get(q.digest) if q.digest else None
        if not (isinstance(texts, list) and all(isinstance(t, str) for t in texts)):
            texts, found = questions_to_ask(q), True
        out[q.slug] = tuple(texts)
        if q.digest:
            remembered[q.digest] = list(texts)
    if memo is not None and (found or remembered.keys() != known.keys()):
        memo.put(MEMO, key, remembered)
    return out


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
            f"A printable list of {len(entries)} questions to take to your oncologist about "
            f"{kind.in_sentence}, gathered from the answers on {config.title}."
        ),
        "url": url(kind),
        "breadcrumbs": [*crumbs, {"name": "Questions to ask", "url": url(kind), "current": True}],
        "cancer_type": kind,
        "items": entries,
        "page_address": config.base_url + url(kind),
        "modified": max(q.modified for q in site.type_questions[kind.slug]),
    }
