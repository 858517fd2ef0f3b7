#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# deb-install.sh - the Debian packages as an administrator meets them, in a
# throwaway root: built (scripts/build-deb.sh, which runs lintian) or
# reused from $PWPOL_DEBS, installed with apt, the pam-auth-update profile
# enabled, a login through the installed module as a store account and as
# a plain Unix account (pamtester, Debian's own /etc/pam.d/common-*), the
# web service's command line started by systemd-socket-activate on a
# passed socket (readiness by sd_notify, a reload by SIGHUP), then the
# profile disabled and the packages removed: /etc/pam.d must be byte for
# byte what it was each time. The command and the PAM module bring neither
# libmicrohttpd nor GnuTLS (pwpol-web, pwpol-conductor and pwpold do, and
# `pwpol web` says which to install without them). The fleet's packages:
# libnss-pwpol adds pwpol to nsswitch.conf and takes it out again, a
# conductor and an agent run from their units' command lines, a node
# enrolled, and getent answers a fleet account through the installed NSS
# module; every unit scores at most 2.0 in systemd-analyze security.
#
# The root is an overlay over / (upper and work directories in a temporary
# directory) mounted in a private mount namespace (unshare -m) and entered
# with chroot: nothing the packages do reaches the machine's own /etc,
# /var or /usr, which are compared with their checksums afterwards.
set -euo pipefail
skip() {
	echo "skipped: $1"
	exit 77
}
src=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" != inside ]; then
	[ "$(id -u)" -eq 0 ] || skip "not root: a mount namespace and an overlay need it"
	for t in unshare chroot dpkg-buildpackage lintian pamtester systemd-socket-activate \
		pam-auth-update curl python3; do
		command -v "$t" >/dev/null || skip "no $t (scripts/deps.sh installs it)"
	done
	unshare -m true 2>/dev/null || skip "no mount namespace here"
	T=$(mktemp -d /tmp/pwpol-deb.XXXXXX)
	trap 'rm -rf "$T"' EXIT
	if [ -n "${PWPOL_DEBS:-}" ]; then
		debs=$PWPOL_DEBS
		echo "== reusing the packages of $debs; lintian"
		lintian --fail-on error,warning "$debs"/pwpol_*.changes
	else
		debs=$T/debs
		echo "== building the packages (scripts/build-deb.sh, lintian included)"
		"$src/scripts/build-deb.sh" "$debs" >"$T/build.log" 2>&1 || {
			tail -50 "$T/build.log"
			echo "FAIL: the packages do not build, or lintian finds fault" >&2
			exit 1
		}
		grep -E '^[EWI]: ' "$T/build.log" || true
	fi
	ls "$debs"/libpwpol0_*.deb "$debs"/libpam-pwpol_*.deb "$debs"/pwpol_*.deb \
		"$debs"/pwpol-web_*.deb "$debs"/pwpol-conductor_*.deb "$debs"/pwpold_*.deb \
		"$debs"/libnss-pwpol_*.deb >/dev/null
	mkdir -m 700 "$T/upper" "$T/work" "$T/root"
	mkdir -m 755 "$T/upper/debs"
	cp "$debs"/*.deb "$T/upper/debs/"
	# What the packages would change on the machine, were they let out.
	sums() { sha256sum /etc/pam.d/* /etc/passwd /etc/shadow /etc/group /etc/nsswitch.conf; }
	before=$(sums)
	had=$(dpkg -s libpam-pwpol 2>/dev/null || true)
	had_nss=$(dpkg -s libnss-pwpol 2>/dev/null || true)
	set +e
	T=$T timeout 600 unshare -m bash "$0" inside
	rc=$?
	set -e
	[ "$(sums)" = "$before" ] || {
		echo "FAIL: the machine's own /etc/pam.d, passwd, shadow, group or nsswitch.conf changed" >&2
		exit 1
	}
	! dpkg -s libpam-pwpol >/dev/null 2>&1 || [ -n "$had" ] || {
		echo "FAIL: libpam-pwpol is installed on the machine itself" >&2
		exit 1
	}
	! dpkg -s libnss-pwpol >/dev/null 2>&1 || [ -n "$had_nss" ] || {
		echo "FAIL: libnss-pwpol is installed on the machine itself" >&2
		exit 1
	}
	exit $rc
fi

# ---- inside the namespace: the overlay, then everything in the chroot -----
mount --make-rprivate /
mount -t overlay pwpol-deb -o "lowerdir=/,upperdir=$T/upper,workdir=$T/work" "$T/root"
R=$T/root
mount -t proc proc "$R/proc"
mount --rbind /dev "$R/dev"
mount --rbind /sys "$R/sys"
mount -t tmpfs -o mode=755 tmpfs "$R/run"
mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"
[ "$(stat -f -c %T "$R/etc")" = overlayfs ] || {
	echo "FAIL: the throwaway root is not an overlay" >&2
	exit 1
}
exec chroot "$R" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
	DEBIAN_FRONTEND=noninteractive bash -s <<'INSIDE'
set -uo pipefail
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
pamd() { (cd /etc/pam.d && sha256sum * | sha256sum); }
orig=$(pamd)
# The machine's own store and policy, if it has any, are not this test's
# (the overlay hides them; the machine keeps them).
rm -rf /var/lib/pwpol /etc/pwpol.conf
for u in alice bob; do ! getent passwd $u >/dev/null || userdel -r $u 2>/dev/null; done

echo "== apt install ./libpwpol0_*.deb ./libpam-pwpol_*.deb ./pwpol_*.deb"
if apt-get install -y -q /debs/libpwpol0_*.deb /debs/libpam-pwpol_*.deb \
	/debs/pwpol_*.deb >/tmp/apt.log 2>&1; then
	ok "installed"
else
	cat /tmp/apt.log
	fail "apt-get install"
	exit 1
fi
[ "$(pamd)" = "$orig" ] && ok "install leaves /etc/pam.d as it was (profile off until enabled)" ||
	fail "install changed /etc/pam.d"
mod=$(ls /lib/*/security/pam_pwpol.so)
# (Each output is taken whole before it is searched: under pipefail, a
# grep -q that stops early would fail the pipe by SIGPIPE.)
# pam_pwpol.so is libc and libpam; its other half, pam-direct.so, links
# the shared library (pam_pwpol(8), FILES).
lthin=$(ldd "$mod") lmod=$(ldd /usr/lib/*/pwpol/pam-direct.so)
lcmd=$(ldd /usr/bin/pwpol) llib=$(ldd /usr/lib/*/libpwpol.so.0)
grep -qE 'libpwpol|sqlite|libcrypt\.|utf8proc' <<<"$lthin" &&
	fail "pam_pwpol.so links more than libc and libpam: $lthin" ||
	ok "pam_pwpol.so links neither libpwpol nor its store libraries"
