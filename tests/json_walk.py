#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""json_walk.py - every command of `pwpol --help` (and every subcommand
of config, store, import and export) run with --json, once to succeed and once to
fail, each line of standard output parsed by Python's json: what a script
reading --json meets. A command of the table with no case here fails the
walk, so a new command cannot be left out. Run by cli-json.sh."""
import json
import os
import re
import signal
import subprocess
import sys
import time

PWPOL = os.environ["PWPOL"]
T = sys.argv[1]
DB = os.path.join(T, "a.db")
ADMIN = "Zq7#mLp2xWv9!k"
GOOD = "Temp#Pass123x"
BAD_UTF8 = b"caf\xe9"
fails = []


def run(args, stdin=b"", env_db=DB):
    env = dict(os.environ, PWPOL_DB=env_db, PWPOL_CONFIG="")
    p = subprocess.run([PWPOL, "--json"] + args, input=stdin, capture_output=True, env=env,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def parse(what, out):
    """Every line of out is a JSON value; at least one line."""
    lines = out.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        fails.append(f"{what}: no output")
        return []
    vals = []
    for i, ln in enumerate(lines, 1):
        try:
            vals.append(json.loads(ln.decode("utf-8", errors="strict")))
        except (ValueError, UnicodeDecodeError) as e:
            fails.append(f"{what}: line {i} is not JSON ({e}): {ln[:120]!r}")
    return vals


def case(what, args, stdin=b"", ok=True, **kw):
    rc, out, err = run(args, stdin, **kw)
    if ok and rc not in (0, 4):
        fails.append(f"{what}: expected success, exit {rc}: {err[:300]!r}")
    if not ok and rc in (0,):
        fails.append(f"{what}: expected a failure, exit 0")
    vals = parse(what + (" (success)" if ok else " (error)"), out)
    said = [v for v in vals if isinstance(v, dict) and False in (v.get("ok"), v.get("imported"))]
    if not ok and vals and not said:
        fails.append(f"{what}: an error without an object of ok false: {out[:200]!r}")
    return vals


def write(name, text):
    path = os.path.join(T, name)
    with open(path, "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode())
    return path


def web(what, args, ok):
    """`web` prints its start (or its refusal) and serves until SIGTERM."""
    env = dict(os.environ, PWPOL_DB=DB, PWPOL_CONFIG="")
    p = subprocess.Popen([PWPOL, "--json", "web"] + args, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env)
    if ok:
        line = p.stdout.readline()
        p.send_signal(signal.SIGTERM)
        rest, _ = p.communicate(timeout=30)
        out = line + rest
    else:
        out, _ = p.communicate(timeout=30)
    parse(what + (" (success)" if ok else " (error)"), out)


# The store: made by init (its own case below), an account, a commit.
conf = write("p.conf", "system { login { password { minimum-length 10; } } }\n")
conf2 = write("q.conf", "system { login { password { minimum-length 11; } } }\n")
badconf = write("bad.conf", b"system { login { password { minimum-length 3; caf\xe9; } } }\n")
shadow = write("shadow", "carl:$6$abcdefgh$" + "x" * 86 + ":19000:0:99999:7:::\n")
shadow_bad = write("shadow-bad", b"caf\xe9:!:19000::::::\n")
opasswd = write("opasswd", "carl:1000:1:$6$ijklmnop$" + "y" * 86 + "\n")
pwq = write("pwquality.conf", b"minlen = 12\n# caf\xe9\n")
junos = write("junos.conf", "set system login user zed class operator\n"
              "set system login user zed authentication encrypted-password "
              "\"$6$qrstuvwx$" + "z" * 86 + "\"\nset system login password minimum-length 12\n")
junos_bad = write("junos-bad.conf", b"set system login user caf\xe9 class nonesuch\n"
                  b"set system login password minimum-length\n")

cases = {
    "init": [lambda: case("init", ["init"], (ADMIN + "\n").encode()),
             lambda: case("init", ["init"], (ADMIN + "\n").encode(), ok=False)],
    "check": [lambda: case("check", ["check"], (GOOD + "\n").encode()),
              lambda: case("check", ["check", "--user", BAD_UTF8.decode("latin-1")],
                           b"short\n" + BAD_UTF8 + b"\n", ok=False)],
    "hash": [lambda: case("hash", ["hash"], (GOOD + "\n").encode()),
             lambda: case("hash", ["hash", "--format", "nope"], ok=False)],
    "generate": [lambda: case("generate", ["generate", "--count", "3"]),
                 lambda: case("generate", ["generate", "--count", "x"], ok=False)],
    "username-check": [lambda: case("username-check", ["username-check", "bob"]),
                       lambda: case("username-check",
                                    ["username-check", BAD_UTF8.decode("latin-1")], ok=False)],
    "useradd": [lambda: case("useradd", ["useradd", "bob"], (GOOD + "\n").encode()),
                lambda: case("useradd", ["useradd", "bob"], (GOOD + "\n").encode(), ok=False)],
    "passwd": [lambda: case("passwd", ["passwd", "--reset", "bob"], (GOOD + "9\n").encode()),
               lambda: case("passwd", ["passwd", "--reset", "nobody"], (GOOD + "\n").encode(),
                            ok=False)],
    "login": [lambda: case("login", ["login", "admin"], (ADMIN + "\n").encode()),
              lambda: case("login", ["login", "bob"], b"wrong\n", ok=False)],
    "unlock": [lambda: case("unlock", ["unlock", "bob"]),
               lambda: case("unlock", ["unlock", "nobody"], ok=False)],
    "disable": [lambda: case("disable", ["disable", "bob"]),
                lambda: case("disable", ["disable", "nobody"], ok=False)],
    "enable": [lambda: case("enable", ["enable", "bob"]),
               lambda: case("enable", ["enable", "nobody"], ok=False)],
    "usermod": [lambda: case("usermod", ["usermod", "--class", "operator", "bob"]),
                lambda: case("usermod", ["usermod", "--bogus"], ok=False)],
    "show": [lambda: case("show", ["show"]),
             lambda: case("show", ["show", BAD_UTF8.decode("latin-1")], ok=False)],
    "config check": [lambda: case("config check", ["config", "check", conf]),
                     lambda: case("config check", ["config", "check", badconf], ok=False)],
    "config show": [lambda: case("config show", ["config", "show", "--sources"]),
                    lambda: case("config show", ["config", "show", "--nope"], ok=False)],
    "config history": [lambda: case("config history", ["config", "history"]),
                       lambda: case("config history", ["config", "history", "x"], ok=False)],
    "config commit": [lambda: case("config commit", ["config", "commit", conf]),
                      lambda: case("config commit", ["config", "commit", badconf], ok=False)],
    "config compare": [lambda: case("config compare", ["config", "compare", conf2]),
                       lambda: case("config compare", ["config", "compare", "99"], ok=False)],
    "config rollback": [lambda: case("config rollback", ["config", "rollback", "1"]),
                        lambda: case("config rollback", ["config", "rollback", "99"], ok=False)],
    "config confirm": [
        lambda: (case("config commit --confirmed", ["config", "commit", conf2, "--confirmed"]),
                 case("config confirm", ["config", "confirm"])),
        lambda: case("config confirm", ["config", "confirm"], ok=False)],
    "import shadow": [lambda: case("import shadow", ["import", "shadow", "--file", shadow]),
                      lambda: case("import shadow", ["import", "shadow", "--file", shadow_bad],
                                   ok=False)],
    "import opasswd": [lambda: case("import opasswd", ["import", "opasswd", "--file", opasswd]),
                       lambda: case("import opasswd",
                                    ["import", "opasswd", "--file", os.path.join(T, "none")],
                                    ok=False)],
    "import junos": [lambda: case("import junos", ["import", "junos", junos]),
                     lambda: case("import junos", ["import", "junos", junos_bad], ok=False)],
    "config import": [lambda: case("config import", ["config", "import", "pwquality", pwq]),
                      lambda: case("config import",
                                   ["config", "import", BAD_UTF8.decode("latin-1"), pwq],
                                   ok=False)],
    "export shadow": [lambda: case("export shadow", ["export", "shadow"]),
                      lambda: case("export shadow", ["export", "shadow", "x"], ok=False)],
    "export opasswd": [lambda: case("export opasswd", ["export", "opasswd"]),
                       lambda: case("export opasswd",
                                    ["export", "opasswd", "--passwd", os.path.join(T, "none")],
                                    ok=False)],
    "store check": [lambda: case("store check", ["store", "check"]),
                    lambda: case("store check", ["store", "check"], ok=False,
                                 env_db=os.path.join(T, "none.db"))],
    "store copy": [lambda: case("store copy", ["store", "copy", DB, os.path.join(T, "b.db")]),
                   lambda: case("store copy", ["store", "copy", DB], ok=False)],
    "store upgrade": [lambda: case("store upgrade", ["store", "upgrade"]),
                      lambda: case("store upgrade", ["store", "upgrade", "x"], ok=False)],
    "conductor": [lambda: case("conductor", ["conductor", "--help"]),
                  lambda: case("conductor", ["conductor"], ok=False)],
    "node": [lambda: case("node", ["node", "--help"]),
             lambda: case("node", ["node", "bogus"], ok=False)],
    "web": [lambda: web("web", ["--listen", "127.0.0.1:0"], True),
            lambda: web("web", ["--listen", "0.0.0.0:0"], False)],
    "userdel": [lambda: case("userdel", ["userdel", "bob"]),
                lambda: case("userdel", ["userdel", "bob"], ok=False)],
    # Beyond the table: the options of this issue that answer in JSON.
    "check --score": [lambda: case("check --score", ["check", "--score"], b"zxcvbnm,./\n", ok=False),
                      lambda: case("check --score", ["check", "--score", "--user", "a b"], ok=False)],
    "generate --passphrase": [lambda: case("generate --passphrase", ["generate", "--passphrase"]),
                              lambda: case("generate --passphrase",
                                           ["generate", "--passphrase", "--user", "a b"], ok=False)],
    "useradd --batch": [lambda: case("useradd --batch", ["useradd", "--batch"],
                                     b"erin:" + GOOD.encode() + b"\n"),
                        lambda: case("useradd --batch", ["useradd", "--batch"],
                                     BAD_UTF8 + b":x\nnocolon\n", ok=False)],
    "passwd --batch": [lambda: case("passwd --batch", ["passwd", "--batch"],
                                    b"erin:" + GOOD.encode() + b"7\n"),
                       lambda: case("passwd --batch", ["passwd", "--batch"], b"nobody:x\n", ok=False)],
    "usermod --max-days": [lambda: case("usermod --max-days", ["usermod", "--max-days", "30", "bob"]),
                           lambda: case("usermod --max-days",
                                        ["usermod", "--max-days", "x", "bob"], ok=False)],
    "passwd --expire": [lambda: case("passwd --expire", ["passwd", "--expire", "bob"]),
                        lambda: case("passwd --expire", ["passwd", "--expire", "nobody"],
                                     ok=False)],
    "config check --from": [lambda: case("config check --from",
                                         ["config", "check", "--against", "stig-rhel9", "--from",
                                          "pwquality=" + pwq], ok=False),
                            lambda: case("config check --from",
                                         ["config", "check", "--against", "stig-rhel9", "--from",
                                          "nokind"], ok=False)],
    "token": [lambda: case("token", ["token", "list"]),
              lambda: case("token", ["token", "revoke", "nobody"], ok=False)],
    "help": [lambda: case("help", ["help", "check"]),
             lambda: case("help", ["help", "nonesuch"], ok=False)],
    "": [lambda: None, lambda: case("unknown command", ["nonesuch"], ok=False)],
}

# Every command the table has (pwpol --help), and every subcommand.
out = subprocess.run([PWPOL, "--help"], capture_output=True).stdout.decode()
names = []
inside = False
for ln in out.splitlines():
    if ln.startswith("Commands"):
        inside = True
        continue
    if inside and not ln.strip():
        break
    if inside:
        names.append(ln.split()[0])
for group in ("config", "store", "import", "export"):
    usage = subprocess.run([PWPOL, group, "--help"], capture_output=True).stdout.decode()
    first = usage.splitlines()[0]
    subs = set(re.findall(r"(?:^Usage: pwpol %s |\|\s*(?:%s )?)([a-z]+)" % (group, group), first))
    if group in names:
        names.remove(group)
    names += [f"{group} {s}" for s in sorted(subs)]
missing = [n for n in names if n not in cases]
if missing:
    fails.append(f"commands without a case here: {missing}")
order = ["init"] + [n for n in cases if n not in ("init", "userdel", "")] + ["userdel", ""]
for n in order:
    for step in cases[n]:
        step()
for f in fails:
    print("FAIL:", f, file=sys.stderr)
print(f"{len(names)} commands walked, {len(fails)} failure(s)")
sys.exit(1 if fails else 0)
