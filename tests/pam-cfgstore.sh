# SPDX-License-Identifier: BSD-3-Clause
# pam-cfgstore.sh - pam_pwpol follows the configuration committed into the
# store, not the file its line names (pwpol.conf(5)): one failure locks an
# account when the store's commit says maximum-failed-attempts 1 though the
# file says 5, and the log says the file was not used.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
umask 022
printf 'set system login lockout maximum-failed-attempts 5\n' >"$T/file.conf"
printf 'set system login lockout maximum-failed-attempts 1\n' >"$T/store.conf"
IN="$PW\n" run "$PWPOL" init
expect 0 "init"
service s "db=$DB config=$T/file.conf nodelay"

# No commit yet: the file's 5 applies.
IN='wrong#Pass99\n' pam --service s --user admin authenticate
expect 7 "a wrong password"
IN="$PW\n" pam --service s --user admin authenticate
expect 0 "not locked after one failure under the file's 5"

run "$PWPOL" config commit "$T/store.conf"
expect 0 "commit into the store"
IN='wrong#Pass99\n' pam --service s --user admin authenticate
expect 7 "a wrong password"
logged "$T/file.conf: not used: the store's committed configuration (commit 1) applies" \
	"the file not used, logged"
run "$PWPOL" --json show admin
has '"state":"locked"' "locked after one failure: the store's policy"
done_testing