grep -qE 'libpwpol\.so\.0 => /(usr/)?lib/' <<<"$lmod" && ok "pam-direct.so links the shared library" ||
	fail "pam-direct.so does not link libpwpol.so.0"
grep -qE 'libpwpol\.so\.0 => /(usr/)?lib/' <<<"$lcmd" && ok "the command links the shared library" ||
	fail "pwpol does not link libpwpol.so.0"
grep -q libsystemd <<<"$lmod$llib" && fail "libsystemd in the module or library"
# Neither the command nor the module takes the web's or the fleet's
# libraries (issue 27): not as a dependency of their packages, not linked.
deps=$(dpkg-deb -f /debs/pwpol_*.deb Depends; dpkg-deb -f /debs/libpam-pwpol_*.deb Depends
	dpkg-deb -f /debs/libpwpol0_*.deb Depends)
grep -qiE 'gnutls|microhttpd' <<<"$deps" && fail "pwpol, libpam-pwpol or libpwpol0 depends on GnuTLS or libmicrohttpd: $deps" ||
	ok "no GnuTLS, no libmicrohttpd in the Depends of pwpol, libpam-pwpol, libpwpol0"
grep -qiE 'gnutls|microhttpd' <<<"$lmod$lcmd$llib" && fail "GnuTLS or libmicrohttpd linked by the command, module or library" ||
	ok "the command, the module and the library link neither GnuTLS nor libmicrohttpd"
