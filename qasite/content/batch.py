"""Parsing many question files at once: from the last run's `snapshot` when a file or its
bytes did not change, else parsed, on every core this process may use when there are enough
files to parse for worker processes to pay for themselves (decided by the work's size alone,
so a cold build never falls back to one core because the machine looked busy)."""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing
import os
import threading
from pathlib import Path

from ..incremental import cache, snapshot
from .errors import shown_path

PARALLEL_MIN = 64  # files to parse before worker processes pay for themselves (see `workers`)
CHUNK = 16  # files sent to a worker at once


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
    HTML left in the cache until a page needs it; any other is parsed, on every core this
    process may use when there are enough of them to gain from it (`workers`)."""
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
    jobs = jobs or workers(len(todo))
    job = functools.partial(_parse_job, parse_question)
    if jobs > 1 and len(todo) > 1:
        context = multiprocessing.get_context(_start_method())
        with context.Pool(min(jobs, len(todo))) as pool:
            chunk = max(1, min(CHUNK, len(todo) // (jobs * 4)))
            work = pool.imap(job, [item for _, item in todo], chunksize=chunk)
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


def workers(files: int) -> int:
    """The processes to parse ``files`` files with: every core this process may use
    (`os.sched_getaffinity`: a container's or ``taskset``'s share, not the host's count) once
    there are `PARALLEL_MIN` files or more, else one. Measured here on 2 cores: a pool of two
    forked workers starts and joins in 17-39 ms and one file parses in 5.6-7.6 ms, so the pool
    pays for itself from about 10 files; below 64 the whole parse takes under half a second.
    The machine's load is not asked: a core the host lends late still takes its share of the
    chunks, and a busy core slows a pool no more than it slows one process."""
    if files < PARALLEL_MIN:
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start_method() -> str:
    """fork, but not in a process with other threads (the preview server): a forked child
    could inherit a lock another thread holds."""
    return "fork" if threading.active_count() == 1 else "forkserver"
