"""What a build may replace and what the cache may decide: never a folder the build did not
make, never a half-published site, never a page the cache changed (review 2026-12, findings 1,
6, 7, 11, 16, 17 and 18; the kills of finding 5 are in test_kill.py)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from conftest import write_site

from qasite import commands
from qasite.content import load
from qasite.content.errors import ContentError
from qasite.output import swap

HINT = "(choose a folder of its own, such as the default ROOT/site)"
EDITED = "content/questions/lung-cancer-screening.md"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts[:1]
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A checkout: a tiny site, a repository and an uncommitted edit."""
    root = write_site(tmp_path / "checkout")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    with (root / EDITED).open("a", encoding="utf-8") as handle:
        handle.write("\nAn uncommitted edit.\n")
    return root


@pytest.mark.parametrize(
    ("out", "why"),
    [
        (".", "it holds the project {root}"),
        ("..", "it holds the project {root}"),
        ("content", "it is or lies in {root}/content"),
        ("content/questions", "it is or lies in {root}/content"),
        ("layouts", "it is or lies in {root}/layouts"),
        (".cache", "it is or lies in {root}/.cache"),
        (".git", "it is or lies in {root}/.git"),
    ],
)
def test_an_output_folder_holding_or_inside_the_project_is_refused_and_nothing_deleted(
    project, cli, out, why
):
    before = tree(project)
    code, _, err = cli("--root", project, "build", "--out", project / out)
    target = (project / out).resolve()
    assert code == 1
    assert err.splitlines() == [
        f"--out: refusing to build into {target}: {why.format(root=project)} {HINT}",
        "1 error(s); nothing was written",
    ]
    assert tree(project) == before
    assert (project / ".git" / "HEAD").is_file()


def test_a_folder_the_build_did_not_make_is_never_replaced(project, cli):
    mine = project.parent / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me")
    code, _, err = cli("--root", project, "build", "--out", mine)
    assert code == 1
    assert err.splitlines()[0] == (
        f"--out: {mine}: this folder was not made by build.py (it has no .qasite-output file), "
        "so it is never replaced (move it away, or choose another --out)"
    )
    assert tree(mine) == {"todo.txt": b"keep me"}


def test_the_output_folder_is_marked_and_an_empty_folder_may_be_used(project, cli):
    (project / "site").mkdir()
    assert cli("--root", project, "build")[0] == 0
    assert (project / "site" / swap.MARK).read_bytes() == swap.MARK_TEXT
    assert cli("--root", project, "build")[0] == 0  # its own folder: replaced


def test_a_second_build_of_the_same_folder_waits_for_the_first(project):
    out = project / "site"
    waiting = threading.Event()
    result = {}

    def second():
        result["report"] = commands.build(project, out, waiting=waiting.set)

    with swap.locked(out):  # the first build, still running
        thread = threading.Thread(target=second)
        thread.start()
        assert waiting.wait(timeout=120)
        assert not out.exists()  # it did not start writing
    thread.join(timeout=300)
    assert result["report"].pages > 0 and (out / "index.html").is_file()


def test_scratch_folders_of_a_killed_build_are_removed_and_no_other(project):
    commands.build(project, project / "site")
    (project / "site.tmp-x1").mkdir()
    (project / "site.tmp-x1" / swap.SCRATCH).write_bytes(b"")
    (project / "site.tmp-x1" / "index.html").write_bytes(b"half")
    (project / "site.tmp-x2").mkdir()  # killed before its mark
    (project / "site.old-x3" / "site").mkdir(parents=True)
    (project / "site.old-x3" / "site" / swap.MARK).write_bytes(swap.MARK_TEXT)
    (project / "site.tmp-mine").mkdir()
    (project / "site.tmp-mine" / "notes.txt").write_text("not the build's")
    with (project / EDITED).open("a", encoding="utf-8") as handle:
        handle.write("\nMore.\n")
    commands.build(project, project / "site")
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == [
        "site",
        "site.tmp-mine",
    ]


