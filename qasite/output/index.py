"""Stage 5, index: a Pagefind search index of the answers, written into the staging folder.

The pages are given to Pagefind's service from memory, one at a time in the order of their
URLs (`pagefind_client`), so that the same content gives the same index on any file system;
the finished bundle comes back in memory and is written and checked here, never by Pagefind.
Only what a layout marks `data-pagefind-body` is indexed; filters, metadata and the date sort
come from `data-pagefind-filter`, `-meta` and `-sort` attributes. Any failure raises, so the
staging folder is dropped and the published site stays as it was.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import importlib.metadata
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..content.model import SearchSettings
from ..site import search_shards
from . import pagefind_client, ranks, stable
from .bundle import (
    SHARD_FILES,
    SearchIndexError,
    check_shard,
    kept_shard,
    link_kept,
    write_bundle,
)

GLOB = "questions/*/index.html"
BODY_MARK = b"data-pagefind-body"
TIME_LIMIT_S = 120  # Pagefind indexed 1,000 pages in about 4 s here: generous under load
TIME_PER_PAGE_S = 0.05
PER_SHARD = SearchSettings().pages_per_shard
DEFAULT_CHUNK, MIN_CHUNK = 20_000, 1_000


@dataclass(frozen=True)
class IndexReport:
    pages: int
    files: int
    bytes: int
    shards: int = 1
    indexed: int = 1  # shards indexed by this build (the others kept as they were)


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


def shard_keys(fragments: dict[str, str], language: str, per_shard: int) -> dict[int, str]:
    """The key of each shard of the index (`search_shards`): the fragments of its pages, the
    shard count, whether it is the first, the language and Pagefind. The shard whose key is the
    last build's is kept (its date order is made again: `ranks`)."""
    paths = {url_of(p): p for p, f in fragments.items() if f}
    groups = search_shards.groups(paths, per_shard)
    head = f"{importlib.metadata.version('pagefind')}\0{language}\0{len(groups)}\0{min(groups)}"
    keys = {}
    for k, urls in groups.items():
        hasher = hashlib.sha256(f"{head}\0{k}".encode())
        for url in urls:
            hasher.update(f"\0{url}\0{fragments[paths[url]]}".encode())
        keys[k] = hasher.hexdigest()
    return keys


def index_key(fragments: dict[str, str], language: str, per_shard: int = PER_SHARD) -> str:
    """The key of the whole index: ``shard:key`` of each shard, separated by spaces."""
    return " ".join(f"{k}:{key}" for k, key in shard_keys(fragments, language, per_shard).items())


