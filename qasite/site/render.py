"""Stage 3, render: the resolved site through the Jinja layouts to files (path -> bytes); the
context of each page comes from `contexts`, the head of each from `seo`. Pages unchanged since
the last build of the same folder are left as they are."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..content.errors import ContentError, Problem, did_you_mean
from ..incremental import manifest
from ..incremental.cache import generator_version
from . import browse, checklists, contexts, glossary, publish, search_names, seo
from .resolve import Site

FINGERPRINTED = (".css", ".js")


def environment(layouts: Path) -> jinja2.Environment:
    """Autoescaped (all but the Markdown archetypes, which are not HTML), and strict: an unknown
    name in a layout fails the build. Made anew for each build, so a layout is read once, not
    checked on disk again at each of the thousands of includes (``auto_reload``)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts),
        auto_reload=False,
        autoescape=jinja2.select_autoescape(disabled_extensions=("md",), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["human_date"] = contexts.human_date
    return env


def static_files(static: Path) -> dict[str, tuple[str, bytes]]:
    """Static files by name, each with its output path; CSS and JS names carry a content hash."""
    out = {}
    for path in sorted(p for p in static.rglob("*") if p.is_file()):
        name = path.relative_to(static).as_posix()
        data = path.read_bytes()
        target = name
        if path.suffix in FINGERPRINTED:
            digest = hashlib.sha256(data).hexdigest()[:10]
            target = name[: -len(path.suffix)] + f".{digest}{path.suffix}"
        out[name] = (f"static/{target}", data)
    return out


def layout_error(exc: BaseException) -> str:
    """``layouts/x.html:12: layout error: message``, the place read off the traceback."""
    place, line = _place(exc)
    where = f"{place}:{line}: " if place and line else f"{place}: " if place else ""
    return f"{where}layout error: {_describe(exc)}"


def _place(exc: BaseException) -> tuple[str, int]:
    """The layout file and line where ``exc`` was raised (the innermost layout frame)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return _shown(exc.filename or exc.name or ""), exc.lineno
    place, line = "", 0
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".md")):
            place, line = _shown(name), tb.tb_lineno
        tb = tb.tb_next
    return place, line


def _shown(name: str) -> str:
    try:
        return os.path.relpath(name) if os.path.isabs(name) else name
    except ValueError:
        return name


def _describe(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "a layout includes itself, over and over (check its {% include %} lines)"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc.message)
    if isinstance(exc, UnknownAsset):
        return str(exc)
    return f"{exc} ({type(exc).__name__})"


class UnknownAsset(LookupError):
    """``asset('name')`` names no file of layouts/static/."""


def asset_url(static: dict[str, tuple[str, bytes]]):
    """The layouts' ``asset(name)``: the fingerprinted address of a static file."""

    def asset(name: str) -> str:
        if name not in static:
            hint = did_you_mean(name, static) or "known: " + ", ".join(sorted(static))
            raise UnknownAsset(f"asset '{name}' is not a file of layouts/static/ ({hint})")
        return "/" + static[name][0]

    return asset


def check_layouts(layouts: Path) -> None:
    """Every layout is UTF-8 text; raises `ContentError` naming the file and line otherwise."""
    problems = []
    for path in sorted(layouts.rglob("*")):
        if path.suffix not in (".html", ".md") or not path.is_file():
            continue
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    _shown(str(path)),
                    raw[: exc.start].count(b"\n") + 1,
                    "layout error",
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    "save the layout as UTF-8",
                )
            )
    if problems:
        raise ContentError(problems)


def _rendered(env: jinja2.Environment, layout: str, context: dict, head) -> bytes:
    """One page; any error a layout raises becomes a `ContentError` naming its file and line."""
    try:
        return env.get_template(layout).render(context, seo=head).encode("utf-8")
    except Exception as exc:  # a layout's own runtime error: never a traceback
        place, line = _place(exc)
        raise ContentError(
            [Problem(place or f"layouts/{layout}", line, "layout error", _describe(exc))]
        ) from None


