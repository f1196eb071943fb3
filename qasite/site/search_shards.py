"""Which part of the search index holds an answer: the index is split into shards, each its own
Pagefind bundle, that the search page merges when it first searches (Pagefind's multisite
``mergeIndex``). An edit re-indexes only the shards whose answers changed, and each Pagefind
process holds one shard.

The rule is a pure function of the answers' addresses: a site of ``n`` indexed answers has
``ceil(n / pages_per_shard)`` shards (site.yaml ``search: pages_per_shard``, 1,000 by default),
so a site of up to that many answers is one bundle, as without shards; an answer's shard is a
stable hash (SHA-256) of its address modulo that count, which spreads the answers evenly and
moves none of them while the count stays. Shard 0 is ``/pagefind/``, with Pagefind's scripts
and WebAssembly; shard ``k`` is ``/pagefind/shards/k/``, its index files only (a shard that
holds no answer is left out: Pagefind's bundle of no page has no language to merge).
"""

from __future__ import annotations

import hashlib

FOLDER = "pagefind"  # shard 0's folder in the site; the others are below it


def count(pages: int, pages_per_shard: int) -> int:
    """The number of shards of an index of ``pages`` answers (at least one)."""
    return max(1, -(-pages // pages_per_shard))


def of(url: str, shards: int) -> int:
    """The shard that holds the answer at ``url`` (its address, such as /questions/x/)."""
    digest = hashlib.sha256(url.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


def groups(urls, pages_per_shard: int) -> dict[int, list[str]]:
    """Shard number -> the sorted addresses it holds, for the shards that hold any (a shard
    the hash leaves empty does not exist); a site without answers has one empty shard 0."""
    urls = sorted(urls)
    shards = count(len(urls), pages_per_shard)
    found: dict[int, list[str]] = {}
    for url in urls:
        found.setdefault(of(url, shards), []).append(url)
    return dict(sorted(found.items())) or {0: []}


def prefix(shard: int, first: int) -> str:
    """Where a shard's files lie inside the bundle folder: '' for the ``first`` shard (the one
    of lowest number: shard 0 but on a site too small to fill every shard), else
    'shards/k/'."""
    return "" if shard == first else f"shards/{shard}/"


def merged(urls, pages_per_shard: int) -> list[str]:
    """The addresses of the shards the search page merges with the first (/pagefind/)."""
    shards = list(groups(urls, pages_per_shard))
    return [f"/{FOLDER}/{prefix(k, shards[0])}" for k in shards[1:]]
