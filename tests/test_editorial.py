"""The editorial checks on inline sites: review dates, provenance, readability, citations,
statistics and doses; each problem asserted with its exact `path:line` message."""

from __future__ import annotations

import json
import re
import shutil

from conftest import QUESTIONS, REPO, SITE_YAML, question, write_site

from qasite.content import markdown
from qasite.editorial import readability

Q = "content/questions/x.md"
DUE_FIX = (
    "review the answer against its sources and update last_reviewed and the sources, "
    "or set draft: true"
)
CITED = [
    {"id": "nci", "title": "Breast Cancer Treatment", "url": "https://www.cancer.gov/types/breast"},
    {"id": "trial", "title": "A trial", "doi": "10.1056/NEJMoa2203690"},
]
BODY_END = "\n\n## Questions to ask your oncologist\n\n1. Why?\n"


def page_ld(page: str) -> dict:
    """The page's MedicalWebPage JSON-LD."""
    blocks = re.findall(r'ld\+json">\s*(.*?)\s*</script>', page, re.S)
    return next(b for b in map(json.loads, blocks) if b["@type"] == "MedicalWebPage")


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the file on which ``needle`` first appears."""
    return text[: text.index(needle)].count("\n") + 1


def site_with(tmp_path, text: str, site: str = SITE_YAML, reviewers: str | None = None):
    """The default tiny site plus content/questions/x.md, linked from one of its questions."""
    questions = dict(QUESTIONS)
    questions["lung-cancer-screening"] = question(
        "Who should get lung cancer screening?",
        "lung-cancer",
        related=["breast-cancer-pathology-report", "x"],
    )
    questions["x"] = text
    kwargs = {} if reviewers is None else {"reviewers": reviewers}
    return write_site(tmp_path, questions, site=site, **kwargs)


def x(body: str = "", **keys) -> str:
    keys.setdefault("related", ["lung-cancer-screening"])
    if keys.get("last_reviewed", "9") < "2026-01-10":  # published before its review
        keys.setdefault("date", "2025-01-02")
    return question("What is X?", "lung-cancer", body=body and body + BODY_END, **keys)


# Review cycles


def test_overdue_answer_is_a_warning_at_its_line_and_a_strict_error(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(site_with(tmp_path, text := x(last_reviewed="2025-11-03")))
    expected = (
        f"{Q}:{line_of(text, 'last_reviewed:')}: last_reviewed: "
        f"review was due on 2026-11-03 ({DUE_FIX})"
    )
    code, _, err = cli("--root", ".", "check")
    assert code == 0 and f"{expected} [warning]" in err.splitlines()
    code, _, err = cli("--root", ".", "check", "--strict")
    assert code == 1 and expected in err.splitlines()


def test_overdue_answer_fails_production_when_the_site_says_fail(tmp_path, cli, monkeypatch):
    site = SITE_YAML + "editorial:\n  overdue: fail\n"
    monkeypatch.chdir(site_with(tmp_path, text := x(last_reviewed="2025-11-03"), site=site))
    line = line_of(text, "last_reviewed:")
    code, _, err = cli("--root", ".", "build")
    assert code == 1
    assert f"{Q}:{line}: last_reviewed: review was due on 2026-11-03 ({DUE_FIX})" in err
    assert not (tmp_path / "site").exists()
    monkeypatch.setenv("CONTEXT", "deploy-preview")
    code, _, err = cli("--root", ".", "build")
    assert code == 0 and "review was due on 2026-11-03" in err and "[warning]" in err


def test_overdue_answer_is_published_with_a_visible_notice(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(site_with(tmp_path, x(last_reviewed="2025-11-03")))
    assert cli("--root", ".", "build")[0] == 0
    page = (tmp_path / "site/questions/x/index.html").read_text(encoding="utf-8")
    assert page.count('class="review-overdue"') == 2  # near the answer and at its foot
    assert "Overdue for review:" in page
    assert 'Page last reviewed: <time datetime="2025-11-03">November 3, 2025</time>' in page
    assert 'Next review due: <time datetime="2026-11-03">November 3, 2026</time>' in page
    ld = page_ld(page)
    assert ld["lastReviewed"] == "2025-11-03"


def test_answer_not_yet_due_shows_both_dates_and_no_notice(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(site_with(tmp_path, x(last_reviewed="2026-06-30")))
    code, _, err = cli("--root", ".", "build")
    assert (code, err) == (0, "")
    page = (tmp_path / "site/questions/x/index.html").read_text(encoding="utf-8")
    assert "review-overdue" not in page
    assert page.count('Next review due: <time datetime="2027-06-30">June 30, 2027</time>') == 2


def test_next_review_key_sets_the_due_date_and_is_the_place(tmp_path, cli, monkeypatch):
    text = x(last_reviewed="2026-06-01", next_review="2026-11-20")
    monkeypatch.chdir(site_with(tmp_path, text))
    code, _, err = cli("--root", ".", "check", "--strict")
    assert code == 1
    assert (
        f"{Q}:{line_of(text, 'next_review:')}: next_review: review was due on 2026-11-20 "
        f"({DUE_FIX})"
    ) in err.splitlines()


def test_review_interval_comes_from_the_site(tmp_path, cli, monkeypatch):
    site = SITE_YAML + "editorial:\n  review_months: 6\n"
    monkeypatch.chdir(site_with(tmp_path, x(last_reviewed="2026-05-31"), site=site))
    code, _, err = cli("--root", ".", "check")
    assert (
        code == 0 and "review was due on 2026-11-30" in err
    )  # May 31 + 6 months: the month's last day


def test_today_option_and_variable_decide_and_pin_the_bytes(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(site_with(tmp_path, x(last_reviewed="2026-01-15")))
    page = tmp_path / "site/questions/x/index.html"
    assert cli("--root", ".", "--today", "2027-01-14", "build")[0] == 0
    first = page.read_bytes()
    assert b"review-overdue" not in first
    (tmp_path / ".cache").rename(tmp_path / "old-cache")
    assert cli("--root", ".", "--today", "2027-01-14", "build")[0] == 0
    assert page.read_bytes() == first
    monkeypatch.setenv("QASITE_TODAY", "2027-01-16")  # a warm rebuild on a later day
    assert cli("--root", ".", "build")[0] == 0
    assert b"review-overdue" in page.read_bytes()


def test_a_today_that_is_not_a_date_is_an_error(site_root, cli):
    code, _, err = cli("--root", site_root, "--today", "2026-13-01", "check")
    assert (code, err.splitlines()[0]) == (
        1,
        "--today: '2026-13-01' is not a date (write it as YYYY-MM-DD)",
    )


def test_a_today_variable_that_is_not_a_date_is_an_error(site_root, cli, monkeypatch):
    monkeypatch.setenv("QASITE_TODAY", "tomorrow")
    code, _, err = cli("--root", site_root, "build")
    assert (code, err.splitlines()[0]) == (
        1,
        "QASITE_TODAY: 'tomorrow' is not a date (write it as YYYY-MM-DD)",
    )


def test_check_due_lists_answers_soonest_first_with_their_reviewer(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("QASITE_TODAY", "2026-12-01")  # the day the figures below count from
    monkeypatch.chdir(site_with(tmp_path, x(last_reviewed="2026-01-20", reviewed_by="dr-rivera")))
    code, out, _ = cli("--root", ".", "check", "--due", "--within", "60")
    assert code == 0
    assert out.splitlines()[1:] == [
        "3 answer(s) due for review by 2026-12-01 + 60 days",
        "2027-01-10\tdue in 40 days\tcontent/questions/lung-cancer-screening.md\tno reviewer",
        "2027-01-20\tdue in 50 days\tcontent/questions/breast-cancer-pathology-report.md"
        "\tno reviewer",
        "2027-01-20\tdue in 50 days\tcontent/questions/x.md\tDr. Ana Rivera",
    ]


def test_check_due_lists_overdue_answers_first(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("QASITE_TODAY", "2026-12-01")  # the day the figures below count from
    monkeypatch.chdir(site_with(tmp_path, x(last_reviewed="2025-11-03")))
    code, out, _ = cli("--root", ".", "check", "--due", "--within", "0")
    assert code == 0
    assert out.splitlines()[1:] == [
        "1 answer(s) due for review by 2026-12-01 + 0 days",
        "2026-11-03\toverdue by 28 days\tcontent/questions/x.md\tno reviewer",
    ]


def test_the_shipped_site_keeps_checking_long_after_its_reviews_fall_due(
    cli, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("--root", REPO, "--today", "2031-01-01", "check")
    assert code == 0
    assert "last_reviewed: review was due on 2027-" in err


# Provenance


REVIEWERS = """team:
  name: Test editorial team
  credentials: Editorial source check
  kind: organization
