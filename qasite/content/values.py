"""The checks of single front matter and data values: each returns the value checked (or
converted) or raises `ProblemError` with what is wrong and a fix; `schema` names the keys."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from .errors import ProblemError, did_you_mean

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ALIAS = re.compile(r"/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*)?")
SAFE_SCHEMES = ("http://", "https://", "mailto:")
# A BCP 47 language tag's usual shape: language, then optional script, region and variants
# (en, en-GB, pt-BR, zh-Hant-TW, sr-Latn, es-419). Pagefind turns it into file names.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?(?:-[a-z0-9]{5,8})*")
_HOST = re.compile(
    r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
)
MAX_TITLE = 150  # characters: about two lines of a search result; longer titles are cut


def type_name(value: Any) -> str:
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
        raise ProblemError(f"expected text, got {type_name(value)}", hint)
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
        raise ProblemError(f"expected true or false, got {type_name(value)}")
    return value


def title(value: Any) -> str:
    value = text(value)
    if len(value) > MAX_TITLE:
        raise ProblemError(
            f"is {len(value):,} characters, more than the {MAX_TITLE} a search result shows",
            "ask the question in fewer words",
        )
    return value


def url(value: Any) -> str:
    value = text(value)
    lower = value.lower()
    if (
        not lower.startswith(SAFE_SCHEMES)
        or any(c.isspace() or c in '"<>\\' for c in value)
        or lower == "mailto:"
    ):
        raise ProblemError(
            f"'{value}' is not an http, https or mailto address",
            "write the full address, e.g. https://www.cancer.gov/...",
        )
    if not lower.startswith("mailto:") and not _host_of(value):
        raise ProblemError(
            f"'{value}' names no site", "write the full address, e.g. https://www.cancer.gov/..."
        )
    return value


def _host_of(value: str) -> str:
    try:
        return urllib.parse.urlsplit(value).hostname or ""
    except ValueError:  # a malformed port or IPv6 address
        return ""


def origin(value: Any) -> str:
    """An https origin (scheme and host, no path, query or user): the site's public address."""
    value = text(value).removesuffix("/")
    try:
        parts = urllib.parse.urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = None, None
    if (
        parts is None
        or parts.scheme != "https"
        or not value.startswith("https://")
        or not _HOST.fullmatch(parts.hostname or "")
        or parts.netloc != (parts.hostname or "") + (f":{port}" if port else "")
        or parts.path
        or parts.query
        or parts.fragment
        or "?" in value
        or "#" in value
    ):
        raise ProblemError(
            f"'{value}' is not an https origin",
            "write https:// and the host name only, e.g. https://cancer-questions.netlify.app",
        )
    return value


def language(value: Any) -> str:
    value = text(value)
    if not _LANGUAGE.fullmatch(value):
        raise ProblemError(
            f"'{value}' is not a language tag", "write a BCP 47 tag, e.g. en, en-GB or pt-BR"
        )
    return value


def doi(value: Any) -> str:
    value = text(value).removeprefix("https://doi.org/").removeprefix("doi:")
    if not _DOI.fullmatch(value):
        raise ProblemError(f"'{value}' is not a DOI", "write it as 10.xxxx/..., without https://")
    return value


def pmid(value: Any) -> str:
    value = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(value, str) or not (value.isascii() and value.isdigit() and len(value) < 10):
        raise ProblemError(f"'{value}' is not a PubMed id", "write the number only, e.g. 12345678")
    return value


def year(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1800 <= value <= 2100:
        raise ProblemError(f"'{value}' is not a year", "write four digits, e.g. 2022")
    return value


def days(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 365:
        raise ProblemError(f"'{value}' is not a number of days", "write 0 to 365, e.g. 7")
    return value


def alias(value: Any) -> str:
    value = text(value)
    if not _ALIAS.fullmatch(value) or "/../" in value + "/" or "/./" in value + "/":
        raise ProblemError(
            f"'{value}' is not a site path",
            "write an old address of this site, e.g. /old-question/",
        )
    if value.split("/")[1] in ("pagefind", "static"):
        raise ProblemError(
            f"'{value}' is an address of the site's own files",
            "an alias cannot be under /pagefind/ or /static/",
        )
    return value


def future_date(day: dt.date, today: dt.date) -> str:
    """The problem with a publication date after ``today`` (the build's day), or ''."""
    return f"{day.isoformat()} is in the future" if day > today else ""


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


def one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        value = text(value)
        if value not in choices:
            hint = did_you_mean(value, choices) or "one of: " + ", ".join(choices)
            raise ProblemError(f"unknown '{value}'", hint)
        return value

    return check


def count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ProblemError(f"'{value}' is not a whole number above 0", "write e.g. 12")
    return value


MIN_PAGE_KB = 16  # the layout around a list takes about 8 KB


def page_kb(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < MIN_PAGE_KB:
        raise ProblemError(
            f"'{value}' is not a page size of {MIN_PAGE_KB} KB or more", "write e.g. 100"
        )
    return value


def grade(value: Any) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 1 <= value <= 20:
        raise ProblemError(f"'{value}' is not a reading grade", "write a number, e.g. 8")
    return float(value)


def mapping(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ProblemError(f"expected 'key: value' lines, got {type_name(value)}")
    return value


def list_of(item: Callable[[Any], Any]) -> Callable[[Any], tuple]:
    def check(value: Any) -> tuple:
        if not isinstance(value, list):
            raise ProblemError(f"expected a list, got {type_name(value)}", "write [a, b]")
        return tuple(item(v) for v in value)

    check.item = item
    return check
