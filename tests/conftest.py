"""Shared test helpers: a tiny, valid site written into a temporary folder from inline strings.

- ``write_site(root, questions=None, pages=None, site=..., cancer_types=..., reviewers=...)``
  writes ``root/content/`` (``_data/site.yaml``, ``cancer_types.yaml``, ``reviewers.yaml``,
  ``questions/``, ``pages/``) and copies the repository's real ``layouts/`` to ``root/layouts``,
  so every test renders with the shipped layouts. ``questions`` and ``pages`` map a file name
  to its text (str) or raw bytes; a name without a suffix gets ``.md``. Left out, they default
  to ``QUESTIONS`` and ``PAGES``; the data files default to ``SITE_YAML``, ``CANCER_TYPES_YAML``
  and ``REVIEWERS_YAML``. Pass ``None`` for a data file to leave it out.
- ``question(title, cancer_type, body=..., **keys)`` is the text of one valid question file;
  ``keys`` add or replace front matter keys (``summary=None`` leaves a default key out).
- The ``site_root`` fixture is ``tmp_path`` holding the default site, which builds and passes
  ``check --strict``: a type tree (breast cancer > HER2-low, triple-negative; lung cancer),
  four questions that all link to one another, one reviewer and an ``about`` page.
- ``browser`` (from ``browser_support``): one headless Chromium for the whole session.
- The ``cli`` fixture runs ``build.main([...])`` and returns ``(exit code, stdout, stderr)``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml
from browser_support import browser  # noqa: F401  (registered once: one Chromium per session)

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SITE_YAML = """\
title: Test Cancer Questions
base_url: https://test.example.org
language: en
description: Plain answers used by the tests.
publisher:
  name: Test editorial team
  url: https://test.example.org/about/
banner: For information only (test banner)
disclaimer:
  top: Top disclaimer of the tests, not medical advice.
  bottom: Bottom disclaimer of the tests, ask your care team.
cta:
  heading: Questions about your own diagnosis?
  text: Talk to the test help line about your own situation.
  label: Call the test help line
  url: https://help.example.org/contact
  service: Test Help Line
  phone: 1-800-555-0100
report_problem: https://help.example.org/report?page={url}
"""

CANCER_TYPES_YAML = """\
- slug: breast-cancer
  name: Breast cancer
  description: Breast cancer starts in the cells of the breast.
  services:
    - name: Breast Help Service
      description: Free help for people with breast cancer.
      url: https://breast-help.example.org/
- slug: her2-low-breast-cancer
  name: HER2-low breast cancer
  parent: breast-cancer
  description: A breast cancer with a small amount of HER2.
- slug: triple-negative-breast-cancer
  name: Triple-negative breast cancer
  parent: breast-cancer
  description: A breast cancer without hormone receptors or extra HER2.
- slug: lung-cancer
  name: Lung cancer
  description: Lung cancer starts in the lungs.
  services:
    - name: Lung Help Service
      description: Free help for people with lung cancer.
      url: https://lung-help.example.org/
"""

REVIEWERS_YAML = """\
dr-rivera:
  name: Dr. Ana Rivera
  credentials: MD, medical oncologist
"""

DEFAULT_SOURCES = [
    {
        "title": "Breast Cancer Treatment",
        "publisher": "National Cancer Institute",
        "url": "https://www.cancer.gov/types/breast",
    }
]


def question(title: str, cancer_type: str, body: str = "", **keys) -> str:
    """The text of a valid question file; ``keys`` add front matter or, set to None, drop it."""
    front = {
        "title": title,
        "cancer_type": cancer_type,
        "date": "2026-01-10",
        "summary": f"A short plain answer to: {title}",
        "sources": DEFAULT_SOURCES,
    }
    front.update(keys)
    front = {k: v for k, v in front.items() if v is not None}
    text = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    body = body or f"The answer to {title.lower()}\n"
    if "## Questions to ask your" not in body:  # every answer ends with one
        body = body.rstrip("\n") + "\n\n## Questions to ask your oncologist\n\n1. Why?\n"
    return f"---\n{text}---\n\n{body}"


QUESTIONS = {
    "what-is-her2-low": question(
        "What does HER2-low mean?",
        "her2-low-breast-cancer",
        date="2026-01-05",
        last_reviewed="2026-02-01",
        reviewed_by="dr-rivera",
        related=["her2-low-treatment-stops-working", "breast-cancer-pathology-report"],
        tags=["biomarkers"],
        biomarkers=["HER2"],
        sources=[
            {
                "title": "Trastuzumab Deruxtecan in HER2-Low Breast Cancer",
                "doi": "10.1056/NEJMoa2203690",
                "year": 2022,
            },
            {"title": "HER2 testing guideline", "pmid": "37284804"},
        ],
    ),
    "her2-low-treatment-stops-working": question(
        "What happens when HER2-low treatment stops working?",
        "her2-low-breast-cancer",
        date="2026-02-01",
        related=["what-is-her2-low"],
        tags=["metastatic"],
        biomarkers=["HER2"],
    ),
    "breast-cancer-pathology-report": question(
        "How do I read my breast cancer pathology report?",
        "breast-cancer",
        date="2026-01-20",
        related=["what-is-her2-low"],
        body="Your report lists tests on the tumor.\n\n"
        "Smokers may also ask about [lung screening](/questions/lung-cancer-screening/).\n",
    ),
    "lung-cancer-screening": question(
        "Who should get lung cancer screening?",
        "lung-cancer",
        date="2026-03-01",
        related=["breast-cancer-pathology-report"],
    ),
}

PAGES = {
    "about": "---\ntitle: About this site\ndescription: Who writes the test answers.\n---\n\n"
    "We write plain answers for the tests.\n",
}


def write_site(
    root: Path,
    questions: dict | None = None,
    pages: dict | None = None,
    *,
    site: str | None = SITE_YAML,
    cancer_types: str | None = CANCER_TYPES_YAML,
    reviewers: str | None = REVIEWERS_YAML,
) -> Path:
    """Write a project (content/ and a copy of the real layouts/) into ``root``; returns root."""
    content = root / "content"
    data = content / "_data"
    data.mkdir(parents=True, exist_ok=True)
    for name, text in (("site", site), ("cancer_types", cancer_types), ("reviewers", reviewers)):
        if text is not None:
            (data / f"{name}.yaml").write_text(text, encoding="utf-8")
    for folder, files in (
        ("questions", QUESTIONS if questions is None else questions),
        ("pages", PAGES if pages is None else pages),
    ):
        (content / folder).mkdir(exist_ok=True)
        for name, text in files.items():
            path = content / folder / (name if "." in name else f"{name}.md")
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
    if not (root / "layouts").exists():
        shutil.copytree(REPO / "layouts", root / "layouts")
    return root


# The day every test builds on, unless it says otherwise: no earlier than the shipped answers'
# newest date (a later one would be in the future).
TODAY = "2026-12-02"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """Review dates are judged on a fixed day, so that no test changes with the calendar."""
    monkeypatch.setenv("QASITE_TODAY", TODAY)


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    """``tmp_path`` holding the default tiny site (see the module docstring)."""
    return write_site(tmp_path)


@pytest.fixture
def cli(capsys):
    """Run the real command line: ``cli("--root", path, "check")`` -> (code, stdout, stderr)."""
    import build

    def run(*args) -> tuple[int, str, str]:
        capsys.readouterr()
        code = build.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
