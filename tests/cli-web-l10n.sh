#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-web-l10n.sh - the web speaks the library's sentences in the server's
# language, as pam_pwpol does: `pwpol web` started under LANGUAGE=fr gives
# the live list's rule sentences in French (the po/fr.po the build
# compiled, put where the install puts it through a private mount
# namespace), and its JSON stays UTF-8 and JSON.
. "$(dirname "$0")/lib.sh"
skip() {
	echo "skipped: $1"
	exit 77
}
[ -s "${PWPOL_MO:-}" ] || skip "built without msgfmt: no translation"
: "${PWPOL_LOCALEDIR:?}"
if [ "${1:-}" != inside ]; then
	[ "$(id -u)" -eq 0 ] || skip "not root: a mount namespace needs it"
	command -v unshare >/dev/null || skip "no unshare"
	unshare -m true 2>/dev/null || skip "no mount namespace here"
	set +e
	OUTER_NS=$(readlink /proc/self/ns/mnt) unshare -m bash "$0" inside
	RC=$?
	set -e
	expect 0 "the checks inside the namespace (above)"
	done_testing
	exit 0
fi

[ "$(readlink /proc/self/ns/mnt)" != "${OUTER_NS:?}" ] || exit 1
mount --make-rprivate /
dir=$PWPOL_LOCALEDIR/fr/LC_MESSAGES
base=$dir
while [ ! -d "$base" ]; do base=$(dirname "$base"); done
case "$base" in
/ | /usr | /usr/share) skip "would hide $base" ;;
esac
mount -t tmpfs -o mode=755 pwpol-test "$base"
mkdir -p "$dir"
install -m 644 "$PWPOL_MO" "$dir/pwpol.mo"

. "$(dirname "$0")/lib-web.sh"
LANGUAGE=fr LC_ALL=C.UTF-8 web_start
req a GET "/?token=$WEB_TOKEN"
req a GET /
TOKEN=$(csrf)
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=associate \
	--data-urlencode 'password=abc'
status 200 "the live list"
has '{"rule":"minimum-length","message":"doit compter au moins 9 caractères (il en compte 3)"}' \
	"the rule sentence in French"
printf '%s\n' "$OUT" | sed -n '/^{/p' | python3 -c 'import json,sys; json.loads(sys.stdin.read())' ||
	fail "still JSON"
web_stop
done_testing
