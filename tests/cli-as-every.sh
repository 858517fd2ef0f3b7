# SPDX-License-Identifier: BSD-3-Clause
# cli-as-every.sh - `--as` on every command of the commands[] table (and
# every subcommand): a read-only account, with a wrong and with its right
# password, is refused (exit 1, then 6) by every command that reads or
# writes the store, and nothing in the store (or in a store a command
# names) changes. The commands that read no account (check, hash,
# username-check, config check, config show) do what they do for anyone.
# Before, `store copy` and `store check` ignored --as: `pwpol --as ro
# store copy LIVE out.db` copied every hash, and `--merge` overwrote LIVE.
# Run a second time on PostgreSQL (PWPOL_PG_STATE).
. "$(dirname "$0")/lib.sh"
on_pg() { [ -n "${PWPOL_PG_STATE:-}" ]; }
on_pg && PWPOL_DB=$(store live)
T0=1700000000
PW='Kx7#mWq2vL'
RO='R3ad#Only77x'
printf 'system { login { lockout { no-maximum-failed-attempts; } } }\n' >"$T/p.conf"
chmod 600 "$T/p.conf"
export PWPOL_CONFIG=$T/p.conf
P=("$PWPOL" --now "$T0")
IN="$PW\n" run "${P[@]}" init
expect 0 "init"
IN='Temp#Pass123\n' run "${P[@]}" useradd --class read-only ro
IN="Temp#Pass123\n$RO\n" run "${P[@]}" passwd ro
expect 0 "ro's own password"
IN='Temp#Pass123\n' run "${P[@]}" useradd bob
expect 0 "useradd bob"
# A store of another's, with an account of its own, for copy --merge.
other=$(store other)
IN='Oth#Er99pass\n' run "$PWPOL" --db "$other" --now $T0 init
expect 0 "init the other store"
# There ro is a super-user, with the same password: a merge from there
# into the live store must still ask the live store, where ro is read-only.
IN='Temp#Pass123\n' run "$PWPOL" --db "$other" --now $T0 useradd --class super-user ro
IN="Temp#Pass123\n$RO\n" run "$PWPOL" --db "$other" --now $T0 passwd ro
expect 0 "ro's password in the other store"
printf 'root:$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KqouBsAZ3Aj3DBbKp6tk4U8PKIxmd.NUsb/Ta.FXQ2jAvVl1:19000:0:99999:7:::\n' >"$T/shadow"

# snap: what must not change (accounts but their failure counts, history,
# commits), of the live store and of the other.
snap() {
	local db q="SELECT name, hash, changed, flags, locked_until, class, enabled FROM accounts ORDER BY name;
SELECT account, seq, hash FROM history ORDER BY account, seq;
SELECT seq, time, author, text, confirm_by FROM config_commits ORDER BY seq;"
	for db in "$PWPOL_DB" "$other"; do
		if on_pg; then
			"$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -X -q -A -t "$db" -c "$q"
		else
			sqlite3 "$db" "$q"
		fi
	done
}
before=$(snap)

# Every command, one line each: NAME, the exit with ro's right password,
# then the command's arguments (stdin after ro's password: $LINES).
covered=" "
try() {
	local name=$1 want=$2
	shift 2
	covered="$covered$name "
	IN="wrong#Pass99\n${LINES:-}" run timeout 20 "${P[@]}" --as ro "$@"
	local wrong=1
	[ "$want" = any ] && wrong=any
	# refused: a command --as cannot apply to (root's files, not the
	# store's) refuses it before any password is read, right or wrong.
	[ "$want" = refused ] && wrong=2 want=2
	[ "$wrong" = any ] || expect "$wrong" "--as ro (wrong password) $*"
	IN="$RO\n${LINES:-}" run timeout 20 "${P[@]}" --as ro "$@"
	[ "$want" = any ] || expect "$want" "--as ro $*"
	[ "$want" = 6 ] && has "not permitted" "--as ro $*: says why"
	now=$(snap)
	[ "$now" = "$before" ] || fail "--as ro $*: the store changed"
	LINES=
}
LINES='Cand#Idate99x\n' try check 0 check
LINES='Cand#Idate99x\n' try hash 0 hash
try username-check any username-check alice
try generate 0 generate --user alice
try help any help check
LINES="$PW\nNew#Pass9999x\n" try init 6 init --force
LINES='Temp#Pass123\n' try useradd 6 useradd carol
try userdel 6 userdel bob
LINES='Temp#Pass123\n' try passwd 6 passwd --reset bob
LINES='carol:Temp#Pass123\n' try useradd 6 useradd --batch
LINES='bob:Temp#Pass123\n' try passwd 6 passwd --batch
LINES="$PW\n" try login any login nosuch
try unlock 6 unlock bob
try enable 6 enable bob
try disable 6 disable bob
try usermod 6 usermod --class super-user ro
try show 6 show
try show 6 show bob
try config any config check "$T/p.conf"
try config any config show
try config 6 config commit "$T/p.conf"
try config 6 config confirm
try config 6 config history
try config 6 config rollback 1
try config 6 config compare 1
try import 6 import shadow --file "$T/shadow"
printf 'bob:1002:1:$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KqouBsAZ3Aj3DBbKp6tk4U8PKIxmd.NUsb/Ta.FXQ2jAvVl1\n' >"$T/opasswd"
try import 6 import opasswd --file "$T/opasswd"
printf 'set system login user zed authentication encrypted-password "$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KqouBsAZ3Aj3DBbKp6tk4U8PKIxmd.NUsb/Ta.FXQ2jAvVl1"\n' >"$T/junos.conf"
try import 6 import junos "$T/junos.conf"
try config any config import junos "$T/junos.conf"
try usermod 6 usermod --max-days 10 bob
try passwd 6 passwd --expire bob
try export 6 export shadow
try export 6 export opasswd
try web 2 web --listen 127.0.0.1:1
try conductor refused conductor --listen 127.0.0.1:1
try node refused node list
try node refused node token
try token 6 token add bob
try token 6 token list
try token 6 token revoke bob
try store 6 store check
try store 6 store copy "$PWPOL_DB" "$T/out.db"
[ -e "$T/out.db" ] && fail "store copy --as ro: a copy of every hash was made"
try store 6 store copy "$other" "$PWPOL_DB" --merge
try store 6 store copy "$PWPOL_DB" "$other" --merge

# Every command of the table was walked.
for cmd in $("$PWPOL" --help | sed -n '/^Commands/,/^$/p' | sed -n 's/^  \([a-z-]*\).*/\1/p'); do
	case "$covered" in *" $cmd "*) ;; *) fail "command $cmd not walked with --as" ;; esac
done
# And the right proof still works: admin copies, ro shows itself.
IN="$RO\n" run "${P[@]}" --as ro show ro
expect 0 "ro shows itself"
done_testing
