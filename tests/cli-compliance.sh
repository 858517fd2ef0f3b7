# SPDX-License-Identifier: BSD-3-Clause
# cli-compliance.sh - `pwpol config check --against STANDARD [FILE]` as an
# auditor meets it: for each standard (nist-800-63b, stig-rhel9,
# stig-srx-ndm) a configuration that meets every requirement (exit 0, the
# whole report) and one that misses (exit 1, the requirement named), in
# text and --json; the configuration in force (a store's commit, --config)
# when no FILE is named; and the standards' profiles held at commit
# (pwpol.conf(5), "Standards").
. "$(dirname "$0")/lib.sh"
cd "$T"
printf 'password\nletmein\n' | pwqfilter --create=100 -o "$T/list.pwq" 2>/dev/null

# same NAME DESCRIPTION: the last stdout is exactly $T/NAME.
same() {
	printf '%s\n' "$OUT" | diff -u "$T/$1" - >&2 || fail "$2: output differs from $1"
}

cat >rhel-ok.conf <<'EOF'
system {
    login {
        password {
            profile stig-rhel9;
            minimum-length 16;
        }
    }
}
EOF
cat >rhel-miss.conf <<'EOF'
set system login password profile junos
set system login password minimum-length 15
set system login password minimum-upper-cases 1
set system login password minimum-lower-cases 1
set system login password minimum-numerics 1
set system login password minimum-punctuations 1
set system login password minimum-changes 4
set system login password minimum-character-changes 8
set system login password maximum-repeats 3
set system login password maximum-class-repeats 4
set system login password minimum-reuse 5
set system login password minimum-lifetime 1
set system login password maximum-lifetime 60
set system login lockout maximum-failed-attempts 3
set system login lockout failure-interval 600
set system login lockout lock-time 0
set system login lockout root-lockout
EOF
cat >srx-ok.conf <<'EOF'
set system login password profile junos
set system login password minimum-length 15
set system login password minimum-upper-cases 1
set system login password minimum-lower-cases 1
set system login password minimum-numerics 1
set system login password minimum-punctuations 1
set system login password format sha256
EOF
cat >srx-miss.conf <<'EOF'
set system login password profile junos-fips
set system login password minimum-length 15
set system login password minimum-upper-cases 1
set system login password minimum-lower-cases 1
set system login password minimum-numerics 1
set system login password minimum-punctuations 1
set system login password format sha1
EOF
printf 'system {\n    login {\n        password {\n            profile nist-800-63b;\n            blocklist %s;\n        }\n    }\n}\n' "$T/list.pwq" >nist-ok.conf
printf 'set system login password profile junos\nset system login password minimum-length 15\nset system login password minimum-numerics 1\nset system login password blocklist %s\n' "$T/list.pwq" >nist-miss.conf

# RHEL 9 STIG.
cat >rhel-ok.want <<'EOF'
# file rhel-ok.conf against stig-rhel9
met      RHEL-09-611090                 minimum-length 16                at least 15 characters (pwquality minlen 15) (rhel-ok.conf:5)
met      RHEL-09-611110                 minimum-upper-cases 1            at least one upper case letter (ucredit -1) (profile stig-rhel9)
met      RHEL-09-611065                 minimum-lower-cases 1            at least one lower case letter (lcredit -1) (profile stig-rhel9)
met      RHEL-09-611070                 minimum-numerics 1               at least one digit (dcredit -1) (profile stig-rhel9)
met      RHEL-09-611100                 minimum-punctuations 1           at least one special character (ocredit -1) (profile stig-rhel9)
met      RHEL-09-611130                 change-type character-sets       four character classes (minclass 4): counted as character sets (profile stig-rhel9)
met      RHEL-09-611130                 minimum-changes 4                four character classes (minclass 4) (profile stig-rhel9)
met      RHEL-09-611115                 minimum-character-changes 8      at least eight characters changed (difok 8) (profile stig-rhel9)
met      RHEL-09-611125                 maximum-repeats 3                at most three identical characters in a row (maxrepeat 3) (profile stig-rhel9)
met      RHEL-09-611120                 maximum-class-repeats 4          at most four characters of one class in a row (maxclassrepeat 4) (profile stig-rhel9)
met      RHEL-09-611015, RHEL-09-611020 minimum-reuse 5                  no reuse for five generations (remember 5) (profile stig-rhel9)
met      RHEL-09-611075                 minimum-lifetime 1               a minimum lifetime of one day (PASS_MIN_DAYS 1) (profile stig-rhel9)
met      RHEL-09-411010                 maximum-lifetime 60              a maximum lifetime of 60 days (PASS_MAX_DAYS 60) (profile stig-rhel9)
met      RHEL-09-411075                 maximum-failed-attempts 3        locked after three failed logons (faillock deny 3) (profile stig-rhel9)
met      RHEL-09-411085                 failure-interval 900             failures counted over 15 minutes (fail_interval 900) (profile stig-rhel9)
met      RHEL-09-411090                 lock-time 0                      locked until an administrator unlocks (unlock_time 0) (profile stig-rhel9)
met      RHEL-09-411080                 root-lockout                     root locked too, until an administrator unlocks (even_deny_root) (profile stig-rhel9)
met      RHEL-09-411080                 no-root-lock-time                root's lock as long as the others' (no root_unlock_time) (profile stig-rhel9)
stig-rhel9: all 18 requirements met
EOF
run "$PWPOL" config check --against stig-rhel9 rhel-ok.conf
expect 0 "stig-rhel9: every requirement met"
same rhel-ok.want "stig-rhel9 report"
run "$PWPOL" config check --against stig-rhel9 rhel-miss.conf
expect 1 "stig-rhel9: failure-interval 600 misses"
has 'NOT MET  RHEL-09-411085                 failure-interval 600             failures counted over 15 minutes (fail_interval 900) (rhel-miss.conf:15)' "the missed requirement named"
has 'stig-rhel9: 1 of 18 requirements not met' "the count"
run "$PWPOL" --json config check --against stig-rhel9 rhel-miss.conf
expect 1 "stig-rhel9 --json"
has '{"ok":false,"standard":"stig-rhel9","from":"file rhel-miss.conf","requirements":[' "JSON verdict first"
has '{"id":"RHEL-09-411085","requirement":"failures counted over 15 minutes (fail_interval 900)","statement":"failure-interval 600","source":"rhel-miss.conf:15","met":false}' "JSON names the missed requirement"
has '],"unmet":1}' "JSON count"

