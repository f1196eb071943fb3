"""Stage 4, write: files into a staging folder beside the site, swapped in only on success.

A failed build (an exception anywhere inside `staging`) removes the staging folder and leaves
the published site exactly as it was. No path can point outside the output folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""


def safe_target(root: Path, relative: str) -> Path:
    """``root / relative``, refusing absolute paths, ``..``, and anything that escapes root."""
    rel = PurePosixPath(relative)
    if (
        rel.is_absolute()
        or not rel.parts
        or any(p in ("..", ".", "") for p in rel.parts)
        or "\\" in relative
        or "\x00" in relative
    ):
        raise UnsafePath(f"refusing to write '{relative}' outside the output folder")
    target = root.joinpath(*rel.parts)
    if os.path.commonpath([root.resolve(), target.resolve()]) != str(root.resolve()):
        raise UnsafePath(f"refusing to write '{relative}' outside the output folder")
    return target


def write_files(root: Path, files: dict[str, bytes]) -> int:
    """Write every file below ``root``; returns the number written."""
    made: set[Path] = set()
    for relative in sorted(files):
        target = safe_target(root, relative)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(files[relative])
    return len(files)


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh folder beside ``out``; on success it replaces ``out`` in two renames."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{out.name}.tmp-", dir=out.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    stage.chmod(0o755)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{out.name}.old-", dir=out.parent))
        os.replace(out, old / out.name)
    os.replace(stage, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
