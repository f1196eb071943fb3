"""Each answer's questions to ask, read from its HTML (the list under its "Questions to ask your
oncologist" heading, or "your doctor" for an answer with ``questions_for: doctor``) and
remembered by content in the cache, so that a rebuild does not read every answer's HTML back
from the cache to list them (`checklists` shows them)."""

from __future__ import annotations

import hashlib
import html
import re

from ..content import asks
from ..content.model import Question

_TAG = re.compile(r"<[^>]+>")
_ITEM = re.compile(r"<li\b[^>]*>(.*?)</li>", re.S)
_LIST = re.compile(r"<(ol|ul)\b[^>]*>(.*?)</\1>", re.S)
MEMO = "questions-to-ask"  # the cache's kind for them, by answer content


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


def asked(questions, memo=None) -> dict[str, tuple[str, ...]]:
    """The questions to ask of each answer (by slug): those of an answer whose content is as
    in the last build are read from ``memo`` (a `cache.Cache`, or None), so that a rebuild
    does not read every answer's HTML back from the cache; the others found now."""
    headings = "\0".join(f"{whom}={title}" for whom, title in sorted(asks.HEADINGS.items()))
    key = hashlib.sha256(f"{headings}\0{_LIST.pattern}\0{_ITEM.pattern}".encode()).hexdigest()
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
