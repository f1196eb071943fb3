"""Review cycles: each answer's next review date (its `next_review`, else `last_reviewed`, or
the publication date, plus the site's review interval), the answers overdue on a given day,
and the editors' list of answers due soon. "Today" is an input: never read from the clock
here, so that the same content on the same day builds the same bytes."""

from __future__ import annotations

import calendar
import datetime as dt
import os
from dataclasses import dataclass

from ..content import schema
from ..content.errors import ContentError, Problem
from ..content.model import Question

TODAY_VARIABLE = "QASITE_TODAY"
FIX = (
    "review the answer against its sources and update last_reviewed and the sources, "
    "or set draft: true"
)


@dataclass(frozen=True)
class Review:
    """An answer's review dates on a given day."""

    last_reviewed: dt.date | None
    next_review: dt.date
    overdue: bool


def today(value: str | None = None) -> dt.date:
    """The day of the build: ``value`` (YYYY-MM-DD), else $QASITE_TODAY, else the clock's."""
    where = "--today" if value else TODAY_VARIABLE
    value = value or os.environ.get(TODAY_VARIABLE)
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ContentError(
            [Problem(where, 0, "", f"'{value}' is not a date", "write it as YYYY-MM-DD")]
        ) from None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_review(q: Question, months: int) -> dt.date:
    return q.next_review or add_months(q.last_reviewed or q.date, months)


def schedule(questions, months: int, day: dt.date) -> dict[str, Review]:
    """Each question's review dates on ``day``, by slug."""
    out = {}
    for q in questions:
        due = next_review(q, months)
        out[q.slug] = Review(q.last_reviewed, due, due < day)
    return out


def problems(questions, reviews: dict[str, Review], error: bool) -> list[Problem]:
    """One problem per overdue answer, at its next_review (or last_reviewed) line: an error
    when the site's policy fails the build, otherwise a warning."""
    out = []
    for q in questions:
        review = reviews[q.slug]
        if not review.overdue:
            continue
        field = "next_review" if q.next_review else "last_reviewed"
        line = q.lines.get((field,)) or q.lines.get(("date",), 1)
        out.append(
            Problem(
                q.path,
                line,
                field,
                f"review was due on {review.next_review.isoformat()}",
                FIX,
                warning=not error,
            )
        )
    return out


def future_dates(questions, day: dt.date) -> list[Problem]:
    """A publication or update date after the build's day: an answer from the future."""
    return [
        Problem(
            q.path,
            q.lines.get((key,), 1),
            key,
            message,
            "write the day it was or will be published, not later",
        )
        for q in questions
        for key in ("date", "updated")
        if getattr(q, key) and (message := schema.future_date(getattr(q, key), day))
    ]


def due(questions, reviews: dict[str, Review], reviewers, day: dt.date, within: int) -> list[str]:
    """`check --due`: the answers due for review within ``within`` days of ``day`` (overdue
    ones included), soonest first, each with its reviewer."""
    limit = day + dt.timedelta(days=within)
    rows = []
    for q in sorted(questions, key=lambda q: (reviews[q.slug].next_review, q.path)):
        review = reviews[q.slug]
        if review.next_review > limit:
            continue
        days = (review.next_review - day).days
        when = f"overdue by {-days} days" if days < 0 else f"due in {days} days"
        reviewer = reviewers.get(q.reviewed_by) if q.reviewed_by else None
        rows.append(
            f"{review.next_review.isoformat()}\t{when}\t{q.path}\t"
            f"{reviewer.name if reviewer else 'no reviewer'}"
        )
    return rows
