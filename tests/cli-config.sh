# SPDX-License-Identifier: BSD-3-Clause
# cli-config.sh - `pwpol config check|show` and every other command using
# the configured policy: commit errors with file and line, exit 0 or 2,
# show -> read gives the same policy.
. "$(dirname "$0")/lib.sh"
umask 022 # the policy file must not be group- or other-writable

cat >"$T/good.conf" <<'CONF'
/* pwpol policy */
system {
    host-name r1;   # not ours: ignored
    login {
        password {
            minimum-length 12;
            change-type set-transitions;
            minimum-changes 4;
        }
        lockout {
            maximum-failed-attempts 3;
            lock-time 60;
        }
    }
}
CONF
run "$PWPOL" config check "$T/good.conf"
expect 0 "good config"
has 'configuration check succeeds' "success said"

run "$PWPOL" --config "$T/good.conf" config show --sources
expect 0 "show --sources"
has "good.conf:7" "minimum-length from its line"
has "profile ssr" "defaults from the profile"

# show -> read gives the same policy.
"$PWPOL" --config "$T/good.conf" config show >"$T/shown.conf"
run "$PWPOL" config check "$T/shown.conf"
expect 0 "shown config reads back"
a=$("$PWPOL" --config "$T/good.conf" config show --sources | awk '{print $1, $2}')
b=$("$PWPOL" --config "$T/shown.conf" config show --sources | awk '{print $1, $2}')
[ "$a" = "$b" ] || fail "round trip differs"

# Every other command uses it: minimum-length 12 now.
IN='Abcdefgh1!x\n' run "$PWPOL" --config "$T/good.conf" check
expect 1 "11 characters under minimum-length 12"
has 'minimum-length: must be at least 12' "configured figure"
PWPOL_CONFIG="$T/good.conf" IN='Abcdefgh1!xy\n' run "$PWPOL" check
expect 0 "PWPOL_CONFIG honoured"

# set lines give the same.
cat >"$T/set.conf" <<'CONF'
set system login password minimum-length 12
set system login password change-type set-transitions
set system login password minimum-changes 4
set system login lockout maximum-failed-attempts 3
set system login lockout lock-time 60
CONF
b=$("$PWPOL" --config "$T/set.conf" config show --sources | awk '{print $1, $2}')
[ "$a" = "$b" ] || fail "set lines differ from the hierarchy"

# Commit errors: file, line, statement, what is allowed; status 2; nothing applied.
cat >"$T/bad.conf" <<'CONF'
system {
    login {
        password {
            minimum-length 5;
            minimum-lifetime 3;
            no-minimum-reuse;
            frobnicate 1;
        }
    }
}
CONF
run "$PWPOL" config check "$T/bad.conf"
expect 2 "bad config"
has 'bad.conf:4' "line of minimum-length"
has '6..20' "range said"
has 'frobnicate' "unknown statement named"
has 'minimum-reuse' "lifetime needs reuse"
IN='Abcdefgh1!xy\n' run "$PWPOL" --config "$T/bad.conf" check
expect 2 "a failing config is not used"

run "$PWPOL" config check "$T/does-not-exist.conf"
expect 2 "missing file"
run "$PWPOL" --config "$T/does-not-exist.conf" check
expect 2 "missing named config"

# A misspelt block under `system login` is an error, not passed over.
cat >"$T/typo.conf" <<'CONF'
system {
    login {
        user alice { class super-user; }
        passwrd {
            minimum-length 6;
        }
    }
}
CONF
run "$PWPOL" config check "$T/typo.conf"
expect 2 "misspelt block"
has "typo.conf:4: unknown block 'passwrd' under login" "file, line and word said"
has "user and the rest of a class are passed over" "what is allowed said"

# ssr's minimum-length is 9..20.
printf 'set system login password minimum-length 6\n' >"$T/ssr6.conf"
run "$PWPOL" config check "$T/ssr6.conf"
expect 2 "ssr minimum-length 6"
has "ssr6.conf:1: minimum-length: value 6 is out of range (9..20 in profile ssr)" "profile range said"

# Junos lines: the later set wins with a warning; delete brings the default back.
cat >"$T/lines.conf" <<'CONF'
set system login password minimum-length 12
set system login password minimum-length 14
set system login lockout lock-time 60
delete system login lockout lock-time
CONF
chmod 644 "$T/lines.conf"
run "$PWPOL" config check "$T/lines.conf"
expect 0 "warnings alone do not fail the check"
has "lines.conf:2: minimum-length: set again; this value replaces the one from line 1" "warning said"
has "configuration check succeeds" "success said"
run "$PWPOL" --config "$T/lines.conf" config show --sources
has "lines.conf:2" "the later line is in force"

# The policy file is trusted only when it is ours, and never blocks.
mkfifo "$T/fifo.conf"
set +e
OUT=$(timeout 10 "$PWPOL" config check "$T/fifo.conf" 2>&1)
RC=$?
set -e
ERR=
[ "$RC" -ne 124 ] || fail "config check on a FIFO hangs"
expect 2 "FIFO refused"
has "a FIFO, not a regular file; refused" "FIFO said"
set +e
OUT=$(timeout 10 "$PWPOL" --config "$T/fifo.conf" check </dev/null 2>&1)
RC=$?
set -e
expect 2 "a FIFO as --config is refused at once"
cp "$T/good.conf" "$T/group.conf"
chmod 664 "$T/group.conf"
run "$PWPOL" config check "$T/group.conf"
expect 2 "group-writable refused"
has "writable by its group; refused" "group write said"
cp "$T/good.conf" "$T/nobody.conf"
chmod 644 "$T/nobody.conf"
if [ "$(id -u)" = 0 ]; then
	chown nobody "$T/nobody.conf"
	run "$PWPOL" config check "$T/nobody.conf"
	expect 2 "owned by nobody refused"
	has "neither root nor this user; refused" "owner said"
