"""The benchmark's synthetic knowledge base is a valid site with answers of 4 to 7 KB."""

from __future__ import annotations

from qasite import commands
from qasite.tools import synth


def test_synthetic_site_passes_check_with_answers_of_4_to_7_kb(tmp_path):
    questions = synth.generate(tmp_path, questions=30, seed=7)
    report = commands.check(tmp_path)
    assert report.questions + sum(b"\ndraft: true\n" in p.read_bytes() for p in questions) == 30
    assert report.cancer_types >= 40
    for path in questions:
        body = path.read_bytes().split(b"\n---\n", 1)[1]
        assert 4096 <= len(body) <= 7000, path.name
        for part in (
            b"\n## ",
            b"\n### ",
            b"\n| --- |",
            b"](/questions/",
            b"](https://",
            b"[^1]",
            b"\n- ",
            b"\n1. ",
            b"## Questions to ask your oncologist",
        ):
            assert part in body, (path.name, part)
    assert (
        synth.generate(tmp_path / "again", questions=30, seed=7)[0].read_bytes()
        == questions[0].read_bytes()
    )
