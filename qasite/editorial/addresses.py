"""Source addresses a reader can follow: a source's `url` is an https page, not a plain-http
address (it can be changed on the way and often redirects) nor a query to a data API (such as
openFDA's `api.fda.gov/drug/label.json?...`), which answers JSON, not a page a patient can
read. Each is a warning at the source's line (an error under `--strict`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..content.errors import Problem

API_HINT = (
    "cite the human page of the same document instead: for a drug label, its DailyMed page "
    "(https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=...) or the FDA's approval page"
)


def problem_of(url: str) -> tuple[str, str] | None:
    """(message, hint) when ``url`` is not an address a reader should be sent to."""
    parts = urlsplit(url.strip())
    path_query = parts.path + ("?" + parts.query if parts.query else "")
    if parts.hostname == "api.fda.gov" or "/api/" in parts.path or ".json?" in path_query:
        return f"'{url}' is a data API address, not a page", API_HINT
    if parts.scheme == "http":
        return (
            f"'{url}' is not https",
            "use the https address of the same page, once you have checked that it shows "
            "the same document",
        )
    return None


def check(sources: list[dict], shown: str, lines: dict) -> list[Problem]:
    """A warning for each source of an answer whose `url` is plain http or a data API."""
    problems = []
    for index, source in enumerate(sources):
        url = source.get("url") if isinstance(source, dict) else None
        found = problem_of(url) if isinstance(url, str) else None
        if found:
            line = lines.get(("sources", index, "url"), lines.get(("sources", index), 1))
            problems.append(Problem(shown, line, f"sources.{index}.url", *found, warning=True))
    return problems
