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
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

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


async def _index(stage: Path, language: str) -> int:
    config = IndexConfig(output_path=str(stage / "pagefind"), force_language=language)
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(stage), glob=GLOB)
    return result["page_count"]


def _cbor_read(data: bytes, at: int = 0):
    """One CBOR item of the kinds Pagefind writes (unsigned ints, text, arrays) and the offset
    after it."""
    head = data[at]
    major, info, at = head >> 5, head & 31, at + 1
    if info >= 24:
        size = 1 << (info - 24)
        info, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return info, at
    if major == 3:
        return data[at : at + info].decode("utf-8"), at + info
    if major == 4:
        items = []
        for _ in range(info):
            item, at = _cbor_read(data, at)
            items.append(item)
        return items, at
    raise SearchIndexError(f"unexpected CBOR item {head:#x} in the Pagefind bundle")


def _cbor_write(item) -> bytes:
    def head(major: int, value: int) -> bytes:
        if value < 24:
            return bytes([major << 5 | value])
        size = next(n for n in (1, 2, 4, 8) if value < 1 << (8 * n))
        return bytes([major << 5 | (24 + size.bit_length() - 1)]) + value.to_bytes(size, "big")

    if isinstance(item, int):
        return head(0, item)
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return head(3, len(raw)) + raw
    return head(4, len(item)) + b"".join(_cbor_write(i) for i in item)


_SIGNATURE = b"pagefind_dcd"


def _read_pf(path: Path):
    data = gzip.decompress(path.read_bytes())
    return _cbor_read(data.removeprefix(_SIGNATURE))[0]


def _write_pf(folder: Path, file_name: str, prefix: str, digits: int, item) -> str:
    """Write a bundle file named by its content's hash; ``file_name`` has a {} for the name."""
    data = gzip.compress(_SIGNATURE + _cbor_write(item), compresslevel=9, mtime=0)
    name = f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / file_name.format(name)).write_bytes(data)
    return name


def make_deterministic(bundle: Path) -> None:
    """Pagefind 1.5 writes filter values, and the list of filters in its meta file, in hash map
    order, which changes from run to run (Pagefind issue 638): sort both and name the rewritten
    files by a hash of their content, so the same site always gives the same bundle."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_pf(meta_path)
        filters = []
        for name, old_hash in sorted(meta[3]):
            filter_path = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read_pf(filter_path)
            filter_path.unlink()
            filters.append([name, _write_pf(bundle / "filter", "{}.pf_filter", f"{language}_",
                                            7, [filter_name, sorted(values)])])
        meta[3] = filters
        meta_path.unlink()
        info["hash"] = _write_pf(bundle, "pagefind.{}.pf_meta", f"{language}_", 10, meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def build_index(stage: Path, files: dict[str, bytes], language: str) -> IndexReport:
    """Index the question pages written in ``stage`` into ``stage/pagefind/``."""
    expected = searchable(files)
    # A thread of its own: the caller may already run an event loop (a browser driver, a server).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        indexed = pool.submit(asyncio.run, _index(stage, language)).result()
    if indexed != len(expected):
        raise SearchIndexError(f"Pagefind indexed {indexed} pages of {len(expected)}")
    make_deterministic(stage / "pagefind")
    written = [p for p in (stage / "pagefind").rglob("*") if p.is_file()]
    return IndexReport(pages=indexed, files=len(written),
                       bytes=sum(p.stat().st_size for p in written))
