# SPDX-License-Identifier: BSD-3-Clause
# cli-valgrind.sh - `pwpol` under valgrind memcheck: check, hash, init,
# useradd, login (right, wrong, locked), passwd, show, config show, with no
# invalid read or write, no use of uninitialised memory, and no leak.
# Skipped (exit 0) where valgrind is missing or the binary is a sanitizer
# build (ASan and valgrind cannot share a process).
. "$(dirname "$0")/lib.sh"
if ! command -v valgrind >/dev/null; then
	echo "SKIP: valgrind not installed"
	exit 0
fi
if [ "${PWPOL_SANITIZE:-0}" = 1 ] || nm -a "$PWPOL" 2>/dev/null | grep -q __asan_init ||
	ldd "$PWPOL" 2>/dev/null | grep -q libasan; then
	echo "SKIP: $PWPOL is a sanitizer build"
	exit 0
fi
T0=1700000000
VG=(valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible
	--errors-for-leak-kinds=definite,indirect,possible --track-origins=yes)
runs=0

# vg STATUS DESC INPUT ARGS...: one command under valgrind ends with STATUS.
vg() {
	local want=$1 desc=$2 input=$3
	shift 3
	IN=$input run "${VG[@]}" "$PWPOL" --now $T0 "$@"
	runs=$((runs + 1))
	[ "$RC" -ne 99 ] || fail "$desc: valgrind found errors"
	expect "$want" "$desc"
}

vg 0 "check" 'S3cure#Pass\n' check
E9='\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9' # 9 x e-acute
vg 1 "check, rejected" "short\nAdmin1234!\n$E9\n" check --user admin
vg 2 "check, invalid input" 'ab\xffcd\n' check
vg 0 "hash" 'S3cure#Pass\n' hash
vg 0 "username-check" '' username-check alice
vg 0 "init" 'Kx7#mWq2vL\n' init
vg 0 "useradd" 'Temp#Pass123\n' useradd alice
vg 4 "login, temporary" 'Temp#Pass123\n' login alice
vg 0 "passwd" 'Temp#Pass123\nN3w!Secret99\n' passwd alice
vg 1 "passwd, weak" 'N3w!Secret99\nweak\n' passwd alice
vg 0 "login" 'N3w!Secret99\n' login alice
vg 1 "login, wrong" 'wrong\n' login alice
vg 1 "login, unknown user" 'wrong\n' login mallory
vg 0 "show" '' show
vg 0 "show --json" '' --json show alice
vg 0 "config show" '' config show
vg 0 "passwd --reset" 'Reset#Pass77\n' passwd --reset alice
vg 0 "userdel" '' userdel alice
vg 2 "usage error" '' frobnicate
echo "figures: $runs commands under valgrind memcheck, no error, no leak"
done_testing
