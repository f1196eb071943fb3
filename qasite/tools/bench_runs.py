"""The benchmark's runs: each figure is a fresh Python process (`child`), so that memory and
caches belong to one run; its result is a JSON line with the process's peak memory
(``ru_maxrss`` of RUSAGE_SELF) and that of its largest child process (RUSAGE_CHILDREN: worker
processes, the Pagefind binary, Hugo)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

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
root, out, search = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "search"
start = time.perf_counter()
report = commands.build(root, out, production=True, search=search)
result = {"call": time.perf_counter() - start, "stages": report.seconds, "pages": report.pages,
          "indexed": report.index.pages if report.index else 0}
"""
COMMAND = """
import subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
result = {"call": time.perf_counter() - start}
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
        errors = [line for line in done.stderr.splitlines() if not line.endswith("[warning]")]
        sys.exit(f"benchmark child failed (exit {done.returncode}):\n" + "\n".join(errors)[-3000:])
    return dict(json.loads(lines[-1].removeprefix("BENCH-RESULT ")), wall=wall)


def command(*argv: object, cwd: Path) -> dict:
    """A program (Hugo, Pagefind) timed and measured from a fresh interpreter."""
    return child(COMMAND, *argv, cwd=cwd)


def summarise(runs: list[dict]) -> dict:
    """Median times of the runs and of their stages, maximum memory (the process's, its
    largest child's, and ``peak_mib``, their sum)."""

    def median(key):
        return statistics.median(run[key] for run in runs)

    out = {k: median(k) for k in ("wall", "call")}
    stages = dict.fromkeys(name for run in runs for name in run.get("stages", {}))
    out["stages"] = {s: statistics.median(r["stages"].get(s, 0.0) for r in runs) for s in stages}
    out["self_mib"] = max(run["self_mib"] for run in runs)
    out["children_mib"] = max(run["children_mib"] for run in runs)
    out["peak_mib"] = max(run["self_mib"] + run["children_mib"] for run in runs)
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


def source_state() -> dict[str, float]:
    """Modification times of the generator's code and layouts, to notice edits during a run."""
    paths = [*(REPO / "qasite").rglob("*.py"), *(REPO / "layouts").rglob("*")]
    return {str(p): p.stat().st_mtime for p in paths if p.is_file()}
