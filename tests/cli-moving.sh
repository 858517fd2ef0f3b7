#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-moving.sh - moving a Unix machine's accounts in and out without loss
# (issue 28): import shadow carries every field (hash, last change, the
# five aging fields, expiry, a `!` lock as disabled), --dry-run says what
# would happen to each account and writes nothing, a bad line names its
# number and imports nothing, import opasswd fills each account's history
# (oldest first, kept to minimum-reuse), and export shadow / opasswd write
# back the very bytes that came in.
. "$(dirname "$0")/lib.sh"
T0=1700000000
DAY=86400
d=$((T0 / DAY))
P="$PWPOL --now"
h() { printf '%s\n' "$2" | "$PWPOL" hash --no-check --format "$1"; }
a6=$(h sha512 'Al1ce#Secret'); b5=$(h sha256 'B0b#Secret99')
c6=$(h sha512 'C4rol#Secret'); dy=$(h yescrypt 'D4ve#Secret9')
e1=$(openssl passwd -1 'Er1n#Secret9'); f6=$(h sha512 'Fr4nk#Secret')
# Sorted by name, as pwpol writes it back; every field shadow has.
cat >"$T/shadow" <<SHADOW
alice:$a6:$((d - 10)):0:99999:7:::
bob:$b5:$((d - 20)):1:90:14:30::
carol:!$c6:$((d - 5)):0:99999:7:::
dave:$dy:0:0:99999:7:::
erin:$e1:$((d - 400)):0:365:7:50:$((d + 100)):
frank:$f6:$((d - 1)):2:30:5::$((d - 1)):
SHADOW
cp "$T/shadow" "$T/shadow.orig"

# A bad line: its number, and nothing imported, in text and JSON.
{ cat "$T/shadow"; echo 'mallory:x:notaday:0:99999:7:::'; } >"$T/bad"
run $P $T0 import shadow --file "$T/bad"
expect 2 "a bad line"
has "$T/bad:7: the last-change day is not a number of days; nothing imported" "line number and why"
[ ! -e "$PWPOL_DB" ] || fail "a store was left behind by a failed import"
printf 'x\n' >"$T/bad2"
run $P $T0 --json import shadow --file "$T/bad2"
expect 2 "a line without ':'"
has '"error":"' "json error"
printf 'x:h:99999999999999999999:0:99999:7:::\n' >"$T/bad3"
run $P $T0 import shadow --file "$T/bad3"
expect 2 "a huge day"
has 'bad3:1: the last-change day is past the year 9999' "named"

# The dry run: what would happen to each, nothing written.
IN='Kx7#mWq2vL\n' run $P $T0 init
run $P $T0 useradd --import-hash - alice <<<"$a6" >/dev/null 2>&1 || true
IN="$a6\n" run $P $T0 useradd --import-hash - alice
expect 0 "alice is already there"
printf 'Ad m1n:%s:%s:0:99999:7:::\n' "$a6" "$d" >>"$T/shadow"
printf 'gina::%s:0:99999:7:::\nhal:!!:%s:0:99999:7:::\n+@staff\n' "$d" "$d" >>"$T/shadow"
run $P $T0 import shadow --dry-run --file "$T/shadow"
expect 1 "some would be skipped"
has 'would skip alice: already an account' "already there"
has 'would import bob' "bob"
has 'would import carol (disabled: locked there, its hash kept)' "locked: disabled"
has 'would import dave (expired on arrival: the password must change at the first login)' "day 0"
has 'would import erin (expired on arrival: the password must change at the first login; rehashed in the policy' "erin's own 365 days have passed; md5 rehashed"
has 'would import frank (expired on arrival: past its expiry date or inactive period, refused)' "frank's account expired yesterday"
has 'would skip Ad m1n: not a username pwpol takes' "a bad name"
has 'would skip gina: no password (empty field)' "no password"
has 'would skip hal: locked, with no password behind the lock' "!! alone"
has 'would skip +@staff: a NIS compat entry, not an account of this file' "NIS compat"
has 'dry run, nothing written: 5 would be imported, 5 skipped (1 already there), 3 expired on arrival' "summary"
run $P $T0 show bob
expect 2 "the dry run wrote nothing"
run $P $T0 --json import shadow --dry-run --file "$T/shadow"
has '{"name":"carol","imported":false,"result":"would-import","disabled":true,"expired":false,"account_expired":false,"rehash":false}' "json per account"
has '{"name":"alice","imported":false,"result":"exists","reason":"already an account"}' "json exists"
has '{"summary":true,"dry_run":true,"imported":5,"exists":1,"skipped":4,"expired":3}' "json summary"

