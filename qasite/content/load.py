"""Stage 1, load and validate: content/ on disk to a checked `Content`, or every problem found."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .. import editorial
from ..incremental import cache
from . import asks, batch, config, files, glossary, markdown, parse, schema
from .errors import Problem, did_you_mean, raise_if, shown_path
from .files import content_files
from .model import Content, Page, Question, Source

RESERVED_PAGE_SLUGS = {
    "questions",
    "cancer-types",
    "search",
    "static",
    "pagefind",
    "feeds",
    "glossary",
}


def _read(raw: bytes, shown: str) -> tuple[dict, dict, str, int] | Problem:
    try:
        return parse.front_matter(parse.decode(raw))
    except parse.LocatedError as exc:
        return Problem(shown, exc.line, exc.field, exc.message, exc.hint)


def _body_of(raw: bytes) -> tuple[str, int] | None:
    """The body and its first line of a file whose front matter could not be read, if its
    fences can be found: its own problems are reported in the same run."""
    try:
        _, body, body_line = parse.split(parse.decode(raw))
    except parse.LocatedError:
        return None
    return body, body_line


@dataclass(frozen=True)
class Reference:
    """A question's mention of a cancer type or reviewer, judged once the data is known."""

    path: str
    line: int
    field: str
    value: str


def parse_question(
    path: Path, shown: str, raw: bytes
) -> tuple[Question | None, list[Problem], list[Reference]]:
    """One question file to a `Question`, with every problem found in the file itself.

    A pure function of the file (run in worker processes, cached by content); references to
    cancer types and reviewers are checked by `check_references` on every run."""
    slug, problems = files.slug_of(path, shown)
    if problems:
        return None, problems, []
    read = _read(raw, shown)
    if isinstance(read, Problem):
        body = _body_of(raw)
        found = [] if body is None else _body_problems(shown, *body)
        return None, [read, *found], []
    data, lines, body, body_line = read
    values, problems = schema.validate(data, schema.QUESTION_KEYS, lines, shown)
    raw_sources = values.get("sources", ())
    sources, found = schema.validate_list(
        raw_sources, schema.SOURCE_KEYS, lines, shown, ("sources",)
    )
    problems += found
    for index, source in enumerate(raw_sources):  # as written: a bad url is not a missing one
        if isinstance(source, dict) and all(
            schema.is_empty(source.get(k)) for k in ("url", "doi", "pmid")
        ):
            problems.append(
                Problem(
                    shown,
                    lines.get(("sources", index), 1),
                    f"sources.{index}",
                    "has no url, doi or pmid",
                    "say where the source is read",
                )
            )

    def check(cond: bool, key: str, message: str, hint: str = "") -> None:
        if cond:
            problems.append(Problem(shown, lines.get((key,), 1), key, message, hint))

    reviewer = values.get("reviewed_by")
    check(
        reviewer is not None and "last_reviewed" not in values,
        "reviewed_by",
        "is set without last_reviewed",
        "add the date of the review",
    )
    for later in ("updated", "last_reviewed"):
        check(
            later in values and "date" in values and values[later] < values["date"],
            later,
            f"{values.get(later)} is before date {values.get('date')}",
            "a page cannot change before it is published",
        )
    check(
        slug in values.get("related", ()),
        "related",
        "names the page itself",
        "list other questions",
    )
    if len(values.get("summary", "")) > schema.MAX_SUMMARY:
        problems.append(
            Problem(
                shown,
                lines.get(("summary",), 1),
                "summary",
                f"is {len(values['summary']):,} characters, more than the {schema.MAX_SUMMARY} "
                "a meta description should be",
                "search engines cut it short: say it in fewer words",
                warning=True,
            )
        )
    rendered, found = markdown.render(
        body, shown, body_line, [s.get("id") for s in sources if isinstance(s, dict)]
    )
    problems += found + _placeholders(body, shown, body_line)
    if rendered is not None:
        values["grade"], values["cited"], found = editorial.answer(
            rendered.blocks, sources, shown, lines
        )
        problems += found
        lines[("body",)] = rendered.blocks[0].line if rendered.blocks else body_line
        rendered = dataclasses.replace(rendered, blocks=())
    if body.strip():
        problems += asks.check(body, shown, body_line, values.get("questions_for"))
    else:
        problems.append(
            Problem(
                shown,
                body_line,
                "body",
                "the answer is empty",
                "write the answer below the front matter",
            )
        )
    if "summary" not in values:
        problems.append(
            Problem(
                shown,
                lines.get(("summary",), 1),
                "summary",
                "missing",
                "one or two plain sentences give search engines and related lists a good excerpt",
                warning=True,
            )
        )
    refs = references(values, lines, shown)
    if any(not p.warning for p in problems):
        return None, problems, refs
    values["sources"] = tuple(Source(**s) for s in sources)
    question = Question(slug=slug, path=shown, body=rendered, lines=lines, **values)
    return question, problems, refs


