# SPDX-License-Identifier: BSD-3-Clause
# cli-classes.sh - who may do what through the `pwpol` command: --as NAME
# proves NAME's password as a login does, then every administrative command
# answers as NAME's class allows (exit 6 and the reason when not), an
# expired password allows nothing but its change, disable/enable, useradd
# --class and usermod --class, and show's class and state. Run a second
# time on PostgreSQL (PWPOL_PG_STATE).
. "$(dirname "$0")/lib.sh"
[ -n "${PWPOL_PG_STATE:-}" ] && PWPOL_DB=$(store classes)
T0=1700000000
P="$PWPOL --now"
PW='Kx7#mWq2vL'
NEW='N3w!Secret99'
cat >"$T/classes.conf" <<'CONF'
system { login {
    class auditor { permissions [ admin view ]; }
    class keeper { permissions [ admin admin-control ]; }
    class controller { permissions admin-control; }
} }
CONF
chmod 600 "$T/classes.conf"
export PWPOL_CONFIG=$T/classes.conf

IN="$PW\n" run $P $T0 init
expect 0 "init"
# One account per class, its temporary password changed.
for cls in operator read-only unauthorized auditor keeper controller super-user; do
	IN='Temp#Pass123\n' run $P $T0 useradd --class $cls "u-$cls"
	expect 0 "useradd --class $cls"
	IN="Temp#Pass123\n$NEW\n" run $P $T0 passwd "u-$cls"
	expect 0 "u-$cls changes its temporary password"
done
IN='Temp#Pass123\n' run $P $T0 useradd --class nonesuch bob
expect 2 "useradd --class of no class"
has "no such class" "says so"
IN='Temp#Pass123\n' run $P $T0 useradd bob
expect 0 "useradd bob"
run $P $T0 show bob
has "unauthorized" "a new account is unauthorized"
run $P $T0 show admin
has "super-user" "admin is a super-user"

# Each class: viewing needs admin, changing needs admin-control, which
# includes viewing (Junos: "can view user accounts and configure them").
for cls in operator read-only unauthorized auditor keeper controller super-user; do
	case $cls in auditor) see=0 change=6 ;; keeper | controller | super-user) see=0 change=0 ;; *) see=6 change=6 ;; esac
	IN="$NEW\n" run $P $T0 --as "u-$cls" show bob
	expect $see "$cls: show bob"
	[ $see = 6 ] && has "not permitted: u-$cls is of class $cls, which lacks the admin permission" "$cls: why"
	IN="$NEW\n" run $P $T0 --as "u-$cls" show "u-$cls"
	expect 0 "$cls: show itself"
	IN="$NEW\n" run $P $T0 --as "u-$cls" config history
	[ $see = 0 ] && expect 0 "$cls: config history" || expect 6 "$cls: config history"
	# config show needs admin too (issue 22: any account could view it).
	IN="$NEW\n" run $P $T0 --as "u-$cls" config show
	expect $see "$cls: config show"
	IN="$NEW\n" run $P $T0 --as "u-$cls" unlock bob
	expect $change "$cls: unlock bob"
	[ $change = 6 ] && has "lacks the admin-control permission" "$cls: why"
	IN="$NEW\n" run $P $T0 --as "u-$cls" disable bob
	expect $change "$cls: disable bob"
	IN="$NEW\n" run $P $T0 --as "u-$cls" enable bob
	expect $change "$cls: enable bob"
	IN="$NEW\n" run $P $T0 --as "u-$cls" usermod --class operator bob
	expect $change "$cls: usermod --class"
	IN="$NEW\nTemp#Pass1$cls\n" run $P $T0 --as "u-$cls" passwd --reset bob
	expect $change "$cls: passwd --reset bob"
	IN="$NEW\nTemp#Pass123\n" run $P $T0 --as "u-$cls" useradd "c-$cls"
	expect $change "$cls: useradd"
	IN="$NEW\n" run $P $T0 --as "u-$cls" userdel "c-$cls"
	[ $change = 0 ] && expect 0 "$cls: userdel" || expect 6 "$cls: userdel"
	IN="$NEW\n" run $P $T0 --as "u-$cls" config commit "$T/classes.conf"
	expect $change "$cls: config commit"
	IN="$NEW\n" run $P $T0 --json --as "u-$cls" unlock bob
	[ $change = 6 ] && has '"status":"not-permitted"' "$cls: JSON status"
done
# The commit is in the actor's name.
run $P $T0 config history
has "by u-keeper" "a commit by --as u-keeper is u-keeper's"

# --as proves the password as a login does: wrong, counted, locked.
IN='wrong\n' run $P $T0 --as u-keeper show bob
expect 1 "--as with a wrong password"
has "wrong username or password" "said as a login says it"
IN="$NEW\n" run $P $T0 --as nobody show bob
expect 1 "--as an unknown account: the same answer"
run $P $T0 show u-keeper
has " 1 " "the wrong password was counted"

# An expired password: its change and nothing else.
LATER=$((T0 + 61 * 86400))
IN="$NEW\n" run $P $LATER --as u-keeper unlock bob
expect 6 "expired: no unlock"
has "the password is expired; it must be changed first" "says why"
IN="$NEW\n" run $P $LATER --as u-keeper config commit "$T/classes.conf"
expect 6 "expired: no commit"
IN="$NEW\n$NEW\nZ9y!Other#77\n" run $P $LATER --as u-keeper passwd u-keeper
expect 0 "expired: its own change"
IN='Z9y!Other#77\n' run $P $LATER --as u-keeper unlock bob
expect 0 "changed: unlock again"

# Disabled: refused as a wrong password, nothing counted, shown.
run $P $T0 disable u-operator
expect 0 "disable"
IN="$NEW\n" run $P $T0 login u-operator
expect 1 "a disabled account's right password"
has "rejected: wrong username or password" "said as a wrong password"
run $P $T0 show u-operator
has "disabled" "show says disabled"
run $P $T0 --json show u-operator
has '"disabled":true' "JSON says disabled"
has '"failures":0' "nothing counted"
run $P $T0 enable u-operator
IN="$NEW\n" run $P $T0 login u-operator
expect 0 "enabled again"

# A class the configuration in force does not define holds nothing.
printf 'system { login { password { minimum-length 9; } } }\n' >"$T/plain.conf"
chmod 600 "$T/plain.conf"
run $P $T0 config commit "$T/plain.conf"
expect 0 "root commits a configuration without the classes"
run $P $T0 show u-auditor
has "auditor (unknown: none)" "show says the class is unknown"
IN="$NEW\n" run $P $T0 --as u-auditor show bob
expect 6 "unknown class: no admin"
has "which the configuration in force does not define" "says why"

# --as and standard input: the acting account's password is the first
# line, the command's own lines follow (said by every command's usage).
run "$PWPOL" passwd --help
has "With --as NAME, NAME's password is the first line of standard input" "usage says the order"
IN="$NEW\nReset#Tmp2468\n" run $P $T0 passwd --reset bob --as u-super-user
expect 0 "passwd --reset under --as: admin's password, then the new one"
IN="Reset#Tmp2468\n" run $P $T0 login bob
expect 4 "the second line is bob's new temporary password"
IN="$NEW\n" run $P $T0 login bob
expect 1 "the first line (the actor's password) is not bob's"

done_testing
