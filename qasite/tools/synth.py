"""A deterministic synthetic knowledge base for the benchmark (`python -m qasite.tools.bench`).

`generate(root, questions, seed)` writes ``root/content/`` (site data, about 45 cancer types in a
tree three levels deep, reviewers, an about page and ``questions`` answers of 4.3 to 6.9 KB in
plain-language Markdown) and copies the repository's ``layouts/``. The same seed always gives the
same bytes. The result passes ``python build.py check``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
import shutil
from pathlib import Path

LAYOUTS = Path(__file__).resolve().parent.parent.parent / "layouts"
BODY_MIN, BODY_MAX = 4300, 6900  # bytes of each answer: 4 to 7 KB however a KB is counted

# slug | name | parent | biomarkers (top-level types only; subtypes use their root's)
TYPES = """\
breast-cancer|Breast cancer||HER2,ER,PR,BRCA1,BRCA2,PIK3CA,Ki-67
her2-positive-breast-cancer|HER2-positive breast cancer|breast-cancer
her2-low-breast-cancer|HER2-low breast cancer|breast-cancer
hr-positive-breast-cancer|HR-positive breast cancer|breast-cancer
triple-negative-breast-cancer|Triple-negative breast cancer|breast-cancer
lung-cancer|Lung cancer||EGFR,ALK,ROS1,KRAS G12C,PD-L1,MET,RET
non-small-cell-lung-cancer|Non-small cell lung cancer|lung-cancer
egfr-positive-lung-cancer|EGFR-positive lung cancer|non-small-cell-lung-cancer
alk-positive-lung-cancer|ALK-positive lung cancer|non-small-cell-lung-cancer
kras-g12c-lung-cancer|KRAS G12C lung cancer|non-small-cell-lung-cancer
small-cell-lung-cancer|Small cell lung cancer|lung-cancer
colorectal-cancer|Colorectal cancer||MSI-H,dMMR,KRAS,NRAS,BRAF V600E,HER2,CEA
colon-cancer|Colon cancer|colorectal-cancer
rectal-cancer|Rectal cancer|colorectal-cancer
msi-high-colorectal-cancer|MSI-high colorectal cancer|colorectal-cancer
prostate-cancer|Prostate cancer||PSA,BRCA2,ATM,PSMA,AR-V7
localized-prostate-cancer|Localized prostate cancer|prostate-cancer
metastatic-prostate-cancer|Metastatic prostate cancer|prostate-cancer
castration-resistant-prostate-cancer|Castration-resistant prostate cancer|metastatic-prostate-cancer
ovarian-cancer|Ovarian cancer||BRCA1,BRCA2,HRD,CA-125,FRα
high-grade-serous-ovarian-cancer|High-grade serous ovarian cancer|ovarian-cancer
brca-mutated-ovarian-cancer|BRCA-mutated ovarian cancer|ovarian-cancer
pancreatic-cancer|Pancreatic cancer||KRAS,BRCA2,CA 19-9,NTRK,MSI-H
pancreatic-adenocarcinoma|Pancreatic adenocarcinoma|pancreatic-cancer
pancreatic-neuroendocrine-tumors|Pancreatic neuroendocrine tumors|pancreatic-cancer
melanoma|Melanoma||BRAF V600E,NRAS,KIT,PD-L1,LDH
braf-mutated-melanoma|BRAF-mutated melanoma|melanoma
uveal-melanoma|Uveal melanoma|melanoma
leukemia|Leukemia||FLT3,NPM1,IDH1,IDH2,BCR-ABL1,TP53
acute-myeloid-leukemia|Acute myeloid leukemia|leukemia
flt3-mutated-acute-myeloid-leukemia|FLT3-mutated acute myeloid leukemia|acute-myeloid-leukemia
chronic-lymphocytic-leukemia|Chronic lymphocytic leukemia|leukemia
acute-lymphoblastic-leukemia|Acute lymphoblastic leukemia|leukemia
lymphoma|Lymphoma||CD20,CD30,BCL2,MYC,EZH2
hodgkin-lymphoma|Hodgkin lymphoma|lymphoma
non-hodgkin-lymphoma|Non-Hodgkin lymphoma|lymphoma
diffuse-large-b-cell-lymphoma|Diffuse large B-cell lymphoma|non-hodgkin-lymphoma
follicular-lymphoma|Follicular lymphoma|non-hodgkin-lymphoma
kidney-cancer|Kidney cancer||VHL,PBRM1,PD-L1
clear-cell-renal-cell-carcinoma|Clear cell renal cell carcinoma|kidney-cancer
bladder-cancer|Bladder cancer||FGFR3,PD-L1,Nectin-4,HER2
non-muscle-invasive-bladder-cancer|Non-muscle-invasive bladder cancer|bladder-cancer
muscle-invasive-bladder-cancer|Muscle-invasive bladder cancer|bladder-cancer
head-and-neck-cancer|Head and neck cancer||HPV,p16,PD-L1,EGFR
hpv-positive-oropharyngeal-cancer|HPV-positive oropharyngeal cancer|head-and-neck-cancer"""

SERVICES = [
    line.split("|")
    for line in """\
