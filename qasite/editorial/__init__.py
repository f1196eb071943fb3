"""Checks of the content's medical promise, one module per check: review cycles (`review`),
provenance (`provenance`), readability (`readability`), inline citations (`citations`),
statistics without a citation (`statistics`), doses (`doses`) and source addresses a reader
can follow (`addresses`: https, not a data API).

`answer` runs the checks that depend on a file alone (while it is parsed, so their results
are cached with it); `site` those that depend on the site's policy and on the day."""

from __future__ import annotations

import datetime as dt

from ..content.errors import Problem
from . import addresses, citations, doses, provenance, readability, review, statistics


def answer(blocks, sources: list[dict], shown: str, lines: dict):
    """(reading grade, ids cited, problems) of one answer's blocks and sources."""
    cited, problems = citations.check(blocks, sources, shown, lines)
    problems += statistics.check(blocks, shown)
    problems += doses.check(blocks, shown)
    problems += addresses.check(sources, shown, lines)
    return readability.grade(blocks), cited, problems


def site(content, questions, day: dt.date, production: bool):
    """(reviews by slug, problems) of the published ``questions`` on ``day``."""
    policy = content.site.editorial
    reviews = review.schedule(questions, policy.review_months, day)
    fail = production and policy.overdue == "fail"
    problems: list[Problem] = review.problems(questions, reviews, error=fail)
    problems += review.future_dates(questions, day)
    problems += provenance.problems(questions, policy.drafting_required, policy.ai_needs_reviewer)
    problems += readability.problems(questions, policy.readability_grade)
    return reviews, problems
