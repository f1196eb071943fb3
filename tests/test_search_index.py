"""The Pagefind index: built by every build from the answers only, part of the atomic swap."""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from test_search_browser import QUESTIONS, write_search_site

import build
from qasite import commands
from qasite.output import index, pagefind_client, write


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


def test_sources_and_dates_are_not_searched(tiny):
    commands.build(tiny, tiny / "site")
    record = next(f for f in fragments(tiny / "site") if f["url"].endswith("/expanded-access/"))
    assert "Breast Cancer Treatment" not in record["content"]  # the source's title
    assert "National Cancer Institute" not in record["content"]  # its publisher
    assert sorted(record["meta"]) == ["cancer_type", "title"]  # no date, searched or not
    assert "2026" not in record["content"]


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

    def broken(pages, language, chunk=None):
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
    def short(pages, language, chunk=None):
        return 1, {}

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


def tree_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_bundle_file_torn_on_disk_fails_the_build_and_leaves_the_site(tiny, monkeypatch):
    commands.build(tiny, tiny / "site")
    before = tree_of(tiny / "site")
    (tiny / "content" / "questions" / "expanded-access.md").write_text(
        QUESTIONS["expanded-access"].replace("quokka", "wombat")
    )
    real = write.write_new

    def torn(folder, files, published, made=None):  # what Pagefind 1.5.2 did (its issue 1271)
        written = real(folder, files, published, made)
        if "pagefind-ui.js" in files:  # a new file, cut short (never the published one)
            (folder / "pagefind-ui.js").unlink()
            (folder / "pagefind-ui.js").write_bytes(files["pagefind-ui.js"][:4096])
        return written

    monkeypatch.setattr(write, "write_new", torn)
    with pytest.raises(index.SearchIndexError, match=r"pagefind-ui\.js on disk is not the file"):
        commands.build(tiny, tiny / "site")
    assert tree_of(tiny / "site") == before
    assert [p.name for p in tiny.iterdir() if p.name.startswith("site.")] == []


def test_a_torn_bundle_is_one_line_and_exit_status_1(tiny, monkeypatch, capsys):
    def torn(pages, language, chunk=None):
        indexed, files = pagefind_client.index_pages(pages, language)
        return indexed, {**files, "pagefind-entry.json": b""}

    monkeypatch.setattr(index, "_index", torn)
    assert build.main(["--root", str(tiny), "build"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("search index: ") and line.endswith("the site was left as it was")
    assert not (tiny / "site").exists()


def test_same_content_gives_the_same_index_on_another_file_system(tiny, tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir():
        pytest.skip("no tmpfs at /dev/shm")
    commands.build(tiny, tmp_path / "on-disk")
    with tempfile.TemporaryDirectory(dir=shm) as scratch:
        elsewhere = Path(scratch) / "project"
        shutil.copytree(tiny / "content", elsewhere / "content")
        shutil.copytree(tiny / "layouts", elsewhere / "layouts")
        commands.build(elsewhere, elsewhere / "site")
        assert tree_of(elsewhere / "site") == tree_of(tmp_path / "on-disk")


def test_pages_are_indexed_in_the_order_of_their_addresses_whatever_order_they_come_in(tiny):
    commands.build(tiny, tiny / "site")
    pages = index.pages_of(tiny / "site")
    backwards = dict(reversed(pages.items()))
    assert list(backwards) != list(pages)
    first = index.build_index(tiny, len(pages), "en", tiny / "a", pages=pages)
    second = index.build_index(tiny, len(pages), "en", tiny / "b", pages=backwards)
    assert first == second
    assert tree_of(tiny / "a") == tree_of(tiny / "b") == tree_of(tiny / "site" / "pagefind")


def test_a_pagefind_that_dies_fails_the_build_at_once_and_leaves_the_site(tiny, monkeypatch):
    commands.build(tiny, tiny / "site")
    before = tree_of(tiny / "site")
    (tiny / "content" / "questions" / "expanded-access.md").write_text(
        QUESTIONS["expanded-access"].replace("quokka", "wombat")
    )
    monkeypatch.setattr(pagefind_client, "get_executable", lambda: Path(shutil.which("false")))
    with pytest.raises(index.SearchIndexError, match=r"^Pagefind stopped: no message$"):
        commands.build(tiny, tiny / "site")
    assert tree_of(tiny / "site") == before


def test_the_preview_refreshes_its_index_in_place_and_leaves_no_scratch_folder(tiny):
    commands.build(tiny, tiny / "site", search=False)
    assert not (tiny / "site" / "pagefind").exists()
    report = index.refresh(tiny / "site", "en")
    assert report.pages == len(QUESTIONS)
    assert (tiny / "site" / "pagefind" / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in tiny.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_refreshed_preview_index_does_not_make_the_next_preview_build_a_full_one(tiny):
    commands.build(tiny, tiny / "site", search=False)
    index.refresh(tiny / "site", "en")
    (tiny / "content" / "questions" / "expanded-access.md").write_text(
        QUESTIONS["expanded-access"].replace("quokka", "wombat")
    )
    report = commands.build(tiny, tiny / "site", search=False)
    assert report.reused > 0  # the pages that did not change were not rendered again
    assert (tiny / "site" / "pagefind" / "pagefind-entry.json").is_file()  # kept as it was
    assert commands.build(tiny, tiny / "site", search=False).unchanged
    assert commands.build(tiny, tiny / "site").index.pages == len(QUESTIONS)  # made by the build
    assert commands.build(tiny, tiny / "site").unchanged
