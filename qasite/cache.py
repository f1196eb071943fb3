"""The persistent build cache in `.cache/`: parsed questions by content, and the last build.

Entries are JSON, never pickle, so a foreign or corrupt file can only be ignored, never run.
Every entry carries the generator's fingerprint (its own source and the versions of the
libraries that shape its output): a new generator never trusts an old entry. A parsed question
is keyed by its file's bytes and path, so an unchanged file is never parsed again, whatever
else changed; what depends on data files and layouts is worked out again every run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import os
from pathlib import Path

from .errors import Problem
from .model import Heading, Question, Rendered, Source

LIBRARIES = ("markdown-it-py", "mdit-py-plugins", "PyYAML", "Jinja2", "pagefind")
NOT_OUTPUT = {"bench.py", "synth.py", "serve.py", "preview.js"}  # change no built file


@functools.cache
def generator_version() -> str:
    """A digest of this package's code and the versions of the libraries it renders with."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")) + sorted(package.glob("*.js")):
        if path.name in NOT_OUTPUT:
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()[:20]


def content_key(shown: str, raw: bytes) -> str:
    """The key of a parsed file: its bytes, its path (problems name it) and the generator."""
    return hashlib.sha256(f"{generator_version()}\0{shown}\0".encode() + raw).hexdigest()


def question_record(q: Question, warnings: list[Problem], html: bool = True) -> dict:
    """A question as plain JSON data (dates as ISO text, the line map as pairs); without its
    HTML when ``html`` is False (the run's snapshot, whose HTML stays in the entry)."""
    record = {
        name: getattr(q, name)
        for name in (
            "slug",
            "path",
            "title",
            "cancer_type",
            "summary",
            "reviewed_by",
            "author",
            "digest",
        )
    }
    for name in ("date", "updated", "last_reviewed"):
        value = getattr(q, name)
        record[name] = value.isoformat() if value else None
    for name in ("related", "tags", "biomarkers", "aliases"):
        record[name] = list(getattr(q, name))
    record["draft"] = q.draft
    record["sources"] = [s._asdict() for s in q.sources]
    body = q.body
    record["body"] = {
        "html": str(body.html) if html else None,
        "first_paragraph": body.first_paragraph,
        "headings": [[h.level, h.id, h.text] for h in body.headings],
        "links": list(body.links),
    }
    record["lines"] = [
        [list(key), line]
        for key, line in q.lines.items()
        if html or len(key) <= 1 or key[0] in ("related", "aliases")  # what later stages name
    ]
    record["warnings"] = [vars(p) for p in warnings]
    return record


class StoredHTML:
    """An answer's HTML left in the cache until a page shows it (Jinja reads ``__html__``)."""

    __slots__ = ("key", "store")

    def __init__(self, store: Cache, key: str):
        self.store, self.key = store, key

    def __html__(self) -> str:
        record = self.store.get("questions", self.key)
        if record is None or not isinstance(record["body"]["html"], str):
            raise LookupError(f"the cache lost entry {self.key}: build again")
        return record["body"]["html"]

    __str__ = __html__

    def __eq__(self, other) -> bool:
        return isinstance(other, StoredHTML) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


def question_from(record: dict, html=None) -> tuple[Question, list[Problem]]:
    """The inverse of `question_record`, with ``html`` for a record stored without it; raises
    KeyError, TypeError or ValueError on a malformed record."""
    body = record["body"]
    values = dict(record)
    for name in ("date", "updated", "last_reviewed"):
        values[name] = dt.date.fromisoformat(record[name]) if record[name] else None
    for name in ("related", "tags", "biomarkers", "aliases"):
        values[name] = tuple(record[name])
    values["sources"] = tuple(Source(**s) for s in record["sources"])
    if not isinstance(html or body["html"], str | StoredHTML):
        raise TypeError("a record without its HTML")
    values["body"] = Rendered(
        html=html or body["html"],
        first_paragraph=body["first_paragraph"],
        headings=tuple(Heading(*h) for h in body["headings"]),
        links=tuple(body["links"]),
    )
    values["lines"] = {tuple(key): line for key, line in record["lines"]}
    warnings = [Problem(**p) for p in values.pop("warnings")]
    return Question(**values), warnings


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