# Juniper SRX NDM STIG.
cat >srx-ok.want <<'EOF'
# file srx-ok.conf against stig-srx-ndm
met      JUSX-DM-000128                 minimum-length 15                at least 15 characters (srx-ok.conf:2)
met      JUSX-DM-000129                 change-type character-sets       change-type character-sets (profile junos)
met      JUSX-DM-000130                 minimum-upper-cases 1            at least one upper case letter (srx-ok.conf:3)
met      JUSX-DM-000131                 minimum-lower-cases 1            at least one lower case letter (srx-ok.conf:4)
met      JUSX-DM-000132                 minimum-numerics 1               at least one digit (srx-ok.conf:5)
met      JUSX-DM-000133                 minimum-punctuations 1           at least one special character (srx-ok.conf:6)
met      JUSX-DM-000136                 format sha256                    passwords hashed with sha256 or sha512 (srx-ok.conf:7)
stig-srx-ndm: all 7 requirements met
EOF
run "$PWPOL" config check --against stig-srx-ndm srx-ok.conf
expect 0 "stig-srx-ndm: every requirement met"
same srx-ok.want "stig-srx-ndm report"
run "$PWPOL" --json config check --against stig-srx-ndm srx-ok.conf
expect 0 "stig-srx-ndm --json"
[ "$OUT" = '{"ok":true,"standard":"stig-srx-ndm","from":"file srx-ok.conf","requirements":[{"id":"JUSX-DM-000128","requirement":"at least 15 characters","statement":"minimum-length 15","source":"srx-ok.conf:2","met":true},{"id":"JUSX-DM-000129","requirement":"change-type character-sets","statement":"change-type character-sets","source":"profile junos","met":true},{"id":"JUSX-DM-000130","requirement":"at least one upper case letter","statement":"minimum-upper-cases 1","source":"srx-ok.conf:3","met":true},{"id":"JUSX-DM-000131","requirement":"at least one lower case letter","statement":"minimum-lower-cases 1","source":"srx-ok.conf:4","met":true},{"id":"JUSX-DM-000132","requirement":"at least one digit","statement":"minimum-numerics 1","source":"srx-ok.conf:5","met":true},{"id":"JUSX-DM-000133","requirement":"at least one special character","statement":"minimum-punctuations 1","source":"srx-ok.conf:6","met":true},{"id":"JUSX-DM-000136","requirement":"passwords hashed with sha256 or sha512","statement":"format sha256","source":"srx-ok.conf:7","met":true}],"unmet":0}' ] ||
	fail "stig-srx-ndm --json: the whole object"
run "$PWPOL" config check --against stig-srx-ndm srx-miss.conf
expect 1 "stig-srx-ndm: format sha1 misses"
has 'NOT MET  JUSX-DM-000136                 format sha1                      passwords hashed with sha256 or sha512 (srx-miss.conf:7)' "the missed requirement named"
run "$PWPOL" --json config check --against stig-srx-ndm srx-miss.conf
expect 1 "stig-srx-ndm --json misses"
has '{"id":"JUSX-DM-000136","requirement":"passwords hashed with sha256 or sha512","statement":"format sha1","source":"srx-miss.conf:7","met":false}],"unmet":1}' "JSON names it"

