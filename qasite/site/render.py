"""Stage 3, render: the resolved site through the Jinja layouts to files (path -> bytes); the
context of each page comes from `contexts`, the head of each from `seo`. Pages unchanged since
the last build of the same folder are left as they are."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..incremental import manifest
from ..incremental.cache import generator_version
from ..output import publish
from . import contexts, seo
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


def layout_error(exc: jinja2.TemplateError) -> str:
    """``layouts/x.html:12: layout error: message``, the place read off the traceback."""
    place = ""
    if getattr(exc, "lineno", None):
        place = f"{exc.filename or exc.name}:{exc.lineno}: "
    else:
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith((".html", ".md")) and not name.endswith(".py"):
                place = f"{name}:{tb.tb_lineno}: "
            tb = tb.tb_next
    return f"{place}layout error: {exc.message}"


def page_keys(site: Site, layouts: Path) -> tuple[dict[str, str], str]:
    """A key per page: a digest of everything the page shows. A question page shows its own
    file and its related questions; a hub, the questions of its type; every page, the layouts,
    the site data and the plain pages' titles; home, the counts by type and the newest cards;
    A to Z, every card. The second value, a key of everything, is for any other page."""
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
        contexts.AZ: manifest.digest(base, *cards.values()),
        "404.html": manifest.digest(base, counts),
        "search/index.html": base,
        **{f"{p.slug}/index.html": base for p in content.pages},
    }
    keys |= {
        contexts.question_path(q): manifest.digest(
            base, q.digest, *(r.digest for r in site.related[q.slug])
        )
        for q in site.questions
    }
    keys.update(
        {
            f"cancer-types/{t}/index.html": manifest.digest(
                base, t, *(q.digest for q in site.type_questions[t])
            )
            for t in content.cancer_types
        }
    )
    return keys, everything


@dataclass(frozen=True)
class Rendering:
    """The files rendered now, the key of every page, and the pages left as they were."""

    files: dict[str, bytes]
    keys: dict[str, str]
    reused: frozenset[str]


def render(
    site: Site, layouts: Path, previous: manifest.Manifest | None = None, out: Path | None = None
) -> Rendering:
    """Every output file by its path inside the site folder, but for the pages whose key is the
    one they had in the ``previous`` build of ``out`` (still there): those are ``reused``."""
    env = environment(layouts)
    static = static_files(layouts / "static")
    env.globals.update(
        site=site.content.site,
        asset=lambda name: "/" + static[name][0],
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
    files = {
        path: env.get_template(layout)
        .render(context, seo=seo.head(site, layout, context))
        .encode("utf-8")
        for path, layout, context in listed
        if path not in reused
    }
    keys = {path: keyed.get(path, everything) for path, _, _ in listed}
    files.update({target: data for target, data in static.values()})
    files.update(seo.files(site))
    files.update(publish.files(site, files.keys() | reused))
    return Rendering(files, keys, reused)
