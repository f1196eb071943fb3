#!/bin/sh
# Installs Lighthouse (npm) into tests/.lighthouse/ for the Lighthouse test, when it is missing.
# Lighthouse drives the same Debian Chromium as the other browser tests (CHROME_PATH).
set -e
cd "$(dirname "$0")/.."
DIR=tests/.lighthouse
if [ -x "$DIR/node_modules/.bin/lighthouse" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends nodejs npm
fi
mkdir -p "$DIR"
npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "lighthouse@>=12 <14"
