#!/usr/bin/env python3
"""A hostile fake Docker engine on a unix socket, for hardock watch.

usage: fake_engine.py SOCKET ENDLESS_MB
Answers /_ping, /version and the lists as an empty engine; GET /events
sends malformed lines, a line of 10 MB, one valid event, then ENDLESS_MB
of bytes without a newline, then closes the stream. Later /events
requests get the same."""
import json
import socketserver
import sys
import time

SOCK, ENDLESS_MB = sys.argv[1], int(sys.argv[2])
EMPTY = {"/info": {"Swarm": {"LocalNodeState": "inactive"}},
         "/volumes": {"Volumes": []}}


class Handler(socketserver.StreamRequestHandler):
    def send(self, code, body, ctype="application/json"):
        self.wfile.write(("HTTP/1.1 %d X\r\nContent-Type: %s\r\n"
                          "Api-Version: 1.41\r\nContent-Length: %d\r\n\r\n"
                          % (code, ctype, len(body))).encode() + body)

    def handle(self):
        while True:
            line = self.rfile.readline()
            if not line:
                return
            parts = line.decode("latin-1").split()
            if len(parts) < 2:
                return
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            path = parts[1].split("?")[0]
            if path == "/_ping":
                self.send(200, b"OK", "text/plain")
            elif path == "/version":
                self.send(200, json.dumps({"ApiVersion": "1.41",
                                           "Version": "20.10.24"}).encode())
            elif path.endswith("/events"):
                self.events()
                return
            else:
                short = path[path.index("/", 1):] if path.startswith("/v1.") else path
                body = EMPTY.get(short, [])
                if short.startswith("/containers/") and short != "/containers/json":
                    self.send(404, b'{"message":"No such container"}')
                else:
                    self.send(200, json.dumps(body).encode())

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def events(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
        self.chunk(b"not json at all\n")
        self.chunk(b'{"Type": 7, "Action": "x"}\n')
        self.chunk(b'{"Type":"container","Action":"create","Actor":{"ID":"../../etc"}}\n')
        big = b"y" * (1 << 20)
        for _ in range(10):
            self.chunk(big)
        self.chunk(b"\n")
        self.chunk(b'{"Type":"container","Action":"destroy","Actor":{"ID":'
                   b'"abcdef0123456789","Attributes":{"name":"ghost"}},'
                   b'"time":1700000000}\n')
        # Created, then gone before watch's inspect (which answers 404).
        self.chunk(b'{"Type":"container","Action":"create","Actor":{"ID":'
                   b'"0123456789abcdef","Attributes":{"name":"fleeting"}},'
                   b'"time":1700000001}\n')
        for _ in range(ENDLESS_MB):
            self.chunk(big)
        time.sleep(0.5)
        self.wfile.write(b"0\r\n\r\n")


class Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


Server(SOCK, Handler).serve_forever()
