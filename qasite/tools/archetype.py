"""`new`: a question file started from the archetype (`layouts/archetypes/question.md`), with
a slug made from its title, today's date and every optional key written as a comment."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from pathlib import Path

from ..content import config, load, parse, schema
from ..content.errors import ContentError, Problem, ProblemError, did_you_mean
from ..editorial import review
from ..site import render


def slugify(title: str) -> str:
    """A URL slug from a question's title: ASCII, lowercase, hyphens, at most 80 characters.
    A title with no Latin letters or digits gets ``question-`` and a digest of its text."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 80:
            slug = slug or word[:80]
            break
        slug = f"{slug}-{word}" if slug else word
    if not slug and any(c.isalnum() for c in title):
        slug = "question-" + hashlib.sha256(title.encode("utf-8", "replace")).hexdigest()[:10]
    return slug


def new(root: Path, title: str, cancer_type: str, today: dt.date | None = None) -> Path:
    """Write content/questions/<slug>.md from the archetype; never overwrites a file."""
    data = root / "content" / "_data" / "cancer_types.yaml"
    types, problems = config.load_cancer_types(data, load.shown_path(data))
    if problems:
        raise ContentError(problems)
    if cancer_type not in types:
        raise ContentError(
            [
                Problem(
                    "--cancer-type",
                    0,
                    "",
                    f"unknown '{cancer_type}'",
                    did_you_mean(cancer_type, types) or "known: " + ", ".join(sorted(types)),
                )
            ]
        )
    try:  # the checks `check` makes: the file written must be read back
        title = schema.title(title)
        parse.refuse_control(title, 0)
    except (ProblemError, parse.LocatedError) as exc:
        raise ContentError([Problem("title", 0, "", exc.message, exc.hint)]) from None
    slug = slugify(title)
    if not slug:
        raise ContentError(
            [
                Problem(
                    "title",
                    0,
                    "",
                    f"'{title}' has no letters or digits",
                    "write the question in words",
                )
            ]
        )
    path = root / "content" / "questions" / f"{slug}.md"
    env = render.environment(root / "layouts")
    text = env.get_template("archetypes/question.md").render(
        title=_quoted(title)[1:-1],  # inside the archetype's double quotes
        cancer_type=cancer_type,
        today=(today or review.today()).isoformat(),
        keys=schema.QUESTION_KEYS,
        placeholder=schema.PLACEHOLDER,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ContentError(
            [
                Problem(
                    load.shown_path(path),
                    0,
                    "",
                    "already exists",
                    "edit it, or choose another title",
                )
            ]
        ) from None
    return path


def _quoted(text: str) -> str:
    """The text as one YAML double-quoted scalar, emoji and every script written as they are
    (control characters are refused before)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\u2028", "\\L").replace("\u2029", "\\P") + '"'
