#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pam-sshd.sh - a real login end to end: Debian's sshd on a loopback port
# with pam_pwpol as its PAM stack, and the real ssh client (sshpass for a
# password, expect for a change inside the login): a temporary password
# changed inside the ssh session, a good login, a wrong one, lockout at the
# configured count with the right password refused while locked, unlock;
# tries sshd refused itself (root under PermitRootLogin no, a name with no
# Unix account on the machine) never counted as failures of the account,
# over keyboard-interactive and password alike (pam-refused.sh says why).
#
# Nothing of the machine is changed: sshd runs in a private mount namespace
# (unshare -m) in which the test's own PAM directory, passwd, group and
# shadow (the machine's, plus one test user) and an empty /run are mounted
# over the real ones; the client connects from outside over 127.0.0.1.
. "$TESTS_DIR/lib.sh"
skip() { echo "$1"; echo "0 passed, 0 failed, 1 skipped: $1"; exit 0; }
[ "$(id -u)" -eq 0 ] || skip "not root: sshd and a mount namespace need it"
for t in /usr/sbin/sshd ssh ssh-keygen sshpass expect unshare; do
	command -v "$t" >/dev/null || skip "no $t (openssh-server, sshpass, expect)"
done
unshare -m true 2>/dev/null || skip "no mount namespace here"
# A module built with AddressSanitizer loads only into a process whose
# runtime comes first; sshd is Debian's own. The plain build runs this.
[ "${PWPOL_SANITIZE:-0}" != 1 ] || skip "sanitizer build: sshd cannot load an ASan module"

USER_=pwpolsshd
PW_TMP='Temp#Pass123' PW_NEW='Ssh#N3w-Pass42' PW_BAD='Wrong#Guess-42'
chmod 755 "$T"
mkdir -p "$T/etc" "$T/pam.d" "$T/run" "$T/home" "$T/store"
chmod 700 "$T/store"
export PWPOL_DB=$T/store/accounts.db
# The policy: lockout at the third failure, for an hour.
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 3; lock-time 3600; } } }\n' >"$T/pwpol.conf"
chmod 644 "$T/pwpol.conf"
export PWPOL_CONFIG=$T/pwpol.conf

cp /etc/passwd /etc/group /etc/shadow "$T/etc/"
echo "$USER_:x:4242:4242:pwpol test:$T/home:/bin/sh" >>"$T/etc/passwd"
echo "$USER_:x:4242:" >>"$T/etc/group"
echo "$USER_:!:19000:0:99999:7:::" >>"$T/etc/shadow"
chown 4242:4242 "$T/home"
opts="db=$PWPOL_DB config=$PWPOL_CONFIG nodelay"
cat >"$T/pam.d/sshd" <<PAM
auth     required $PAM_PWPOL $opts
account  required $PAM_PWPOL $opts
password required $PAM_PWPOL $opts
session  required pam_permit.so
PAM
ssh-keygen -q -t ed25519 -N '' -f "$T/host_key"
PORT=$(( (RANDOM % 20000) + 30000 ))
cat >"$T/sshd_config" <<CONF
Port $PORT
ListenAddress 127.0.0.1
HostKey $T/host_key
PidFile $T/run/sshd.pid
UsePAM yes
KbdInteractiveAuthentication yes
PasswordAuthentication yes
PubkeyAuthentication no
PermitRootLogin no
AuthorizedKeysFile none
StrictModes no
LogLevel VERBOSE
CONF

IN='Kx7#mWq2vL\n' run "$PWPOL" init
expect 0 "the store and its system accounts"
IN="$PW_TMP\n" run "$PWPOL" useradd "$USER_"
expect 0 "the pwpol account, with a temporary password"

unshare -m sh -c "
	mount --make-rprivate / &&
	mount --bind '$T/pam.d' /etc/pam.d &&
	for f in passwd group shadow; do mount --bind '$T/etc/'\$f /etc/\$f || exit 1; done &&
	mount -t tmpfs tmpfs /run && mkdir -m 755 /run/sshd &&
	exec /usr/sbin/sshd -D -e -f '$T/sshd_config'" 2>"$T/sshd.log" &
SSHD=$!
stop_sshd() { kill "$SSHD" 2>/dev/null; wait "$SSHD" 2>/dev/null; rm -rf "$T"; }
trap stop_sshd EXIT
for _ in $(seq 50); do
	grep -q "Server listening" "$T/sshd.log" 2>/dev/null && break
	sleep 0.1
done
grep -q "Server listening" "$T/sshd.log" || { cat "$T/sshd.log" >&2; fail "sshd did not start"; done_testing; }

SSH_OPTS=(-p "$PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
	-o PreferredAuthentications=keyboard-interactive -o NumberOfPasswordPrompts=1
	-o ConnectTimeout=10)
login_ssh() { # PASSWORD: one ssh login running `echo in-as-$USER`
	set +e
	OUT=$(timeout 30 sshpass -p "$1" ssh "${SSH_OPTS[@]}" "$USER_@127.0.0.1" 'echo in-as-$USER' 2>"$T/ssh.err")
	RC=$?
	set -e
	ERR=$(cat "$T/ssh.err")
}