NCI Cancer Information Service|Free help from specialists by phone, email or chat.|https://www.cancer.gov/contact
NCCN Guidelines for Patients|Free patient versions of US treatment guidelines.|https://www.nccn.org/patients
ClinicalTrials.gov|A free public database of clinical studies.|https://clinicaltrials.gov/
Cancer.Net|Free information for patients and families from ASCO.|https://www.cancer.net/
ESMO Patient Guides|Free guides for patients from ESMO.|https://www.esmo.org/for-patients/patient-guides""".splitlines()
]
PUBLISHERS = [
    ("National Cancer Institute", "https://www.cancer.gov/types/"),
    ("NCCN", "https://www.nccn.org/patientresources/patient-resources/guidelines-for-patients/"),
    ("Cancer.Net", "https://www.cancer.net/cancer-types/"),
    ("ESMO", "https://www.esmo.org/guidelines/"),
]


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.split("|")]


TAGS = _words("biomarkers|testing|treatment|side-effects|clinical-trials|metastatic|surgery|costs")
JOURNALS = _words(
    "New England Journal of Medicine|Journal of Clinical Oncology|The Lancet|"
    "Annals of Oncology|JAMA Oncology"
)


TREATMENTS = _words(
    "chemotherapy|immunotherapy|radiation therapy|hormone therapy|targeted "
    "therapy|surgery|an antibody-drug conjugate|a PARP inhibitor|a stem cell "
    "transplant|CAR T-cell therapy|active surveillance|a kinase inhibitor|"
    "palliative care"
)
TESTS = _words(
    "a CT scan|an MRI|a PET scan|a biopsy|a blood test|next-generation sequencing|"
    "a bone marrow biopsy|an ultrasound|a liquid biopsy|genetic testing|a bone scan"
)
ACTIVITIES = _words(
    "keep working|travel abroad|exercise|drink alcohol|have the flu vaccine|"
    "drive|look after my children|take vitamins|have dental work|garden"
)
WHEN = _words(
    "after surgery|if it comes back|when it has spread|in older adults|at an early "
    "stage|during pregnancy|before surgery|after first treatment stops working"
)
TITLES = _words(
    "What does a {b} result mean for my {t} {w}?|How is {t} treated {w}?|Can I {a} "
    "during {x} for {t} {w}?|What side effects does {x} cause in {t} {w}?|Do I need "
    "{e} for {t} {w}?|How long does {x} for {t} take {w}?|Is {x} an option for {t} "
    "{w}?|What should I ask before {x} for {t} {w}?|Should I join a clinical trial "
    "for {t} {w}?|Why did my doctor order {e} for {t} {w}?"
)
OPENERS = _words(
    "|In many cases, |For some people, |Before treatment starts, |After surgery, |"
    "During treatment, |If the cancer has spread, |At the first visit, |Over time, |"
    "In clinical trials, |Most of the time, |When results are unclear, |Sometimes, "
)
SUBJECTS = _words(
    "your care team|your oncologist|the pathologist|a specialist nurse|the clinic "
    "for {t}|the lab|your surgeon|a radiation oncologist|the tumor board|your "
    "family doctor|a genetic counselor|this test|the treatment plan|{x}"
)
VERBS = _words(
    "may suggest|will usually check|can explain|often looks at|may change|helps "
    "decide|can lower|may delay|usually includes|should discuss|can measure|may "
    "repeat|takes into account|does not replace|can shorten|might recommend"
)
OBJECTS = _words(
    "the stage of the cancer|the results of your {b} test|a sample of the tumor|"
    "the risk of the cancer coming back|side effects such as {s} and {s}|how well "
    "your kidneys and liver work|your other health conditions|a scan of the chest "
    "and abdomen|the schedule of visits|the goals of treatment|the chance of a good "
    "response|your blood counts|your wishes and priorities|the option of a clinical "
    "trial|a second opinion|{x}|the timing of surgery|support for pain and appetite|"
    "the cost of care|your fertility|{e}"
)
ENDINGS = _words(
    "| before each cycle| at every visit| over the following months| in plain words|"
    " with you and your family| when the results come back| if symptoms change| "
    "for people with {t}| as guidelines change| after a few weeks| in most hospitals"
)
EXTRAS = _words(
    "Side effects of {x} can include {s}, {s} and {s}.|It is normal to feel worried "
    "while you wait for the results of {e}.|About {n} in 10 people with {t} are "
    "offered {x} at some point.|Write down your questions before each visit, and "
    "bring someone with you if you can.|Results of {e} usually take {n} to {m} "
    "days.|Guidelines from expert groups are updated often, so the advice may "
    "change.|Tell your team about any new {s}, even if it seems small.|Your report may say "
    "*{b}-positive* or *{b}-negative* (a result that guides the choice of {x})."
)
SIDE_EFFECTS = _words(
    "tiredness|nausea|hair loss|mouth sores|diarrhea|a skin rash|numbness in "
    "the hands|low blood counts|loss of appetite|joint pain|hot flashes|trouble "
    "sleeping|infections|changes in taste|constipation|swelling"
)
HEADINGS = _words(
    "What it means|How {t} is found|How doctors choose a treatment|What to expect|"
    "Side effects and how to manage them|What the research "
    "shows|Living with {t}|When to call your care team|Costs and practical help|"
    "Clinical trials|After treatment|How {x} works|Why {b} matters"
)
SUBHEADINGS = _words(
    "Before treatment|During treatment|After treatment|If the cancer comes "
    "back|For family and friends|Getting a second opinion|At home"
)
ASKS = _words(
    "What stage is my cancer, and what does that mean for me?|Is {x} the right choice "
    "for me, and why?|What side effects should I watch for, and whom do I call?|Do I "
    "need {e}, and when will I get the results?|Is there a clinical trial I could "
    "join?|How will we know if the treatment is working?|Will my {b} result change my "
    "options?|Can I {a} while I am treated?|Who can help me with costs and travel?"
)


