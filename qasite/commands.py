"""The commands: `build` runs the stages in order; `check` runs them without writing."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .content import load
from .content.errors import ContentError, Problem
from .editorial import linkcheck, review
from .incremental import cache, manifest, snapshot
from .output import index, kept, links, swap, write
from .site import contexts, render, resolve, search_shards

CACHE = ".cache"  # the persistent build cache, below the project root


@dataclass
class Report:
    """What a run did: counts, warnings and the seconds each stage took."""

    pages: int = 0
    files: int = 0
    questions: int = 0
    cancer_types: int = 0
    warnings: tuple[Problem, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)
    index: index.IndexReport | None = None
    external: dict[str, tuple[str, ...]] = field(default_factory=dict)  # link -> pages
    reused: int = 0  # pages left as the last build made them
    written: int = 0  # files whose bytes changed
    unchanged: bool = False  # nothing read by the build changed: nothing was done
    progress: object = None  # a `progress.Progress` told of each stage, or None
    online: linkcheck.Outcome | None = None  # the online link check's findings, if run
    site: resolve.Site | None = None  # what was built (None when nothing changed)
    today: dt.date | None = None  # the day the build was made for

    @contextmanager
    def stage(self, name: str):
        if self.progress is not None:
            self.progress.begin(name)
        start = time.perf_counter()
        yield
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start

    def split(self, name: str, parts: dict[str, float]) -> None:
        """Count ``parts`` of stage ``name``'s time as the stages they belong to (the render
        stage writes each page and reads its links as it goes)."""
        for part, seconds in parts.items():
            self.seconds[name] -= seconds
            self.seconds[part] = self.seconds.get(part, 0.0) + seconds

    def nothing_changed(self) -> Report:
        self.unchanged = True
        return self

    def summary(self, verb: str = "built") -> str:
        if self.unchanged:
            return f"nothing changed since the last build ({sum(self.seconds.values()):.2f} s)"
        stages = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in self.seconds.items())
        indexed = f", {self.index.pages} indexed for search" if self.index else ""
        grades = sorted(q.grade for q in self.site.questions if q.grade) if self.site else []
        reading = (
            f", reading grade {grades[0]:.1f}-{grades[-1]:.1f} "
            f"(median {grades[len(grades) // 2]:.1f})"
            if grades
            else ""
        )
        return (
            f"{verb} {self.pages} pages ({self.questions} questions, {self.cancer_types} "
            f"cancer types, {self.files} files{indexed}{reading}), {len(self.warnings)} warnings "
            f"in {sum(self.seconds.values()):.2f} s: {stages}"
        )


def _cycle_collector_paused(command):
    """A build makes hundreds of thousands of long-lived objects and almost no reference
    cycles, so Python's cycle collector, run every few hundred allocations, walks a growing
    heap again and again for nothing: a third of a rebuild at 10,000 questions. It is paused
    while the command runs (memory measured the same with it paused)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return run


@_cycle_collector_paused
def build(
    root: Path,
    out: Path,
    production: bool = True,
    search: bool = True,
    progress=None,
    today: dt.date | None = None,
    waiting=None,
) -> Report:
    """Load and validate, resolve, render and check links, then write and index into a new
    folder that replaces ``out`` whole (files unchanged since the last build linked into it).
    With ``search`` False the search index is left as it is (the preview refreshes it after).
    ``today`` is the day the review dates are judged on (default: `review.today()`). ``out``
    may not hold or lie in the project's own folders; a second build of the same folder waits
    for the first (``waiting`` is called when it has to)."""
    out = out.absolute()
    refuse_output(root, out)
    store = cache.Cache(root / CACHE)
    day = today or review.today()
    with swap.locked(out, waiting):
        swap.recover(out)  # what a killed build left, before anything is read
        try:
            return _build(
                root, out, production, search, Report(progress=progress, today=day), store
            )
        except snapshot.Lost:  # the cache lost an answer: parse everything again
            store.forget(snapshot.KIND)
            return _build(
                root, out, production, search, Report(progress=progress, today=day), store
            )
        except swap.OutputRefused as exc:
            raise ContentError([Problem("--out", 0, "", str(exc))]) from None


def refuse_output(root: Path, out: Path) -> None:
    """Refuse an output folder that is, holds or lies inside the project's sources, layouts,
    cache or repository, or the generator (the live preview's folder in the cache aside)."""
    own = [root / "content", root / "layouts", root / CACHE, Path(__file__).parent]  # qasite/
    why = swap.trespass(out, root, own, allowed=root / CACHE / "preview")
    if why:
        hint = "choose a folder of its own, such as the default ROOT/site"
        raise ContentError([Problem("--out", 0, "", why, hint)])


def _build(root: Path, out: Path, production: bool, search: bool, report: Report, store):
    with report.stage("scan"):
        previous = manifest.load(store, out, production)
        fingerprint = manifest.digest(
            manifest.fingerprint(root, production), report.today.isoformat()
        )
    if (
        previous is not None
        and previous.fingerprint == fingerprint
        and (previous.index or not search)
    ):
        return report.nothing_changed()  # (a build without the index made no index to keep)
    with report.stage("load"):
        content = load.load(root, store, progress=report.progress)
    with report.stage("resolve"):
        site = resolve.resolve(content, production, store, report.today)
    with write.publishing(out) as target:
        keeper = kept.Keeper(target, index.fragment)  # each file written as it is rendered
        with report.stage("render"):
            rendering = render.render(site, root / "layouts", previous, out, keep=keeper)
        report.split("render", keeper.seconds)
        with report.stage("links"):
            pages, report.external = check_links(rendering, previous, site)
        built = manifest.of_build(fingerprint, rendering, pages, previous)
        with target.linking(rendering.reused) as linked:  # while Pagefind indexes
            with report.stage("index"):
                report.index = index_site(target, built, previous, site, search, rendering)
            with report.stage("write"):
                linked()
                report.written = keeper.written
        with report.stage("publish"):
            target.publish()
            manifest.save(store, out, production, built)
    return _counted(report, site, rendering)


