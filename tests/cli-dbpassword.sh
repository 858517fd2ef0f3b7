# SPDX-License-Identifier: BSD-3-Clause
# cli-dbpassword.sh - a database password in a URI on the command line
# (--db, store copy FROM TO) is refused before anything is opened: every
# user can read a command line (ps, /proc/PID/cmdline) and the shell's
# history keeps it. The sentence names the way: a passfile or a service.
# $PWPOL_DB, which ps does not show, is not refused.
. "$(dirname "$0")/lib.sh"
nowhere='host=/nonexistent&port=1'
why='refused: the URI holds a database password, which every user could read in ps(1); name a passfile (passfile=FILE, or ~/.pgpass) or a service (service=NAME) instead, see pwpol(1)'

run "$PWPOL" --db "postgresql://pwpol:s3cret@/pwpol?$nowhere" show
expect 2 "--db with user:password@"
has "pwpol: --db: $why" "says why and the way"
hasnt "s3cret" "the password is not repeated"
run "$PWPOL" show --db "postgres:///pwpol?$nowhere&password=s3cret"
expect 2 "--db after the command, ?password="
has "--db: $why" "said"
run "$PWPOL" store copy "$T/a.db" "postgresql://pwpol:s3cret@db.example.net/pwpol"
expect 2 "store copy TO with a password"
has "store copy TO: $why" "said"
[ ! -e "$T/a.db" ] || fail "nothing opened"
run "$PWPOL" store copy "postgresql://pwpol:s3cret@db.example.net/pwpol" "$T/b.db"
expect 2 "store copy FROM with a password"
has "store copy FROM: $why" "said"
[ ! -e "$T/b.db" ] || fail "nothing made"

# Without a password, or from the environment: tried (and unreachable here).
run "$PWPOL" --db "postgresql://pwpol@/pwpol?$nowhere" show
expect 5 "--db without a password is used"
PWPOL_DB="postgresql://pwpol:s3cret@/pwpol?$nowhere" run "$PWPOL" show
expect 5 "\$PWPOL_DB with a password is used (ps does not show it)"
hasnt "s3cret" "and never repeated"
done_testing