def slugify(title: str) -> str:
    slug = ""
    for word in re.findall(r"[a-z0-9]+", title.lower()):
        if len(slug) + len(word) + 1 > 80:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def cancer_types() -> list[dict]:
    """The type tree: slug, name, parent and the biomarkers of its root type."""
    types, markers = [], {}
    for line in TYPES.splitlines():
        slug, name, parent, *rest = line.split("|")
        markers[slug] = rest[0].split(",") if rest else markers[parent]
        types.append(
            {"slug": slug, "name": name, "parent": parent or None, "biomarkers": markers[slug]}
        )
    return types


def _lower(title: str) -> str:
    """A title as link text inside a sentence: first letter lowercased, no question mark."""
    return title[:1].lower() + title[1:].rstrip("?")


def _in_sentence(name: str) -> str:
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


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
            f"{_in_sentence(t['name'])}."
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


def _titles(types: list[dict], rng: random.Random, count: int) -> list[tuple[str, dict]]:
    """``count`` distinct titles, each with its cancer type, spread over every type."""
    slots = {"b": None, "x": TREATMENTS, "a": ACTIVITIES, "w": WHEN, "e": TESTS}
    pools = []
    for t in types:
        pool = []
        for tpl in TITLES:
            names = [n for n in dict.fromkeys(re.findall(r"\{(\w)\}", tpl)) if n != "t"]
            values = [slots[n] or t["biomarkers"] for n in names]
            for combo in itertools.product(*values):
                fill = dict(zip(names, combo, strict=True))
                pool.append((tpl.format(t=_in_sentence(t["name"]), **fill), t))
        pool = list({title: (title, kind) for title, kind in pool}.values())
        rng.shuffle(pool)
        pools.append(pool)
    out = [pair for round_ in itertools.zip_longest(*pools) for pair in round_ if pair]
    if count > len(out):
        raise ValueError(f"at most {len(out)} distinct questions")
    return out[:count]


