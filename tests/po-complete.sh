#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# po-complete.sh - every message marked for translation in the sources
# (N_, pp_tr, pp_ntr, web_tr, buf_tr: scripts/update-po finds them) is in
# po/pwpol.pot and has a French translation in po/fr.po that is neither
# empty nor fuzzy: a sentence added to a face without its translation
# (as pam/agent.c's fleet message once was) fails here, not in front of
# a French reader. The translations keep the template's placeholders.
. "$(dirname "$0")/lib.sh"
SRC=$(cd "$TESTS_DIR/.." && pwd)
command -v xgettext >/dev/null && command -v msgcmp >/dev/null || {
	echo "skipped: no gettext tools (Debian: gettext)"
	exit 77
}
git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1 || {
	echo "skipped: not a git checkout"
	exit 77
}
run "$SRC/scripts/update-po" --pot "$T/now.pot"
expect 0 "xgettext over the sources"
run msgcmp "$SRC/po/fr.po" "$T/now.pot"
expect 0 "po/fr.po translates every message marked in the sources"
[ "$RC" -eq 0 ] || echo "$ERR" >&2
run msgcmp --use-untranslated "$SRC/po/pwpol.pot" "$T/now.pot"
expect 0 "po/pwpol.pot lists every message (scripts/update-po)"
[ "$RC" -eq 0 ] || echo "$ERR" >&2
run msgfmt --check -o /dev/null "$SRC/po/fr.po"
expect 0 "po/fr.po compiles, its format strings checked"
# {need}, {have} and the like: what the library fills in must be there.
python3 - "$SRC/po/fr.po" <<'PY' || fail "a translation lost a placeholder"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
def unq(block):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))
bad = 0
for m in re.finditer(r'\nmsgid ((?:"(?:[^"\\]|\\.)*"\s*)+)msgstr ((?:"(?:[^"\\]|\\.)*"\s*)+)', text):
    mid, mstr = unq(m.group(1)), unq(m.group(2))
    named = lambda s: sorted(re.findall(r"\{(\w+)\}", s))
    if mid and named(mid) != named(mstr):
        print("placeholders differ:", mid, "->", mstr, file=sys.stderr)
        bad = 1
sys.exit(bad)
PY
done_testing
