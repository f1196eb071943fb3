"""Benchmark: `python -m qasite.tools.bench [--questions N] [--repeat R] [--json PATH]`.

Generates a deterministic synthetic knowledge base (`qasite.tools.synth`), then times, each in a
fresh Python process so that memory and caches belong to one run (wall-clock, median of
``--repeat``):

- the floor: read every question file, split the front matter and load it with
  ``yaml.CSafeLoader``, render the Markdown with ``MarkdownIt("js-default")``; nothing else;
- a cold build (no ``site/``, no ``.cache/``) without the search index;
- the search index alone (`qasite.output.index.build_index` on the pages of that build);
- a rebuild with nothing changed, and a rebuild after one sentence of one answer changed;

and prints each figure, its ratio to the floor and the targets of issue 5. Peak memory is the
child's ``ru_maxrss`` (RUSAGE_SELF) and that of its largest child process (RUSAGE_CHILDREN:
worker processes, the Pagefind binary). A command, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import synth

REPO = Path(__file__).resolve().parent.parent.parent
TARGETS = {"cold": 0.7, "nochange": 0.1, "one": 0.15}  # times the floor, pages only
MEMORY_TARGET_MIB = 1024

_RESULT = """
import json, resource
def _mib(who):
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux
print("BENCH-RESULT " + json.dumps(dict(result, self_mib=_mib(resource.RUSAGE_SELF),
                                        children_mib=_mib(resource.RUSAGE_CHILDREN))))
"""
FLOOR = """
import sys, time
from pathlib import Path
import yaml
from markdown_it import MarkdownIt
start = time.perf_counter()
md = MarkdownIt("js-default")
files = html = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\\n", 2)
    data = yaml.load(front, Loader=yaml.CSafeLoader)
    html += len(md.render(body))
    files += 1
result = {"call": time.perf_counter() - start, "files": files, "html_bytes": html}
"""
BUILD = """
import sys, time
from pathlib import Path
from qasite import commands
root, out = Path(sys.argv[1]), Path(sys.argv[2])
start = time.perf_counter()
report = commands.build(root, out, production=True, search=False)  # pages only
result = {"call": time.perf_counter() - start, "stages": report.seconds, "pages": report.pages,
          "indexed": report.index.pages if report.index else 0, "index_option": True}
"""
INDEX = """
import sys, time
from pathlib import Path
from qasite.output import index
stage = Path(sys.argv[1])
files = {p.relative_to(stage).as_posix(): p.read_bytes() for p in stage.rglob("*.html")}
start = time.perf_counter()
report = index.build_index(stage, len(index.searchable(files)), sys.argv[2])
result = {"call": time.perf_counter() - start, "indexed": report.pages, "bytes": report.bytes}
"""


def child(code: str, *args: object, cwd: Path) -> dict:
    """Run ``code`` in a fresh interpreter; its result, with the wall-clock of the process."""
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + _RESULT, *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
    if done.returncode or not lines:
        sys.exit(f"benchmark child failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return dict(json.loads(lines[-1].removeprefix("BENCH-RESULT ")), wall=wall)


def source_state() -> dict[str, float]:
    """Modification times of the generator's code and layouts, to notice edits during a run."""
    paths = [*(REPO / "qasite").rglob("*.py"), *(REPO / "layouts").rglob("*")]
    return {str(p): p.stat().st_mtime for p in paths if p.is_file()}


def summarise(runs: list[dict]) -> dict:
    """Median times of the runs (and their page-building time), maximum memory."""

    def median(key):
        return statistics.median(run[key] for run in runs)

    for run in runs:  # without the index: the build's own figure, or minus its index stage
        run["index"] = 0.0 if run.get("index_option") else run.get("stages", {}).get("index", 0.0)
        run["pages_wall"] = run["wall"] - run["index"]
    out = {k: median(k) for k in ("wall", "call", "index", "pages_wall")}
    stages = dict.fromkeys(name for run in runs for name in run.get("stages", {}))
    out["stages"] = {s: statistics.median(r["stages"].get(s, 0.0) for r in runs) for s in stages}
    out["self_mib"] = max(run["self_mib"] for run in runs)
    out["children_mib"] = max(run["children_mib"] for run in runs)
    out["runs"] = runs
    return out


