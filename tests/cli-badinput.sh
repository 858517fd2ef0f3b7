# SPDX-License-Identifier: BSD-3-Clause
# cli-badinput.sh - the bad input table: oversized, empty, invalid UTF-8, NUL,
# control characters, overlong and malformed usernames, malformed hashes,
# corrupted and foreign database files, a read-only store. Each row gives a
# defined exit status and a clear message, and leaves the store exactly as
# it was (`sqlite3 .dump` before and after; the file's bytes where the file
# is not a store at all).
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 command not found"; exit 0; }
T0=1700000000
PW='Kx7#mWq2vL'
P=("$PWPOL" --now $T0)
rows=0

IN="$PW\n" run "${P[@]}" init
expect 0 "init"
IN='Temp#Pass123\n' run "${P[@]}" useradd alice
expect 0 "useradd alice"
IN='Temp#Pass123\nN3w!Secret99\n' run "${P[@]}" passwd alice
expect 0 "alice sets her own password"

# The accounts and their history; a refusal that counts against no account
# (an unknown name) is counted in the refusals table, on purpose, so that it
# costs what a counted failure does (doc/reliability.md).
dump() { sqlite3 "$1" '.dump accounts history' 2>&1; }

# try DESC STATUS TEXT INPUT-FILE CMD...: one row of the table against the
# store in $PWPOL_DB, which must not change.
try() {
	local desc=$1 want=$2 text=$3 input=$4
	shift 4
	local before after
	before=$(dump "$PWPOL_DB")
	set +e
	OUT=$("$@" <"$input" 2>"$T/stderr")
	RC=$?
	set -e
	ERR=$(cat "$T/stderr")
	rows=$((rows + 1))
	expect "$want" "$desc"
	[ -z "$text" ] || has "$text" "$desc: message"
	case "$ERR" in *AddressSanitizer* | *runtime\ error*) fail "$desc: sanitizer report" ;; esac
	after=$(dump "$PWPOL_DB")
	[ "$before" = "$after" ] || fail "$desc: the store changed"
}

# mkin NAME PRINTF-FORMAT [ARGS]: an input file.
mkin() {
	local f=$T/in.$1
	shift
	# shellcheck disable=SC2059
	printf "$@" >"$f"
	echo "$f"
}

big=$T/in.big
head -c 5000 /dev/zero | tr '\0' 'A' >"$big"
echo >>"$big"
huge=$T/in.huge
head -c $((1 << 20)) /dev/zero | tr '\0' 'b' >"$huge"
echo >>"$huge"
lim=$T/in.limit
{ head -c 4096 /dev/zero | tr '\0' 'c'; echo; } >"$lim"
nothing=$(mkin nothing '')

# Passwords at login: refused before the store is touched.
try "login: 5000-byte password" 2 "longer than 4096" "$big" "${P[@]}" login alice
try "login: 1 MiB password" 2 "longer than 4096" "$huge" "${P[@]}" login alice
try "login: no password at all" 2 "expected a password" "$nothing" "${P[@]}" login alice
try "login: empty password" 2 "" "$(mkin empty '\n')" "${P[@]}" login alice
try "login: NUL in password" 2 "" "$(mkin nul 'N3w!\000Secret\n')" "${P[@]}" login alice
try "login: 600-byte password (over crypt's limit)" 2 "" \
	"$(mkin l600 '%s\n' "$(head -c 600 "$big")")" "${P[@]}" login alice

# At login, a password the policy would refuse but crypt can take (invalid
# UTF-8, an escape sequence) may match a hash imported with --password-hash:
# it is an ordinary wrong password, answered 1 and counted once.
failures() { "${P[@]}" --json show alice | sed -n 's/.*"failures":\([0-9]*\).*/\1/p'; }
for bytes in 'N3w!\xffSecret' 'N3w!\033[2JSecret' 'N3w!\xc2\x85Secret'; do
	f0=$(failures)
	IN="$bytes\n" run "${P[@]}" login alice
	rows=$((rows + 1))
	expect 1 "login: $bytes"
	has "wrong username or password" "login: $bytes: message"
	[ "$(failures)" = $((f0 + 1)) ] ||
		fail "login: $bytes: counted $(($(failures) - f0)) failures, not 1"
done
IN='N3w!Secret99\n' run "${P[@]}" login alice
expect 0 "login resets the count"

