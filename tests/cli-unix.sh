#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-unix.sh - `pwpol useradd --unix NAME`: the pwpol account and, through
# shadow's real /usr/sbin/useradd, the Unix account with its password field
# locked (`!`), a home directory and useradd's default shell; an existing
# Unix account refused before anything is made; a useradd that fails (a
# group of that name exists) leaves no pwpol account behind; userdel --unix
# (never a system account, the Unix account kept when userdel fails); only
# root, and only with admin-control.
#
# Nothing of the machine is changed: the test runs itself again inside a
# private mount namespace (unshare -m) in which a copy of /etc, an empty
# /home, /var/mail and /var/log (useradd's lastlog and faillog) are
# bind-mounted over the real ones; afterwards the machine's passwd, shadow
# and group files are compared with their checksums from before.
. "$(dirname "$0")/lib.sh"
skip() {
	echo "skipped: $1"
	exit 77
}
FILES="/etc/passwd /etc/shadow /etc/group /etc/gshadow"

if [ "${1:-}" != inside ]; then
	[ "$(id -u)" -eq 0 ] || skip "not root: useradd and a mount namespace need it"
	[ -x /usr/sbin/useradd ] && [ -x /usr/sbin/groupadd ] || skip "no shadow useradd (passwd)"
	command -v unshare >/dev/null || skip "no unshare"
	unshare -m true 2>/dev/null || skip "no mount namespace here"
	# Only what the namespace covers may be written by useradd.
	[ "$(useradd -D | sed -n 's/^HOME=//p')" = /home ] && [ -d /home ] && [ -d /var/log ] ||
		skip "useradd's home base is not /home here"
	before=$(sha256sum $FILES)
	homes=$(ls -a /home)
	set +e
	OUTER_NS=$(readlink /proc/self/ns/mnt) unshare -m bash "$0" inside
	RC=$?
	set -e
	OUT= ERR=
	expect 0 "the checks inside the namespace (above)"
	[ "$(sha256sum $FILES)" = "$before" ] || fail "the machine's passwd, shadow or group changed"
	[ "$(ls -a /home)" = "$homes" ] || fail "the machine's /home changed"
	grep -q '^carol:' /etc/passwd && fail "carol is in the machine's /etc/passwd"
	done_testing
	exit 0
fi

# ---- inside the namespace ------------------------------------------------
# Every mount is checked before useradd may run: a failed one ends the test.
[ "$(readlink /proc/self/ns/mnt)" != "${OUTER_NS:?}" ] || {
	echo "not in a mount namespace of its own" >&2
	exit 1
}
mount --make-rprivate /
cp -a /etc "$T/etc"
mkdir -m 755 "$T/home" "$T/log" "$T/mail"
mount --bind "$T/etc" /etc
mount --bind "$T/home" /home
mount --bind "$T/log" /var/log
# A mail spool, where the defaults make one (CREATE_MAIL_SPOOL).
[ ! -d /var/mail ] || mount --bind "$T/mail" /var/mail
[ "$(stat -c %d:%i /etc)" = "$(stat -c %d:%i "$T/etc")" ] &&
	[ "$(stat -c %d:%i /home)" = "$(stat -c %d:%i "$T/home")" ] || {
	echo "the bind mounts are not in place" >&2
	exit 1
}
T0=1700000000
P="$PWPOL --now $T0"
PW='Kx7#mWq2vL'
TMP='Temp#Pass123'
NEW='N3w!Secret99'
shell=$(useradd -D | sed -n 's/^SHELL=//p')
base=$(useradd -D | sed -n 's/^HOME=//p')

IN="$PW\n" run $P init
expect 0 "init"

# The two accounts, the Unix one locked for every password but pwpol's.
IN="$TMP\n" run $P useradd --unix --class operator carol
expect 0 "useradd --unix"
has "added carol and its Unix account (temporary password: change at first login)" "says both"
pwline=$(grep '^carol:' /etc/passwd) || fail "carol in /etc/passwd"
IFS=: read -r _ x uid gid _ home sh <<<"$pwline"
[ "$x" = x ] || fail "passwd: the password is in shadow: $pwline"
[ "$home" = "$base/carol" ] || fail "passwd: home $home, expected $base/carol"
[ "$sh" = "$shell" ] || fail "passwd: shell $sh, expected useradd's default $shell"
[ "$(grep '^carol:' /etc/shadow | cut -d: -f2)" = '!' ] || fail "shadow: the password field is !"
[ "$(stat -c %u:%g "$home")" = "$uid:$gid" ] || fail "the home directory is carol's"
run $P show carol
expect 0 "show carol"
has "operator" "the pwpol account, of its class"
IN="$TMP\n" run $P login carol
expect 4 "the temporary password logs in (into a change) through pwpol"

# An existing Unix account: refused before the password is read.
useradd dave
IN="$TMP\n" run $P useradd --unix dave
expect 2 "useradd --unix over an existing Unix account"
has "the Unix account dave exists already; \`pwpol import shadow dave\` takes it over" "says the way"
run $P show dave
expect 2 "no pwpol account dave"
# Without --unix the pwpol account alone is made, as before.
IN="$TMP\n" run $P useradd dave
expect 0 "useradd dave without --unix"

# useradd fails (a group erin exists): the pwpol account made first is
# removed again, useradd's own message shown, status 5.
groupadd erin
IN="$TMP\n" run $P useradd --unix erin
expect 5 "useradd --unix when useradd fails"
has "useradd: group erin exists" "useradd's message shown"
has "/usr/sbin/useradd failed with exit status 9" "its status said"
has "the pwpol account erin was removed again" "says the rollback"
run $P show erin
expect 2 "no pwpol account erin is left"
grep -q '^erin:' /etc/passwd && fail "no Unix account erin"
# With --json the answer is one JSON object on stdout (useradd's own
# output goes to stderr).
groupadd erin2
IN="$TMP\n" run $P --json useradd --unix erin2
expect 5 "--json: useradd fails"
[ "$(printf '%s\n' "$OUT" | wc -l)" = 1 ] && has '"ok":false' "one JSON line" ||
	fail "stdout is one JSON object"

