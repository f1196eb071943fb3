#!/bin/sh
# Installs Debian's Chromium for the real-browser tests when it is missing (needs root or sudo),
# then Lighthouse (tests/setup-lighthouse.sh). Playwright drives this browser; `playwright
# install` is never used (it cannot download here).
set -e
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
fi
sh "$(dirname "$0")/setup-lighthouse.sh"
