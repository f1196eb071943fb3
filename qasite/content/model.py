"""The content model: frozen dataclasses, validated once when loaded and trusted downstream."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True)
class Service:
    name: str
    description: str
    url: str


@dataclass(frozen=True)
class CancerType:
    slug: str
    name: str
    parent: str | None
    description: str
    services: tuple[Service, ...]
    line: int = 0

    @property
    def url(self) -> str:
        return f"/cancer-types/{self.slug}/"

    @property
    def in_sentence(self) -> str:
        """The name as written inside a sentence: "breast cancer", but "HER2-low ..."."""
        name = self.name
        return name if name[1:2].isupper() else name[:1].lower() + name[1:]


@dataclass(frozen=True)
class Reviewer:
    key: str
    name: str
    credentials: str
    kind: str = "person"
    clinical: bool = False  # a clinician's medical review, not an editorial source check


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str


@dataclass(frozen=True)
class CallToAction:
    heading: str
    text: str
    label: str
    url: str
    service: str
    phone: str

    @property
    def tel(self) -> str:
        """The tap-to-call address of the phone number: tel: and its digits."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")


@dataclass(frozen=True)
class LinkCheck:
    """Settings of the online link check (`check --links --online`), from site.yaml."""

    cache_days: int = 7
    doi_resolver: str = "https://doi.org/"
    pubmed: str = "https://pubmed.ncbi.nlm.nih.gov/"


@dataclass(frozen=True)
class EditorialPolicy:
    """The site's editorial rules (site.yaml `editorial:`)."""

    review_months: int = 12
    overdue: str = "notice"  # or "fail": an overdue answer fails a production build
    drafting_required: bool = False
    ai_needs_reviewer: bool = False
    readability_grade: float = 8.0


@dataclass(frozen=True)
class ListingPolicy:
    """How long a listing page may grow (site.yaml `listing:`)."""

    page_kb: int = 64  # KB of HTML; longer lists continue on numbered pages


@dataclass(frozen=True)
class SearchSettings:
    """How the search index is split (site.yaml `search:`): one shard per so many answers."""

    pages_per_shard: int = 1000


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str
    language: str
    description: str
    publisher: Publisher
    banner: str
    disclaimer_top: str
    disclaimer_bottom: str
    cta: CallToAction
    report_problem: str  # an address template: {url} and {title} filled in per page
    link_check: LinkCheck = LinkCheck()
    editorial: EditorialPolicy = EditorialPolicy()
    listing: ListingPolicy = ListingPolicy()
    search: SearchSettings = SearchSettings()


class Source(NamedTuple):
    """A cited source (a named tuple: immutable like the rest, and cheap to make by the
    thousand when a large site is loaded from the cache)."""

    title: str
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    publisher: str | None = None
    year: int | None = None
    id: str | None = None  # the key of inline citations, [@id]

    @property
    def link(self) -> str:
        """Where the source is read: its URL, else its DOI or PubMed resolver address."""
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"


class Block(NamedTuple):
    """A block of an answer's text, for the editorial checks: its kind (paragraph, item,
    heading, cell), the file line it starts on, its Markdown source (citation markers
    included) and its plain text."""

    kind: str
    line: int
    source: str
    text: str


class Heading(NamedTuple):
    """A heading of an answer (a named tuple, like `Source`)."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Rendered:
    """An answer's Markdown turned into HTML, with what other pages need from it."""

    html: str
    first_paragraph: str
    headings: tuple[Heading, ...]
    links: tuple[str, ...]
    blocks: tuple[Block, ...] = ()  # the text by block, while parsing only (not cached)


@dataclass(frozen=True)
class Question:
    slug: str
    path: str
    title: str
    cancer_type: str
    date: dt.date
    sources: tuple[Source, ...]
    body: Rendered
    summary: str | None = None
    updated: dt.date | None = None
    last_reviewed: dt.date | None = None
    next_review: dt.date | None = None
    reviewed_by: str | None = None
    drafting: str | None = None  # ai-assisted or human
    readability_note: str | None = None
    grade: float | None = None  # Flesch-Kincaid reading grade of the prose
    cited: tuple[str, ...] = ()  # ids of the sources cited inline, in order of first use
    author: str | None = None
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    biomarkers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    draft: bool = False
    lines: dict = field(default_factory=dict, compare=False, repr=False)
    digest: str = field(default="", compare=False, repr=False)  # of the file, for the cache
    questions_for: str | None = None  # doctor: readers who may not have a diagnosis

    @property
    def url(self) -> str:
        return f"/questions/{self.slug}/"

    @property
    def modified(self) -> dt.date:
        """The latest of published, updated and last reviewed."""
        return max(d for d in (self.date, self.updated, self.last_reviewed) if d)


@dataclass(frozen=True)
class Page:
    slug: str
    path: str
    title: str
    description: str | None
    body: Rendered

    @property
    def url(self) -> str:
        return f"/{self.slug}/"


@dataclass(frozen=True)
class GlossaryTerm:
    """A medical word in plain language, with its source and its other names."""

    term: str
    slug: str
    definition: str
    aliases: tuple[str, ...]
    misspellings: tuple[str, ...]
    source_title: str
    source_url: str
    line: int = field(default=0, compare=False)
    index: int = field(default=0, compare=False)

    @property
    def url(self) -> str:
        return f"/glossary/#{self.slug}"


@dataclass(frozen=True)
class Content:
    """Everything loaded from content/, checked and in a fixed order."""

    site: SiteConfig
    cancer_types: dict[str, CancerType]
    reviewers: dict[str, Reviewer]
    questions: tuple[Question, ...]
    pages: tuple[Page, ...]
    warnings: tuple = ()
    glossary: tuple[GlossaryTerm, ...] = ()
