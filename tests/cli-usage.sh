#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# cli-usage.sh - the usage a command prints when it is called wrongly is the
# one its --help prints, for every command of `pwpol --help` and every
# subcommand (one source: the command table); `pwpol help COMMAND` prints
# that --help; -q prints nothing on success and everything on failure.
. "$(dirname "$0")/lib.sh"
echo 'Zq7#mLp2xWv9!k' | "$PWPOL" init >/dev/null
python3 - "$PWPOL" <<'PY' || fail "usage lines (above)"
import subprocess, sys
pwpol = sys.argv[1]
def run(args):
    p = subprocess.run([pwpol] + args, capture_output=True, stdin=subprocess.DEVNULL, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()
def usage(words):
    """The usage lines of `pwpol WORDS --help`, joined as errors join them."""
    out = run(words + ["--help"])[1].splitlines()
    lines = [out[0][len("Usage: "):]]
    lines += [l.strip() for l in out[1:] if l.startswith(" ") and l.strip().startswith("pwpol ")]
    return "; ".join(lines)
help_out = run(["--help"])[1]
cmds = []
inside = False
for l in help_out.splitlines():
    if l.startswith("Commands"):
        inside = True
    elif inside and not l.strip():
        break
    elif inside:
        cmds.append(l.split()[0])
words = []
subs = {"config": ["check", "import", "show", "commit", "confirm", "history", "rollback",
                   "compare"],
        "store": ["copy", "check"], "import": ["shadow", "opasswd", "junos"],
        "export": ["shadow", "opasswd"]}
for c in cmds:
    words += [[c, s] for s in subs[c]] if c in subs else [[c]]
bad = 0
for w in words:
    want = usage(w)
    if not want.startswith("pwpol " + " ".join(w)):
        print(f"FAIL: {w}: --help says {want!r}", file=sys.stderr)
        bad += 1
        continue
    for args in (["--bogus-zz"], ["a", "b", "c", "d", "e", "f"], []):
        rc, out, err = run(w + args)
        if rc == 2:
            break
    line = err.strip().splitlines()[-1] if err.strip() else ""
    if rc != 2 or not (line == f"pwpol: usage: {want}" or line.endswith(f"(usage: {want})")):
        print(f"FAIL: {' '.join(w)}: exit {rc}, '{line}' does not end with its --help usage '{want}'",
              file=sys.stderr)
        bad += 1
    if len(err.strip().splitlines()) != 1:
        print(f"FAIL: {' '.join(w)}: the error is not one line: {err!r}", file=sys.stderr)
        bad += 1
    h = run(["help"] + w)
    if h[0] != 0 or h[1] != run(w + ["--help"])[1]:
        print(f"FAIL: help {' '.join(w)} is not {' '.join(w)} --help", file=sys.stderr)
        bad += 1
print(f"{len(words)} commands, {bad} failure(s)")
sys.exit(1 if bad else 0)
PY
# -q: nothing on success, everything on failure.
IN='Temp#Pass123\n' run "$PWPOL" -q check
expect 0 "-q, a success"
[ -z "$OUT$ERR" ] || fail "-q prints nothing on success"
IN='short\n' run "$PWPOL" check -q
expect 1 "-q, a refusal"
has "rejected: minimum-length" "-q still prints a failure's verdict"
run "$PWPOL" -q generate
expect 0 "-q generate"
[ -z "$OUT$ERR" ] || fail "-q generate: not even the entropy line"

# check --user NAME: a name, or nothing is checked against a typo.
IN='Temp#Pass123\n' run "$PWPOL" check --user 'bad name'
expect 2 "check --user validated"
has "check: --user: not a valid username (username-characters:" "why"
IN='Temp#Pass123\n' run "$PWPOL" hash --user 'bad name'
expect 2 "hash --user validated"

# hash --rounds below the format's least: an error, not raised in silence.
IN='Temp#Pass123\n' run "$PWPOL" hash --format sha512 --rounds 10
expect 2 "sha512 with 10 rounds"
has "hash: --rounds 10 is out of range for sha512" "said"
[ -z "$OUT" ] || fail "no hash printed"
IN='Temp#Pass123\n' run "$PWPOL" hash --format sha512 --rounds 1000
expect 0 "sha512 with 1000 rounds"
case "$OUT" in '$6$rounds=1000$'*) ;; *) fail "1000 rounds made" ;; esac

# show: a 32-character name keeps the columns.
long=abcdefghijklmnopqrstuvwxyz012345
IN='Temp#Pass123\n' run "$PWPOL" useradd $long
expect 0 "a 32-character name"
run "$PWPOL" show
expect 0 "show"
col() { echo "$OUT" | grep "^$1 " | awk '{ print index($0, $2) }'; }
[ "$(echo "$OUT" | sed -n 1p | awk '{ print index($0, "STATE") }')" = 34 ] || fail "STATE at 34"
[ "$(col $long)" = 34 ] || fail "the long name's state under STATE: $(col $long)"
[ "$(col admin)" = 34 ] || fail "admin's state under STATE"
done_testing
