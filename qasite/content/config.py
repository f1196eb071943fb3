"""Site data in content/_data/: site.yaml, cancer_types.yaml (the subtype tree), reviewers.yaml."""

from __future__ import annotations

from pathlib import Path

from . import parse, schema
from .errors import Problem, did_you_mean
from .model import (
    CallToAction,
    CancerType,
    EditorialPolicy,
    LinkCheck,
    ListingPolicy,
    Publisher,
    Reviewer,
    SearchSettings,
    Service,
    SiteConfig,
)

MAX_TREE_DEPTH = 10  # levels of the cancer type tree: a type, its subtypes, theirs...


def read_yaml(path: Path, shown: str) -> tuple[object, dict, list[Problem]]:
    """Data and line map of a data file, or the problem that stops it."""
    try:
        data, lines = parse.load_yaml(parse.decode(path.read_bytes()))
    except FileNotFoundError:
        return None, {}, [Problem(shown, 0, "", "file not found", "create it; see README.md")]
    except parse.LocatedError as exc:
        return None, {}, [Problem(shown, exc.line, exc.field, exc.message, exc.hint)]
    return data, lines, []


def load_site(path: Path, shown: str) -> tuple[SiteConfig | None, list[Problem]]:
    data, lines, problems = read_yaml(path, shown)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, "", "expected 'key: value' lines")]
    values, problems = schema.validate(data, schema.SITE_KEYS, lines, shown)
    parts = {}
    for name, keys in schema.SITE_PARTS.items():
        if name in values:
            parts[name], found = schema.validate(values[name], keys, lines, shown, (name,))
            problems += found
    if problems:
        return None, problems
    return SiteConfig(
        title=values["title"],
        base_url=values["base_url"].rstrip("/"),
        language=values["language"],
        description=values["description"],
        publisher=Publisher(**parts["publisher"]),
        banner=values["banner"],
        disclaimer_top=parts["disclaimer"]["top"],
        disclaimer_bottom=parts["disclaimer"]["bottom"],
        cta=CallToAction(**parts["cta"]),
        link_check=LinkCheck(**parts.get("link_check", {})),
        editorial=EditorialPolicy(**parts.get("editorial", {})),
        listing=ListingPolicy(**parts.get("listing", {})),
        search=SearchSettings(**parts.get("search", {})),
        report_problem=values["report_problem"],
    ), []


def load_cancer_types(path: Path, shown: str) -> tuple[dict[str, CancerType], list[Problem]]:
    data, lines, problems = read_yaml(path, shown)
    if problems:
        return {}, problems
    if not isinstance(data, list) or not data:
        return {}, [Problem(shown, 1, "", "expected a list of cancer types ('- slug: ...')")]
    problems = []
    types: dict[str, CancerType] = {}
    parent_lines: dict[str, int] = {}
    for index, item in enumerate(data):
        line = lines.get((index,), 1)
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, str(index), "expected a mapping ('slug: ...')"))
            continue
        values, found = schema.validate(item, schema.CANCER_TYPE_KEYS, lines, shown, (index,))
        services, more = schema.validate_list(
            values.get("services", ()), schema.SERVICE_KEYS, lines, shown, (index, "services")
        )
        problems += found + more
        if "slug" not in values:
            continue
        if values["slug"] in types:
            problems.append(
                Problem(
                    shown,
                    lines[(index, "slug")],
                    "slug",
                    f"duplicate cancer type '{values['slug']}'",
                    f"first defined on line {types[values['slug']].line}",
                )
            )
            continue
        # A type with problems stays known by its slug, so that its questions are not all
        # reported as of an unknown type: the run stops on its own problems anyway.
        types[values["slug"]] = CancerType(
            slug=values["slug"],
            name=values.get("name", values["slug"]),
            parent=values.get("parent"),
            description=values.get("description", ""),
            services=() if more else tuple(Service(**s) for s in services),
            line=line,
        )
        parent_lines[values["slug"]] = lines.get((index, "parent"), line)
    problems += _check_tree(types, parent_lines, shown)
    names: dict[str, int] = {}
    for index, item in enumerate(data):
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, str) and name.strip():
            line = lines.get((index, "name"), 1)
            if name.strip() in names:
                problems.append(
                    Problem(
                        shown,
                        line,
                        "name",
                        f"duplicate cancer type name '{name.strip()}'",
                        f"first used on line {names[name.strip()]}: each type needs its own",
                    )
                )
            names.setdefault(name.strip(), line)
    return types, problems


def _check_tree(
    types: dict[str, CancerType], parent_lines: dict[str, int], shown: str
) -> list[Problem]:
    """Every parent exists and the parents never loop back (reported at the `parent:` line)."""
    problems = []
    for t in types.values():
        if t.parent is not None and t.parent not in types:
            problems.append(
                Problem(
                    shown,
                    parent_lines[t.slug],
                    "parent",
                    f"unknown cancer type '{t.parent}'",
                    did_you_mean(t.parent, types),
                )
            )
    for t in types.values():
        level, current = 1, t.parent
        while current in types and level <= MAX_TREE_DEPTH + 1:  # bounded: loops end too
            level, current = level + 1, types[current].parent
        if level == MAX_TREE_DEPTH + 1 and current not in types:
            problems.append(
                Problem(
                    shown,
                    parent_lines[t.slug],
                    "parent",
                    f"'{t.slug}' would be level {level} of the cancer type tree, "
                    f"deeper than its {MAX_TREE_DEPTH} levels",
                    "give it a parent nearer the top",
                )
            )
    for t in types.values():
        seen, current = [t.slug], t.parent
        while current in types:
            if current in seen:
                if current == t.slug:
                    chain = " > ".join([*seen, current])
                    problems.append(
                        Problem(
                            shown,
                            parent_lines[t.slug],
                            "parent",
                            f"the cancer type tree loops: {chain}",
                            "one of these types must have another parent",
                        )
                    )
                break
            seen.append(current)
            current = types[current].parent
    return problems


def load_reviewers(path: Path, shown: str) -> tuple[dict[str, Reviewer], list[Problem]]:
    data, lines, problems = read_yaml(path, shown)
    if problems:
        return {}, problems
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(shown, 1, "", "expected reviewers by key ('key: {name: ...}')")]
    reviewers = {}
    for key, item in data.items():
        line = lines.get((key,), lines.get((str(key),), 1))
        if not isinstance(key, str):
            problems.append(
                Problem(
                    shown,
                    line,
                    str(key),
                    f"a reviewer's key must be a slug, not {schema.type_name(key)}",
                    "start it with a letter, e.g. dr-rivera",
                )
            )
            continue
        if not isinstance(item, dict) or not schema.SLUG.fullmatch(key):
            problems.append(
                Problem(shown, line, key, "expected a slug key holding name and credentials")
            )
            continue
        values, found = schema.validate(item, schema.REVIEWER_KEYS, lines, shown, (key,))
        if values.get("kind", "person") not in ("person", "organization"):
            found.append(
                Problem(
                    shown,
                    lines.get((key, "kind"), line),
                    f"{key}.kind",
                    f"unknown kind '{values['kind']}'",
                    "person or organization",
                )
            )
        problems += found
        # Known by its key even with problems, as cancer types are: the run stops anyway.
        reviewers[key] = Reviewer(
            key=key,
            name=values.get("name", key),
            credentials=values.get("credentials", ""),
            kind=values.get("kind", "person"),
            clinical=values.get("clinical", False),
        )
    return reviewers, problems
