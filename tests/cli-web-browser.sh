# SPDX-License-Identifier: BSD-3-Clause
# cli-web-browser.sh - `pwpol web` in a real headless Chromium: association
# (weak then good, PASSWORD and PASSWORD HASH), sign-in, the forced change
# and a change, the accounts page (a super-user's actions, an operator
# refused) and the policy page (check, compare, commit, rollback), as a
# person clicks through them, with axe-core's accessibility run on every
# page (tests/web_browser.py).
# axe-core comes from npm at test time, into a directory outside the tree
# ($PWPOL_AXE_DIR, kept between runs; never committed); without npm or the
# registry, the accessibility run is skipped and says so.
# Skipped, with a "skipped:" line and ctest's skip status, only when
# Chromium cannot start.
set -euo pipefail
: "${PWPOL:?set PWPOL to the pwpol binary}"
AXE_DIR=${PWPOL_AXE_DIR:-/tmp/pwpol-axe-core}
AXE=$AXE_DIR/node_modules/axe-core/axe.min.js
if [ ! -f "$AXE" ] && command -v npm >/dev/null; then
	mkdir -p "$AXE_DIR"
	npm install --prefix "$AXE_DIR" --no-audit --no-fund --silent axe-core >/dev/null 2>&1 || true
fi
if [ -f "$AXE" ]; then
	export AXE_JS=$AXE
else
	echo "note: axe-core could not be installed from npm: the accessibility run is skipped"
fi
exec /usr/bin/python3 "$(dirname "$0")/web_browser.py"
