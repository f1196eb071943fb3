"""The package's shape: one folder per concern, and imports that point down the stages."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "qasite"

# The stages, in order: a stage never imports a later one. What is remembered between builds
# (incremental/) and the editorial checks (editorial/) serve several stages, so they have no rank
# of their own; they are held to the rule below that no module imports itself through others.
STAGES = {
    "content": 0,
    "site": 1,
    "output": 2,
    "commands": 3,  # the recipe, qasite/commands.py
    "tools": 4,  # the preview server and the benchmark run the recipe
}
SERVICES = {"incremental", "editorial"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The qasite modules a file imports, at its top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("qasite"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("qasite"):
                continue
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in modules else base)
    return {m for m in found if m in modules and m != name}


def stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.get(parts[1]) if len(parts) > 1 else STAGES["commands"]


def graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in files}
    return {module_name(p): imports_of(p, modules) for p in files}


def test_every_module_lives_in_a_folder_of_one_concern():
    loose = sorted(
        p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "commands.py")
    )
    assert loose == []
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert set(folders) <= set(STAGES) | SERVICES


def test_imports_never_run_back_up_the_stages():
    backwards = [
        f"{importer} imports {imported}"
        for importer, imported_modules in graph().items()
        for imported in sorted(imported_modules)
        if None not in (stage(importer), stage(imported)) and stage(imported) > stage(importer)
    ]
    assert backwards == []


def test_no_two_modules_import_each_other_even_through_others():
    graphlib.TopologicalSorter(graph()).prepare()  # raises CycleError on a cycle


def test_modules_stay_near_the_house_size():
    long = {
        module_name(p): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 330
    }
    assert long == {}