class _Writer:
    """Plausible sentences and blocks for one answer."""

    def __init__(self, rng: random.Random, kind: dict, slots: dict):
        self.rng, self.kind, self.slots = rng, kind, slots

    def fill(self, text: str) -> str:
        r = self.rng
        return re.sub(
            r"\{(\w)\}",
            lambda m: {
                "t": lambda: _in_sentence(self.kind["name"]),
                "b": lambda: r.choice(self.kind["biomarkers"]),
                "x": lambda: r.choice(TREATMENTS),
                "s": lambda: r.choice(SIDE_EFFECTS),
                "e": lambda: r.choice(TESTS),
                "a": lambda: r.choice(ACTIVITIES),
                "n": lambda: str(r.randint(2, 5)),
                "m": lambda: str(r.randint(6, 14)),
            }[m.group(1)](),
            text,
        )

    def sentence(self) -> str:
        r = self.rng
        if r.random() < 0.2:
            return self.fill(r.choice(EXTRAS))
        words = [r.choice(OPENERS), r.choice(SUBJECTS), r.choice(VERBS), r.choice(OBJECTS)]
        if self.slots and r.random() < 0.4:  # inline markup, as in real answers (not summaries)
            words[3] = f"**{words[3]}**" if r.random() < 0.7 else f'"{words[3]}"'
        text = self.fill(" ".join(w for w in [*words, r.choice(ENDINGS)] if w) + ".")
        return text[0].upper() + text[1:]

    def paragraph(self, low: int = 3, high: int = 6) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(low, high))]
        if self.rng.random() < 0.35:
            title, slug = self.rng.choice(self.slots["links"])
            sentences.insert(1, f"See also [{_lower(title)}](/questions/{slug}/).")
        if self.rng.random() < 0.25:
            pub, url = self.rng.choice(PUBLISHERS)
            sentences.append(f"The [{pub} page]({url}{self.kind['slug']}) has more detail.")
        return " ".join(sentences)

    def bullets(self, numbered: bool = False) -> str:
        items = [self.sentence() for _ in range(self.rng.randint(3, 5))]
        return "\n".join(f"{n}. {s}" if numbered else f"- {s}" for n, s in enumerate(items, 1))

    def table(self) -> str:
        rows = ["| Test | What it looks for | When it is usually done |", "| --- | --- | --- |"]
        for test in self.rng.sample(TESTS, self.rng.randint(3, 5)):
            rows.append(
                f"| {test[0].upper() + test[1:]} | {self.fill(self.rng.choice(OBJECTS))}"
                f" | {self.fill(self.rng.choice(WHEN))} |"
            )
        return "\n".join(rows)