def check_links(rendering: render.Rendering, previous, site: resolve.Site):
    """Every page's ids and links (read from the pages rendered now, taken from the last
    build for the others) checked; returns them with the external links."""
    pages = kept.pages(rendering.files)
    pages.update((path, previous.pages[path]) for path in rendering.reused)  # ids, links
    existing = set(rendering.files) | rendering.reused
    return pages, links.check(pages, existing, site, only=_to_check(rendering, previous, pages))


def _to_check(rendering: render.Rendering, previous, pages) -> set[str] | None:
    """The pages whose links may have broken: all of them (None), unless no file of the last
    build is gone and no page lost an id, in which case an unchanged page's links, good last
    time, still are, and only the pages rendered now need checking."""
    if previous is None:
        return None
    outputs = set(rendering.files) | rendering.reused
    if set(previous.pages) - outputs or any(
        not set(previous.pages[path].ids) <= set(pages[path].ids)
        for path in pages
        if path in previous.pages and path not in rendering.reused
    ):
        return None
    return {path for path in pages if path not in rendering.reused}


def index_site(target: write.Target, built, previous, site, search: bool, rendering):
    """Index the answers, shard by shard: a shard none of whose pages changed what Pagefind
    reads of them since the last build is kept as it is (all of them, when nothing changed;
    also when ``search`` is off). The pages are read back one at a time, and only those of
    the shards indexed again: from the staging folder, or for a page not rendered now, from
    the published site (the same file: `write.Target.linking` links it meanwhile)."""
    fragments = {path: record.fragment for path, record in built.pages.items()}
    settings = site.content.site
    per_shard = settings.search.pages_per_shard
    built.index = index.index_key(fragments, settings.language, per_shard)
    if not search:  # the caller refreshes the index itself (`index.refresh`): the bundle is
        built.index = ""  # not this build's, and the next build with the index makes it anew
        target.keep_bundle()
        return None
    if previous is not None and built.index == previous.index:
        target.keep_bundle()
        return None
    old = set(previous.index.split()) if previous is not None else set()
    keep = frozenset(int(k.split(":")[0]) for k in set(built.index.split()) & old)
    paths = {index.url_of(path): path for path, fragment in fragments.items() if fragment}
    if search_shards.merged(paths, per_shard) != contexts.search_shards_merged(site):
        raise index.SearchIndexError("the search page names other shards than the index has")
    page = kept.on_disk(target.folder, paths, target.out, rendering.reused)  # read when asked
    report = index.build_index(
        target.folder,
        len(paths),
        settings.language,
        pages=page,
        published=target.out / "pagefind",
        per_shard=per_shard,
        urls=sorted(paths),
        keep=keep,
        sorts={q.url: contexts.search_facets(site, q)["sort"] for q in site.questions},
    )
    links.check_bundle(built.pages, target.folder)
    return report


@_cycle_collector_paused
def check(
    root: Path,
    production: bool = True,
    strict: bool = False,
    online: dict | None = None,
    today: dt.date | None = None,
) -> Report:
    """Everything `build` does but write; with ``strict``, warnings are errors too. With
    ``online`` (options of `linkcheck.Settings`, None when not given), the external links
    are fetched too (`linkcheck`; its results cache is the one thing written)."""
    day = today or review.today()
    try:
        store = cache.Cache(root / CACHE, writable=False)
        return _check(root, production, strict, store, online, day)
    except snapshot.Lost:  # the cache lost an answer: parse everything, without the cache
        return _check(root, production, strict, cache.Cache(None), online, day)


def _check(
    root: Path, production: bool, strict: bool, store: cache.Cache, online, day: dt.date
) -> Report:
    report = Report(today=day)
    with report.stage("load"):
        content = load.load(root, store)
    with report.stage("resolve"):
        site = resolve.resolve(content, production, today=day)
    keeper = kept.Keeper(None, None)  # nothing written; each page's links kept
    with report.stage("render"):
        rendering = render.render(site, root / "layouts", keep=keeper)
    report.split("render", keeper.seconds)
    with report.stage("links"):
        pages, report.external = check_links(rendering, None, site)
    if strict and site.warnings:
        raise ContentError(
            [Problem(p.path, p.line, p.field, p.message, p.hint) for p in site.warnings]
        )
    if online is not None:
        with report.stage("online"):
            settings = linkcheck.Settings.of(content.site.link_check, **online)
            report.online = linkcheck.check(site, pages, root, settings)
    return _counted(report, site, rendering)


def _counted(report: Report, site: resolve.Site, rendering: render.Rendering) -> Report:
    files = rendering.files.keys() | rendering.reused
    report.files = len(files)
    report.pages = sum(1 for path in files if path.endswith(".html"))
    report.reused = len(rendering.reused)
    report.questions = len(site.questions)
    report.cancer_types = len(site.content.cancer_types)
    report.warnings = site.warnings
    report.site = site
    return report