def test_a_site_swapped_out_where_folders_cannot_be_exchanged_is_put_back(project, monkeypatch):
    commands.build(project, project / "site")
    before = tree(project / "site")
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    real = os.rename
    calls = []

    def killed_after_the_first(source, target):  # what a kill between the renames leaves
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(source, target)

    monkeypatch.setattr(os, "rename", killed_after_the_first)
    with (project / EDITED).open("a", encoding="utf-8") as handle:
        handle.write("\nMore.\n")
    with pytest.raises(KeyboardInterrupt):
        commands.build(project, project / "site")
    monkeypatch.setattr(os, "rename", real)
    swap.recover(project / "site")
    assert tree(project / "site") == before


@pytest.mark.parametrize("removed", ["questions", "pagefind", "index.html"])
def test_outputs_deleted_from_the_site_are_built_again(project, removed):
    commands.build(project, project / "site")
    good = tree(project / "site")
    target = project / "site" / removed
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        target.rmdir()
    else:
        target.unlink()
    report = commands.build(project, project / "site")
    assert not report.unchanged
    assert tree(project / "site") == good


def test_an_output_edited_by_hand_is_built_again(project):
    commands.build(project, project / "site")
    good = tree(project / "site")
    page = project / "site" / "questions" / "lung-cancer-screening" / "index.html"
    info = page.stat()
    with page.open("r+b") as handle:  # in place, the same size, the time put back
        handle.write(b"<!-- edited by hand -->")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert page.stat().st_size == info.st_size
    assert not commands.build(project, project / "site").unchanged
    assert tree(project / "site") == good


def test_an_edit_whose_size_and_time_were_restored_is_published(project):
    commands.build(project, project / "site")
    path = project / EDITED
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "uncommitted" in text
    path.write_text(text.replace("uncommitted", "UNCOMMITTED", 1), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # as cp -p, rsync -t, tar do
    assert path.stat().st_size == info.st_size
    commands.build(project, project / "site")
    page = project / "site" / "questions" / "lung-cancer-screening" / "index.html"
    assert b"UNCOMMITTED" in page.read_bytes()


def poison(cache: Path) -> int:
    """Finding 11: every answer of the cache's body shards prefixed with a script, the stamp
    line of each entry kept as it was."""
    poisoned = 0
    for entry in sorted((cache / "snapshot").rglob("*.json")):
        stamp, body = entry.read_bytes().split(b"\n", 1)
        data = json.loads(body)
        if isinstance(data, dict) and "records" not in data:
            data = {key: "<script>alert('cache')</script>" + html for key, html in data.items()}
            entry.write_bytes(stamp + b"\n" + json.dumps(data).encode())
            poisoned += 1
    return poisoned


def test_the_default_output_of_this_repository_is_allowed():
    repo = Path(__file__).resolve().parent.parent  # the generator's own checkout
    commands.refuse_output(repo, repo / "site")  # raises if refused
    with pytest.raises(ContentError, match="lies in"):
        commands.refuse_output(repo, repo / "qasite" / "site")


def test_a_cache_entry_edited_with_its_stamp_kept_never_reaches_a_page(project):
    commands.build(project, project / "site")
    assert poison(project / ".cache") > 0
    with (project / "layouts" / "base.html").open("a", encoding="utf-8") as handle:
        handle.write("{# x #}")
    commands.build(project, project / "site")
    pages = sorted((project / "site" / "questions").glob("*/index.html"))
    assert pages
    assert [p for p in pages if b"alert('cache')" in p.read_bytes()] == []


def test_a_cache_made_with_another_key_is_not_used(project, monkeypatch, tmp_path):
    commands.build(project, project / "site")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "another-machine"))
    parsed = []
    real = load.parse_question
    monkeypatch.setattr(load, "parse_question", lambda *a: parsed.append(a[0].name) or real(*a))
    report = commands.build(project, project / "site")
    assert not report.unchanged
    assert len(parsed) == len(list((project / "content" / "questions").glob("*.md")))
