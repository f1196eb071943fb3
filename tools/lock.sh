#!/bin/sh
# Regenerates the lock files from pyproject.toml: run it after changing a dependency or its range.
#   requirements-test.lock  the runtime and the test extra (README's test command, CI)
#   requirements.lock       the runtime only (README's build command, Netlify), the same versions
# Both pin every package with the hashes of all its files on the index, so an install from them
# gets exactly the tested files on any platform (pip checks each hash). The ranges stay in
# pyproject.toml. Resolved with Python 3.11, the oldest version the project supports (and
# Netlify's), so no package that only older Pythons need is left out; the same pins install
# on 3.12 and 3.13. pip-tools runs from a throwaway virtualenv; nothing else is touched.
# Pins already in the locks are kept while pyproject.toml still allows them (a new dependency
# brings only itself and what it needs); `sh tools/lock.sh --upgrade` moves every package to the
# newest version its range allows.
set -eu
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q "pip-tools>=7.4,<8"
compile() {
  CUSTOM_COMPILE_COMMAND="sh tools/lock.sh" "$tmp/venv/bin/pip-compile" -q --generate-hashes \
    --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links "$@"
}
compile --extra test --output-file requirements-test.lock "$@" pyproject.toml
# The runtime lock takes its versions from the test lock: what Netlify installs was tested.
compile --upgrade --constraint requirements-test.lock --output-file requirements.lock pyproject.toml
echo "wrote requirements-test.lock and requirements.lock"
