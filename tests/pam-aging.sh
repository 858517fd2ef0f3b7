#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# pam-aging.sh - an account's own aging (issue 28) in PAM's account phase:
# past its expiry date or inactive period PAM_ACCT_EXPIRED with a message,
# also when another module authenticated (a key); passwd --expire
# PAM_NEW_AUTHTOK_REQD; the warning at the account's own warn-days.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"

service login "db=$DB"
IN="$PW\n" run "$PWPOL" --now $((NOW - DAY)) init
expect 0 "init a day ago"
IN="$PW\n" pam --service login --user admin authenticate acct_mgmt
expect 0 "in order"
hasnt 'Warning' "no warning 59 days ahead at 7 days"

# The account's own warning days.
run "$PWPOL" usermod --warn-days 60 admin
IN="$PW\n" pam --service login --user admin authenticate acct_mgmt
expect 0 "in order"
has 'Warning: your password will expire in 59 days.' "warned at the account's 60 days"

# An expiry date today: PAM_ACCT_EXPIRED from the account phase alone
# (what sshd calls after a public key), and the password refused.
run "$PWPOL" usermod --expire-date $((NOW / DAY)) root
pam --service login --user root acct_mgmt
expect 13 "expired account: PAM_ACCT_EXPIRED"
has 'Your account has expired; please contact your system administrator.' "told"
logged 'account root expired: access refused' "logged"
IN="$PW\n" pam --service login --user root authenticate
expect 7 "its password refused as a disabled account's"
run "$PWPOL" usermod --expire-date -1 root
IN="$PW\n" pam --service login --user root authenticate acct_mgmt
expect 0 "expiry date removed: in again"

# An inactive period over (own maximum 0 days: expired at once).
run "$PWPOL" usermod --max-days 0 --inactive 0 t128
pam --service login --user t128 acct_mgmt
expect 13 "inactive period over: PAM_ACCT_EXPIRED"
run "$PWPOL" usermod --inactive 3 t128
pam --service login --user t128 acct_mgmt
expect 12 "within the inactive period: PAM_NEW_AUTHTOK_REQD"

# passwd --expire.
run "$PWPOL" passwd --expire admin
IN="$PW\n" pam --service login --user admin authenticate acct_mgmt
expect 12 "passwd --expire: PAM_NEW_AUTHTOK_REQD"
has 'ERROR: Your password has expired; you must change it now.' "told why"
done_testing
