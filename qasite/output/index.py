"""Stage 5, index: a Pagefind search index of the answers, written into the staging folder.

The pages are given to Pagefind's service from memory, one at a time in the order of their
URLs (`pagefind_client`), so that the same content gives the same index on any file system;
the finished bundle comes back in memory and is written and checked here, never by Pagefind.
Only what a layout marks `data-pagefind-body` is indexed; filters, metadata and the date sort
come from `data-pagefind-filter`, `-meta` and `-sort` attributes. Any failure raises, so the
staging folder is dropped and the published site stays as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import pagefind_client, stable

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


def _index(pages: dict[str, bytes], language: str) -> tuple[int, dict[str, bytes]]:
    """A stuck Pagefind must fail the build, not hang it: it has a time limit."""
    limit = TIME_LIMIT_S + len(pages) * TIME_PER_PAGE_S
    return pagefind_client.index_pages(pages, language, limit)


def url_of(path: str) -> str:
    """The address of an output file, as Pagefind gives it: questions/x/index.html is
    /questions/x/."""
    return "/" + path.removesuffix("index.html")


def pages_of(stage: Path) -> dict[str, bytes]:
    """URL -> HTML of the question pages written in ``stage``."""
    return {
        url_of(path.relative_to(stage).as_posix()): path.read_bytes()
        for path in sorted(stage.glob(GLOB))
    }


TIME_LIMIT_S = 120  # Pagefind indexed 1,000 pages in about 4 s here: generous under load
TIME_PER_PAGE_S = 0.05


def build_index(
    stage: Path,
    expected: int,
    language: str,
    bundle: Path | None = None,
    pages: dict[str, bytes] | None = None,
    published: Path | None = None,
) -> IndexReport:
    """Index the ``expected`` question ``pages`` (URL -> HTML; by default those written in
        ``stage``) into ``bundle`` (by default ``stage/pagefind/``). The bundle comes from
        Pagefind in memory, is settled (`stable`), written here (a file whose bytes the
    ``published`` bundle holds is linked from it) and read back: a file that is not
        on disk exactly as Pagefind made it fails the build, as does a page count that differs."""
    bundle = bundle or stage / "pagefind"
    pages = pages_of(stage) if pages is None else pages
    try:
        indexed, files = _index(pages, language)
    except pagefind_client.PagefindFailed as exc:
        raise SearchIndexError(str(exc)) from None
    if indexed != expected:
        raise SearchIndexError(f"Pagefind indexed {indexed} pages of {expected}")
    files = stable.settled(files)  # Pagefind's filter order varies from run to run
    check_bundle(files, expected)
    write_bundle(bundle, files, published)
    return IndexReport(pages=indexed, files=len(files), bytes=sum(map(len, files.values())))


def check_bundle(files: dict[str, bytes], expected: int) -> None:
    """Refuse a bundle that is not whole: the entry file names each language's metadata, which
    names every page's fragment, index chunk and filter; each of them and every other
    compressed file must be there and decompress to a Pagefind file; no file may be empty."""
    try:
        entry = json.loads(files["pagefind-entry.json"])
        needed, pages = set(), 0
        for language in entry["languages"].values():
            meta_name = f"pagefind.{language['hash']}.pf_meta"
            meta = stable.read(files[meta_name], meta_name)
            pages += len(meta[1])
            needed.add(f"wasm.{language['wasm']}.pagefind")
            needed.update(f"fragment/{page[0]}.pf_fragment" for page in meta[1])
            needed.update(f"index/{chunk[2]}.pf_index" for chunk in meta[2])
            needed.update(f"filter/{item[1]}.pf_filter" for item in meta[3])
        missing = sorted(needed - files.keys())
        if missing:
            raise SearchIndexError(f"the search bundle lacks pagefind/{missing[0]}")
        for name, data in sorted(files.items()):
            if not data:
                raise SearchIndexError(f"pagefind/{name} is empty")
            if name.endswith(".pagefind"):
                gzip.decompress(data)
            elif ".pf_" in name and not gzip.decompress(data).startswith(stable.MAGIC):
                raise SearchIndexError(f"pagefind/{name} is not a Pagefind file")
    except (
        KeyError,
        TypeError,
        ValueError,
        IndexError,
        EOFError,
        OSError,
        stable.Unexpected,
    ) as exc:
        raise SearchIndexError(
            f"the search bundle is damaged ({type(exc).__name__}: {exc})"
        ) from None
    if pages != expected:
        raise SearchIndexError(f"the search bundle lists {pages} pages of {expected}")


def write_bundle(bundle: Path, files: dict[str, bytes], published: Path | None = None) -> None:
    """Write the bundle's files below ``bundle`` (a new folder), then check that exactly they,
    byte for byte, are there."""
    from .write import write_new  # write imports nothing of this module

    bundle.mkdir(parents=True)
    write_new(bundle, files, published)
    found = {
        path.relative_to(bundle).as_posix(): path for path in bundle.rglob("*") if path.is_file()
    }
    if found.keys() != files.keys():
        raise SearchIndexError(
            f"the search bundle on disk has {len(found)} files, Pagefind made {len(files)}"
        )
    for name in sorted(files):
        if found[name].read_bytes() != files[name]:
            raise SearchIndexError(f"pagefind/{name} on disk is not the file Pagefind made")


def refresh(site: Path, language: str) -> IndexReport | None:
    """Index the question pages of a published folder again and swap the new bundle in (the
    preview does this after its pages went live). None when the pages changed meanwhile."""
    from .swap import scratch_folder  # swap imports nothing of this module

    pages = sorted(site.glob(GLOB))
    scratch = scratch_folder(site, "index")
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
