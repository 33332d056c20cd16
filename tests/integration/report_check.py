#!/usr/bin/env python3
"""Assertions on hardock's JSON report, for the integration tests.

Each subcommand checks one thing and exits 0, or prints why on stderr and
exits 1, so a shell test reads like a list of assertions:

  contract REPORT                     the JSON report contract (schema 1.x)
  status REPORT ID                    print the status of result ID
  message REPORT ID                   print the message of result ID
  finding REPORT ID KIND NAME         print "STATUS<TAB>MESSAGE" of the finding
                                      on object NAME (or id) of kind KIND
  expect REPORT ID KIND NAME STATUS   assert that finding's status
  count REPORT ID KIND                print the number of findings of KIND
  host REPORT KEY                     print host.KEY ("null" when null)
  engine-down REPORT CATALOG URL      the engine-unreachable contract
  same REPORT1 REPORT2                same results (timestamps aside)
  no-pass REPORT CATALOG              no per-object check passes
  evidence REPORT ID KIND NAME FIELD  print the value of evidence FIELD
  schema DOC SCHEMA                   DOC validates against the JSON Schema
                                      file SCHEMA (python3-jsonschema)
  same-facts SNAP1 SNAP2 [OWNTMP]     same collected facts (the collection
                                      time, the engine's clock and, given
                                      the test's directory, other tests'
                                      daemons aside)


  remote LOCAL REMOTE CATALOG         REMOTE (a remote engine's scan) has the
                                      container verdicts of LOCAL (the same
                                      engine through its socket), but those
                                      that read this host's facts, which are
                                      notapplicable with the remote reason;
                                      prints "IDENTICAL GATED HOSTGATED"
  gated REPORT                        print the ids of results whose message
                                      is the remote reason, one a line
  same-verdicts REPORT1 REPORT2       same results but for evidence sources
                                      (-H or a context names the endpoint)
"""
import json
import os
import re
import sys

STATUSES = {"pass", "fail", "manual", "notapplicable", "error", "waived",
            "notselected"}
SEVERITIES = {"critical", "high", "medium", "low", "info"}
KINDS = {"container", "image", "file", "daemon", "host"}  # hardock-json(5)
RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
PER_OBJECT = {"container", "image"}


class Fail(Exception):
    """An assertion that did not hold."""


def need(cond, what):
    """Raise Fail(what) unless cond."""
    if not cond:
        raise Fail(what)


