"""Per cancer type checklists of questions to ask, built from the answers' lists."""

from __future__ import annotations

from conftest import question, write_site
from test_build import page

from qasite import commands

ASK = "## Questions to ask your oncologist\n\n"
QUESTIONS = {
    "her2-a": question(
        "What does HER2-low mean?",
        "her2-low-breast-cancer",
        body=f"HER2-low text.\n\n{ASK}1. What is my *HER2* score?\n2. Is a trial open to me?\n",
    ),
    "her2-b": question(
        "What if HER2-low treatment stops working?",
        "her2-low-breast-cancer",
        body=f"Next steps.\n\n{ASK}1. What are my next options?\n2. is a trial open to me\n",
    ),
    "breast-c": question(
        "How do I read my pathology report?",
        "breast-cancer",
        body=f"Your report.\n\n{ASK}- Were the margins clear?\n- Is a trial open to me?\n",
    ),
    "lung-d": question(
        "Who should get lung screening?",
        "lung-cancer",
        body="Screening.\n\n## Questions to ask your doctor\n\n1. Do I meet the guidelines?\n",
        questions_for="doctor",
    ),
}


def checklist(tmp_path, slug):
    root = write_site(tmp_path, QUESTIONS)
    commands.build(root, root / "site", search=False)
    doc = page(root / "site", f"/cancer-types/{slug}/questions-to-ask/")
    return [
        (item.one("label").text(), [href for href, _ in item.one("p", "asked-in").links()])
        for item in doc.one("ol", "checklist-items").find_all("li")
    ]


def test_checklist_gathers_the_type_and_subtype_questions_once_each_with_their_answers(
    tmp_path,
):
    assert checklist(tmp_path, "breast-cancer") == [
        ("Were the margins clear?", ["/questions/breast-c/"]),
        (
            "Is a trial open to me?",
            ["/questions/breast-c/", "/questions/her2-a/", "/questions/her2-b/"],
        ),
        ("What is my HER2 score?", ["/questions/her2-a/"]),
        ("What are my next options?", ["/questions/her2-b/"]),
    ]


def test_subtype_checklist_holds_only_its_own_answers_questions(tmp_path):
    assert [text for text, _ in checklist(tmp_path, "her2-low-breast-cancer")] == [
        "What is my HER2 score?",
        "Is a trial open to me?",
        "What are my next options?",
    ]


def test_each_question_has_a_labelled_box_to_tick_and_room_for_notes(tmp_path):
    root = write_site(tmp_path, QUESTIONS)
    commands.build(root, root / "site", search=False)
    doc = page(root / "site", "/cancer-types/lung-cancer/questions-to-ask/")
    item = doc.one("ol", "checklist-items").one("li")
    box = item.one("input")
    assert box.attrs["type"] == "checkbox"
    assert item.one("label").attrs["for"] == box.attrs["id"]
    assert item.one("div", "notes").text() == "Notes:"


def test_type_without_answers_has_no_checklist_and_hubs_link_theirs(tmp_path):
    root = write_site(tmp_path, QUESTIONS)
    commands.build(root, root / "site", search=False)
    assert not (root / "site/cancer-types/triple-negative-breast-cancer/questions-to-ask").exists()
    hub = page(root / "site", "/cancer-types/lung-cancer/")
    link = hub.one("p", "checklist-link").links()
    assert link == [
        (
            "/cancer-types/lung-cancer/questions-to-ask/",
            "Printable checklist: questions to ask about lung cancer",
        )
    ]


def test_answer_for_readers_without_a_diagnosis_asks_their_doctor_and_feeds_the_checklist(
    tmp_path,
):
    root = write_site(tmp_path, QUESTIONS)
    commands.build(root, root / "site", search=False)
    answer = page(root / "site", "/questions/lung-d/")
    assert [h.text() for h in answer.find_all("h2")].count("Questions to ask your doctor") == 1
    assert "Questions to ask your oncologist" not in answer.text()
    assert checklist(tmp_path, "lung-cancer") == [
        ("Do I meet the guidelines?", ["/questions/lung-d/"])
    ]


def test_doctor_questions_survive_a_rebuild_from_the_cache(tmp_path):
    root = write_site(tmp_path, QUESTIONS)
    commands.build(root, root / "site", search=False)
    other = root / "content/questions/her2-a.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n3. A new question?\n", "utf-8")
    commands.build(root, root / "site", search=False)  # lung-d comes from the snapshot
    doc = page(root / "site", "/cancer-types/lung-cancer/questions-to-ask/")
    labels = [li.one("label").text() for li in doc.one("ol", "checklist-items").find_all("li")]
    assert labels == ["Do I meet the guidelines?"]


def test_an_answer_turned_to_ask_its_doctor_keeps_its_questions_on_a_warm_build(tmp_path):
    root = write_site(tmp_path, QUESTIONS)
    commands.build(root, root / "site", search=False)
    answer = root / "content/questions/breast-c.md"
    text = answer.read_text(encoding="utf-8")
    text = text.replace(
        "cancer_type: breast-cancer\n", "cancer_type: breast-cancer\nquestions_for: doctor\n"
    )
    answer.write_text(text.replace("your oncologist", "your doctor"), "utf-8")
    commands.build(root, root / "site", search=False)  # the others' questions from the cache
    doc = page(root / "site", "/cancer-types/breast-cancer/questions-to-ask/")
    items = {
        li.one("label").text(): [href for href, _ in li.one("p", "asked-in").links()]
        for li in doc.one("ol", "checklist-items").find_all("li")
    }
    assert items["Were the margins clear?"] == ["/questions/breast-c/"]
    assert items["Is a trial open to me?"] == [
        "/questions/breast-c/",
        "/questions/her2-a/",
        "/questions/her2-b/",
    ]
    assert "Questions to ask your doctor" in page(root / "site", "/questions/breast-c/").text()
