# SPDX-License-Identifier: BSD-3-Clause
# cli-web-browser.sh - `pwpol web` in a real headless Chromium: association
# (weak then good, PASSWORD and PASSWORD HASH), sign-in, the forced change
# and a change, the accounts page (a super-user's actions, an operator
# refused) and the policy page (check, compare, commit, rollback), as a
# person clicks through them (tests/web_browser.py).
# Skipped, with a "skipped:" line and ctest's skip status, only when
# Chromium cannot start.
set -euo pipefail
: "${PWPOL:?set PWPOL to the pwpol binary}"
exec /usr/bin/python3 "$(dirname "$0")/web_browser.py"
