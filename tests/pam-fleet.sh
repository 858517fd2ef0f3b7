# SPDX-License-Identifier: BSD-3-Clause
# pam-fleet.sh - pam_pwpol on the fleet store, and the stack of
# pam_pwpol(8) that keeps operators in when the database is down: only when
# the store cannot be reached (PAM_AUTHINFO_UNAVAIL) does root fall back to
# the machine's own password. pam_permit and pam_deny stand in for pam_unix
# (the root password right / wrong), so /etc/shadow is never involved.
# Needs PWPOL_PG_STATE (the ctest fixture, pg-server.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
: "${PWPOL_PG_STATE:?run by ctest with the pg fixture}"
db=$(store pam)
IN="$PW\n" run "$PWPOL" --db "$db" init
expect 0 "init on PostgreSQL"
IN="$PW\n" run "$PWPOL" --db "$db" useradd alice
expect 0 "useradd alice"
down='postgresql://postgres@/pwpol?host=/nonexistent&port=1'

# fallback NAME DB UNIX: the documented stack, with UNIX for pam_unix.
fallback() {
	cat >"$T/pam.d/$1" <<EOF
auth [success=done authinfo_unavail=ignore default=die] $PAM_PWPOL db=$2 nodelay
auth requisite pam_succeed_if.so user = root quiet
auth required $3
EOF
}
fallback up "$db" pam_permit.so
fallback down "$down" pam_permit.so
fallback down-wrong "$down" pam_deny.so

# The store is up: pwpol alone decides; the fallback is never reached.
IN="$PW\n" pam --service up --user root authenticate
expect 0 "up: root with the right password"
IN='wrong#Pass99\n' pam --service up --user root authenticate
expect 7 "up: a wrong password is refused (the fallback would have let it in)"
IN='wrong#Pass99\n' pam --service up --user alice authenticate
expect 7 "up: alice refused"
IN="$PW\n" run "$PWPOL" --db "$db" --json show root
has '"failures":1' "up: the failure counted in the fleet store"

# The store is down: root falls back to the machine's password; nobody else.
IN="$PW\n" pam --service down --user root authenticate
expect 0 "down: root through the fallback (pam_unix: right password)"
logged "cannot open the account store" "down: the outage is logged"
logged "cannot connect to the store" "down: with the reason"
IN="$PW\n" pam --service down-wrong --user root authenticate
expect 7 "down: root with a wrong machine password is refused"
IN="$PW\n" pam --service down --user alice authenticate
[ "$RC" -ne 0 ] || fail "down: alice must not fall back"

# Without the fallback, the module alone answers PAM_AUTHINFO_UNAVAIL (9).
service alone "db=$down nodelay"
IN="$PW\n" pam --service alone --user root authenticate
expect 9 "down: the module alone is PAM_AUTHINFO_UNAVAIL"
done_testing
