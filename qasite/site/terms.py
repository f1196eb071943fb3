"""Glossary terms found in an answer's HTML, the first use of each marked.

In an answer's HTML, the first use of each term (by its name or an alias: longest match first;
a name with a capital matches only as written, a lowercase one in any case, plural "s" too)
becomes a button that opens the definition in place through the HTML ``popover`` attribute:
no script, so it works with JavaScript off and under the strict CSP. Text inside links,
headings, code, footnote marks or another term is never marked.

`used_terms` remembers, in the build cache, the terms each answer uses by the answer's digest
and a digest of the glossary: a warm build scans only the answers that changed."""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections.abc import Iterator

from markupsafe import escape

from ..content.model import GlossaryTerm, Question

URL = "/glossary/"
SKIP = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "sup", "button"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>")


_WORD = re.compile(r"[^\W_][\w/+-]*")  # a word as names are written: HER2-low, CDK4/6, HR+


class Names:
    """Every name of every term, looked up by runs of words: a name with a capital as
    written, a lowercase one case-folded (and with a plural "s" or "es")."""

    def __init__(self, terms: tuple[GlossaryTerm, ...]):
        self.exact: dict[str, GlossaryTerm] = {}
        self.folded: dict[str, GlossaryTerm] = {}
        for t in terms:
            for name in (t.term, *t.aliases):
                table = self.exact if any(c.isupper() for c in name) else self.folded
                table[" ".join(name.split())] = t
        # by the first word of each name, case-folded, the numbers of words of its names,
        # longest first: most words start no name and are skipped at once
        sizes: dict[str, set[int]] = {}
        for name in [*self.exact, *self.folded]:
            words = _WORD.findall(name)
            if words:
                sizes.setdefault(words[0].casefold(), set()).add(len(words))
        self.starts = {word: sorted(n, reverse=True) for word, n in sizes.items()}

    def find(self, phrase: str) -> GlossaryTerm | None:
        if phrase in self.exact:
            return self.exact[phrase]
        folded = phrase.casefold()
        for candidate in (
            folded,
            folded[:-1] if folded.endswith("s") else None,
            folded[:-2] if folded.endswith("es") else None,
        ):
            if candidate and candidate in self.folded:
                return self.folded[candidate]
        return None


@functools.cache
def names(terms: tuple[GlossaryTerm, ...]) -> Names:
    """The lookup of a glossary, made once per build (the same terms for every answer)."""
    return Names(terms)


def _found(text: str, table: Names) -> Iterator[tuple[GlossaryTerm, int, int]]:
    """Each use of a term in ``text`` (escaped HTML text), in order, with where it starts and
    ends: at each word, the longest run of words (separated by spaces only) that names a
    term."""
    words = list(_WORD.finditer(text))
    index = 0
    while index < len(words):
        first = words[index].group(0).casefold()
        sizes = table.starts.get(first) or table.starts.get(first.rstrip("s"))
        found = None
        for size in sizes or ():
            run = words[index : index + size]
            if len(run) < size:
                continue
            if any(not text[a.end() : b.start()].isspace() for a, b in itertools.pairwise(run)):
                continue
            term = table.find(" ".join(w.group(0) for w in run))
            if term is not None:
                found = (term, run[0].start(), run[-1].end())
                index += size
                break
        if found is None:
            index += 1
        else:
            yield found


def _mark_text(text: str, table: Names, used: dict[str, GlossaryTerm]) -> str:
    """``text`` (escaped HTML text) with the first use of each term not yet ``used`` marked."""
    out, position = [], 0
    for term, start, end in _found(text, table):
        if term.slug not in used:
            used[term.slug] = term
            out += [text[position:start], disclosure(term, text[start:end])]
            position = end
    out.append(text[position:])
    return "".join(out)


def first_term(text: str, terms: tuple[GlossaryTerm, ...]) -> GlossaryTerm | None:
    """The first term a line of plain text (a question's title) names, found as in answers."""
    return first_in(text, names(terms)) if terms else None


def first_in(text: str, table: Names) -> GlossaryTerm | None:
    """`first_term` with the glossary's lookup made already (`names`: hashing the glossary
    to find it costs more than the search, for a title)."""
    return next((term for term, _, _ in _found(str(escape(text)), table)), None)


def disclosure(term: GlossaryTerm, written: str) -> str:
    """The term as written, a button that opens its definition in place (no script)."""
    pop = f"term-{term.slug}"
    return (
        f'<button type="button" class="term" popovertarget="{pop}">{written}</button>'
        f'<span class="term-pop" id="{pop}" popover data-pagefind-ignore="all">'
        f"<strong>{escape(term.term)}:</strong> {escape(term.definition)} "
        f'<a href="{URL}#{term.slug}">More in the glossary</a></span>'
    )


def mark(page: str, terms: tuple[GlossaryTerm, ...]) -> tuple[str, list[GlossaryTerm]]:
    """The answer's HTML with the first use of each term made a disclosure, and the terms
    used, in order of first use."""
    if not terms:
        return page, []
    table = names(terms)
    used: dict[str, GlossaryTerm] = {}
    out, depth, position = [], 0, 0
    for tag in _TAG.finditer(page):
        text = page[position : tag.start()]
        out.append(text if depth or not text.strip() else _mark_text(text, table, used))
        out.append(tag.group(0))
        if tag.group(2).lower() in SKIP:
            depth = max(0, depth + (-1 if tag.group(1) else 1))
        position = tag.end()
    tail = page[position:]
    out.append(tail if depth else _mark_text(tail, table, used))
    return "".join(out), list(used.values())


def _glossary_digest(terms: tuple[GlossaryTerm, ...]) -> str:
    return hashlib.sha256(repr(terms).encode()).hexdigest()


def used_terms(
    questions: tuple[Question, ...], terms: tuple[GlossaryTerm, ...], memo=None
) -> dict[str, tuple[str, ...]]:
    """The slugs of the terms each question (by slug) uses, in order of first use; those of
    an answer whose digest and glossary are as in the last build are read from ``memo`` (a
    `cache.Cache`, or None), the others found by `mark` (and remembered)."""
    if not terms:
        return {q.slug: () for q in questions}
    key = _glossary_digest(terms)
    known = memo.get("glossary-use", key) if memo is not None else None
    if not isinstance(known, dict):
        known = {}
    slugs = {t.slug for t in terms}
    out, remembered, found = {}, {}, False
    for q in questions:
        used = known.get(q.digest) if q.digest else None
        if not (isinstance(used, list) and all(isinstance(s, str) and s in slugs for s in used)):
            used = [t.slug for t in mark(str(q.body.html), terms)[1]]
            found = True
        out[q.slug] = tuple(used)
        if q.digest:
            remembered[q.digest] = used
    if memo is not None and (found or remembered.keys() != known.keys()):
        memo.put("glossary-use", key, remembered)
    return out
