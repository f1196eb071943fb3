"""Parsing many question files at once: from the last run's `snapshot` when a file or its
bytes did not change, else parsed, in worker processes when the machine really runs them side
by side and there are enough files to gain."""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
import threading
import time
from pathlib import Path

from ..incremental import cache, snapshot
from .errors import shown_path

PARALLEL_MIN = 200  # files to parse before worker processes pay for themselves


def _parse_job(parse_question, item: tuple[str, str, bytes, str]):
    """Worker: parse one file with ``parse_question`` (a module-level function, sent to the
    workers by name); a good question comes back as its snapshot record and HTML (plain lists
    and strings: quick to send between processes, and made by the workers)."""
    path, shown, raw, key = item
    question, problems, refs = parse_question(Path(path), shown, raw)
    if question is None:
        return None, None, problems, refs
    question = dataclasses.replace(question, digest=key)
    return snapshot.question_record(question, problems), str(question.body.html), problems, refs


def parse_all(
    paths: list[Path], parse_question, store: cache.Cache, jobs: int | None = None, progress=None
):
    """(question, problems, references) of every file, in path order; ``parse_question(path,
    shown, raw)`` parses one file (`load.parse_question`).

    A file whose bytes are those of a question of its snapshot (read and hashed every time: an
    edit whose size and time were restored is still seen) is taken from that snapshot, its
    HTML left in the cache until a page needs it; any other is parsed, on every core that
    computes side by side when there are enough files to gain from it."""
    results: list = [None] * len(paths)
    name = cache.content_key(str(paths[0].parent.absolute()), b"") if paths else ""
    last = snapshot.read(store, name)
    files, todo = {}, []
    folder = shown_path(paths[0].parent) if paths else ""
    for index, path in enumerate(paths):
        shown = f"{folder}/{path.name}" if path.parent == paths[0].parent else shown_path(path)
        stamp = [-1, -1]  # files are known by their bytes alone, never by size and time
        try:
            raw = path.read_bytes() if path.is_file() else b""
        except OSError:
            raw = b""
        key = cache.content_key(shown, raw)
        files[shown] = [*stamp, key]
        results[index] = last.question(key)
        if results[index] is None:
            todo.append((index, (str(path), shown, raw, key)))
    if len(todo) >= PARALLEL_MIN:
        jobs = jobs or useful_jobs(store)
    job = functools.partial(_parse_job, parse_question)
    if (jobs or 1) > 1 and len(todo) >= PARALLEL_MIN:
        context = multiprocessing.get_context(_start_method())
        with context.Pool(jobs) as pool:
            work = pool.imap(job, [item for _, item in todo], chunksize=16)
            done = _counted(work, len(todo), progress)
    else:
        done = _counted(map(job, (item for _, item in todo)), len(todo), progress)
    fresh = {}
    for (index, (_, _, _, key)), (record, html, problems, refs) in zip(todo, done, strict=True):
        if record is None:
            results[index] = None, problems, refs
        else:
            results[index] = (*snapshot.question_from(record, html), refs)
            fresh[key] = record
    snapshot.save(last, files, results, fresh)
    return results


def _counted(results, total: int, progress) -> list:
    """The results, telling ``progress`` (if any) how many are done."""
    done = []
    for result in results:
        done.append(result)
        if progress is not None:
            progress.advance(len(done), total)
    return done


def _spin(rounds: int) -> float:
    start = time.perf_counter()
    total = 0
    for number in range(rounds):
        total += number * number
    return time.perf_counter() - start


def useful_jobs(store: cache.Cache) -> int:
    """How many processes really run at once here: the cores this process may use, unless
    they do not compute side by side (a virtual machine whose cores share one physical core
    runs two processes no faster than one, and a shared host may lend its cores or not).
    Measured once, in about 0.5 s, and kept in the cache: the pool is used when two rounds
    of the same work on every core both ran at least 1.5 times faster than one core alone."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores < 2:
        return 1
    known = store.get("machine", f"cores-{cores}")
    if isinstance(known, int):
        return known
    rounds = 3_000_000  # about 0.1 s of work per core, twice: short bursts mislead
    gains = []
    with multiprocessing.get_context(_start_method()).Pool(cores) as pool:
        pool.map(_spin, [1] * cores)  # started
        for _ in range(2):
            alone = _spin(rounds)
            started = time.perf_counter()
            pool.map(_spin, [rounds] * cores, chunksize=1)
            gains.append(alone * cores / (time.perf_counter() - started))
    jobs = cores if min(gains) > 1.5 else 1
    store.put("machine", f"cores-{cores}", jobs)
    return jobs


def _start_method() -> str:
    """fork, but not in a process with other threads (the preview server): a forked child
    could inherit a lock another thread holds."""
    return "fork" if threading.active_count() == 1 else "forkserver"
