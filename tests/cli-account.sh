# SPDX-License-Identifier: BSD-3-Clause
# cli-account.sh - a whole account's life through the `pwpol` command:
# init, add, login, change, lockout, unlock, expiry, delete; exit statuses
# 0/1/2/3/4/5 exactly as the contract says; bad input leaves the store as it was.
# Run a second time on PostgreSQL (PWPOL_PG_STATE); the parts about the
# SQLite file (its name, mode, junk files) run on SQLite only.
. "$(dirname "$0")/lib.sh"
on_pg() { [ -n "${PWPOL_PG_STATE:-}" ]; }
on_pg && PWPOL_DB=$(store account)
T0=1700000000
DAY=86400
P="$PWPOL --now"

run $P $T0 login admin
expect 5 "no store yet"
on_pg || has 'accounts.db' "error names the store"
on_pg && has 'no pwpol store in this database' "error says there is no store"

IN='Admin1234!\n' run $P $T0 init
expect 1 "init refuses a password with a username in it"
has 'username-check' "rule named"
IN='Kx7#mWq2vL\n' run $P $T0 init
expect 0 "init"
on_pg || [ "$(stat -c %a "$PWPOL_DB")" = 600 ] || fail "store mode is $(stat -c %a "$PWPOL_DB")"
for u in admin root t128; do
	IN='Kx7#mWq2vL\n' run $P $T0 login $u
	expect 0 "login $u after init"
done

# An administrator's password for a new account is temporary.
IN='Temp#Pass123\n' run $P $T0 useradd alice
expect 0 "useradd"
IN='Temp#Pass123\n' run $P $T0 useradd alice
expect 2 "useradd twice"
IN='Temp#Pass123\n' run $P $T0 login alice
expect 4 "temporary password forces a change"
has 'temporary' "reason given"
IN='Temp#Pass123\nN3w!Secret99\n' run $P $T0 passwd alice
expect 0 "forced change at once, not held by minimum-lifetime"
IN='N3w!Secret99\n' run $P $T0 login alice
expect 0 "login with the new password"

# minimum-lifetime: one day, to the second.
IN='N3w!Secret99\nZq9$Lm2#Vx7k\n' run $P $((T0 + DAY - 1)) passwd alice
expect 1 "change before a day"
has 'minimum-lifetime' "rule named"
# Junos: "less than or equal to": exactly a day old is still refused.
IN='N3w!Secret99\nZq9$Lm2#Vx7k\n' run $P $((T0 + DAY)) passwd alice
expect 1 "change at exactly a day"
has 'minimum-lifetime' "rule named at a day"
S=$((T0 + DAY + 1)) # alice's password from here on
IN='N3w!Secret99\nZq9$Lm2#Vx7k\n' run $P $S passwd alice
expect 0 "change a day and a second on"
IN='Zq9$Lm2#Vx7k\nbad\n' run $P $((T0 + 3 * DAY)) passwd alice
expect 1 "weak new password"
has 'minimum-length' "every rule"
IN='wrongOld#99\nHj4%Tt8&Rr2w\n' run $P $((T0 + 3 * DAY)) passwd alice
expect 1 "wrong old password"
has 'wrong username or password' "wrong old named"
# A wrong current password counts toward the lockout like a failed login:
# passwd is no way around it. A success then resets the count.
run $P $((T0 + 3 * DAY)) --json show alice
has '"failures":1' "wrong old password counted"
IN='Zq9$Lm2#Vx7k\n' run $P $((T0 + 3 * DAY)) login alice
expect 0 "login after the wrong old password"

# Lockout: the 6th consecutive failure locks for 1800 s.
t=$((T0 + 4 * DAY))
for i in 1 2 3 4 5; do
	IN='nope\n' run $P $t login alice
	expect 1 "failure $i"
done
IN='Zq9$Lm2#Vx7k\n' run $P $t login alice
expect 0 "success resets the count"
for i in 1 2 3 4 5 6; do
	IN='nope\n' run $P $t login alice