def answer(rng: random.Random, kind: dict, links: list[tuple[str, str]]) -> str:
    """The Markdown answer: sections, lists, a table, links, a footnote, maybe a callout, and
    the closing list of questions for the oncologist; ``BODY_MIN`` to ``BODY_MAX`` bytes."""
    w = _Writer(rng, kind, {"links": links})
    title, slug = rng.choice(links)
    pub, url = rng.choice(PUBLISHERS)
    blocks = [
        w.paragraph(2, 4),
        f"## {w.fill(rng.choice(HEADINGS))}",
        w.paragraph(),
        w.bullets(),
        f"Most answers here follow published guidelines, such as the [{pub} pages]({url}"
        f"{kind['slug']}).[^1] Read more in [{_lower(title)}](/questions/{slug}/).",
        "## Tests you may have",
        w.table(),
        w.paragraph(2, 3),
    ]
    if rng.random() < 0.3:
        blocks.append(f"::: note\n{w.paragraph(2, 3)}\n:::")
    blocks += [f"### {rng.choice(SUBHEADINGS)}", w.bullets(numbered=True)]
    tail = [
        "[^1]: Guidelines from expert groups such as NCCN, ASCO and ESMO.",
        "## Questions to ask your oncologist",
        "\n".join(f"{n}. {w.fill(q)}" for n, q in enumerate(rng.sample(ASKS, 5), 1)),
    ]
    target = rng.randint(BODY_MIN + 250, BODY_MAX - 250)  # a sentence is under 250 bytes
    pad: list[str] = []

    def text() -> str:
        return "\n\n".join([*blocks, " ".join(pad), *tail]) + "\n"

    while len(text().encode()) < target - 700:
        if rng.random() < 0.4:
            blocks.append(f"## {w.fill(rng.choice(HEADINGS))}")
        blocks.append(w.paragraph())
    while len(text().encode()) < target:
        pad.append(w.sentence())
    if len(text().encode()) > BODY_MAX:
        pad.pop()
    return text().replace("\n\n\n\n", "\n\n")


def _front_matter(rng: random.Random, q: dict, related: list[str]) -> str:
    kind, name = q["kind"], q["kind"]["name"]
    day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 1500))
    lines = [
        "---",
        f"title: {json.dumps(q['title'])}",
        f"cancer_type: {kind['slug']}",
        f"date: {day}",
        f"summary: {json.dumps(q['summary'])}",
    ]
    if rng.random() < 0.4:
        lines.append(f"updated: {day + dt.timedelta(days=rng.randint(1, 300))}")
    if rng.random() < 0.8:
        lines += [
            f"last_reviewed: {day + dt.timedelta(days=rng.randint(0, 400))}",
            f"reviewed_by: {rng.choice(['editorial-team', 'dana-okafor', 'riya-sen'])}",
        ]
    if rng.random() < 0.7:
        lines.append("author: Benchmark editorial team")
    tags = rng.sample(TAGS, rng.randint(1, 3))
    markers = rng.sample(kind["biomarkers"], rng.randint(1, 3))
    lines += [
        f"related: [{', '.join(related)}]",
        f"tags: {json.dumps(tags)}",
        f"biomarkers: {json.dumps(markers)}",
    ]
    if rng.random() < 0.02:
        lines.append(f"aliases: [/old/{q['slug']}/]")
    if q["draft"]:
        lines.append("draft: true")
    lines.append("sources:")
    for n in range(rng.randint(2, 4)):
        if n % 2:
            trial = f"A randomized trial of {rng.choice(TREATMENTS)} in {_in_sentence(name)}"
            lines += [
                f"  - title: {json.dumps(trial)}",
                f"    publisher: {rng.choice(JOURNALS)}",
                f"    year: {rng.randint(2015, 2025)}",
                f"    doi: 10.{rng.randint(1000, 9999)}/bench.{rng.randint(10**5, 10**6)}",
            ]
        else:
            pub, url = rng.choice(PUBLISHERS)
            lines += [
                f"  - title: {json.dumps(f'{name}: guidelines for patients')}",
                f"    publisher: {pub}",
                f"    url: {url}{kind['slug']}",
            ]
    return "\n".join([*lines, "---", ""]) + "\n"


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
    for title, kind in _titles(types, rng, questions):
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
                "summary": f"This answer explains {_lower(title)}. "
                + _Writer(rng, kind, {}).sentence(),
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
        text = _front_matter(rng, q, related) + answer(rng, q["kind"], links[:3] or public)
        path = folder / f"{q['slug']}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)