# NIST SP 800-63B rev 4.
sed "s#@BLOCKLIST@#$(printf '%-32s ' "blocklist $T/list.pwq")#" >nist-ok.want <<'EOF'
# file nist-ok.conf against nist-800-63b
met      SP 800-63B-4 3.1.1.2           minimum-length 15                passwords used alone: at least 15 characters (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-maximum-length                a maximum length of at least 64 characters permitted (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-minimum-upper-cases           no composition rule: no minimum of upper case letters (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-minimum-lower-cases           no composition rule: no minimum of lower case letters (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-minimum-numerics              no composition rule: no minimum of digits (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-minimum-punctuations          no composition rule: no minimum of punctuation (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-minimum-changes               no composition rule: no mixture of character sets (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-maximum-repeats               no composition rule: no limit on repeated characters (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-maximum-class-repeats         no composition rule: no limit on characters of one class in a row (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           no-maximum-lifetime              no periodic change of passwords (profile nist-800-63b)
met      SP 800-63B-4 3.1.1.2           @BLOCKLIST@new passwords compared against a blocklist of common, expected or compromised values (nist-ok.conf:5)
met      SP 800-63B-4 3.2.2             maximum-failed-attempts 100      consecutive failed attempts on one account limited to 100 (profile nist-800-63b)
nist-800-63b: all 12 requirements met
EOF
run "$PWPOL" config check --against nist-800-63b nist-ok.conf
expect 0 "nist-800-63b: every requirement met"
same nist-ok.want "nist-800-63b report"
run "$PWPOL" config check --against nist-800-63b nist-miss.conf
expect 1 "nist-800-63b: a composition rule and no lockout miss"
has 'NOT MET  SP 800-63B-4 3.1.1.2           minimum-numerics 1               no composition rule: no minimum of digits (nist-miss.conf:3)' "composition named"
has 'NOT MET  SP 800-63B-4 3.2.2             no-maximum-failed-attempts       consecutive failed attempts on one account limited to 100 (profile junos)' "rate limit named"
has 'met      SP 800-63B-4 3.1.1.2           minimum-changes 1                no composition rule: no mixture of character sets (profile junos)' "one character set is no mixture"
has 'nist-800-63b: 2 of 12 requirements not met' "the count"
run "$PWPOL" --json config check --against nist-800-63b nist-miss.conf
expect 1 "nist-800-63b --json"
has '{"id":"SP 800-63B-4 3.2.2","requirement":"consecutive failed attempts on one account limited to 100","statement":"no-maximum-failed-attempts","source":"profile junos","met":false}' "JSON names it"

# Without FILE: the configuration in force, a store's commit before --config.
run "$PWPOL" --config srx-miss.conf config check --against stig-srx-ndm
expect 1 "--config file in force"
has "# file srx-miss.conf against stig-srx-ndm" "says what it read"
run "$PWPOL" --db "$T/s.db" config commit rhel-ok.conf
expect 0 "commit a stig-rhel9 configuration"
run "$PWPOL" --db "$T/s.db" --config srx-miss.conf config check --against stig-rhel9
expect 0 "the store's commit is in force"
has "# commit 1 of the store $T/s.db against stig-rhel9" "says the commit"
has 'stig-rhel9: all 18 requirements met' "all met"

run "$PWPOL" config check --against junos srx-ok.conf
expect 2 "junos is no standard"
has "unknown standard 'junos' (nist-800-63b, stig-rhel9 or stig-srx-ndm)" "said"
run "$PWPOL" config check --against
expect 2 "--against needs a standard"

# A standard's profile holds its requirements at commit, each named.
printf 'set system login password profile stig-rhel9\nset system login password minimum-length 14\nset system login lockout lock-time 60\n' >rhel-bad.conf
run "$PWPOL" config check rhel-bad.conf
expect 2 "stig-rhel9 profile below its figures"
has 'rhel-bad.conf:2: minimum-length: profile stig-rhel9 requires at least 15 characters (pwquality minlen 15) (RHEL-09-611090); the policy has minimum-length 14' "minimum-length named"
has 'rhel-bad.conf:3: lock-time: profile stig-rhel9 requires locked until an administrator unlocks (unlock_time 0) (RHEL-09-411090); the policy has lock-time 60' "lock-time named"
printf 'set system login password profile nist-800-63b\nset system login password no-blocklist\n' >nist-bare.conf
run "$PWPOL" config check nist-bare.conf
expect 2 "nist-800-63b without a blocklist"
has 'blocklist: profile nist-800-63b requires new passwords compared against a blocklist of common, expected or compromised values (SP 800-63B-4 3.1.1.2); the policy has no-blocklist' "blocklist required"

# config show --sources: the standard's profile is where its defaults come from.
run "$PWPOL" --config rhel-ok.conf config show --sources
expect 0 "show --sources"
has 'failure-interval           900              profile stig-rhel9' "failure-interval from the profile"
has 'lock-time                  0                profile stig-rhel9' "lock-time 0 from the profile"
has "minimum-length             16               rhel-ok.conf:5" "minimum-length from its line"

done_testing