done
IN='Zq9$Lm2#Vx7k\n' run $P $t login alice
expect 3 "locked after 6: right password refused"
run $P $t show alice
has 'locked' "show says locked"
hasnt '$6$' "show never prints a hash"
# What a person needs, exactly: set at S, so 57 days left of 60; six
# failures; locked until the sixth failure + lock-time (1800 s).
set -- $(printf '%s\n' "$OUT" | grep '^alice ')
[ "$*" = "alice locked $(date -u -d @$S +%FT%TZ) 57d 0h 6 $(date -u -d @$((t + 1800)) +%FT%TZ) unauthorized" ] ||
	fail "show row: '$*'"
printf '%s\n' "$OUT" | head -1 | grep -q 'EXPIRES IN FAILURES LOCKED UNTIL *CLASS$' || fail "show header"
run $P $t --json show alice
has "\"failures\":6,\"locked_until\":$((t + 1800)),\"until_unlocked\":false," "show --json: failures and lock end"
hasnt '$6$' "show --json never prints a hash"
hasnt '"hash"' "show --json has no hash field"
IN='Zq9$Lm2#Vx7k\n' run $P $((t + 1799)) login alice
expect 3 "still locked at lock-time - 1"
IN='Zq9$Lm2#Vx7k\n' run $P $((t + 1800)) login alice
expect 0 "lock ends at exactly lock-time"
for i in 1 2 3 4 5 6; do
	IN='nope\n' run $P $t login alice
done
run $P $t unlock alice
expect 0 "unlock"
IN='Zq9$Lm2#Vx7k\n' run $P $t login alice
expect 0 "login after unlock"

# lock-time 0: locked until an administrator unlocks, and show says so;
# failure-interval: a failure 900 s after the one before starts again.
cat >"$T/lock0.conf" <<'EOF'
system { login { password { profile junos; }
    lockout { maximum-failed-attempts 2; lock-time 0; failure-interval 900; } } }
EOF
L="$PWPOL --config $T/lock0.conf --now"
IN='Temp#Pass123\n' run $L $T0 useradd bob
expect 0 "useradd bob"
IN='nope\n' run $L $T0 login bob
IN='nope\n' run $L $((T0 + 900)) login bob
expect 1 "a failure 900 s after the last: counted from 1 again"
run $L $((T0 + 900)) --json show bob
has '"failures":1,"locked_until":0,"until_unlocked":false,' "the aged failure no longer counts"
IN='nope\n' run $L $((T0 + 1799)) login bob
IN='Temp#Pass123\n' run $L $((T0 + 1799)) login bob
expect 3 "two failures 899 s apart lock"
IN='Temp#Pass123\n' run $L $((T0 + 3650 * DAY)) login bob
expect 3 "still locked ten years on"
run $L $((T0 + 3650 * DAY)) show bob
set -- $(printf '%s\n' "$OUT" | grep '^bob ')
[ "$*" = "bob locked $(date -u -d @$T0 +%FT%TZ) never 2 locked until unlocked by an administrator unauthorized" ] ||
	fail "show row under lock-time 0: '$*'"
run $L $((T0 + 3650 * DAY)) --json show bob
has '"failures":2,"locked_until":253402300799,"until_unlocked":true,' \
	"show --json under lock-time 0"
run $L $((T0 + 3650 * DAY)) unlock bob
expect 0 "unlock bob"
IN='Temp#Pass123\n' run $L $((T0 + 3650 * DAY)) login bob
expect 4 "open again after unlock (temporary password: change required)"

# maximum-lifetime: 60 days after the change at S.
IN='Zq9$Lm2#Vx7k\n' run $P $((S + 60 * DAY - 1)) login alice
expect 0 "one second before expiry"
IN='Zq9$Lm2#Vx7k\n' run $P $((S + 60 * DAY)) login alice
expect 4 "expired"
has 'expired' "reason given"

