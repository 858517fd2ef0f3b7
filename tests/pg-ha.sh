# SPDX-License-Identifier: BSD-3-Clause
# pg-ha.sh - high availability on PostgreSQL itself: the nodes name the
# store with libpq's multi-host URI and target_session_attrs=read-write, so
# a standby that the operator's tooling promotes is followed. The suite
# starts a primary and a streaming standby (pg_basebackup -R, synchronous
# replication as the README asks for), runs logins and failures in a loop,
# stops the primary mid-run (an immediate stop, as a crash) and promotes
# the standby. Then: no failure lost (the count in the store is the number
# of tries answered "wrong password"), no wrong verdict ever (a store
# error is allowed while no primary answers), and no store error once the
# standby is promoted. The failures go through pam_pwpol in a host (every
# keyword given to libpq by the library, the environment not read), the
# logins through `pwpol login`: both ways of making the connection.
. "$(dirname "$0")/lib.sh"
PGS=$TESTS_DIR/pg-server.sh
[ "${PWPOL_SANITIZE:-0}" != 1 ] || {
	echo "skipped: the sanitizer build (the module is loaded by pam_driver elsewhere)"
	exit 0
}
P=$T/primary.state S=$T/standby.state
cleanup() {
	bash "$PGS" stop "$S" || true
	bash "$PGS" stop "$P" || true
	rm -rf "$T"
}
trap cleanup EXIT
bash "$PGS" start "$P" >/dev/null
bash "$PGS" fresh "$P" pwpol_ha >/dev/null
PDIR=$(. "$P" && echo "$DIR")
bash "$PGS" standby "$S" "$P"
SDIR=$(. "$S" && echo "$DIR")
psql_p() { psql -X -q -v ON_ERROR_STOP=1 -h "$PDIR/sock" -p 5439 -U postgres -d postgres "$@"; }
# Synchronous replication: a commit is answered once the standby holds it,
# so that a failure answered "wrong password" survives the primary's loss.
psql_p -c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 50); do
	[ "$(psql_p -A -t -c "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")" = 1 ] && break
	sleep 0.2
done
[ "$(psql_p -A -t -c "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'")" = 1 ] ||
	{ fail "the standby streams synchronously"; done_testing; }

URI="postgresql://postgres@/pwpol_ha?host=$PDIR/sock,$SDIR/sock&port=5439,5439&target_session_attrs=read-write&connect_timeout=2"
export PWPOL_DB=$URI
printf 'system { login { lockout { no-maximum-failed-attempts; } } }\n' >"$T/p.conf"
chmod 644 "$T/p.conf"
export PWPOL_CONFIG=$T/p.conf
IN='Kx7#mWq2vL\n' run "$PWPOL" init
expect 0 "init on the primary, through the multi-host URI"
IN='Zq7#Lm-Wx93-Kp2\n' run "$PWPOL" useradd bob
IN='Zq7#Lm-Wx93-Kp2\nTr4!Vn-Qs82-Jh6x\n' run "$PWPOL" passwd bob
expect 0 "bob's own password"
IN='Yp5#Rk-Md71-Gc4\n' run "$PWPOL" useradd eve
expect 0 "eve"

HAVE_PAM=0
if [ -n "${PAM_PWPOL:-}" ] && [ -n "${PAM_DRIVER:-}" ]; then
	HAVE_PAM=1
	mkdir "$T/pam.d"
	echo "auth required $PAM_PWPOL db=$URI config=$PWPOL_CONFIG nodelay" >"$T/pam.d/ha"
fi
# One round: a wrong password of eve (through PAM when built) and a right
# one of bob; each answer appended to $T/answers as "PHASE WHO STATUS".
round() {
	local rc=0
	if [ "$HAVE_PAM" = 1 ]; then
		echo 'Wrong#Guess-42' | "$PAM_DRIVER" --confdir "$T/pam.d" --service ha --user eve \
			authenticate >"$T/pam.out" 2>&1 || rc=$?
		case $rc in 7) rc=wrong ;; 9) rc=store-error ;; 0) rc=WRONG-VERDICT ;; *) rc="other-$rc" ;; esac
	else
		echo 'Wrong#Guess-42' | "$PWPOL" login eve >/dev/null 2>>"$T/login.err" || rc=$?
		case $rc in 1) rc=wrong ;; 5) rc=store-error ;; 0) rc=WRONG-VERDICT ;; *) rc="other-$rc" ;; esac
	fi
	echo "$1 eve $rc" >>"$T/answers"
	rc=0
	echo 'Tr4!Vn-Qs82-Jh6x' | "$PWPOL" login bob >/dev/null 2>>"$T/login.err" || rc=$?
	case $rc in 0) rc=in ;; 5) rc=store-error ;; 1 | 3) rc=WRONG-VERDICT ;; *) rc="other-$rc" ;; esac
	echo "$1 bob $rc" >>"$T/answers"
}
for _ in $(seq 15); do round before; done
# The primary is lost mid-run: rounds go on while no primary answers...
round before &
bash "$PGS" halt "$P"
wait
for _ in 1 2 3; do round down; done
# ... until the operator's tooling promotes the standby.
t0=$(date +%s%N)
bash "$PGS" promote "$S"
first=
for _ in $(seq 40); do
	round after
	if [ -z "$first" ] && tail -n 2 "$T/answers" | grep -q ' bob in$'; then
		first=$((($(date +%s%N) - t0) / 1000000))
		break
	fi
done
[ -n "$first" ] || fail "a login succeeds after the standby is promoted"
for _ in $(seq 15); do round settled; done

grep -q 'WRONG-VERDICT\|other-' "$T/answers" && fail "a wrong verdict or an unexpected answer: $(grep 'WRONG-VERDICT\|other-' "$T/answers" | sort | uniq -c)"
grep -q '^settled .* store-error$' "$T/answers" && fail "a store error after the switch: $(grep -c '^settled .* store-error$' "$T/answers")"
grep -q '^before .* store-error$' "$T/answers" && echo "note: $(grep -c '^before .* store-error$' "$T/answers") store error(s) in the round the primary was stopped in"
grep -q '^down .* store-error$' "$T/answers" || fail "no primary: the answer is a store error"
wrong=$(grep -c ' eve wrong$' "$T/answers")
unsure=$(grep -c ' eve store-error$' "$T/answers" || true)
run "$PWPOL" --json show eve
count=$(printf '%s' "$OUT" | sed -n 's/.*"failures":\([0-9]*\).*/\1/p')
# A failure is committed before its verdict: each answered "wrong" is in
# the store; a try answered "store error" may be too (a commit the lost
# connection left unanswered), never more than those.
[ "${count:-0}" -ge "$wrong" ] || fail "failures lost: $wrong answered wrong password, $count in the store"
[ "${count:-0}" -le $((wrong + unsure)) ] || fail "$count failures, more than $wrong wrong + $unsure unsure"
run "$PWPOL" store check
expect 0 "the promoted standby is the store"
echo "figures: $wrong failures answered wrong password, $count in the store after the switch;" \
	"$(grep -c ' store-error$' "$T/answers" || true) store errors while no primary answered;" \
	"first login $first ms after pg_ctl promote; pam=$HAVE_PAM"
done_testing
