# SPDX-License-Identifier: BSD-3-Clause
# pam-wal.sh - a store's companion files (-wal, -shm, -journal) are trusted
# exactly as the store is. root's store sits in a sticky directory (as /tmp
# is, which pwpol allows) with its write-ahead log absent (a store restored
# from a copy, or one a sqlite3 shell closed last); nobody drops in the log
# of a store of its own, in which root's password is nobody's. SQLite would
# replay it: root's login with nobody's password must be refused, on the
# command line and through PAM, and the store refused with a sentence that
# says why. Once pwpol has opened the store, the names are taken by files of
# root's own, which nobody cannot replace.
. "$(dirname "$0")/lib.sh"
export PWPOL_DB=
PW='Kx7#mWq2vL'
EVIL_PW='Evil#Pass123'
NOBODY=65534
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null || ! command -v sqlite3 >/dev/null; then
	echo "skipped: needs root, setpriv and sqlite3"
	exit 0
fi
as_nobody() {
	setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups "$@"
}
shared=$T/shared
mkdir -m 1777 "$shared"
chmod 755 "$T"
db=$shared/accounts.db

# root's store, then its log folded back and gone (sqlite3 removes it when
# the last connection closes).
IN="$PW\n" run "$PWPOL" --db "$db" init
expect 0 "root's store in a sticky directory"
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
rm -f "$db-wal" "$db-shm"

# nobody's store, its log kept (pwpol never folds it back at close).
IN="$EVIL_PW\n" run as_nobody "$PWPOL" --db "$shared/mine.db" init
expect 0 "nobody makes a store of its own"
[ -s "$shared/mine.db-wal" ] || fail "nobody's store has its log"

clear() { # the store's companions gone, as after a restore from a copy
	rm -f "$db-wal" "$db-shm" "$db-journal"
}
plant() { # SUFFIX: nobody puts its log in as root's SUFFIX file
	as_nobody cp "$shared/mine.db-wal" "$db$1"
}
plant -wal
IN="$EVIL_PW\n" run "$PWPOL" --db "$db" login root
expect 5 "a planted -wal: root's login with nobody's password"
has "$db-wal: refused: a companion file of the store, owned by uid $NOBODY" \
	"the store refused, saying which file and why"
IN="$PW\n" run "$PWPOL" --db "$db" login root
expect 5 "a planted -wal: the store refused for root's own password too"
[ "$(stat -c %u "$db-wal")" = $NOBODY ] || fail "the planted log is left for the owner to see"

if [ -n "${PAM_PWPOL:-}" ]; then
	. "$(dirname "$0")/lib-pam.sh"
	service wal "db=$db nodelay"
	IN="$EVIL_PW\n" pam --service wal --user root authenticate
	expect 9 "PAM, a planted -wal: the store is unavailable, no one in"
	logged "refused: a companion file of the store" "PAM: the reason is logged"
fi

# The same for -shm and -journal, and for a link.
for f in -shm -journal; do
	clear
	plant "$f"
	IN="$PW\n" run "$PWPOL" --db "$db" login root
	expect 5 "a planted $f refused"
	has "$db$f: refused: a companion file of the store, owned by uid $NOBODY" "$f: why"
done
clear
as_nobody ln -s "$shared/mine.db-wal" "$db-wal"
IN="$PW\n" run "$PWPOL" --db "$db" login root
expect 5 "a -wal that is a link refused"
has "$db-wal: refused: a symbolic link" "link: why"
clear
# One of root's, but that others may write: refused as the store would be.
install -m 0666 /dev/null "$db-wal"
IN="$PW\n" run "$PWPOL" --db "$db" login root
expect 5 "a -wal that others may write refused"
has "$db-wal: refused: group or others may access" "mode: why"
clear

# Absent, they are made root's before SQLite looks for them: nobody can no
# longer put its own in.
IN="$PW\n" run "$PWPOL" --db "$db" login root
expect 0 "root's login after the files are cleared"
for f in -wal -shm; do
	[ "$(stat -c %u:%a "$db$f")" = 0:600 ] || fail "$f made root's, private: $(stat -c %u:%a "$db$f")"
done
plant -wal 2>/dev/null && fail "nobody replaced root's -wal"
IN="$EVIL_PW\n" run "$PWPOL" --db "$db" login root
expect 1 "nobody's password is wrong for root"
IN="$PW\n" run "$PWPOL" --db "$db" login root
expect 0 "root's password still right"

# A new store where nobody has put a log first: refused, nothing of root's
# left behind, nobody's file left for the owner to see.
new=$shared/new.db
as_nobody cp "$shared/mine.db-wal" "$new-wal"
IN="$PW\n" run "$PWPOL" --db "$new" init
expect 5 "init beside a planted log"
has "$new-wal: refused: a companion file of the store, owned by uid $NOBODY" "init: why"
[ ! -e "$new" ] && [ ! -e "$new-shm" ] && [ ! -e "$new-journal" ] || fail "init left files behind"
[ "$(stat -c %u "$new-wal")" = $NOBODY ] || fail "the planted log is kept for the owner to see"
done_testing
