"""The glossary's other names reach the search index: each answer carries the names of the
terms it uses in a hidden Pagefind metadata field (searchable, never an excerpt, never shown),
and the site ships the small file of names the search page suggests from."""

from __future__ import annotations

import json

import pytest
from conftest import question, write_site
from test_glossary import GLOSSARY

from qasite import commands


@pytest.fixture
def built(tmp_path):
    questions = {
        "her2": question(
            "What does HER2-low mean?",
            "her2-low-breast-cancer",
            body="HER2-low means a little HER2. A biopsy shows it.\n",
        ),
        "lung": question("Who should get lung screening?", "lung-cancer"),
    }
    root = write_site(tmp_path, questions)
    (root / "content/_data/glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    commands.build(root, root / "site", search=False)
    return root / "site"


def test_answer_carries_the_names_of_its_terms_in_a_hidden_search_field(built):
    html = (built / "questions/her2/index.html").read_text(encoding="utf-8")
    field = (
        '<span hidden data-pagefind-meta="names[data-names]" '
        'data-names="HER2-low; HER2; HER2/neu; HER-2; biopsy; biopsies"></span>'
    )
    assert field in html
    assert html.count("HER-2") == 1  # the misspelling is nowhere else on the page


def test_answer_without_glossary_terms_carries_no_names_field(built):
    html = (built / "questions/lung/index.html").read_text(encoding="utf-8")
    assert "data-names" not in html


def test_site_ships_the_glossary_names_for_search_suggestions(built):
    names = json.loads((built / "search/names.json").read_text(encoding="utf-8"))
    assert names == [
        {"term": "biopsy", "names": ["biopsies"]},
        {"term": "HER2", "names": ["HER2/neu", "HER-2"]},
        {"term": "HER2-low"},
    ]
