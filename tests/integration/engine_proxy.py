#!/usr/bin/env python3
"""A unix-socket proxy in front of a Docker engine that kills it mid-scan.

usage: engine_proxy.py LISTEN ENGINE_SOCK ENGINE_PID N

Forwards every connection on LISTEN to ENGINE_SOCK byte for byte. When the
N-th container inspect request (GET /vX/containers/ID/json) passes, it
sends SIGKILL to ENGINE_PID, closes every connection and the listener and
removes LISTEN: from then on the engine is gone, as after a crash. Prints
"killed after N inspects" (and the inspects it forwarded before) on stdout,
then exits. Ready once LISTEN exists.
"""
import os
import re
import selectors
import signal
import socket
import sys

INSPECT = re.compile(rb"GET /v[0-9.]+/containers/[0-9a-f]{64}/json ")


def main(listen, engine, pid, n):
    n = int(n)
    sel = selectors.DefaultSelector()
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(listen + ".tmp")
    os.rename(listen + ".tmp", listen)
    srv.listen(64)
    sel.register(srv, selectors.EVENT_READ)
    peer = {}
    seen = 0
    while True:
        for key, _ in sel.select(timeout=120):
            s = key.fileobj
            if s is srv:
                c, _ = srv.accept()
                e = socket.socket(socket.AF_UNIX)
                e.connect(engine)
                peer[c], peer[e] = e, c
                sel.register(c, selectors.EVENT_READ, "client")
                sel.register(e, selectors.EVENT_READ, "engine")
                continue
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            if key.data == "client" and data:
                seen += len(INSPECT.findall(data))
                if seen >= n:
                    os.kill(int(pid), signal.SIGKILL)
                    for x in list(peer):
                        x.close()
                    srv.close()
                    os.unlink(listen)
                    print(f"killed after {seen} inspects", flush=True)
                    return
            if not data:
                o = peer.pop(s, None)
                for x in (s, o):
                    if x is not None:
                        sel.unregister(x)
                        x.close()
                        peer.pop(x, None)
                continue
            peer[s].sendall(data)


if __name__ == "__main__":
    main(*sys.argv[1:])
