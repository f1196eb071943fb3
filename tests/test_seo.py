"""What search engines and feed readers read: JSON-LD, heads, sitemap, robots.txt, Atom feeds."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from publish_support import BASE, QUESTIONS, REPO, Head, make_site, question, rendered

from qasite.content.errors import ContentError

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("seo"))
    return rendered(root)


@pytest.fixture(scope="module")
def shipped():
    return rendered(REPO)


def heads(files) -> dict[str, Head]:
    return {path: Head(data) for path, data in files.items() if path.endswith(".html")}


def test_question_json_ld_carries_the_front_matter(tiny):
    site, files = tiny
    for q in site.questions:
        page = Head(files[f"questions/{q.slug}/index.html"])
        ld = page.ld("MedicalWebPage")
        assert ld["@context"] == "https://schema.org"
        assert ld["name"] == ld["headline"] == q.title
        assert ld["description"] == (q.summary or site.excerpts[q.slug])
        assert ld["url"] == f"{BASE}/questions/{q.slug}/"
        assert ld["datePublished"] == q.date.isoformat()
        assert ld["dateModified"] == (q.updated or q.date).isoformat()
        assert ld.get("lastReviewed") == (q.last_reviewed and q.last_reviewed.isoformat())
        assert ld["about"] == {
            "@type": "MedicalCondition",
            "name": site.content.cancer_types[q.cancer_type].name,
        }
        assert ld["audience"]["audienceType"] == "Patient"
        assert ld["publisher"] == {
            "@type": "Organization",
            "name": "Tiny team",
            "url": f"{BASE}/about/",
        }
        assert [c["name"] for c in ld["citation"]] == [s.title for s in q.sources]
        assert [c["url"] for c in ld["citation"]] == [s.link for s in q.sources]
        if q.reviewed_by is None:
            assert "reviewedBy" not in ld


def test_only_a_clinical_reviewer_is_named_as_reviewed_by(tiny):
    _, files = tiny
    her2 = Head(files["questions/what-is-her2-low/index.html"]).ld("MedicalWebPage")
    assert her2["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Ana Rivera",
        "hasCredential": {
            "@type": "EducationalOccupationalCredential",
            "name": "MD, medical oncologist",
        },
    }
    assert her2["author"] == {"@type": "Person", "name": "Dr Ana Rivera"}
    screening = Head(files["questions/breast-screening/index.html"]).ld("MedicalWebPage")
    assert "reviewedBy" not in screening  # an editorial source check is not a medical review
    assert screening["lastReviewed"]
    assert "author" not in screening


def test_citation_gives_the_doi_of_a_source(tiny):
    _, files = tiny
    ld = Head(files["questions/what-is-her2-low/index.html"]).ld("MedicalWebPage")
    article = ld["citation"][1]
    assert article["@type"] == "ScholarlyArticle"
    assert article["url"] == "https://doi.org/10.1056/NEJMoa2203690"
    assert article["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1056/NEJMoa2203690"}
    ]
    assert article["datePublished"] == "2022"


def test_breadcrumb_list_matches_the_visible_breadcrumbs(tiny):
    _, files = tiny
    for path in (
        "questions/what-is-her2-low/index.html",
        "cancer-types/her2-low-breast-cancer/index.html",
    ):
        page = Head(files[path])
        items = page.ld("BreadcrumbList")["itemListElement"]
        assert [(i["name"], i["item"]) for i in items] == [
            (name, BASE + href) for name, href in page.crumbs
        ]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert len(items) == 3


def test_hub_is_a_collection_page_of_its_questions_and_subtypes(tiny):
    _, files = tiny
    ld = Head(files["cancer-types/breast-cancer/index.html"]).ld("CollectionPage")
    assert ld["about"] == {"@type": "MedicalCondition", "name": "Breast cancer"}
    urls = [i["url"] for i in ld["mainEntity"]["itemListElement"]]
    assert sorted(urls) == [
        f"{BASE}/questions/breast-screening/",
        f"{BASE}/questions/what-is-her2-low/",
    ]


def test_home_is_a_website_with_a_search_action(tiny):
    _, files = tiny
    ld = Head(files["index.html"]).ld("WebSite")
    assert ld["url"] == f"{BASE}/"
    action = ld["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{BASE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"


def test_every_json_ld_block_of_the_shipped_site_parses(shipped):
    site, files = shipped
    pages = heads(files)
    for path, page in pages.items():
        for block in page.json_ld:
            assert block["@context"] == "https://schema.org", path
    questions = [
        p for p in pages.values() if any(d["@type"] == "MedicalWebPage" for d in p.json_ld)
    ]
    assert len(questions) == len(site.questions)


def test_title_cannot_close_the_json_ld_script(tmp_path):
    text = question(
        "Is </script><script>alert(1)</script> & <b> safe?",
        "lung-cancer",
        "Yes.\n",
        summary='"A summary."',
    )
    _, files = rendered(make_site(tmp_path, {"odd": text}))
    html = files["questions/odd/index.html"].decode()
    assert "<script>alert(1)" not in html
    ld = Head(files["questions/odd/index.html"]).ld("MedicalWebPage")
    assert ld["name"] == "Is </script><script>alert(1)</script> & <b> safe?"


def test_every_page_has_a_lang_title_description_and_social_tags(tiny):
    _, files = tiny
    for path, page in heads(files).items():
        assert page.lang == "en", path
        assert page.title and page.meta["description"], path
        for key in ("og:title", "og:description", "og:type", "twitter:card"):
            assert page.meta[key], (path, key)
    q = Head(files["questions/what-is-her2-low/index.html"])
    assert q.title == "What is HER2-low? | Tiny Answers"
    assert q.meta["og:type"] == "article"
    assert q.meta["og:url"] == f"{BASE}/questions/what-is-her2-low/"
    assert q.meta["article:modified_time"] == "2026-06-10"


def test_canonical_is_the_absolute_page_address_and_404_has_none(tiny):
    _, files = tiny
    for path, page in heads(files).items():
        canonical = [link["href"] for link in page.links if link["rel"] == "canonical"]
        if path in ("404.html", "search/index.html"):
            assert canonical == [] and page.meta["robots"] == "noindex"
        else:
            url = "/" + path.removesuffix("index.html")
            assert canonical == [BASE + url] and "robots" not in page.meta


def test_titles_and_descriptions_are_unique_on_the_shipped_site(shipped):
    _, files = shipped
    indexed = {p: h for p, h in heads(files).items() if "robots" not in h.meta}
    titles = [h.title for h in indexed.values()]
    descriptions = [h.meta["description"] for h in indexed.values()]
    assert len(set(titles)) == len(titles) == len(indexed) > 20
    assert len(set(descriptions)) == len(descriptions)


def test_a_second_question_with_the_same_title_is_an_error(tmp_path):
    copy = QUESTIONS["lung-screening"].replace("lung screening?", "breast screening done?", 1)
    copy = copy.replace("Who should get", "When is", 1).replace("date:", 'summary: "New."\ndate:')
    root = make_site(tmp_path, {**QUESTIONS, "copy": copy})
    with pytest.raises(ContentError) as caught:
        rendered(root)
    (problem,) = caught.value.problems
    assert problem.path.endswith("copy.md") and problem.line == 2 and problem.field == "title"
    assert "/questions/breast-screening/" in problem.message


def test_sitemap_lists_each_public_page_once_with_its_latest_date(tiny):
    site, files = tiny
    root = ET.fromstring(files["sitemap.xml"])
    entries = [(u.findtext(f"{SM}loc"), u.findtext(f"{SM}lastmod")) for u in root]
    locs = [loc for loc, _ in entries]
    assert len(locs) == len(set(locs))
    expected = {
        "/",
        "/questions/",
        "/about/",
        *(q.url for q in site.questions),
        *(t.url for t in site.content.cancer_types.values()),
        *(
            f"{t.url}questions-to-ask/"
            for t in site.content.cancer_types.values()
            if site.type_questions[t.slug]
        ),
    }
    assert set(locs) == {BASE + url for url in expected}
    lastmod = dict(entries)
    assert lastmod[f"{BASE}/questions/what-is-her2-low/"] == "2026-07-01"  # last reviewed
    assert lastmod[f"{BASE}/questions/breast-screening/"] == "2026-05-20"
    assert lastmod[f"{BASE}/questions/lung-screening/"] == "2026-06-15"  # published only
    assert lastmod[f"{BASE}/cancer-types/breast-cancer/"] == "2026-07-01"  # its subtype's
    assert lastmod[f"{BASE}/"] == "2026-07-01"
    assert lastmod[f"{BASE}/about/"] is None


def test_robots_txt_names_the_sitemap(tiny):
    _, files = tiny
    text = files["robots.txt"].decode()
    assert "User-agent: *" in text
    assert f"Sitemap: {BASE}/sitemap.xml" in text.splitlines()


def feed_entries(data: bytes) -> tuple[ET.Element, list[dict]]:
    root = ET.fromstring(data)
    return root, [
        {
            "id": e.findtext(f"{ATOM}id"),
            "title": e.findtext(f"{ATOM}title"),
            "published": e.findtext(f"{ATOM}published"),
            "link": e.find(f"{ATOM}link").get("href"),
        }
        for e in root.iter(f"{ATOM}entry")
    ]


def test_site_feed_is_atom_with_absolute_addresses_newest_first(tiny):
    _, files = tiny
    root, entries = feed_entries(files["feed.xml"])
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") == f"{BASE}/feed.xml"
    assert root.findtext(f"{ATOM}updated") == "2026-07-01T00:00:00Z"
    assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Tiny team"
    assert [e["title"] for e in entries] == [
        "Who should get lung screening?",
        "What is HER2-low?",
        "When is breast screening done?",
    ]
    published = [e["published"] for e in entries]
    assert published == sorted(published, reverse=True)
    hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith(BASE + "/") for h in hrefs)
    assert all(e["id"] == e["link"] for e in entries)


def test_each_cancer_type_has_a_feed_of_its_and_its_subtypes_questions(tiny):
    site, files = tiny
    for kind in site.content.cancer_types.values():
        _, entries = feed_entries(files[f"cancer-types/{kind.slug}/feed.xml"])
        assert sorted(e["link"] for e in entries) == sorted(
            BASE + q.url for q in site.type_questions[kind.slug]
        )
    _, breast = feed_entries(files["cancer-types/breast-cancer/feed.xml"])
    assert [e["title"] for e in breast] == ["What is HER2-low?", "When is breast screening done?"]


def test_pages_link_their_feeds(tiny):
    _, files = tiny

    def feeds(path):
        return [
            (link["href"], link["title"])
            for link in Head(files[path]).links
            if link["rel"] == "alternate" and link["type"] == "application/atom+xml"
        ]

    assert feeds("index.html") == [("/feed.xml", "Tiny Answers: newest answers")]
    assert feeds("questions/what-is-her2-low/index.html") == [
        ("/feed.xml", "Tiny Answers: newest answers"),
        ("/cancer-types/her2-low-breast-cancer/feed.xml", "Tiny Answers: HER2-low breast cancer"),
    ]
    assert (
        feeds("cancer-types/lung-cancer/index.html")[1][0] == "/cancer-types/lung-cancer/feed.xml"
    )
    for href, _ in feeds("questions/what-is-her2-low/index.html"):
        assert href[1:] in files
