"""Incremental builds: a build with a warm cache, after any series of edits, gives exactly the
files of a clean build; unchanged output files are not rewritten; a damaged cache is ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import question, write_site

from qasite import commands
from qasite.content import load
from qasite.content.errors import ContentError
from qasite.site import render


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def clean_build(root: Path, scratch: Path) -> dict[str, bytes]:
    """The files of a build of the same content and layouts in a fresh folder, no cache."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(root / "content", scratch / "content")
    shutil.copytree(root / "layouts", scratch / "layouts")
    commands.build(scratch, scratch / "site")
    return tree(scratch / "site")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_an_answer(root: Path) -> None:
    replace(root / "content/questions/lung-cancer-screening.md", "The answer", "A new answer")


def add_a_question(root: Path) -> None:
    (root / "content/questions/new-question.md").write_text(
        question(
            "Is this a new question?",
            "lung-cancer",
            related=["lung-cancer-screening"],
            tags=["screening"],
        ),
        encoding="utf-8",
    )


def rename_a_question(root: Path) -> None:
    questions = root / "content/questions"
    (questions / "new-question.md").rename(questions / "renamed-question.md")


def change_a_question_to_ask(root: Path) -> None:
    replace(root / "content/questions/lung-cancer-screening.md", "1. Why?", "1. Why now?")


def change_a_summary(root: Path) -> None:
    replace(
        root / "content/questions/renamed-question.md", "A short plain answer", "A new plain answer"
    )


def delete_a_question(root: Path) -> None:
    (root / "content/questions/renamed-question.md").unlink()


def change_a_title(root: Path) -> None:
    replace(
        root / "content/questions/lung-cancer-screening.md",
        "title: Who should get lung cancer screening?",
        "title: Who should be screened for lung cancer?",
    )


def change_a_date(root: Path) -> None:
    replace(
        root / "content/questions/lung-cancer-screening.md",
        "date: '2026-03-01'",
        "date: '2025-12-01'",
    )


def change_a_layout(root: Path) -> None:
    replace(root / "layouts/base.html", "This site collects nothing", "This site keeps nothing")


def change_the_cancer_types(root: Path) -> None:
    replace(
        root / "content/_data/cancer_types.yaml",
        "Lung cancer starts in the lungs.",
        "Lung cancer begins in the lungs.",
    )


def change_the_css(root: Path) -> None:
    with (root / "layouts/static/style.css").open("a", encoding="utf-8") as css:
        css.write("\n.extra { color: inherit; }\n")


EDITS = [
    change_an_answer,
    add_a_question,
    rename_a_question,
    change_a_question_to_ask,
    change_a_summary,
    delete_a_question,
    change_a_title,
    change_a_date,
    change_a_layout,
    change_the_cancer_types,
    change_the_css,
]


def test_warm_build_after_each_edit_matches_a_clean_build(tmp_path):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    for edit in EDITS:
        edit(root)
        report = commands.build(root, root / "site")
        assert not report.unchanged, edit.__name__
        assert tree(root / "site") == clean_build(root, tmp_path / "clean"), edit.__name__


def test_rebuild_with_nothing_changed_does_nothing(tmp_path):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    stamps = {p: p.stat().st_mtime_ns for p in (root / "site").rglob("*") if p.is_file()}
    report = commands.build(root, root / "site")
    assert report.unchanged
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_rebuild_rewrites_only_the_files_whose_bytes_changed(tmp_path):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    site = root / "site"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}
    contents = tree(site)
    change_an_answer(root)
    report = commands.build(root, site)
    after = tree(site)
    changed = {path for path in after if after[path] != contents.get(path)}
    assert "questions/lung-cancer-screening/index.html" in changed
    assert report.written == len({p for p in changed if not p.startswith("pagefind/")})
    for p, stamp in before.items():
        if p.relative_to(site).as_posix() not in changed and p.exists():
            assert (p.stat().st_ino, p.stat().st_mtime_ns) == stamp, p


