#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# web-api.py - the cost of a JSON API call of `pwpol web` (doc/reliability.md):
# keep-alive GETs with a token, then with a wrong one. Usage: web-api.py URL TOKEN
import http.client, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1]); tok = sys.argv[2]
c = http.client.HTTPConnection(u.hostname, u.port)
def run(path, n, t=tok):
    t0 = time.perf_counter()
    for _ in range(n):
        c.request("GET", path, headers={"Authorization": "Bearer " + t})
        r = c.getresponse(); r.read()
    return (time.perf_counter() - t0) / n * 1e6, r.status
for path in ("/api/v1/whoami", "/api/v1/accounts"):
    us, st = run(path, 500)
    print(f"{path}: {us:.0f} us a call (HTTP {st}), 500 calls, 21 tokens in the store")
us, st = run("/api/v1/whoami", 500, "pwpol_" + "0" * 64)
print(f"a wrong token: {us:.0f} us a call (HTTP {st})")