# Administrator reset: temporary again, not held by minimum-lifetime.
IN='Rst#Pass2024\n' run $P $((T0 + DAY)) passwd --reset alice
expect 0 "reset"
IN='Rst#Pass2024\n' run $P $((T0 + DAY)) login alice
expect 4 "reset password is temporary"

# An account password is what crypt takes: 511 bytes. 512 is an input
# error that names the real limit, and counts no failure.
head -c 512 /dev/zero | tr '\0' 'x' >"$T/512"
set +e; "$PWPOL" --now $T0 login alice <"$T/512" >/dev/null 2>"$T/stderr"; RC=$?; set -e
ERR=$(cat "$T/stderr"); OUT=
expect 2 "512-byte password at login"
set +e; { echo 'Rst#Pass2024'; cat "$T/512"; echo; } | "$PWPOL" --now $((T0 + 90 * DAY)) passwd alice >"$T/out" 2>"$T/stderr"; RC=$?; set -e
ERR=$(cat "$T/stderr"); OUT=$(cat "$T/out")
expect 2 "512-byte new password"
has 'is longer than 511 bytes (it has 512)' "limit named as it is"
run $P $T0 --json show alice
has '"failures":0,' "no failure counted for bad input"

# Unknown users get the same answer as a wrong password.
IN='Whatever#12\n' run $P $T0 login mallory
expect 1 "unknown user"
has 'wrong username or password' "same words"

# Bad input: each a clear error, and the store unchanged.
before=$($PWPOL --now $T0 --json show)
IN='\n' run $P $T0 useradd bob
expect 2 "empty password"
head -c 1048576 /dev/zero | tr '\0' 'x' >"$T/huge"
set +e; "$PWPOL" --now $T0 useradd carol <"$T/huge" >/dev/null 2>"$T/stderr"; RC=$?; set -e
ERR=$(cat "$T/stderr"); OUT=
expect 2 "1 MiB password"
has 'longer than' "size named"
IN='Good#Pass1234\n' run $P $T0 useradd -- '-bad'
[ "$RC" -ne 0 ] || fail "leading dash name accepted"
run $P $T0 passwd --reset nobody
expect 2 "reset of an unknown account"
run $P $T0 userdel nobody
expect 2 "userdel of an unknown account"
[ "$($PWPOL --now $T0 --json show)" = "$before" ] || fail "store changed by bad input"

run $P $T0 userdel alice
expect 0 "userdel"
IN='Rst#Pass2024\n' run $P $T0 login alice
expect 1 "deleted account"

# Store problems: missing, readable by others, not a store.
if ! on_pg; then
	run $PWPOL --db "$T/none.db" show
	expect 5 "missing store"
	chmod 644 "$PWPOL_DB"
	run $PWPOL show
	expect 5 "store readable by others"
	has 'others' "reason named"
	chmod 600 "$PWPOL_DB"
	head -c 4096 /dev/urandom >"$T/junk.db"; chmod 600 "$T/junk.db"
	run $PWPOL --db "$T/junk.db" show
	expect 5 "not a store"
fi

# Names: a warning is printed for a person, not only in JSON; "." and
# ".." refused; a name that differs from an account only by case refused;
# the system accounts cannot be deleted.
IN='Temp#Pass123\n' run $P $T0 useradd 4711
expect 0 "an all-digit name"
has "warning: username-all-digits:" "the warning is printed"
IN='Temp#Pass123\n' run $P $T0 useradd ..
expect 1 "'..'"
has "username-dots" "told why"
IN='Temp#Pass123\n' run $P $T0 useradd carol
expect 0 "carol"
IN='Temp#Pass123\n' run $P $T0 useradd CaroL
expect 1 "CaroL beside carol"
has "username-case: differs from an existing account only by upper and lower case" "told why"
for u in admin root t128; do
	run $P $T0 userdel $u
	expect 2 "userdel $u"
	has "$u is a system account" "told why"
