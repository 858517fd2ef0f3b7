#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pam-weight.sh - what pam_pwpol.so adds to a PAM host on a SQLite store,
# after a whole login (auth, account, password: bench/pam_weight.c): at
# most 12 shared objects (the bound that is stable from machine to
# machine; the resident memory is measured by bench/pam-weight.sh), none
# of libpq's, ICU's, nettle's (a $sha2$ hash or a token) nor passwdqc's (a
# blocklist); nothing left mapped by pam_end that the module alone brought;
# and no growth over 2,000 logins.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
: "${PAM_WEIGHT:?set PAM_WEIGHT to the pam_weight host}"
if [ "${PWPOL_SANITIZE:-0}" = 1 ] || [ "${PWPOL_SANITIZE:-}" = ON ]; then
	echo "SKIP: sanitizer build (its runtime is part of every process)"
	exit 0
fi
IN="$PW\n" run "$PWPOL" init
expect 0 "init"
service weight "db=$DB nodelay"
run "$PAM_WEIGHT" --list "$T/pam.d" weight admin "$PW" 2000
expect 0 "the weight host"
r=$(printf '%s\n' "$OUT" | grep '^RESULT')
echo "$OUT"
case "$r" in *" rc=0/0/0"*) ;; *) fail "a whole login did not succeed: $r" ;; esac
objects=$(printf '%s\n' "$r" | sed 's/.* objects=\([0-9]*\) .*/\1/')
[ "$objects" -le 12 ] || fail "pam_pwpol.so adds $objects shared objects (at most 12)"
for lib in libpq libssl libcrypto libkrb5 libldap libgnutls libicuuc libicui18n libstdc++ libnettle libpasswdqc; do
	printf '%s\n' "$OUT" | grep -q "+ .*/$lib[.-]" && fail "an ASCII login on SQLite mapped $lib"
done
# 2,000 more logins: the host does not grow (a margin of 256 kB for
# malloc's arenas and the page cache of the store's file).
after=$(printf '%s\n' "$r" | sed 's/.* after_end_rss_kb=\(-*[0-9]*\) .*/\1/')
reps=$(printf '%s\n' "$r" | sed 's/.* after_reps_rss_kb=\(-*[0-9]*\) .*/\1/')
[ $((reps - after)) -le 256 ] || fail "the host grew by $((reps - after)) kB over 2,000 logins"
done_testing
