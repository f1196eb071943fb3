"""Publishing rules: drafts, preview headers, redirects, the link check, repeatable output."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from publish_support import QUESTIONS, REPO, make_site, question, rendered

import build
from qasite import commands
from qasite.content.errors import ContentError
from qasite.output import stable
from qasite.site import publish

DRAFT = question(
    "Is this draft answer ready?",
    "breast-cancer",
    "Not yet: a zanzibar placeholder.\n",
    summary='"A draft summary."',
    draft="true",
    tags="[screening]",
    aliases="[/old-draft/]",
)
WITH_DRAFT = {**QUESTIONS, "draft-answer": DRAFT}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The tiny site with a draft, built for production and for a preview."""
    root = make_site(tmp_path_factory.mktemp("publish"), WITH_DRAFT)
    production = commands.build(root, root / "site")
    preview = commands.build(root, root / "preview", production=False)
    return root, production, preview


def test_production_leaves_drafts_out_of_everything(built):
    root, report, _ = built
    files = tree(root / "site")
    assert "questions/draft-answer/index.html" not in files
    leaks = [
        path
        for path, data in files.items()
        if not path.startswith("pagefind/")
        and (b"draft-answer" in data or b"zanzibar" in data or b"/old-draft/" in data)
    ]
    assert leaks == []  # lists, hubs, related questions, sitemap, feeds, redirects
    assert report.index.pages == len(QUESTIONS)  # only published answers are searchable
    assert not any(b"draft-banner" in data for path, data in files.items() if path.endswith("html"))


def test_preview_builds_drafts_with_a_banner_and_asks_not_to_be_indexed(built):
    root, _, report = built
    files = tree(root / "preview")
    page = files["questions/draft-answer/index.html"].decode()
    assert 'class="draft-banner"' in page and "Draft" in page
    assert report.index.pages == len(WITH_DRAFT)
    rules = publish.rules((REPO / "netlify.toml").read_text(), files["_headers"].decode())
    for path in ("/", "/questions/draft-answer/", "/feed.xml", "/static/x.1234567890.css"):
        assert publish.headers_for(rules, path)["X-Robots-Tag"] == "noindex"
    assert "/old-draft/ /questions/draft-answer/ 301" in files["_redirects"].decode()


def test_production_headers_file_adds_no_noindex(built):
    root, _, _ = built
    text = (root / "site" / "_headers").read_text()
    assert "X-Robots-Tag" not in text
    rules = publish.rules((REPO / "netlify.toml").read_text(), text)
    assert "X-Robots-Tag" not in publish.headers_for(rules, "/questions/what-is-her2-low/")


def test_build_command_reads_netlify_context(tmp_path, monkeypatch):
    root = make_site(tmp_path, WITH_DRAFT)
    monkeypatch.setenv("CONTEXT", "deploy-preview")
    assert build.main(["--root", str(root), "build", "--out", str(root / "a")]) == 0
    assert (root / "a" / "questions" / "draft-answer" / "index.html").exists()
    monkeypatch.setenv("CONTEXT", "production")
    assert build.main(["--root", str(root), "build", "--out", str(root / "b")]) == 0
    assert not (root / "b" / "questions" / "draft-answer").exists()


def test_aliases_become_permanent_redirects(built):
    root, _, _ = built
    assert (root / "site" / "_redirects").read_text() == (
        "/her2-low /questions/what-is-her2-low/ 301\n/old-her2/ /questions/what-is-her2-low/ 301\n"
    )


@pytest.mark.parametrize(
    ("alias", "message", "where"),
    [
        (
            "/questions/breast-screening/",
            "'/questions/breast-screening/' is a page's address",
            "lung-screening.md:6",
        ),
        ("/old-her2/", "'/old-her2/' is already an alias", "what-is-her2-low.md:13"),
        ("/feed.xml", "'/feed.xml' is the address of feed.xml", "lung-screening.md:6"),
        (
            "/cancer-types/lung-cancer/feed.xml",
            "is the address of cancer-types/lung-cancer/feed.xml",
            "lung-screening.md:6",
        ),
    ],
)
def test_alias_that_collides_is_an_error(tmp_path, alias, message, where):
    text = QUESTIONS["lung-screening"].replace("tags:", f"aliases: [{alias}]\ntags:")
    root = make_site(tmp_path, {**QUESTIONS, "lung-screening": text})
    with pytest.raises(ContentError) as caught:
        rendered(root)
    (problem,) = caught.value.problems
    assert f"{where}: aliases: " in str(problem) and message in problem.message