fi

# Lockout from the configuration: the 3rd failure locks.
T0=1700000000
IN='Kx7#mWq2vLzz\n' run "$PWPOL" --config "$T/good.conf" --now $T0 init
expect 0 "init under the configured policy"
for i in 1 2 3; do IN='nope\n' run "$PWPOL" --config "$T/good.conf" --now $T0 login admin; done
IN='Kx7#mWq2vLzz\n' run "$PWPOL" --config "$T/good.conf" --now $T0 login admin
expect 3 "locked at the configured 3"
IN='Kx7#mWq2vLzz\n' run "$PWPOL" --config "$T/good.conf" --now $((T0 + 60)) login admin
expect 0 "lock-time 60"

# config show --json is JSON: one object, every statement with its source.
run "$PWPOL" --json config show
expect 0 "config show --json"
case "$OUT" in '{"ok":true,"from":"built-in profile ssr","profile":"ssr","effective_minimum_length":9,"statements":{"minimum-length":{"value":"9","source":null},'*'}}') ;;
*) fail "config show --json: $OUT" ;; esac
if command -v python3 >/dev/null; then
	printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["statements"]["format"]["value"]=="sha512"' ||
		fail "config show --json parses"
fi
# Errors are JSON on stdout too.
run "$PWPOL" --json config check "$T/does-not-exist.conf"
expect 2 "a missing file"
case "$OUT" in '{"ok":false,"status":"invalid","error":"'"$T"'/does-not-exist.conf: cannot read: '*) ;;
*) fail "the error as JSON: $OUT" ;; esac
run "$PWPOL" --json nosuchcommand
expect 2 "an unknown command"
[ "$OUT" = '{"ok":false,"status":"usage","error":"unknown command '"'nosuchcommand'"'"}' ] ||
	fail "a usage error as JSON: $OUT"

# No file named and none at the default place: the built-in profile.
if [ ! -e /etc/pwpol.conf ]; then
	run "$PWPOL" config check
	expect 0 "config check with no file"
	has "built-in profile ssr: configuration check succeeds" "says what it checked"
fi
# Issue 22: the configuration never silently becomes the defaults. Each of
# these passed the check and left minimum-length 9 in force before.
printf 'sytem { login { password { minimum-length 12; } } }\n' >"$T/slip.conf"
run "$PWPOL" config check "$T/slip.conf"
expect 2 "a slip of system"
has "unknown statement 'sytem': did you mean 'system'?" "names the word it knows"
run "$PWPOL" --config "$T/slip.conf" config show
expect 2 "a slip is no policy through --config either"
printf '\357\273\277system { login { password { minimum-length 12; } } }\n' >"$T/bom.conf"
run "$PWPOL" --config "$T/bom.conf" config show --sources
expect 0 "a BOM is skipped"
has "minimum-length             12" "the BOM file's figure in force"
printf '[edit system login password]\nminimum-length 12;\n' >"$T/edit.conf"
run "$PWPOL" --config "$T/edit.conf" config show --sources
expect 0 "an [edit] header"
has "minimum-length             12" "read at the header's level"
: >"$T/empty.conf"
run "$PWPOL" config check "$T/empty.conf"
expect 2 "a file of nothing pwpol reads"
has "no statement pwpol reads" "said"
printf 'interfaces { ge-0/0/0 { unit 0; } }\nsystem { host-name r1; login { password { minimum-length 12; } } }\n' >"$T/router.conf"
run "$PWPOL" config check "$T/router.conf"
expect 0 "a router's configuration"
has "passed over, not read by pwpol: interfaces, system host-name" "the blocks not read named"
run "$PWPOL" --config "$T/router.conf" config show
expect 0 "router config in use"
hasnt "passed over" "not told at every use"
# check predicts commit: maximum-lifetime without minimum-reuse.
printf 'system { login { password { profile junos; maximum-lifetime 90; } } }\n' >"$T/life.conf"
run "$PWPOL" config check "$T/life.conf"
expect 2 "maximum-lifetime without minimum-reuse fails the check"
has "life.conf:1: maximum-lifetime: requires minimum-reuse to be configured" "as the commit says"
run "$PWPOL" --config "$T/life.conf" config show
expect 2 "and is no policy through --config"
# A policy no password can meet.
printf 'system { login { password { change-type character-sets; minimum-changes 6; } } }\n' >"$T/none.conf"
run "$PWPOL" config check "$T/none.conf"
expect 2 "six character sets of five"
has "no password can meet it" "said"
# config show --set: set lines (Junos `| display set`) that read back.
run "$PWPOL" --config "$T/good.conf" config show --set
expect 0 "show --set"
has "set system login password minimum-length 12" "a set line"
has "set system login lockout lock-time 60" "the lockout too"
hasnt "{" "no braces"
printf '%s\n' "$OUT" >"$T/shown.set"
a=$("$PWPOL" --config "$T/good.conf" config show --sources | awk '{print $1, $2}')
b=$("$PWPOL" --config "$T/shown.set" config show --sources | awk '{print $1, $2}')
[ "$a" = "$b" ] || fail "--set round trip differs"
done_testing
