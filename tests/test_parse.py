"""Reading a content file: bytes to text, the front matter split, and strict YAML."""

from __future__ import annotations

import pytest
from guard import never_hangs

from qasite.content import parse


def read(raw: bytes):
    """data, lines, body, body_line of a file's bytes."""
    return parse.front_matter(parse.decode(raw))


def error_of(raw: bytes) -> parse.LocatedError:
    with pytest.raises(parse.LocatedError) as info:
        read(raw)
    return info.value


def test_front_matter_and_body_are_split_with_the_body_line():
    data, lines, body, body_line = read(b"---\ntitle: Why?\ndate: 2026-01-05\n---\n\nAnswer.\n")
    assert data == {"title": "Why?", "date": "2026-01-05"}
    assert body == "\nAnswer.\n"
    assert body_line == 5  # the blank line after the fence; "Answer." is on line 6
    assert lines[("title",)] == 2
    assert lines[("date",)] == 3


@pytest.mark.parametrize("blank_lines", [0, 1, 3])
def test_body_line_counts_blank_lines_after_the_fence(blank_lines):
    raw = b"---\ntitle: x\n---\n" + b"\n" * blank_lines + b"First line.\n"
    _, _, body, body_line = read(raw)
    assert body_line + body.split("\n").index("First line.") == 4 + blank_lines


def test_nested_keys_and_list_items_have_their_file_lines():
    raw = b"---\ntitle: x\nsources:\n  - title: a\n    url: https://a.org\n  - title: b\n---\n"
    _, lines, _, _ = read(raw)
    assert lines[("sources",)] == 3
    assert lines[("sources", 0)] == 4
    assert lines[("sources", 0, "url")] == 5
    assert lines[("sources", 1, "title")] == 6


def test_byte_order_mark_is_accepted():
    data, _, body, _ = read(b"\xef\xbb\xbf---\ntitle: x\n---\nbody\n")
    assert data == {"title": "x"}
    assert body == "body\n"


def test_crlf_line_endings_are_accepted_and_lines_still_count():
    data, lines, body, body_line = read(b"---\r\ntitle: x\r\nsummary: y\r\n---\r\nbody\r\n")
    assert data == {"title": "x", "summary": "y"}
    assert lines[("summary",)] == 3
    assert body == "body\n"
    assert "\r" not in body
    assert body_line == 5


def test_unclosed_fence_is_an_error_on_line_one():
    error = error_of(b"---\ntitle: x\n\nThe answer, but the fence is never closed.\n")
    assert error.line == 1
    assert "never closed" in error.message


def test_empty_file_is_an_error():
    assert "empty" in error_of(b"").message
    assert "empty" in error_of(b"  \n\n").message


def test_file_without_front_matter_is_an_error():
    error = error_of(b"title: x\n\nSome answer.\n")
    assert error.line == 1
    assert error.message == "no front matter"
    assert "'---'" in error.hint


def test_empty_front_matter_is_an_error():
    assert "empty" in error_of(b"---\n---\nbody\n").message


@pytest.mark.parametrize("yaml_text", [b"- a\n- b\n", b"just text\n"])
def test_front_matter_that_is_not_a_mapping_is_an_error(yaml_text):
    error = error_of(b"---\n" + yaml_text + b"---\nbody\n")
    assert error.line == 2
    assert "key: value" in error.message


def test_non_utf8_file_is_an_error_with_its_line():
    error = error_of(b"---\ntitle: x\n---\nfine\ncaf\xe9\n")
    assert error.line == 5
    assert "UTF-8" in error.message
    assert "0xe9" in error.message


def test_yaml_syntax_error_has_the_file_line():
    error = error_of(b"---\ntitle: x\nsummary: one: two\n---\n")
    assert error.line == 3
    assert error.message.startswith("YAML: ")
    assert "quotes" in error.hint


def test_unclosed_yaml_list_points_back_to_where_it_starts():
    error = error_of(b"---\ntitle: x\ntags: [a, b\nsummary: y\n---\n")
    assert error.message.startswith("YAML: ")
    assert error.hint == "while parsing a flow sequence that starts on line 3"


def test_duplicate_keys_are_an_error_naming_both_lines():
    error = error_of(b"---\ntitle: a\nsummary: s\ntitle: b\n---\n")
    assert error.line == 4
    assert "duplicate key 'title'" in error.message
    assert "line 2" in error.hint


def test_duplicate_keys_in_a_nested_mapping_are_an_error():
    error = error_of(b"---\nsources:\n  - title: a\n    title: b\n---\n")
    assert error.line == 4
    assert "duplicate key 'title'" in error.message


@pytest.mark.parametrize("depth", [25, 200, 100_000])
def test_yaml_nested_past_the_limit_is_an_error_at_its_line(depth):
    nested = "[" * depth + "x" + "]" * depth  # deep enough to crash a recursive reader
    error = error_of(f"---\ntitle: x\nsummary: y\ntags:\n  - {nested}\n---\n".encode())
    assert error.line == 5
    assert error.message == "YAML: nested more than 20 levels deep"


