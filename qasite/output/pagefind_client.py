"""A client of Pagefind's service (`pagefind --service`) that adds the pages one at a time, in
the order given, and takes the finished bundle back in memory.

Pagefind's own Python wrapper reads the pages of a folder in the folder's order (which differs
between file systems: the same content gave another index on ext4 and on tmpfs), writes the
bundle itself (Pagefind 1.5.2 acknowledges the writes before they are flushed, its issue 1271,
and ignores a full disk), polls for each answer every 0.1 s and hangs when the service dies.
Here each request waits for its answer on the pipe, the bundle comes back as one message that
is whole or fails to decode, and a service that exits or panics is an error at once. The
protocol: a request is base64 of JSON ``{"message_id", "payload"}`` followed by a comma; so is
each answer.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import subprocess
import tempfile
import threading

from pagefind.service import get_executable


class PagefindFailed(RuntimeError):
    """The Pagefind service failed, died, or answered what it was not asked."""


class Service:
    """One `pagefind --service` process; use as a context manager."""

    def __init__(self, seconds: float | None = None, env: dict[str, str] | None = None):
        executable = get_executable()
        if executable is None:
            raise PagefindFailed("the Pagefind binary is not installed (pip install pagefind[bin])")
        self._log = tempfile.TemporaryFile()  # noqa: SIM115  (closed in __exit__)
        self._process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env={**os.environ, **(env or {})},
        )
        self._sent = 0
        self._seconds = seconds
        self._timer, self._expired = None, False
        if seconds is not None:  # past the limit the process is killed: its pipe then ends
            self._timer = threading.Timer(seconds, self._expire)
            self._timer.daemon = True
            self._timer.start()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with contextlib.suppress(OSError):  # a service that died cannot take the rest
            self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()
        self._log.close()

    def _expire(self) -> None:
        self._expired = True
        self._process.kill()

    def _died(self) -> PagefindFailed:
        if self._expired:
            return PagefindFailed(f"Pagefind did not finish within {self._seconds:g} s")
        self._log.seek(0)
        said = self._log.read().decode("utf-8", "replace").strip().splitlines() or ["no message"]
        panic = [n for n, line in enumerate(said) if "panicked" in line]
        if panic:  # Rust: "thread '…' panicked at src/…:", then the message
            said = said[: panic[0] + 2]
        return PagefindFailed(f"Pagefind stopped: {said[-1].strip()}")

    def request(self, payload: dict) -> dict:
        """Send one request and return the payload of its answer."""
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except BrokenPipeError:
            raise self._died() from None
        answer = bytearray()
        while not answer.endswith(b","):
            chunk = self._process.stdout.read1(1 << 20)
            if not chunk:
                raise self._died()
            answer += chunk
        try:
            response = json.loads(base64.b64decode(bytes(answer[:-1]), validate=True))
        except (binascii.Error, ValueError) as exc:
            raise PagefindFailed(f"Pagefind sent a damaged answer ({exc})") from None
        if not isinstance(response, dict) or response.get("message_id") != self._sent:
            raise PagefindFailed("Pagefind answered another request")
        payload = response.get("payload") or {}
        if payload.get("type") == "Error":
            raise PagefindFailed(f"Pagefind: {payload.get('message')}")
        return payload


def index_pages(
    pages: dict[str, bytes],
    language: str,
    seconds: float | None = None,
    env: dict[str, str] | None = None,
) -> tuple[int, dict[str, bytes]]:
    """Index ``pages`` (URL -> HTML), added in the order of their URLs, within ``seconds``
    (``env``: more environment variables for the service); returns the number of pages
    Pagefind indexed and the bundle's files (path -> bytes)."""
    with Service(seconds, env) as service:
        created = service.request({"type": "NewIndex", "config": {"force_language": language}})
        index_id = created["index_id"]
        for url in sorted(pages):
            added = service.request(
                {
                    "type": "AddFile",
                    "index_id": index_id,
                    "url": url,
                    "file_contents": pages[url].decode("utf-8"),
                }
            )
            if added.get("type") != "IndexedFile":
                raise PagefindFailed(f"Pagefind did not index {url}")
        answer = service.request({"type": "GetFiles", "index_id": index_id})
    files = {}
    try:
        for item in answer["files"]:
            files[item["path"]] = base64.b64decode(item["content"], validate=True)
    except (KeyError, TypeError, binascii.Error) as exc:
        raise PagefindFailed(f"Pagefind sent a damaged bundle ({exc})") from None
    entry = json.loads(files.get("pagefind-entry.json", b"{}") or b"{}")
    indexed = sum(lang.get("page_count", 0) for lang in entry.get("languages", {}).values())
    return indexed, files
