"""Stage 4, write: the new site is made whole in a staging folder beside the output folder,
then put in its place in one step (`swap`). Files whose bytes did not change are linked from
the published site into the staging folder, not written again (they keep their identity).
No path can point outside the output folder.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from . import swap


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""


def _checked(relative: str) -> str:
    """``relative`` if it names a path below a folder: not absolute, no ``..``, ``.`` or empty
    part, no backslash or NUL."""
    if (
        not relative
        or relative[0] == "/"
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("..", ".", "") for part in relative.split("/"))
    ):
        raise UnsafePath(f"refusing to write '{relative}' outside the output folder")
    return relative


def safe_target(root: Path, relative: str, made_here: bool = False) -> Path:
    """``root / relative``, refusing absolute paths, ``..``, and anything that escapes root
    (through a link, unless root is ``made_here``: a folder this build made, which holds no
    link, so that every path need not be resolved on disk)."""
    target = Path(os.path.join(root, _checked(relative)))
    if made_here:
        return target
    if os.path.commonpath([root.resolve(), target.resolve()]) != str(root.resolve()):
        raise UnsafePath(f"refusing to write '{relative}' outside the output folder")
    return target


def write_files(root: Path, files: dict[str, bytes], made_here: bool = False) -> int:
    """Write every file below ``root`` (see `safe_target` for ``made_here``); returns the
    number written."""
    made: set[str] = set()
    for relative in sorted(files):
        target = safe_target(root, relative, made_here)
        parent_made(os.fspath(target), made)
        target.write_bytes(files[relative])
    return len(files)


def _same(target: str, data: bytes) -> bool:
    """``target`` is a regular file (not a link) holding ``data``."""
    try:
        info = os.lstat(target)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(target, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def link(source: str | Path, target: str | Path) -> None:
    """``target`` as a second name of the published ``source`` (never written in place: a
    build always writes a new file), or a copy where links are not possible."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(source, target, follow_symlinks=False)


def files_below(folder: str | Path, skip: str = "") -> Iterator[tuple[str, str, os.stat_result]]:
    """Each file below ``folder`` (links not followed; the top-level folder ``skip`` left
    out), in name order: its name relative to ``folder`` ('a/b.txt'), its path, its lstat."""
    top = os.fspath(folder)
    for base, dirs, names in os.walk(top):
        relative = os.path.relpath(base, top)
        if relative == ".":
            dirs[:] = [d for d in dirs if d != skip]
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(base, name)
            yield (name if relative == "." else f"{relative}/{name}"), path, os.lstat(path)


def parent_made(target: str, made: set[str]) -> None:
    """Make the folder of ``target`` (a path in a folder this build made) unless ``made``
    holds it already."""
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _inside(published: str, relative: str, checked: set[str]) -> str:
    """The path of a published file that `_same` found to be a regular file (not a link):
    only its folder needs resolving, and each folder is resolved once per build (``checked``
    holds the folders found inside ``published``)."""
    source = os.path.join(published, relative)
    folder, parent = os.path.dirname(relative), os.path.dirname(source)
    if folder and parent not in checked:
        safe_target(Path(published), folder)
        checked.add(parent)
    return source


def _write_one(
    folder: Path, relative: str, data: bytes, published: Path | None, made: set[str]
) -> int:
    """Write one file into ``folder`` (a new folder), linked from ``published`` when it holds
    those bytes already; 1 if the bytes changed, else 0. ``made`` holds the folders made in
    ``folder`` and those of ``published`` found to lie inside it."""
    target = os.path.join(folder, _checked(relative))
    parent_made(target, made)
    if published is not None and _same(os.path.join(published, relative), data):
        link(_inside(os.fspath(published), relative, made), target)
        return 0
    try:
        Path(target).write_bytes(data)
    except OSError as exc:  # a full disk names no file: name it
        raise OSError(exc.errno, exc.strerror, exc.filename or target) from None
    return 1