def _placeholders(body: str, shown: str, body_line: int) -> list[Problem]:
    """The archetype's placeholder answer, left in: the answer is unfinished."""
    at = body.find(schema.PLACEHOLDER)
    if at < 0:
        return []
    return [
        Problem(
            shown,
            body_line + body[:at].count("\n"),
            "body",
            "the archetype's placeholder text is still here",
            "replace it with the answer",
        )
    ]


def _body_problems(shown: str, body: str, body_line: int) -> list[Problem]:
    return markdown.render(body, shown, body_line)[1] + _placeholders(body, shown, body_line)


def references(values: dict, lines: dict, shown: str) -> list[Reference]:
    """The cancer type and reviewer a question names."""
    return [
        Reference(shown, lines.get((key,), 1), key, str(values[key]))
        for key in ("cancer_type", "reviewed_by")
        if values.get(key) is not None
    ]


def check_references(notes: list[Reference], types, reviewers) -> list[Problem]:
    """Problems for each reference to an unknown cancer type or reviewer. ``types`` or
    ``reviewers`` is None when its data file could not be read (its own error is reported;
    a flood of follow-on errors would hide it)."""
    problems = []
    for note in notes:
        known, what, where = (
            (types, "unknown", "add it to content/_data/cancer_types.yaml")
            if note.field == "cancer_type"
            else (reviewers, "unknown reviewer", "add them to content/_data/reviewers.yaml")
        )
        if known is not None and note.value not in known:
            hint = did_you_mean(note.value, known) or where
            problems.append(
                Problem(note.path, note.line, note.field, f"{what} '{note.value}'", hint)
            )
    return problems


def read_page(path: Path, shown: str) -> tuple[Page | None, list[Problem]]:
    slug, problems = files.slug_of(path, shown)
    if not problems and slug in RESERVED_PAGE_SLUGS:
        problems = [
            Problem(
                shown,
                0,
                "",
                f"'{slug}' is a reserved address",
                "rename the file: "
                + ", ".join(sorted(RESERVED_PAGE_SLUGS))
                + " are used by the site",
            )
        ]
    if problems:
        return None, problems
    raw = path.read_bytes()
    read = _read(raw, shown)
    if isinstance(read, Problem):
        body = _body_of(raw)
        return None, [read, *([] if body is None else _body_problems(shown, *body))]
    data, lines, body, body_line = read
    values, problems = schema.validate(data, schema.PAGE_KEYS, lines, shown)
    rendered, found = markdown.render(body, shown, body_line)
    problems += found
    if problems:
        return None, problems
    return Page(
        slug=slug,
        path=shown,
        title=values["title"],
        description=values.get("description"),
        body=rendered,
    ), []


def load(
    root: Path, store: cache.Cache | None = None, jobs: int | None = None, progress=None
) -> Content:
    """All of content/ checked; raises `ContentError` with every problem of the run.
    ``store`` is the build cache (none by default); ``jobs`` the worker processes to use."""
    cache_store = store or cache.Cache(None)
    content = root / "content"
    data = content / "_data"
    site, problems = config.load_site(data / "site.yaml", shown_path(data / "site.yaml"))
    types, found = config.load_cancer_types(
        data / "cancer_types.yaml", shown_path(data / "cancer_types.yaml")
    )
    problems += found
    known_types = None if found and not types else types
    reviewers, found = config.load_reviewers(
        data / "reviewers.yaml", shown_path(data / "reviewers.yaml")
    )
    problems += found
    known_reviewers = None if found and not reviewers else reviewers
    problems += files.symlinks(content) + files.symlinks(root / "layouts")
    terms, found = glossary.load(data / "glossary.yaml", shown_path(data / "glossary.yaml"))
    problems += found
    questions, pages = [], []
    questions_folder = []
    for path in content_files(content / "questions"):
        if path.is_symlink():
            continue  # reported above
        if files.undecodable(path):
            problems.append(files.bad_name(path))
            continue
        questions_folder.append(path)
    for question, found, refs in batch.parse_all(
        questions_folder, parse_question, cache_store, jobs, progress
    ):
        problems += found
        if refs is None:  # a cached question: look closer only if a reference is unknown
            known = (known_types is None or question.cancer_type in known_types) and (
                question.reviewed_by is None
                or known_reviewers is None
                or question.reviewed_by in known_reviewers
            )
            refs = [] if known else references(vars(question), question.lines, question.path)
        problems += check_references(refs, known_types, known_reviewers)
        if question:
            questions.append(question)
    for path in content_files(content / "pages"):
        if path.is_symlink() or files.undecodable(path):
            problems += [] if path.is_symlink() else [files.bad_name(path)]
            continue
        page, found = read_page(path, shown_path(path))
        problems += found
        if page:
            pages.append(page)
    unexpected = [
        p for p in content_files(content) if p.name not in ("_data", "questions", "pages")
    ]
    problems += [
        Problem(
            shown_path(p),
            0,
            "",
            "unexpected file or folder in content/",
            "questions go in content/questions/, pages in content/pages/",
        )
        for p in unexpected
    ]
    raise_if(problems)
    return Content(
        site=site,
        cancer_types=types,
        reviewers=reviewers,
        questions=tuple(questions),
        pages=tuple(pages),
        warnings=tuple(p for p in problems if p.warning),
        glossary=terms,
    )
