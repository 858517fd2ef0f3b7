# SPDX-License-Identifier: BSD-3-Clause
# lib-pam.sh - what the PAM tests share: the module driven through the real
# Linux-PAM library (tests/pam_driver over pam_start_confdir, with service
# files written into $T/pam.d: the machine's /etc/pam.d is never read), and
# a stand-in syslog, preloaded, that writes what the module logs to a file.
# Sourced after lib.sh. $PAM_WRAP (an array) runs the driver under a tool.
if [ -z "${PAM_PWPOL:-}" ] || [ -z "${PAM_DRIVER:-}" ]; then
	echo "skipped: the PAM module is not built (PWPOL_PAM=OFF)"
	exit 0
fi
: "${SYSLOG_SHIM:?set SYSLOG_SHIM to the syslog_shim.so built with the tests}"
# intercept_tls_get_addr=0: up to GCC 13 the sanitizer runtime reads the
# dynamic TLS block of a dlopen'd module (pam_pwpol.so's) as one with a
# glibc 2.19 header whenever it happens to start 16 bytes into a page, and
# LeakSanitizer's tracer then dies at exit ("Tracer caught signal 11"):
# where malloc put the block decides it, so any change can set it off.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0:intercept_tls_get_addr=0
export PWPOL_SYSLOG_FILE=$T/syslog
DB=$PWPOL_DB
NOW=$(date +%s)
DAY=86400
PW='Kx7#mWq2vL'
mkdir "$T/pam.d"
PAM_WRAP=()

# service NAME OPTIONS...: a service file with pam_pwpol in auth, account and
# password, each with OPTIONS.
service() {
	local name=$1
	shift
	for group in auth account password; do
		echo "$group required $PAM_PWPOL $*"
	done >"$T/pam.d/$name"
}

# pam [DRIVER OPTIONS] OP...: runs the driver (stdin from $IN), with a fresh log.
pam() {
	: >"$T/syslog"
	run env LD_PRELOAD="$SYSLOG_SHIM" "${PAM_WRAP[@]}" "$PAM_DRIVER" --confdir "$T/pam.d" "$@"
	LOG=$(cat "$T/syslog")
	cat "$T/syslog" >>"$T/syslog.all"
}

logged() {
	case "$LOG" in *"$1"*) ;; *) fail "$2: log lacks '$1' (log: $LOG)" ;; esac
}

# logged_once TEXT DESC: the log holds TEXT on exactly one line (one
# happening, one event).
logged_once() {
	local n
	n=$(printf '%s\n' "$LOG" | grep -cF -- "$1" || true)
	[ "$n" = 1 ] || fail "$2: '$1' logged $n times (log: $LOG)"
}

# count TEXT: how many lines of the last output are TEXT.
count() {
	printf '%s\n' "$OUT" | grep -cxF -- "$1" || true
}

# console NAME UNIX ARGS...: pam_pwpol(8)'s console stack as service NAME,
# pam_pwpol with ARGS, then for root on a terminal only UNIX (pam_permit
# or pam_deny standing in for pam_unix's right or wrong root password).
console() {
	local name=$1 unix=$2
	shift 2
	cat >"$T/pam.d/$name" <<CONF
auth     [success=done default=ignore] $PAM_PWPOL $* nodelay
auth     requisite  pam_succeed_if.so user = root quiet
auth     requisite  pam_succeed_if.so tty =~ /dev/tty* quiet
auth     required   $unix
account  [success=done new_authtok_reqd=done default=ignore] $PAM_PWPOL $*
account  requisite  pam_succeed_if.so user = root quiet
account  requisite  pam_succeed_if.so tty =~ /dev/tty* quiet
account  required   $unix
CONF
}
