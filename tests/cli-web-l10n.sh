#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-web-l10n.sh - the web speaks the server's language, as pam_pwpol
# does: `pwpol web` started under LANGUAGE=fr gives the live list's rule
# sentences and zxcvbn's estimate in French, and its pages' own words
# (titles, headings, labels, buttons, notes, the script's words, <html
# lang>) on association, sign-in, home, accounts, policy and a 404 (the
# po/fr.po the build compiled, put where the install puts it through a
# private mount namespace); its JSON stays UTF-8 and JSON.
. "$(dirname "$0")/lib.sh"
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

. "$(dirname "$0")/lib-web.sh"
LANGUAGE=fr LC_ALL=C.UTF-8 web_start
req a GET "/?token=$WEB_TOKEN"
req a GET /
TOKEN=$(csrf)
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=associate \
	--data-urlencode 'password=abc'
status 200 "the live list"
has '{"rule":"minimum-length","message":"doit compter au moins 9 caractères (il en compte 3)"}' \
	"the rule sentence in French"
printf '%s\n' "$OUT" | sed -n '/^{/p' | python3 -c 'import json,sys; json.loads(sys.stdin.read())' ||
	fail "still JSON"
# zxcvbn's estimate beside the rules, in the library's words translated.
req a POST /api/check -H "X-CSRF-Token: $TOKEN" --data-urlencode mode=associate \
	--data-urlencode 'password=zxcvbnm,./'
NBSP=$(printf '\302\240') # French groups thousands with a no-break space
has "\"message\":\"score 1 sur 4 (12 bits) : deviné en moins d'une seconde à 10${NBSP}000 essais par seconde\"}" \
	"the estimate in French"

# The pages' own words: headings, labels, buttons, the script's words.
req a GET /
status 200 "the association page"
has '<html lang="fr">' "the page says its language"
has '<title>Association du Conductor - pwpol</title>' "the title"
has '<h1>Association du Conductor</h1>' "the heading"
has '<legend>Type de mot de passe</legend>' "the legend"
has '<label for="password">Mot de passe</label>' "the password's label"
has '<label for="confirm">Confirmer le mot de passe</label>' "the confirmation's label"
has 'aria-label="Les règles du mot de passe"' "the rules' list named"
has '<span class="state sr">non respectée : </span>' "a rule's state for a screen reader"
has "N&#39;utilisez pas root au quotidien" "root's note"
has '"For %s:":"Pour %s :"' "the script's words, in French"
has "> PASSWORD</label>" "PASSWORD, the SSR's own word, as it is"
has ">ASSOCIATE</button>" "ASSOCIATE, as it is"
hasnt '>Password</label>' "no English label left"
req a POST /associate --data-urlencode "csrf=$TOKEN" --data-urlencode mode=password \
	--data-urlencode "password=Kx7#mWq2vL" --data-urlencode "confirm=Kx7#mWq2vL"
status 200 "associated"
has '<h1>Associé</h1>' "the page after association"
has '<a href="login" id="to-login">Se connecter</a>' "the way on"
req a GET /login
has '<label for="name">Compte</label>' "sign-in: the account's label"
has '<button type="submit" id="signin">Se connecter</button>' "sign-in: its button"
TOKEN=$(csrf)
req a POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=admin \
	--data-urlencode 'password=wrong#Pass1'
status 401 "a wrong password"
has "Échec de la connexion : le compte ou le mot de passe est faux." "the refusal in French"
TOKEN=$(csrf)
req a POST /login --data-urlencode "csrf=$TOKEN" --data-urlencode name=admin \
	--data-urlencode 'password=Kx7#mWq2vL'
status 303 "signed in"
req a GET /
has '<p>Connecté en tant que <b id="account">admin</b>.</p>' "home: who is signed in"
has '<a href="change" id="to-change">Changer le mot de passe</a>' "home: the change link"
has '<button type="submit" id="signout">Se déconnecter</button>' "the sign-out button"
req a GET /accounts
status 200 "the accounts page"
has '<h1>Comptes</h1>' "accounts: the heading"
has '<th>Compte</th><th>Classe</th><th>État</th><th>Verrouillé jusqu&#39;à</th>' "accounts: the table's headings"
has 'data-label="Temporaire">non</td>' "accounts: a cell's label and value"
has '<legend>Ajouter un compte</legend>' "accounts: the add form"
has '<label for="add-password">Mot de passe temporaire</label>' "accounts: its password's label"
has '>Générer</button>' "accounts: Generate"
has 'data-confirm="Supprimer le compte t128 ? C&#39;est irréversible.">Supprimer</button>' \
	"accounts: Delete and its question"
req a GET /policy
status 200 "the policy page"
has '<h2>Configuration active</h2>' "policy: the active configuration's heading"
has '<h2>Historique</h2>' "policy: the history's heading"
has '<button type="submit" name="action" value="check" id="check">Vérifier</button>' "policy: Check"
has '<label for="rollback-n">Revenir au rollback</label>' "policy: the rollback's label"
req a GET /nothing
status 404 "no such page"
has '<h1>Introuvable</h1>' "the 404 page"
web_stop
done_testing
