"""Listing pages at any size: the A to Z list of questions by subject, and each cancer type's
questions by topic, split into numbered pages that stay under the site's listing size
(`site.yaml` ``listing: page_kb``, 64 KB of HTML by default).

- A question's **subject** is the first glossary term its title names (found as answers mark
  terms: by any of the term's names, longest first; shown as the glossary writes the term,
  first letter capitalised), else the name of its cancer type. "Can I keep working during
  chemotherapy?" is listed under Chemotherapy, "How is breast cancer treated?" under Breast
  cancer. The A to Z files a subject under its first letter (accents removed; "#" for anything
  but A to Z).
- A hub lists each of its questions under its **topic**: its first tag (the main one), topics
  A to Z, untagged questions last under "Other questions".

While the whole A to Z fits one page it is /questions/, letters linking to their sections;
past that /questions/ lists the letters and subjects, and each letter has its own pages,
/questions/letter-c/, /questions/letter-c/2/, ... A hub continues on /cancer-types/<slug>/2/, ...

Pages are filled before rendering, by weight: each entry weighs the bytes of its text as the
page writes it (HTML-escaped, and again in the JSON-LD) plus an allowance for its markup; each
page keeps an allowance for the layout around the list. The renderer checks every listing page
against the limit (`render.listing_size`), so a layout that outgrows the allowances fails
the build instead of publishing an oversized page.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

from markupsafe import escape

from ..content.headings import slugify
from ..content.model import CancerType, GlossaryTerm, Question
from . import terms

AZ_URL = "/questions/"
DEFAULT_PAGE_KB = 64
ENTRY_MARKUP = 180  # bytes of markup around one entry's text: list item, link, JSON-LD item
SECTION_MARKUP = 160  # a section's heading, its list and the section around them
LAYOUT_ALLOWANCE = 12_000  # the page around a list: head, header, pager, footer, JSON-LD
JUMP_SHARE = 4  # a list of jump links is shown only while it takes at most 1/4 of the budget
OTHER_TOPIC = "Other questions"
NUMBERS = "#"  # the letter of subjects that do not start with A to Z


@dataclass(frozen=True)
class Section:
    """A run of questions under one heading; ``continued`` when it started on a page before."""

    title: str
    id: str
    slugs: tuple[str, ...]
    continued: bool = False


@dataclass(frozen=True)
class Page:
    url: str
    number: int  # from 1
    sections: tuple[Section, ...]

    @property
    def path(self) -> str:
        return self.url.lstrip("/") + "index.html"

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(s for section in self.sections for s in section.slugs)


@dataclass(frozen=True)
class Jump:
    """A link to where a section starts: its title, address (page and anchor) and size."""

    title: str
    href: str
    count: int


@dataclass(frozen=True)
class Listing:
    """One list split into pages: a letter of the A to Z, or a hub's questions."""

    key: str  # the letter's slug ("letter-c", "letter-num") or the cancer type's slug
    title: str  # the letter ("C", "#") or the cancer type's name
    pages: tuple[Page, ...]
    jumps: tuple[Jump, ...]  # to each section's start; () when too long to show
    count: int  # questions listed

    @property
    def url(self) -> str:
        return self.pages[0].url


@dataclass(frozen=True)
class Listings:
    limit: int  # bytes of HTML no listing page may pass
    az_paged: bool  # False: the whole A to Z is on /questions/
    az_index_jumps: bool  # /questions/ lists every letter's subjects (while they fit)
    letters: tuple[Listing, ...]  # in order; each a single section list on /questions/ if unpaged
    hubs: dict[str, Listing]  # by cancer type slug

    @property
    def pages(self) -> list[Page]:
        """Every page of a list but /questions/ itself and the hubs' first pages."""
        out = [p for letter in self.letters for p in letter.pages] if self.az_paged else []
        return out + [p for hub in self.hubs.values() for p in hub.pages[1:]]

    @property
    def urls(self) -> set[str]:
        return {p.url for p in self.pages}


def _html(value: str) -> int:
    """Bytes of a text as HTML writes it (escaped)."""
    return len(str(escape(value)).encode())