# New passwords: every one an input error (2) naming its rule.
old='N3w!Secret99'
try "passwd: 4096-byte new password (over crypt's limit)" 2 "too-long" \
	"$(mkin lim2 '%s\n%s\n' "$old" "$(cat "$lim")")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: 5000-byte new password" 2 "longer than 4096" \
	"$(mkin big2 '%s\n%s\n' "$old" "$(head -c 5000 "$big")")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: empty new password" 2 "empty" "$(mkin e2 '%s\n\n' "$old")" \
	"${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: invalid UTF-8 (lone byte 0xff)" 2 "invalid-utf8" \
	"$(mkin u1 '%s\nAb1!cdef\xffgh\n' "$old")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: invalid UTF-8 (overlong /)" 2 "invalid-utf8" \
	"$(mkin u2 '%s\nAb1!cdef\xc0\xafgh\n' "$old")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: invalid UTF-8 (surrogate)" 2 "invalid-utf8" \
	"$(mkin u3 '%s\nAb1!cdef\xed\xa0\x80gh\n' "$old")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: invalid UTF-8 (truncated sequence)" 2 "invalid-utf8" \
	"$(mkin u4 '%s\nAb1!cdefgh\xe2\x82\n' "$old")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: NUL" 2 "control-character" \
	"$(mkin n1 '%s\nAb1!cd\000efgh\n' "$old")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: tab" 2 "control-character" \
	"$(mkin c1 '%s\nAb1!cd\tefgh\n' "$old")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: DEL" 2 "control-character" \
	"$(mkin c2 '%s\nAb1!cd\177efgh\n' "$old")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd: C1 control NEL" 2 "control-character" \
	"$(mkin c3 '%s\nAb1!cd\xc2\x85efgh\n' "$old")" "${P[@]}" --now $((T0 + 86400 * 2)) passwd alice
try "passwd --reset: escape sequence" 2 "control-character" \
	"$(mkin c4 'Ab1!cd\033efgh\n')" "${P[@]}" passwd --reset alice
try "useradd: invalid UTF-8 password" 2 "invalid-utf8" \
	"$(mkin u5 'Ab1!cdef\xfe\n')" "${P[@]}" useradd bob
try "init --force: NUL in password" 2 "control-character" "$(mkin n2 "$PW\nAb1!cd\000efgh\n")" "${P[@]}" init --force

# Usernames: refused by the username rules (1), each rule named.
long33=$(printf 'u%.0s' {1..33})
long5k=$(head -c 5000 /dev/zero | tr '\0' 'u')
ok=$(mkin okpw 'Temp#Pass123\n')
try "useradd: 33-character username" 1 "username-length" "$ok" "${P[@]}" useradd "$long33"
try "useradd: 5000-character username" 1 "username-length" "$ok" "${P[@]}" useradd "$long5k"
try "useradd: empty username" 1 "username-length" "$ok" "${P[@]}" useradd ''
try "useradd: space in username" 1 "username-characters" "$ok" "${P[@]}" useradd 'a b'
try "useradd: newline in username" 1 "username-characters" "$ok" "${P[@]}" useradd $'a\nb'
try "useradd: non-ASCII username" 1 "username-characters" "$ok" "${P[@]}" useradd $'\xc3\xa9mile'
try "useradd: invalid UTF-8 username" 1 "username-characters" "$ok" "${P[@]}" useradd $'ab\xff'
try "useradd: '\$' inside the username" 1 "username-dollar" "$ok" "${P[@]}" useradd 'a$b'
try "login: 5000-character unknown username" 1 "wrong username or password" \
	"$(mkin okpw2 'N3w!Secret99\n')" "${P[@]}" login "$long5k"
try "login: unknown user" 1 "wrong username or password" "$(mkin okpw3 'N3w!Secret99\n')" \
	"${P[@]}" login mallory
try "show: unknown user" 2 "no such account" "$nothing" "${P[@]}" show mallory
try "unlock: unknown user" 2 "no such account" "$nothing" "${P[@]}" unlock mallory
try "userdel: unknown user" 2 "no such account" "$nothing" "${P[@]}" userdel mallory

# Malformed hashes given instead of a password.
for h in 'junk' '' '$' '$6$' '$6$salt' '$6$rounds=abc$salt$x' '$2b$99$abcdefghijklmnopqrstuu' \
	'$y$' '$1$$' '*' '!' "$(head -c 600 /dev/zero | tr '\0' 'h')" $'$6$sa\nlt$abc' '$7$x'; do
	try "passwd --reset --import-hash $(printf %q "${h:0:24}")" 2 "hash" "$(mkin hash '%s\n' "$h")" \
		"${P[@]}" passwd --reset alice --import-hash -
done
try "init --password-hash junk" 2 "hash" "$nothing" "${P[@]}" init --password-hash junk
try "useradd --import-hash junk" 2 "hash" "$(mkin junk 'junk\n')" "${P[@]}" useradd bob --import-hash -
try "useradd NAME HASH" 2 "never from the command line" "$nothing" "${P[@]}" useradd bob '$6$abc$def'
try "passwd --reset NAME HASH" 2 "never from the command line" "$nothing" "${P[@]}" passwd --reset bob '$6$abc$def' 

# Usage errors.
try "--now not a number" 2 "--now" "$nothing" "$PWPOL" --now tomorrow login alice
try "--now after 9999" 2 "9999-12-31" "$nothing" "$PWPOL" --now 253402300800 login alice
try "--now negative" 2 "--now" "$nothing" "$PWPOL" --now -5 login alice
try "unknown command" 2 "unknown command" "$nothing" "$PWPOL" frobnicate
try "login without a name" 2 "usage" "$nothing" "${P[@]}" login

