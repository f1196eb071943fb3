"""Stage 5, index: a Pagefind search index of the answers, written into the staging folder.

Pagefind's Python API reads the written question pages from the staging folder in one request
(`add_directory`): feeding pages from memory with `add_html_file` costs one 0.1 s poll of the
service per page (1.62 s against 0.31 s for 14 pages, measured on this machine). Only what a
layout marks `data-pagefind-body` is indexed; filters, metadata and the date sort come from
`data-pagefind-filter`, `-meta` and `-sort` attributes. Any failure raises, so the staging folder
is dropped and the published site stays as it was.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import importlib.metadata
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from . import stable

GLOB = "questions/*/index.html"
BODY_MARK = b"data-pagefind-body"


class SearchIndexError(RuntimeError):
    """Pagefind did not index what the site holds."""


@dataclass(frozen=True)
class IndexReport:
    pages: int
    files: int
    bytes: int


def searchable(files: dict[str, bytes]) -> list[str]:
    """Output paths of the pages that carry an indexed body."""
    return sorted(p for p in files if p.endswith(".html") and BODY_MARK in files[p])


def fragment(data: bytes) -> str:
    """A digest of what Pagefind reads of a page: the indexed body (with the filters, metadata
    and sort keys inside it) and the page's language; empty for a page that is not indexed.
    A change outside it (the header, the related questions) leaves the index as it is."""
    start = data.find(BODY_MARK)
    if start < 0:
        return ""
    start = data.rfind(b"<", 0, start)
    end = data.find(b"</article>", start)
    lang = data[: data.find(b">", data.find(b"<html"))]
    return hashlib.sha256(lang + b"\0" + data[start:end]).hexdigest()[:24]


def index_key(fragments: dict[str, str], language: str) -> str:
    """The key of a whole index: every indexed page's fragment, the language and Pagefind."""
    hasher = hashlib.sha256(f"{importlib.metadata.version('pagefind')}\0{language}".encode())
    for path in sorted(p for p, f in fragments.items() if f):
        hasher.update(f"\0{path}\0{fragments[path]}".encode())
    return hasher.hexdigest()


async def _index(stage: Path, language: str, bundle: Path | None = None) -> int:
    bundle = bundle or stage / "pagefind"
    config = IndexConfig(output_path=str(bundle), force_language=language)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(stage), glob=GLOB)
    return result["page_count"]


TIME_LIMIT_S = 120  # Pagefind indexed 1,000 pages in about 4 s here: generous under load
TIME_PER_PAGE_S = 0.05


def _within(seconds: float, coroutine):
    """The coroutine's result, run in a daemon thread; `SearchIndexError` past ``seconds``."""
    future: concurrent.futures.Future = concurrent.futures.Future()

    def run() -> None:
        try:
            future.set_result(asyncio.run(coroutine))
        except BaseException as exc:  # handed to the caller
            future.set_exception(exc)

    threading.Thread(target=run, daemon=True, name="pagefind").start()
    try:
        return future.result(timeout=seconds)
    except concurrent.futures.TimeoutError:
        raise SearchIndexError(f"Pagefind did not finish within {seconds:.0f} s") from None


def build_index(
    stage: Path, expected: int, language: str, bundle: Path | None = None
) -> IndexReport:
    """Index the ``expected`` question pages written in ``stage`` into ``bundle`` (by default
    ``stage/pagefind/``)."""
    bundle = bundle or stage / "pagefind"
    # A thread of its own: the caller may already run an event loop (a browser driver, a server).
    # A daemon thread with a time limit: a stuck Pagefind must fail the build, not hang it.
    indexed = _within(TIME_LIMIT_S + expected * TIME_PER_PAGE_S, _index(stage, language, bundle))
    if indexed != expected:
        raise SearchIndexError(f"Pagefind indexed {indexed} pages of {expected}")
    stable.settle(bundle)  # Pagefind's filter order varies from run to run
    written = [p for p in bundle.rglob("*") if p.is_file()]
    return IndexReport(
        pages=indexed, files=len(written), bytes=sum(p.stat().st_size for p in written)
    )


def refresh(site: Path, language: str) -> IndexReport | None:
    """Index the question pages of a published folder again and swap the new bundle in (the
    preview does this after its pages went live). None when the pages changed meanwhile."""
    pages = sorted(site.glob(GLOB))
    scratch = Path(tempfile.mkdtemp(prefix=f"{site.name}.index-", dir=site.parent))
    try:
        report = build_index(site, len(pages), language, scratch / "pagefind")
        old = site / "pagefind"
        if old.exists():
            os.replace(old, scratch / "old")
        os.replace(scratch / "pagefind", old)
        return report
    except SearchIndexError:
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
