"""The files of content/ and layouts/: the names editors see, the Markdown files of a folder,
and what is refused before anything is read (symbolic links, names that are not UTF-8 or
not slugs)."""

from __future__ import annotations

import os
from pathlib import Path

from . import schema
from .errors import Problem, shown_path


def content_files(folder: Path) -> list[Path]:
    """Every file in a content folder, in name order (hidden files excepted)."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)


def symlinks(folder: Path) -> list[Problem]:
    """A problem for every symbolic link in a folder's tree, the folder itself included: a
    link could publish a file from anywhere on the machine, so none is followed."""
    found = [folder] if folder.is_symlink() else []
    for top, dirs, files in os.walk(folder):
        found += [Path(top, name) for name in sorted(dirs + files) if Path(top, name).is_symlink()]
    return [
        Problem(
            shown_path(link),
            0,
            "",
            "is a symbolic link, which is never followed",
            "copy the file or folder here instead",
        )
        for link in found
    ]


def bad_name(path: Path) -> Problem:
    return Problem(
        shown_path(path),
        0,
        "",
        "the file name is not valid UTF-8",
        "rename it with lowercase letters, digits and hyphens only",
    )


def undecodable(path: Path) -> bool:
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def slug_of(path: Path, shown: str) -> tuple[str, list[Problem]]:
    if path.suffix != ".md" or not path.is_file():
        return "", [
            Problem(
                shown, 0, "", "not a Markdown file", "content folders hold only <slug>.md files"
            )
        ]
    if not schema.SLUG.fullmatch(path.stem):
        return "", [
            Problem(
                shown,
                0,
                "",
                f"file name '{path.stem}' is not a slug",
                "rename it with lowercase letters, digits and hyphens only",
            )
        ]
    return path.stem, []
