"""The online link check (`check --links --online`) against real local HTTP servers: every
kind of reply, a stand-in DOI resolver and PubMed, retries, the per-host limit, the cache."""

from __future__ import annotations

import json

import pytest
from linkcheck_support import Servers
from publish_support import ABOUT, make_site

import build
from qasite import commands
from qasite.content.errors import ContentError

QUESTION = """\
---
title: "Where do these links go?"
cancer_type: breast-cancer
summary: "Links of every kind."
date: 2026-05-02
sources:
  - title: A page that is there
    url: {main}/ok
  - title: A known article
    doi: 10.1234/known
  - title: An article the resolver does not know
    doi: 10.1234/unknown
  - title: A PubMed record
    pmid: 12345
  - title: A PubMed id that is not there
    pmid: 99999
---

- [A page that is there]({main}/ok)
- [One that moved to another site]({main}/moved)
- [One renamed on its site]({main}/renamed)
- [One gone]({main}/gone)
- [One whose server fails]({main}/fail)
- [A slow one]({main}/slow)
- [One that never answers]({main}/never)
- [One whose server refuses HEAD]({main}/no-head)
- [A retired site](http://no-such-host.invalid/page)
"""


@pytest.fixture(scope="module")
def servers():
    running = Servers()
    yield running
    running.close()


@pytest.fixture
def local(servers):
    servers.reset()
    return servers


def site_linking(root, main: str, body: str | None = None, site_extra: str = ""):
    """A tiny site whose every external link is on the local server ``main``."""
    text = QUESTION.format(main=main)
    if body is not None:
        text = text.split("---\n\n")[0] + "---\n\n" + body.format(main=main)
    text += "\n## Questions to ask your oncologist\n\n1. Which of these should I read first?\n"
    root = make_site(root, {"links": text}, {"about": ABOUT})
    for name, extra in (("site.yaml", site_extra), ("cancer_types.yaml", "")):
        data = root / "content" / "_data" / name
        data.write_text(
            data.read_text()
            .replace("https://www.cancer.gov/contact", f"{main}/ok")
            .replace("https://help.example.org/report?page=", "mailto:help@example.org?body=")
            + extra
        )
    return root


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_online_check_reports_each_broken_and_redirected_link_at_its_line(
    local, tmp_path, capsys, monkeypatch
):
    main, other = local.main, local.other
    root = site_linking(tmp_path, main)
    monkeypatch.chdir(root)
    args = ["check", "--links", "--online", "--timeout", "1", "--retries", "0"]
    args += ["--doi-resolver", f"{main}/doi/", "--pubmed", f"{main}/pubmed"]
    assert build.main(args) == 1
    out = capsys.readouterr().out.splitlines()
    text = QUESTION.format(main=main)
    at = "content/questions/links.md:{}: {}: {} (on /questions/links/) ({})"
    gone = "the page is gone: find where it moved, or cite another source"
    failed = "the server failed: if it still does on the next run, find another source"
    assert out[1:-1] == [
        "Broken (6):",
        at.format(
            line_of(text, "doi: 10.1234/unknown"),
            "sources.2.doi",
            "'DOI 10.1234/unknown' is broken: 404 Not Found",
            "the resolver does not know this DOI: check it against the article's page",
        ),
        at.format(
            line_of(text, "pmid: 99999"),
            "sources.4.pmid",
            "'PubMed 99999' is broken: 404 Not Found",
            "check the PubMed id against the article's PubMed page",
        ),
        at.format(line_of(text, "/gone"), "link", f"'{main}/gone' is broken: 404 Not Found", gone),
        at.format(
            line_of(text, "/fail"),
            "link",
            f"'{main}/fail' is broken: 500 Internal Server Error",
            failed,
        ),
        at.format(
            line_of(text, "/never"),
            "link",
            f"'{main}/never' is broken: no answer within 1 s",
            "the server did not answer: if it still does not next time, find another source",
        ),
        at.format(
            line_of(text, "no-such-host"),
            "link",
            "'http://no-such-host.invalid/page' is broken: no such host (DNS lookup failed)",
            "the site's name no longer resolves: it may be retired; find where it went",
        ),
        "Redirected to another host (1):",
        at.format(
            line_of(text, "/moved"),
            "link",
            f"'{main}/moved' redirects to another site: {other}/new-home",
            "the old site may be retired or have moved its pages: check that the new page "
            "says the same, then link to it",
        )
        + " [warning]",
        "Redirected within the host (worth updating) (1):",
        at.format(
            line_of(text, "/renamed"),
            "link",
            f"'{main}/renamed' redirects to {main}/ok",
            "update the link",
        )
        + " [warning]",
    ]
    assert out[-1].startswith(
        "online link check: 13 addresses (0 from the cache): 6 broken (6 places), "
        "1 redirected to another host (1 place), 1 redirected within the host (1 place), in "
    )
    asked = local.log.asked
    assert ("GET", "/no-head") in [(m, p) for m, p, _ in asked]  # HEAD refused, GET answered
    assert local.log.paths().count("/doi/10.1234/known") == 1
    assert local.other_log.paths() == ["/new-home"]  # a DOI's landing page is not fetched
    agents = {agent for _, _, agent in asked + local.other_log.asked}
    assert len(agents) == 1
    assert agents.pop().startswith("qasite-linkcheck/")


