#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# pam-l10n.sh - what a person reads in a PAM conversation comes in the
# language of the application's locale: pam_pwpol's prompts and sentences
# and the library's rule sentences, through gettext's "pwpol" domain and
# the French translation (po/fr.po, compiled by the build). The .mo is put
# where the install puts it through a private mount namespace (unshare -m):
# nothing of the machine is changed. LANGUAGE is set for these runs only;
# without it the same conversation is in English.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-pam.sh"
skip() {
	echo "skipped: $1"
	exit 77
}
[ -s "${PWPOL_MO:-}" ] || skip "built without msgfmt: no translation"
: "${PWPOL_LOCALEDIR:?}"
if [ "${1:-}" != inside ]; then
	[ "$(id -u)" -eq 0 ] || skip "not root: a mount namespace needs it"
	command -v unshare >/dev/null || skip "no unshare"
	unshare -m true 2>/dev/null || skip "no mount namespace here"
	set +e
	OUTER_NS=$(readlink /proc/self/ns/mnt) unshare -m bash "$0" inside
	RC=$?
	set -e
	expect 0 "the checks inside the namespace (above)"
	done_testing
	exit 0
fi

[ "$(readlink /proc/self/ns/mnt)" != "${OUTER_NS:?}" ] || exit 1
mount --make-rprivate /
dir=$PWPOL_LOCALEDIR/fr/LC_MESSAGES
base=$dir
while [ ! -d "$base" ]; do base=$(dirname "$base"); done
case "$base" in
/ | /usr | /usr/share) skip "would hide $base" ;;
esac
mount -t tmpfs -o mode=755 pwpol-test "$base"
mkdir -p "$dir"
install -m 644 "$PWPOL_MO" "$dir/pwpol.mo"

service login "db=$DB"
IN="$PW\n" run "$PWPOL" init
expect 0 "init"
TMP='Temp#Pass123'
IN="$TMP\n" run "$PWPOL" useradd alice
expect 0 "useradd alice"

# English without LANGUAGE (the C locale).
IN="$TMP\n$TMP\nabc\nabc\n" pam --service login --user alice login
expect 20 "English: refused"
has 'ERROR: BAD PASSWORD: must be at least 9 characters long (it has 3)' "English rule sentence"

export LC_ALL=C.UTF-8 LANGUAGE=fr
IN="$TMP\n" pam --service login --user alice authenticate acct_mgmt
expect 12 "temporary: PAM_NEW_AUTHTOK_REQD"
has 'PROMPT: Mot de passe : ' "the module's prompt in French"
has 'ERROR: Vous devez changer votre mot de passe temporaire maintenant.' "the library's reason in French"
IN="$TMP\n$TMP\nabc\nabc\n" pam --service login --user alice login
expect 20 "weak new password refused"
has 'PROMPT: Nouveau mot de passe : ' "new password prompt"
has 'PROMPT: Retapez le nouveau mot de passe : ' "confirmation prompt"
has 'ERROR: MOT DE PASSE REFUSÉ : doit compter au moins 9 caractères (il en compte 3)' \
	"the rule sentence translated, its figures in place"
has 'ERROR: MOT DE PASSE REFUSÉ : doit contenir au moins 1 chiffre (il en contient 0)' \
	"the singular form"
IN="$TMP\n$TMP\nNew#Pass9876\nNew#Pass9875\n" pam --service login --user alice login
has 'ERROR: Désolé, les mots de passe ne correspondent pas.' "a mismatch, in French"
unset LC_ALL LANGUAGE
done_testing