def broken(tmp_path, body: str) -> str:
    text = question("Where does this link go?", "lung-cancer", body, summary='"Somewhere."')
    root = make_site(tmp_path, {**QUESTIONS, "linker": text})
    before = b"previous site"
    (root / "site").mkdir()
    (root / "site" / "index.html").write_bytes(before)
    assert build.main(["--root", str(root), "build"]) == 1
    assert (root / "site" / "index.html").read_bytes() == before  # left as it was
    with pytest.raises(ContentError) as caught:
        commands.check(root)
    return "\n".join(str(p) for p in caught.value.problems)


def test_broken_internal_link_fails_the_build_naming_page_and_link(tmp_path, capsys):
    message = broken(tmp_path, "Intro.\n\nSee [the old page](/questions/no-such-answer/).\n")
    assert (
        "linker.md:18: link: '/questions/no-such-answer/' leads to no page "
        "(on /questions/linker/)" in message
    )
    assert "linker.md:18: link:" in capsys.readouterr().err


def test_broken_anchor_fails_the_build_naming_page_and_link(tmp_path):
    message = broken(
        tmp_path, "Intro.\n\n[A](/questions/breast-screening/#no-such-part) and [B](#nowhere).\n"
    )
    assert (
        "linker.md:18: link: '/questions/breast-screening/#no-such-part' points to a "
        "missing anchor (on /questions/linker/)" in message
    )
    assert "/questions/breast-screening/ has no id 'no-such-part'" in message
    assert "'#nowhere' points to a missing anchor" in message


def test_link_to_a_draft_breaks_a_production_build_only(tmp_path):
    text = question(
        "Where does this link go?",
        "lung-cancer",
        "See [it](/questions/draft-answer/).\n",
        summary='"Somewhere."',
    )
    root = make_site(tmp_path, {**WITH_DRAFT, "linker": text})
    commands.check(root, production=False)
    with pytest.raises(ContentError, match="draft-answer/' leads to no page"):
        commands.check(root, production=True)


def test_links_anchors_and_assets_of_the_shipped_site_resolve():
    report = commands.check(REPO)
    assert report.external  # and no ContentError was raised


def test_check_links_lists_external_links_without_fetching(tmp_path, capsys, monkeypatch):
    root = make_site(tmp_path)

    def refuse(*args, **kwargs):
        raise AssertionError("check --links must not open a connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert build.main(["--root", str(root), "check", "--links"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    listed = dict(line.split("\t") for line in lines)
    assert "/questions/breast-screening/" in listed["https://www.cancer.gov/types/breast"]
    assert "https://doi.org/10.1056/NEJMoa2203690" in listed
    assert "https://www.cancer.gov/contact" in listed
    assert not any(url.startswith("https://tiny.example.org") for url in listed)


def test_same_content_builds_byte_identical_files(built, tmp_path):
    root, _, _ = built
    commands.build(root, tmp_path / "again")
    first, second = tree(root / "site"), tree(tmp_path / "again")
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []
    assert any(p.startswith("pagefind/filter/") for p in first)  # Pagefind's, settled
    ET.fromstring(first["sitemap.xml"])


def test_search_bundle_of_another_shape_is_left_as_pagefind_wrote_it(tmp_path):
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    entry = '{"version":"9","languages":{"en":{"hash":"en_0123456789"}}}'
    (bundle / "pagefind-entry.json").write_text(entry)
    (bundle / "pagefind.en_0123456789.pf_meta").write_bytes(b"not gzip")
    assert stable.settle(bundle) is False
    assert (bundle / "pagefind-entry.json").read_text() == entry


def test_cbor_of_pagefind_round_trips():
    value = ["Topic", [["Treatment", [0, 1, 300]], ["Surgery", [70000]], ["Ünïcode", []]]]
    assert stable.decode(stable.encode(value))[0] == value
