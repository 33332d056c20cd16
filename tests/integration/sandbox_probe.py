#!/usr/bin/env python3
"""Watch a hardock process's privileges from outside, as the kernel sees them.

usage: sandbox_probe.py [--hang SOCK] [--child] OUT -- HARDOCK ARGS...

Runs HARDOCK ARGS with stdout into a pipe of one page that nobody reads, so
that the process blocks inside its report writing. With --hang, SOCK is an
"engine" that accepts connections and never answers: while hardock waits
for it (in the engine collector), its /proc/PID/status is printed as
    collect CapEff=... CapPrm=... CapBnd=... NoNewPrivs=... Seccomp=...
then the engine goes away. Once the process is blocked writing with its
seccomp filter loaded, the same line is printed as "evaluate ...". The
report is then drained into OUT and "rc=N" printed. With --child the
process watched for "evaluate" is HARDOCK's first child (hardock merge
parses in a sandboxed child), and the parent's line is printed as
"parent ...".
"""
import fcntl
import os
import socket
import subprocess
import sys
import time

KEYS = ("CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb", "NoNewPrivs", "Seccomp")


def status(pid):
    """The privilege lines of /proc/PID/status, and the process state."""
    vals, state = {}, "?"
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in KEYS:
                vals[k] = v.strip()
            elif k == "State":
                state = v.split()[0]
    return vals, state


def show(tag, vals):
    print(tag + " " + " ".join(f"{k}={vals.get(k, '?')}" for k in KEYS),
          flush=True)


def wait_for(pred, what, limit=60.0):
    """Poll pred() until it holds; fail after limit seconds."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    sys.exit(f"sandbox_probe: timed out waiting for {what}")


def first_child(pid):
    """The first child of pid, or None while it has none."""
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        kids = f.read().split()
    return int(kids[0]) if kids else None


def blocked(pid):
    """pid's privilege lines once it sleeps with its filter loaded."""
    if pid is None:
        return None
    try:
        v, s = status(pid)
    except FileNotFoundError:
        return None
    return v if v.get("Seccomp") == "2" and s == "S" else None


def main(argv):
    hang, child = None, False
    if argv[:1] == ["--hang"]:
        hang, argv = argv[1], argv[2:]
    if argv[:1] == ["--child"]:
        child, argv = True, argv[1:]
    out, sep, cmd = argv[0], argv[1], argv[2:]
    assert sep == "--" and cmd, __doc__
    srv = None
    if hang:
        srv = socket.socket(socket.AF_UNIX)
        srv.bind(hang)
        srv.listen(8)
    r, w = os.pipe()
    fcntl.fcntl(r, fcntl.F_SETPIPE_SZ, 4096)
    p = subprocess.Popen(cmd, stdout=w, stdin=subprocess.DEVNULL)
    os.close(w)
    if srv:
        srv.settimeout(60)
        conn, _ = srv.accept()
        show("collect", status(p.pid)[0])
        conn.close()
        srv.close()
    try:
        # Blocked in write(2) to the full pipe, inside the filter.
        if child:
            vals = wait_for(lambda: blocked(first_child(p.pid)),
                            "the sandboxed child to block on its report")
            show("parent", status(p.pid)[0])
        else:
            # status() raises FileNotFoundError once the process is gone.
            vals = wait_for(lambda: (lambda v, s: v if v.get("Seccomp") == "2"
                                     and s == "S" else None)(*status(p.pid)),
                            "the sandboxed process to block on its report")
        show("evaluate", vals)
    except FileNotFoundError:
        sys.exit("sandbox_probe: the process ended before blocking on its "
                 "report (report smaller than a page?)")
    with open(out, "wb") as f:
        while True:
            b = os.read(r, 65536)
            if not b:
                break
            f.write(b)
    print(f"rc={p.wait()}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
