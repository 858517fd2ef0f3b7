# SPDX-License-Identifier: BSD-3-Clause
# cli-policytrust.sh - the policy file and the blocklist are trusted as a
# store is: the file and every directory above it (no other user could
# have written them), opened once without following a link, judged on the
# descriptor that is then read. nobody, who may write the directory that
# holds root's strict policy, swaps in the defaults (a file of root's with
# a weak policy, through a rename and a symbolic link) and the blocklist;
# root's check must refuse the configuration, not accept a weak password.
. "$(dirname "$0")/lib.sh"
NOBODY=65534
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null || ! command -v pwqfilter >/dev/null; then
	echo "skipped: needs root, setpriv and pwqfilter"
	exit 0
fi
as_nobody() {
	setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups "$@"
}
chmod 755 "$T"
WEAK='weakpass1'

# root's strict policy, and a weak one of root's elsewhere (an example).
strict='set system login password minimum-length 16\nset system login password minimum-upper-cases 2\n'
mkdir -m 755 "$T/ok"
printf "$strict" >"$T/ok/pwpol.conf"
printf 'set system login password profile junos\n' >"$T/weak.conf"
IN="$WEAK\n" run "$PWPOL" --config "$T/ok/pwpol.conf" check
expect 1 "the strict policy refuses a weak password"
IN="$WEAK\n" run "$PWPOL" --config "$T/weak.conf" check
expect 0 "the defaults would accept it"

# The policy's directory is nobody's: nobody renames root's file away and
# puts a link to the weak one in its place.
mkdir -m 755 "$T/theirs"
printf "$strict" >"$T/theirs/pwpol.conf"
chown $NOBODY "$T/theirs"
as_nobody mv "$T/theirs/pwpol.conf" "$T/theirs/old.conf"
as_nobody ln -s "$T/weak.conf" "$T/theirs/pwpol.conf"
IN="$WEAK\n" run "$PWPOL" --config "$T/theirs/pwpol.conf" check
expect 2 "a policy in nobody's directory is refused"
has "the directory $T/theirs belongs to another user (uid $NOBODY)" "says which directory and whose"
run "$PWPOL" config check "$T/theirs/pwpol.conf"
expect 2 "config check refuses it too"

# A directory the group may write, higher up: refused too.
mkdir -p -m 755 "$T/up/etc"
printf "$strict" >"$T/up/etc/pwpol.conf"
chmod 775 "$T/up"
IN="$WEAK\n" run "$PWPOL" --config "$T/up/etc/pwpol.conf" check
expect 2 "a directory above it that the group may write"
has "other users may write the directory $T/up (mode 0775)" "names the directory above"
chmod 755 "$T/up"

# A link to the weak file, in a directory of root's: the link is refused,
# not followed.
ln -s "$T/weak.conf" "$T/ok/link.conf"
IN="$WEAK\n" run "$PWPOL" --config "$T/ok/link.conf" check
expect 2 "a policy that is a symbolic link is refused"
has "$T/ok/link.conf: a symbolic link; refused (name the file itself)" "says so"

# The blocklist: a listed password passes only if nobody's swap is read.
printf 'password\nletmein\nSummer2024!\n' | pwqfilter --create=100 -o "$T/ok/list.pwq" 2>/dev/null
printf 'nothing-here\n' | pwqfilter --create=100 -o "$T/empty.pwq" 2>/dev/null
printf 'set system login password profile junos\nset system login password blocklist %s\n' \
	"$T/theirs/list.pwq" >"$T/ok/bl.conf"
cp "$T/ok/list.pwq" "$T/theirs/list.pwq"
as_nobody mv "$T/theirs/list.pwq" "$T/theirs/list.old"
as_nobody ln -s "$T/empty.pwq" "$T/theirs/list.pwq"
IN='letmein\n' run "$PWPOL" --config "$T/ok/bl.conf" check
expect 2 "a blocklist in nobody's directory is refused"
has "blocklist: $T/theirs/list.pwq: the directory $T/theirs belongs to another user" "says why"
done_testing
