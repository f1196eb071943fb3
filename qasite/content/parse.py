"""Reading a content file: bytes to text, front matter to data with the line of every key.

YAML is read strictly on top of libyaml's fast parser: no tags beyond plain scalars, lists and
mappings, no aliases or merge keys, no duplicate keys, and dates are kept as text so that the
schema reports a bad one with its line instead of PyYAML raising a bare ``ValueError``.
"""

from __future__ import annotations

import re

import frontmatter
import yaml

from .errors import ProblemError

MAX_FILE_BYTES = 512 * 1024
MAX_YAML_DEPTH = 20
SAFE_TO_COMPOSE = 500  # starts of lists and mappings: far below what recursion bears
_FENCE = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)  # one line: blank lines after it are body
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq")
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
MAX_NUMBER_CHARS = 30  # no number content needs is longer (a year, a PubMed id)
# Characters that break the Atom feeds and XML, and that no text needs: C0 and C1 controls but
# tab and newline, and the Unicode non-characters U+FFFE and U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")

Lines = dict[tuple, int]


class LocatedError(ProblemError):
    """A problem found at a known line of the file."""

    def __init__(self, line: int, message: str, hint: str = "", field: str = ""):
        super().__init__(message, hint)
        self.line = line
        self.field = field


def decode(raw: bytes) -> str:
    """UTF-8 text with the byte-order mark removed and line endings made ``\\n``."""
    if len(raw) > MAX_FILE_BYTES:
        raise LocatedError(
            1,
            f"file is {len(raw):,} bytes, more than the limit of {MAX_FILE_BYTES:,}",
            "split the answer into several questions",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LocatedError(
            line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", "save the file as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL.search(text)
    if found:
        raise LocatedError(
            text[: found.start()].count("\n") + 1,
            f"control character {control_name(found.group())} in the text",
            "delete it: it is invisible, and breaks the feeds",
        )
    return text


def control_name(char: str) -> str:
    """``U+001B``: how a control character is named in a message."""
    return f"U+{ord(char):04X}"


class StrictYAMLHandler(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler, made strict: the opening fence must be the file's
    first line (not any '---' further down), a fence is '---' alone on its line (blank lines
    after it belong to the body), and `load` is the project's strict loader, giving the data
    with the line of every key. Nothing is stripped, so body lines keep their numbers."""

    FM_BOUNDARY = _FENCE

    def detect(self, text: str) -> bool:
        return bool(self.FM_BOUNDARY.fullmatch(text.split("\n", 1)[0]))

    def split(self, text: str) -> tuple[str, str]:
        try:
            fm, body = super().split(text)
        except ValueError:  # one fence only
            raise LocatedError(
                1,
                "the front matter fence '---' opened here is never closed",
                "add a line '---' after the last key",
            ) from None
        return fm.removeprefix("\n"), body.removeprefix("\n")

    def load(self, fm: str, first_line: int = 2) -> tuple[object, Lines]:
        return load_yaml(fm, first_line)


def split(text: str, handler: StrictYAMLHandler | None = None) -> tuple[str, str, int]:
    """Front matter text, body text and the file line on which the body starts."""
    handler = handler or StrictYAMLHandler()
    if not text.strip():
        raise LocatedError(1, "the file is empty", "start it with a '---' front matter block")
    if not handler.detect(text):
        raise LocatedError(
            1, "no front matter", "the file must start with a line '---', the YAML keys, then '---'"
        )
    fm_text, body = handler.split(text)
    return fm_text, body, 2 + fm_text.count("\n") + 1


class _StrictLoader(yaml.CSafeLoader):
    """libyaml parsing with a constructor that refuses what content never needs."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "YAML aliases ('*name') are not allowed", node.start_mark
            )
        if node.tag not in _PLAIN_TAGS and node.tag != _TIMESTAMP:
            raise yaml.constructor.ConstructorError(
                None, None, f"the YAML tag '{node.tag}' is not allowed", node.start_mark
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise yaml.constructor.ConstructorError(
                    None, None, "YAML merge keys ('<<') are not allowed", key_node.start_mark
                )
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    f"keep one of the two: it is first set on line {self.first_line + seen[key]}",
                    None,
                    f"duplicate key '{key}'",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        if len(node.value) > MAX_NUMBER_CHARS:  # int() of thousands of digits is refused
            raise yaml.constructor.ConstructorError(
                "put it in quotes if it is text",
                None,
                f"a number of {len(node.value):,} characters is too long",
                node.start_mark,
            )
        try:
            return super().construct_yaml_int(node)
        except (ValueError, IndexError):  # '0b_' looks like a number to YAML 1.1, and is not
            raise yaml.constructor.ConstructorError(
                "put it in quotes if it is text",
                None,
                f"'{node.value}' is not a number",
                node.start_mark,
            ) from None


_StrictLoader.add_constructor(_TIMESTAMP, yaml.SafeLoader.construct_yaml_str)
_StrictLoader.add_constructor(_INT, _StrictLoader.construct_yaml_int)


def _line_map(node, first_line: int) -> Lines:
    """The file line of every mapping key and list item, by its path of keys and indexes.

    libyaml hands an alias back as the very node it names, so a node met twice is an alias:
    it is refused here, at the line of the key that uses it, before it can loop or explode.
    So is a list or mapping nested deeper than `MAX_YAML_DEPTH`, before it is built.
    """
    lines: Lines = {}
    seen: set[int] = set()

    def walk(node, path: tuple, line: int, depth: int = 0) -> None:
        if id(node) in seen:
            raise LocatedError(
                line, "YAML: aliases ('*name') are not allowed", "write the value out in full"
            )
        seen.add(id(node))
        lines.setdefault(path, line)
        if isinstance(node, yaml.ScalarNode):
            refuse_control(node.value, line, ".".join(str(p) for p in path))
        if isinstance(node, yaml.CollectionNode):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _too_deep(first_line + node.start_mark.line)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key_line = first_line + key_node.start_mark.line
                if not isinstance(key_node, yaml.ScalarNode):
                    raise LocatedError(
                        key_line,
                        "YAML: a key must be a name, not a list or mapping",
                        "write 'key: value'",
                    )
                refuse_control(key_node.value, key_line)
                lines[(*path, key_node.value)] = key_line
                walk(value_node, (*path, key_node.value), key_line, depth)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index), first_line + item.start_mark.line, depth)

    walk(node, (), first_line + node.start_mark.line)
    return lines


def refuse_control(value: str, line: int, field: str = "") -> None:
    found = CONTROL.search(value)
    if found:
        raise LocatedError(
            line,
            f"control character {control_name(found.group())} in the text",
            "delete it: it is invisible, and breaks the feeds",
            field,
        )


def _too_deep(line: int) -> LocatedError:
    message = f"YAML: nested more than {MAX_YAML_DEPTH} levels deep"
    return LocatedError(line, message, "flatten the lists and mappings")


def _may_be_deep(text: str) -> bool:
    """Whether the text could nest deeper than libyaml can safely compose (it recurses in C):
    every list or mapping starts at one of these characters, so fewer of them bound its depth."""
    return sum(text.count(c) for c in "[{-:?") > SAFE_TO_COMPOSE


def _check_depth(text: str, first_line: int) -> None:
    """Refuse YAML nested deeper than content needs before libyaml builds it, from its event
    stream: composing a very deep document recurses in C and in Python (a crash or a
    `RecursionError`). Some libyaml builds stop at a nesting limit of their own, with their own
    wording, before the first event: the slower pure-Python parser (which has none) then finds
    the place, so the message is always this project's."""
    try:
        _scan_depth(yaml.CSafeLoader(text), first_line)
    except yaml.YAMLError:
        _scan_depth(yaml.SafeLoader(text), first_line)
        raise


def _scan_depth(scanner, first_line: int) -> None:
    try:
        depth = 0
        while scanner.check_event():
            event = scanner.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise _too_deep(first_line + event.start_mark.line)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        scanner.dispose()


def load_yaml(text: str, first_line: int = 1):
    """Data and line map of one YAML document; ``first_line`` is the file line of its text."""
    loader = _StrictLoader(text)
    loader.first_line = first_line
    try:
        if _may_be_deep(text):  # else the line map checks the depth of the composed nodes
            _check_depth(text, first_line)
        node = loader.get_single_node()
        if node is None:
            return None, {(): first_line}
        lines = _line_map(node, first_line)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        message = exc.problem or exc.context or "invalid YAML"
        hint = exc.context if exc.problem and exc.context else _yaml_hint(message)
        start = exc.context_mark
        if exc.problem and exc.context and start is not None and start.line != mark.line:
            hint += f" that starts on line {first_line + start.line}"
        raise LocatedError(line, f"YAML: {message}", hint) from None
    except LocatedError:
        raise
    except yaml.reader.ReaderError as exc:  # a control character, written as an escape
        line = first_line + text[: max(exc.position, 0)].count("\n")
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise LocatedError(
            line,
            f"control character {control_name(char[:1] or '?')} in the text",
            "delete it: it is invisible, and breaks the feeds",
        ) from None
    except yaml.YAMLError as exc:
        raise LocatedError(first_line, f"YAML: {exc}") from None
    except (ValueError, OverflowError):  # a value PyYAML cannot convert: never a traceback
        raise LocatedError(first_line, "YAML: a value cannot be read", "put it in quotes") from None
    finally:
        loader.dispose()


def _yaml_hint(message: str) -> str:
    if "mapping values are not allowed" in message:
        return "put text that contains ': ' in quotes"
    if "alias" in message or "tag" in message:
        return "write the value out in full"
    return ""


def front_matter(text: str) -> tuple[dict, Lines, str, int]:
    """The mapping, its line map, the body and the body's first line, or a located error."""
    handler = StrictYAMLHandler()
    fm_text, body, body_line = split(text, handler)
    data, lines = handler.load(fm_text)
    if data is None:
        raise LocatedError(1, "the front matter is empty", "add the required keys")
    if not isinstance(data, dict):
        raise LocatedError(2, "the front matter must be 'key: value' lines, not a list or text")
    return data, lines, body, body_line
