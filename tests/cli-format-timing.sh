# SPDX-License-Identifier: BSD-3-Clause
# cli-format-timing.sh - an account whose hash is of another format than
# the others (yescrypt, bcrypt taken over with `import shadow` beside
# init's sha512) must not be told from a name that is no account by the
# time a wrong password takes. Before, the unknown name paid one sha512
# dummy: a wrong password for the bcrypt account took 11 times as long, the
# yescrypt one 2.4 times. The bound here is loose (1.5, medians of 5
# alternated rounds) so that a loaded machine does not fail it; the
# figures within 1.1 are bench/format-timing.sh's (doc/reliability.md).
. "$(dirname "$0")/lib.sh"
printf 'system { login { lockout { no-maximum-failed-attempts; } } }\n' >"$T/p.conf"
chmod 600 "$T/p.conf"
export PWPOL_CONFIG=$T/p.conf
IN='Kx7#mWq2vL\n' run "$PWPOL" init
expect 0 "init"
IN='Yes#Crypt9x7q\n' run "$PWPOL" hash --format yescrypt
y=$OUT
IN='Bc#Rypt9x7qzz\n' run "$PWPOL" hash --format bcrypt
b=$OUT
day=$(($(date +%s) / 86400))
printf 'yuki:%s:%s:0:99999:7:::\nbert:%s:%s:0:99999:7:::\n' "$y" "$day" "$b" "$day" >"$T/shadow"
run "$PWPOL" import shadow --file "$T/shadow"
expect 0 "import yuki and bert"

ms() {
	local t0 t1
	t0=$(date +%s%N)
	echo 'Wrong#Guess-42' | "$PWPOL" login "$1" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
for _ in 1 2 3 4 5; do
	for n in yuki bert mallory; do
		ms "$n" >>"$T/t.$n"
	done
done
median() { sort -n "$T/t.$1" | sed -n 3p; }
u=$(median mallory)
for n in yuki bert; do
	m=$(median "$n")
	lo=$((m < u ? m : u)) hi=$((m < u ? u : m))
	[ $((hi * 10)) -le $((lo * 15)) ] ||
		fail "$n (wrong password) ${m} ms, unknown name ${u} ms: told apart by time"
	echo "figures: wrong password for $n ${m} ms, unknown name ${u} ms"
done
# The refusal is still the same answer.
IN='Wrong#Guess-42\n' run "$PWPOL" login bert
expect 1 "bert: wrong password"
bert_out=$OUT
IN='Wrong#Guess-42\n' run "$PWPOL" login mallory
expect 1 "mallory: unknown"
[ "$OUT" = "$bert_out" ] || fail "unknown answers unlike a wrong password"
IN='Bc#Rypt9x7qzz\n' run "$PWPOL" login bert
expect 0 "bert's own password still logs in"
done_testing