def load(path):
    """The parsed JSON document at path."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise Fail(f"{path}: not a readable JSON document: {e}")


def is_str(v):
    """Whether v is a JSON string."""
    return isinstance(v, str)


def str_or_null(v):
    """Whether v is a JSON string or null."""
    return v is None or isinstance(v, str)


def check_evidence(ev, where):
    """evidence: [{field, value, source}] with string field and source."""
    need(isinstance(ev, list), f"{where}.evidence is not an array")
    for i, e in enumerate(ev):
        w = f"{where}.evidence[{i}]"
        need(isinstance(e, dict), f"{w} is not an object")
        need(set(e) >= {"field", "value", "source"},
             f"{w} lacks field/value/source: {sorted(e)}")
        need(is_str(e["field"]) and e["field"], f"{w}.field is empty")
        need(is_str(e["source"]), f"{w}.source is not a string")


def check_finding(fd, where):
    """findings[]: {object{kind,id,name}, status, evidence}."""
    need(isinstance(fd, dict), f"{where} is not an object")
    need(set(fd) >= {"object", "status", "evidence"},
         f"{where} lacks object/status/evidence: {sorted(fd)}")
    obj = fd["object"]
    need(isinstance(obj, dict) and set(obj) >= {"kind", "id", "name"},
         f"{where}.object lacks kind/id/name")
    need(obj["kind"] in KINDS, f"{where}.object.kind {obj['kind']!r}")
    need(str_or_null(obj["id"]) and str_or_null(obj["name"]),
         f"{where}.object id/name not strings")
    need(fd["status"] in STATUSES, f"{where}.status {fd['status']!r}")
    check_evidence(fd["evidence"], where)


def check_result(r, i):
    """One results[] entry."""
    where = f"results[{i}]"
    need(isinstance(r, dict), f"{where} is not an object")
    keys = {"id", "control", "title", "section", "level", "severity",
            "status", "message", "evidence", "findings", "remediation"}
    need(set(r) >= keys, f"{where} lacks {sorted(keys - set(r))}")
    where = f"result {r['id']}"
    for k in ("id", "control", "title", "section"):
        need(is_str(r[k]) and r[k], f"{where}.{k} is empty")
    need(isinstance(r["level"], int) and r["level"] in (1, 2),
         f"{where}.level {r['level']!r}")
    need(r["severity"] in SEVERITIES, f"{where}.severity {r['severity']!r}")
    need(r["status"] in STATUSES, f"{where}.status {r['status']!r}")
    need(str_or_null(r["message"]), f"{where}.message not a string")
    need(str_or_null(r["remediation"]), f"{where}.remediation not a string")
    check_evidence(r["evidence"], where)
    need(isinstance(r["findings"], list), f"{where}.findings not an array")
    for j, fd in enumerate(r["findings"]):
        check_finding(fd, f"{where}.findings[{j}]")
    if r["status"] in ("pass", "fail", "error"):
        # A decided or failed result says why, itself or through findings.
        need(r["message"] or r["findings"],
             f"{where} is {r['status']} with neither message nor findings")


def cmd_contract(path):
    """The JSON report contract."""
    d = load(path)
    need(isinstance(d, dict), "the report is not an object")
    top = {"schema_version", "tool", "benchmark", "host", "started_at",
           "finished_at", "profile", "summary", "results"}
    need(set(d) >= top, f"top level lacks {sorted(top - set(d))}")
    need(is_str(d["schema_version"]) and
         re.match(r"^\d+\.\d+", d["schema_version"]),
         f"schema_version {d['schema_version']!r}")
    for k in ("tool", "benchmark"):
        need(isinstance(d[k], dict) and is_str(d[k].get("name")) and
             is_str(d[k].get("version")), f"{k} lacks name/version strings")
    need(d["tool"]["name"] == "hardock", "tool.name is not hardock")
    sb = d["tool"].get("sandbox")
    need(isinstance(sb, dict) and isinstance(sb.get("enabled"), bool),
         "tool.sandbox.enabled is not a boolean")
    if sb["enabled"]:
        need(sb.get("evaluation_capabilities") == [] and
             is_str(sb.get("seccomp")) and sb.get("no_new_privs") is True,
             f"tool.sandbox does not say it confined evaluation: {sb}")
    else:
        need(sb.get("reason") == "--no-sandbox", f"tool.sandbox.reason {sb}")
    b = d["benchmark"]
    need(b.get("id") in ("cis-1.6.0", "cis-1.7.0", "cis-1.8.0") and
         b["id"] == "cis-" + b["version"], f"benchmark {b!r}")
    host = d["host"]
    hk = {"hostname", "kernel", "os", "docker_version", "api_version"}
    need(isinstance(host, dict) and set(host) >= hk,
         f"host lacks {sorted(hk - set(host or {}))}")
    for k in hk:
        need(str_or_null(host[k]), f"host.{k} is not a string or null")
    for k in ("started_at", "finished_at"):
        need(is_str(d[k]) and RFC3339_UTC.match(d[k]),
             f"{k} {d[k]!r} is not RFC 3339 UTC")
    need(d["started_at"] <= d["finished_at"], "started_at after finished_at")
    need(is_str(d["profile"]) and d["profile"], "profile is empty")
    s = d["summary"]
    need(isinstance(s, dict) and isinstance(s.get("counts"), dict),
         "summary.counts missing")
    need(set(s["counts"]) == STATUSES,
         f"summary.counts keys {sorted(s['counts'])}")
    need(s.get("score") is None or
         (isinstance(s.get("score"), int) and 0 <= s["score"] <= 100),
         f"summary.score {s.get('score')!r}")
    need(isinstance(d["results"], list) and d["results"], "results empty")
    ids, controls = set(), set()
    for i, r in enumerate(d["results"]):
        check_result(r, i)
        need(r["id"] not in ids, f"result {r['id']} appears twice")
        need(r["control"] not in controls,
             f"control {r['control']} appears twice")
        ids.add(r["id"])
        controls.add(r["control"])
    for st in STATUSES:
        n = sum(1 for r in d["results"] if r["status"] == st)
        need(s["counts"][st] == n,
             f"summary.counts.{st} is {s['counts'][st]}, results have {n}")
    print(f"contract ok: {len(d['results'])} results, score {s['score']}")


def result(d, cid):
    """The result with id (or control key) cid."""
    for r in d["results"]:
        if cid in (r["id"], r.get("control")):
            return r
    raise Fail(f"no result {cid} in the report")


def finding(d, cid, kind, name):
    """The finding of result cid on object kind/name (or id)."""
    r = result(d, cid)
    hits = [f for f in r["findings"] if f["object"]["kind"] == kind and
            name in (f["object"]["name"], f["object"]["id"])]
    need(len(hits) == 1, f"{cid}: {len(hits)} findings on {kind} {name!r}; "
         f"objects: {[f['object']['name'] for f in r['findings']]}")
    return hits[0]


def cmd_expect(path, cid, kind, name, want):
    """Assert the status of one finding."""
    f = finding(load(path), cid, kind, name)
    need(f["status"] == want, f"{cid} on {kind} {name}: status "
         f"{f['status']!r}, expected {want!r} ({f.get('message')})")
    print(f"{cid} {kind} {name}: {want} ({f.get('message')})")


def catalog_scopes(path):
    """{id: scope} from `hardock list -f json`."""
    return {c["id"]: c["scope"] for c in load(path)}


def cmd_engine_down(path, catalog, url):
    """Engine unreachable: every per-container check is error naming the
    URL, none passes, host checks are still there."""
    d, scopes = load(path), catalog_scopes(catalog)
    want = f"cannot connect to the Docker engine at {url}"
    seen_host = seen_obj = 0
    for r in d["results"]:
        scope = scopes.get(r["id"])
        need(scope is not None, f"result {r['id']} is not in the catalog")
        if scope == "container":
            seen_obj += 1
            need(r["status"] == "error", f"{r['id']} is {r['status']}, "
                 "expected error with the engine down")
            need(want in (r["message"] or ""),
                 f"{r['id']} message {r['message']!r} lacks {want!r}")
            need(all(f["status"] != "pass" for f in r["findings"]),
                 f"{r['id']} has a passing finding with the engine down")
        elif scope == "host":
            seen_host += 1
    need(seen_obj > 0, "no container check in the report")
    need(seen_host > 0, "no host check in the report")
    need(d["host"].get("docker_version") is None,
         "host.docker_version set with the engine down")
    print(f"engine down ok: {seen_obj} container checks error, "
          f"{seen_host} host checks present")


def cmd_no_pass(path, catalog):
    """No per-object check, and no per-object finding, says pass."""
    d, scopes = load(path), catalog_scopes(catalog)
    for r in d["results"]:
        if scopes.get(r["id"]) in PER_OBJECT:
            need(r["status"] != "pass", f"{r['id']} passes")
            need(all(f["status"] != "pass" for f in r["findings"]),
                 f"{r['id']} has a passing finding")
    print("no per-object check passes")


def strip_times(d):
    """The report without what legitimately differs between two runs: the
    times, and how each run was confined (a replay reads no host)."""
    d = dict(d)
    d["tool"] = {k: v for k, v in d.get("tool", {}).items() if k != "sandbox"}
    d.pop("finished_at", None)
    d.pop("started_at", None)
    d.pop("collected_at", None)
    return d


def cmd_same(p1, p2):
    """Two reports agree on everything but the timestamps."""
    a, b = strip_times(load(p1)), strip_times(load(p2))
    if a != b:
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                print(f"differs: {k}", file=sys.stderr)
        ra = {r["id"]: r for r in a.get("results", [])}
        rb = {r["id"]: r for r in b.get("results", [])}
        for k in sorted(set(ra) | set(rb)):
            if ra.get(k) != rb.get(k):
                print(f"result {k}:\n  {ra.get(k)}\n  {rb.get(k)}",
                      file=sys.stderr)
        raise Fail(f"{p1} and {p2} differ")
    print(f"identical results ({len(a['results'])})")


VOLATILE_INFO = ("SystemTime", "NFd", "NGoroutines", "NEventsListener")


def snapshot_facts(path):
    """A saved snapshot without what differs between two collections of an
    unchanged host: when it was taken, the engine's clock and counters."""
    d = load(path)
    d.get("meta", {}).pop("collected_at", None)
    info = d.get("facts", {}).get("engine.info", {}).get("value")
    if isinstance(info, dict):
        for k in VOLATILE_INFO:
            info.pop(k, None)
    # The list's "Up 3 seconds" ages between two collections.
    listed = d.get("facts", {}).get("engine.containers", {}).get("value")
    for c in listed if isinstance(listed, list) else []:
        if isinstance(c, dict):
            c.pop("Status", None)
    return d


