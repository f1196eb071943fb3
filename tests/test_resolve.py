"""Resolving links between pages: related questions, excerpts, the type tree, redirects."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from qasite.content.errors import ContentError
from qasite.content.model import (
    CallToAction,
    CancerType,
    Content,
    Publisher,
    Question,
    Rendered,
    Service,
    SiteConfig,
    Source,
)
from qasite.site import resolve
from qasite.site.related import RELATED_COUNT

SITE = SiteConfig(
    title="T",
    base_url="https://t.example.org",
    language="en",
    description="D.",
    publisher=Publisher("P", "https://t.example.org/"),
    banner="B",
    disclaimer_top="Top.",
    disclaimer_bottom="Bottom.",
    cta=CallToAction("H", "T.", "L", "https://help.example.org/", "S", "1-800-555-0100"),
    report_problem="https://help.example.org/report?page={url}",
)
HELP = Service("Help", "Helps.", "https://help.example.org/")
TYPES = {
    t.slug: t
    for t in (
        CancerType("breast", "Breast cancer", None, "B.", (HELP,)),
        CancerType("her2-low", "HER2-low breast cancer", "breast", "H.", ()),
        CancerType("tnbc", "Triple-negative breast cancer", "breast", "T.", ()),
        CancerType("lung", "Lung cancer", None, "L.", ()),
        CancerType("nsclc", "Non-small cell lung cancer", "lung", "N.", ()),
    )
}


def make(slug: str, kind: str = "her2-low", day: int = 1, **keys) -> Question:
    body = keys.pop("body", f"First paragraph of {slug}.")
    links = keys.pop("links", ())
    return Question(
        slug=slug,
        path=f"content/questions/{slug}.md",
        title=keys.pop("title", slug),
        cancer_type=kind,
        date=dt.date(2026, 1, day),
        sources=(Source("S", url="https://s.example.org/"),),
        body=Rendered(f"<p>{body}</p>", body, (), tuple(links)),
        **keys,
    )


def site_of(*questions: Question, production: bool = True) -> resolve.Site:
    content = Content(
        site=SITE,
        cancer_types=TYPES,
        reviewers={},
        questions=tuple(sorted(questions, key=lambda q: q.slug)),
        pages=(),
    )
    return resolve.resolve(content, production)


def related(site: resolve.Site, slug: str) -> list[str]:
    return [q.slug for q in site.related[slug]]


# -- related questions -----------------------------------------------------------------------


def test_explicit_related_questions_come_first_in_their_order():
    site = site_of(make("a", related=("z-lung", "c")), make("b"), make("c"), make("z-lung", "lung"))
    assert related(site, "a")[:2] == ["z-lung", "c"]


def test_related_questions_are_filled_to_five():
    site = site_of(*(make(f"q{n}", day=n + 1) for n in range(8)))
    assert len(site.related["q0"]) == RELATED_COUNT == 5


def test_related_questions_never_include_the_page_itself():
    site = site_of(*(make(f"q{n}", day=1) for n in range(7)))
    for slug, items in site.related.items():
        assert slug not in [q.slug for q in items]
        assert len({q.slug for q in items}) == len(items)


def test_same_type_fills_first_newest_then_by_slug():
    site = site_of(
        make("me", day=1),
        make("old", day=2),
        make("new", day=9),
        make("tie-b", day=5),
        make("tie-a", day=5),
        make("other-type", "tnbc", day=20),
    )
    assert related(site, "me") == ["new", "tie-a", "tie-b", "old", "other-type"]


def test_shared_tags_and_biomarkers_rank_first_within_the_type():
    site = site_of(
        make("me", tags=("testing",), biomarkers=("HER2",)),
        make("newest", day=20),
        make("one-shared", day=2, tags=("testing",)),
        make("both-shared", day=3, tags=("testing",), biomarkers=("her2",)),
    )
    assert related(site, "me") == ["both-shared", "one-shared", "newest"]


def test_other_types_sharing_topics_come_before_near_types():
    site = site_of(
        make("me", tags=("trials",)),
        make("sibling", "tnbc", day=9),
        make("far-shared", "lung", day=2, tags=("trials",)),
        make("parent", "breast", day=3),
    )
    assert related(site, "me") == ["far-shared", "sibling", "parent"]  # near ones newest first


def test_unrelated_far_types_are_not_used_to_fill():
    site = site_of(make("me"), make("far", "lung"), make("farther", "nsclc"))
    assert related(site, "me") == []


def test_subtypes_are_near_to_their_parent():
    site = site_of(make("general", "breast"), make("sub", "her2-low"), make("lung-q", "lung"))
    assert related(site, "general") == ["sub"]
    assert related(site, "sub") == ["general"]


def test_explicit_list_longer_than_five_is_kept_whole():
    names = tuple(f"q{n}" for n in range(6))
    site = site_of(make("me", related=names), *(make(n) for n in names), make("extra", day=9))
    assert related(site, "me") == list(names)


def test_related_order_does_not_depend_on_input_order():
    questions = [make(f"q{n}", day=n % 3 + 1, tags=("t",) if n % 2 else ()) for n in range(9)]
    first = site_of(*questions)
    again = resolve.resolve(
        Content(
            site=SITE,
            cancer_types=TYPES,
            reviewers={},
            questions=tuple(reversed(questions)),
            pages=(),
        )
    )
    assert {k: related(first, k) for k in first.related} == {
        k: related(again, k) for k in again.related
    }


@pytest.mark.parametrize("topics_each", [(0, 3), (2, 6), (5, 12)])
def test_within_a_type_most_shared_topics_then_newest_rank_first(topics_each):
    """The index of shared topics picks what counting every pair of questions would pick,
    however many topics each question has (a few, or more than the index goes deep)."""
    rng = random.Random(sum(topics_each))
    tags = [f"t{n}" for n in range(8)]
    markers = ["HER2", "ER", "PR", "BRCA1", "PD-L1"]
    questions = []
    for n in range(300):
        low, high = topics_each
        mine = rng.sample(tags + markers, rng.randint(low, min(high, len(tags + markers))))
        questions.append(
            make(
                f"q{n:03d}",
                kind=rng.choice(["her2-low", "tnbc", "nsclc"]),
                day=rng.randint(1, 28),
                tags=tuple(t for t in mine if t in tags),
                biomarkers=tuple(m for m in mine if m in markers),
            )
        )
    site = site_of(*questions)
    order = sorted(questions, key=lambda q: (-q.date.toordinal(), q.slug))
    topics = {q.slug: set(q.tags) | {m.lower() for m in q.biomarkers} for q in questions}
    for q in questions:
        shared = sorted(
            (-len(topics[q.slug] & topics[c.slug]), i, c.slug)
            for i, c in enumerate(order)
            if c.cancer_type == q.cancer_type and c.slug != q.slug
        )
        expected = [slug for _, _, slug in shared[:5]]  # ties, then sharing none: by date
        assert related(site, q.slug) == expected, q.slug


def test_drafts_are_not_related_in_production_but_are_in_previews():
    questions = (make("me", related=("draft",)), make("draft", draft=True), make("other"))
    assert related(site_of(*questions), "me") == ["other"]
    assert related(site_of(*questions, production=False), "me") == ["draft", "other"]


def test_related_naming_a_missing_question_is_an_error():
    with pytest.raises(ContentError) as info:
        site_of(make("me", related=("nope", "othr"), lines={("related", 1): 7}), make("other"))
    assert [str(p) for p in info.value.problems] == [
        "content/questions/me.md:1: related: no question 'nope'",
        "content/questions/me.md:7: related: no question 'othr' (did you mean 'other'?)",
    ]


# -- excerpts --------------------------------------------------------------------------------


def test_short_text_is_its_own_excerpt():
    assert resolve.excerpt("  A short\n answer.  ") == "A short answer."


def test_long_text_is_cut_at_a_word_boundary_with_an_ellipsis():
    text = (
        "HER2-low means your cancer cells carry a small amount of the HER2 protein, and if "
        "the cancer is advanced it can make you eligible for a newer drug called trastuzumab "
        "deruxtecan."
    )
    cut = resolve.excerpt(text)
    assert cut.endswith("…")
    assert len(cut) <= resolve.EXCERPT_CHARS + 1
    assert len(cut) > resolve.EXCERPT_CHARS - 20
    assert text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " "  # cut between words, never inside one


def test_excerpt_drops_punctuation_before_the_ellipsis():
    text = "word " * 30 + "end, " + "more " * 20
    cut = resolve.excerpt(text, limit=155)
    assert cut.endswith("end…")


def test_one_very_long_word_is_cut_at_the_limit():
    cut = resolve.excerpt("x" * 400)
    assert cut == "x" * resolve.EXCERPT_CHARS + "…"


def test_excerpt_of_exactly_the_limit_is_not_cut():
    text = ("abcd " * 40)[: resolve.EXCERPT_CHARS]
    assert resolve.excerpt(text) == text.strip()


def test_excerpt_comes_from_the_summary_else_the_first_paragraph():
    site = site_of(make("with", summary="The summary."), make("without", body="The body."))
    assert site.excerpts == {"with": "The summary.", "without": "The body."}


# -- the tree, lists and redirects -----------------------------------------------------------


def test_type_tree_ancestors_children_and_inherited_services():
    site = site_of(make("a"))
    assert [t.slug for t in site.ancestors["her2-low"]] == ["breast"]
    assert site.ancestors["breast"] == ()
    assert [t.slug for t in site.roots] == ["breast", "lung"]
    assert [t.slug for t in site.children["breast"]] == ["her2-low", "tnbc"]
    assert site.services["her2-low"] == (HELP,)
    assert site.services["nsclc"] == ()


def test_type_lists_hold_the_questions_of_their_subtypes_by_title():
    site = site_of(
        make("a", "her2-low", title="Zebra?"),
        make("b", "breast", title="apple?"),
        make("c", "tnbc", title="Mango?"),
        make("d", "lung"),
    )
    assert [q.slug for q in site.type_questions["breast"]] == ["b", "c", "a"]
    assert [q.slug for q in site.type_questions["her2-low"]] == ["a"]
    assert site.type_questions["nsclc"] == ()


def test_newest_are_by_date_then_slug_and_capped():
    site = site_of(*(make(f"q{n}", day=n % 5 + 1) for n in range(12)))
    newest = [q.slug for q in site.newest]
    assert len(newest) == resolve.NEWEST_COUNT
    assert newest[:3] == ["q4", "q9", "q3"]


def test_aliases_become_sorted_redirects_except_for_drafts():
    site = site_of(
        make("b", aliases=("/old-b/",)),
        make("a", aliases=("/z/", "/old-a.html")),
        make("d", aliases=("/old-draft/",), draft=True),
    )
    assert site.redirects == (
        ("/old-a.html", "/questions/a/"),
        ("/old-b/", "/questions/b/"),
        ("/z/", "/questions/a/"),
    )


def test_question_nobody_links_to_is_a_warning():
    site = site_of(
        make("a", related=("b",)),
        make("b", links=("/questions/c/#why",)),
        make("c"),
        make("lonely"),
    )
    warned = [(p.path, p.warning) for p in site.warnings]
    assert warned == [("content/questions/a.md", True), ("content/questions/lonely.md", True)]
