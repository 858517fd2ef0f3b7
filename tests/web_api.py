#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# web_api.py - the JSON API of `pwpol web` against its own description: reads
# the OpenAPI document the server serves (GET /api/openapi.json), and for
# every path and method in it makes the calls that reach each documented
# answer (success, and the refusals: no token, a class without the
# permission, no such account, a bad body), checking that each status is one
# the document lists for that call and that each body has the documented
# shape (JSON Schema of the document, $refs resolved). Then that no call of
# the document was left unvisited, and no documented status never seen.
# Usage: web_api.py BASE_URL ADMIN_TOKEN OPERATOR_TOKEN
import json
import sys
import urllib.error
import urllib.request

import jsonschema

BASE, ADMIN, OPER = sys.argv[1], sys.argv[2], sys.argv[3]
GOOD = "Kx7#mWq2vL-api"
fails = []
visited = {}  # (path, method) -> set of statuses seen


def call(method, path, body=None, token=ADMIN, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


status, _, text = call("GET", "/api/openapi.json", token=None)
assert status == 200, f"GET /api/openapi.json: {status}"
DOC = json.loads(text)
assert DOC["openapi"].startswith("3."), DOC["openapi"]


def resolve(node):
    """The schema with every #/components/... $ref replaced by its target."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = DOC
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return resolve(target)
        return {k: resolve(v) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v) for v in node]
    return node


def expect(cond, what):
    if not cond:
        fails.append(f"line {sys._getframe(1).f_lineno}: {what}")


def check(doc_path, method, url, body=None, token=ADMIN, want=None, raw=None):
    """One call of a documented operation; its status documented, its body
    of the documented shape. Returns (status, parsed body)."""
    op = DOC["paths"][doc_path][method.lower()]
    status, headers, text = call(method, url, body, token, raw)
    # A body the server took is one the document describes.
    if 200 <= status < 300 and body and "requestBody" in op:
        rb = resolve(op["requestBody"])["content"]["application/json"]["schema"]
        try:
            jsonschema.Draft202012Validator(rb).validate(body)
        except jsonschema.ValidationError as e:
            fails.append(f"{method} {url}: a body the server took is not as documented: "
                         f"{e.message}")
    visited.setdefault((doc_path, method.lower()), set()).add(str(status))
    where = f"{method} {url}"
    if want is not None and status != want:
        fails.append(f"{where}: HTTP {status}, expected {want}: {text[:300]!r}")
    responses = resolve(op["responses"])
    if str(status) not in responses:
        fails.append(f"{where}: HTTP {status} is not in the document ({sorted(responses)})")
        return status, None
    if headers.get("Content-Type", "").split(";")[0] != "application/json":
        fails.append(f"{where}: Content-Type {headers.get('Content-Type')}")
    try:
        parsed = json.loads(text)
    except ValueError:
        fails.append(f"{where}: not JSON: {text[:200]!r}")
        return status, None
    schema = responses[str(status)]["content"]["application/json"]["schema"]
    try:
        jsonschema.Draft202012Validator(schema).validate(parsed)
    except jsonschema.ValidationError as e:
        fails.append(f"{where}: HTTP {status} body not as documented: {e.message}: {parsed}")
    if status == 401 and "Bearer" not in headers.get("WWW-Authenticate", ""):
        fails.append(f"{where}: 401 without WWW-Authenticate: Bearer")
    return status, parsed


# Every schema of the document is a valid JSON Schema (2020-12, as
# OpenAPI 3.1 has it).
for path, ops in DOC["paths"].items():
    for method, op in ops.items():
        for code, r in resolve(op["responses"]).items():
            for c in r.get("content", {}).values():
                jsonschema.Draft202012Validator.check_schema(c["schema"])
        if "requestBody" in op:
            jsonschema.Draft202012Validator.check_schema(
                resolve(op["requestBody"])["content"]["application/json"]["schema"])

A = "/api/v1/accounts"
# Who calls: no token, a token that is none, a class without the permission.
for path, method in [(p, m) for p, ops in DOC["paths"].items() for m in ops]:
    if path == "/api/openapi.json":
        continue
    url = path.replace("{name}", "admin")
    body = {} if method == "post" else None
    s, b = check(path, method.upper(), url, body, token=None, want=401)
    if b and b["status"] != "not-permitted":
        fails.append(f"{method} {url} without a token: status {b['status']}")
    check(path, method.upper(), url, body, token="pwpol_" + "0" * 64, want=401)

check("/api/openapi.json", "GET", "/api/openapi.json", token=None, want=200)
check("/api/v1/whoami", "GET", "/api/v1/whoami", want=200)
s, b = check("/api/v1/whoami", "GET", "/api/v1/whoami", token=OPER, want=200)
expect(b and b["account"] == "oper", b)

# Accounts, as the accounts page offers them.
s, b = check(A, "GET", A, want=200)
expect(b and "admin" in [a["name"] for a in b["accounts"]], b)
check(A, "GET", A, token=OPER, want=403)
s, b = check(A, "POST", A, {"name": "apiuser", "password": GOOD, "class": "operator"}, want=201)
expect(b and b["account"]["name"] == "apiuser" and b["account"]["temporary"], b)
expect(b["account"]["class"] == "operator", b)
check(A, "POST", A, {"name": "apiuser", "password": GOOD}, want=409)
s, b = check(A, "POST", A, {"name": "weak", "password": "abc"}, want=422)
expect(b and b["status"] == "rejected" and b["violations"], b)
check(A, "POST", A, {"name": "x", "password": GOOD}, token=OPER, want=403)
check(A, "POST", A, {"name": "x"}, want=400)
check(A, "POST", A, raw=b"name=x&password=y", want=400)
check(A, "POST", A, raw=b'{"name": "x", "password": ["a"]}', want=400)
check(A, "POST", A, {"name": "nc", "password": GOOD, "class": "no-such-class"}, want=422)
s, _, _ = call("GET", A + "/nc")
if s != 404:
    fails.append(f"an account added with an unknown class is left behind: GET answered {s}")

N = A + "/{name}"
check(N, "GET", A + "/apiuser", want=200)
check(N, "GET", A + "/nobody", want=404)
check(N, "GET", A + "/apiuser", token=OPER, want=403)
for action in ("unlock", "enable", "disable"):
    s, b = check(N + "/" + action, "POST", f"{A}/apiuser/{action}", want=200)
    if action == "disable" and not (b and b["account"]["disabled"]):
        fails.append(f"disable: the account is not disabled: {b}")
    check(N + "/" + action, "POST", f"{A}/nobody/{action}", want=404)
    check(N + "/" + action, "POST", f"{A}/apiuser/{action}", token=OPER, want=403)
# The last account that may administer is not disabled: the library
# refuses it (as on the page), and the others come back.
s, b = check(A, "GET", A, want=200)
others = [a["name"] for a in b["accounts"]
          if a["class"] == "super-user" and not a["disabled"] and a["name"] != "admin"]
for o in others:
    check(N + "/disable", "POST", f"{A}/{o}/disable", want=200)
s, b = check(N + "/disable", "POST", f"{A}/admin/disable", want=422)
expect(b and b["status"] == "rejected", b)
for o in others:
    check(N + "/enable", "POST", f"{A}/{o}/enable", want=200)
s, b = check(N + "/class", "POST", f"{A}/apiuser/class", {"class": "read-only"}, want=200)
expect(b and b["account"]["class"] == "read-only", b)
check(N + "/class", "POST", f"{A}/apiuser/class", {"class": "no-such"}, want=422)
check(N + "/class", "POST", f"{A}/apiuser/class", {}, want=400)
check(N + "/class", "POST", f"{A}/nobody/class", {"class": "operator"}, want=404)
check(N + "/class", "POST", f"{A}/apiuser/class", {"class": "operator"}, token=OPER, want=403)
check(N + "/reset", "POST", f"{A}/apiuser/reset", {"password": GOOD + "2"}, want=200)
s, b = check(N + "/reset", "POST", f"{A}/apiuser/reset", {"password": "abc"}, want=422)
expect(b and b["violations"], b)
check(N + "/reset", "POST", f"{A}/apiuser/reset", {}, want=400)
check(N + "/reset", "POST", f"{A}/nobody/reset", {"password": GOOD}, want=404)
check(N + "/reset", "POST", f"{A}/apiuser/reset", {"password": GOOD}, token=OPER, want=403)
check(N, "DELETE", A + "/apiuser", token=OPER, want=403)
check(N, "DELETE", A + "/apiuser", want=200)
check(N, "DELETE", A + "/apiuser", want=404)
s, b = check(N, "DELETE", A + "/root", want=422)
expect(b and "root" in b["error"], b)

# The policy, as the policy page offers it.
P = "/api/v1/policy"
s, b = check(P, "GET", P, want=200)
expect(b and b["from"] == "built-in" and b["commit"] is None, b)
check(P, "GET", P, token=OPER, want=403)
text = b["text"]
good = "system {\n    login {\n        password {\n            minimum-length 12;\n        }\n    }\n}\n"
bad = "system {\n    login {\n        password {\n            minimum-length 2000;\n        }\n    }\n}\n"
s, b = check(P + "/check", "POST", P + "/check", {"text": good}, want=200)
expect(b and b["ok"] and b["errors"] == [], b)
s, b = check(P + "/check", "POST", P + "/check", {"text": bad}, want=200)
expect(b and not b["ok"] and b["status"] == "invalid" and b["errors"], b)
check(P + "/check", "POST", P + "/check", {}, want=400)
check(P + "/check", "POST", P + "/check", {"text": good}, token=OPER, want=403)
s, b = check(P + "/compare", "POST", P + "/compare", {"text": good}, want=200)
expect(b and "minimum-length 12" in b["diff"], b)
check(P + "/compare", "POST", P + "/compare", {"text": bad}, want=422)
check(P + "/compare", "POST", P + "/compare", {}, want=400)
check(P + "/compare", "POST", P + "/compare", {"text": good}, token=OPER, want=403)
s, b = check(P + "/commit", "POST", P + "/commit", {"text": good, "comment": "from the API"}, want=200)
expect(b and b["commit"]["author"] == "admin" and b["commit"]["comment"] == "from the API", b)
s, b = check(P + "/commit", "POST", P + "/commit", {"text": bad}, want=422)
expect(b and b["status"] == "invalid" and b["errors"], b)
check(P + "/commit", "POST", P + "/commit", {"text": good, "confirm_minutes": "ten"}, want=400)
check(P + "/commit", "POST", P + "/commit", {"text": good}, token=OPER, want=403)
check(P + "/confirm", "POST", P + "/confirm", want=409)
s, b = check(P + "/commit", "POST", P + "/commit",
             {"text": good.replace("12", "13"), "confirm_minutes": 5}, want=200)
expect(b and b["commit"]["confirm_by"], b)
check(P + "/confirm", "POST", P + "/confirm", token=OPER, want=403)
s, b = check(P + "/confirm", "POST", P + "/confirm", want=200)
expect(b and b["commit"]["confirm_by"] is None, b)
s, b = check(P, "GET", P, want=200)
expect(b and b["from"] == "store" and "minimum-length 13" in b["text"], b)
s, b = check(P + "/history", "GET", P + "/history", want=200)
expect(b and len(b["commits"]) == 2 and b["commits"][0]["rollback"] == 0, b)
check(P + "/history", "GET", P + "/history", token=OPER, want=403)
s, b = check(P + "/rollback", "POST", P + "/rollback", {"n": 1, "comment": "back"}, want=200)
expect(b and b["commit"]["comment"] == "back", b)
check(P + "/rollback", "POST", P + "/rollback", {"n": 999}, want=404)
check(P + "/rollback", "POST", P + "/rollback", {}, want=400)
check(P + "/rollback", "POST", P + "/rollback", {"n": 1, "comment": "two\nlines"}, want=422)
check(P + "/rollback", "POST", P + "/rollback", {"n": 1}, token=OPER, want=403)
s, b = check(P, "GET", P, want=200)
expect(b and "minimum-length 12" in b["text"], b)

# A candidate: any token may ask, as association's live list asks anyone.
s, b = check("/api/v1/check", "POST", "/api/v1/check", {"password": GOOD, "name": "bob"}, want=200)
expect(b and b["ok"] and b["violations"] == [], b)
s, b = check("/api/v1/check", "POST", "/api/v1/check", {"password": "short"}, token=OPER, want=200)
expect(b and not b["ok"] and b["status"] == "rejected" and b["violations"], b)
check("/api/v1/check", "POST", "/api/v1/check", {}, want=400)
# With score: zxcvbn's estimate as `pwpol check --score --json` gives it,
# and the library's sentence with how long the guesses would take.
s, b = check("/api/v1/check", "POST", "/api/v1/check", {"password": "zxcvbnm,./", "score": True},
             want=200)
expect(b and b.get("score") == {"score": 1, "bits": 11.9, "patterns": [
    {"pattern": "keyboard walk", "begin": 0, "length": 10}], "message":
    "score 1 of 4 (12 bits): guessed in less than a second at 10,000 guesses a second"}, b)
s, b = check("/api/v1/check", "POST", "/api/v1/check", {"password": GOOD}, want=200)
expect(b and "score" not in b, b)
check("/api/v1/check", "POST", "/api/v1/check", {"password": GOOD, "score": "yes"}, want=400)

# A path or method not in the document.
s, _, _ = call("GET", "/api/v1/nothing")
if s != 404:
    fails.append(f"GET /api/v1/nothing: {s}, expected 404")
s, h, t = call("PUT", A)
if s != 405 or json.loads(t).get("error") != "method not allowed":
    fails.append(f"PUT {A}: {s} {t!r}, expected 405 and its error as JSON")

# Every call of the document made, every status it documents seen.
for path, ops in DOC["paths"].items():
    for method, op in ops.items():
        seen = visited.get((path, method), set())
        if not seen:
            fails.append(f"{method.upper()} {path}: never called")
        for code in op["responses"]:
            if code not in seen and code != "500":
                fails.append(f"{method.upper()} {path}: documented {code} never seen ({sorted(seen)})")

for f in fails:
    print("FAIL:", f, file=sys.stderr)
calls = sum(len(v) for v in visited.values())
print(f"web_api: {len(visited)} operations, {calls} distinct answers, {len(fails)} failures")
sys.exit(1 if fails else 0)