def test_yaml_block_lists_nested_past_the_limit_are_an_error_at_their_line():
    nested = "".join("  " * level + "-\n" for level in range(24)) + "  " * 24 + "- x\n"
    error = error_of(f"---\ntitle: x\ntags:\n{nested}---\n".encode())
    assert error.message == "YAML: nested more than 20 levels deep"
    assert error.line == 3 + 20  # the 21st level down: the root mapping, then 20 lists


def test_yaml_nested_to_the_limit_is_read():
    nested = "[" * 19 + "x" + "]" * 19  # the root mapping and 19 lists: 20 levels
    data, _, _, _ = read(f"---\ntags: {nested}\n---\n".encode())
    assert data["tags"] == [[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]


def test_aliases_are_an_error_at_the_line_that_uses_them():
    error = error_of(b"---\ntags: &t [a, b]\nbiomarkers: *t\n---\n")
    assert error.line == 3
    assert "aliases" in error.message


@never_hangs
def test_alias_bomb_is_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    error = error_of(("---\n" + "\n".join(lines) + "\n---\n").encode())
    assert "aliases" in error.message


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['echo hacked']",
        "!!python/name:os.system",
        "!custom thing",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
    ],
)
def test_yaml_tags_are_an_error(value):
    error = error_of(f"---\ntitle: x\nsummary: {value}\n---\n".encode())
    assert error.line == 3
    assert "tag" in error.message
    assert "not allowed" in error.message


@pytest.mark.parametrize("yaml_text", [b"? [a, b]\n: x\n", b"{[a]: 1}\n", b"? {a: 1}\n: x\n"])
def test_a_list_or_mapping_as_a_key_is_an_error(yaml_text):
    error = error_of(b"---\n" + yaml_text + b"---\n")
    assert error.line == 2
    assert "a key must be a name" in error.message


def test_merge_keys_are_an_error():
    error = error_of(b"---\nsources:\n  - <<: {title: a}\n    url: https://a.org\n---\n")
    assert error.line == 3
    assert "merge keys" in error.message


@pytest.mark.parametrize("text", ["2026-13-45", "0000-00-00", "2026-02-30", "2026-01-05"])
def test_dates_are_kept_as_text_for_the_schema_to_check(text):
    data, _, _, _ = read(f"---\ndate: {text}\ntitle: {text}\n---\n".encode())
    assert data == {"date": text, "title": text}


def test_timestamps_with_a_time_are_kept_as_text():
    data, _, _, _ = read(b"---\ndate: 2026-01-05 10:00:00\n---\n")
    assert data == {"date": "2026-01-05 10:00:00"}


def test_plain_scalars_keep_their_yaml_types():
    data, _, _, _ = read(b"---\na: 12\nb: true\nc: 1.5\nd: null\ne: '12'\n---\n")
    assert data == {"a": 12, "b": True, "c": 1.5, "d": None, "e": "12"}


def test_a_line_of_dashes_in_the_body_stays_in_the_body():
    data, _, body, _ = read(b"---\ntitle: x\n---\nabove\n\n---\n\nbelow\n")
    assert data == {"title": "x"}
    assert body == "above\n\n---\n\nbelow\n"


@never_hangs
def test_huge_file_is_refused_before_it_is_parsed():
    with pytest.raises(parse.LocatedError) as info:
        parse.decode(b"---\ntitle: x\n---\n" + b"a" * (parse.MAX_FILE_BYTES + 1))
    assert info.value.line == 1
    assert "more than the limit" in info.value.message


def test_file_at_the_size_limit_is_read():
    raw = b"---\ntitle: x\n---\n" + b"word " * ((parse.MAX_FILE_BYTES - 20) // 5)
    assert len(raw) <= parse.MAX_FILE_BYTES
    data, _, body, _ = read(raw)
    assert data == {"title": "x"}
    assert body.startswith("word word")


@pytest.mark.parametrize(
    ("nested", "line"),
    [
        ("[" * 100_000, 3),
        ("{a: " * 50_000, 3),
        ("\n  " + "- " * 100_000 + "x", 4),
    ],
)
@never_hangs
def test_deeply_nested_yaml_is_an_error_not_a_crash(nested, line):
    error = error_of(f"---\ntitle: x\nsummary: {nested}\n---\n".encode())
    assert error.line == line
    assert error.message.startswith("YAML: ")


def test_yaml_nested_as_deep_as_content_needs_is_read():
    data, _, _, _ = read(b"---\na:\n  b:\n    - c:\n        - [d, {e: f}]\n---\n")
    assert data == {"a": {"b": [{"c": [["d", {"e": "f"}]]}]}}


def test_data_files_are_read_with_the_same_strict_loader():
    data, lines = parse.load_yaml("- slug: a\n  name: A\n- slug: b\n")
    assert data == [{"slug": "a", "name": "A"}, {"slug": "b"}]
    assert lines[(1, "slug")] == 3
    with pytest.raises(parse.LocatedError) as info:
        parse.load_yaml("a: 1\nb: 2\na: 3\n")
    assert info.value.line == 3
