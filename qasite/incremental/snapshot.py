"""The last run's parsed questions, kept in `.cache/` so that a rebuild parses only the files
that changed.

One snapshot per content folder, in shards (an edit rewrites one or two, never the whole):

- records: for each file, its size, modification time and content key (a digest of its bytes,
  its path and the generator); for each key, the parsed question without its HTML, by position
  in `Question`'s field order, its sources, headings and line map kept as JSON text until read
  (a build reads those of the pages it renders, not those of every question);
- bodies: each answer's HTML by key, read when a page shows it.

A file whose size and time are unchanged is taken from the records unread; a file whose bytes
are those of a record (saved again, checked out anew) too. A damaged or missing shard only means
that its files are parsed again. An answer whose HTML is missing from its shard raises `Lost`:
the build then starts over without the snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..content.errors import Problem
from ..content.model import Heading, Question, Rendered, Source
from .cache import Cache

KIND = "snapshot"
RECORD_SHARDS = 16
BODY_SHARDS = 128  # a rebuild reads the bodies of the few pages it renders: small shards


class Lost(LookupError):
    """The cache lost the HTML of an answer its records list."""


def _shard(key: str, shards: int) -> int:
    return zlib.crc32(key.encode()) % shards


def _text(items: list) -> str:
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def question_record(q: Question, warnings: list[Problem]) -> list:
    """A question, without its HTML, as JSON data: dates as ISO text, sources, headings and
    the line map (only the lines later stages name) as JSON text, warnings as lists."""
    body = q.body
    lines = [[list(k), n] for k, n in q.lines.items() if len(k) <= 1 or k[0] in LINED]
    return [
        [
            q.slug,
            q.path,
            q.title,
            q.cancer_type,
            q.date.isoformat(),
            _text([list(s) for s in q.sources]),
            [None, body.first_paragraph, _text([list(h) for h in body.headings]), list(body.links)],
            q.summary,
            q.updated.isoformat() if q.updated else None,
            q.last_reviewed.isoformat() if q.last_reviewed else None,
            q.next_review.isoformat() if q.next_review else None,
            q.reviewed_by,
            q.drafting,
            q.readability_note,
            q.grade,
            list(q.cited),
            q.author,
            list(q.related),
            list(q.tags),
            list(q.biomarkers),
            list(q.aliases),
            q.draft,
            _text(lines),
            q.digest,
            q.questions_for,
        ],
        [[p.path, p.line, p.field, p.message, p.hint, p.warning] for p in warnings],
    ]


LINED = ("related", "aliases", "sources")  # lists whose items later stages name by line


class Deferred(Sequence):
    """A tuple kept as JSON text until first read, each item made by ``make``."""

    __slots__ = ("_items", "_make", "_text")

    def __init__(self, text: str, make):
        self._text, self._make, self._items = text, make, None

    def _tuple(self) -> tuple:
        if self._items is None:
            self._items = tuple(map(self._make, json.loads(self._text)))
        return self._items

    def __getitem__(self, index):
        return self._tuple()[index]

    def __len__(self) -> int:
        return len(self._tuple())

    def __iter__(self):
        return iter(self._tuple())

    def __eq__(self, other) -> bool:
        return self._tuple() == (tuple(other) if isinstance(other, Sequence) else other)

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __repr__(self) -> str:
        return repr(self._tuple())


class DeferredLines(Mapping):
    """A question's line map kept as JSON text until a problem needs a line."""

    __slots__ = ("_lines", "_text")

    def __init__(self, text: str):
        self._text, self._lines = text, None

    def _dict(self) -> dict:
        if self._lines is None:
            self._lines = {tuple(key): line for key, line in json.loads(self._text)}
        return self._lines

    def __getitem__(self, key):
        return self._dict()[key]

    def __iter__(self):
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())


class Bodies:
    """The answers' HTML of a snapshot, a shard read when one of its answers is first shown."""

    def __init__(self, store: Cache, name: str):
        self.store, self.name, self._shards = store, name, {}

    def _name(self, number: int) -> str:
        return f"{self.name}-b{number:02x}"

    def html(self, key: str) -> str:
        number = _shard(key, BODY_SHARDS)
        if number not in self._shards:
            shard = self.store.get(KIND, self._name(number))
            self._shards[number] = shard if isinstance(shard, dict) else {}
        html = self._shards[number].get(key)
        if not isinstance(html, str):
            raise Lost(f"the build cache lost the answer {key}")
        return html

    def save(self, answers: dict[str, object], before: set[str]) -> None:
        """Store the shards whose set of answers is not the one stored (``before``)."""
        now: list[dict] = [{} for _ in range(BODY_SHARDS)]
        then: list[set] = [set() for _ in range(BODY_SHARDS)]
        for key, html in answers.items():
            now[_shard(key, BODY_SHARDS)][key] = html
        for key in before:
            then[_shard(key, BODY_SHARDS)].add(key)
        for number, shard in enumerate(now):
            if shard.keys() != then[number]:
                data = {key: str(html) for key, html in shard.items()}  # str() reads old ones
                self.store.put(KIND, self._name(number), data)