# Only with admin-control (the library decides): an operator may not.
IN="$TMP\n$NEW\n" run $P passwd carol
expect 0 "carol's own password"
IN="$NEW\n$TMP\n" run $P --as carol useradd --unix frank
expect 6 "--as an operator: useradd --unix not permitted"
grep -q '^frank:' /etc/passwd && fail "no Unix account for a refused useradd"
IN="$PW\n$TMP\n" run $P --as admin useradd --unix frank
expect 0 "--as admin (super-user) may"
grep -q '^frank:' /etc/passwd || fail "frank's Unix account"

# userdel --unix: the pwpol account, then the Unix one; the home is kept.
run $P userdel --unix carol
expect 0 "userdel --unix carol"
has "deleted carol and its Unix account (its home directory is kept)" "says both"
grep -q '^carol:' /etc/passwd /etc/shadow && fail "carol's Unix account is gone"
run $P show carol
expect 2 "carol's pwpol account is gone"
[ -d "$base/carol" ] || fail "carol's home is kept"
# Never a system account: refused before anything is deleted.
run $P userdel --unix root
expect 2 "userdel --unix root"
has "the Unix account root was not made by pwpol (uid 0 is outside UID_MIN..UID_MAX" "says why"
# Nor a system account that shares its name with a pwpol-only account:
# before, `pwpol useradd sshd` then `userdel --unix sshd` removed the
# system's sshd.
useradd --system --no-create-home svcd
IN="$TMP\n" run $P useradd svcd
expect 0 "a pwpol-only account named as a system account"
run $P userdel --unix svcd
expect 2 "userdel --unix of a system account's name"
has "the Unix account svcd was not made by pwpol" "says why"
has "nothing deleted" "says so"
grep -q '^svcd:' /etc/passwd || fail "the system account svcd is untouched"
run $P show svcd
expect 0 "the pwpol account svcd is kept too"
# Nor a person's Unix account with a Unix password of its own.
useradd hank
usermod -p '$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KqouBsAZ3Aj3DBbKp6tk4U8PKIxmd.NUsb/Ta.FXQ2jAvVl1' hank
IN="$TMP\n" run $P useradd hank
run $P userdel --unix hank
expect 2 "userdel --unix of an account with its own Unix password"
has "a Unix password field of its own" "says why"
grep -q '^hank:' /etc/passwd || fail "hank's Unix account is untouched"
# An all-digit name for --unix: chown 0 would mean root.
IN="$TMP\n" run $P useradd --unix 0
expect 2 "useradd --unix 0"
has "0 is all digits" "says why"
grep -q '^0:' /etc/passwd && fail "no Unix user 0"
run $P show 0
expect 2 "no pwpol account 0 either"
grep -q '^root:' /etc/passwd || fail "root's Unix account is untouched"
# A Unix account that is no pwpol account: nothing is deleted.
useradd zed
run $P userdel zed --unix
expect 2 "userdel --unix of no pwpol account"
grep -q '^zed:' /etc/passwd || fail "zed's Unix account is untouched"
# userdel fails (frank has a process running): the pwpol account is gone,
# the Unix account stays, status 5 with userdel's own message.
setpriv --reuid=frank --regid="$(id -g frank)" --clear-groups sleep 60 &
SLEEPER=$!
# The child runs as frank only once setpriv has switched and exec'd sleep:
# wait for that, or userdel may find no process of frank's yet.
FRANK_UID=$(id -u frank)
for _ in $(seq 100); do
	grep -qs '^Name:[[:space:]]*sleep$' /proc/$SLEEPER/status &&
		grep -qs "^Uid:[[:space:]]*$FRANK_UID[[:space:]]" /proc/$SLEEPER/status && break
	sleep 0.05
done
IN="$PW\n" run $P --as admin userdel --unix frank
kill "$SLEEPER"
wait "$SLEEPER" 2>/dev/null || true
expect 5 "userdel --unix while userdel fails"
has "userdel: user frank is currently used by process" "userdel's message shown"
has "the pwpol account frank was deleted, but /usr/sbin/userdel failed with exit status 8" "said"
grep -q '^frank:' /etc/passwd || fail "frank's Unix account remains"
run $P show frank
expect 2 "frank's pwpol account is gone"
# By an account without admin-control: nothing happens.
IN="$TMP\n" run $P useradd --unix --class operator gus
IN="$TMP\n$NEW\n" run $P passwd gus
IN="$NEW\n" run $P --as gus userdel --unix dave
expect 6 "--as an operator: userdel --unix not permitted"
grep -q '^dave:' /etc/passwd || fail "dave's Unix account is untouched"

# Only root: anyone else is told so before anything is made.
mkdir -m 700 "$T/nb"
cp "$PWPOL_DB" "$T/nb/accounts.db"
chown -R nobody "$T/nb"
chmod 711 "$T"
IN="$TMP\n" run setpriv --reuid=nobody --regid=nogroup --clear-groups \
	$P --db "$T/nb/accounts.db" useradd --unix gina
expect 6 "useradd --unix by another user than root"
has "only root may create a Unix account" "says why"
grep -q '^gina:' /etc/passwd && fail "no Unix account gina"
run setpriv --reuid=nobody --regid=nogroup --clear-groups \
	$P --db "$T/nb/accounts.db" userdel --unix dave
expect 6 "userdel --unix by another user than root"
has "only root may delete a Unix account" "says why"

done_testing