def common_processes(a, b):
    """Keep in both snapshots only the dockerd processes both saw: on a
    shared machine other daemons (and dockerd's short-lived re-execs) come
    and go between two collections."""
    def procs(d):
        f = d.get("facts", {}).get("daemon.processes", {})
        return f.get("value") if isinstance(f.get("value"), list) else None
    pa, pb = procs(a), procs(b)
    if pa is None or pb is None:
        return
    both = {p.get("pid") for p in pa} & {p.get("pid") for p in pb}
    need(any(p.get("audited") for p in pa if p.get("pid") in both),
         "the audited dockerd is not in both snapshots")
    for d in (a, b):
        d["facts"]["daemon.processes"]["value"] = sorted(
            (p for p in procs(d) if p.get("pid") in both),
            key=lambda p: p.get("pid"))


def flat(v, at=""):
    """Leaf paths of a JSON value, for naming what differs."""
    if isinstance(v, dict):
        for k in v:
            yield from flat(v[k], f"{at}.{k}")
    elif isinstance(v, list):
        # The engine lists networks (and more) in no stable order.
        if v and all(isinstance(x, dict) and "Id" in x for x in v):
            v = sorted(v, key=lambda x: str(x["Id"]))
        for i, x in enumerate(v):
            yield from flat(x, f"{at}[{i}]")
    else:
        yield at, v


