#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-trust.sh - a store is used only when no other user could have
# written it: its directory chain, its owner, its mode, no symbolic link.
# Otherwise a user who can write a directory on the way could put a store
# of their own in its place and log in as root.
. "$TESTS_DIR/lib.sh"
export PWPOL_DB=
PW='Kx7#mWq2vL'
NOBODY=65534

mkstore() { # DIR: a good store in DIR
	mkdir -p "$1"
	IN="$PW\n" run "$PWPOL" --db "$1/accounts.db" --now 1700000000 init
	expect 0 "init in $1"
}
login() { # DB: a login as root with the right password
	IN="$PW\n" run "$PWPOL" --db "$1" --now 1700000000 login root
}

mkstore "$T/ok"
login "$T/ok/accounts.db"
expect 0 "a private store in a private directory"

# A directory that another user may write: refused, whatever the store.
mkstore "$T/open"
chmod 0777 "$T/open"
login "$T/open/accounts.db"
expect 5 "directory writable by others"
has "other users may write the directory $T/open (mode 0777)" "says which directory and why"
chmod 0775 "$T/open"
login "$T/open/accounts.db"
expect 5 "directory writable by the group"
# The same directory sticky (as /tmp is): no one else may replace our file.
chmod 1777 "$T/open"
login "$T/open/accounts.db"
expect 0 "sticky directory"

# A directory above it that others may write: refused too.
mkstore "$T/up/in"
chmod 0777 "$T/up"
login "$T/up/in/accounts.db"
expect 5 "a parent directory writable by others"
has "$T/up (mode 0777)" "names the parent"
IN="$PW\n" run "$PWPOL" --db "$T/up/in/new.db" init
expect 5 "no store is made there either"
[ ! -e "$T/up/in/new.db" ] || fail "init left a store behind"
chmod 0755 "$T/up"

if [ "$(id -u)" -eq 0 ]; then
	# A directory of another user: refused (they could chmod it).
	mkstore "$T/theirs"
	chown $NOBODY "$T/theirs"
	login "$T/theirs/accounts.db"
	expect 5 "directory of another user"
	has "belongs to another user (uid $NOBODY)" "says whose"
	chown 0 "$T/theirs"
	# A store file of another user, even private: refused.
	chown $NOBODY "$T/theirs/accounts.db"
	login "$T/theirs/accounts.db"
	expect 5 "store of another user"
	has "the store belongs to uid $NOBODY, not to this user (uid 0)" "says whose"
fi

# A symbolic link to a good store: refused, name the file itself.
ln -s "$T/ok/accounts.db" "$T/link.db"
login "$T/link.db"
expect 5 "symbolic link"
has "is a symbolic link" "said"
# A group-readable store: refused with the fix.
chmod 0640 "$T/ok/accounts.db"
login "$T/ok/accounts.db"
expect 5 "mode 0640"
has "chmod 600" "says the fix"
done_testing
