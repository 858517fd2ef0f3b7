#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-common-blocklist.sh - the blocklist out of the box: `profile
# nist-800-63b;` alone works on a fresh install, its checks refusing the
# common passwords of the filter the build made from john-data's
# password.lst (CMakeLists.txt), and a policy that names another blocklist
# or none is read as it says. The filter is seen where the install puts it
# through a private mount namespace (unshare -m): nothing of the machine is
# changed.
. "$(dirname "$0")/lib.sh"
skip() {
	echo "skipped: $1"
	exit 77
}
[ -s "${PWPOL_COMMON_FILTER:-}" ] || skip "built without a list of common passwords (john-data)"
printf 'system {\n    login {\n        password {\n            profile nist-800-63b;\n        }\n    }\n}\n' >"$T/nist.conf"

if [ "${1:-}" != inside ]; then
	# Not installed here: the profile names the file where the install puts it.
	run "$PWPOL" config check "$T/nist.conf"
	path=$(echo "$ERR" | sed -n 's/^pwpol: blocklist: \(.*\): cannot be read.*/\1/p')
	case "$path" in
	/*/pwpol/common-passwords.pwq) ;;
	*) fail "the profile names the installed filter: '$path'" ;;
	esac
	sed 's/profile nist-800-63b;/profile nist-800-63b; blocklist \/nowhere\/x.pwq;/' \
		"$T/nist.conf" >"$T/other.conf"
	run "$PWPOL" config check "$T/other.conf"
	expect 2 "another blocklist named"
	has "blocklist: /nowhere/x.pwq: cannot be read" "the one named is the one read"
	sed 's/profile nist-800-63b;/profile nist-800-63b; no-blocklist;/' \
		"$T/nist.conf" >"$T/none.conf"
	run "$PWPOL" config check "$T/none.conf"
	expect 2 "no-blocklist under nist-800-63b"
	has "profile nist-800-63b requires new passwords compared against a blocklist" "told"

	[ "$(id -u)" -eq 0 ] || skip "not root: a mount namespace needs it"
	command -v unshare >/dev/null || skip "no unshare"
	unshare -m true 2>/dev/null || skip "no mount namespace here"
	set +e
	FILTER_PATH=$path OUTER_NS=$(readlink /proc/self/ns/mnt) unshare -m bash "$0" inside
	RC=$?
	set -e
	expect 0 "the checks inside the namespace (above)"
	done_testing
	exit 0
fi

# ---- inside the namespace: the filter where the install puts it -----------
[ "$(readlink /proc/self/ns/mnt)" != "${OUTER_NS:?}" ] || exit 1
mount --make-rprivate /
dir=$(dirname "$FILTER_PATH")
base=$dir
while [ ! -d "$base" ]; do base=$(dirname "$base"); done
case "$base" in
/ | /usr | /usr/share) skip "would hide $base" ;;
esac
mount -t tmpfs -o mode=755 pwpol-test "$base"
mkdir -p "$dir"
install -m 644 "$PWPOL_COMMON_FILTER" "$FILTER_PATH"

run "$PWPOL" config check "$T/nist.conf"
expect 0 "profile nist-800-63b alone passes its commit check"
IN='password\nletmein\nqwertyuiop\ncorrect horse battery staple\n' run "$PWPOL" --config "$T/nist.conf" check
expect 1 "common passwords rejected"
[ "$(echo "$OUT" | grep -c 'blocklist: is known from password breaches')" = 3 ] ||
	fail "the three common passwords refused by the blocklist"
[ "$(echo "$OUT" | sed -n 4p)" = ok ] || fail "an uncommon passphrase accepted"
IN='PassWord\n' run "$PWPOL" --config "$T/nist.conf" check --json
has '"rule":"blocklist"' "case folded, JSON"
done_testing