OTHER_TEST = re.compile(r"/tmp/hdit\.[A-Za-z0-9]+")


def other_tests(d, own):
    """Drop what depends on the other dockerds of a shared machine: how
    many run (daemon.presence) and facts about another test's private
    daemon (its files under another /tmp/hdit.* directory)."""
    facts = d.get("facts", {})
    pres = facts.get("daemon.presence", {}).get("value")
    if isinstance(pres, dict):
        pres.pop("processes", None)
        pres.pop("evidence", None)
    for k in [k for k in facts if any(m != own for m in OTHER_TEST.findall(k))]:
        del facts[k]


def cmd_same_facts(p1, p2, own=None):
    """Two snapshots hold the same facts (own: this test's /tmp/hdit.*
    directory; facts about other tests' daemons are left out)."""
    a, b = snapshot_facts(p1), snapshot_facts(p2)
    if own is not None:
        other_tests(a, own)
        other_tests(b, own)
    common_processes(a, b)
    a, b = dict(flat(a)), dict(flat(b))
    diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    for k in diff[:20]:
        print(f"{k}: {a.get(k)!r} / {b.get(k)!r}", file=sys.stderr)
    need(not diff, f"{p1} and {p2} differ in {len(diff)} facts")
    print(f"identical facts ({len(a)} values)")


def without_sources(v):
    """v with every evidence entry's source dropped."""
    if isinstance(v, dict):
        return {k: without_sources(x) for k, x in v.items()
                if not (k == "source" and "field" in v)}
    if isinstance(v, list):
        return [without_sources(x) for x in v]
    return v


def cmd_same_verdicts(p1, p2):
    """Two reports agree on every result but where evidence came from."""
    a, b = load(p1)["results"], load(p2)["results"]
    ra = {r["id"]: without_sources(r) for r in a}
    rb = {r["id"]: without_sources(r) for r in b}
    diff = [k for k in sorted(set(ra) | set(rb)) if ra.get(k) != rb.get(k)]
    need(not diff, f"results differ: {diff[:10]}")
    print(f"same verdicts ({len(ra)} results)")


def cmd_evidence(path, cid, kind, name, field):
    """Print the JSON value of evidence field on one finding."""
    f = finding(load(path), cid, kind, name)
    for e in f["evidence"]:
        if e["field"] == field:
            print(json.dumps(e["value"]))
            return
    raise Fail(f"{cid} on {kind} {name}: no evidence {field}")