dr-rivera:
  name: Dr. Ana Rivera
  credentials: MD, medical oncologist
  clinical: true
"""


def test_ai_assisted_answer_needs_a_named_reviewer_when_the_site_says_so(
    tmp_path, cli, monkeypatch
):
    site = SITE_YAML + "editorial:\n  ai_needs_reviewer: true\n"
    monkeypatch.chdir(site_with(tmp_path, text := x(drafting="ai-assisted"), site=site))
    code, _, err = cli("--root", ".", "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{Q}:{line_of(text, 'drafting:')}: reviewed_by: an AI-assisted answer needs a named "
        "reviewer before it is published (add reviewed_by and last_reviewed once someone has "
        "checked it, or set draft: true)"
    )


def test_an_answer_that_does_not_say_how_it_was_written_is_an_error_when_the_site_says_so(
    tmp_path, cli, monkeypatch
):
    site = SITE_YAML + "editorial:\n  drafting_required: true\n"
    monkeypatch.chdir(site_with(tmp_path, x(drafting="human"), site=site))
    code, _, err = cli("--root", ".", "check")
    assert code == 1
    assert err.splitlines()[0] == (
        "content/questions/breast-cancer-pathology-report.md:2: drafting: missing: the site "
        "says how each answer was written (add drafting: ai-assisted or drafting: human)"
    )
    assert "content/questions/x.md" not in err


def test_unknown_drafting_is_an_error_at_its_line(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(site_with(tmp_path, text := x(drafting="ai")))
    code, _, err = cli("--root", ".", "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{Q}:{line_of(text, 'drafting:')}: drafting: unknown 'ai' (one of: ai-assisted, human)"
    )


def test_an_editorial_check_is_never_shown_as_a_clinical_review(tmp_path, cli, monkeypatch):
    text = x(drafting="ai-assisted", last_reviewed="2026-06-01", reviewed_by="team")
    monkeypatch.chdir(site_with(tmp_path, text, reviewers=REVIEWERS))
    assert cli("--root", ".", "build")[0] == 0
    page = (tmp_path / "site/questions/x/index.html").read_text(encoding="utf-8")
    assert (
        page.count(
            "This answer was drafted with AI assistance and checked against its sources by the "
            "Test editorial team; it was not reviewed by a clinician."
        )
        == 2
    )
    ld = page_ld(page)
    assert "reviewedBy" not in ld and ld["lastReviewed"] == "2026-06-01"


def test_a_clinical_reviewer_is_named_on_the_page_and_in_json_ld(tmp_path, cli, monkeypatch):
    text = x(
        drafting="human", author="Sam Lee", last_reviewed="2026-06-01", reviewed_by="dr-rivera"
    )
    monkeypatch.chdir(site_with(tmp_path, text, reviewers=REVIEWERS))
    assert cli("--root", ".", "build")[0] == 0
    page = (tmp_path / "site/questions/x/index.html").read_text(encoding="utf-8")
    assert (
        "This answer was written by Sam Lee and reviewed by Dr. Ana Rivera, "
        "MD, medical oncologist." in page
    )
    ld = page_ld(page)
    assert ld["reviewedBy"]["name"] == "Dr. Ana Rivera"


def test_the_shipped_site_says_how_its_answers_were_made(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    statement = "drafted with AI assistance and checked against their sources"
    for name in ("about", "editorial-policy", "how-answers-are-made"):
        text = (REPO / f"content/pages/{name}.md").read_text(encoding="utf-8")
        assert statement in text and "not reviewed by a clinician" in text, name
    reviewers = (REPO / "content/_data/reviewers.yaml").read_text(encoding="utf-8")
    assert statement in reviewers and "not reviewed by a clinician" in reviewers
    assert "clinical: true" not in reviewers
    for folder in ("content", "layouts"):  # a copy: the build's cache stays out of the repo
        shutil.copytree(REPO / folder, tmp_path / folder)
    assert cli("--root", tmp_path, "build")[0] == 0
    answers = sorted((tmp_path / "site/questions").glob("*/index.html"))
    assert len(answers) >= 12
    for page in answers:
        html = page.read_text(encoding="utf-8")
        assert (
            "This answer was drafted with AI assistance and checked against its sources by "
            "the Cancer Questions editorial team; it was not reviewed by a clinician."
        ) in html, page
        assert '"reviewedBy"' not in html


# Readability

HARD = (
    "Treatment decisions depend on the histological characteristics of the tumour. "
    "Molecular classification determines eligibility for targeted medicines."
)


def grade_of(body: str) -> float:
    return readability.grade(markdown.render(body + BODY_END, Q, 1)[0].blocks)


def test_answer_above_the_grade_limit_is_a_warning_and_a_strict_error(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(site_with(tmp_path, text := x(HARD)))
    grade = grade_of(HARD)
    expected = (
        f"{Q}:{line_of(text, 'Treatment decisions')}: body: reads at grade {grade:g}, above the "
        "site's limit of 8 (use shorter sentences and everyday words, or say why in "
        "readability_note)"
    )
    code, _, err = cli("--root", ".", "check")
    assert code == 0 and f"{expected} [warning]" in err.splitlines()
    code, _, err = cli("--root", ".", "check", "--strict")
    assert code == 1 and expected in err.splitlines()


def test_a_readability_note_says_why_and_silences_the_warning(tmp_path, cli, monkeypatch):
    note = "Names the tests exactly as the report does."
    monkeypatch.chdir(site_with(tmp_path, x(HARD, readability_note=note)))
    code, out, err = cli("--root", ".", "check", "--strict", "--readability")
    assert (code, err) == (0, "")
    grade = grade_of(HARD)
    assert f"{grade:4.1f}\tcontent/questions/x.md  above 8: {note}" in out.splitlines()


def test_the_grade_limit_comes_from_the_site(tmp_path, cli, monkeypatch):
    site = SITE_YAML + "editorial:\n  readability_grade: 20\n"
    monkeypatch.chdir(site_with(tmp_path, x(HARD), site=site))
    assert cli("--root", ".", "check", "--strict")[::2] == (0, "")


def test_reading_grade_counts_prose_only():
    prose = "The cat sat on the mat. It was a sunny day."
    noise = f"## {HARD}\n\n| {HARD} |\n| --- |\n| {HARD} |\n\n{prose}\n"
    assert readability.grade(markdown.render(noise, Q, 1)[0].blocks) == readability.grade(
        markdown.render(prose, Q, 1)[0].blocks
    )


def test_build_report_shows_the_reading_grades(site_root, cli):
    code, out, _ = cli("--root", site_root, "check")
    assert code == 0
    assert re.search(r", reading grade -?[\d.]+-[\d.]+ \(median -?[\d.]+\)\)", out)


# Citations


def test_citation_marker_is_a_numbered_link_to_its_source_and_back(tmp_path, cli, monkeypatch):
    body = "About 1 in 8 women get breast cancer [@nci]. A trial helped [@trial][@nci]."
    monkeypatch.chdir(site_with(tmp_path, x(body, sources=CITED)))
    code, _, err = cli("--root", ".", "build")
    assert (code, err) == (0, "")
    page = (tmp_path / "site/questions/x/index.html").read_text(encoding="utf-8")
    assert 'breast cancer <sup class="cite"><a href="#source-1" id="cite-1-1">[1]</a></sup>' in page
    assert 'id="cite-2-1"' in page and 'id="cite-1-2"' in page
    assert '<li id="source-1">' in page and '<li id="source-2">' in page
    assert 'href="#cite-1-1" aria-label="Back to where source 1 is cited"' in page


def test_citation_of_an_unknown_source_is_an_error_at_its_line(tmp_path, cli, monkeypatch):
    body = "First line of the paragraph.\nAbout 1 in 8 women [@ncii]."
    monkeypatch.chdir(site_with(tmp_path, text := x(body, sources=CITED)))
    code, _, err = cli("--root", ".", "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{Q}:{line_of(text, 'About 1 in 8')}: body: citation [@ncii] names no source of "
        "this answer (did you mean 'nci'?)"
    )


def test_a_source_never_cited_is_a_warning_once_the_answer_cites(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(site_with(tmp_path, text := x("Half of it [@nci].", sources=CITED)))
    code, _, err = cli("--root", ".", "check")
    assert code == 0
    line = line_of(text, "- id: trial")
    assert (
        f"{Q}:{line}: sources.1: is never cited in the answer "
        "(cite it with [@trial] where the answer relies on it) [warning]"
    ) in err.splitlines()


def test_two_sources_with_one_id_is_an_error(tmp_path, cli, monkeypatch):
    sources = [CITED[0], {**CITED[1], "id": "nci"}]
    monkeypatch.chdir(site_with(tmp_path, text := x("Text [@nci].", sources=sources)))
    code, _, err = cli("--root", ".", "check")
    assert code == 1
    line = line_of(text, "- id: nci\n  title: A trial")
    assert err.splitlines()[0] == (
        f"{Q}:{line}: sources.1.id: 'nci' is already the id of source 1 (give each source its "
        "own id)"
    )


# Statistics


def test_a_figure_without_a_citation_is_a_warning_at_its_exact_line(tmp_path, cli, monkeypatch):
    body = (
        "The first line has no figure.\nAbout 30% of people respond.\n\n"
        "- Around 1 in 8 women.\n- The hazard ratio was 0.64.\n"
        "- Five-year survival is about 90 percent.\n\n"
        "| group | share |\n| --- | --- |\n| all | 40% |\n"
    )
    monkeypatch.chdir(site_with(tmp_path, text := x(body)))
    code, _, err = cli("--root", ".", "check")
    assert code == 0
    hint = (
        "(add the marker of the source it comes from, e.g. [@source-id], in the same "
        "paragraph or list item) [warning]"
    )
    found = [line for line in err.splitlines() if "cites no source" in line]
    assert found == [
        f"{Q}:{line_of(text, 'About 30%')}: body: the figure '30%' cites no source {hint}",
        f"{Q}:{line_of(text, 'Around 1 in 8')}: body: the figure '1 in 8' cites no source {hint}",
        f"{Q}:{line_of(text, 'The hazard')}: body: the figure 'hazard ratio was 0.64' cites no "
        f"source {hint}",
        f"{Q}:{line_of(text, 'Five-year')}: body: the figure '90 percent' cites no source {hint}",
    ]
    assert cli("--root", ".", "check", "--strict")[0] == 1


def test_a_figure_with_a_citation_in_its_paragraph_is_fine(tmp_path, cli, monkeypatch):
    body = "About 30% of people respond.\nThe trial found it [@trial].\n\nSee [@nci]."
    monkeypatch.chdir(site_with(tmp_path, x(body, sources=CITED)))
    assert cli("--root", ".", "check", "--strict")[::2] == (0, "")


# Doses


def test_a_dose_is_an_error_at_its_line(tmp_path, cli, monkeypatch):
    body = "Most people take the pill daily.\nThe usual amount is 150 mg twice a day."
    monkeypatch.chdir(site_with(tmp_path, text := x(body)))
    code, _, err = cli("--root", ".", "check")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{Q}:{line_of(text, 'The usual amount')}: body: '150 mg' is a dose (the site never "
        "gives drug doses: say that the care team sets the dose)"
    )


def test_doses_in_every_unit_are_found():
    from qasite.editorial import doses

    text = "5 mcg, 2.5 mg/kg, 75 mg/m², 1 g/m2, 40 units and 1,000 IU; not 4.0 ng/mL or 3 months"
    blocks = markdown.render(text, Q, 1)[0].blocks
    assert [p.message for p in doses.check(blocks, Q)] == [
        f"'{dose}' is a dose"
        for dose in ("5 mcg", "2.5 mg/kg", "75 mg/m²", "1 g/m2", "40 units", "1,000 IU")
    ]


def test_the_archetype_carries_the_editorial_keys(site_root, cli, monkeypatch):
    monkeypatch.chdir(site_root)
    code, out, _ = cli("--root", ".", "new", "What is new?", "--cancer-type", "lung-cancer")
    assert code == 0
    text = (site_root / out.strip()).read_text(encoding="utf-8")
    assert 'drafting: ""' in text and "    id: " in text
    assert "# next_review: " in text and "# readability_note: " in text


# Source addresses

API_HINT = (
    "(cite the human page of the same document instead: for a drug label, its DailyMed page "
    "(https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=...) or the FDA's approval page)"
)


def test_a_plain_http_source_is_a_warning_at_its_url_line_and_a_strict_error(
    tmp_path, cli, monkeypatch
):
    old = "http://www.cancer.gov/Common/PopUps/popDefinition.aspx?id=660869"
    sources = [CITED[0], {"id": "parp", "title": "PARP inhibitor", "url": old}]
    monkeypatch.chdir(site_with(tmp_path, text := x("It [@nci][@parp].", sources=sources)))
    code, _, err = cli("--root", ".", "check")
    assert code == 0
    assert err.splitlines()[0] == (
        f"{Q}:{line_of(text, 'url: ' + old)}: sources.1.url: '{old}' is not https (use the "
        "https address of the same page, once you have checked that it shows the same "
        "document) [warning]"
    )
    assert cli("--root", ".", "check", "--strict")[0] == 1


def api_source_warning(tmp_path, cli, monkeypatch, api: str) -> None:
    """``api`` as an answer's source url is a warning at its line naming the human page, and
    fails a strict check."""
    sources = [CITED[0], {"id": "label", "title": "A drug label", "url": api}]
    monkeypatch.chdir(site_with(tmp_path, text := x("It [@nci][@label].", sources=sources)))
    code, _, err = cli("--root", ".", "check")
    assert code == 0
    assert err.splitlines()[0] == (
        f"{Q}:{line_of(text, 'url: ' + api)}: sources.1.url: '{api}' is a data API address, "
        f"not a page {API_HINT} [warning]"
    )
    assert cli("--root", ".", "check", "--strict")[0] == 1


def test_an_openfda_query_as_a_source_is_a_warning_naming_the_human_page(
    tmp_path, cli, monkeypatch
):
    api = "https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22olaparib%22"
    api_source_warning(tmp_path, cli, monkeypatch, api)


def test_a_source_under_an_api_path_is_a_warning_at_its_line(tmp_path, cli, monkeypatch):
    api_source_warning(tmp_path, cli, monkeypatch, "https://www.example.gov/api/v2/labels/x")


def test_a_json_query_as_a_source_is_a_warning_at_its_line(tmp_path, cli, monkeypatch):
    api_source_warning(tmp_path, cli, monkeypatch, "https://data.example.org/labels.json?q=x")


def test_an_https_page_even_with_a_query_is_a_good_source_address():
    from qasite.editorial import addresses

    for url in (
        "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=23f3c1f4",
        "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/biopsy",
        "https://www.example.org/rapid/apiary.html",
    ):
        assert addresses.problem_of(url) is None


def test_a_glossary_source_that_is_not_https_is_a_warning_at_its_line(tmp_path, cli, monkeypatch):
    from test_glossary import GLOSSARY

    old = "http://www.cancer.gov/publications/dictionaries/cancer-terms"
    glossary = GLOSSARY.replace(
        "url: https://www.cancer.gov/publications/dictionaries/cancer-terms", f"url: {old}", 1
    )
    root = write_site(tmp_path)
    (root / "content/_data/glossary.yaml").write_text(glossary, encoding="utf-8")
    monkeypatch.chdir(root)
    code, _, err = cli("--root", ".", "check")
    assert code == 0
    assert err.splitlines()[0] == (
        f"content/_data/glossary.yaml:6: 0.source.url: '{old}' is not https (use the https "
        "address of the same page, once you have checked that it shows the same document) "
        "[warning]"
    )
    assert cli("--root", ".", "check", "--strict")[0] == 1
