#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""tty_drive.py CMD... - runs CMD on a pseudo-terminal, as a person at a
keyboard: reads a script of (expected prompt, line to type) pairs from the
environment variable TTY_SCRIPT (lines "PROMPT\tANSWER"), waits for each
prompt before typing, then prints everything the terminal showed and exits
with CMD's status. Used by cli-tty.sh."""
import os, pty, resource, select, sys, termios, time

def main():
    steps = [l.split("\t", 1) for l in os.environ.get("TTY_SCRIPT", "").split("\n") if l]
    pid, fd = pty.fork()
    if pid == 0:
        # Core dumps allowed, so that only the command itself can forbid them.
        hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
        os.execvp(sys.argv[1], sys.argv[1:])
    seen = b""
    deadline = time.time() + 20
    for prompt, answer in steps:
        while prompt.encode() not in seen:
            r, _, _ = select.select([fd], [], [], max(0.0, deadline - time.time()))
            if not r:
                sys.stdout.write(seen.decode(errors="replace"))
                print("\nTIMEOUT waiting for %r" % prompt)
                os.kill(pid, 9)
                return 124
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                break
            seen += chunk
        seen = seen.replace(prompt.encode(), b"<" + prompt.encode() + b">", 1)
        time.sleep(0.05)
        os.write(fd, answer.encode() + b"\n")
    # TTY_INTERRUPT=PROMPT: at that prompt, tell the process's core limit
    # as the kernel holds it, press Ctrl-C,
    # and tell whether the terminal echoes again after it died.
    stop = os.environ.get("TTY_INTERRUPT")
    if stop:
        while stop.encode() not in seen:
            r, _, _ = select.select([fd], [], [], max(0.0, deadline - time.time()))
            if not r:
                print("TIMEOUT waiting for %r" % stop)
                os.kill(pid, 9)
                return 124
            seen += os.read(fd, 4096)
        time.sleep(0.1)
        with open("/proc/%d/limits" % pid) as f:
            core = [l for l in f if l.startswith("Max core file size")][0].split()
        print("CORE-LIMIT=%s/%s" % (core[4], core[5]))
        os.write(fd, b"\x03")
        _, status = os.waitpid(pid, 0)
        print("ECHO=%s" % ("on" if termios.tcgetattr(fd)[3] & termios.ECHO else "off"))
        print("SIGNAL=%d" % (os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0))
        return 0
    # End of input, as Ctrl-D at the start of a line: a command reading
    # lines to the end (check) stops there.
    time.sleep(0.1)
    os.write(fd, b"\x04")
    while True:
        r, _, _ = select.select([fd], [], [], max(0.0, deadline - time.time()))
        if not r:
            print("\nTIMEOUT waiting for the end")
            os.kill(pid, 9)
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(seen.decode(errors="replace"))
    return os.waitstatus_to_exitcode(status)

sys.exit(main())