def cmd_schema(path, schema_path):
    """DOC validates against the Draft 7 JSON Schema at schema_path."""
    import jsonschema  # python3-jsonschema, only this subcommand needs it
    schema = load(schema_path)
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(load(path)),
                    key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        print(f"{path}: at /{'/'.join(map(str, e.absolute_path))}: "
              f"{e.message[:300]}", file=sys.stderr)
    need(not errors, f"{len(errors)} schema violation(s) of {schema_path}")
    print(f"schema ok: {path} against {schema_path}")
REMOTE_REASON = ("remote engine: host files are not reachable; run hardock "
                 "on the host or through the Ansible role")


def container_findings(d):
    """{(check id, container name): finding}."""
    out = {}
    for r in d["results"]:
        for f in r["findings"]:
            if f["object"]["kind"] == "container":
                out[(r["id"], f["object"]["name"])] = f
    return out


def cmd_remote(local, remote, catalog):
    """The remote-engine contract against the same engine scanned locally."""
    a, b, scopes = load(local), load(remote), catalog_scopes(catalog)
    fa, fb = container_findings(a), container_findings(b)
    need(set(fa) == set(fb), "container findings differ in which exist: "
         f"{sorted(set(fa) ^ set(fb))[:10]}")
    same = gated = 0
    for k in sorted(fa):
        x, y = fa[k], fb[k]
        if y["status"] == "notapplicable" and y.get("message") == REMOTE_REASON:
            need(any(e["field"] == "local" and e["value"] is False
                     for e in y["evidence"]),
                 f"{k}: gated without the engine.locality evidence")
            gated += 1
            continue
        need((x["status"], x.get("message")) == (y["status"], y.get("message")),
             f"{k}: {x['status']} ({x.get('message')}) through the socket, "
             f"{y['status']} ({y.get('message')}) remotely")
        same += 1
    host_gated = 0
    for r in b["results"]:
        if r.get("message") == REMOTE_REASON:
            need(r["status"] == "notapplicable",
                 f"{r['id']}: remote reason but status {r['status']}")
            need(r["findings"] == [] or scopes.get(r["id"]) != "host",
                 f"{r['id']}: host findings kept")
            if scopes.get(r["id"]) == "host":
                host_gated += 1
    need(b["host"].get("engine_location") == "remote",
         f"host.engine_location {b['host'].get('engine_location')!r}")
    print(f"{same} {gated} {host_gated}")


def main(argv):
    """Dispatch the subcommand."""
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    try:
        if cmd == "contract":
            cmd_contract(*args)
        elif cmd == "status":
            print(result(load(args[0]), args[1])["status"])
        elif cmd == "message":
            print(result(load(args[0]), args[1])["message"] or "")
        elif cmd == "finding":
            f = finding(load(args[0]), *args[1:4])
            print(f"{f['status']}\t{f.get('message') or ''}")
        elif cmd == "expect":
            cmd_expect(*args)
        elif cmd == "count":
            r = result(load(args[0]), args[1])
            print(sum(1 for f in r["findings"]
                      if f["object"]["kind"] == args[2]))
        elif cmd == "host":
            v = load(args[0])["host"].get(args[1])
            print("null" if v is None else v)
        elif cmd == "engine-down":
            cmd_engine_down(*args)
        elif cmd == "no-pass":
            cmd_no_pass(*args)
        elif cmd == "same":
            cmd_same(*args)
        elif cmd == "evidence":
            cmd_evidence(*args)
        elif cmd == "schema":
            cmd_schema(*args)
        elif cmd == "same-facts":
            cmd_same_facts(*args)
        elif cmd == "same-verdicts":
            cmd_same_verdicts(*args)
        elif cmd == "remote":
            cmd_remote(*args)
        elif cmd == "gated":
            for r in load(args[0])["results"]:
                if r.get("message") == REMOTE_REASON:
                    print(r["id"])
        else:
            print(f"unknown subcommand {cmd}", file=sys.stderr)
            return 2
    except Fail as e:
        print(f"report_check {cmd}: {e}", file=sys.stderr)
        return 1
    except TypeError as e:
        print(f"report_check {cmd}: bad arguments: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        rc = main(sys.argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader had what it wanted (`... | grep -q`): not a failure,
        # which the callers' pipefail would otherwise make it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        rc = 0
    sys.exit(rc)
