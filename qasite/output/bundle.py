"""The search bundle on disk: a shard checked whole, a shard kept from the published bundle,
the bundle written into the staging folder and read back (`index` makes it)."""

from __future__ import annotations

import gzip
import json
import os
import stat
from collections.abc import Collection, Mapping
from pathlib import Path

from . import stable, write

SHARD_FILES = ("pagefind-entry.json", "index/", "fragment/", "filter/")  # and the metadata


class SearchIndexError(RuntimeError):
    """Pagefind did not index what the site holds."""


def check_shard(
    files: Mapping[str, bytes],
    expected: int,
    primary: bool = True,
    linked: Mapping[str, int] | None = None,
) -> None:
    """Refuse a bundle that is not whole: the entry file names each language's metadata, which
    names every page's fragment, index chunk and filter; each of them and every other
    compressed file must be there and decompress to a Pagefind file; no file may be empty.
    Only the ``primary`` bundle (shard 0) holds the WebAssembly. ``linked`` are the names and
    sizes of files of a kept shard that are not read (`kept_shard`): they must be there and not
    empty."""
    linked = linked or {}
    try:
        entry = json.loads(files["pagefind-entry.json"])
        needed, pages = set(), 0
        for language in entry["languages"].values():
            meta_name = f"pagefind.{language['hash']}.pf_meta"
            meta = stable.read(files[meta_name], meta_name)
            pages += len(meta[1])
            if primary:
                needed.add(f"wasm.{language['wasm']}.pagefind")
            needed.update(f"fragment/{page[0]}.pf_fragment" for page in meta[1])
            needed.update(f"index/{chunk[2]}.pf_index" for chunk in meta[2])
            needed.update(f"filter/{item[1]}.pf_filter" for item in meta[3])
        missing = sorted(needed - files.keys() - linked.keys())
        if missing:
            raise SearchIndexError(f"the search bundle lacks pagefind/{missing[0]}")
        for name in sorted(n for n, size in linked.items() if not size):
            raise SearchIndexError(f"pagefind/{name} is empty")
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


def kept_shard(
    published: Path | None, prefix: str, expected: int, primary: bool
) -> tuple[dict[str, bytes], dict[str, int]] | None:
    """A shard of the ``published`` bundle (its files below ``prefix``), if it is there whole:
    the bytes of its entry file and metadata (its date order is made again from them: `ranks`),
    and the names and sizes of its other files, which are linked into the new bundle unread.
    A build keeps a shard only when the manifest found the published site exactly as the last
    build wrote it (`manifest.outputs`: every file's inode, size and times), and that build
    read every file of its bundle back; what is read here is checked again."""
    if published is None:
        return None
    folder = published / prefix
    if os.path.realpath(folder) != os.path.join(os.path.realpath(published), prefix).rstrip("/"):
        return None  # the bundle or the shard's folder is a link
    files: dict[str, bytes] = {}
    linked: dict[str, int] = {}
    try:
        for name, path, info in write.files_below(folder, "shards" if primary else ""):
            if not stat.S_ISREG(info.st_mode):
                return None
            if name == "pagefind-entry.json" or name.endswith(".pf_meta"):
                files[name] = Path(path).read_bytes()
            else:
                linked[name] = info.st_size
        check_shard(files, expected, primary, linked)
    except (OSError, SearchIndexError):
        return None
    return files, linked


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samestat(os.lstat(a), os.lstat(b))
    except OSError:
        return False


def link_kept(bundle: Path, published: Path | None, linked: Collection[str]) -> set[str]:
    """Make ``bundle`` (a new folder) and link into it the ``linked`` files of ``published``
    (of kept shards: `kept_shard` found them there as regular files); returns the folders
    made."""
    bundle.mkdir(parents=True)
    made: set[str] = set()
    into, source = os.fspath(bundle), os.fspath(published or "")
    for name in sorted(linked):
        target = os.path.join(into, name)
        write.parent_made(target, made)
        write.link(os.path.join(source, name), target)
    return made


def write_bundle(
    bundle: Path,
    files: dict[str, bytes],
    published: Path | None,
    linked: Collection[str],
    made: set[str],
) -> None:
    """Write the bundle's ``files`` below ``bundle`` (a file whose bytes ``published`` holds is
    linked from it), where `link_kept` made the ``linked`` ones (and the folders ``made``),
    then check that exactly they are there, and every file written now, byte for byte (one
    linked from ``published`` was compared with it before)."""
    write.write_new(bundle, files, published, made)
    into, source = os.fspath(bundle), os.fspath(published or "")
    found = {name for name, _, info in write.files_below(into) if stat.S_ISREG(info.st_mode)}
    if found != files.keys() | set(linked):
        raise SearchIndexError(
            f"the search bundle on disk has {len(found)} files, "
            f"{len(files) + len(linked)} were made"
        )
    for name in sorted(files):
        path = os.path.join(into, name)
        if published is not None and _same_file(path, os.path.join(source, name)):
            continue
        with open(path, "rb") as handle:
            if handle.read() != files[name]:
                raise SearchIndexError(f"pagefind/{name} on disk is not the file Pagefind made")