def write_new(
    folder: Path, files: dict[str, bytes], published: Path | None, made: set[str] | None = None
) -> int:
    """Write ``files`` into ``folder``, a new folder, linking from the ``published`` folder
    those whose bytes it holds already (they keep their identity); returns the number of
    files whose bytes changed."""
    made = set() if made is None else made
    there = published if published is not None and published.is_dir() else None
    return sum(
        _write_one(folder, relative, files[relative], there, made) for relative in sorted(files)
    )


class Target:
    """Where a build writes: a staging folder beside ``out`` that becomes the new site whole.
    Files rendered now whose bytes are those of the published ``out`` are linked from it (so
    they keep their identity), as are the ``reused`` files and, when the index is kept, the
    search bundle."""

    def __init__(self, out: Path, folder: Path):
        self.out, self.folder = out, folder
        self.published = False
        self._made: set[str] = set()
        self._published: Path | bool | None = None  # ``out``, or False: none (found once)

    def _begun(self) -> Path | None:
        """The published ``out``, if any; the staging folder's mark is written first."""
        if self._published is None:
            ours = not self.out.is_symlink() and (self.out / swap.MARK).is_file()
            self._published = self.out if ours else False  # a folder the generator made
            _write_one(self.folder, swap.MARK, swap.MARK_TEXT, self._published or None, self._made)
        return self._published or None

    def write_one(self, relative: str, data: bytes) -> int:
        """Write one file (linked from ``out`` if it holds those bytes); 1 if they changed."""
        return _write_one(self.folder, relative, data, self._begun(), self._made)

    def write(self, files: dict[str, bytes], reused=()) -> int:
        """Write ``files`` and link the ``reused`` paths of ``out``; returns the number of
        files whose bytes changed."""
        written = sum(self.write_one(relative, files[relative]) for relative in sorted(files))
        self.link_reused(reused)
        return written

    def link_reused(self, reused) -> None:
        """Link the ``reused`` files of ``out``: files of ``out`` as the manifest lists them
        (it is trusted only if ``out`` holds exactly those regular files: no link among them)."""
        self._begun()
        folder, out = os.fspath(self.folder), os.fspath(self.out)
        for relative in sorted(reused):
            target = os.path.join(folder, _checked(relative))
            parent_made(target, self._made)
            link(os.path.join(out, relative), target)

    @contextlib.contextmanager
    def linking(self, reused) -> Iterator[Callable[[], None]]:
        """Link the ``reused`` files (`link_reused`) in a thread while the block runs (the
        index stage, which mostly waits on Pagefind and reads only the files rendered now from
        the staging folder); the block gets a function that waits for the links to be made
        (and raises what stopped them). The block never ends with the thread still running."""
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            job = pool.submit(self.link_reused, reused)
            yield job.result
            job.result()

    def keep_bundle(self) -> None:
        """Link the published search bundle, if any, into the new site."""
        bundle = self.out / "pagefind"
        if not bundle.is_dir() or bundle.is_symlink():
            return
        into = os.path.join(self.folder, "pagefind")
        for name, path, info in files_below(bundle):
            if stat.S_ISREG(info.st_mode):
                target = os.path.join(into, name)
                parent_made(target, self._made)
                link(path, target)

    def publish(self) -> None:
        swap.swap(self.folder, self.out)
        self.published = True

    def cleanup(self) -> None:
        """Remove the staging folder if it was never published."""
        if not self.published:
            swap.remove(self.folder, self.out.name)


@contextlib.contextmanager
def publishing(out: Path) -> Iterator[Target]:
    """A `Target` for one build, in a fresh staging folder beside ``out``. Nothing reaches
    ``out`` before `Target.publish`; whatever happens, an unpublished staging folder is
    removed when the block ends. Call under `swap.locked`, after `swap.recover`."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)  # ``out`` is claimed when published
    target = Target(out, swap.scratch_folder(out, "tmp"))
    try:
        yield target
    finally:
        target.cleanup()