done
run $P $T0 show root
expect 0 "root is still there"

# init with a ready hash, read from standard input (never the argument
# list, where ps shows it): stored as it is.
h=$(printf 'Hx8#kLm2Qw\n' | $PWPOL hash --format sha512)
hdb=$(store h)
IN="$h\n" run $PWPOL --db "$hdb" --now $T0 init --import-hash -
expect 0 "init --import-hash -"
IN='Hx8#kLm2Qw\n' run $PWPOL --db "$hdb" --now $T0 login root
expect 0 "login with the hashed password"
h2db=$(store h2)
run $PWPOL --db "$h2db" --now $T0 init --import-hash -
expect 2 "nothing on standard input"
on_pg || [ ! -e "$h2db" ] || fail "a failed init leaves no store behind"
printf 'not-a-hash\n' >"$T/bad.hash"
h3db=$(store h3)
run $PWPOL --db "$h3db" --now $T0 init --import-hash "$T/bad.hash"
expect 2 "init with a malformed hash from a file"
has "not a usable password hash" "said"
on_pg || [ ! -e "$h3db" ] || fail "a failed init leaves no store behind"
run $PWPOL --db "$h3db" --now $T0 init "$h"
expect 2 "a hash in the argument list"
has "never from the command line" "said why"
printf '$6$rounds=999999999$abcdefgh$%s\n' "$(printf 'x%.0s' $(seq 86))" >"$T/slow.hash"
run $PWPOL --db "$h3db" --now $T0 init --import-hash "$T/slow.hash"
expect 2 "a hash too costly to verify"

# init never overwrites silently; --force is a change of the three.
IN='Qz4%pLw8Nr!t\n' run $PWPOL --db "$hdb" --now $T0 init
expect 2 "init over existing accounts"
has "init --force" "says how"
IN='Wrong#Old-99\nQz4%pLw8Nr!t\n' run $PWPOL --db "$hdb" --now $T0 init --force
expect 1 "init --force with a wrong current password"
IN='Hx8#kLm2Qw\nHx8#kLm2Qw\n' run $PWPOL --db "$hdb" --now $T0 init --force
expect 1 "init --force to the same password"
has "minimum-reuse" "reuse applies"
IN='Hx8#kLm2Qw\nQz4%pLw8Nr!t\n' run $PWPOL --db "$hdb" --now $T0 init --force --password-hash
expect 0 "init --force --password-hash"
has '$6$' "the sha512 hash is printed"
h2=$(printf '%s\n' "$OUT" | grep '^\$6\$')
if ! on_pg; then
	[ "$(sqlite3 "$hdb" "SELECT count(DISTINCT hash) FROM accounts")" = 1 ] || fail "one hash for three"
	[ "$(sqlite3 "$hdb" "SELECT hash FROM accounts WHERE name='t128'")" = "$h2" ] || fail "the printed hash is set"
fi

# The end of time (PWPOL_TIME_MAX, the last second of 9999): the lock
# taken there, or taken just before and saturated there, holds there.
# Before, "locked until > now" was never true at the last second: the
# sixth failure answered 3 no more and the right password came in.
END=253402300799
edb=$(store endoftime)
IN='Kx7#mWq2vL\n' run "$PWPOL" --db "$edb" --now $((END - 10)) init
expect 0 "init at the end of time"
for at in $((END - 10)) $END; do
	run "$PWPOL" --db "$edb" --now $at unlock admin
	for i in 1 2 3 4 5 6; do
		IN='nope\n' run "$PWPOL" --db "$edb" --now $at login admin
	done
	IN='Kx7#mWq2vL\n' run "$PWPOL" --db "$edb" --now $END login admin
	expect 3 "locked at $at: the right password refused at the last second"
	run "$PWPOL" --db "$edb" --now $END --json show admin
	has '"locked_until":'"$END" "locked until the end of time"
done
done_testing
