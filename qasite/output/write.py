"""Stage 4, write: the new site is made whole in a staging folder beside the output folder,
then put in its place by one atomic exchange of the two folders (Linux `renameat2` with
`RENAME_EXCHANGE`): at every moment, a kill -9 included, the output folder is the last build
or the new one, whole. A warm build links the files that did not change from the published
site into the staging folder, so it is as cheap as rewriting them in place was.

A build writes only into folders it made: the output folder carries a mark (`MARK`), a folder
without it is never replaced, and scratch folders left by a killed build (marked too) are
removed by the next. A lock on the output's parent folder keeps two builds from interleaving.
No path can point outside the output folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

MARK = ".qasite-output"  # in every output folder the generator made
MARK_TEXT = b"Made by build.py (qasite): each build replaces this folder whole.\n"
SCRATCH = ".qasite-scratch"  # in every scratch folder, from its first moment
KINDS = ("tmp", "old", "index")  # scratch folders beside the output: <name>.<kind>-<random>


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""


class OutputRefused(ValueError):
    """An output folder the generator did not make: it is never replaced."""


def safe_target(root: Path, relative: str, made_here: bool = False) -> Path:
    """``root / relative``, refusing absolute paths, ``..``, and anything that escapes root
    (through a link, unless root is ``made_here``: a folder this build made, which holds no
    link, so that every path need not be resolved on disk)."""
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
    if made_here:
        return target
    if os.path.commonpath([root.resolve(), target.resolve()]) != str(root.resolve()):
        raise UnsafePath(f"refusing to write '{relative}' outside the output folder")
    return target


def write_files(root: Path, files: dict[str, bytes], made_here: bool = False) -> int:
    """Write every file below ``root`` (see `safe_target` for ``made_here``); returns the
    number written."""
    made: set[Path] = set()
    for relative in sorted(files):
        target = safe_target(root, relative, made_here)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(files[relative])
    return len(files)


def claim(out: Path) -> None:
    """Refuse an output folder that holds anything and was not made by the generator."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputRefused(f"{out}: not a folder; the site is built into a folder")
    if out.is_dir() and not (out / MARK).is_file() and any(out.iterdir()):
        raise OutputRefused(
            f"{out}: this folder was not made by build.py (it has no {MARK} file), so it is "
            "never replaced (move it away, or choose another --out)"
        )


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


def _remove(folder: Path, name: str) -> None:
    """Remove a folder a build made, and nothing else; its marks go last, so that a removal
    cut short by a kill is still known as the build's and finished by the next build."""
    if not folder.is_dir() or folder.is_symlink() or not _ours(folder, name):
        return
    marks = {folder / MARK, folder / SCRATCH, folder / name / MARK}
    with contextlib.suppress(OSError):
        for base, dirs, files in os.walk(folder, topdown=False):
            for entry in files:
                if Path(base, entry) not in marks:
                    os.unlink(os.path.join(base, entry))
            for entry in dirs:
                path = os.path.join(base, entry)
                if os.path.islink(path):
                    os.unlink(path)
                elif Path(path) != folder / name:
                    os.rmdir(path)
        for mark in sorted(marks):
            mark.unlink(missing_ok=True)
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
        _remove(folder, out.name)


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
        _remove(stage, out.name)  # now the old site
        return
    old = scratch_folder(out, "old")
    os.rename(out, old / out.name)
    os.rename(stage, out)
    _remove(old, out.name)


def _same(target: Path, data: bytes) -> bool:
    """``target`` is a regular file (not a link) holding ``data``."""
    try:
        info = target.lstat()
        return (
            stat.S_ISREG(info.st_mode) and info.st_size == len(data) and target.read_bytes() == data
        )
    except OSError:
        return False


def _link(source: Path, target: Path) -> None:
    """``target`` as a second name of the published ``source`` (never written in place: a
    build always writes a new file), or a copy where links are not possible."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(source, target, follow_symlinks=False)


def write_new(
    folder: Path, files: dict[str, bytes], published: Path | None, made: set[Path] | None = None
) -> int:
    """Write ``files`` into ``folder``, a new folder, linking from the ``published`` folder
    those whose bytes it holds already (they keep their identity); returns the number of
    files whose bytes changed."""
    made = set() if made is None else made
    written, there = 0, published is not None and published.is_dir()
    for relative in sorted(files):
        target = safe_target(folder, relative, made_here=True)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if there and _same(published / relative, files[relative]):
            _link(safe_target(published, relative), target)
            continue
        try:
            target.write_bytes(files[relative])
        except OSError as exc:  # a full disk names no file: name it
            raise OSError(exc.errno, exc.strerror, exc.filename or str(target)) from None
        written += 1
    return written


class Target:
    """Where a build writes: a staging folder beside ``out`` that becomes the new site whole.
    Files rendered now whose bytes are those of the published ``out`` are linked from it (so
    they keep their identity), as are the ``reused`` files and, when the index is kept, the
    search bundle."""

    def __init__(self, out: Path, folder: Path):
        self.out, self.folder = out, folder
        self.published = False
        self._made: set[Path] = set()

    def _parent(self, target: Path) -> None:
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)

    def write(self, files: dict[str, bytes], reused=()) -> int:
        """Write ``files`` and link the ``reused`` paths of ``out``; returns the number of
        files whose bytes changed."""
        write_new(self.folder, {MARK: MARK_TEXT}, self.out, self._made)
        written = write_new(self.folder, files, self.out, self._made)
        for relative in sorted(reused):  # files of ``out`` as the manifest lists them (it is
            # trusted only if ``out`` holds exactly those regular files: no link among them)
            target = safe_target(self.folder, relative, made_here=True)
            self._parent(target)
            _link(safe_target(self.out, relative, made_here=True), target)
        return written

    def keep_bundle(self) -> None:
        """Link the published search bundle, if any, into the new site."""
        bundle = self.out / "pagefind"
        if not bundle.is_dir() or bundle.is_symlink():
            return
        for path in sorted(bundle.rglob("*")):
            if path.is_file() and not path.is_symlink():
                target = self.folder / "pagefind" / path.relative_to(bundle)
                self._parent(target)
                _link(path, target)

    def publish(self) -> None:
        swap(self.folder, self.out)
        self.published = True

    def cleanup(self) -> None:
        """Remove the staging folder if it was never published."""
        if not self.published:
            _remove(self.folder, self.out.name)


@contextlib.contextmanager
def publishing(out: Path) -> Iterator[Target]:
    """A `Target` for one build, in a fresh staging folder beside ``out``. Nothing reaches
    ``out`` before `Target.publish`; whatever happens, an unpublished staging folder is
    removed when the block ends. Call under `locked`, after `recover`."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    claim(out)
    target = Target(out, scratch_folder(out, "tmp"))
    try:
        yield target
    finally:
        target.cleanup()
