#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-aging.sh - each account's own aging as chage(1) keeps it (issue 28):
# usermod --min-days/--max-days/--warn-days/--inactive/--expire-date and
# passwd --expire, what `show NAME` says of them (chage -l), and how an
# account's figure meets the policy's (the stricter wins; a standard's
# profile refuses a looser maximum). Run again on PostgreSQL.
. "$(dirname "$0")/lib.sh"
on_pg() { [ -n "${PWPOL_PG_STATE:-}" ]; }
on_pg && PWPOL_DB=$(store aging)
T0=1700000000
DAY=86400
P="$PWPOL --now"
PW='N3w!Secret99'

IN='Kx7#mWq2vL\n' run $P $T0 init
expect 0 "init"
IN='Temp#Pass123\n' run $P $T0 useradd alice
IN="Temp#Pass123\n$PW\n" run $P $T0 passwd alice
expect 0 "alice sets her own password at T0"

# Nothing of its own: chage -l shows the policy's figures (ssr: 1 and 60).
run $P $T0 show alice
has 'Last password change                                    : Nov 14, 2023' "chage -l: last change"
has 'Password expires                                        : Jan 13, 2024' "policy's 60 days"
has 'Password inactive                                       : never' "no inactive period"
has 'Account expires                                         : never' "no expiry date"
has 'Minimum number of days between password change          : 1 (policy minimum-lifetime)' "policy minimum"
has 'Maximum number of days between password change          : 60 (policy maximum-lifetime)' "policy maximum"
has 'Number of days of warning before password expires       : 7' "default warning"

# An account's own maximum shorter than the policy's wins.
run $P $T0 usermod --max-days 30 --warn-days 10 --inactive 5 --expire-date 2024-03-01 alice
expect 0 "usermod aging"
has 'alice: max-days 30' "told"
run $P $T0 show alice
has 'Password expires                                        : Dec 14, 2023' "own 30 days"
has 'Password inactive                                       : Dec 19, 2023' "expiry + 5"
has 'Account expires                                         : Mar 01, 2024' "expiry date"
has 'Maximum number of days between password change          : 30' "own maximum"
has 'Number of days of warning before password expires       : 10' "own warning"
run $P $T0 --json show alice
has '"max_days":30,"warn_days":10,"inactive_days":5,"expire_date":19783' "json figures"
has '"min_days":-1' "unset is -1"
IN="$PW\n" run $P $((T0 + 30 * DAY - 1)) login alice
expect 0 "a second before its own 30 days"
IN="$PW\n" run $P $((T0 + 30 * DAY)) login alice
expect 4 "expired at its own 30 days, before the policy's 60"
has 'expired' "reason"
IN="$PW\n" run $P $((T0 + 35 * DAY - 1)) login alice
expect 4 "inactive period not over: change still let in"
IN="$PW\n" run $P $((T0 + 35 * DAY)) login alice
expect 1 "inactive period over: refused as a disabled account"
run $P $((T0 + 35 * DAY)) show alice
has 'account-expired' "show says so"

# A longer own maximum does not loosen the policy: the stricter wins.
run $P $T0 usermod --max-days 200 --inactive -1 alice
expect 0 "max-days 200 under ssr"
IN="$PW\n" run $P $((T0 + 60 * DAY)) login alice
expect 4 "the policy's 60 days still hold"

# The expiry date: from that day on, refused.
run $P $T0 usermod --max-days -1 alice
IN="$PW\n" run $P $((19783 * DAY - 1)) login alice
expect 4 "the day before the expiry date: in (password expired by the policy)"
IN="$PW\n" run $P $((19783 * DAY)) login alice
expect 1 "on the expiry date: refused"
run $P $T0 usermod --expire-date -1 alice
IN="$PW\n" run $P $((19783 * DAY)) login alice
expect 4 "expiry date removed"

# An own minimum longer than the policy's holds a change back.
run $P $T0 usermod --min-days 5 alice
IN="$PW\nZq9\$Lm2#Vx7k\n" run $P $((T0 + 4 * DAY)) passwd alice
expect 1 "own minimum of 5 days"
has 'minimum-lifetime' "rule named"
IN="$PW\nZq9\$Lm2#Vx7k\n" run $P $((T0 + 5 * DAY)) passwd alice
expect 0 "changed after 5 days"
PW='Zq9$Lm2#Vx7k'
T1=$((T0 + 5 * DAY))

# passwd --expire: change at the next login; the change clears it.
run $P $T1 passwd --expire alice
expect 0 "passwd --expire"
IN="$PW\n" run $P $T1 login alice
expect 4 "must change at the next login"
has 'expired' "reason"
run $P $T1 show alice
has 'Last password change                                    : password must be changed' "chage -l says so"
IN="$PW\nPq8%Tr5^Ww3z\n" run $P $T1 passwd alice
expect 0 "forced change, not held back by the minimum"
IN='Pq8%Tr5^Ww3z\n' run $P $T1 login alice
expect 0 "in again"

# Bad figures and unknown accounts.
run $P $T1 usermod --max-days 100000 alice
expect 2 "above 99999"
run $P $T1 usermod --expire-date 2024-13-01 alice
expect 2 "no such date"
run $P $T1 usermod --max-days 10 nobody
expect 2 "unknown account"
run $P $T1 passwd --expire nobody
expect 2 "unknown account (passwd --expire)"
IN='Pq8%Tr5^Ww3z\n' run $P $T1 --as alice usermod --max-days 10 alice
expect 6 "an unauthorized class may not set aging"

# Under a standard's profile a looser maximum is refused outright.
printf 'system { login { password { profile stig-rhel9; } } }\n' >"$T/stig.conf"
run $P $T1 --config "$T/stig.conf" usermod --max-days 90 alice
expect 1 "stig-rhel9: 90 days above the standard's 60"
has 'stig-rhel9 profile holds' "says why"
run $P $T1 --config "$T/stig.conf" usermod --max-days 99999 alice
expect 1 "stig-rhel9: never expiring refused"
run $P $T1 --config "$T/stig.conf" usermod --max-days 30 alice
expect 0 "stig-rhel9: a shorter one is taken"

# An account's maximum set before the standard came: the commit warns, and
# --against names it beside the requirements (the policy's figure applies).
run $P $T1 usermod --max-days 90 alice
expect 0 "90 days under ssr"
run $P $T1 config commit "$T/stig.conf"
expect 0 "the standard's profile committed"
has "warning: account alice keeps max-days 90 of its own, above stig-rhel9's maximum-lifetime 60" "the commit warns"
run $P $T1 config check --against stig-rhel9
has "account  alice                          max-days 90 of its own, above the standard's 60" "--against names it"
run $P $T1 --json config check --against stig-rhel9
has '"accounts_above":[{"name":"alice","max_days":90,"standard":60}]' "json"
IN='Pq8%Tr5^Ww3z\n' run $P $((T1 + 60 * DAY)) login alice
expect 4 "the standard's 60 days hold for her"

# store copy carries each account's own aging along.
run $P $T1 usermod --warn-days 12 --expire-date 2030-01-01 alice
run $P $T1 store copy "$PWPOL_DB" "$T/copy.db"
expect 0 "store copy"
run $P $T1 --db "$T/copy.db" --json show alice
has '"max_days":90,"warn_days":12,"inactive_days":-1,"expire_date":21915' "the copy keeps them"
done_testing
