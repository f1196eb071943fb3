"""The front matter schema, declared once: it drives validation, the `new` archetype and the README.

Run ``python -m qasite.content.schema`` to print the editors' table of keys that README.md carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .asks import HEADINGS, QUESTIONS_FOR
from .errors import Problem, ProblemError, did_you_mean
from .values import (  # noqa: F401  (re-exported: the checks are known as schema.x)
    MAX_TITLE,
    SAFE_SCHEMES,
    SLUG,
    alias,
    count,
    date,
    days,
    doi,
    flag,
    future_date,
    grade,
    language,
    list_of,
    mapping,
    one_of,
    origin,
    page_kb,
    phone,
    pmid,
    slug,
    text,
    title,
    type_name,
    url,
    url_template,
    year,
)

MAX_SUMMARY = 200  # characters: search engines cut a meta description at about 150 to 200
# The archetype's placeholder answer: left in, the answer is unfinished.
PLACEHOLDER = (
    "Write the answer here in plain language (about grade 8). Start with a short direct answer,"
    " then explain. Cite the source of every figure with its marker, e.g. \\[@source-id]."
    " Never give a drug dose."
)
DRAFTING = ("ai-assisted", "human")
OVERDUE_POLICIES = ("notice", "fail")


@dataclass(frozen=True)
class Key:
    """One front matter key: its name, its check, whether it is required, and a one-line doc."""

    name: str
    check: Callable[[Any], Any]
    required: bool
    doc: str
    example: str = ""


SOURCE_KEYS = (
    Key("id", slug, False, "Key that inline citations use: [@id] in the answer, e.g. nci-her2."),
    Key(
        "title", text, True, "Title of the guideline page or article.", '"Breast Cancer Treatment"'
    ),
    Key("url", url, False, "Its web address: an https page.", "https://www.cancer.gov/..."),
    Key("doi", doi, False, "Its DOI, e.g. 10.1056/NEJMoa2203690; linked through doi.org."),
    Key("pmid", pmid, False, "Its PubMed id; linked through PubMed."),
    Key("publisher", text, False, "Who published it, e.g. National Cancer Institute."),
    Key("year", year, False, "Year of publication."),
)


def sources(value: Any) -> tuple[dict, ...]:
    """Checked by `validate_list` with SOURCE_KEYS; this only checks the outer shape."""
    if not isinstance(value, list) or not value:
        raise ProblemError(
            "expected a list of at least one source",
            "each source has a title and a url, doi or pmid",
        )
    return tuple(value)


QUESTION_KEYS = (
    Key(
        "title",
        title,
        True,
        f"The question, as a patient would ask it (at most {MAX_TITLE} characters).",
        '"{title}"',
    ),
    Key(
        "cancer_type",
        slug,
        True,
        "Slug of the cancer type, from content/_data/cancer_types.yaml.",
        "{cancer_type}",
    ),
    Key("date", date, True, "Date first published (YYYY-MM-DD).", "{today}"),
    Key(
        "sources",
        sources,
        True,
        "At least one source: title and url, doi or pmid; publisher and year optional.",
    ),
    Key(
        "summary",
        text,
        False,
        "One or two plain sentences answering the question; used as "
        f"the meta description and the excerpt (a warning past {MAX_SUMMARY} characters).",
        '""',
    ),
    Key("updated", date, False, "Date of the last change to the answer (YYYY-MM-DD)."),
    Key("last_reviewed", date, False, "Date the answer was last checked against its sources."),
    Key(
        "next_review",
        date,
        False,
        "Date the answer is due for review; default: last_reviewed plus the site's interval.",
    ),
    Key("reviewed_by", slug, False, "Who reviewed it: a key in content/_data/reviewers.yaml."),
    Key(
        "drafting",
        one_of(*DRAFTING),
        False,
        "How the answer was written: ai-assisted or human; shown on the page.",
        "ai-assisted",
    ),
    Key(
        "readability_note",
        text,
        False,
        "Why the answer reads above the site's grade limit (silences that warning).",
    ),
    Key("author", text, False, "Who wrote the answer."),
    Key("related", list_of(slug), False, "Slugs of other questions to list first as related."),
    Key("tags", list_of(slug), False, "Topics, lowercase-hyphenated, e.g. [clinical-trials]."),
    Key("biomarkers", list_of(text), False, "Biomarkers the answer is about, e.g. [HER2, ER]."),
    Key("aliases", list_of(alias), False, "Old addresses of this page, redirected to it."),
    Key("draft", flag, False, "true keeps the page out of production builds."),
    Key("questions_for", one_of(*HEADINGS), False, QUESTIONS_FOR),
)

PAGE_KEYS = (
    Key("title", text, True, "Title of the page."),
    Key("description", text, False, "One sentence for the meta description."),
)

SERVICE_KEYS = (
    Key("name", text, True, "Name of the service."),
    Key("description", text, True, "One sentence on how it helps."),
    Key("url", url, True, "Its web address."),
)

CANCER_TYPE_KEYS = (
    Key("slug", slug, True, "Identifier, used in URLs: /cancer-types/<slug>/."),
    Key("name", text, True, "Display name, e.g. HER2-low breast cancer."),
    Key("parent", slug, False, "Slug of the parent type; empty for a top-level type."),
    Key("description", text, True, "One or two plain sentences shown on the type's page."),
    Key(
        "services",
        list_of(mapping),
        False,
        "Related services (name, description, url); a type without them shows its parent's.",
    ),
)

REVIEWER_KEYS = (
    Key("name", text, True, "Name shown on the page."),
    Key("credentials", text, True, "Credentials shown beside the name."),
    Key("kind", text, False, "person (default) or organization."),
    Key(
        "clinical",
        flag,
        False,
        "true only for a clinician's medical review; an editorial source check is false.",
    ),
)

SITE_KEYS = (
    Key("title", text, True, "Name of the site."),
    Key("base_url", origin, True, "Public address, for canonical URLs, feeds and the sitemap."),
    Key("language", language, True, "Language tag of the content (BCP 47), e.g. en or en-GB."),
    Key("description", text, True, "One sentence describing the site."),
    Key("publisher", mapping, True, "name and url of the publisher."),
    Key("banner", text, True, "Text of the informational banner on every question."),
    Key("disclaimer", mapping, True, "top and bottom disclaimer texts."),
    Key("cta", mapping, True, "Call to action: heading, text, label, url, service and phone."),
    Key(
        "report_problem",
        url_template,
        True,
        "Address of the 'Report a problem' link: {url} is the page's address, {title} its title.",
    ),
    Key("link_check", mapping, False, "Online link check: cache_days, doi_resolver, pubmed."),
    Key("editorial", mapping, False, "Review cycle, overdue policy and readability limit."),
    Key("listing", mapping, False, "Listing pages (A to Z, hubs): page_kb."),
    Key("search", mapping, False, "Search index: pages_per_shard."),
)
SITE_PARTS = {
    "publisher": (
        Key("name", text, True, "Publisher's name."),
        Key("url", url, True, "Publisher's address."),
    ),
    "disclaimer": (
        Key("top", text, True, "Disclaimer shown above the answer."),
        Key("bottom", text, True, "Disclaimer shown below the answer."),
    ),
    "cta": (
        Key("heading", text, True, "Heading of the call to action."),
        Key("text", text, True, "What the call to action offers."),
        Key("label", text, True, "Text of its link."),
        Key("url", url, True, "Where it links to (outside this site)."),
        Key("service", text, True, "Name of the service it links to."),
        Key("phone", phone, True, "Its phone number, shown as a tap-to-call link."),
    ),
    "link_check": (
        Key("cache_days", days, False, "Days a good result is reused (default 7; 0: never)."),
        Key("doi_resolver", url, False, "DOIs are checked through it (default https://doi.org/)."),
        Key("pubmed", url, False, "PubMed ids are checked through it (default PubMed's)."),
    ),
    "editorial": (
        Key("review_months", count, False, "Months from last_reviewed to the next review."),
        Key(
            "overdue",
            one_of(*OVERDUE_POLICIES),
            False,
            "What an overdue answer does to a production build: notice (published with a "
            "visible notice, the default) or fail.",
        ),
        Key("drafting_required", flag, False, "true: every answer says how it was written."),
        Key("ai_needs_reviewer", flag, False, "true: an ai-assisted answer needs a reviewer."),
        Key("readability_grade", grade, False, "Highest reading grade without a warning (8)."),
    ),
    "listing": (
        Key("page_kb", page_kb, False, "Largest listing page, in KB of HTML (default 64)."),
    ),
    "search": (Key("pages_per_shard", count, False, "Answers per search index shard (1,000)."),),
}


def is_empty(value: Any) -> bool:
    """Nothing, or blank text: a key written without its value, as in `summary: ""`."""
    return value is None or (isinstance(value, str) and not value.strip())


def validate(
    data: dict, keys: tuple[Key, ...], lines: dict, path: str, at: tuple = ()
) -> tuple[dict, list[Problem]]:
    """Checked values by key name, and the problems found (unknown, missing, mistyped keys)."""
    known = {k.name: k for k in keys}
    values, problems = {}, []
    where = lines.get(at, 1)

    def field(name: str) -> str:
        return ".".join(str(p) for p in (*at, name))

    for name in data:
        if name not in known:
            hint = did_you_mean(name, known) or "known keys: " + ", ".join(known)
            problems.append(
                Problem(path, lines.get((*at, name), where), field(name), "unknown key", hint)
            )
    for key in keys:
        value = data.get(key.name)
        if is_empty(value):
            if key.required:
                problems.append(Problem(path, where, field(key.name), "missing", key.doc))
            continue
        try:
            values[key.name] = key.check(value)
        except ProblemError as exc:
            problems.append(
                Problem(
                    path, lines.get((*at, key.name), where), field(key.name), exc.message, exc.hint
                )
            )
    return values, problems


def validate_list(
    items: tuple, keys: tuple[Key, ...], lines: dict, path: str, at: tuple
) -> tuple[list[dict], list[Problem]]:
    """Each item of a list of mappings checked with ``keys``."""
    out, problems = [], []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    path,
                    lines.get((*at, index), 1),
                    f"{at[-1]}.{index}",
                    f"expected a mapping, got {type_name(item)}",
                )
            )
            continue
        values, found = validate(item, keys, lines, path, (*at, index))
        out.append(values)
        problems += found
    return out, problems


def markdown_table(
    keys: tuple[Key, ...] = QUESTION_KEYS,
    nested: tuple[Key, ...] = SOURCE_KEYS,
    prefix: str = "sources[].",
) -> str:
    """The editors' table of keys, as README.md shows it: ``keys``, then the ``nested`` keys
    of each item (the sources, by default), named with ``prefix``."""
    rows = ["| key | required | what it holds |", "| --- | --- | --- |"]
    rows += [f"| `{k.name}` | {'yes' if k.required else 'no'} | {k.doc} |" for k in keys]
    rows += [f"| `{prefix}{k.name}` | {'yes' if k.required else 'no'} | {k.doc} |" for k in nested]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
