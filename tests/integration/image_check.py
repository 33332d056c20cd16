#!/usr/bin/env python3
"""Assertions on `hardock image -f json` reports for test_image.sh.

Subcommands (each exits 1 with a message on the first failed assertion):
  app REPORT FACTS BASED   the findings of the test's application image
  clean REPORT FACTS       the findings of the image that adds nothing bad
  same REPORT REPORT       two reports hold the same findings (engine and
                           archive), sources aside
  errors REPORT            every check needing the layers is error, none pass
FACTS is a JSON file the test writes from the engine: the image's
RootFS.Layers (diff ids, oldest first) and its history CreatedBy lines
(oldest first), which the findings' layers must name.
"""
import json
import sys


def fail(msg):
    print("image_check: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def load(path):
    with open(path) as f:
        return json.load(f)


def result(rep, rid):
    for r in rep["results"]:
        if r["id"] == rid:
            return r
    fail("no result %s in the report" % rid)


def finding(rep, rid, status):
    r = result(rep, rid)
    if r["status"] != status:
        fail("%s is %s, want %s: %s" % (rid, r["status"], status,
                                        json.dumps(r)[:600]))
    fs = [f for f in r.get("findings", []) if f["object"]["kind"] == "image"]
    if len(fs) != 1:
        fail("%s: want one image finding, got %d" % (rid, len(fs)))
    if fs[0]["status"] != status:
        fail("%s: the finding is %s, want %s" % (rid, fs[0]["status"], status))
    return fs[0]


def items(f, field):
    return [e["value"] for e in f["evidence"] if e["field"] == field]


def item(f, field, path):
    for v in items(f, field):
        if isinstance(v, dict) and v.get("path") == path:
            return v
    fail("no %r evidence for %s in %s" % (field, path, json.dumps(f)[:800]))


def check_layer(what, layer, facts, index, created_by_part):
    """The layer names its index, its digest (the engine's diff id for a
    docker save of uncompressed layers) and the history line creating it."""
    if not isinstance(layer, dict):
        fail("%s: layer is %r, want an object" % (what, layer))
    if layer.get("index") != index:
        fail("%s: layer index %r, want %d" % (what, layer.get("index"), index))
    want = facts["layers"][index]
    if layer.get("digest") != want:
        fail("%s: layer digest %r, want %s (RootFS.Layers[%d])" %
             (what, layer.get("digest"), want, index))
    cb = layer.get("created_by")
    hist = layer.get("history")
    if created_by_part is None:
        return
    if not isinstance(hist, int) or cb != facts["history"][hist]:
        fail("%s: history %r / created_by %r is not the engine's history "
             "line" % (what, hist, cb))
    if created_by_part not in cb:
        fail("%s: created_by %r does not say %r" % (what, cb, created_by_part))


def inherited(v):
    return bool(v.get("inherited"))


def check_app(rep, facts, based):
    # 4.8: both setuid files, each with its layer; the base's inherited.
    f = finding(rep, "4.8", "fail")
    v = item(f, "setuid file", "/bin/base-suid")
    check_layer("4.8 /bin/base-suid", v["layer"], facts, 0, None)
    if inherited(v) != based:
        fail("4.8 /bin/base-suid: inherited %r, want %r" % (inherited(v), based))
    v = item(f, "setuid file", "/usr/local/bin/app-suid")
    check_layer("4.8 app-suid", v["layer"], facts, 1,
                "chmod 4755 /usr/local/bin/app-suid")
    if v.get("mode") not in ("4755", 0o4755) or inherited(v):
        fail("4.8 app-suid: mode %r inherited %r" % (v.get("mode"), inherited(v)))
    if f.get("inherited"):
        fail("4.8: the finding is inherited, but the image added a setuid file")
    # HD-SECRET-3: the key added then deleted, the npm token, the base's
    # AWS credentials (inherited with a base).
    f = finding(rep, "HD-SECRET-3", "fail")
    v = item(f, "secret file", "/root/.ssh/id_ed25519")
    check_layer("key", v["layer"], facts, 2, "in /root/.ssh/id_ed25519")
    if not isinstance(v.get("deleted_in"), dict):
        fail("key: deleted_in %r, want the layer of the rm" % v.get("deleted_in"))
    check_layer("key deleted_in", v["deleted_in"], facts, 3,
                "rm /root/.ssh/id_ed25519")
    if "private key" not in v.get("kind", "") or inherited(v):
        fail("key: kind %r inherited %r" % (v.get("kind"), inherited(v)))
    v = item(f, "secret file", "/root/.npmrc")
    check_layer("npmrc", v["layer"], facts, 4, "in /root/.npmrc")
    if "npm" not in v.get("kind", "") or inherited(v) or v.get("deleted_in"):
        fail("npmrc: kind %r inherited %r deleted_in %r" %
             (v.get("kind"), inherited(v), v.get("deleted_in")))
    v = item(f, "secret file", "/root/.aws/credentials")
    check_layer("aws", v["layer"], facts, 0, None)
    if inherited(v) != based:
        fail("aws: inherited %r, want %r" % (inherited(v), based))
    for e in f["evidence"]:
        for fd in (e["value"].get("found") or []) if isinstance(e["value"], dict) else []:
            if fd.get("value") != "<redacted>":
                fail("a secret's value is shown: %r" % fd)
    # 4.11: the apt setting, its file and layer.
    f = finding(rep, "4.11", "fail")
    v = item(f, "verification disabled in configuration",
             "/etc/apt/apt.conf.d/99unauth")
    check_layer("apt", v["layer"], facts, 5, "AllowUnauthenticated")
    if "AllowUnauthenticated" not in v.get("why", "") or inherited(v):
        fail("apt: why %r inherited %r" % (v.get("why"), inherited(v)))
    # 4.9: the ADD, from the image's own history.
    # Without a base the check names the history line only; with one, the
    # line's entry and layer too.
    f = finding(rep, "4.9", "fail")
    adds = [v for v in items(f, "history.CreatedBy")
            if "ADD" in (v.get("created_by", "") if isinstance(v, dict) else v)]
    if len(adds) != 1:
        fail("4.9: want one ADD, got %r" % adds)
    if isinstance(adds[0], str):
        if adds[0] != facts["history"][6]:
            fail("4.9: %r is not history entry 6" % adds[0])
    else:
        if adds[0].get("history") != 6 or inherited(adds[0]):
            fail("4.9: want the ADD of history entry 6, own: %r" % adds)
        check_layer("ADD", adds[0]["layer"], facts, 6, "ADD file:")
    # 4.1: USER root, written by the image's own Dockerfile.
    f = finding(rep, "4.1", "fail")
    if "root" not in f["message"] or f.get("inherited"):
        fail("4.1: %r inherited %r" % (f["message"], f.get("inherited")))
    # The base block says which base, when there is one.
    content = [e["value"] for e in f["evidence"] if e["field"] == "base image"]
    if based and (not content or content[0].get("layers") != 1):
        fail("4.1: no base image evidence with 1 layer: %r" % content)


def check_clean(rep, facts):
    # What fails comes from the base only: inherited findings.
    for rid, field, path in (("4.8", "setuid file", "/bin/base-suid"),
                             ("HD-SECRET-3", "secret file",
                              "/root/.aws/credentials")):
        f = finding(rep, rid, "fail")
        v = item(f, field, path)
        check_layer(rid, v["layer"], facts, 0, None)
        if not inherited(v) or not f.get("inherited"):
            fail("%s: want an inherited finding: %s" % (rid, json.dumps(f)[:600]))
    for rid in ("4.1", "4.6", "4.9", "4.11"):
        r = result(rep, rid)
        if r["status"] != "pass":
            fail("%s is %s for the clean image, want pass" % (rid, r["status"]))


# Evidence that legitimately differs between the engine and an archive:
# the engine's Size counts its own storage, an archive's the layers' bytes.
SOURCE_BOUND = {"Size"}


def value(e):
    """An evidence value without what names how the user gave the base
    (--base REF or --base ARCHIVE: the same base)."""
    v = e["value"]
    if e["field"] == "base image" and isinstance(v, dict):
        v = {k: x for k, x in v.items() if k != "how"}
    return json.dumps(v, sort_keys=True)


def normal(rep):
    out = {}
    for r in rep["results"]:
        fs = []
        for f in r.get("findings", []):
            ev = [(e["field"], value(e))
                  for e in f["evidence"] if e["field"] not in SOURCE_BOUND]
            fs.append((f["object"]["id"], f["status"], f["message"],
                       bool(f.get("inherited")), sorted(ev)))
        out[r["id"]] = (r["status"], sorted(fs))
    return out


def check_same(a, b):
    na, nb = normal(a), normal(b)
    for k in sorted(set(na) | set(nb)):
        if na.get(k) != nb.get(k):
            fail("%s differs:\n  %r\n  %r" % (k, na.get(k), nb.get(k)))


def check_errors(rep):
    for rid in ("4.8", "HD-SECRET-3", "4.3"):
        r = result(rep, rid)
        if r["status"] != "error":
            fail("%s is %s on an image whose layers were not read whole, want "
                 "error: %s" % (rid, r["status"], json.dumps(r)[:600]))
        for f in r.get("findings", []):
            if f["status"] == "pass":
                fail("%s passes an image it could not read" % rid)


def main():
    cmd = sys.argv[1]
    if cmd == "app":
        check_app(load(sys.argv[2]), load(sys.argv[3]), sys.argv[4] == "1")
    elif cmd == "clean":
        check_clean(load(sys.argv[2]), load(sys.argv[3]))
    elif cmd == "same":
        check_same(load(sys.argv[2]), load(sys.argv[3]))
    elif cmd == "errors":
        check_errors(load(sys.argv[2]))
    else:
        fail("unknown subcommand " + cmd)


main()