def test_a_redirect_alone_fails_only_a_strict_check(local, tmp_path, capsys, monkeypatch):
    root = site_linking(tmp_path, local.main, "- [Renamed]({main}/renamed)\n")
    monkeypatch.chdir(root)
    args = ["check", "--links", "--online", "--doi-resolver", f"{local.main}/doi/"]
    args += ["--pubmed", f"{local.main}/pubmed/", "--cache-days", "0"]
    question = root / "content/questions/links.md"  # no broken source in this site
    text = question.read_text().replace("10.1234/unknown", "10.1234/known")
    question.write_text(text.replace("pmid: 99999", "pmid: 12345"))
    assert build.main(args) == 0
    assert "redirects to" in capsys.readouterr().out
    assert build.main([*args[:1], "--strict", *args[1:]]) == 1


def test_a_failure_that_passes_is_retried_and_one_that_lasts_is_told_with_its_tries(
    local, tmp_path, monkeypatch
):
    root = site_linking(tmp_path, local.main, "- [Flaky]({main}/flaky)\n- [Never]({main}/never)\n")
    monkeypatch.chdir(root)
    online = {"timeout": 0.5, "retries": 1, "backoff": 0.05, "cache_days": 0}
    online |= {"doi_resolver": f"{local.main}/doi/", "pubmed": f"{local.main}/pubmed/"}
    outcome = commands.check(root, online=online).online
    assert [p.message for p in outcome.broken if "never" in p.message] == [
        f"'{local.main}/never' is broken: no answer within 0.5 s (2 tries) (on /questions/links/)"
    ]
    assert not any("flaky" in p.message for p in outcome.broken)
    assert local.log.paths().count("/flaky") == 2  # 503 (HEAD, then GET), then 200
    assert local.log.paths().count("/never") == 2


def test_no_more_than_the_per_host_limit_is_asked_of_a_host_at_once(local, tmp_path, monkeypatch):
    body = "".join(f"- [Slow {n}]({{main}}/slow?{n})\n" for n in range(6))
    root = site_linking(tmp_path, local.main, body)
    monkeypatch.chdir(root)
    online = {"per_host": 2, "cache_days": 0, "retries": 0}
    online |= {"doi_resolver": f"{local.main}/doi/", "pubmed": f"{local.main}/pubmed/"}
    commands.check(root, online=online)
    assert len([p for p in local.log.paths() if p.startswith("/slow")]) == 6
    assert local.log.most_at_once == 2


