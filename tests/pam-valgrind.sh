# SPDX-License-Identifier: BSD-3-Clause
# pam-valgrind.sh - pam_pwpol.so inside a PAM host under valgrind memcheck:
# a good login, a wrong password, an unknown user, a forced change with a
# refused weak password first, a bad option, a missing and a junk store, and
# conversations that fail, answer nothing or answer NULL; no invalid read or
# write, no uninitialised value, no leak the module made.
# Skipped where valgrind is missing or the build has sanitizers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
if ! command -v valgrind >/dev/null; then
	echo "SKIP: valgrind not installed"
	exit 0
fi
if [ "${PWPOL_SANITIZE:-0}" = 1 ] || [ "${PWPOL_SANITIZE:-}" = ON ]; then
	echo "SKIP: sanitizer build (ASan and valgrind cannot share a process)"
	exit 0
fi
PAM_WRAP=(valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --track-origins=yes)
runs=0
# vg STATUS DESC DRIVER-ARGS...: one PAM transaction under valgrind ends with STATUS.
vg() {
	local want=$1 desc=$2
	shift 2
	pam "$@"
	runs=$((runs + 1))
	[ "$RC" -ne 99 ] || fail "$desc: valgrind found errors: $ERR"
	expect "$want" "$desc"
}

service login "db=$DB retry=2"
service badopt "db=$DB frobnicate=1"
service nostore "db=$T/none.db"
IN="$PW\n" run "$PWPOL" init
expect 0 "init"
TMP='Temp#Pass123'
NEW='Zq7#vBn-Rt2m'
IN="$TMP\n" run "$PWPOL" useradd alice
expect 0 "useradd"

IN="$PW\n" vg 0 "good login" --service login --user admin login
IN="nope\n" vg 7 "wrong password" --service login --user admin login
IN="$PW\n" vg 7 "unknown user" --service login --user mallory login
IN="$TMP\n$TMP\nweak\nweak\n$NEW\n$NEW\n" vg 0 "forced change, weak then good" \
	--service login --user alice login
has 'BAD PASSWORD: must be at least 9 characters long (it has 4)' "weak told"
IN="$PW\n" vg 3 "bad option" --service badopt --user admin login
IN="$PW\n" vg 9 "missing store" --service nostore --user admin login
echo 'not a database' >"$T/junk.db"
chmod 600 "$T/junk.db"
service junk "db=$T/junk.db"
IN="$PW\n" vg 9 "junk store" --service junk --user admin login
IN="$PW\n" vg 19 "conversation fails" --service login --user admin --failconv login
vg 19 "conversation answers nothing" --service login --user admin --nullconv login
vg 19 "conversation answers NULL" --service login --user admin --nullresp login
vg 19 "password group, NULL answer" --service login --user admin --nullresp chauthtok
echo "figures: $runs PAM transactions under valgrind memcheck, no error, no leak"
done_testing
