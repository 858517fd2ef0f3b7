#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-web-ansible.sh - the README's Ansible example, run as written by
# Debian's ansible-core (its uri module) against a `pwpol web` this test
# starts on loopback: the two tasks taken from README.md's yaml block,
# only the address changed to the test server's, in a playbook for
# localhost, everything (Ansible's own home and temporary files included)
# in the test's temporary directory. It adds alice with a temporary
# password as an operator and commits the policy file with its comment;
# run again it changes nothing that should not change (alice exists: 409,
# which the example accepts). Exits 77 (skipped) without ansible-playbook
# (Debian: ansible-core, in scripts/deps.sh).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-web.sh"
command -v ansible-playbook >/dev/null || {
	echo "skipped: ansible-playbook is not installed (Debian: ansible-core)"
	exit 77
}
README=$TESTS_DIR/../README.md
cd "$T"

IN='Kx7#mWq2vL\n' run "$PWPOL" init
expect 0 "init"
run "$PWPOL" token add admin
expect 0 "the admin's API token"
TOKEN=$OUT

# The example's tasks, as the README shows them.
sed -n '/^# Ansible: add an account, then commit a policy/,/^```$/p' "$README" | sed '$d' >tasks.yml
[ "$(grep -c 'ansible.builtin.uri:' tasks.yml)" -eq 2 ] || fail "the README's two uri tasks: $(cat tasks.yml)"
grep -q 'https://pwpol.example.net:8443/' tasks.yml || fail "the README's address"
web_start
{
	printf -- '- hosts: localhost\n  connection: local\n  gather_facts: true\n'
	printf -- '  gather_subset: [min]\n  tasks:\n'
	sed -e "s|https://pwpol.example.net:8443|$WEB_URL|" -e 's/^/    /' tasks.yml
} >play.yml
# The token as a vault would hand it over: a variable, never on a command line.
printf 'pwpol_token: %s\nalice_temporary: "Temp#Pass4567"\n' "$TOKEN" >vars.yml
chmod 600 vars.yml
printf 'system {\n    login {\n        password {\n            minimum-length 12;\n        }\n    }\n}\n' >pwpol.conf

export ANSIBLE_HOME=$T/ansible ANSIBLE_LOCAL_TEMP=$T/ansible/tmp ANSIBLE_REMOTE_TEMP=$T/ansible/tmp
printf '[defaults]\n' >ansible.cfg # nothing of the machine's /etc/ansible
export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_CONFIG=$T/ansible.cfg
export ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_COLLECTIONS_PATH=$T/ansible/collections
playbook() {
	run ansible-playbook -i localhost, -e @vars.yml play.yml
}

playbook
expect 0 "the README's playbook"
has "ok=3 " "facts gathered, two tasks ok"
has "failed=0" "nothing failed"
run "$PWPOL" --json show alice
expect 0 "alice exists"
has '"class":"operator"' "alice an operator: $OUT"
has '"temporary":true' "alice's password temporary"
IN='Temp#Pass4567\n' run "$PWPOL" login alice
expect 4 "alice logs in with the vault's password, a change required"
run "$PWPOL" config history
has "ansible 20" "the commit's comment, with the date Ansible gave"
has "admin" "the commit made as the token's account"
run "$PWPOL" config show
has "minimum-length 12;" "the policy file committed"

# Again: alice exists (409, accepted by the example), the commit is made again.
playbook
expect 0 "the playbook run a second time"
has "failed=0" "nothing failed the second time"
grep -saq "$TOKEN" "$T/web.out" "$T/web.err" "$PWPOL_SYSLOG_FILE" &&
	fail "the token in the server's output or log"
web_stop
done_testing