def page_keys(site: Site, layouts: Path) -> tuple[dict[str, str], str]:
    """A key per page: a digest of everything the page shows. A question page shows its own
    file and its related questions; a hub and a checklist, the questions of its type; every
    page, the layouts, the site data and the plain pages' titles; home, the counts by type and
    the newest cards; A to Z, every card; the glossary, the answers that use each term. The
    second value, a key of everything, is for any other page."""
    content = site.content
    base = manifest.digest(
        generator_version(),
        str(site.production),
        manifest.tree_digest(layouts),
        repr(content.site),
        repr(sorted(content.cancer_types.items())),
        repr(sorted(content.reviewers.items())),
        repr(content.glossary),
        repr([(p.slug, p.title, p.description, p.body) for p in content.pages]),
    )
    everything = manifest.digest(base, *(q.digest for q in site.questions))
    counts = repr(sorted((t, len(qs)) for t, qs in site.type_questions.items()))
    cards = {q.slug: repr(contexts.question_card(site, q)) for q in site.questions}
    keys = {
        "index.html": manifest.digest(
            base, counts, str(len(site.questions)), *(cards[q.slug] for q in site.newest)
        ),
        browse.AZ: manifest.digest(base, repr(site.listings.letters), *cards.values()),
        "404.html": manifest.digest(base, counts),
        # its no-results help lists the types; its script names the search index's shards
        "search/index.html": manifest.digest(base, counts, *contexts.search_shards_merged(site)),
        **{f"{p.slug}/index.html": base for p in content.pages},
    }
    if content.glossary:
        keys[glossary.PATH] = manifest.digest(base, glossary.page_key(site))
    keys |= {
        contexts.question_path(q): manifest.digest(
            base,
            q.digest,
            repr(site.reviews.get(q.slug)),
            *(r.digest for r in site.related[q.slug]),
        )
        for q in site.questions
    }
    keys.update(
        {
            page.path: manifest.digest(
                base, t, str(page.number), *(q.digest for q in site.type_questions[t])
            )
            for t, listing in site.listings.hubs.items()
            for page in listing.pages
        }
    )
    if site.listings.az_paged:
        letters = repr([(x.key, x.url) for x in site.listings.letters])
        for x in site.listings.letters:
            sizes = repr([len(p.slugs) for p in x.pages])
            for page in x.pages:
                keys[page.path] = manifest.digest(
                    base, letters, sizes, repr(x.jumps), repr(page), *map(cards.get, page.slugs)
                )
    keys.update(
        {  # a checklist shows the questions to ask of its type's answers
            checklists.path(t): manifest.digest(
                base, "checklist", t.slug, *(q.digest for q in site.type_questions[t.slug])
            )
            for t in checklists.kinds(site)
        }
    )
    return keys, everything


LISTING_LAYOUTS = ("questions.html", "letter.html", "cancer_type.html")


def listing_size(site: Site, layout: str, context, page: bytes) -> list[Problem]:
    """A listing page rendered must not pass the site's listing limit (`listing` fills its
    pages by weight, with allowances for the layout): the problem, naming the layout, if so."""
    limit = site.listings.limit
    if layout not in LISTING_LAYOUTS or len(page) <= limit:
        return []
    return [
        Problem(
            f"layouts/{layout}",
            0,
            "layout error",
            f"{context['url']} is {len(page):,} bytes, over the listing limit of "
            f"{limit:,} (site.yaml listing: page_kb)",
            "raise page_kb, or the allowances of qasite/site/listing.py if the layout grew",
        )
    ]


@dataclass(frozen=True)
class Rendering:
    """The files rendered now (what ``keep`` made of each: by default its bytes), the key of
    every page, and the pages left as they were."""

    files: dict[str, object]
    keys: dict[str, str]
    reused: frozenset[str]


def _kept(path: str, data: bytes) -> bytes:
    return data


def render(
    site: Site,
    layouts: Path,
    previous: manifest.Manifest | None = None,
    out: Path | None = None,
    keep=_kept,
) -> Rendering:
    """Every output file by its path inside the site folder, but for the pages whose key is the
    one they had in the ``previous`` build of ``out`` (still there): those are ``reused``. Each
    file is handed to ``keep(path, data)`` as soon as it is made, and only what that returns is
    kept (a build writes the file and keeps its links and digests: never every page at once)."""
    check_layouts(layouts)
    env = environment(layouts)
    static = static_files(layouts / "static")
    env.globals.update(
        site=site.content.site,
        asset=asset_url(static),
        nav_pages=[{"title": p.title, "url": p.url} for p in site.content.pages],
        production=site.production,
        has_glossary=bool(site.content.glossary),
    )
    keyed, everything = page_keys(site, layouts)
    old = previous.pages if previous and out else {}
    reused = frozenset(
        path
        for path, key in keyed.items()
        if path in old and old[path].key == key and (out / path).is_file()
    )
    listed = contexts.pages(site, reused)
    seo.check_unique(site, listed)
    keys = {path: keyed.get(path, everything) for path, _, _ in listed}
    files, too_big = {}, []
    for path, layout, listed_context in listed:
        if path not in reused:
            context = contexts.made(listed_context)
            page = _rendered(env, layout, context, seo.head(site, layout, context))
            too_big += listing_size(site, layout, context, page)
            files[path] = keep(path, page)
    del listed
    if too_big:
        raise ContentError(too_big)
    made = {target: data for target, data in static.values()}
    made.update(seo.files(site))
    made.update(search_names.files(site))
    made.update(publish.files(site, files.keys() | made.keys() | reused))
    files.update((path, keep(path, data)) for path, data in made.items())
    return Rendering(files, keys, reused)
