# SPDX-License-Identifier: BSD-3-Clause
# cli-fifo.sh - a FIFO (or a device, or a directory) named where pwpol reads
# a file answers at once: refused with a sentence and status 2, never
# waited on until a writer comes. Every option that reads a named file:
# --config and config check (the policy), import shadow --file,
# --import-hash FILE, config commit FILE and config compare FILE.
. "$(dirname "$0")/lib.sh"
PW='Kx7#mWq2vL'
IN="$PW\n" run "$PWPOL" init
expect 0 "init"
mkfifo "$T/fifo"

# tried CMD...: runs CMD with a 10-second watchdog (124: it waited).
tried() {
	set +e
	OUT=$(timeout 10 "$@" </dev/null 2>"$T/stderr")
	RC=$?
	set -e
	ERR=$(cat "$T/stderr")
	[ "$RC" -ne 124 ] || fail "$*: waited on the FIFO"
}
refused() { # WHAT: the last run refused the FIFO at once
	expect 2 "$1"
	has "$T/fifo: a FIFO, not a regular file; refused" "$1: says why"
}

tried "$PWPOL" import shadow --file "$T/fifo"
refused "import shadow --file FIFO"
tried "$PWPOL" useradd --import-hash "$T/fifo" bob
refused "useradd --import-hash FIFO"
tried "$PWPOL" config commit "$T/fifo"
refused "config commit FIFO"
tried "$PWPOL" config check "$T/fifo"
refused "config check FIFO"
tried "$PWPOL" --config "$T/fifo" check
refused "--config FIFO"

tried "$PWPOL" import shadow --file /dev/zero
expect 2 "import shadow --file a device"
has "/dev/zero: a character device, not a regular file; refused" "device: says why"
tried "$PWPOL" config commit "$T"
expect 2 "config commit a directory"
has "$T: a directory, not a regular file; refused" "directory: says why"

# A regular file and standard input still work.
printf 'bob:$6$saltsalt$qjYJ3d3Fx2bIqeRq3Jm1Xb0c8E3VvQdIh2J8m0pXbJ9kYw0gVg8sQ3vN5T7m9pI1cZ8yR4uL6wK2eA0dF3hG5.:19000:0:99999:7:::\n' >"$T/shadow"
tried "$PWPOL" import shadow --file "$T/shadow"
[ "$RC" -ne 2 ] || fail "import shadow of a regular file: $ERR"
printf 'set system login password minimum-length 12\n' >"$T/p.conf"
tried "$PWPOL" config commit "$T/p.conf"
expect 0 "config commit of a regular file"
tried "$PWPOL" config compare "$T/fifo"
refused "config compare FIFO"
done_testing
