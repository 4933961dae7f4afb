#!/usr/bin/env bash
# Makes sure the system Chromium used by the browser tests is there. Installs it with apt-get
# when possible (root); otherwise says loudly that the browser tests will be skipped.
set -u
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get)..."
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; then
    [ -x "$CHROMIUM" ] && exit 0
  fi
fi
if [ "${WEMI_REQUIRE_BROWSER:-0}" = "1" ]; then
  echo "ERROR: Chromium is missing at $CHROMIUM and could not be installed; browser tests are required." >&2
  exit 1
fi
cat >&2 <<MSG
****************************************************************************
*  WARNING: Chromium not found at $CHROMIUM and it could not be installed. *
*  THE BROWSER TESTS WILL BE SKIPPED. Install it: apt-get install chromium *
****************************************************************************
MSG
exit 0
