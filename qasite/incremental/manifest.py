"""What the last build of an output folder was made from and wrote: the fingerprint of its
inputs, the key of every page (what the page shows, as digests), the ids and links each page
holds, the key of its search index and a digest of the files it left in the folder. The next
build of the same folder uses it to skip what did not change; it is kept in the build cache,
so it is only ever a hint: a missing, foreign or stale manifest means a full build, never an
error.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache, generator_version

KIND = "builds"


def digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def tree_digest(*folders: Path) -> str:
    """A digest of every file below ``folders``: its path and its bytes."""
    hasher = hashlib.sha256()
    for folder in folders:
        if not folder.exists():
            continue
        for base, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = Path(base, name)
                hasher.update(path.relative_to(folder.parent).as_posix().encode() + b"\0")
                hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def fingerprint(root: Path, production: bool) -> str:
    """Everything a build reads: every file of content/ and layouts/ by path and bytes (an
    edit whose size and time were restored, as `cp -p`, `rsync -t` or `tar` do, still counts;
    a file saved again unchanged does not), the generator and the context."""
    hasher = hashlib.sha256(f"{generator_version()}\0{production}".encode())
    for folder in (root / "content", root / "layouts"):
        for base, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(base, name)
                try:
                    if os.path.islink(path):
                        digest = "link"  # refused by the load stage, never followed
                    else:
                        with open(path, "rb") as handle:
                            digest = hashlib.file_digest(handle, "sha256").hexdigest()
                except OSError:
                    digest = "unreadable"  # the load stage reports it
                hasher.update(f"{path}\0{digest}\0".encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def outputs(out: Path, bundle: bool = True) -> str:
    """A digest of what ``out`` holds now: every file by path, inode, size and times of last
    change of its bytes and of its inode (a file removed, added, replaced or written in place
    changes it, even with its modification time put back: no program can set the second).
    Without ``bundle``, the search bundle is left out (a build without the index, whose caller
    indexes the folder itself)."""
    hasher = hashlib.sha256()
    for base, dirs, files in os.walk(out):
        dirs.sort()
        if not bundle and base == str(out) and "pagefind" in dirs:
            dirs.remove("pagefind")
        for name in sorted(files):
            info = os.lstat(os.path.join(base, name))
            stamp = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
            hasher.update(f"{base}/{name}\0{stamp}\0".encode())
    return hasher.hexdigest()


@dataclass(frozen=True)
class PageRecord:
    """One output file: its key (a page's inputs, or another file's bytes), and for a page the
    ids and links the link check needs and the digest of what the search index reads. Links
    read back from a manifest are kept as indexes into its table of links until asked for
    (a warm build checks the links of the pages it renders, rarely the others')."""

    key: str
    ids: tuple[str, ...] = ()
    found: tuple[tuple[str, int], ...] = ()
    fragment: str = ""
    table: tuple[str, ...] = field(default=(), compare=False, repr=False)
    indexes: tuple[int, ...] = field(default=(), compare=False, repr=False)

    @property
    def links(self) -> tuple[tuple[str, int], ...]:
        return self.found or tuple((self.table[i], 0) for i in self.indexes)


@dataclass
class Manifest:
    fingerprint: str = ""
    pages: dict[str, PageRecord] = field(default_factory=dict)
    index: str = ""
    folder_id: list = field(default_factory=list)


def of_build(fingerprint: str, rendering, pages: dict, previous: Manifest | None) -> Manifest:
    """The manifest of a build from its rendering (each file rendered now kept as its
    `kept.Kept`: a page's fragment, another file's digest) and the links read from its pages."""
    records = {}
    for path, kept in rendering.files.items():
        if path in rendering.keys:
            page = pages[path]
            records[path] = PageRecord(
                rendering.keys[path], tuple(sorted(page.ids)), page.links, kept.fragment
            )
        else:
            records[path] = PageRecord(kept.digest)
    for path in rendering.reused:
        records[path] = previous.pages[path]
    return Manifest(fingerprint=fingerprint, pages=records)


def removed(previous: Manifest | None, built: Manifest) -> set[str]:
    """Files of the last build that this build no longer makes."""
    return set(previous.pages) - set(built.pages) if previous else set()


def _name(out: Path, production: bool) -> str:
    return digest(str(out.absolute()), str(production))


def _folder_id(out: Path) -> list:
    """Identifies the folder a build swapped in: a new folder every build (renamed into
    place), so another build or a hand-made copy in its place does not match."""
    info = out.stat()
    return [info.st_dev, info.st_ino]


def load(store: Cache, out: Path, production: bool) -> Manifest | None:
    """The manifest of the build that made ``out``, if ``out`` is still that build's folder and
    holds exactly the files it wrote (a file deleted or changed there means a full build)."""
    data = store.get(KIND, _name(out, production))
    try:
        if data is None or data["folder_id"] != _folder_id(out):
            return None
        if data["outputs"] != outputs(out, bundle=bool(data["index"])):
            return None
        hrefs = tuple(data["hrefs"])
        return Manifest(
            fingerprint=data["fingerprint"],
            pages={
                path: PageRecord(key, tuple(ids), (), fragment, hrefs, tuple(links))
                for path, (key, ids, links, fragment) in data["pages"].items()
            },
            index=data["index"],
            folder_id=data["folder_id"],
        )
    except (OSError, KeyError, TypeError, ValueError):
        return None


def save(store: Cache, out: Path, production: bool, manifest: Manifest) -> None:
    """Store the manifest; each link once in a table (most pages share most links), without
    its line (a problem found later in an unchanged page is named by its content file)."""
    table: dict[str, int] = {}
    remaps: dict[int, list[int]] = {}  # a loaded table's indexes to this one's, as met

    def indexes(r: PageRecord) -> list[int]:
        if r.found or not r.indexes:
            return [table.setdefault(href, len(table)) for href, _ in r.found]
        remap = remaps.get(id(r.table))
        if remap is None:
            remap = remaps[id(r.table)] = [-1] * len(r.table)
        out = []
        for i in r.indexes:
            if remap[i] < 0:
                remap[i] = table.setdefault(r.table[i], len(table))
            out.append(remap[i])
        return out

    pages = {
        path: [r.key, list(r.ids), indexes(r), r.fragment]
        for path, r in sorted(manifest.pages.items())
    }
    data = {
        "fingerprint": manifest.fingerprint,
        "hrefs": list(table),
        "pages": pages,
        "index": manifest.index,
        "folder_id": _folder_id(out),
        "outputs": outputs(out, bundle=bool(manifest.index)),
    }
    store.put(KIND, _name(out, production), data)


def forget(store: Cache, out: Path, production: bool) -> None:
    store.delete(KIND, _name(out, production))