# face PACKAGE ARGS...: the command without its face module: exit 5 and
# the package to install named (a command that serves instead is stopped).
face() {
	local pkg=$1 rc=0 what
	shift
	what=$1
	[[ $2 == -* ]] || what="$1 $2"
	timeout 10 pwpol "$@" >/tmp/face.out 2>&1 </dev/null || rc=$?
	[ "$rc" = 5 ] && grep -q "install the package $pkg\$" /tmp/face.out &&
		ok "pwpol $what without $pkg: exit 5, '$(cat /tmp/face.out)'" ||
		{ fail "pwpol $what without $pkg: exit $rc"; cat /tmp/face.out; }
}
face pwpol-web web --listen 127.0.0.1:1
face pwpol-conductor conductor --listen 127.0.0.1:1
face pwpold node enroll --conductor 127.0.0.1:1 --token t --ca-fingerprint f --dir /tmp/nonode
[ ! -e /var/lib/pwpol/accounts.db ] || fail "pwpol web without its face left a store behind"
[ "$(stat -c %a:%U /var/lib/pwpol)" = 700:root ] && ok "/var/lib/pwpol 0700 root (tmpfiles)" ||
	fail "/var/lib/pwpol is $(stat -c %a:%U /var/lib/pwpol 2>&1)"

echo "== bob, a plain Unix account"
useradd -m bob && echo 'bob:Unix#Pass1' | chpasswd || fail "useradd bob"

echo "== pam-auth-update --enable pwpol"
pam-auth-update --enable pwpol || fail "pam-auth-update --enable pwpol"
grep -q pam_pwpol /etc/pam.d/common-auth && grep -q pam_pwpol /etc/pam.d/common-account &&
	grep -q pam_pwpol /etc/pam.d/common-password && ok "pam_pwpol in common-auth, -account, -password" ||
	fail "the profile is not in /etc/pam.d/common-*"
grep -H pam_pwpol /etc/pam.d/common-*

# login NAME PASSWORD EXPECTED-STATUS WHAT: auth and account through the
# stack that /etc/pam.d/other includes (a service with no file of its own).
login() {
	local rc=0
	printf '%s\n' "$2" | pamtester pwpol-test "$1" authenticate acct_mgmt >/tmp/pt.out 2>&1 || rc=$?
	if [ "$rc" -eq "$3" ]; then ok "$4"; else
		fail "$4: pamtester exit $rc, expected $3"
		cat /tmp/pt.out
	fi
}
known=
grep -qx ignore_unknown <<<"$(strings "$mod")" && known=1
# Enabled before any store exists (the two commands of the README): no
# account is pwpol's yet, and every login is pam_unix's as before.
[ -z "$known" ] || login bob 'Unix#Pass1' 0 "no store yet: Unix account bob in (pam_unix)"
echo "== alice, an account of the store"
printf 'Kx7#mWq2vL\n' | pwpol init >/dev/null || fail "pwpol init"
# The conductor's commands on the store need their face too.
face pwpol-conductor node token
face pwpol-conductor node list
printf 'Temp#Pass123\n' | pwpol useradd --unix alice >/dev/null || fail "pwpol useradd --unix alice"
printf 'Temp#Pass123\nN3w!Secret99\n' | pwpol passwd alice >/dev/null || fail "pwpol passwd alice"
grep -q '^alice:!' /etc/shadow && ok "alice's Unix password is locked: only pwpol lets her in" ||
	fail "alice's Unix password is not locked"

