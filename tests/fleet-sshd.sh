#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# fleet-sshd.sh - real ssh logins on two nodes of a fleet: Debian's sshd
# on each, in a mount namespace of its own where /etc/nsswitch.conf names
# pwpol, /etc/pam.d holds pam_pwpol agent= and pam_mkhomedir, and
# /run/pwpold/socket is that node's agent, and libnss_pwpol.so.2 sits in the
# library directory (a read-only overlay, in that namespace only). An
# account made once on the
# conductor, and never in any /etc/passwd, logs in over ssh on both nodes
# with one uid, its home made at the first login; failures on the two
# nodes lock it for both. Exits 77 (skipped) without root, unshare, sshd,
# sshpass or in the sanitizer build (sshd cannot load an ASan module).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
. "$(dirname "$0")/lib-fleet.sh"
for t in /usr/sbin/sshd ssh ssh-keygen sshpass; do
	command -v "$t" >/dev/null || skip "no $t (openssh-server, sshpass)"
done
[ "${PWPOL_SANITIZE:-0}" != 1 ] || skip "sanitizer build: sshd cannot load an ASan module"
[ -e /lib/x86_64-linux-gnu/security/pam_mkhomedir.so ] || [ -e /usr/lib/security/pam_mkhomedir.so ] ||
	command -v mkhomedir_helper >/dev/null || skip "no pam_mkhomedir"

DB=$T/fleet.db
printf 'system { login { password { profile ssr; } lockout { maximum-failed-attempts 3; lock-time 3600; } } }\n' >"$T/pwpol.conf"
export PWPOL_CONFIG=$T/pwpol.conf
TMP_PW='Temp#Pass123' OWN='Fl33t#Acc0unt-42' BAD='Wrong#Guess-42'
IN="$PW\n" run "$PWPOL" --db "$DB" init
IN="$TMP_PW\n" run "$PWPOL" --db "$DB" useradd erin
IN="$TMP_PW\n$OWN\n" run "$PWPOL" --db "$DB" passwd erin
expect 0 "erin, made once on the conductor"
grep -q '^erin:' /etc/passwd && skip "the machine has an erin of its own"
mkdir -m 755 "$T/home" "$T/nsslib"
# The module where glibc looks for it, as a package installs it: a
# read-only overlay of the library directory, in sshd's namespace only
# (pam_mkhomedir's helper runs with a clean environment).
LIBDIR=$(dirname "$(readlink -f /lib/x86_64-linux-gnu/libc.so.6 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/x)")
cp "$NSS_PWPOL" "$T/nsslib/libnss_pwpol.so.2"
chmod -R 755 "$T/nsslib"
unshare -m sh -c "mount --make-rprivate / && mount -t overlay overlay -o lowerdir='$T/nsslib':'$LIBDIR' '$LIBDIR'" 2>/dev/null ||
	skip "no overlay mount here"
conductor_start "$DB" --home "$T/home"

SSHD_PIDS=()
stop_all() {
	for p in "${SSHD_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${SSHD_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
	fleet_cleanup
}
trap stop_all EXIT
ssh-keygen -q -t ed25519 -N '' -f "$T/host_key"
declare -A SSH_PORT
for n in nodeA nodeB; do
	enroll "$n"
	expect 0 "$n enrolled"
	agent_start "$n"
	mkdir -p "$T/$n.pam.d"
	cat >"$T/$n.pam.d/sshd" <<PAM
auth     required $PAM_PWPOL agent=$T/$n/socket nodelay
account  required $PAM_PWPOL agent=$T/$n/socket
password required $PAM_PWPOL agent=$T/$n/socket
session  required pam_mkhomedir.so umask=0077
PAM
	port=$(((RANDOM % 20000) + 30000))
	SSH_PORT[$n]=$port
	cat >"$T/$n.sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $T/host_key
PidFile /run/sshd.pid
UsePAM yes
KbdInteractiveAuthentication yes
PasswordAuthentication no
PubkeyAuthentication no
PermitRootLogin no
AuthorizedKeysFile none
StrictModes no
LogLevel VERBOSE
CONF
	unshare -m sh -c "
		mount --make-rprivate / &&
		mount --bind '$T/$n.pam.d' /etc/pam.d &&
		mount --bind '$T/nsswitch.conf' /etc/nsswitch.conf &&
		mount -t tmpfs tmpfs /run && mkdir -m 755 /run/sshd /run/pwpold &&
		ln -s '$T/$n/socket' /run/pwpold/socket &&
		mount -t overlay overlay -o lowerdir='$T/nsslib':'$LIBDIR' '$LIBDIR' &&
		exec /usr/sbin/sshd -D -e -f '$T/$n.sshd_config'" \
		2>"$T/$n.sshd.log" &
	SSHD_PIDS+=($!)
	wait_for "$T/$n.sshd.log" "Server listening" || fail "$n: sshd did not start"
done

ssh_login() { # NODE PASSWORD: one ssh login that prints who it runs as
	set +e
	OUT=$(timeout 30 sshpass -p "$2" ssh -p "${SSH_PORT[$1]}" -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
		-o PreferredAuthentications=keyboard-interactive -o NumberOfPasswordPrompts=1 \
		-o ConnectTimeout=10 erin@127.0.0.1 'echo "in as $(id -un) $(id -u) $(id -g) $HOME"' 2>"$T/ssh.err")
	RC=$?
	set -e
	ERR=$(cat "$T/ssh.err")
}

ssh_login nodeA "$OWN"
expect 0 "nodeA: erin logs in over ssh"
has "in as erin 70000 70000 $T/home/erin" "with her fleet uid, group and home"
[ -d "$T/home/erin" ] && [ "$(stat -c %u "$T/home/erin")" = 70000 ] ||
	fail "the home made at the first login, hers"
ssh_login nodeB "$OWN"
expect 0 "nodeB: erin logs in over ssh"
has "in as erin 70000 70000" "the same uid on the other node"
ssh_login nodeA "$BAD"
[ "$RC" -ne 0 ] || fail "nodeA: a wrong password"
ssh_login nodeB "$BAD"
[ "$RC" -ne 0 ] || fail "nodeB: a wrong password"
ssh_login nodeA "$BAD"
[ "$RC" -ne 0 ] || fail "nodeA: a third"
ssh_login nodeB "$OWN"
[ "$RC" -ne 0 ] || fail "nodeB: the right password refused, locked by failures on both nodes"
hasnt "in as" "nothing ran while locked"
run "$PWPOL" --db "$DB" --json show erin
has '"failures":3' "three failures from two nodes in the store"
grep -q "node=nodeA auth erin: rejected" "$T/conductor.log" || fail "nodeA's requests logged as nodeA's"
grep -q "node=nodeB auth erin: rejected" "$T/conductor.log" || fail "nodeB's as nodeB's"

fleet_finish
done_testing
