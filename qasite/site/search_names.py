"""The glossary's other names, for search: on each answer, the names of the terms it uses
(brand, generic and code names, abbreviations, lay words, misspellings), indexed by Pagefind
at weight 0 so that they find the answer but never choose its excerpt; and the small file of
every name that the search page uses to suggest the nearest term when nothing is found."""

from __future__ import annotations

import json

from ..content.model import GlossaryTerm
from .resolve import Site

PATH = "search/names.json"
URL = "/search/names.json"


def other_names(used: list[GlossaryTerm]) -> list[str]:
    """Every name of the terms an answer uses, in their order of first use, each once."""
    seen: dict[str, str] = {}
    for term in used:
        for name in (term.term, *term.aliases, *term.misspellings):
            seen.setdefault(name.casefold(), name)
    return list(seen.values())


def vocabulary(terms: tuple[GlossaryTerm, ...]) -> bytes:
    """The names the search page may suggest: each term with its other names (misspellings
    included, so that a near miss of one leads to the term), as compact JSON."""
    data = [
        {"term": t.term, "names": [*t.aliases, *t.misspellings]}
        if (t.aliases or t.misspellings)
        else {"term": t.term}
        for t in terms
    ]
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def files(site: Site) -> dict[str, bytes]:
    """The search page's file of names, when the site has a glossary."""
    return {PATH: vocabulary(site.content.glossary)} if site.content.glossary else {}