# The temporary password: accepted into a forced change, made inside the
# ssh login (expect answers sshd's prompts as a person would).
set +e
OUT=$(timeout 60 expect -c "
	set timeout 20
	spawn ssh ${SSH_OPTS[*]} -tt $USER_@127.0.0.1 {echo in-as-\$USER}
	expect \"assword:\"              { send \"$PW_TMP\r\" }
	expect \"Current password:\"     { send \"$PW_TMP\r\" }
	expect \"New password:\"         { send \"$PW_NEW\r\" }
	expect \"Retype new password:\"  { send \"$PW_NEW\r\" }
	expect eof
	catch wait result
	exit [lindex \$result 3]" 2>&1)
RC=$?
set -e
ERR=
has "You must change your temporary password now." "told why, inside the ssh login"
has "in-as-$USER_" "the session runs after the change"
run "$PWPOL" show "$USER_"
has "$USER_ " "the account is there"
hasnt "temporary" "no longer temporary after the change"

login_ssh "$PW_NEW"
expect 0 "a good login"
has "in-as-$USER_" "the command ran as the user"
login_ssh "$PW_TMP"
[ "$RC" -ne 0 ] || fail "the old password no longer logs in"
hasnt "in-as-" "nothing ran"

# Lockout: the third failure locks (one was counted just now); the right
# password is refused while locked; pwpol unlock opens it again.
login_ssh "$PW_BAD"
[ "$RC" -ne 0 ] || fail "a wrong password"
login_ssh "$PW_BAD"
[ "$RC" -ne 0 ] || fail "a third wrong password"
run "$PWPOL" show "$USER_"
has "locked" "locked at exactly the third failure"
login_ssh "$PW_NEW"
[ "$RC" -ne 0 ] || fail "the right password refused while locked"
hasnt "in-as-" "nothing ran while locked"
run "$PWPOL" unlock "$USER_"
expect 0 "unlock"
login_ssh "$PW_NEW"
expect 0 "the right password after unlock"
has "in-as-$USER_" "in again"

# Tries sshd refused itself. root has a Unix account but PermitRootLogin
# no; fleetonly is a pwpol account with no Unix account in this namespace
# (sshd: "Invalid user"). sshd runs PAM for both with its replacement of
# the password: not one may count, right password or wrong, over either
# method; before, each counted and three locked the account fleet-wide.
IN='Flt#0nly-Pass42\n' run "$PWPOL" useradd fleetonly
expect 0 "a pwpol account without a Unix account"
IN='Flt#0nly-Pass42\nQz9!vRt#Lm27pX\n' run "$PWPOL" passwd fleetonly
expect 0 "its own password"
try_as() { # METHOD NAME PASSWORD: one ssh try, its exit status in $RC
	set +e
	OUT=$(timeout 30 sshpass -p "$3" ssh "${SSH_OPTS[@]}" -o PreferredAuthentications="$1" \
		"$2@127.0.0.1" 'echo in-as-$USER' 2>"$T/ssh.err")
	RC=$?
	set -e
	ERR=$(cat "$T/ssh.err")
}
failures() {
	run "$PWPOL" --json show "$1"
	printf '%s' "$OUT" | sed -n 's/.*"failures":\([0-9]*\).*/\1/p'
}
for method in keyboard-interactive password; do
	for pw in 'Kx7#mWq2vL' 'Wrong#Guess-42' 'Kx7#mWq2vL' 'Wrong#Guess-42'; do
		try_as "$method" root "$pw"
		[ "$RC" -ne 0 ] || fail "root over $method: refused (PermitRootLogin no)"
		hasnt "in-as-" "nothing ran as root"
		try_as "$method" fleetonly "$pw"
		[ "$RC" -ne 0 ] || fail "fleetonly over $method: refused (no Unix account)"
		try_as "$method" fleetonly 'Qz9!vRt#Lm27pX'
		[ "$RC" -ne 0 ] || fail "fleetonly's right password over $method: still refused by sshd"
	done
done
grep -q "Invalid user fleetonly" "$T/sshd.log" || fail "sshd said fleetonly is an invalid user"
[ "$(failures root)" = 0 ] || fail "root: no failure counted (got $(failures root))"
[ "$(failures fleetonly)" = 0 ] || fail "fleetonly: no failure counted (got $(failures fleetonly))"
run "$PWPOL" show root
hasnt 'locked' "root is not locked"
run "$PWPOL" show fleetonly
hasnt 'locked' "fleetonly is not locked"
# The accounts' own tries still count: a wrong password of the test user.
login_ssh "$PW_BAD"
[ "$(failures "$USER_")" = 1 ] || fail "$USER_: its own wrong password counted"
login_ssh "$PW_NEW"
expect 0 "$USER_ logs in after all of that"
# The machine's own files were not touched.
grep -q "^$USER_:" /etc/passwd && fail "the machine's /etc/passwd was changed"
done_testing
