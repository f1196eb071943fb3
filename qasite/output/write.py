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


def _swap(stage: Path, out: Path) -> None:
    """Put a finished staging folder in the place of ``out``, in two renames."""
    stage.chmod(0o755)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{out.name}.old-", dir=out.parent))
        os.replace(out, old / out.name)
    os.replace(stage, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _same(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def apply(out: Path, files: dict[str, bytes], removed, bundle: Path | None = None) -> int:
    """Bring a published folder up to date in place, once every check has passed. The files
    whose bytes changed are first written into a scratch folder beside ``out`` (a failure
    there leaves ``out`` exactly as it was); then each is renamed over its old self, the
    removed ones are deleted and a new search ``bundle`` folder replaces ``out/pagefind``.
    Files whose bytes did not change are not touched. Returns the number of files written."""
    changed = {path: data for path, data in files.items() if not _same(out / path, data)}
    scratch = Path(tempfile.mkdtemp(prefix=f"{out.name}.tmp-", dir=out.parent))
    try:
        write_files(scratch, changed, made_here=True)
        for relative in sorted(changed):
            target = safe_target(out, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(scratch / relative, target)
        for relative in sorted(removed):
            target = safe_target(out, relative)
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            parent = target.parent
            while parent != out and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
        if bundle is not None:
            _merge_bundle(bundle, out / "pagefind")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return len(changed)


def _merge_bundle(new: Path, old: Path) -> None:
    """Move a new search bundle over the old one, file by file: unchanged files stay as they
    are, the entry file (which names the others) goes last, stale files are then removed."""
    if not old.exists():
        os.replace(new, old)
        return
    names = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
    entry = "pagefind-entry.json"
    for name in sorted(names, key=lambda n: n == entry):
        source, target = new / name, old / name
        if not _same(target, source.read_bytes()):
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    keep = set(names)
    for path in sorted(old.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(old).as_posix() not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


class Target:
    """Where a build writes. Cold (``folder`` is a fresh staging folder beside ``out``): every
    file is written there and `publish` puts the folder in the place of ``out``. Warm
    (``folder`` is None): the files are kept until `publish`, which applies to ``out`` in place
    only those whose bytes changed."""

    def __init__(self, out: Path, folder: Path | None):
        self.out, self.folder = out, folder
        self.files: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.bundle: Path | None = None
        self.published = False
        self._scratch: list[Path] = []

    def write(self, files: dict[str, bytes], removed=()) -> int:
        if self.folder is not None:
            return write_files(self.folder, files, made_here=True)
        self.files, self.removed = files, set(removed)
        return sum(1 for path, data in files.items() if not _same(self.out / path, data))

    def pages_folder(self, paths: list[str]) -> Path:
        """A folder holding the pages at ``paths`` as this build makes them, for the indexer:
        the staging folder itself, or a scratch folder of links to the unchanged pages of
        ``out`` and copies of the changed ones."""
        if self.folder is not None:
            return self.folder
        scratch = Path(tempfile.mkdtemp(prefix=f"{self.out.name}.index-", dir=self.out.parent))
        self._scratch.append(scratch)
        made: set[Path] = set()
        for relative in paths:
            target = safe_target(scratch, relative, made_here=True)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if relative in self.files:
                target.write_bytes(self.files[relative])
            else:
                os.link(safe_target(self.out, relative), target)
        return scratch

    def publish(self) -> None:
        if self.folder is not None:
            _swap(self.folder, self.out)
        else:
            apply(self.out, self.files, self.removed, self.bundle)
        self.published = True

    def cleanup(self) -> None:
        """Remove every scratch folder, and the staging folder if it was never published."""
        for scratch in self._scratch:
            shutil.rmtree(scratch, ignore_errors=True)
        if self.folder is not None and not self.published:
            shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def publishing(out: Path, warm: bool) -> Iterator[Target]:
    """A `Target` for one build: a fresh staging folder beside ``out`` (cold), or ``out``
    itself (warm). Nothing reaches ``out`` before `Target.publish`; whatever happens, the
    scratch and unpublished staging folders are removed when the block ends."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    folder = None if warm else Path(tempfile.mkdtemp(prefix=f"{out.name}.tmp-", dir=out.parent))
    target = Target(out, folder)
    try:
        yield target
    finally:
        target.cleanup()