if [ -n "$known" ]; then
	login alice 'N3w!Secret99' 0 "store account alice, right password: in"
	login alice 'Unix#Pass1' 1 "store account alice, wrong password: out"
	login bob 'Unix#Pass1' 0 "Unix account bob, right password: in (pam_unix, as before)"
	login bob 'N3w!Secret99' 1 "Unix account bob, wrong password: out"
	login nosuch 'Unix#Pass1' 1 "no such account: out"
	printf 'Unix#Pass2\nUnix#Pass2\n' | pamtester pwpol-test bob chauthtok >/tmp/pt.out 2>&1 &&
		login bob 'Unix#Pass2' 0 "Unix account bob's password set through the stack by pam_unix" ||
		{ fail "chauthtok of Unix account bob"; cat /tmp/pt.out; }
	# Root resets alice's password through the stack: pwpol's, in the store
	# (temporary); /etc/shadow keeps her locked Unix password.
	shadow=$(grep '^alice:' /etc/shadow)
	printf 'Admin#Reset77\nAdmin#Reset77\n' | pamtester pwpol-test alice chauthtok >/tmp/pt.out 2>&1 &&
		ok "store account alice reset through the stack" ||
		{ fail "chauthtok of store account alice"; cat /tmp/pt.out; }
	grep -q temporary <<<"$(pwpol show alice)" && ok "alice's new password is temporary (pwpol's)" ||
		fail "alice's password is not pwpol's temporary one"
	[ "$(grep '^alice:' /etc/shadow)" = "$shadow" ] && ok "pam_unix left alice's shadow entry alone" ||
		fail "pam_unix changed alice's shadow entry"
	login alice 'Admin#Reset77' 1 "alice with a temporary password: a change is asked first"
	grep -q 'new one required' /tmp/pt.out && ok "account answers PAM_NEW_AUTHTOK_REQD" ||
		{ fail "no PAM_NEW_AUTHTOK_REQD for alice"; cat /tmp/pt.out; }
	# Six wrong tries lock alice (ssr: maximum-failed-attempts 6): then
	# even the right one is refused, and pam_unix is never asked.
	for i in 1 2 3 4 5 6; do printf 'wrong\n' | pamtester pwpol-test alice authenticate >/dev/null 2>&1; done
	login alice 'Admin#Reset77' 1 "store account alice, locked: out"
else
	echo "SKIP: the logins: pam_pwpol has no ignore_unknown option yet, which the profile" \
		"needs so that an account not in the store falls through to pam_unix"
	skipped=1
fi

echo "== apt install ./pwpol-web_*.deb"
apt-get install -y -q /debs/pwpol-web_*.deb >/tmp/apt.log 2>&1 && ok "pwpol-web installed" ||
	{ cat /tmp/apt.log; fail "apt-get install pwpol-web"; }
lface=$(ldd /usr/lib/*/pwpol/face-web.so)
grep -q libmicrohttpd <<<"$lface" && ok "the web face links libmicrohttpd (in pwpol-web alone)" ||
	fail "face-web.so does not link libmicrohttpd"

# security UNIT: systemd-analyze security's exposure of an installed unit,
# at most 2.0.
security() {
	local score
	score=$(systemd-analyze security --offline=true "/lib/systemd/system/$1" 2>/dev/null |
		sed -n "s/.*Overall exposure level for $1: \([0-9.]*\).*/\1/p")
	awk -v s="$score" 'BEGIN { exit !(s != "" && s + 0 <= 2.0) }' &&
		ok "$1: exposure $score, at most 2.0" || fail "$1: exposure level '$score' above 2.0"
}
echo "== pwpol-web.service's hardening (systemd-analyze security --offline)"
security pwpol-web.service

echo "== pwpol-web: the service's command line on a passed socket"
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/pwpol-web.service)
listen=$(sed -n 's/^ListenStream=//p' /lib/systemd/system/pwpol-web.socket)
[ "$listen" = 127.0.0.1:8443 ] || fail "the socket listens on $listen"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -m 700 -p /run/pwpol-web
rm -f /tmp/notify.out
python3 - /run/notify.sock >/tmp/notify.out <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
try:
    while True:
        m = s.recv(4096).decode()
        print(m.replace("\n", " "), flush=True)
except socket.timeout:
    pass
PY
notifier=$!
sleep 0.5
# As systemd would: the socket passed, NOTIFY_SOCKET set, the rest of
# the environment empty; the first connection starts the command.
systemd-socket-activate -E NOTIFY_SOCKET=/run/notify.sock -l "127.0.0.1:$port" $exec_start \
	>/tmp/web.out 2>&1 &
web=$!
for i in $(seq 50); do grep -q '^Listening on' /tmp/web.out && break; sleep 0.1; done
code=$(curl -s --max-time 10 -o /tmp/page -w '%{http_code}' "http://127.0.0.1:$port/")
[ "$code" = 303 ] && ok "pwpol web answers on the passed socket (HTTP $code, to association)" ||
	{ fail "pwpol web on the passed socket: HTTP $code"; cat /tmp/web.out; }
for i in $(seq 50); do grep -q 'READY=1' /tmp/notify.out 2>/dev/null && break; sleep 0.2; done
grep -q 'READY=1' /tmp/notify.out && ok "sd_notify READY=1" || fail "no READY=1 from pwpol web"
[ "$(stat -c %a /run/pwpol-web/token 2>&1)" = 600 ] && ok "the association token in a 0600 file" ||
	fail "no token file"