def _text(value: str) -> int:
    """Bytes of a text written twice: HTML-escaped, then in the JSON-LD (`jsonld.json_ld`)."""
    ld = json.dumps(value, ensure_ascii=False)
    return _html(value) + len(ld.encode()) + 5 * sum(ld.count(c) for c in "<>&")


def subject(q: Question, glossary: tuple[GlossaryTerm, ...], kind: CancerType) -> str:
    """The first glossary term the title names, as the glossary writes it, else the type."""
    return _subject(q, terms.names(glossary), kind)


def _subject(q: Question, table: terms.Names, kind: CancerType) -> str:
    term = terms.first_in(q.title, table)
    if term is None:
        return kind.name
    name = term.term
    return name[:1].upper() + name[1:]


def letter_of(name: str) -> str:
    first = unicodedata.normalize("NFKD", name[:1])[:1].upper()
    return first if "A" <= first <= "Z" else NUMBERS


def letter_slug(letter: str) -> str:
    """The letter's name in addresses and anchors: letter-c, letter-num for "#"."""
    return "letter-" + ("num" if letter == NUMBERS else letter.lower())


# /questions/letter-c/: the addresses of the letters' pages, which no question may take
RESERVED_SLUGS = frozenset(letter_slug(c) for c in [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", NUMBERS])


def _ids(titles: list[str], prefix: str) -> dict[str, str]:
    """A unique anchor per title, in order."""
    out, taken = {}, set()
    for title in titles:
        base = f"{prefix}{slugify(title)}"
        name, number = base, 1
        while name in taken:
            name, number = f"{base}-{number}", number + 1
        taken.add(name)
        out[title] = name
    return out


def paginate(sections, budget: int, url_of) -> tuple[Page, ...]:
    """``sections`` ((title, id, [(slug, weight), ...]), ...) laid out on pages of at most
    ``budget`` weight each (one entry at least), a section continuing on the next page."""
    pages: list[list[Section]] = [[]]
    used = 0
    for title, anchor, items in sections:
        run: list[str] = []
        started = False  # the section has entries on an earlier page
        for slug, weight in items:
            head = 0 if run else SECTION_MARKUP + _html(title) + 2 * len(anchor)
            if (run or pages[-1]) and used + head + weight > budget:
                if run:
                    pages[-1].append(Section(title, anchor, tuple(run), started))
                    started, run = True, []
                pages.append([])
                used = 0
                head = SECTION_MARKUP + _html(title) + 2 * len(anchor)
            run.append(slug)
            used += head + weight
        if run:
            pages[-1].append(Section(title, anchor, tuple(run), started))
    return tuple(
        Page(url_of(number), number, tuple(found)) for number, found in enumerate(pages, 1)
    )


def _jumps(pages: tuple[Page, ...], budget: int) -> tuple[Jump, ...]:
    counts: dict[str, int] = {}
    first: dict[str, tuple[Page, Section]] = {}
    for page in pages:
        for section in page.sections:
            counts[section.id] = counts.get(section.id, 0) + len(section.slugs)
            first.setdefault(section.id, (page, section))
    jumps = tuple(
        Jump(section.title, f"{page.url}#{section.id}", counts[section.id])
        for page, section in first.values()
    )
    return jumps if _weigh(jumps) * JUMP_SHARE <= budget else ()


def _weigh(jumps: tuple[Jump, ...]) -> int:
    return sum(ENTRY_MARKUP + _html(j.title) + 2 * len(j.href) for j in jumps)


def _budget(limit: int, extra: int = 0) -> int:
    return max(limit - LAYOUT_ALLOWANCE - extra, 1)


def plan(
    questions: tuple[Question, ...],
    type_questions: dict[str, tuple[Question, ...]],
    cancer_types: dict[str, CancerType],
    children: dict[str, tuple[CancerType, ...]],
    glossary: tuple[GlossaryTerm, ...],
    excerpts: dict[str, str],
    base_url: str,
    page_kb: int = DEFAULT_PAGE_KB,
) -> Listings:
    """Every listing of the site, paged under ``page_kb`` KB of HTML each."""
    limit = page_kb * 1024
    paged, letters, index_jumps = _az(questions, cancer_types, glossary, base_url, limit)
    hubs = {}
    for slug, qs in type_questions.items():
        kind = cancer_types[slug]
        extra = _html(kind.description) + sum(
            ENTRY_MARKUP + _html(t.name) + len(t.url) for t in children.get(slug, ())
        )
        extra += sum(
            ENTRY_MARKUP + _html(s.name) + _html(s.description) + len(s.url) for s in kind.services
        )
        hubs[slug] = _hub(kind, qs, excerpts, base_url, _budget(limit, extra))
    return Listings(limit, paged, index_jumps, letters, hubs)


def _entry(q: Question, note: str, base_url: str) -> int:
    """An entry: title and address in the list and the JSON-LD, and its note (type, excerpt)."""
    return ENTRY_MARKUP + _text(q.title) + 2 * len(q.url) + len(base_url) + _html(note)


def _az(questions, cancer_types, glossary, base_url: str, limit: int):
    """(paged, letters, index jumps): the letters' listings, all on /questions/ when they fit
    there; else each on its own pages, /questions/ listing their subjects while they fit."""
    by_subject: dict[str, tuple[str, list[Question]]] = {}
    table = terms.names(glossary)  # once: finding it hashes the whole glossary
    for q in questions:
        kind = cancer_types[q.cancer_type]
        name = _subject(q, table, kind)
        by_subject.setdefault(name.casefold(), (name, []))[1].append(q)
    names = sorted(by_subject.values(), key=lambda pair: (pair[0].casefold(), pair[0]))
    ids = _ids([name for name, _ in names], "about-")
    grouped: dict[str, list] = {}
    for name, qs in names:
        items = [
            (q.slug, _entry(q, cancer_types[q.cancer_type].name, base_url))
            for q in sorted(qs, key=lambda q: (q.title.casefold(), q.slug))
        ]
        grouped.setdefault(letter_of(name), []).append((name, ids[name], items))
    order = sorted(grouped, key=lambda letter: (letter == NUMBERS, letter))
    budget = _budget(limit, 64 * 30)  # the letters' jump links
    total = sum(
        SECTION_MARKUP * 2 + sum(w for _, w in items)
        for letter in order
        for _, _, items in grouped[letter]
    )
    if total <= budget:
        single = tuple(
            Listing(
                letter_slug(letter),
                letter,
                paginate(grouped[letter], 10**12, lambda n: AZ_URL),
                (),
                sum(len(items) for _, _, items in grouped[letter]),
            )
            for letter in order
        )
        return False, single, False
    out = []
    for letter in order:
        slug = letter_slug(letter)

        def url_of(number: int, slug: str = slug) -> str:
            return f"{AZ_URL}{slug}/" + (f"{number}/" if number > 1 else "")

        pages = paginate(grouped[letter], budget, url_of)
        count = sum(len(items) for _, _, items in grouped[letter])
        out.append(Listing(slug, letter, pages, _jumps(pages, budget), count))
    jumps = sum(_weigh(x.jumps) + ENTRY_MARKUP for x in out)
    return True, tuple(out), jumps <= budget and all(x.jumps for x in out)


def topic_of(q: Question) -> str:
    return q.tags[0].replace("-", " ").capitalize() if q.tags else OTHER_TOPIC


def _hub(kind: CancerType, questions, excerpts, base_url: str, budget: int) -> Listing:
    topics: dict[str, list[Question]] = {}
    for q in questions:
        topics.setdefault(topic_of(q), []).append(q)
    order = sorted(topics, key=lambda t: (t == OTHER_TOPIC, t.casefold(), t))
    ids = _ids(order, "topic-")
    sections = [
        (
            topic,
            ids[topic],
            [
                (q.slug, _entry(q, excerpts[q.slug], base_url))
                for q in sorted(topics[topic], key=lambda q: (q.title.casefold(), q.slug))
            ],
        )
        for topic in order
    ]
    pages = paginate(sections, budget, lambda n: kind.url + (f"{n}/" if n > 1 else ""))
    return Listing(kind.slug, kind.name, pages, _jumps(pages, budget), len(questions))