def test_good_results_are_reused_for_the_cache_days_set_in_site_yaml(local, tmp_path, monkeypatch):
    main = local.main
    resolvers = f"link_check:\n  cache_days: 3\n  doi_resolver: {main}/doi/\n"
    resolvers += f"  pubmed: {main}/pubmed/\n"
    root = site_linking(tmp_path, main, "- [Gone]({main}/gone)\n", site_extra=resolvers)
    monkeypatch.chdir(root)
    first = commands.check(root, online={}).online
    assert local.log.paths().count("/ok") == 1
    assert (first.cached, first.counts[0]) == (0, 3)  # gone, DOI and PubMed id not found
    again = commands.check(root, online={}).online
    assert local.log.paths().count("/ok") == 1  # from the cache
    assert local.log.paths().count("/gone") == 2  # a broken link is asked every time
    assert (again.cached, again.counts[0]) == (again.addresses - 3, 3)
    path = root / ".cache" / "linkcheck.json"
    data = json.loads(path.read_text())
    for entry in data["results"].values():
        entry["at"] = "2020-01-01T00:00:00+00:00"  # older than three days
    path.write_text(json.dumps(data))
    assert commands.check(root, online={}).online.cached == 0
    assert local.log.paths().count("/ok") == 2


def test_a_damaged_cache_is_ignored(local, tmp_path, monkeypatch):
    root = site_linking(tmp_path, local.main, "- [Ok]({main}/ok)\n")
    monkeypatch.chdir(root)
    (root / ".cache").mkdir()
    (root / ".cache" / "linkcheck.json").write_text('{"format": 1, "results": [1, 2]')
    online = {"doi_resolver": f"{local.main}/doi/", "pubmed": f"{local.main}/pubmed/"}
    assert commands.check(root, online=online).online.cached == 0
    assert commands.check(root, online=online).online.cached > 0  # rewritten whole


def test_build_and_plain_link_check_never_ask_the_network(local, tmp_path, monkeypatch, capsys):
    root = site_linking(tmp_path, local.main)
    monkeypatch.chdir(root)
    commands.build(root, root / "site")
    assert build.main(["check", "--links"]) == 0
    assert f"{local.main}/gone\t1 page(s): /questions/links/" in capsys.readouterr().out
    assert local.log.asked == []
    assert not (root / ".cache" / "linkcheck.json").exists()


def test_online_without_links_is_refused(tmp_path):
    with pytest.raises(SystemExit):
        build.main(["--root", str(tmp_path), "check", "--online"])


def test_a_cache_days_that_is_not_a_number_is_an_error_at_its_line(tmp_path, monkeypatch):
    root = site_linking(tmp_path, "http://127.0.0.1:9", site_extra="link_check:\n  cache_days: a\n")
    monkeypatch.chdir(root)
    line = len((root / "content/_data/site.yaml").read_text().splitlines())
    with pytest.raises(ContentError) as caught:
        commands.check(root)
    assert [str(p) for p in caught.value.problems if not p.warning] == [
        f"content/_data/site.yaml:{line}: link_check.cache_days: 'a' is not a number of days "
        "(write 0 to 365, e.g. 7)"
    ]


def test_a_broken_link_of_the_site_data_is_told_at_its_line_with_the_pages_showing_it(
    local, tmp_path, monkeypatch
):
    root = site_linking(tmp_path, local.main, "Nothing linked here.\n")
    data = root / "content" / "_data" / "site.yaml"
    data.write_text(data.read_text().replace(f"{local.main}/ok", f"{local.main}/gone"))
    monkeypatch.chdir(root)
    online = {"doi_resolver": f"{local.main}/doi/", "pubmed": f"{local.main}/pubmed/"}
    outcome = commands.check(root, online={**online, "cache_days": 0}).online
    (problem,) = [p for p in outcome.broken if p.field == "link"]
    assert (problem.path, problem.line) == (
        "content/_data/site.yaml",
        line_of(data.read_text(), "/gone"),
    )
    assert problem.message.startswith(f"'{local.main}/gone' is broken: 404 Not Found (on ")
    assert "/questions/links/" in problem.message
