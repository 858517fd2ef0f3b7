# SPDX-License-Identifier: BSD-3-Clause
# pam-backoff.sh - the Junos retry-options backoff through pam_pwpol.so and
# the real Linux-PAM: failed tries on one PAM handle (as sshd makes them on
# one connection) are held longer and longer once backoff-threshold is
# passed, by backoff-factor seconds a try, up to tries-before-disconnect;
# the same for an unknown user; none without retry-options; a success
# starts the count again. Linux-PAM randomises a delay by up to half
# either way, so the exact figure is read from the module's debug line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"

IN="$PW\n" run "$PWPOL" init
expect 0 "init"

cat >"$T/retry.conf" <<'CONF'
system {
    login {
        retry-options {
            tries-before-disconnect 4;
            backoff-threshold 1;
            backoff-factor 10;
        }
    }
}
CONF
service retry "db=$DB config=$T/retry.conf debug nodelay"

# usecs: the FAIL_DELAY figures of the last run, one a line.
usecs() {
	printf '%s\n' "$OUT" | sed -n 's/^FAIL_DELAY: \([0-9]*\) us$/\1/p'
}

for user in admin mallory; do
	IN='nope1\nnope2\nnope3\nnope4\nnope5\n' pam --keep-going --service retry --user "$user" \
		authenticate authenticate authenticate authenticate authenticate
	[ "$(count 'authenticate: PAM_AUTH_ERR')" = 5 ] || fail "$user: five tries refused"
	logged_once "retry-options backoff: 10 s after failure 2" "$user: 10 s after the 2nd"
	logged_once "retry-options backoff: 20 s after failure 3" "$user: 20 s after the 3rd"
	logged_once "retry-options backoff: 30 s after failure 4" "$user: 30 s after the 4th"
	logged_once "retry-options backoff: 30 s after failure 5" \
		"$user: no longer past tries-before-disconnect"
	hasnt "after failure 1" "$user: the first failure is not held (threshold 1)"
	d=$(usecs)
	[ "$(printf '%s\n' "$d" | grep -c .)" = 4 ] || fail "$user: four delays asked: $d"
	set -- $d
	[ "$1" -ge 5000000 ] && [ "$1" -le 15000000 ] || fail "$user: 10 s, randomised: $1"
	[ "$3" -ge 15000000 ] && [ "$3" -le 45000000 ] || fail "$user: 30 s, randomised: $3"
done

# A success on the handle starts the count again (admin's five failures
# above plus one more would lock it under ssr's 6: unlocked first).
run "$PWPOL" unlock admin
expect 0 "unlock admin"
IN="nope\n$PW\nnope\nnope\n" pam --keep-going --service retry --user admin \
	authenticate authenticate authenticate authenticate
logged_once "retry-options backoff: 10 s after failure 2" "counted again from the success"
[ "$(usecs | grep -c .)" = 1 ] || fail "one delay only: $(usecs)"

# Without retry-options: the module's own 2 s only, and with nodelay none.
service plain "db=$DB debug"
IN='nope1\nnope2\nnope3\n' pam --keep-going --service plain --user admin \
	authenticate authenticate authenticate
[ "$(count 'FAIL_DELAY: 1-3 s')" = 3 ] || fail "the fixed delay each time"
case "$LOG" in *backoff*) fail "no backoff without retry-options: $LOG" ;; esac

done_testing
