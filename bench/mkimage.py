#!/usr/bin/env python3
"""A docker save archive of about SIZE_MB megabytes for bench/image.sh:
8 plain layers (docker save writes them uncompressed) of random and text
files, half each, 1 MiB on average, and the few files the reader captures
(/etc/passwd, a dpkg status, an .npmrc). Deterministic in its layout; the
random bytes come from os.urandom (they only need to be incompressible).

Usage: mkimage.py OUT.tar SIZE_MB
"""
import hashlib
import io
import json
import os
import sys
import tarfile
import tempfile

LAYERS = 8


def add(t, name, data, mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.size, ti.mode, ti.mtime = len(data), mode, 1700000000
    t.addfile(ti, io.BytesIO(data))


def layer(path, i, size):
    """Write layer i (about size bytes) to path; its sha256."""
    text = b"".join(b"line %d of a text file in layer %d\n" % (k, i)
                    for k in range(30000))
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        if i == 0:
            add(t, "etc/passwd", b"root:x:0:0::/root:/bin/sh\n")
            add(t, "var/lib/dpkg/status",
                b"Package: a\nStatus: install ok installed\n\n" * 100)
            add(t, "app/.npmrc", b"//r.example/:_authToken=abcdef123456\n")
            add(t, "usr/bin/su", b"\x7fELF", 0o4755)
        done, k = 0, 0
        while done < size:
            if k % 2:
                data = os.urandom(1 << 20)
            else:
                data = text[: (1 << 20) + (k % 7) * 4096]
            add(t, "data/l%d/d%d/f%d" % (i, k % 50, k), data)
            done += len(data)
            k += 1
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def main():
    out, size = sys.argv[1], int(sys.argv[2]) << 20
    tmp = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(out)))
    diff_ids, names = [], []
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as o:
        for i in range(LAYERS):
            p = os.path.join(tmp, "layer.tar")
            d = layer(p, i, size // LAYERS)
            diff_ids.append("sha256:" + d)
            names.append(d + "/layer.tar")
            o.add(p, d + "/layer.tar")
            os.unlink(p)
        cfg = json.dumps({
            "architecture": "amd64", "os": "linux",
            "created": "2024-01-02T03:04:05Z", "config": {"User": "app"},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": [{"created_by": "ADD layer %d" % i}
                        for i in range(LAYERS)]}).encode()
        cid = hashlib.sha256(cfg).hexdigest()
        add(o, cid + ".json", cfg)
        add(o, "manifest.json", json.dumps([{
            "Config": cid + ".json", "RepoTags": ["bench:1"],
            "Layers": names}]).encode())
    os.rmdir(tmp)


if __name__ == "__main__":
    main()
