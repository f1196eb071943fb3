"""Content problems: each has a place (file and line), the field, what is wrong and a fix."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass

# What must never reach a terminal raw: C0 and C1 controls but tab, DEL, lone surrogates (a
# file name that is not UTF-8) and the line and paragraph separators.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def printable(text: str) -> str:
    """The text with every control character written as an escape (``\\x1b``): a name or
    key holding terminal escape sequences or a newline prints as one harmless line."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, printed as ``path:line: field: message (hint)``."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    warning: bool = False

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        head = f"{place}: {self.field}" if self.field else place
        text = f"{head}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        text = printable(text)
        return f"{text} [warning]" if self.warning else text


def shown_path(path) -> str:
    """The path as an editor would type it: relative to the working folder where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class ContentError(Exception):
    """Raised by a stage that found problems; carries every problem of the run, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ProblemError(ValueError):
    """Raised by a validator for a single value; the caller adds the place."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


def did_you_mean(word: str, choices) -> str:
    """A hint naming the closest known value, or an empty string."""
    close = difflib.get_close_matches(str(word), sorted(choices or ()), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def raise_if(problems: list[Problem]) -> None:
    """Stop the run if any problem is an error (warnings alone never stop it)."""
    if any(not p.warning for p in problems):
        raise ContentError(problems)
