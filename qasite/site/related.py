"""Related questions: those a question names first, then the nearest: same type, most
biomarkers and tags shared, then parent, sibling and child types; newest first, then by slug."""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter, defaultdict
from itertools import combinations, islice
from math import comb

from ..content.model import Question

RELATED_COUNT = 5


def _topics(q: Question) -> set[str]:
    return {f"t:{t}" for t in q.tags} | {f"b:{b.lower()}" for b in q.biomarkers}


def _near_types(kind: str, types, children) -> set[str]:
    """The parent, the siblings and the children of a cancer type."""
    parent = types[kind].parent
    near = {t.slug for t in children.get(kind, ())}
    if parent:
        near |= {parent} | {t.slug for t in children.get(parent, ())}
    near.discard(kind)
    return near


def _related(questions: tuple[Question, ...], types, children) -> dict[str, tuple[Question, ...]]:
    """Explicit `related` first, then the nearest: same type, most biomarkers and tags shared,
    then parent, sibling and child types; newest first, then by slug, on a tie."""
    order = sorted(questions, key=lambda q: (-q.date.toordinal(), q.slug))
    position = {q.slug: i for i, q in enumerate(order)}
    by_type: dict[str, list[Question]] = defaultdict(list)
    by_topic: dict[str, list[Question]] = defaultdict(list)
    topics = {}
    for q in order:
        by_type[q.cancer_type].append(q)
        topics[q.slug] = _topics(q)
        for topic in topics[q.slug]:
            by_topic[topic].append(q)
    sharing = _Sharing(order, topics)
    related = {}
    for q in questions:
        chosen = [order[position[s]] for s in dict.fromkeys(q.related) if s in position]
        need = RELATED_COUNT - len(chosen)
        exclude = {q.slug, *(c.slug for c in chosen)}
        ranked = sharing.most_shared(
            position[q.slug], q.cancer_type, {position[s] for s in exclude}, need
        )
        picked = [order[p] for p in ranked]
        taken = exclude | {p.slug for p in picked}
        for c in by_type[q.cancer_type]:  # the newest of the type that share nothing
            if len(picked) >= need:
                break
            if c.slug not in taken:
                picked.append(c)
                taken.add(c.slug)
        if len(picked) < need:  # a small type: look at other types
            near = _near_types(q.cancer_type, types, children)
            pool = {c.slug: c for topic in topics[q.slug] for c in by_topic[topic]}
            pool.update((c.slug, c) for t in sorted(near) for c in by_type[t])
            mine = topics[q.slug]

            def rank(c: Question, mine=mine, near=near):
                return (-len(mine & topics[c.slug]), c.cancer_type not in near, position[c.slug])

            others = [c for s, c in pool.items() if s not in taken]
            picked += heapq.nsmallest(need - len(picked), others, key=rank)
        related[q.slug] = tuple(chosen + picked)
    return related


class _Sharing:
    """The questions of a type that share topics with a question, most topics first, then
    newest first, found without counting through every question that shares one: an index
    of each type's questions (by position, newest first) under every set of up to ``depth``
    of their topics. The questions that share ``c`` topics are those listed under one of its
    sets of ``c`` topics and not found before with more: the first few of those lists, merged,
    are the answer, a few steps however large the type. ``depth`` is the largest that keeps
    the index within `BUDGET` entries a question (at least single topics: all of them)."""

    BUDGET = 64

    def __init__(self, order: list[Question], topics: dict[str, set[str]]):
        self.sorted = [tuple(sorted(topics[q.slug])) for q in order]
        self.depth = 1
        widths = Counter(map(len, self.sorted))
        for depth in range(2, max(widths, default=0) + 1):
            entries = sum(
                count * sum(comb(width, size) for size in range(1, min(width, depth) + 1))
                for width, count in widths.items()
            )
            if entries > self.BUDGET * len(order):
                break
            self.depth = depth
        self.index: dict[tuple, list[int]] = defaultdict(list)
        for p, (q, mine) in enumerate(zip(order, self.sorted, strict=True)):
            for size in range(1, min(len(mine), self.depth) + 1):
                for subset in combinations(mine, size):
                    self.index[(q.cancer_type, subset)].append(p)

    def most_shared(self, p: int, kind: str, exclude: set[int], need: int) -> list[int]:
        """Positions of up to ``need`` questions of type ``kind`` that share topics with the
        question at position ``p``, by most shared, then position; none of ``exclude``."""
        mine = self.sorted[p]
        if need <= 0 or not mine:
            return []
        top = min(len(mine), self.depth)
        lists = [self.index.get((kind, s), ()) for s in combinations(mine, top)]
        if len(mine) == top:  # one list: those that share all of the question's topics
            found = list(islice((p for p in lists[0] if p not in exclude), need))
        else:  # those that share ``top`` or more: one that shares c is in comb(c, top) lists
            counts: Counter[int] = Counter()
            for listed in lists:
                counts.update(listed)
            ranked = [(-n << 32) | p for p, n in counts.items() if p not in exclude]
            found = [key & 0xFFFFFFFF for key in heapq.nsmallest(need, ranked)]
        taken = set(found)
        for size in range(top - 1, 0, -1):
            if len(found) >= need:
                break
            merged = heapq.merge(*(self.index.get((kind, s), ()) for s in combinations(mine, size)))
            for p in merged:
                if p not in exclude and p not in taken:
                    found.append(p)
                    taken.add(p)
                    if len(found) >= need:
                        break
        return found


def _related_inputs(questions: tuple[Question, ...], types) -> str:
    """A digest of all that related questions are chosen from (not the answers' text)."""
    return hashlib.sha256(
        repr(
            (
                sorted((t.slug, t.parent) for t in types.values()),
                [
                    (q.slug, q.cancer_type, q.date, q.tags, q.biomarkers, q.related)
                    for q in questions
                ],
            )
        ).encode()
    ).hexdigest()


def related_questions(questions, types, children, memo=None) -> dict[str, tuple[Question, ...]]:
    """`_related`, remembered in ``memo`` (a `cache.Cache`, or None) by its inputs: editing an
    answer's text, the commonest change, does not work them out again."""
    if memo is None:
        return _related(questions, types, children)
    key = _related_inputs(questions, types)
    known = memo.get("related", key)
    by_slug = {q.slug: q for q in questions}
    if isinstance(known, dict) and known.keys() == by_slug.keys():
        try:
            return {slug: tuple(by_slug[s] for s in known[slug]) for slug in by_slug}
        except (KeyError, TypeError):
            pass
    related = _related(questions, types, children)
    memo.put("related", key, {slug: [r.slug for r in rs] for slug, rs in related.items()})
    return related
