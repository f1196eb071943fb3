"""The search index in shards (qasite/site/search_shards.py): each shard its own Pagefind
bundle, every answer in exactly one, the one the rule names; an edit re-indexes only the shards
whose answers changed; shards are indexed side by side; a warm build equals a clean one."""

from __future__ import annotations

import gzip
import json
import os
import threading
from pathlib import Path

import pytest
from conftest import QUESTIONS, SITE_YAML, question, write_site
from test_incremental import EDITS, clean_build, replace, tree

from qasite import commands
from qasite.content.errors import ContentError
from qasite.output import index, stable
from qasite.site import search_shards

MORE = {  # eight answers in all: shards of two hold them in three or four shards
    f"extra-answer-{n}": question(f"What is extra answer {n}?", "lung-cancer", date=f"2026-0{n}-01")
    for n in range(1, 5)
}


def sharded_site(root: Path, per_shard: int = 2) -> Path:
    write_site(root, {**QUESTIONS, **MORE})
    (root / "content/_data/site.yaml").write_text(
        SITE_YAML + f"search:\n  pages_per_shard: {per_shard}\n", encoding="utf-8"
    )
    return root


def bundles(site: Path) -> dict[str, dict]:
    """Each shard's folder (relative to the site) -> its entry file."""
    found = {}
    for entry in sorted((site / "pagefind").rglob("pagefind-entry.json")):
        found[entry.parent.relative_to(site).as_posix()] = json.loads(entry.read_text())
    return found


