"""The persistent build cache in `.cache/`: the last run's parsed questions (`snapshot`), the
last build of each output folder (`manifest`), related questions by their inputs.

Entries are JSON, never pickle, so a foreign or corrupt file can only be ignored, never run.
Every entry carries the generator's fingerprint (its own source and the versions of the
libraries that shape its output): a new generator never trusts an old entry.

Every entry is also signed (HMAC-SHA256) with a key that never leaves this machine's user
account (`KEY`, outside the project, made on the first build): an entry edited by hand, or
made anywhere else (a cache restored by CI or Netlify, written there by a build of another
branch), is ignored as if absent, so what reaches a page was computed here, from the bytes it
is filed under. Where that key cannot be kept (no home folder), nothing in the cache is used.

A machine that is new for every build (Netlify's) keeps no key: there the key is a secret
given in the environment (`KEY_VARIABLE`), set for the production context only, so that a
production deploy reuses the cache of the last production deploy, and entries written by
deploy previews and branch builds (which do not know the secret) are ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import importlib.metadata
import json
import os
import secrets
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


KEY_VARIABLE = "QASITE_CACHE_KEY"  # at least 32 characters: a secret, never committed
KEY_MIN = 32


def key_path() -> Path:
    """Where the signing key is kept: the user's configuration folder, never the project."""
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "qasite" / "cache-key"


def signing_key(make: bool) -> bytes | None:
    """The secret of the environment (`KEY_VARIABLE`), else this account's key (made,
    readable by this user only, when ``make``), or None. A secret that is too short to be
    one is not used: nothing in the cache is then trusted."""
    given = os.environ.get(KEY_VARIABLE)
    if given is not None:
        return hashlib.sha256(given.encode()).digest() if len(given) >= KEY_MIN else None
    path = key_path()
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except (OSError, RuntimeError):
        pass
    if not make:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".cache-key.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)  # the first of two builds making it wins
        temporary.unlink()
        key = path.read_bytes()
    except (OSError, RuntimeError):
        return None
    return key if len(key) == 32 else None


def content_key(shown: str, raw: bytes) -> str:
    """The key of a parsed file: its bytes, its path (problems name it) and the generator."""
    return hashlib.sha256(f"{generator_version()}\0{shown}\0".encode() + raw).hexdigest()


class Cache:
    """`.cache/` below the project, or nothing at all when ``folder`` is None; a cache that is
    not ``writable`` is read but never written (`check` has no side effects)."""

    def __init__(self, folder: Path | None, writable: bool = True):
        self.writable = writable
        self._secret = signing_key(make=writable) if folder is not None else None
        self.folder = folder if self._secret is not None else None
        self._folders: set[Path] = set()

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def _mac(self, kind: str, key: str, body: bytes) -> str:
        head = f"{kind}\0{key}\0{generator_version()}\0".encode()
        return hmac.new(self._secret, head + body, hashlib.sha256).hexdigest()

    def get(self, kind: str, key: str) -> dict | None:
        """The entry stored under ``key``, or None if absent, foreign, old, unsigned, edited
        or unreadable."""
        if self.folder is None:
            return None
        try:
            head, body = self._path(kind, key).read_bytes().split(b"\n", 1)
            stamp = json.loads(head)
            if (
                stamp["version"] == generator_version()
                and stamp["key"] == key
                and hmac.compare_digest(stamp["mac"], self._mac(kind, key, body))
            ):
                return json.loads(body)
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
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
        """Store ``data``, signed; written whole or not at all (a temporary file renamed). A
        line of JSON (version, key, signature), then the data as JSON (which holds no newline)."""
        if self.folder is None or not self.writable:
            return
        path = self._path(kind, key)
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        stamp = {"version": generator_version(), "key": key, "mac": self._mac(kind, key, body)}
        text = json.dumps(stamp).encode() + b"\n" + body
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