def edit_one(path: Path, run: int) -> None:
    """Change the first sentence of the answer's first paragraph."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    _, dot, rest = body.lstrip("\n").partition(". ")
    path.write_text(
        f"{head}\n---\n\nThis sentence was changed by the benchmark, edit {run}{dot}{rest}",
        encoding="utf-8",
    )


def measure(root: Path, questions: list[Path], repeat: int, floor_repeat: int) -> dict:
    out, cache = root / "site", root / ".cache"
    results = {
        "floor": summarise(
            [child(FLOOR, root / "content" / "questions", cwd=root) for _ in range(floor_repeat)]
        )
    }
    cold = []
    for _ in range(repeat):
        for folder in (out, cache):
            shutil.rmtree(folder, ignore_errors=True)
        cold.append(child(BUILD, root, out, cwd=root))
    results["cold"] = summarise(cold)
    with tempfile.TemporaryDirectory(prefix="qasite-bench-index-") as tmp:
        stage = Path(tmp) / "stage"
        shutil.copytree(out, stage, ignore=lambda d, names: ["pagefind"] if Path(d) == out else [])
        results["index"] = summarise([child(INDEX, stage, "en", cwd=root)])
    results["nochange"] = summarise([child(BUILD, root, out, cwd=root) for _ in range(repeat)])
    one = []
    for run in range(repeat):
        edit_one(questions[len(questions) // 2], run + 1)
        one.append(child(BUILD, root, out, cwd=root))
    results["one"] = summarise(one)
    return results


LABELS = {
    "floor": "floor (read, YAML, Markdown)",
    "cold": "cold build, no index",
    "index": "search index alone",
    "nochange": "no-change rebuild",
    "one": "one-question rebuild",
}


def table(results: dict, info: dict) -> str:
    floor = results["floor"]["wall"]
    index_option = all(r.get("index_option") for r in results["cold"]["runs"])
    rows = [("", "wall s", "pages s", "× floor", "target", "met", "RSS MiB", "child MiB")]
    verdicts = {}
    for key, label in LABELS.items():
        r = results[key]
        pages = r["pages_wall"] if key != "index" else None
        ratio = pages / floor if pages is not None else None
        target = TARGETS.get(key)
        if target is not None:
            verdicts[key] = ratio <= target
        rows.append(
            (
                label,
                f"{r['wall']:.2f}",
                "-" if pages is None else f"{pages:.2f}",
                "-" if ratio is None else f"{ratio:.3f}",
                "-" if target is None else f"≤ {target:.2f}",
                "-" if target is None else ("yes" if verdicts[key] else "NO"),
                f"{r['self_mib']:.0f}",
                f"{r['children_mib']:.0f}",
            )
        )
    builds = [results[k] for k in ("cold", "nochange", "one")]
    peak = max(r["self_mib"] + r["children_mib"] for r in builds)
    verdicts["memory"] = peak < MEMORY_TARGET_MIB
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"qasite benchmark: {info['questions']:,} questions (seed {info['seed']}), answers "
        f"{info['body_min'] / 1000:.1f}–{info['body_max'] / 1000:.1f} KB "
        f"(mean {info['body_mean'] / 1000:.2f} KB, {info['body_total'] / 1e6:.1f} MB), "
        f"{info['cpus']} CPUs, Python {info['python']}, repeat {info['repeat']} (median)",
        f"site: {info['dir']}",
        "",
        *(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
            for row in rows
        ),
        "",
        f"peak memory of a build (RSS + largest child, MiB): {peak:.0f}  target < "
        f"{MEMORY_TARGET_MIB} (set for 10,000 questions)  met: "
        f"{'yes' if verdicts['memory'] else 'NO'}",
        f"search index: {results['index']['call']:.2f} s in build_index "
        f"({results['index']['runs'][0]['indexed']:,} pages); inside the cold build its stage "
        f"took {results['cold']['index']:.2f} s",
        "wall s: the whole child process (interpreter start and imports included); pages s: "
        + (
            "the build with search=False (pages only)"
            if index_option
            else "wall s minus the report's 'index' stage (commands.build(root, out, production, "
            "index=False) does not exist yet)"
        ),
        "",
        "stages (s, from Report.seconds):",
    ]
    for key in ("cold", "nochange", "one"):
        stages = ", ".join(f"{k} {v:.2f}" for k, v in results[key]["stages"].items())
        r = results[key]
        lines.append(
            f"  {LABELS[key]}: {stages}; build() call {r['call']:.2f}, process start and "
            f"imports {r['wall'] - r['call']:.2f}"
        )
    results["verdicts"] = verdicts
    return "\n".join(lines)


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
        results = measure(root, questions, args.repeat, args.floor_repeat or args.repeat)
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
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "body_min": min(sizes),
            "body_max": max(sizes),
            "body_mean": statistics.mean(sizes),
            "body_total": sum(sizes),
        }
        print(table(results, info))
        if args.json:
            args.json.write_text(
                json.dumps(
                    {
                        "info": info,
                        "targets": TARGETS,
                        "memory_target_mib": MEMORY_TARGET_MIB,
                        **results,
                    },
                    indent=2,
                )
                + "\n",
                encoding="utf-8",
            )
    finally:
        if not (args.dir or args.keep):
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
