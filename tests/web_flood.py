#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""web_flood.py - `pwpol web` under the two cheap attacks on its
availability, played from loopback only, bounded (it stops by itself
within a minute, closing everything it opened):

  idle URL NAME PASSWORD
      slowloris (over https: connections that never send their TLS hello): 1,000 connections opened and left silent, spread over
      loopback source addresses (127.0.0.2, .3, ...) as many clients
      would be, 200 more from one address (beyond the per-address
      limit), and 50 requests whose headers come a byte at a time; then
      NAME signs in from 127.0.0.1 and must be answered within 5 s.
  sessions URL NAME PASSWORD
      NAME signs in, then 1,000 anonymous requests each make a session;
      NAME's session must still be signed in.

Prints what it measured; exits 0 when the sign-in (or the session) held,
1 otherwise.
"""
import http.client
import re
import resource
import select
import signal
import socket
import ssl
import sys
import time
import urllib.parse

IDLE = 1000
PER_SOURCE = 32        # below the server's per-address limit (64)
ONE_SOURCE = 200       # from a single address: beyond it
SLOW = 50              # partial requests fed a byte at a time
DEADLINE = 5.0         # seconds the sign-in may take under the flood


TLS = False  # https: the idle connections never send their TLS hello


def connection(host, port, timeout, src="127.0.0.1"):
    if TLS:  # the test's own self-signed certificate
        return http.client.HTTPSConnection(host, port, timeout=timeout, source_address=(src, 0),
                                           context=ssl._create_unverified_context())
    return http.client.HTTPConnection(host, port, timeout=timeout, source_address=(src, 0))


def sign_in(host, port, name, password):
    """GET /login, then POST /login: (HTTP status, Location, cookie)."""
    c = connection(host, port, DEADLINE)
    c.request("GET", "/login")
    r = c.getresponse()
    page = r.read().decode()
    cookie = (r.getheader("Set-Cookie") or "").split(";")[0]
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    if r.status != 200 or not m:
        return r.status, None, None
    body = urllib.parse.urlencode({"csrf": m.group(1), "name": name, "password": password})
    c.request("POST", "/login", body=body,
              headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    r = c.getresponse()
    r.read()
    new = (r.getheader("Set-Cookie") or cookie).split(";")[0]
    c.close()
    return r.status, r.getheader("Location"), new


def connect_from(src, host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(True)
    s.settimeout(2)
    s.bind((src, 0))
    s.connect((host, port))
    return s


def still_open(socks):
    """Connections the server has not closed (nothing readable: no EOF)."""
    n = 0
    for s in socks:
        p = select.poll()
        p.register(s, select.POLLIN)
        if not p.poll(0):
            n += 1
            continue
        try:
            n += len(s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)) > 0
        except OSError:
            pass
    return n


def idle(host, port, name, password):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = IDLE + ONE_SOURCE + SLOW + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    spread, crowd, slow = [], [], []
    try:
        for i in range(IDLE):
            spread.append(connect_from("127.0.0.%d" % (2 + i // PER_SOURCE), host, port))
        for _ in range(ONE_SOURCE):
            try:
                crowd.append(connect_from("127.0.1.1", host, port))
            except OSError:
                pass
        for _ in range(SLOW):
            s = connect_from("127.0.1.2", host, port)
            s.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(s)
        for k in range(3):  # a byte at a time, while the sign-in runs
            for s in slow:
                try:
                    s.send(b"X-Slow-%d: y\r\n"[:1 + k])
                except OSError:
                    pass
        time.sleep(0.5)
        t0 = time.monotonic()
        try:
            st, loc, _ = sign_in(host, port, name, password)
        except (OSError, http.client.HTTPException) as e:
            st, loc = "no answer (%s)" % type(e).__name__, None
        took = time.monotonic() - t0
        held = still_open(spread)
        print("idle connections held: %d of %d (from %d addresses); one address: %d of %d "
              "held; sign-in under the flood: %s %s in %.2f s"
              % (held, IDLE, (IDLE + PER_SOURCE - 1) // PER_SOURCE, still_open(crowd),
                 ONE_SOURCE, st, loc, took))
        ok = st == 303 and took < DEADLINE and held >= IDLE * 9 // 10
        return 0 if ok else 1
    finally:
        for s in spread + crowd + slow:
            s.close()


def sessions(host, port, name, password):
    st, loc, cookie = sign_in(host, port, name, password)
    if st != 303:
        print("sign-in before the flood: %s" % st)
        return 1
    c = connection(host, port, 10)
    made = 0
    for _ in range(1000):
        c.request("GET", "/login")
        r = c.getresponse()
        r.read()
        made += r.getheader("Set-Cookie") is not None
    c.request("GET", "/", headers={"Cookie": cookie})
    r = c.getresponse()
    page = r.read().decode()
    c.close()
    kept = r.status == 200 and ('<b id="account">%s</b>' % name) in page
    print("anonymous sessions made: %d; %s's session after them: %s %s"
          % (made, name, r.status, "signed in" if kept else "signed out"))
    return 0 if kept and made == 1000 else 1


def main():
    signal.alarm(60)  # bounded whatever happens
    global TLS
    mode, url, name, password = sys.argv[1:5]
    u = urllib.parse.urlsplit(url)
    TLS = u.scheme == "https"
    if u.hostname not in ("127.0.0.1", "localhost"):
        sys.exit("web_flood.py: loopback only")
    sys.exit({"idle": idle, "sessions": sessions}[mode](u.hostname, u.port, name, password))


if __name__ == "__main__":
    main()
