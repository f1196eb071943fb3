"""kill -9 at many moments of real builds (review 2026-12, findings 5 and 18): the output
folder is always there and equal, byte for byte, to the last good build or to the new one,
warm, cold or first; the next build leaves no scratch folder behind and equals a clean build.

Each trial runs `build.py` in a process group of its own. A hook in that process counts every
file operation (write, link, rename, unlink, mkdir, rmdir, the folder exchange) from the moment
the staging folder is made, and at the N-th sends SIGKILL to the whole group (the Pagefind
service included). A first run of each kind counts its operations; the trials kill at points
spread over the writing and indexing, at the swap and the four operations after it, twice
during the removal of the old site, and, from outside, at two fractions of the build's
wall-clock time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, SITE_YAML, write_site

from qasite import commands
from qasite.output import swap

CHILD = r"""
import json, os, pathlib, signal, sys
sys.path.insert(0, sys.argv[3])
from qasite.output import swap
kill_at, armed, ops = int(sys.argv[2]), [False], []

def hooked(name, real):
    def run(*args, **kwargs):
        if armed[0]:
            ops.append(name)
            if len(ops) == kill_at:
                os.killpg(os.getpgrp(), signal.SIGKILL)
        return real(*args, **kwargs)
    return run

for name in ("link", "rename", "replace", "unlink", "mkdir", "rmdir"):
    setattr(os, name, hooked(name, getattr(os, name)))
pathlib.Path.write_bytes = hooked("write", pathlib.Path.write_bytes)
swap.exchange = hooked("exchange", swap.exchange)
made = swap.scratch_folder

def arm(out, kind):
    armed[0] = True
    return made(out, kind)

swap.scratch_folder = arm
import build
code = build.main(["--root", sys.argv[1]])
print(json.dumps(ops), file=sys.stderr)
sys.exit(code)
"""

ANSWER = "content/questions/lung-cancer-screening.md"


def tree(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def set_version(root: Path, version: str) -> None:
    path = root / ANSWER
    text = path.read_text(encoding="utf-8")
    marker = "Version of this answer: "
    if marker in text:
        text = text[: text.index(marker)]
    path.write_text(f"{text}{marker}{version}.\n", encoding="utf-8")


def run(root: Path, kill_at: int = 0, after: float | None = None):
    """A build in a process group of its own, killed at the ``kill_at``-th file operation or
    ``after`` seconds; (exit status, the operations it counted, seconds)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(root), str(kill_at), str(REPO)],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    if after is not None:
        try:
            child.wait(timeout=after)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
    _, err = child.communicate(timeout=300)
    lines = err.decode().strip().splitlines()
    ops = json.loads(lines[-1]) if child.returncode == 0 else []
    return child.returncode, ops, time.perf_counter() - start


SHARDED = SITE_YAML + "search:\n  pages_per_shard: 1\n"  # four answers: several shards


def project(root: Path, site_yaml: str = SITE_YAML) -> Path:
    return write_site(root, site=site_yaml)


def clean_versions(factory, site_yaml: str) -> dict[str, dict[str, bytes]]:
    """The clean builds of the two versions of the content the trials go between."""
    trees = {}
    for version in ("A", "B"):
        root = project(factory.mktemp(f"clean-{version}"), site_yaml)
        set_version(root, version)
        commands.build(root, root / "site")
        trees[version] = tree(root / "site")
    assert trees["A"] != trees["B"]
    return trees


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    return clean_versions(tmp_path_factory, SITE_YAML)


@pytest.fixture(scope="module")
def sharded_versions(tmp_path_factory):
    return clean_versions(tmp_path_factory, SHARDED)


def prepare(root: Path, kind: str, old: str) -> None:
    """Bring the project to the state before the killed build: the site of ``old`` built
    (warm), the same without its cache (cold), or no site at all (first)."""
    if kind == "first":
        shutil.rmtree(root / "site", ignore_errors=True)
    elif tree(root / "site") is None:
        set_version(root, old)
        commands.build(root, root / "site")
    if kind != "warm":
        shutil.rmtree(root / ".cache", ignore_errors=True)


def points(ops: list[str], count: int) -> list[int]:
    """Operation numbers to kill at: ``count`` spread over the writing and indexing before the
    swap (the exchange, or the rename of a first build), the swap and the four operations after
    it, and two during the removal of the old site and the saving of the cache after that."""
    at = next(n for n, op in enumerate(ops, 1) if op in ("exchange", "rename"))
    before = {1 + round(i * (at - 2) / (count - 1)) for i in range(count)}
    after = {at + (len(ops) - at) // 2, len(ops)}
    return sorted(before | set(range(at, min(at + 5, len(ops) + 1))) | after)


@pytest.mark.parametrize(("kind", "spread"), [("warm", 6), ("cold", 3), ("first", 2)])
def test_kill_9_at_any_moment_leaves_the_old_site_or_the_new_one_whole(
    tmp_path, versions, kind, spread
):
    trials(project(tmp_path / "project"), versions, kind, spread)


def test_kill_9_during_a_build_of_a_sharded_index_leaves_the_old_site_or_the_new_one_whole(
    tmp_path, sharded_versions
):
    trials(project(tmp_path / "project", SHARDED), sharded_versions, "warm", 6)


def trials(root: Path, versions: dict, kind: str, spread: int) -> None:
    """Kill builds of ``kind`` at ``spread`` moments and more (`points`), each time checking
    that the output is one whole version and that the next build repairs it."""
    prepare(root, kind, "A")
    set_version(root, "B")
    code, ops, seconds = run(root)  # counted, not killed
    assert code == 0 and ("exchange" if kind != "first" else "rename") in ops
    assert tree(root / "site") == versions["B"]
    moments = [(n, None) for n in points(ops, spread)]
    moments += [(0, seconds * fraction) for fraction in (0.4, 0.8)]
    old, new, trials, outcomes = "B", "A", 0, set()
    for kill_at, after in moments:
        prepare(root, kind, old)
        set_version(root, new)
        run(root, kill_at, after)
        left = tree(root / "site")
        allowed = [versions[new]] + ([None] if kind == "first" else [versions[old]])
        assert left in allowed, f"{kind} build killed at {kill_at or after}: a mixed site"
        outcomes.add("new" if left == versions[new] else "old")
        commands.build(root, root / "site")  # the next build repairs and tidies
        assert tree(root / "site") == versions[new]
        assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]
        old, new, trials = new, old, trials + 1
    assert trials == len(moments) >= spread + 5
    assert outcomes == {"old", "new"}  # the kills fell both before and after the exchange


def test_the_exchange_swaps_two_folders_in_one_step(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x").write_text("b")
    if not swap.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("this file system cannot exchange folders")
    assert (tmp_path / "a" / "x").read_text() == "b"
    assert (tmp_path / "b" / "x").read_text() == "a"
