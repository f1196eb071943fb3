"""What a build keeps of each file it renders (stages 3 to 5 in one pass): the file goes to
the staging folder as soon as it is made (`write.Target`), and only the ids and links of a
page (for the link check), the digest of what the search index reads of it and, for any other
file, the digest of its bytes stay in memory. A build never holds every page at once: at
10,000 answers the pages alone are hundreds of megabytes. The search index reads the pages
back one at a time (`on_disk`): from the staging folder, or the published site for a page not
rendered now.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import links, write


@dataclass(frozen=True)
class Kept:
    """A file rendered now: its page's ids and links (None for a file that is not a page),
    the digest of what the search index reads of it ("" if none), the digest of its bytes
    (for a file that is not a page: a page is known by its key)."""

    page: links.Page | None
    fragment: str = ""
    digest: str = ""


class Keeper:
    """``keep(path, data)`` for `render.render`: writes each file into the ``target`` (None:
    writes nothing, as `check` does) and returns its `Kept`. ``fragment(html)`` is what the
    search index reads of a page (`index.fragment`), None when no index is made. Counts the
    files whose bytes changed and the seconds spent reading links and writing."""

    def __init__(self, target: write.Target | None, fragment: Callable[[bytes], str] | None):
        self.target, self.fragment = target, fragment
        self.written = 0
        self.seconds = {"links": 0.0, "write": 0.0}

    def __call__(self, path: str, data: bytes) -> Kept:
        start = time.perf_counter()
        if self.target is not None:
            self.written += self.target.write_one(path, data)
        wrote = time.perf_counter()
        if path.endswith(".html"):
            fragment = self.fragment(data) if self.fragment is not None else ""
            kept = Kept(links.parse(data), fragment)
        else:
            kept = Kept(None, digest=hashlib.sha256(data).hexdigest()[:24])
        self.seconds["write"] += wrote - start
        self.seconds["links"] += time.perf_counter() - wrote
        return kept


def pages(files: Mapping[str, Kept]) -> dict[str, links.Page]:
    """The ids and links of every page among the kept ``files``."""
    return {path: kept.page for path, kept in files.items() if kept.page is not None}


def on_disk(
    folder: Path, paths: Mapping[str, str], published: Path | None = None, reused=frozenset()
) -> Callable[[str], bytes]:
    """``page(url)``: the bytes of a written page (``paths``: URL -> path inside ``folder``),
    read from the folder when asked for and not kept: one page in memory at a time. A
    ``reused`` page (one the last build wrote, not rendered now) is read from ``published``,
    where it is the same file, so that it need not be linked into ``folder`` first."""

    def page(url: str) -> bytes:
        path = paths[url]
        root = published if path in reused else folder
        return write.safe_target(root, path, made_here=True).read_bytes()

    return page
