# SPDX-License-Identifier: BSD-3-Clause
# pam-hostenv.sh - the caller's environment never chooses the fleet store:
# inside su (setuid) or a host like sshd (pam_driver, which the module tells
# it is a host), PGSERVICEFILE, PGSYSCONFDIR, PGOPTIONS, PGHOST... of the
# calling user are not read. The attacker (nobody) keeps a store of its own
# on the same server, where root's password is the attacker's, and names it
# through a service file of its own; root's login with the attacker's
# password must be refused and counted in the real store. PGOPTIONS that
# make the session read-only must not leave a failure uncounted.
#
# The system service file (/etc/postgresql-common/pg_service.conf) and su's
# PAM file are the test's own, bind-mounted in a private mount namespace
# (unshare -m): nothing of the machine is read or changed. Needs root and
# PWPOL_PG_STATE (the ctest fixture, pg-server.sh); exits 77 (skipped)
# without them.
. "$(dirname "$0")/lib.sh"
skip() {
	echo "skipped: $1"
	exit 77
}
: "${PWPOL_PG_STATE:?run by ctest with the pg fixture}"
SVCDIR=$(dirname "${PWPOL_PG_SERVICE_FILE:-/etc/postgresql-common/pg_service.conf}")

if [ "${1:-}" != inside ]; then
	[ "$(id -u)" -eq 0 ] || skip "not root: su as nobody and a mount namespace need it"
	command -v unshare >/dev/null && command -v setpriv >/dev/null || skip "no unshare/setpriv"
	unshare -m true 2>/dev/null || skip "no mount namespace here"
	[ -d "$SVCDIR" ] || skip "no $SVCDIR to cover"
	set +e
	OUTER_NS=$(readlink /proc/self/ns/mnt) unshare -m bash "$0" inside
	RC=$?
	set -e
	OUT= ERR=
	expect 0 "the checks inside the namespace (above)"
	done_testing
	exit 0
fi

# ---- inside the namespace ------------------------------------------------
[ "$(readlink /proc/self/ns/mnt)" != "${OUTER_NS:?}" ] || {
	echo "not in a mount namespace of its own" >&2
	exit 1
}
. "$(dirname "$0")/lib-pam.sh"
mount --make-rprivate /
# shellcheck disable=SC1090
. "$PWPOL_PG_STATE" # DIR: the test server's directory (its socket in $DIR/sock)
legit=$(store legit)
evil=$(store evil)
EVIL_PW='Evil#Pass123'
# dbname URI: the database a test server's URI names (pg-server.sh's form).
dbname() {
	printf '%s\n' "$1" | sed 's|^postgresql://[^/]*/||; s|?.*||'
}

IN="$PW\n" run "$PWPOL" --db "$legit" init
expect 0 "init the real store"
IN="$PW\n" run "$PWPOL" --db "$legit" useradd alice
expect 0 "useradd alice"
IN="$EVIL_PW\n" run "$PWPOL" --db "$evil" init
expect 0 "the attacker's own store, root's password the attacker's"

# The system's service file, root's, names the real store.
mkdir -m 755 "$T/etc-pg"
cat >"$T/etc-pg/pg_service.conf" <<EOF
# the machines' store
[pwpol]
host=$DIR/sock
port=5439
user=postgres
dbname=$(dbname "$legit")
# A primary and its standby, as README's "High availability" names them:
# the first host has no server (its socket directory is empty), libpq
# goes on to the next that accepts writes.
[pwpolha]
host=$T/no-server,$DIR/sock
port=5439,5439
target_session_attrs=read-write
user=postgres
dbname=$(dbname "$legit")
EOF
chmod 644 "$T/etc-pg/pg_service.conf"
mkdir -m 755 "$T/no-server"
mount --bind "$T/etc-pg" "$SVCDIR"
[ "$(stat -c %i "$SVCDIR/pg_service.conf")" = "$(stat -c %i "$T/etc-pg/pg_service.conf")" ] || {
	echo "the service file is not the test's" >&2
	exit 1
}

# The attacker's files: a service of the same name naming its own store, in
# a directory of its own.
mkdir -m 755 "$T/nobody"
chown 65534:65534 "$T/nobody"
cat >"$T/nobody/pg_service.conf" <<EOF
[pwpol]
host=$DIR/sock
port=5439
user=postgres
dbname=$(dbname "$evil")
EOF
chown 65534:65534 "$T/nobody/pg_service.conf"
svc='postgresql:///?service=pwpol'
explicit="$legit"

failures() {
	IN= run "$PWPOL" --db "$legit" --json show "$1"
	printf '%s\n' "$OUT" | sed -n 's/.*"failures":\([0-9]*\).*/\1/p'
}

