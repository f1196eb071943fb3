"""A deterministic synthetic knowledge base for the benchmark (`python -m qasite.tools.bench`).

`generate(root, questions, seed)` writes ``root/content/`` (site data, about 45 cancer types in a
tree three levels deep, reviewers, the repository's glossary, an about page and ``questions``
answers of 4.3 to 6.9 KB in plain-language Markdown) and copies the repository's ``layouts/``.
The same seed always gives the same bytes. The result passes ``python build.py check``.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
from pathlib import Path

from .synth_pages import Writer, answer, front_matter, titles
from .synth_words import SERVICES, cancer_types, in_sentence, lower_title, slugify

REPOSITORY = Path(__file__).resolve().parent.parent.parent
LAYOUTS = REPOSITORY / "layouts"
GLOSSARY = REPOSITORY / "content" / "_data" / "glossary.yaml"  # the shipped terms, as they are


def _data_files(data: Path, types: list[dict], rng: random.Random) -> None:
    base = "https://bench.example.org"
    (data / "site.yaml").write_text(
        f"""\
title: Cancer Questions (benchmark)
base_url: {base}
language: en
description: A synthetic knowledge base of plain-language cancer answers for the benchmark.
publisher:
  name: Benchmark editorial team
  url: {base}/about/
banner: For informational purposes only
disclaimer:
  top: This page is general information, not medical advice.
  bottom: Treatments and guidelines change, so check with your care team.
cta:
  heading: Questions about your own diagnosis?
  text: Talk to your care team, or call the free Cancer Information Service.
  label: Contact the Cancer Information Service
  url: https://www.cancer.gov/contact
  service: NCI Cancer Information Service
  phone: 1-800-555-0100
report_problem: https://help.example.org/report?page={{url}}
""",
        encoding="utf-8",
    )
    lines = []
    for t in types:
        about = (
            f"{t['name']} is one of the cancers this site covers. Tests on the tumor, "
            f"such as {t['biomarkers'][0]}, help doctors plan treatment for "
            f"{in_sentence(t['name'])}."
        )
        lines += [
            f"- slug: {t['slug']}",
            f"  name: {json.dumps(t['name'])}",
            f"  parent: {t['parent'] or 'null'}",
            f"  description: {json.dumps(about)}",
        ]
        if t["parent"] is None:
            lines.append("  services:")
            for name_, text, url in rng.sample(SERVICES, rng.randint(1, 2)):
                lines += [
                    f"    - name: {name_}",
                    f"      description: {json.dumps(text)}",
                    f"      url: {url}",
                ]
    (data / "cancer_types.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if GLOSSARY.is_file():
        shutil.copyfile(GLOSSARY, data / "glossary.yaml")
    (data / "reviewers.yaml").write_text(
        """\
editorial-team:
  name: Benchmark editorial team
  credentials: Health editors
  kind: organization
dana-okafor:
  name: Dana Okafor
  credentials: MD, medical oncologist
riya-sen:
  name: Riya Sen
  credentials: RN, oncology nurse
""",
        encoding="utf-8",
    )


def generate(root: Path, questions: int = 10_000, seed: int = 1) -> list[Path]:
    """Write the synthetic site into ``root``; returns the question files in slug order."""
    rng = random.Random(seed)
    data, folder = root / "content" / "_data", root / "content" / "questions"
    for path in (data, folder, root / "content" / "pages"):
        path.mkdir(parents=True, exist_ok=True)
    types = cancer_types()
    _data_files(data, types, rng)
    (root / "content" / "pages" / "about.md").write_text(
        "---\ntitle: About this site\n---\n\nA synthetic site, made for the benchmark.\n",
        encoding="utf-8",
    )
    if (root / "layouts").exists():
        shutil.rmtree(root / "layouts")
    shutil.copytree(LAYOUTS, root / "layouts")
    items, slugs = [], set()
    for title, kind in titles(types, rng, questions):
        slug = base = slugify(title)
        for n in itertools.count(2):
            if slug not in slugs:
                break
            slug = f"{base[:76].rstrip('-')}-{n}"
        slugs.add(slug)
        items.append(
            {
                "title": title,
                "slug": slug,
                "kind": kind,
                "draft": rng.random() < 0.005 and len(items) > 0,
                "summary": f"This answer explains {lower_title(title)}. "
                + Writer(rng, kind, {}).sentence(),
            }
        )
    public = [(q["title"], q["slug"]) for q in items if not q["draft"]]
    paths = []
    for i, q in enumerate(items):
        nxt = items[(i + 1) % len(items)]["slug"]  # every question is linked from one other
        others = [s for _, s in rng.sample(public, min(3, len(public)))]
        related = list(dict.fromkeys(s for s in [nxt, *others] if s != q["slug"]))
        related = related[: rng.randint(1, 3)]
        links = [p for p in rng.sample(public, min(4, len(public))) if p[1] != q["slug"]]
        text = front_matter(rng, q, related) + answer(rng, q["kind"], links[:3] or public)
        path = folder / f"{q['slug']}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)