# Stores that are not stores: the file's bytes must not change either.
# file_try DESC FILE: login against FILE as the store gives 5 and a message.
file_try() {
	local desc=$1 f=$2 sum1 sum2
	sum1=$({ sha256sum <"$f"; } 2>/dev/null || echo none)
	set +e
	OUT=$(printf '%s\n' "$PW" | "${P[@]}" --db "$f" login admin 2>"$T/stderr")
	RC=$?
	set -e
	ERR=$(cat "$T/stderr")
	rows=$((rows + 1))
	expect 5 "$desc"
	[ -n "$ERR" ] || fail "$desc: no message"
	sum2=$({ sha256sum <"$f"; } 2>/dev/null || echo none)
	[ "$sum1" = "$sum2" ] || fail "$desc: the file changed"
}
bad=$T/bad
mkdir -p "$bad"
head -c 65536 /dev/urandom >"$bad/random.db"
chmod 600 "$bad/random.db"
file_try "random bytes as the store" "$bad/random.db"
printf 'hello, I am a text file\n' >"$bad/text.db"
chmod 600 "$bad/text.db"
file_try "a text file as the store" "$bad/text.db"
sqlite3 "$bad/foreign.db" 'CREATE TABLE songs(title TEXT); INSERT INTO songs VALUES ("x");'
chmod 600 "$bad/foreign.db"
file_try "a foreign SQLite database" "$bad/foreign.db"
sqlite3 "$bad/foreign.db" .dump | grep -q 'CREATE TABLE songs' || fail "foreign database damaged"
cp "$PWPOL_DB" "$bad/trunc.db"
sqlite3 "$PWPOL_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp "$PWPOL_DB" "$bad/corrupt.db"
size=$(stat -c %s "$bad/corrupt.db")
# Zero every page after the first: the header says "SQLite" but the tables are gone.
dd if=/dev/zero of="$bad/corrupt.db" bs=1 seek=4096 count=$((size - 4096)) conv=notrunc status=none
chmod 600 "$bad/corrupt.db"
file_try "a store with its pages zeroed" "$bad/corrupt.db"
head -c 4096 "$PWPOL_DB" >"$bad/trunc.db"
chmod 600 "$bad/trunc.db"
file_try "a store cut after its first page" "$bad/trunc.db"
mkdir "$bad/dir.db"
file_try "a directory as the store" "$bad/dir.db"
cp "$PWPOL_DB" "$bad/open.db"
chmod 644 "$bad/open.db"
file_try "a store others may read (0644)" "$bad/open.db"
file_try "a store that does not exist" "$bad/missing.db"

# A read-only store directory. Root ignores permissions, so as root the
# commands run as nobody (setpriv) against a store nobody owns.
as=()
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null; then
		as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	else
		echo "SKIP: read-only directory (root without setpriv)"
	fi
fi
if [ "$(id -u)" -ne 0 ] || [ ${#as[@]} -gt 0 ]; then
	ro=$T/ro
	mkdir -p "$ro"
	chmod 755 "$T"
	[ "$(id -u)" -eq 0 ] && chown 65534:65534 "$ro"
	printf '%s\n' "$PW" | "${as[@]}" "${P[@]}" --db "$ro/accounts.db" init >/dev/null ||
		fail "init in the read-only test directory"
	# pwpol keeps the write-ahead log between commands; a plain sqlite3 close
	# folds it back and removes it, so no command can write through it.
	sqlite3 "$ro/accounts.db" 'PRAGMA user_version' >/dev/null
	[ ! -e "$ro/accounts.db-wal" ] || fail "the log was not folded back"
	chmod 500 "$ro"
	before=$(dump "$ro/accounts.db")
	for cmd in "passwd --reset admin" "unlock admin" "userdel admin" "useradd bob" \
		"login admin"; do
		set +e
		# shellcheck disable=SC2086
		OUT=$(printf 'Temp#Pass123\n' | "${as[@]}" "${P[@]}" --db "$ro/accounts.db" $cmd 2>"$T/stderr")
		RC=$?
		set -e
		ERR=$(cat "$T/stderr")
		rows=$((rows + 1))
		expect 5 "read-only directory: $cmd"
		[ -n "$ERR" ] || fail "read-only directory: $cmd: no message"
	done
	[ "$before" = "$(dump "$ro/accounts.db")" ] || fail "read-only directory: the store changed"
	chmod 700 "$ro"
fi

# Nothing of it left a password in the store's file.
for f in "$PWPOL_DB" "$PWPOL_DB-wal"; do
	[ -f "$f" ] || continue
	grep -a -q -e 'N3w!Secret99' -e 'Temp#Pass123' -e "$PW" "$f" && fail "$f holds a password"
done
echo "figures: $rows bad inputs tried"
done_testing
