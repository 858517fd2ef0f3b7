# SPDX-License-Identifier: BSD-3-Clause
# cli-initrace.sh - eight `pwpol init` at once on a path where no store is
# yet: exactly one says `initialized`, the others that the system accounts
# exist already, and the store is there with admin's password. A maker
# whose init fails (a weak password) removes the store it made only when
# no other pwpol holds it and it holds nothing, so another's init is never
# removed under it. Ten rounds of each.
. "$(dirname "$0")/lib.sh"
export PWPOL_DB=
PW='Kx7#mWq2vL'
ROUNDS=${ROUNDS:-10}

# round N WEAK: eight inits at once on a new path, WEAK of them with a
# password the policy refuses; checks what they said and what is left.
round() {
	local d=$T/r$1 i pw
	mkdir "$d"
	for i in 1 2 3 4 5 6 7 8; do
		pw=$PW
		[ "$i" -gt "$2" ] || pw=short
		(
			rc=0
			printf '%s\n' "$pw" | "$PWPOL" --db "$d/s.db" init >"$d/out.$i" 2>"$d/err.$i" || rc=$?
			echo "$rc" >"$d/rc.$i"
		) &
	done
	wait
	local ok
	ok=$(cat "$d"/out.* | grep -c '^initialized' || true)
	[ "$ok" = 1 ] || fail "round $1 ($2 weak): $ok said initialized"
	[ -f "$d/s.db" ] || fail "round $1 ($2 weak): no store left although one said initialized"
	IN="$PW\n" run "$PWPOL" --db "$d/s.db" login admin
	expect 0 "round $1 ($2 weak): admin logs in"
	for i in 1 2 3 4 5 6 7 8; do
		case $(cat "$d/rc.$i") in
		0) ;;
		1) [ "$i" -le "$2" ] || fail "round $1: a good init rejected: $(cat "$d/err.$i")" ;;
		2) grep -q 'the system accounts exist already' "$d/err.$i" ||
			fail "round $1: init $i: $(cat "$d/err.$i")" ;;
		*) fail "round $1: init $i exit $(cat "$d/rc.$i"): $(cat "$d/err.$i")" ;;
		esac
	done
}
for n in $(seq 1 "$ROUNDS"); do
	round "$n" 0
	round "w$n" 4
done
done_testing
