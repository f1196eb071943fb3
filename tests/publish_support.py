"""Tiny content trees for the publishing tests, and the rendered files read back as data."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

from qasite.content import load
from qasite.site import render, resolve

REPO = Path(__file__).resolve().parent.parent
BASE = "https://tiny.example.org"

SITE_YAML = f"""\
title: Tiny Answers
base_url: {BASE}
language: en
description: A tiny test site about cancer questions.
publisher: {{name: Tiny team, url: "{BASE}/about/"}}
banner: For informational purposes only
disclaimer:
  top: This answer is general information.
  bottom: Ask your care team what applies to you.
cta:
  heading: Your own case
  text: Talk to a service about your own records.
  label: Contact the service
  url: https://www.cancer.gov/contact
  service: NCI Cancer Information Service
  phone: 1-800-555-0100
report_problem: https://help.example.org/report?page={{url}}
"""
TYPES_YAML = """\
- slug: breast-cancer
  name: Breast cancer
  description: Cancer that starts in the breast.
  services:
    - {name: NCI Cancer Information Service, description: Free answers., url: "https://www.cancer.gov/contact"}
- slug: her2-low-breast-cancer
  name: HER2-low breast cancer
  parent: breast-cancer
  description: Breast cancer with a low level of HER2.
- slug: lung-cancer
  name: Lung cancer
  description: Cancer that starts in the lungs.
"""
REVIEWERS_YAML = """\
dr-rivera: {name: Dr Ana Rivera, credentials: "MD, medical oncologist", clinical: true}
team: {name: Tiny team, credentials: Health editors, kind: organization}
"""


ASKS = "\n\n## Questions to ask your oncologist\n\n1. What does this mean for me?\n"


def with_questions(body: str) -> str:
    """``body`` ending with the section every answer has, if it has none yet."""
    return body if "## Questions to ask your oncologist" in body else body.rstrip("\n") + ASKS


def question(title: str, kind: str, body: str, date: str = "2026-05-02", **fields: str) -> str:
    """A question file; ``fields`` are extra front matter lines (``draft="true"``). A body
    without the questions section every answer has gets one at its end."""
    body = with_questions(body)
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"""\
---
title: "{title}"
cancer_type: {kind}
date: {date}
{extra}sources:
  - title: Breast Cancer Treatment
    publisher: National Cancer Institute
    url: https://www.cancer.gov/types/breast
  - title: A trial of a drug
    publisher: New England Journal of Medicine
    year: 2022
    doi: 10.1056/NEJMoa2203690
---

{body}
"""


QUESTIONS = {
    "what-is-her2-low": question(
        "What is HER2-low?",
        "her2-low-breast-cancer",
        "HER2-low means a little HER2.\n\n## How it is measured\n\nBy a lab test.\n\n"
        "See [screening](/questions/breast-screening/#what-happens-at-a-visit).\n",
        summary='"HER2-low means the cancer has a small amount of HER2."',
        updated="2026-06-10",
        last_reviewed="2026-07-01",
        reviewed_by="dr-rivera",
        author='"Dr Ana Rivera"',
        related="[breast-screening]",
        tags="[testing]",
        biomarkers="[HER2]",
        aliases="[/old-her2/, /her2-low]",
    ),
    "breast-screening": question(
        "When is breast screening done?",
        "breast-cancer",
        "It depends on your age.\n\n## What happens at a visit\n\nA mammogram.\n\n"
        "Read [the NCI page](https://www.cancer.gov/types/breast) and "
        "[HER2-low](/questions/what-is-her2-low/).\n",
        date="2026-04-01",
        summary='"Screening looks for cancer before it causes symptoms."',
        tags="[screening]",
        last_reviewed="2026-05-20",
        reviewed_by="team",
    ),
    "lung-screening": question(
        "Who should get lung screening?",
        "lung-cancer",
        "Some people who smoked.\n\nSee [breast screening](/questions/breast-screening/).\n",
        date="2026-06-15",
        related="[what-is-her2-low]",
        tags="[screening]",
    ),
}
ABOUT = "---\ntitle: About\ndescription: Who writes Tiny Answers.\n---\n\nAbout us.\n"


def make_site(
    root: Path, questions: dict[str, str] | None = None, pages: dict[str, str] | None = None
) -> Path:
    """A project folder with the real layouts and a tiny content tree; returns ``root``."""
    shutil.copytree(REPO / "layouts", root / "layouts")
    data = root / "content" / "_data"
    data.mkdir(parents=True)
    (data / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (data / "cancer_types.yaml").write_text(TYPES_YAML, encoding="utf-8")
    (data / "reviewers.yaml").write_text(REVIEWERS_YAML, encoding="utf-8")
    for folder, items in (
        ("questions", QUESTIONS if questions is None else questions),
        ("pages", {"about": ABOUT} if pages is None else pages),
    ):
        (root / "content" / folder).mkdir()
        for slug, text in items.items():
            (root / "content" / folder / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def rendered(root: Path, production: bool = True) -> tuple[resolve.Site, dict[str, bytes]]:
    """The resolved site and every rendered file, in memory."""
    site = resolve.resolve(load.load(root), production)
    return site, render.render(site, root / "layouts").files


class Head(HTMLParser):
    """What a page tells machines: title, meta tags, links, JSON-LD, breadcrumbs, ids."""

    def __init__(self, html: bytes):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.json_ld: list[dict] = []
        self.crumbs: list[tuple[str, str]] = []
        self.lang = None
        self._in: list[str] = []
        self._text = ""
        self._crumb_href = None
        self.feed(html.decode("utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a["content"]
        if tag == "link":
            self.links.append(a)
        if tag == "nav" and a.get("aria-label") == "Breadcrumb":
            self._in.append("crumbs")
        if tag == "a" and "crumbs" in self._in:
            self._crumb_href, self._text = a["href"], ""
        if tag == "title":
            self._in.append("title")
            self._text = ""
        if tag == "script":
            self._in.append("ld" if a.get("type") == "application/ld+json" else "script")
            self._text = ""

    def handle_endtag(self, tag):
        if tag == "a" and self._crumb_href is not None:
            self.crumbs.append((self._text.strip(), self._crumb_href))
            self._crumb_href = None
        if tag == "nav" and "crumbs" in self._in:
            self._in.remove("crumbs")
        if tag in ("title", "script") and self._in:
            kind = self._in.pop()
            if tag == "title":
                self.title = self._text
            elif kind == "ld":
                self.json_ld.append(json.loads(self._text))

    def handle_data(self, data):
        self._text += data

    def ld(self, kind: str) -> dict:
        (found,) = [d for d in self.json_ld if d["@type"] == kind]
        return found