# A dry run into no store leaves none behind.
PWPOL_DB=$T/fresh.db run $P $T0 import shadow --dry-run --file "$T/shadow.orig"
expect 0 "dry run into a new store"
has 'dry run, nothing written: 6 would be imported' "all would be"
[ ! -e "$T/fresh.db" ] || fail "a dry run left a store behind"

# The real thing, into a store of its own: every field arrives.
export PWPOL_DB=$T/moved.db
run $P $T0 import shadow --file "$T/shadow.orig"
expect 0 "all imported"
has '6 imported, 0 skipped (0 already there), 3 expired on arrival' "summary"
# Back out at once: the very bytes that came in.
run $P $T0 export shadow
expect 0 "export shadow"
printf '%s\n' "$OUT" >"$T/out"
cmp "$T/shadow.orig" "$T/out" || fail "export shadow differs: $(diff "$T/shadow.orig" "$T/out")"
IN='Al1ce#Secret\n' run $P $T0 login alice
expect 0 "alice logs in"
IN='B0b#Secret99\n' run $P $T0 login bob
expect 0 "bob logs in (sha256, rehashed)"
IN='C4rol#Secret\n' run $P $T0 login carol
expect 1 "carol is disabled"
run $P $T0 enable carol
IN='C4rol#Secret\n' run $P $T0 login carol
expect 0 "enabled again: her own hash works"
run $P $T0 disable carol
IN='D4ve#Secret9\n' run $P $T0 login dave
expect 4 "dave must change (day 0)"
IN='Er1n#Secret9\n' run $P $T0 login erin
expect 4 "erin's own maximum has passed"
IN='Fr4nk#Secret\n' run $P $T0 login frank
expect 1 "frank's account has expired"
# The policy's 60 days count from the import: alice (10 days old) is not
# expired at 55 days after it, as she would be counted from her change.
IN='Al1ce#Secret\n' run $P $((T0 + 55 * DAY)) login alice
expect 0 "the policy's maximum counts from the import"
IN='Al1ce#Secret\n' run $P $((T0 + 60 * DAY)) login alice
expect 4 "60 days after the import"
run $P $T0 show bob
has 'Minimum number of days between password change          : 1' "bob's minimum"
has 'Maximum number of days between password change          : 60 (policy maximum-lifetime)' "bob's 90 is looser than the policy's 60"
has 'Number of days of warning before password expires       : 14' "bob's warning"

# opasswd: each account's earlier hashes, oldest first, kept to
# minimum-reuse (5: four earlier ones).
o=(); for i in 1 2 3 4 5; do o+=("$(h sha512 "Old#Pass${i}x")"); done
cat >"$T/opasswd" <<OPASSWD
alice:1001:2:${o[0]},${o[1]}
frank:1006:5:${o[0]},${o[1]},${o[2]},${o[3]},${o[4]}
nobody:1009:1:${o[0]}
OPASSWD
printf 'alice:x:1001:1001::/home/alice:/bin/sh\nfrank:x:1006:1006::/home/frank:/bin/sh\n' >"$T/passwd"
printf 'alice:1001:2:%s,%s\nx\n' "${o[0]}" "${o[1]}" >"$T/opasswd.bad"
mkfifo "$T/fifo"
OUT=$(timeout 10 $P $T0 import opasswd --file "$T/fifo" 2>&1) && RC=0 || RC=$?
expect 2 "import opasswd: a FIFO is refused at once"
OUT=$(timeout 10 $P $T0 export opasswd --passwd "$T/fifo" 2>&1) && RC=0 || RC=$?
expect 2 "export opasswd --passwd: a FIFO is refused at once"
run $P $T0 import opasswd --file "$T/opasswd.bad"
expect 2 "a bad opasswd line"
has 'opasswd.bad:2: not an opasswd line' "named"
run $P $T0 import opasswd --file "$T/opasswd"
expect 1 "one account unknown"
has 'imported alice: 2 earlier passwords' "alice"
has 'skipped nobody: no such account' "nobody"
run $P $T0 --json show frank
has '"history":4' "frank's history kept to minimum-reuse"
IN="Al1ce#Secret\nOld#Pass1x\n" run $P $((T0 + 2 * DAY)) passwd alice
expect 1 "an opasswd password is refused as reused"
has 'minimum-reuse' "rule named"
run $P $T0 export opasswd --passwd "$T/passwd"
expect 0 "export opasswd"
[ "$OUT" = "alice:1001:2:${o[0]},${o[1]}
frank:1006:4:${o[1]},${o[2]},${o[3]},${o[4]}" ] || fail "export opasswd: $OUT"
done_testing
