"""Putting a finished site in the place of the output folder, and what keeps that safe: the
new site goes in by one atomic exchange of two folders (Linux `renameat2` with
`RENAME_EXCHANGE`), so that at every moment, a kill -9 included, the output folder is the last
build or the new one, whole. Only folders the generator made are ever replaced or removed:
the output folder carries a mark (`MARK`), scratch folders beside it carry one from their first
moment, and a removal takes the mark last. A lock on the output's parent folder keeps two
builds from interleaving; `recover` tidies up after a killed build.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

MARK = ".qasite-output"  # in every output folder the generator made
MARK_TEXT = b"Made by build.py (qasite): each build replaces this folder whole.\n"
SCRATCH = ".qasite-scratch"  # in every scratch folder, from its first moment
KINDS = ("tmp", "old", "index")  # scratch folders beside the output: <name>.<kind>-<random>


class OutputRefused(ValueError):
    """An output folder the generator did not make: it is never replaced."""


def claim(out: Path) -> None:
    """Refuse an output folder that holds anything and was not made by the generator."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputRefused(f"{out}: not a folder; the site is built into a folder")
    if out.is_dir() and not (out / MARK).is_file() and any(out.iterdir()):
        raise OutputRefused(
            f"{out}: this folder was not made by build.py (it has no {MARK} file), so it is "
            "never replaced (move it away, or choose another --out)"
        )


def trespass(out: Path, project: Path, own: list[Path], allowed: Path) -> str:
    """Why ``out`` may not be replaced: it holds the ``project`` or is, holds or lies in one of
    its ``own`` folders or its git repository (unless it lies in ``allowed``); "" if it may."""
    project, out = project.resolve(), out.resolve()
    own = [folder.resolve() for folder in own]
    for folder in [project, *project.parents]:
        if (folder / ".git").exists():
            own.append(folder / ".git")
            break
    if allowed.resolve() in [out, *out.parents]:
        return ""
    if out == project or out in project.parents:
        return f"refusing to build into {out}: it holds the project {project}"
    for folder in own:
        if out == folder or folder in out.parents:
            return f"refusing to build into {out}: it is or lies in {folder}"
        if out in folder.parents:
            return f"refusing to build into {out}: it holds {folder}"
    return ""


@contextlib.contextmanager
def locked(out: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock of ``out``'s parent folder for the block (an advisory `flock` on the
    folder itself, so no lock file is left anywhere): a second build of the same output
    waits for the first, told through ``waiting``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(out.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def scratch_folder(out: Path, kind: str) -> Path:
    """A new, marked scratch folder beside ``out``: <name>.<kind>-<random>."""
    folder = Path(tempfile.mkdtemp(prefix=f"{out.name}.{kind}-", dir=out.parent))
    (folder / SCRATCH).write_bytes(b"")
    return folder


def _ours(folder: Path, name: str) -> bool:
    """A scratch folder of a build, or a site a build published (now swapped out, perhaps
    inside a scratch folder as ``name``)."""
    try:
        return (
            (folder / SCRATCH).is_file()
            or (folder / MARK).is_file()
            or (folder / name / MARK).is_file()
            or not any(folder.iterdir())  # killed between its making and its mark
        )
    except OSError:
        return False


def remove(folder: Path, name: str) -> None:
    """Remove a folder a build made, and nothing else; its marks go last, so that a removal
    cut short by a kill is still known as the build's and finished by the next build."""
    if not folder.is_dir() or folder.is_symlink() or not _ours(folder, name):
        return
    top = os.fspath(folder)
    site = os.path.join(top, name)
    marks = {os.path.join(top, MARK), os.path.join(top, SCRATCH), os.path.join(site, MARK)}
    with contextlib.suppress(OSError):
        for base, dirs, files in os.walk(top, topdown=False):
            for entry in files:
                path = os.path.join(base, entry)
                if path not in marks:
                    os.unlink(path)
            for entry in dirs:
                path = os.path.join(base, entry)
                if os.path.islink(path):
                    os.unlink(path)
                elif path != site:
                    os.rmdir(path)
        for mark in sorted(marks):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(mark)
        if (folder / name).is_dir():
            os.rmdir(folder / name)
        os.rmdir(folder)


def recover(out: Path) -> None:
    """Put right what a killed build left beside ``out`` (called under the lock): a site
    swapped out by the two-rename fallback goes back if ``out`` is missing, then every
    scratch folder is removed."""
    leftovers = sorted(
        p
        for kind in KINDS
        for p in out.parent.glob(f"{out.name}.{kind}-*")
        if p.is_dir() and not p.is_symlink()
    )
    if not out.exists():
        for folder in leftovers:
            if folder.name.startswith(f"{out.name}.old-") and (folder / out.name / MARK).is_file():
                os.rename(folder / out.name, out)
                break
    for folder in leftovers:
        remove(folder, out.name)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; False where the system cannot (not Linux, an old
    kernel or C library, a file system without it)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap(stage: Path, out: Path) -> None:
    """Put a finished staging folder in the place of ``out`` and remove the old site. One
    atomic step: a rename when there is no ``out``, else an exchange of the two folders. Where
    the system cannot exchange, two renames; a kill between them leaves the old site in
    ``<name>.old-*``, which the next build (`recover`) puts back before anything else."""
    stage.chmod(0o755)
    if not (stage / MARK).is_file():
        raise OutputRefused(f"{stage}: a staging folder without its mark is never published")
    (stage / SCRATCH).unlink(missing_ok=True)  # the mark alone from here on
    if not out.exists():
        os.rename(stage, out)
        return
    claim(out)
    if exchange(stage, out):
        remove(stage, out.name)  # now the old site
        return
    old = scratch_folder(out, "old")
    os.rename(out, old / out.name)
    os.rename(stage, out)
    remove(old, out.name)
