"""What the top of an answer shows a reader in a hurry, decided here for the layouts: the short
answer, the dates on one line, the notice (banner and disclaimer together, its mention of a plain
page linked), the way to talk to someone, and the "Report a problem" address of the page."""

from __future__ import annotations

import datetime as dt
import urllib.parse

from markupsafe import Markup, escape

from ..content.model import Page, Question, Reviewer, SiteConfig


def short_date(day: dt.date) -> str:
    """Jan 5, 2026: short enough for three dates and a type to share one line on a phone."""
    return f"{day:%b} {day.day}, {day.year}"


def dates(q: Question, reviewer: Reviewer | None) -> list[dict]:
    """Published, updated and reviewed, in that order, each as a label, ISO and short date."""
    out = [("Published", q.date, "")]
    if q.updated:
        out.append(("Updated", q.updated, ""))
    if q.last_reviewed:
        out.append(("Reviewed", q.last_reviewed, reviewer.name if reviewer else ""))
    return [
        {"label": label, "iso": day.isoformat(), "text": short_date(day), "by": by}
        for label, day, by in out
    ]


def linked_mentions(text: str, pages: tuple[Page, ...]) -> Markup:
    """``text`` escaped, with its first mention of each plain page's title ("How answers are
    made", quoted or not) linked to that page."""
    out = str(escape(text))
    for page in pages:
        title = str(escape(page.title))
        for written in (f"&#34;{title}&#34;", f"“{title}”", title):
            if written in out:
                link = f'<a href="{page.url}">{title}</a>'
                out = out.replace(written, link, 1)
                break
    return Markup(out)


def report_address(site: SiteConfig, url: str, title: str) -> str:
    """The site's report template with the page's full address and title filled in, each
    URL-encoded (the site collects nothing: the address is an inbox or issue form elsewhere)."""
    return site.report_problem.replace(
        "{url}", urllib.parse.quote(site.base_url + url, safe="")
    ).replace("{title}", urllib.parse.quote(title, safe=""))


def top(site: SiteConfig, pages: tuple[Page, ...], q: Question, reviewer: Reviewer | None):
    """The reading aids of a question page."""
    return {
        "short_answer": q.summary or "",
        "dates": dates(q, reviewer),
        "notice": linked_mentions(site.disclaimer_top, pages),
        "report_url": report_address(site, q.url, q.title),
        "page_address": site.base_url + q.url,
    }