# ---- a host (pam_driver, as sshd runs the module) ------------------------
service host "db=$svc nodelay"
IN="$PW\n" pam --service host --user root authenticate
expect 0 "the system's service: root with root's password"
IN="$EVIL_PW\n" pam --service host --user root authenticate
expect 7 "the system's service: the attacker's password refused"
service ha "db=postgresql:///?service=pwpolha nodelay"
IN="$PW\n" pam --service ha --user alice authenticate
expect 0 "a multi-host service (target_session_attrs=read-write) in a host"

IN="$EVIL_PW\n" PGSERVICEFILE=$T/nobody/pg_service.conf pam --service host --user root authenticate
expect 7 "PGSERVICEFILE naming the attacker's store: refused"
IN="$EVIL_PW\n" PGSYSCONFDIR=$T/nobody pam --service host --user root authenticate
expect 7 "PGSYSCONFDIR naming the attacker's directory: refused"
[ "$(failures root)" = 3 ] || fail "the three refusals counted in the real store: $(failures root)"
IN="$PW\n" PGSERVICEFILE=$T/nobody/pg_service.conf PGSYSCONFDIR=$T/nobody \
	pam --service host --user root authenticate
expect 0 "root's own password still works under the hostile environment"

# A URI without a service: PGSERVICE must not bring the attacker's in.
service plain "db=$explicit nodelay"
IN="$EVIL_PW\n" PGSERVICE=pwpol PGSERVICEFILE=$T/nobody/pg_service.conf \
	pam --service plain --user root authenticate
expect 7 "PGSERVICE with the attacker's file: refused"
# Host, port and database written out: a read-only session must not leave
# a failure uncounted.
before=$(failures alice)
IN='wrong#Pass99\n' PGOPTIONS='-c default_transaction_read_only=on' \
	pam --service plain --user alice authenticate
expect 7 "PGOPTIONS read-only: alice's wrong password refused"
[ "$(failures alice)" = $((before + 1)) ] ||
	fail "PGOPTIONS read-only: the failure counted ($before -> $(failures alice))"
# The caller's PGHOST/PGPORT/PGCONNECT_TIMEOUT cannot move a service's
# store (nor make it unreachable: PAM_AUTHINFO_UNAVAIL lets a fallback in).
IN="$PW\n" PGHOST=/nonexistent PGPORT=1 PGDATABASE=nowhere PGUSER=nobody PGSSLMODE=require \
	PGCONNECT_TIMEOUT=1 PGPASSFILE=/dev/zero pam --service host --user admin authenticate
expect 0 "PG* variables pointing nowhere: the store is still reached"

# A service file anyone may write is not read.
chmod 666 "$SVCDIR/pg_service.conf"
IN="$PW\n" pam --service host --user root authenticate
expect 9 "a world-writable system service file: the store is unavailable"
logged "pg_service.conf: writable by its group and others; refused" "the reason is logged"
chmod 644 "$SVCDIR/pg_service.conf"

# ---- su, setuid, run by nobody with a hostile environment --------------
mkdir -m 755 "$T/pam.d-su"
cat >"$T/pam.d-su/su" <<EOF
auth     required  $PAM_PWPOL db=$svc nodelay
account  required  pam_permit.so
session  required  pam_permit.so
password required  pam_deny.so
EOF
for f in /etc/pam.d/*; do
	[ "$(basename "$f")" = su ] || cp "$f" "$T/pam.d-su/"
done
mount --bind "$T/pam.d-su" /etc/pam.d
[ -u /usr/bin/su ] || {
	echo "skipped the su part: /usr/bin/su is not setuid" >&2
	done_testing
	exit 0
}
# A sanitizer build's module cannot be loaded by a setuid su (the runtime
# must come first, and AT_SECURE drops LD_PRELOAD): pam_driver covers it.
[ "${PWPOL_SANITIZE:-0}" != 1 ] || {
	echo "skipped the su part: sanitizer build" >&2
	done_testing
	exit 0
}
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env -i PATH=/usr/bin:/bin HOME="$T/nobody" "$@"
}
before=$(failures root)
IN="$EVIL_PW\n" run as_nobody PGSERVICEFILE="$T/nobody/pg_service.conf" \
	PGSYSCONFDIR="$T/nobody" su root -c 'id -u'
[ "$RC" -ne 0 ] || fail "su as nobody with PGSERVICEFILE: the attacker's password let it in"
hasnt '0' "su as nobody: no shell as root"
[ "$(failures root)" = $((before + 1)) ] ||
	fail "su as nobody: the failure counted in the real store ($before -> $(failures root))"
IN="$PW\n" run as_nobody PGSERVICEFILE="$T/nobody/pg_service.conf" su root -c 'id -u'
expect 0 "su as nobody with root's password, hostile environment: root"
[ "$OUT" = 0 ] || fail "su: the shell runs as root ($OUT)"
done_testing
