"""How many processes parse the questions: decided by the number of files alone."""

from __future__ import annotations

import os

from qasite.content import batch, load
from qasite.incremental import cache
from qasite.tools import synth


def test_a_few_files_are_parsed_in_this_process_and_many_on_every_core():
    assert batch.workers(batch.PARALLEL_MIN - 1) == 1
    assert batch.workers(batch.PARALLEL_MIN) == len(os.sched_getaffinity(0))


def test_parsing_on_two_workers_gives_what_one_process_gives(tmp_path):
    synth.generate(tmp_path, questions=batch.PARALLEL_MIN + 6, seed=3)
    paths = load.content_files(tmp_path / "content" / "questions")
    alone = batch.parse_all(paths, load.parse_question, cache.Cache(None), jobs=1)
    pooled = batch.parse_all(paths, load.parse_question, cache.Cache(None), jobs=2)
    assert [(q, problems) for q, problems, _ in pooled] == [
        (q, problems) for q, problems, _ in alone
    ]
    assert all(q is not None for q, _, _ in alone)
