#!/usr/bin/env python3
"""Wait for a line of `hardock watch -f jsonl` output.

usage: watch_lines.py FILE FROM DEADLINE KEY=VALUE...
Waits (at most DEADLINE seconds) for a JSON line at or after line number
FROM (0-based) whose fields match every KEY=VALUE (dotted keys reach into
objects, VALUE "null" matches JSON null). Prints the number of the line
after the match on stdout, exit 0; exit 1 with the lines seen on timeout;
exit 2 when a line is not JSON (watch must never print one). A FILE
not there yet counts as empty until the deadline."""
import json
import sys
import time


def get(obj, path):
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return KeyError
        obj = obj[part]
    return obj


def matches(obj, conds):
    for key, want in conds:
        have = get(obj, key)
        if have is KeyError:
            return False
        if want == "null":
            if have is not None:
                return False
        elif have is None or str(have) != want:
            return False
    return True


def main():
    path, start, deadline = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    conds = [a.split("=", 1) for a in sys.argv[4:]]
    end = time.time() + deadline
    while True:
        # A job started in the background (cmd >FILE &) opens FILE when it
        # is scheduled: until then there is nothing to read yet.
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.read().split("\n")
        except FileNotFoundError:
            lines = [""]
        complete = lines[:-1]
        for i in range(start, len(complete)):
            try:
                obj = json.loads(complete[i])
            except ValueError:
                print("not JSON: %r" % complete[i][:300], file=sys.stderr)
                sys.exit(2)
            if matches(obj, conds):
                print(i + 1)
                return
        if time.time() > end:
            print("no line matching %s after line %d; lines were:" %
                  (sys.argv[4:], start), file=sys.stderr)
            for line in complete[start:][-40:]:
                print("  " + line[:400], file=sys.stderr)
            sys.exit(1)
        time.sleep(0.1)


main()
