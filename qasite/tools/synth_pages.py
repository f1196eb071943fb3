"""The synthetic knowledge base's pages: distinct titles over the type tree, plausible
plain-language answers of 4 to 7 KB, and their front matter."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re

from ..content.values import MAX_TITLE
from .synth_words import (
    ACTIVITIES,
    ASKS,
    BODY_MAX,
    BODY_MIN,
    ENDINGS,
    EXTRAS,
    HEADINGS,
    JOURNALS,
    OBJECTS,
    OPENERS,
    PUBLISHERS,
    SIDE_EFFECTS,
    SUBHEADINGS,
    SUBJECTS,
    TAGS,
    TESTS,
    TITLES,
    TREATMENTS,
    VERBS,
    WHEN,
    in_sentence,
    lower_title,
)

LATEST = dt.date(2026, 11, 30)  # no synthetic answer updated later: a future date is refused
SITUATIONS = ("if I am over 70", "if I live alone", "if I also have diabetes")


def titles(types: list[dict], rng: random.Random, count: int) -> list[tuple[str, dict]]:
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
                pool.append((tpl.format(t=in_sentence(t["name"]), **fill), t))
        pool = list({title: (title, kind) for title, kind in pool}.values())
        rng.shuffle(pool)
        pools.append(pool)
    out = [pair for round_ in itertools.zip_longest(*pools) for pair in round_ if pair]
    if count > len(out):  # beyond the plain titles (about 76,000): the same asked of a situation
        out += [
            (f"{title[:-1]} {when}?", kind)
            for when in SITUATIONS
            for title, kind in out
            if len(title) + len(when) < MAX_TITLE
        ]
    if count > len(out):
        raise ValueError(f"at most {len(out)} distinct questions")
    return out[:count]


class Writer:
    """Plausible sentences and blocks for one answer."""

    def __init__(self, rng: random.Random, kind: dict, slots: dict):
        self.rng, self.kind, self.slots = rng, kind, slots

    def fill(self, text: str) -> str:
        r = self.rng
        return re.sub(
            r"\{(\w)\}",
            lambda m: {
                "t": lambda: in_sentence(self.kind["name"]),
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
            sentences.insert(1, f"See also [{lower_title(title)}](/questions/{slug}/).")
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
    w = Writer(rng, kind, {"links": links})
    title, slug = rng.choice(links)
    pub, url = rng.choice(PUBLISHERS)
    blocks = [
        w.paragraph(2, 4),
        f"## {w.fill(rng.choice(HEADINGS))}",
        w.paragraph(),
        w.bullets(),
        f"Most answers here follow published guidelines, such as the [{pub} pages]({url}"
        f"{kind['slug']}).[^1] Read more in [{lower_title(title)}](/questions/{slug}/).",
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


def front_matter(rng: random.Random, q: dict, related: list[str]) -> str:
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
        updated = day + dt.timedelta(days=rng.randint(1, 300))
        lines.append(f"updated: {min(updated, LATEST)}")  # never after the day of a build
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
            trial = f"A randomized trial of {rng.choice(TREATMENTS)} in {in_sentence(name)}"
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
