"""The glossary, content/_data/glossary.yaml: medical words in plain language, each with its
source and its other names. Its schema is declared once, here, like the front matter's; every
problem (an unknown key, an empty definition, a name given twice) is reported at its line.

Run ``python -m qasite.content.glossary`` to print the editors' table of its keys."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..editorial import addresses
from . import schema
from .config import read_yaml
from .errors import Problem, ProblemError
from .model import GlossaryTerm


def _name(value: Any) -> str:
    value = schema.text(value)
    if "\n" in value or len(value) > 80:
        raise ProblemError(f"'{value[:40]}' is not a name", "one word or phrase, on one line")
    return value


SOURCE_KEYS = (
    schema.Key("title", schema.text, True, "Title of the page the definition is checked against."),
    schema.Key(
        "url", schema.url, True, "Its address, e.g. an NCI Dictionary of Cancer Terms page."
    ),
)
TERM_KEYS = (
    schema.Key("term", _name, True, "The word as the glossary lists it, e.g. biopsy or HER2."),
    schema.Key("definition", schema.text, True, "One or two plain sentences (about grade 8)."),
    schema.Key("source", schema.mapping, True, "Where the definition is checked: title and url."),
    schema.Key(
        "aliases",
        schema.list_of(_name),
        False,
        "Other names marked in answers too: brand, generic and code names, abbreviations, "
        "lay words, plurals.",
    ),
    schema.Key(
        "misspellings",
        schema.list_of(_name),
        False,
        "Common misspellings, for search only (never marked in answers).",
    ),
)


def slug_of(term: str) -> str:
    """The term's id on the glossary page: lowercase ASCII words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", term.lower().replace("/", " "))) or "term"


def load(path: Path, shown: str) -> tuple[tuple[GlossaryTerm, ...], list[Problem]]:
    """The terms of the glossary file, A to Z, or every problem found in it; no file, no
    terms (a site may have no glossary)."""
    if not path.exists():
        return (), []
    data, lines, problems = read_yaml(path, shown)
    if problems:
        return (), problems
    if data is None:
        return (), []
    if not isinstance(data, list):
        return (), [Problem(shown, 1, "", "expected a list of terms ('- term: ...')")]
    terms: list[GlossaryTerm] = []
    warnings: list[Problem] = []
    names: dict[str, tuple[str, int]] = {}  # each name, folded, -> (its term, its line)
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, str(index), "expected a mapping ('term: ...')"))
            continue
        values, found = schema.validate(item, TERM_KEYS, lines, shown, (index,))
        if "definition" in item and schema.is_empty(item["definition"]):  # written, but blank
            found = [p for p in found if p.field != f"{index}.definition"]
            found.append(
                Problem(
                    shown,
                    lines.get((index, "definition"), line),
                    f"{index}.definition",
                    "is empty",
                    "write one or two plain sentences",
                )
            )
        source, more = schema.validate(
            values.get("source", {}), SOURCE_KEYS, lines, shown, (index, "source")
        )
        found += more if "source" in values else []
        found += _check_names(values, index, lines, shown, names)
        problems += found
        if found:
            continue
        address = addresses.problem_of(source["url"])
        if address:
            at = lines.get((index, "source", "url"), line)
            warnings.append(Problem(shown, at, f"{index}.source.url", *address, warning=True))
        terms.append(
            GlossaryTerm(
                term=values["term"],
                slug=slug_of(values["term"]),
                definition=values["definition"],
                aliases=values.get("aliases", ()),
                misspellings=values.get("misspellings", ()),
                source_title=source["title"],
                source_url=source["url"],
                line=line,
                index=index,
            )
        )
    problems += _check_slugs(terms, shown)
    if problems:
        return (), problems + warnings
    return tuple(sorted(terms, key=lambda t: (t.term.casefold(), t.term))), warnings


def _check_names(values: dict, index: int, lines: dict, shown: str, names: dict):
    """A term, alias or misspelling may name one term only (compared without case)."""
    problems = []
    term = values.get("term")
    if term is None:
        return problems
    own = [("term", None, term)]
    for key in ("aliases", "misspellings"):
        own += [(key, i, name) for i, name in enumerate(values.get(key, ()))]
    for key, position, name in own:
        at = (index, key) if position is None else (index, key, position)
        line = lines.get(at, lines.get((index, key), lines.get((index,), 1)))
        field = f"{index}.{key}" if position is None else f"{index}.{key}.{position}"
        folded = name.casefold()
        if folded in names:
            owner, first = names[folded]
            problems.append(
                Problem(
                    shown,
                    line,
                    field,
                    f"'{name}' is already a name of '{owner}' (line {first})",
                    "give each name to one term only",
                )
            )
            continue
        names[folded] = (term, line)
    return problems


def _check_slugs(terms: list[GlossaryTerm], shown: str) -> list[Problem]:
    seen: dict[str, GlossaryTerm] = {}
    problems = []
    for t in terms:
        if t.slug in seen:
            problems.append(
                Problem(
                    shown,
                    t.line,
                    f"{t.index}.term",
                    f"'{t.term}' has the same address as '{seen[t.slug].term}' (#{t.slug})",
                    "spell the terms apart",
                )
            )
        seen.setdefault(t.slug, t)
    return problems


def markdown_table() -> str:
    """The glossary's table of keys, as README.md shows it."""
    return schema.markdown_table(TERM_KEYS, SOURCE_KEYS, "source.")


if __name__ == "__main__":
    print(markdown_table())