def test_an_edited_answer_renders_again_only_the_checklists_of_its_types(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    rendered = []
    real = render._rendered
    monkeypatch.setattr(
        render,
        "_rendered",
        lambda env, layout, *rest: rendered.append(layout) or real(env, layout, *rest),
    )
    change_a_question_to_ask(root)
    commands.build(root, root / "site")
    lung = (root / "site/cancer-types/lung-cancer/questions-to-ask/index.html").read_text()
    breast = root / "site/cancer-types/breast-cancer/questions-to-ask/index.html"
    assert "Why now?" in lung
    assert rendered.count("checklist.html") == 1  # lung cancer's, not breast cancer's
    assert "Why now?" not in breast.read_text() and "Why?" in breast.read_text()
    assert tree(root / "site") == clean_build(root, tmp_path / "clean")


def test_unchanged_questions_are_not_parsed_again(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    change_an_answer(root)
    parsed = []
    real = load.parse_question

    def counting(path, shown, raw):
        parsed.append(path.name)
        return real(path, shown, raw)

    monkeypatch.setattr(load, "parse_question", counting)
    commands.build(root, root / "site")
    assert parsed == ["lung-cancer-screening.md"]


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"version": "x", "key": 1}', b"\x80\x81"])
def test_damaged_or_foreign_cache_files_are_ignored(tmp_path, damage):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    for entry in (root / ".cache").rglob("*.json"):
        entry.write_bytes(damage)
    change_an_answer(root)
    commands.build(root, root / "site")
    assert tree(root / "site") == clean_build(root, tmp_path / "clean")


def test_answers_lost_from_the_cache_are_parsed_again(tmp_path):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")

    def lose_the_answers():  # the records still list every answer
        bodies = [p for p in (root / ".cache/snapshot").rglob("*.json") if "-b" in p.name]
        assert bodies
        for entry in bodies:
            entry.unlink()

    lose_the_answers()
    change_a_layout(root)  # every page is rendered again, so every answer is needed
    report = commands.build(root, root / "site")
    assert not report.unchanged
    assert tree(root / "site") == clean_build(root, tmp_path / "clean")
    lose_the_answers()
    assert commands.check(root).questions == 4


def test_a_file_saved_again_unchanged_is_not_parsed_again(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    path = root / "content/questions/lung-cancer-screening.md"
    path.write_bytes(path.read_bytes())  # a new modification time, the same bytes
    parsed = []
    real = load.parse_question
    monkeypatch.setattr(load, "parse_question", lambda *a: parsed.append(a[0].name) or real(*a))
    commands.build(root, root / "site")
    assert parsed == []


def test_a_new_generator_does_not_trust_old_cache_entries(tmp_path, monkeypatch):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    monkeypatch.setattr("qasite.incremental.cache.generator_version", lambda: "another-version")
    parsed = []
    real = load.parse_question
    monkeypatch.setattr(load, "parse_question", lambda *a: parsed.append(a[0].name) or real(*a))
    commands.build(root, root / "site")
    assert len(parsed) == 4


def test_failed_warm_build_leaves_the_site_and_its_manifest_usable(tmp_path):
    root = write_site(tmp_path / "project")
    commands.build(root, root / "site")
    good = tree(root / "site")
    path = root / "content/questions/lung-cancer-screening.md"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("date: ", "date: 2026-13-45 #", 1), encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017  (the CLI turns it into messages)
        commands.build(root, root / "site")
    assert tree(root / "site") == good
    path.write_text(original, encoding="utf-8")  # back to what the site was built from
    commands.build(root, root / "site")
    assert tree(root / "site") == good


def test_warm_build_finds_a_link_broken_by_a_heading_renamed_elsewhere(tmp_path):
    root = write_site(tmp_path / "project")
    linker = root / "content/questions/lung-cancer-screening.md"
    replace(
        linker,
        "The answer",
        "See [what it means](/questions/what-is-her2-low/#what-it-means).\n\nThe answer",
    )
    target = root / "content/questions/what-is-her2-low.md"
    replace(target, "## Questions to ask", "## What it means\n\nText.\n\n## Questions to ask")
    commands.build(root, root / "site")
    replace(target, "## What it means", "## What it is")
    with pytest.raises(ContentError) as failure:
        commands.build(root, root / "site")
    assert "content/questions/lung-cancer-screening.md" in str(failure.value)
    assert "points to a missing anchor" in str(failure.value)


SECRET = "s" * 40  # the production context's QASITE_CACHE_KEY


@pytest.mark.parametrize(
    ("secret", "reused"),
    [(SECRET, True), ("another secret, a deploy preview's...", False), (None, False)],
)
def test_a_deploy_with_the_cache_of_the_last_one_equals_a_clean_build(
    tmp_path, monkeypatch, secret, reused
):
    """Netlify's deploy: a new machine (no key of its own), a fresh checkout in the same folder
    (new modification times, no site/), an answer edited, and .cache/ restored from the last
    production deploy's build. It is used only by a build that knows the production secret."""
    monkeypatch.setenv("QASITE_CACHE_KEY", SECRET)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "last-machine"))
    root = write_site(tmp_path / "repo")
    commands.build(root, root / "site")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "new-machine"))
    if secret is None:
        monkeypatch.delenv("QASITE_CACHE_KEY")
    else:
        monkeypatch.setenv("QASITE_CACHE_KEY", secret)
    shutil.copytree(root / "content", tmp_path / "checkout")
    shutil.copytree(root / ".cache", tmp_path / "saved-cache")
    shutil.rmtree(root)
    write_site(root)
    shutil.rmtree(root / "content")
    shutil.copytree(tmp_path / "checkout", root / "content", copy_function=shutil.copyfile)
    change_an_answer(root)
    shutil.copytree(tmp_path / "saved-cache", root / ".cache")
    parsed = []
    real = load.parse_question
    monkeypatch.setattr(load, "parse_question", lambda *a: parsed.append(a[0].name) or real(*a))
    commands.build(root, root / "site")
    if reused:
        assert parsed == ["lung-cancer-screening.md"]
    else:
        assert len(parsed) == len(list((root / "content" / "questions").glob("*.md"))) > 1
    monkeypatch.setattr(load, "parse_question", real)
    assert tree(root / "site") == clean_build(root, tmp_path / "clean")