def urls_in(folder: Path) -> list[str]:
    out = []
    for path in sorted((folder / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes()).removeprefix(stable.MAGIC)
        out.append(json.loads(data)["url"])
    return sorted(out)


def test_every_answer_is_in_the_one_shard_the_rule_names(tmp_path):
    root = sharded_site(tmp_path / "project")
    report = commands.build(root, root / "site")
    urls = sorted(f"/questions/{slug}/" for slug in {**QUESTIONS, **MORE})
    groups = search_shards.groups(urls, 2)
    assert report.index.shards == len(groups) > 2
    first = min(groups)
    expected = {
        f"pagefind/{search_shards.prefix(k, first)}".rstrip("/"): members
        for k, members in groups.items()
    }
    found = bundles(root / "site")
    assert sorted(found) == sorted(expected)
    for folder, members in expected.items():
        assert urls_in(root / "site" / folder) == members
        assert found[folder]["languages"]["en"]["page_count"] == len(members)


def test_only_the_first_shard_holds_pagefinds_scripts_and_webassembly(tmp_path):
    root = sharded_site(tmp_path / "project")
    commands.build(root, root / "site")
    bundle = root / "site" / "pagefind"
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.*.pagefind"))
    assert (bundle / "pagefind-component-ui.js").is_file()
    for shard in sorted((bundle / "shards").iterdir()):
        names = {p.relative_to(shard).parts[0] for p in shard.rglob("*") if p.is_file()}
        assert names <= {"pagefind-entry.json", "index", "fragment", "filter"} | {
            n for n in names if n.endswith(".pf_meta")
        }


def test_the_search_page_names_every_other_shard_for_pagefind_to_merge(tmp_path):
    root = sharded_site(tmp_path / "project")
    commands.build(root, root / "site")
    page = (root / "site/search/index.html").read_text()
    others = sorted(f"/{folder}/" for folder in bundles(root / "site") if folder != "pagefind")
    start = page.index('data-shards="') + len('data-shards="')
    assert sorted(page[start : page.index('"', start)].split(" ")) == others
    assert page.index("pagefind-component-ui.js") < page.index("search-shards.")
    assert page.index("search-shards.") < page.index("/static/search.")


def test_a_site_within_one_shard_keeps_one_bundle_and_no_shard_script(tmp_path):
    root = write_site(tmp_path / "project")
    report = commands.build(root, root / "site")
    assert report.index.shards == 1
    assert list(bundles(root / "site")) == ["pagefind"]
    assert "data-shards" not in (root / "site/search/index.html").read_text()


def test_an_edit_indexes_again_only_the_shard_of_the_edited_answer(tmp_path, monkeypatch):
    root = sharded_site(tmp_path / "project")
    commands.build(root, root / "site")
    before = {p: p.stat().st_ino for p in (root / "site/pagefind").rglob("*") if p.is_file()}
    indexed = []
    real = index._index
    monkeypatch.setattr(
        index, "_index", lambda pages, *rest: indexed.append(sorted(pages)) or real(pages, *rest)
    )
    replace(root / "content/questions/lung-cancer-screening.md", "The answer", "A new answer")
    report = commands.build(root, root / "site")
    (edited,) = indexed
    assert "/questions/lung-cancer-screening/" in edited
    assert report.index.indexed == 1 < report.index.shards
    kept = [p for p, ino in before.items() if p.exists() and p.stat().st_ino == ino]
    urls = sorted(f"/questions/{slug}/" for slug in {**QUESTIONS, **MORE})
    shard = search_shards.of("/questions/lung-cancer-screening/", search_shards.count(len(urls), 2))
    assert any("/shards/" in str(p) for p in kept)  # the other shards' files, left as they were
    assert not any(f"/shards/{shard}/fragment/" in str(p) for p in kept if shard)


def test_a_shard_file_changed_on_disk_makes_the_next_build_index_every_shard_again(tmp_path):
    root = sharded_site(tmp_path / "project")
    commands.build(root, root / "site")
    fragment = sorted((root / "site/pagefind/shards").glob("*/fragment/*.pf_fragment"))[0]
    fragment.write_bytes(bytes(len(fragment.read_bytes())))  # same size, other bytes
    replace(root / "content/questions/lung-cancer-screening.md", "The answer", "A new answer")
    report = commands.build(root, root / "site")  # kept shards are linked unread: not this one
    assert report.index.indexed == report.index.shards > 1
    assert tree(root / "site") == clean_build(root, tmp_path / "clean")


@pytest.mark.parametrize("per_shard", [1, 3])
def test_warm_build_of_a_sharded_index_after_each_edit_matches_a_clean_build(tmp_path, per_shard):
    root = sharded_site(tmp_path / "project", per_shard)
    commands.build(root, root / "site")
    for edit in EDITS:
        edit(root)
        report = commands.build(root, root / "site")
        assert not report.unchanged, edit.__name__
        assert tree(root / "site") == clean_build(root, tmp_path / "clean"), edit.__name__


def test_a_warm_build_that_changes_the_shard_count_matches_a_clean_build(tmp_path):
    root = sharded_site(tmp_path / "project", 3)
    commands.build(root, root / "site")
    for n in range(5, 9):  # 8 answers, then 9 to 12: three shards, then four
        (root / f"content/questions/more-{n}.md").write_text(
            question(f"Is more answer {n} there?", "breast-cancer"), encoding="utf-8"
        )
        commands.build(root, root / "site")
        assert tree(root / "site") == clean_build(root, tmp_path / "clean"), n


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: one shard at a time")
def test_a_cold_build_indexes_shards_side_by_side(tmp_path, monkeypatch):
    root = sharded_site(tmp_path / "project")
    together = threading.Barrier(2, timeout=120)  # passes only if two shards index at once
    real, met = index._index, []

    def meeting(pages, *rest):
        if not met:
            met.append(together.wait())
        return real(pages, *rest)

    monkeypatch.setattr(index, "_index", meeting)
    commands.build(root, root / "site")
    assert len(met) == 2 and not together.broken


def test_pages_per_shard_must_be_a_whole_number_above_0(tmp_path):
    root = sharded_site(tmp_path / "project", 0)
    with pytest.raises(ContentError) as caught:
        commands.build(root, root / "site")
    (problem,) = caught.value.problems
    assert problem.field == "search.pages_per_shard" and "above 0" in problem.message


def test_the_preview_refreshes_a_sharded_index_as_a_build_makes_it(tmp_path):
    root = sharded_site(tmp_path / "project")
    commands.build(root, root / "site")
    built = tree(root / "site" / "pagefind")
    commands.build(root, root / "preview", search=False)
    report = index.refresh(root / "preview", "en", per_shard=2)
    assert report.shards > 2
    assert tree(root / "preview" / "pagefind") == built
