"""Search in shards against one index: `python -m qasite.tools.search_compare [--questions N]`.

Builds the benchmark's synthetic knowledge base (`synth`) twice, once with its index in
shards (the default rule, `qasite.site.search_shards`) and once whole (``pages_per_shard``
above the number of answers), serves both on 127.0.0.1 and, in headless Chromium (Playwright,
``/usr/bin/chromium``), with Pagefind's own API on each search page (the shards merged as the
page merges them):

- ranking: for each query, alone, with a cancer type filter, with the date sort and with both,
  the top ten addresses of each site; it prints how many of the whole index's top ten the
  shards also list (overlap), how many of the shards' top ten are in the whole index's top
  twenty, how many at the same place, and whether the result counts and every filter count
  are equal; and, without a sort, how relevant the shards' top ten are by the whole index's
  own scoring: the share of the score of its top ten that they carry, and the score of the
  least of them against its tenth result (pages that tie or nearly tie in score can be listed
  in any order, so an overlap below 100% need not lose relevance);
- first-search bytes: each site's search page opened with a query in a fresh browser (nothing
  cached), every file it fetched until the results show, and their size as served compressed
  (Pagefind's files are gzip already; the others counted as ``gzip -6`` would send them).

A command, not a test (its figures are for the notes); it changes no built file of the project.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from .. import commands
from . import synth

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
QUERIES = [
    "treatment", "side effects", "clinical trial", "biopsy", "scan", "chemotherapy",
    "immunotherapy", "radiation", "surgery", "fatigue", "nausea", "cost", "insurance",
    "second opinion", "targeted therapy", "hormone therapy", "pain", "work", "travel",
    "fertility", "genetic testing", "blood test", "recurrence", "stage", "metastatic",
    "survival", "diet", "exercise", "sleep", "oncologist",
]  # fmt: skip
FILTER = {"Cancer type": ["Breast cancer"]}
VARIANTS = {
    "query": {},
    "query + filter": {"filters": FILTER},
    "query + date sort": {"sort": {"date": "desc"}},
    "query + filter + date sort": {"filters": FILTER, "sort": {"date": "desc"}},
}
TOP = 10
RANK_JS = """async ([queries, variants, top, others]) => {
    const pagefind = await import("/pagefind/pagefind.js");
    const script = document.querySelector("script[data-shards]");
    for (const shard of script ? script.dataset.shards.split(" ") : []) {
        await pagefind.mergeIndex(shard);
    }
    const out = {};
    for (const q of queries) {
        for (const [name, options] of Object.entries(variants)) {
            const found = await pagefind.search(q, options);
            const urls = await Promise.all(
                found.results.slice(0, 2 * top).map(r => r.data().then(d => d.url)));
            const key = q + "\\u0000" + name;
            const score = Object.fromEntries(found.results.map(r => [r.id, r.score]));
            out[key] = {urls, count: found.results.length, filters: found.filters,
                        ids: found.results.slice(0, top).map(r => r.id),
                        // the score this index gives the other index's top ten (by page id:
                        // the hash of the page's fragment, the same in both bundles)
                        theirs: (others[key] || []).map(id => score[id] ?? 0),
                        ours: found.results.slice(0, top).map(r => r.score)};
        }
    }
    return out;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build_both(
    root: Path, questions: int, seed: int, shard_size: int | None = None
) -> dict[str, Path]:
    """The synthetic site built with its index in shards (of ``shard_size`` answers, by
    default the site's rule) and whole; name -> built folder."""
    sites = {}
    for name, per_shard in (("shards", shard_size), ("whole", questions + 1)):
        project = root / name
        if not (project / "content").exists():
            synth.generate(project, questions, seed)
        if per_shard is not None:
            site_yaml = project / "content/_data/site.yaml"
            text = site_yaml.read_text(encoding="utf-8").split("search:")[0]
            site_yaml.write_text(text + f"search:\n  pages_per_shard: {per_shard}\n", "utf-8")
        report = commands.build(project, project / "site")
        if report.index is not None:
            print(f"{name}: {report.index.pages:,} answers in {report.index.shards} shard(s)")
        sites[name] = project / "site"
    return sites


def served_size(site: Path, url: str) -> int:
    """The bytes of ``url`` as a server that compresses would send them."""
    path = site / urlsplit(url).path.lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    data = path.read_bytes()
    if ".pf_" in path.name or path.suffix == ".pagefind":
        return len(data)  # gzip already
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def first_search(browser, base: str, site: Path, query: str) -> dict:
    context = browser.new_context()
    try:
        page, fetched = context.new_page(), []
        page.on("requestfinished", lambda request: fetched.append(request.url))
        page.goto(f"{base}/search/?q={query.replace(' ', '+')}")
        page.wait_for_function(
            "() => document.querySelectorAll('pagefind-results .pf-result-link').length > 0"
        )
        page.wait_for_load_state("networkidle")
        urls = sorted(set(fetched))
        index = [u for u in urls if "/pagefind/" in u]
        return {
            "requests": len(urls),
            "bytes": sum(served_size(site, u) for u in urls),
            "pagefind_requests": len(index),
            "pagefind_bytes": sum(served_size(site, u) for u in index),
        }
    finally:
        context.close()


def compare(sites: dict[str, Path], byte_queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright  # the test tools' Playwright

    out = {"ranking": {}, "bytes": {}}
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        stack.callback(browser.close)
        bases = {name: stack.enter_context(served(folder)) for name, folder in sites.items()}
        found = {}
        for name in ("shards", "whole"):  # the whole index scores the shards' top ten
            others = {k: r["ids"] for k, r in found.get("shards", {}).items()}
            page = browser.new_page()
            page.goto(f"{bases[name]}/search/")
            found[name] = page.evaluate(RANK_JS, [QUERIES, VARIANTS, TOP, others])
            page.close()
        for variant in VARIANTS:
            keys = [f"{q}\0{variant}" for q in QUERIES]
            rows = [(found["whole"][k], found["shards"][k]) for k in keys]
            rows = [
                ({**w, "urls": w["urls"][:TOP], "wide": w["urls"]}, {**s, "urls": s["urls"][:TOP]})
                for w, s in rows
            ]
            listed = sum(len(w["urls"]) for w, _ in rows)
            out["ranking"][variant] = {
                "queries": len(keys),
                "listed": listed,
                "overlap": sum(len(set(w["urls"]) & set(s["urls"])) for w, s in rows),
                "in_top_twice": sum(len(set(w["wide"]) & set(s["urls"])) for w, s in rows),
                "same_place": sum(
                    a == b for w, s in rows for a, b in zip(w["urls"], s["urls"], strict=False)
                ),
                "same_count": sum(w["count"] == s["count"] for w, s in rows),
                "same_filter_counts": sum(w["filters"] == s["filters"] for w, s in rows),
            }
            if "sort" not in VARIANTS[variant]:  # under a sort, a score is a position
                out["ranking"][variant]["score_share"] = sum(
                    sum(w["theirs"]) for w, _ in rows
                ) / max(sum(sum(w["ours"]) for w, _ in rows), 1e-12)
                out["ranking"][variant]["worst_to_tenth"] = min(
                    (min(w["theirs"]) / w["ours"][-1] for w, _ in rows if w["theirs"]),
                    default=1.0,
                )
                out["ranking"][variant]["unscored"] = sum(
                    not score for w, _ in rows for score in w["theirs"]
                )
        for query in byte_queries:
            out["bytes"][query] = {
                name: first_search(browser, bases[name], sites[name], query) for name in sites
            }
    return out


def report(figures: dict) -> str:
    lines = [f"ranking: the whole index's top {TOP} against the shards', {len(QUERIES)} queries"]
    for variant, r in figures["ranking"].items():
        share = r["overlap"] / r["listed"] if r["listed"] else 1.0
        lines.append(
            f"  {variant}: overlap {r['overlap']}/{r['listed']} ({share:.1%}), in the whole "
            f"index's top {2 * TOP} {r['in_top_twice']}/{r['listed']}, same place "
            f"{r['same_place']}/{r['listed']}, equal result counts {r['same_count']}/"
            f"{r['queries']}, equal filter counts {r['same_filter_counts']}/{r['queries']}"
        )
        if "score_share" in r:
            lines.append(
                f"    scored by the whole index, the shards' top {TOP} carry "
                f"{r['score_share']:.1%} of the score of its own top {TOP}; the least of "
                f"them scores {r['worst_to_tenth']:.1%} of its {TOP}th result "
                f"({r['unscored']} it does not find)"
            )
    lines.append("first search (fresh browser), bytes as served compressed:")
    for query, by in figures["bytes"].items():
        w, s = by["whole"], by["shards"]
        lines.append(
            f"  {query!r}: whole {w['bytes']:,} B in {w['requests']} requests (Pagefind "
            f"{w['pagefind_bytes']:,} B), shards {s['bytes']:,} B in {s['requests']} requests "
            f"(Pagefind {s['pagefind_bytes']:,} B): {s['bytes'] / w['bytes'] - 1:+.1%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=10_000, help="default 10,000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, help="folder for the two sites (default: temp)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--per-shard", type=int, help="answers per shard (default: the site's, 1,000)"
    )
    args = parser.parse_args(argv)
    root = args.dir or Path(tempfile.mkdtemp(prefix="qasite-search-compare-"))
    try:
        sites = build_both(root, args.questions, args.seed, args.per_shard)
        figures = compare(sites, ["treatment", "side effects", "immunotherapy"])
    finally:
        if args.dir is None:
            shutil.rmtree(root, ignore_errors=True)
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