kill -HUP $web
sleep 1
kill -0 $web 2>/dev/null && ok "SIGHUP does not end pwpol web" || fail "SIGHUP ended pwpol web"
grep -q 'RELOADING=1' /tmp/notify.out && [ "$(grep -c 'READY=1' /tmp/notify.out)" = 2 ] &&
	ok "SIGHUP: RELOADING=1, then READY=1 again" || fail "no RELOADING=1/READY=1 on SIGHUP"
code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/")
[ "$code" = 303 ] && ok "still serving after the reload" || fail "after SIGHUP: HTTP $code"
kill -TERM $web
wait $web
kill $notifier 2>/dev/null
wait $notifier 2>/dev/null

echo "== the fleet: apt install ./pwpol-conductor_*.deb ./pwpold_*.deb ./libnss-pwpol_*.deb"
nss_before=$(cat /etc/nsswitch.conf)
apt-get install -y -q /debs/pwpol-conductor_*.deb /debs/pwpold_*.deb /debs/libnss-pwpol_*.deb \
	>/tmp/apt.log 2>&1 && ok "installed" || { cat /tmp/apt.log; fail "apt-get install the fleet"; }
# nss_has DB: pwpol is a source of DB in nsswitch.conf.
nss_has() { grep -qE "^$1:[^#]*\spwpol(\s|#|\$)" /etc/nsswitch.conf; }
nss_has passwd && nss_has group && ok "libnss-pwpol: pwpol in nsswitch.conf's passwd and group" ||
	{ fail "libnss-pwpol did not add pwpol to passwd and group"; cat /etc/nsswitch.conf; }
[ "$(diff <(echo "$nss_before") /etc/nsswitch.conf | grep -c '^>')" = 2 ] &&
	ok "nsswitch.conf: those two lines changed, no other" ||
	{ fail "nsswitch.conf changed beyond passwd and group"; diff <(echo "$nss_before") /etc/nsswitch.conf; }
[ ! -e /etc/nsswitch.conf.nss.libnss-pwpol-will-install ] || fail "the preinst's mark is left behind"
# No agent yet: a lookup falls through the module at once.
t0=$(date +%s%N)
getent passwd root >/dev/null && ok "getent passwd root with no agent running" || fail "getent passwd root"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 2000 ] && ok "... in $ms ms" || fail "getent passwd root took $ms ms with no agent"
security pwpol-conductor.service
security pwpol-local.service
security pwpold.service
systemctl_enabled() { [ -n "$(find /etc/systemd/system -name "$1" 2>/dev/null)" ]; }
for u in pwpol-conductor.service pwpol-local.service pwpold.service pwpol-web.socket; do
	! systemctl_enabled $u && ok "$u not enabled on install" || fail "$u enabled on install"
done

# unit_cmd UNIT: the unit's ExecStart with its EnvironmentFile's settings,
# as systemd would expand it, in the array cmd.
unit_cmd() {
	local line
	line=$(sed -n 's/^ExecStart=//p' "/lib/systemd/system/$1")
	eval "cmd=($line)"
}
cport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(
	set -a
	. /etc/default/pwpol-conductor
	LISTEN=127.0.0.1:$cport
	unit_cmd pwpol-conductor.service
	exec "${cmd[@]}"
) >/tmp/conductor.log 2>&1 &
conductor=$!
for i in $(seq 100); do grep -q 'listening on' /tmp/conductor.log && break; sleep 0.1; done
grep -q 'listening on' /tmp/conductor.log && ok "the conductor serves from its unit's command line" ||
	{ fail "the conductor does not start"; cat /tmp/conductor.log; }
pwpol node token >/tmp/token.out 2>&1 || { fail "pwpol node token"; cat /tmp/token.out; }
tok=$(awk '$1 == "token" {print $2}' /tmp/token.out)
fp=$(awk '$1 == "ca-fingerprint" {print $2}' /tmp/token.out)
pwpol node enroll --conductor "127.0.0.1:$cport" --token "$tok" --ca-fingerprint "$fp" \
	--name node1 >/tmp/enroll.out 2>&1 && [ -s /etc/pwpol/node/node.pem ] &&
	ok "pwpol node enroll (pwpold's face): /etc/pwpol/node/node.pem" ||
	{ fail "pwpol node enroll"; cat /tmp/enroll.out; }