def chunk_size(shards: int) -> int | None:
    """Pagefind's index chunk size (in word locations) for a shard: a search loads the chunk
    of each word in every shard, so a shard of an index of ``shards`` has chunks that many
    times smaller than a whole index's (20,000), and a search loads about as many bytes as
    from one index. None (Pagefind's default) for an index of one shard."""
    return None if shards == 1 else max(MIN_CHUNK, DEFAULT_CHUNK // shards)


def _index(pages: dict[str, bytes], language: str, chunk: int | None = None):
    """A stuck Pagefind must fail the build, not hang it: it has a time limit."""
    limit = TIME_LIMIT_S + len(pages) * TIME_PER_PAGE_S
    env = {} if chunk is None else {"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(chunk)}
    return pagefind_client.index_pages(pages, language, limit, env)


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


def build_index(
    stage: Path,
    expected: int,
    language: str,
    bundle: Path | None = None,
    pages=None,
    published: Path | None = None,
    per_shard: int = PER_SHARD,
    urls: list[str] | None = None,
    keep: frozenset[int] = frozenset(),
    sorts: dict[str, dict[str, str]] | None = None,
) -> IndexReport:
    """Index the ``expected`` question pages at ``urls`` (by default the keys of ``pages``)
    into ``bundle`` (by default ``stage/pagefind/``), shard by shard (`search_shards`), each
    by its own Pagefind process, as many at once as there are cores. ``pages`` maps a URL to
    its HTML (a dict or a function; by default the pages written in ``stage``). A shard in
    ``keep`` is taken from the ``published`` bundle if it checks out there, else indexed: only
    its entry file and metadata are read, its other files linked (`bundle.kept_shard`; the
    caller keeps a shard only of a bundle the manifest vouches for).
    ``sorts`` are each page's sort keys (by default read from every page), to put the shards
    in one date order (`ranks`). Each shard comes from Pagefind in memory, is settled
    (`stable`) and checked whole; the bundle is written here (a file whose bytes ``published``
    holds is linked from it) and read back (`bundle.write_bundle`): a file not on disk exactly
    as made, or a page count that differs, fails the build."""
    bundle = bundle or stage / "pagefind"
    pages = pages_of(stage) if pages is None else pages
    read = pages.__getitem__ if isinstance(pages, dict) else pages
    urls = sorted(pages) if urls is None else urls
    if len(urls) != expected:
        raise SearchIndexError(f"{len(urls)} pages to index, {expected} expected")
    groups = search_shards.groups(urls, per_shard)
    first = min(groups)

    rank = None
    if len(groups) > 1:  # one date order across the shards (`ranks`)
        sorts = {url: ranks.sort_values(read(url)) for url in urls} if sorts is None else sorts
        rank = ranks.table(sorts)

    def one(k: int) -> dict[str, bytes]:
        pages = {url: read(url) for url in groups[k]}
        return _ranked(_shard(pages, language, len(groups), k == first), groups[k], rank)

    with concurrent.futures.ThreadPoolExecutor(cores()) as pool:  # each waits on its process
        jobs = {k: pool.submit(one, k) for k in groups if k not in keep}
        found = {  # read while Pagefind indexes the others
            k: kept_shard(published, search_shards.prefix(k, first), len(groups[k]), k == first)
            for k in sorted(keep)
            if k in groups
        }
        made = {
            k: _ranked(shard[0], groups[k], rank) for k, shard in found.items() if shard is not None
        }
        jobs.update({k: pool.submit(one, k) for k in groups if k not in made and k not in jobs})
        linked = {  # the files of the kept shards, linked unread while Pagefind indexes
            search_shards.prefix(k, first) + name: size
            for k, shard in sorted(found.items())
            if shard is not None
            for name, size in shard[1].items()
        }
        folders = link_kept(bundle, published, linked)
        made.update({k: jobs[k].result() for k in sorted(jobs)})
    files = {
        search_shards.prefix(k, first) + name: data
        for k in sorted(made)
        for name, data in made[k].items()
    }
    write_bundle(bundle, files, published, linked, folders)
    return IndexReport(
        pages=expected,
        files=len(files) + len(linked),
        bytes=sum(map(len, files.values())) + sum(linked.values()),
        shards=len(groups),
        indexed=len(jobs),
    )


def _ranked(files: dict[str, bytes], urls: list[str], rank: dict | None) -> dict[str, bytes]:
    """A shard's files in the date order of all shards (`ranks.rewritten`; as they are for an
    index of one shard, whose ``rank`` is None)."""
    if rank is None:
        return files
    try:
        return ranks.rewritten(files, urls, rank)
    except (stable.Unexpected, KeyError, IndexError, TypeError, ValueError) as exc:
        raise SearchIndexError(f"the search shards' sort order failed ({exc})") from None


def cores() -> int:
    """The cores this process may use."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def _shard(pages: dict[str, bytes], language: str, shards: int, primary: bool) -> dict:
    """One shard of ``shards``: its ``pages`` indexed, settled and checked; a shard after the
    first keeps only its index files (the first's scripts and WebAssembly serve them all)."""
    try:
        indexed, files = _index(pages, language, chunk_size(shards))
    except pagefind_client.PagefindFailed as exc:
        raise SearchIndexError(str(exc)) from None
    if indexed != len(pages):
        raise SearchIndexError(f"Pagefind indexed {indexed} pages of {len(pages)}")
    files = stable.settled(files)  # Pagefind's filter order varies from run to run
    if not primary:
        files = {n: d for n, d in files.items() if n.startswith(SHARD_FILES) or ".pf_meta" in n}
    check_shard(files, len(pages), primary)
    return files


def refresh(site: Path, language: str, per_shard: int = PER_SHARD) -> IndexReport | None:
    """Index the question pages of a published folder again and swap the new bundle in (the
    preview does this after its pages went live). None when the pages changed meanwhile."""
    from .swap import scratch_folder  # swap imports nothing of this module

    pages = sorted(site.glob(GLOB))
    scratch = scratch_folder(site, "index")
    try:
        report = build_index(site, len(pages), language, scratch / "pagefind", per_shard=per_shard)
        old = site / "pagefind"
        if old.exists():
            os.replace(old, scratch / "old")
        os.replace(scratch / "pagefind", old)
        return report
    except SearchIndexError:
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
