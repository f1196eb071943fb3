"""The install is reproducible: README's commands, CI and Netlify install the locked versions
(with hashes) into a virtualenv, and the locks cover every dependency pyproject.toml declares."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from publish_support import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}.*\n)+)", re.M
)


def pins(lock: str) -> dict[str, str]:
    text = (REPO / lock).read_text(encoding="utf-8")
    found = {canonicalize_name(m[1]): m[2] for m in PIN.finditer(text)}
    pinned_lines = [line for line in text.splitlines() if "==" in line and not line.startswith("#")]
    assert len(found) == len(pinned_lines), f"{lock}: a pinned package has no hash"
    return found


def names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    return block.splitlines()


def test_python_311_and_every_newer_version_are_allowed():
    assert PROJECT["requires-python"] == ">=3.11"


@pytest.mark.parametrize(
    ("lock", "extras"), [("requirements.lock", []), ("requirements-test.lock", ["test"])]
)
def test_every_declared_dependency_is_pinned_with_hashes_in_the_lock(lock, extras):
    declared = names(PROJECT["dependencies"])
    for extra in extras:
        declared |= names(PROJECT["optional-dependencies"][extra])
    missing = declared - set(pins(lock))
    assert not missing, f"run `sh .ci/lock`: {lock} lacks {sorted(missing)}"


def test_pinned_versions_are_within_the_ranges_of_pyproject():
    locked = pins("requirements-test.lock")
    for requirement in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]:
        parsed = Requirement(requirement)
        version = locked[canonicalize_name(parsed.name)]
        assert parsed.specifier.contains(version), f"{parsed.name}=={version} not in {requirement}"


def test_the_runtime_lock_pins_the_tested_versions():
    tested = pins("requirements-test.lock")
    runtime = pins("requirements.lock")
    assert {name: tested[name] for name in runtime} == runtime
    assert not {"pytest", "ruff", "playwright"} & set(runtime)


def test_readme_opens_with_the_build_and_the_test_command_in_a_virtualenv():
    build, test = readme_commands()
    for command, lock in ((build, "requirements.lock"), (test, "requirements-test.lock")):
        steps = [step.strip() for step in command.split("&&")]
        venv = steps.index("python3 -m venv .venv")
        locked = steps.index(f".venv/bin/pip install -q --require-hashes -r {lock}")
        project = steps.index(".venv/bin/pip install -q --no-deps -e .")
        assert venv < locked < project
    assert build.split("&&")[-2].strip() == ".venv/bin/python build.py"
    assert test.startswith("sh tests/setup-browser.sh && ")
    assert test.endswith("&& .venv/bin/python -m pytest")
