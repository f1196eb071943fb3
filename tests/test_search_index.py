"""The Pagefind index: built by every build from the answers only, part of the atomic swap."""

from __future__ import annotations

import gzip
import json

import pytest
from test_search_browser import QUESTIONS, write_search_site

from qasite import commands
from qasite.output import index


@pytest.fixture
def tiny(tmp_path):
    return write_search_site(tmp_path)


def fragments(site) -> list[dict]:
    out = []
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        out.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return out


def test_build_writes_a_pagefind_index_of_every_answer(tiny):
    report = commands.build(tiny, tiny / "site")
    entry = json.loads((tiny / "site" / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(QUESTIONS) == report.index.pages
    assert sorted(f["url"] for f in fragments(tiny / "site")) == sorted(
        f"/questions/{slug}/" for slug in QUESTIONS
    )


def test_index_holds_the_answer_but_no_boilerplate(tiny):
    commands.build(tiny, tiny / "site")
    record = next(f for f in fragments(tiny / "site") if f["url"].endswith("/expanded-access/"))
    assert "quokka ledger" in record["content"]
    for boilerplate in (
        "zephyrine",
        "xylograph",
        "informational purposes",
        "Related questions",
        "Tiny Answers",
        "NCI Cancer Information Service",
    ):
        assert boilerplate not in record["content"]


def test_subtype_answer_is_filed_under_its_parent_type(tiny):
    commands.build(tiny, tiny / "site")
    record = next(f for f in fragments(tiny / "site") if f["url"].endswith("/expanded-access/"))
    assert sorted(record["filters"]["Cancer type"]) == ["Breast cancer", "HER2-low breast cancer"]
    assert record["filters"]["Biomarker"] == ["HER2"]
    assert record["filters"]["Topic"] == ["Expanded access"]
    assert record["meta"]["title"] == "How do I ask for expanded access?"
    assert record["meta"]["cancer_type"] == "HER2-low breast cancer"
    assert record["meta"]["date"] == "May 2, 2026"
    assert record["meta"]["last_reviewed"] == "August 1, 2026"


def test_headings_give_sub_results_their_anchor(tiny):
    commands.build(tiny, tiny / "site")
    record = next(f for f in fragments(tiny / "site") if f["url"].endswith("/expanded-access/"))
    anchors = {a["id"] for a in record["anchors"]}
    assert {"how-a-request-is-made", "questions-to-ask-your-oncologist"} <= anchors


def test_failed_index_leaves_the_published_site_as_it_was(tiny, monkeypatch):
    commands.build(tiny, tiny / "site")
    before = {
        p.relative_to(tiny / "site"): p.read_bytes()
        for p in (tiny / "site").rglob("*")
        if p.is_file()
    }
    (tiny / "content" / "questions" / "expanded-access.md").write_text(
        QUESTIONS["expanded-access"].replace("quokka", "wombat")
    )

    async def broken(stage, language, bundle=None):
        raise RuntimeError("pagefind crashed")

    monkeypatch.setattr(index, "_index", broken)
    with pytest.raises(RuntimeError, match="pagefind crashed"):
        commands.build(tiny, tiny / "site")
    after = {
        p.relative_to(tiny / "site"): p.read_bytes()
        for p in (tiny / "site").rglob("*")
        if p.is_file()
    }
    assert after == before
    assert [p.name for p in tiny.iterdir() if p.name.startswith("site.")] == []


def test_index_that_misses_pages_fails_the_build(tiny, monkeypatch):
    async def short(stage, language, bundle=None):
        return 1

    monkeypatch.setattr(index, "_index", short)
    with pytest.raises(index.SearchIndexError, match="indexed 1 pages of 3"):
        commands.build(tiny, tiny / "site")
    assert not (tiny / "site").exists()


def test_two_builds_give_a_byte_identical_index(tiny):
    commands.build(tiny, tiny / "a")
    commands.build(tiny, tiny / "b")
    files_a = {
        p.relative_to(tiny / "a"): p.read_bytes() for p in (tiny / "a").rglob("*") if p.is_file()
    }
    files_b = {
        p.relative_to(tiny / "b"): p.read_bytes() for p in (tiny / "b").rglob("*") if p.is_file()
    }
    assert files_a == files_b