# As an administrator would: the conductor named in /etc/default/pwpold,
# the directories made as the unit's RuntimeDirectory= and StateDirectory=.
sed -i "s/^CONDUCTOR=.*/CONDUCTOR=127.0.0.1:$cport/" /etc/default/pwpold
mkdir -p -m 755 /run/pwpold
mkdir -p -m 700 /var/lib/pwpold
(
	set -a
	. /etc/default/pwpold
	unit_cmd pwpold.service
	exec "${cmd[@]}"
) >/tmp/pwpold.log 2>&1 &
agent=$!
for i in $(seq 100); do grep -q 'connected to the conductor' /tmp/pwpold.log && break; sleep 0.1; done
grep -q 'connected to the conductor' /tmp/pwpold.log && ok "pwpold connects from its unit's command line" ||
	{ fail "pwpold does not connect"; cat /tmp/pwpold.log; }
printf 'Tq8#vWz3mRk5\n' | pwpol useradd carol >/tmp/useradd.out 2>&1 ||
	{ fail "pwpol useradd carol"; cat /tmp/useradd.out; }
line=$(getent passwd carol)
grep -qE '^carol:x:7[0-9]{4}:7[0-9]{4}::/home/carol:/bin/bash$' <<<"$line" &&
	ok "getent passwd carol through libnss_pwpol: $line" || fail "getent passwd carol: '$line'"
getent group carol >/dev/null && ok "getent group carol" || fail "getent group carol"
grep -q 'connected' <<<"$(pwpol node status 2>&1)" && ok "pwpol node status: connected" ||
	{ fail "pwpol node status"; pwpol node status; }
kill -TERM $agent $conductor
wait $agent $conductor 2>/dev/null

echo "== libnss-pwpol removed, installed again, purged"
apt-get remove -y -q libnss-pwpol >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; fail "apt-get remove libnss-pwpol"; }
[ "$(cat /etc/nsswitch.conf)" = "$nss_before" ] && ok "removed: nsswitch.conf as it was" ||
	{ fail "removed: nsswitch.conf differs"; diff <(echo "$nss_before") /etc/nsswitch.conf; }
apt-get install -y -q /debs/libnss-pwpol_*.deb >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; fail "reinstall libnss-pwpol"; }
nss_has passwd && nss_has group && ok "installed again after a remove: pwpol back in nsswitch.conf" ||
	fail "installed again after a remove: pwpol is not in nsswitch.conf"
apt-get purge -y -q libnss-pwpol >/tmp/apt.log 2>&1 || { cat /tmp/apt.log; fail "apt-get purge libnss-pwpol"; }
[ "$(cat /etc/nsswitch.conf)" = "$nss_before" ] && ok "purged: nsswitch.conf as it was" ||
	{ fail "purged: nsswitch.conf differs"; diff <(echo "$nss_before") /etc/nsswitch.conf; }

echo "== pam-auth-update --disable pwpol"
pam-auth-update --disable pwpol || fail "pam-auth-update --disable pwpol"
[ "$(pamd)" = "$orig" ] && ok "disabled: /etc/pam.d byte for byte as before" ||
	fail "disabled: /etc/pam.d differs"

echo "== enabled again, then the packages removed (prerm: pam-auth-update --remove)"
pam-auth-update --enable pwpol || fail "pam-auth-update --enable pwpol"
apt-get remove -y -q libpam-pwpol pwpol-web pwpol-conductor pwpold pwpol libpwpol0 \
	>/tmp/apt.log 2>&1 || {
	cat /tmp/apt.log
	fail "apt-get remove"
}
[ "$(pamd)" = "$orig" ] && ok "removed: /etc/pam.d byte for byte as before" ||
	{ fail "removed: /etc/pam.d differs"; grep -H pam_pwpol /etc/pam.d/* ; }
[ ! -e "$mod" ] || fail "the module is still there"

echo "$fails failed"
[ "$fails" -eq 0 ] || exit 1
[ -z "${skipped:-}" ] || exit 77
exit 0
INSIDE
