#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-config-import.sh - today's stack in pwpol's words (issue 28): config
# import maps every setting of pwquality.conf (with its .conf.d drop-ins,
# read after it), faillock.conf, pwhistory.conf and login.defs to the
# statement that enforces it, or names why there is none; the tools'
# defaults where a file is silent; the text passes the commit check; and
# config check --against --from judges the stack directly.
. "$(dirname "$0")/lib.sh"
S=$T/etc
mkdir -p "$S/pwquality.conf.d"
cat >"$S/pwquality.conf" <<'CONF'
# the RHEL 9 STIG's figures
minlen = 15
dcredit = -1
ucredit = -1
lcredit = -1
ocredit = 1
minclass = 4
difok = 8
maxrepeat = 3
maxclassrepeat = 4
maxsequence = 3
dictcheck = 1
usercheck = 1
enforce_for_root
CONF
echo 'ocredit = -1' >"$S/pwquality.conf.d/50-site.conf"
echo 'minlen = 30' >"$S/pwquality.conf.d/60-long.conf"
echo 'minlen = 16' >"$S/pwquality.conf.d/70-last.conf"
echo 'minlen = 99' >"$S/pwquality.conf.d/ignored.txt"
printf 'deny = 3\nfail_interval = 900\nunlock_time = never\neven_deny_root\n' >"$S/faillock.conf"
printf 'remember = 5\n' >"$S/pwhistory.conf"
printf 'MAIL_DIR /var/mail\nPASS_MAX_DAYS 60\nPASS_MIN_DAYS 1\nPASS_WARN_AGE 7\nENCRYPT_METHOD SHA512\n' >"$S/login.defs"

run "$PWPOL" config import pwquality "$S/pwquality.conf"
expect 0 "config import pwquality"
has "/* $S/pwquality.conf:2: minlen = 15: minimum-length 15 (" "minlen"
has "/* $S/pwquality.conf:3: dcredit = -1: minimum-numerics 1 */" "a negative credit is a minimum"
has "/* $S/pwquality.conf:6: ocredit = 1: no pwpol equivalent: a positive credit" "a positive credit is named"
has "/* $S/pwquality.conf:7: minclass = 4: change-type character-sets; minimum-changes 4 */" "minclass"
has "/* $S/pwquality.conf:11: maxsequence = 3: no pwpol equivalent: pwpol has no rule on monotonic sequences" "maxsequence named"
has "/* $S/pwquality.conf:12: dictcheck = 1: no pwpol equivalent: pwpol does not read cracklib's dictionary" "dictcheck named"
has "/* $S/pwquality.conf:14: enforce_for_root: no pwpol equivalent: pwpol applies the policy to every account, root included */" "a flag named"
has "/* $S/pwquality.conf.d/50-site.conf:1: ocredit = -1: minimum-punctuations 1 */" "a drop-in"
has "/* $S/pwquality.conf.d/60-long.conf:1: minlen = 30: no pwpol equivalent: 30 is outside pwpol's minimum-length range 6..20 */" "out of range named, not bent"
hasnt 'minlen = 99' "only .conf drop-ins"
has '            minimum-length 16;' "the last drop-in wins"
has '            minimum-punctuations 1;' "the drop-in's ocredit"
hasnt 'minimum-length 15;' "one minimum-length"
printf '%s\n' "$OUT" >"$T/pwq.conf"
run "$PWPOL" config check "$T/pwq.conf"
expect 0 "the text passes the commit check"

run "$PWPOL" config import faillock "$S/faillock.conf"
has '/* '"$S"'/faillock.conf:3: unlock_time = never: lock-time 0 */' "never: until unlocked"
has 'even_deny_root: root-lockout */' "even_deny_root: root-lockout"
printf 'audit\n' >"$T/faillock-empty.conf"
run "$PWPOL" config import faillock "$T/faillock-empty.conf"
has '/* default: deny = 3: maximum-failed-attempts 3 */' "pam_faillock's default deny"
has '/* default: unlock_time = 600: lock-time 600 */' "default unlock_time"
has '/* default: fail_interval = 900: failure-interval 900 */' "default fail_interval"
run "$PWPOL" config import login.defs "$S/login.defs"
has 'MAIL_DIR = /var/mail: no pwpol equivalent: not a password rule' "an unrelated key named"
has 'PASS_MAX_DAYS = 60: maximum-lifetime 60 */' "PASS_MAX_DAYS"
has 'PASS_WARN_AGE = 7: warning-days 7 */' "PASS_WARN_AGE"
printf 'PASS_MAX_DAYS 99999\nENCRYPT_METHOD MD5\n' >"$T/old.defs"
run "$PWPOL" config import login.defs "$T/old.defs"
has 'PASS_MAX_DAYS = 99999: no-maximum-lifetime */' "99999: none"
has 'ENCRYPT_METHOD = MD5: no pwpol equivalent: pwpol makes no hash this weak' "MD5"

run "$PWPOL" config import pwquality "$T/nothere"
expect 2 "an unreadable file"
has "$T/nothere: No such file" "named"
mkfifo "$T/fifo"
OUT=$(timeout 10 "$PWPOL" config import faillock "$T/fifo" 2>&1) && RC=0 || RC=$?
expect 2 "a FIFO is refused at once, never waited on"
case "$OUT" in *"a FIFO, not a regular file; refused"*) ;; *) fail "FIFO: $OUT" ;; esac
OUT=$(timeout 10 "$PWPOL" config import junos "$T/fifo" 2>&1) && RC=0 || RC=$?
expect 2 "config import junos: a FIFO"
run "$PWPOL" config import cracklib "$S/pwquality.conf"
expect 2 "an unknown kind"

# The whole stack in one configuration, and judged against the STIG.
ALL="pwquality=$S/pwquality.conf,faillock=$S/faillock.conf,pwhistory=$S/pwhistory.conf,login.defs=$S/login.defs"
run "$PWPOL" config check --against stig-rhel9 --from "$ALL"
expect 0 "today's stack meets the STIG"
has "met      RHEL-09-611090                 minimum-length 16" "minlen"
has "($S/pwquality.conf.d/70-last.conf:1)" "traced to the drop-in's line"
has "($S/faillock.conf:3)" "traced to faillock.conf"
has 'stig-rhel9: all 18 requirements met' "verdict"
printf 'minlen = 12\n' >"$T/weak.conf"
run "$PWPOL" config check --against stig-rhel9 --from "pwquality=$T/weak.conf"
expect 1 "a weak stack"
has "NOT MET  RHEL-09-611090                 minimum-length 12" "where it falls short"
has "NOT MET  RHEL-09-411075                 no-maximum-failed-attempts" "no faillock.conf given: no lockout judged"
run "$PWPOL" --json config check --against stig-rhel9 --from "pwquality=$T/weak.conf"
has '"ok":false' "json"
run "$PWPOL" config check --against stig-rhel9 --from "pwquality"
expect 2 "KIND without FILE"
done_testing
