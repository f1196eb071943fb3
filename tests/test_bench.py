"""The benchmark's synthetic knowledge base is a valid site with answers of 4 to 7 KB, and its
answers become Hugo pages with the same Markdown for the comparison with Hugo."""

from __future__ import annotations

import datetime as dt

import yaml

from qasite import commands
from qasite.tools import bench_hugo, synth


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


def test_hugo_page_keeps_the_answer_and_the_front_matter_its_theme_shows():
    text = (
        "---\n"
        'title: "What does HER2-low mean?"\n'
        "cancer_type: her2-low-breast-cancer\n"
        "date: 2024-10-26\n"
        'summary: "What the result means."\n'
        "updated: 2024-11-02\n"
        "last_reviewed: 2025-02-02\n"
        "tags: [testing]\n"
        "sources:\n"
        "  - title: A guide\n"
        "    publisher: ESMO\n"
        "    url: https://www.esmo.org/\n"
        "draft: true\n"
        "---\n"
        "\nThe answer, in **Markdown**.\n"
    )
    page = bench_hugo.hugo_page(text)
    _, front, body = page.split("---\n", 2)
    assert body == "\nThe answer, in **Markdown**.\n"
    assert yaml.safe_load(front) == {
        "title": "What does HER2-low mean?",
        "description": "What the result means.",
        "date": dt.date(2024, 10, 26),
        "lastmod": dt.date(2024, 11, 2),
        "cancer-types": ["her2-low-breast-cancer"],
        "tags": ["testing"],
        "biomarkers": [],
        "sources": [{"title": "A guide", "publisher": "ESMO"}],
        "draft": True,
    }