class StoredHTML:
    """An answer's HTML left in the cache until a page shows it (Jinja reads ``__html__``)."""

    __slots__ = ("bodies", "key")

    def __init__(self, bodies: Bodies, key: str):
        self.bodies, self.key = bodies, key

    def __html__(self) -> str:
        return self.bodies.html(self.key)

    __str__ = __html__

    def __eq__(self, other) -> bool:
        return isinstance(other, StoredHTML) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


_day = dt.date.fromisoformat


def question_from(record: list, html) -> tuple[Question, list[Problem]]:
    """The inverse of `question_record`, with the answer's ``html``; raises KeyError,
    TypeError or ValueError on a malformed record."""
    values, warnings = record
    (slug, path, title, kind, date, sources, body, summary, updated, reviewed, next_review,
     reviewer, drafting, readability_note, grade, cited, author, related, tags, biomarkers,
     aliases, draft, lines, digest, questions_for) = values  # fmt: skip
    _, first_paragraph, headings, links = body
    if not all(isinstance(text, str) for text in (sources, headings, lines)):
        raise TypeError("a record of another shape")
    question = Question(
        slug,
        path,
        title,
        kind,
        _day(date),
        Deferred(sources, Source._make),
        Rendered(html, first_paragraph, Deferred(headings, Heading._make), tuple(links)),
        summary,
        _day(updated) if updated else None,
        _day(reviewed) if reviewed else None,
        _day(next_review) if next_review else None,
        reviewer,
        drafting,
        readability_note,
        grade,
        tuple(cited),
        author,
        tuple(related),
        tuple(tags),
        tuple(biomarkers),
        tuple(aliases),
        draft,
        DeferredLines(lines),
        digest,
        questions_for,
    )
    return question, [Problem(*p) for p in warnings]


@dataclass
class Snapshot:
    """The snapshot of one content folder as the last run left it."""

    store: Cache
    name: str
    files: dict = field(default_factory=dict)  # shown path -> [size, mtime_ns, key]
    records: dict = field(default_factory=dict)  # key -> record
    shards: list = field(default_factory=list)  # (files, record keys) of each shard as read
    bodies: Bodies | None = None

    def question(self, key: str):
        """(question, warnings, None) of a key, or None if there is no good record of it."""
        record = self.records.get(key) if isinstance(key, str) else None
        if record is None:
            return None
        try:
            question, warnings = question_from(record, StoredHTML(self.bodies, key))
        except (KeyError, TypeError, ValueError):
            return None
        return question, warnings, None


def read(store: Cache, name: str) -> Snapshot:
    snapshot = Snapshot(store, name, bodies=Bodies(store, name))
    for number in range(RECORD_SHARDS):
        shard = store.get(KIND, f"{name}-r{number:x}")
        try:
            files, records = dict(shard["files"]), dict(shard["records"])
        except (KeyError, TypeError, ValueError):
            files, records = {}, {}
        snapshot.files.update(files)
        snapshot.records.update(records)
        snapshot.shards.append((files, records.keys()))
    return snapshot


def save(last: Snapshot, files: dict, results: list, fresh: dict) -> None:
    """Store the shards that differ from the ``last`` snapshot: ``files`` as `Snapshot.files`,
    ``results`` the (question, warnings, references) of each file, question None if invalid,
    ``fresh`` the records of the questions parsed now. Bodies first: records never name an
    answer the cache does not hold."""
    records, answers = {}, {}
    for q, _, _ in results:
        if q is not None:
            records[q.digest] = fresh.get(q.digest) or last.records[q.digest]
            answers[q.digest] = q.body.html
    last.bodies.save(answers, set(last.records))
    new: list[tuple[dict, dict]] = [({}, {}) for _ in range(RECORD_SHARDS)]
    for shown, known in files.items():
        new[_shard(known[2], RECORD_SHARDS)][0][shown] = known
    for key, record in records.items():
        new[_shard(key, RECORD_SHARDS)][1][key] = record
    for number, ((files_now, records_now), (files_then, keys_then)) in enumerate(
        zip(new, last.shards, strict=True)
    ):
        if files_now != files_then or records_now.keys() != keys_then:
            shard = {"files": files_now, "records": records_now}
            last.store.put(KIND, f"{last.name}-r{number:x}", shard)
