"""The persistent build cache in `.cache/`: the last run's parsed questions (`snapshot`), the
last build of each output folder (`manifest`), related questions by their inputs.

Entries are JSON, never pickle, so a foreign or corrupt file can only be ignored, never run.
Every entry carries the generator's fingerprint (its own source and the versions of the
libraries that shape its output): a new generator never trusts an old entry.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import shutil
from pathlib import Path

LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "PyYAML",
    "Jinja2",
    "pagefind",
    "textstat",
    "pyphen",
)
# Code that changes no built file: the preview server, progress line, benchmark (tools/) and the
# online link check.
NOT_OUTPUT = ("tools/", "editorial/linkcheck.py", "editorial/fetch.py")


@functools.cache
def generator_version() -> str:
    """A digest of this package's code and the versions of the libraries it renders with."""
    digest = hashlib.sha256()
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*.py")) + sorted(package.rglob("*.js")):
        name = path.relative_to(package).as_posix()
        if name.startswith(NOT_OUTPUT):
            continue
        digest.update(name.encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()[:20]


def content_key(shown: str, raw: bytes) -> str:
    """The key of a parsed file: its bytes, its path (problems name it) and the generator."""
    return hashlib.sha256(f"{generator_version()}\0{shown}\0".encode() + raw).hexdigest()


class Cache:
    """`.cache/` below the project, or nothing at all when ``folder`` is None; a cache that is
    not ``writable`` is read but never written (`check` has no side effects)."""

    def __init__(self, folder: Path | None, writable: bool = True):
        self.folder = folder
        self.writable = writable
        self._folders: set[Path] = set()

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def get(self, kind: str, key: str) -> dict | None:
        """The entry stored under ``key``, or None if absent, foreign, old or unreadable."""
        if self.folder is None:
            return None
        try:
            entry = json.loads(self._path(kind, key).read_bytes())
            if entry["version"] == generator_version() and entry["key"] == key:
                return entry["data"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def forget(self, kind: str) -> None:
        """Remove every entry of a kind."""
        if self.folder is not None and self.writable:
            shutil.rmtree(self.folder / kind, ignore_errors=True)

    def delete(self, kind: str, key: str) -> None:
        if self.folder is not None and self.writable:
            with contextlib.suppress(OSError):
                self._path(kind, key).unlink()

    def put(self, kind: str, key: str, data) -> None:
        """Store ``data``; written whole or not at all (a temporary file renamed)."""
        if self.folder is None or not self.writable:
            return
        path = self._path(kind, key)
        entry = {"version": generator_version(), "key": key, "data": data}
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            temporary.write_bytes(text)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()  # a cache that cannot be written only slows the next build
