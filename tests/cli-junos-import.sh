#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-junos-import.sh - moving a Junos router in (issue 28): its users, in
# the hierarchy and as set lines, with their classes and a hash of every
# format Junos makes ($1$, $5$, $6$, $sha1$), root from root-authentication;
# its login policy committed from `config import junos`; every user logging
# in with the router's password, weaker hashes rehashed at that login, the
# policy and the classes enforced as the router did; export gives the
# hashes back unchanged until a login rehashes them.
. "$(dirname "$0")/lib.sh"
P="$PWPOL"
h1=$(openssl passwd -1 'Md5#Secret12')
h5=$(openssl passwd -5 'Sha256#Secret1')
h6=$(openssl passwd -6 'Sha512#Secret1')
hs=$(printf 'Sha1#Secret12\n' | "$PWPOL" hash --no-check --format sha1)
hr=$(openssl passwd -6 'R00t#Secret12')
cat >"$T/r1.conf" <<CONF
## Last commit: 2026-11-01 10:00:00 UTC by admin
version 21.4R3;
system {
    host-name r1;
    root-authentication {
        encrypted-password "$hr"; ## SECRET-DATA
    }
    login {
        class ops {
            idle-timeout 10;
            permissions [ view admin ];
        }
        password {
            minimum-length 10;
            change-type character-sets;
            minimum-changes 3;
            format sha512;
        }
        retry-options {
            tries-before-disconnect 4;
            lockout-period 30;
        }
        user alice {
            full-name "Alice Smith";
            uid 2001;
            class super-user;
            authentication {
                encrypted-password "$h5"; ## SECRET-DATA
                ssh-rsa "ssh-rsa AAAAB3Nza alice@x";
            }
        }
        inactive: user carl {
            uid 2009;
            class ops;
            authentication {
                encrypted-password "$h6";
            }
        }
        user dana {
            uid 2004;
            class read-only;
            authentication {
                ssh-ed25519 "ssh-ed25519 AAAAC3Nza dana@x";
            }
        }
    }
    services { ssh; }
}
interfaces { ge-0/0/0 { unit 0 { family inet { address 10.0.0.1/24; } } } }
set system login user bob uid 2002
set system login user bob class ops
set system login user bob authentication encrypted-password "$h1"
set system login user erin full-name "Erin O'Neil"
set system login user erin class operator
set system login user erin authentication encrypted-password "$hs"
set system login user frank class operator
set system login user frank authentication encrypted-password "$h6"
set system login user gus authentication encrypted-password "$h6"
delete system login user gus
CONF

# The policy, committed first, so that the users' classes mean what they did.
run $P config import junos "$T/r1.conf"
expect 0 "config import junos"
has 'set system login password profile junos' "a router's profile"
has 'set system login password minimum-length 10' "minimum-length"
has 'set system login retry-options tries-before-disconnect 4' "retry-options"
has 'set system login class ops permissions [ view admin ]' "the class's permissions"
hasnt 'idle-timeout' "what pwpol does not read is left out"
hasnt 'encrypted-password' "no hash in the policy"
printf '%s\n' "$OUT" >"$T/policy.conf"
run $P config commit "$T/policy.conf"
expect 0 "commit the router's policy"

run $P import junos "$T/r1.conf" --dry-run
expect 1 "dana is skipped"
has 'would import root' "root from root-authentication"
has 'would import alice (rehashed in the policy' "sha256 under format sha512"
has 'would import bob (rehashed in the policy' "md5"
has 'would import erin (rehashed in the policy' "sha1"
has 'would import frank' "sha512"
has 'would skip dana: no encrypted-password' "a key-only user is named"
hasnt 'carl' "an inactive user is not taken"
hasnt 'gus' "a deleted user is not taken"
run $P import junos "$T/r1.conf"
expect 1 "imported"
has '5 imported, 1 skipped (0 already there), 0 expired on arrival' "summary"
run $P --json show bob
has '"class":"ops"' "bob's class"
run $P --json show erin
has '"class":"operator"' "erin's class"
has '"format":"sha1"' "erin's hash kept as it was"

# Out again before any login: the router's hashes, unchanged.
run $P export shadow
for u in "alice:$h5" "bob:$h1" "erin:$hs" "frank:$h6" "root:$hr"; do
	printf '%s\n' "$OUT" | grep -qF "$u:" || fail "export keeps ${u%%:*}'s hash"
done

for u in 'root R00t#Secret12' 'alice Sha256#Secret1' 'bob Md5#Secret12' 'erin Sha1#Secret12' 'frank Sha512#Secret1'; do
	set -- $u
	IN="$2\n" run $P login "$1"
	expect 0 "$1 logs in with the router's password"
done
run $P --json show bob
has '"format":"sha512"' "bob's md5 rehashed at the login"
run $P --json show erin
has '"format":"sha512"' "erin's sha1 rehashed at the login"

# The router's rules hold: minimum-length 10, three character sets.
IN='Sha512#Secret1\nAbc#12345\n' run $P passwd frank
expect 1 "9 characters refused"
has 'minimum-length' "rule named"
# The classes hold: bob (ops: view admin) may see, not change.
IN='Md5#Secret12\n' run $P --as bob show alice
expect 0 "ops may view"
IN='Md5#Secret12\nNew#Passw0rd1\n' run $P --as bob passwd --reset alice
expect 6 "ops may not reset"
# A bad configuration: its line, nothing imported.
printf 'system { login { user zed { authentication { encrypted-password "x; } } }\n' >"$T/bad.conf"
run $P import junos "$T/bad.conf"
expect 2 "unterminated string"
has 'bad.conf:1: unterminated string' "named"
run $P show zed
expect 2 "nothing imported"
done_testing
