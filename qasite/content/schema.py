"""The front matter schema, declared once: it drives validation, the `new` archetype and the README.

Run ``python -m qasite.content.schema`` to print the editors' table of keys that README.md carries.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import Problem, ProblemError, did_you_mean

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ALIAS = re.compile(r"/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*)?")
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _type_name(value: Any) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }.get(type(value), type(value).__name__)


def text(value: Any) -> str:
    if not isinstance(value, str):
        hint = "put the value in quotes" if isinstance(value, (bool, int, float)) else ""
        raise ProblemError(f"expected text, got {_type_name(value)}", hint)
    if not value.strip():
        raise ProblemError("is empty")
    return value.strip()


def date(value: Any) -> dt.date:
    raw = value if isinstance(value, str) else repr(value)
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ProblemError(f"'{raw}' is not a date", "write it as YYYY-MM-DD, e.g. 2026-05-02")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ProblemError(f"'{value}' is not a real date", "write it as YYYY-MM-DD") from None


def slug(value: Any) -> str:
    value = text(value)
    if not SLUG.fullmatch(value):
        raise ProblemError(f"'{value}' is not a slug", "use lowercase letters, digits and hyphens")
    return value


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ProblemError(f"expected true or false, got {_type_name(value)}")
    return value


def url(value: Any) -> str:
    value = text(value)
    if not value.lower().startswith(SAFE_SCHEMES) or any(c.isspace() for c in value):
        raise ProblemError(
            f"'{value}' is not an http, https or mailto address",
            "write the full address, e.g. https://www.cancer.gov/...",
        )
    return value


def doi(value: Any) -> str:
    value = text(value).removeprefix("https://doi.org/").removeprefix("doi:")
    if not _DOI.fullmatch(value):
        raise ProblemError(f"'{value}' is not a DOI", "write it as 10.xxxx/..., without https://")
    return value


def pmid(value: Any) -> str:
    value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(value, str) or not value.isdigit():
        raise ProblemError(f"'{value}' is not a PubMed id", "write the number only, e.g. 12345678")
    return value


def year(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1800 <= value <= 2100:
        raise ProblemError(f"'{value}' is not a year", "write four digits, e.g. 2022")
    return value


def alias(value: Any) -> str:
    value = text(value)
    if not _ALIAS.fullmatch(value) or "/../" in value + "/" or "/./" in value + "/":
        raise ProblemError(
            f"'{value}' is not a site path",
            "write an old address of this site, e.g. /old-question/",
        )
    return value


def phone(value: Any) -> str:
    value = text(value) if not isinstance(value, int) else str(value)
    digits = re.sub(r"\D", "", value)
    if not re.fullmatch(r"\+?[0-9 ().-]+", value) or len(digits) < 7:
        raise ProblemError(
            f"'{value}' is not a phone number", "write digits with hyphens, e.g. 1-800-422-6237"
        )
    return value


def url_template(value: Any) -> str:
    value = text(value)
    if "{url}" not in value:
        raise ProblemError(
            "has no {url} in it", "write where the page's address goes, e.g. ...?page={url}"
        )
    url(value.replace("{url}", "x").replace("{title}", "x"))
    return value


def mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ProblemError(f"expected 'key: value' lines, got {_type_name(value)}")
    return value


def list_of(item: Callable[[Any], Any]) -> Callable[[Any], tuple]:
    def check(value: Any) -> tuple:
        if not isinstance(value, list):
            raise ProblemError(f"expected a list, got {_type_name(value)}", "write [a, b]")
        return tuple(item(v) for v in value)

    check.item = item
    return check


@dataclass(frozen=True)
class Key:
    """One front matter key: its name, its check, whether it is required, and a one-line doc."""

    name: str
    check: Callable[[Any], Any]
    required: bool
    doc: str
    example: str = ""


SOURCE_KEYS = (
    Key(
        "title", text, True, "Title of the guideline page or article.", '"Breast Cancer Treatment"'
    ),
    Key("url", url, False, "Its web address (http or https).", "https://www.cancer.gov/..."),
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
    Key("title", text, True, "The question, as a patient would ask it.", '"{title}"'),
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
        "the meta description and the excerpt.",
        '""',
    ),
    Key("updated", date, False, "Date of the last change to the answer (YYYY-MM-DD)."),
    Key("last_reviewed", date, False, "Date the answer was last checked against its sources."),
    Key("reviewed_by", slug, False, "Who reviewed it: a key in content/_data/reviewers.yaml."),
    Key("author", text, False, "Who wrote the answer."),
    Key("related", list_of(slug), False, "Slugs of other questions to list first as related."),
    Key("tags", list_of(slug), False, "Topics, lowercase-hyphenated, e.g. [clinical-trials]."),
    Key("biomarkers", list_of(text), False, "Biomarkers the answer is about, e.g. [HER2, ER]."),
    Key("aliases", list_of(alias), False, "Old addresses of this page, redirected to it."),
    Key("draft", flag, False, "true keeps the page out of production builds."),
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
)

SITE_KEYS = (
    Key("title", text, True, "Name of the site."),
    Key("base_url", url, True, "Public address, for canonical URLs, feeds and the sitemap."),
    Key("language", text, True, "Language code of the content, e.g. en."),
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
                    f"expected a mapping, got {_type_name(item)}",
                )
            )
            continue
        values, found = validate(item, keys, lines, path, (*at, index))
        out.append(values)
        problems += found
    return out, problems


def markdown_table(keys: tuple[Key, ...] = QUESTION_KEYS) -> str:
    """The editors' table of front matter keys, as README.md shows it."""
    rows = ["| key | required | what it holds |", "| --- | --- | --- |"]
    rows += [f"| `{k.name}` | {'yes' if k.required else 'no'} | {k.doc} |" for k in keys]
    rows += [
        f"| `sources[].{k.name}` | {'yes' if k.required else 'no'} | {k.doc} |" for k in SOURCE_KEYS
    ]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
