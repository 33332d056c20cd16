// Validate Kubernetes manifests against the API schemas bundled in npm's
// kubernetes-models (offline), then check hardock's privilege policy.
// Usage: node k8s_validate.js MANIFEST.yaml...   Exit 1 on any problem.
"use strict";
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");

const problems = [];
const need = (ok, msg) => { if (!ok) problems.push(msg); };

// The kubernetes-models class for apiVersion + kind.
function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ?
    apiVersion.split("/") : [null, apiVersion];
  const dir = group ? `${group}/${version}` : version;
  return require(`kubernetes-models/${dir}/${kind}`)[kind];
}

// hardock's own policy for the pod that audits a node.
function checkPolicy(doc, file) {
  const pod = doc.spec.template.spec;
  need(pod.automountServiceAccountToken === false,
    `${file}: the pod must not mount a service account token`);
  need(!pod.hostPID && !pod.hostNetwork && !pod.hostIPC,
    `${file}: no host namespaces`);
  for (const c of pod.containers) {
    const sc = c.securityContext || {};
    need(sc.readOnlyRootFilesystem === true, `${file}: ${c.name}: read-only root`);
    need(sc.allowPrivilegeEscalation === false, `${file}: ${c.name}: no escalation`);
    need(!sc.privileged, `${file}: ${c.name}: not privileged`);
    const caps = sc.capabilities || {};
    need(JSON.stringify(caps.drop) === '["ALL"]', `${file}: ${c.name}: drop ALL`);
    for (const cap of caps.add || [])
      need(["DAC_READ_SEARCH", "SYS_PTRACE"].includes(cap),
        `${file}: ${c.name}: capability ${cap} is more than reading needs`);
    const host = (c.volumeMounts || []).find((m) => m.mountPath === "/host");
    need(host && host.readOnly === true, `${file}: ${c.name}: /host read-only`);
    const cmd = [...(c.command || []), ...(c.args || [])].join(" ");
    need(cmd.includes("--root /host") &&
      cmd.includes("-H unix:///host/run/docker.sock"),
      `${file}: ${c.name}: runs hardock scan --root /host -H unix:///host/run/docker.sock`);
  }
}

let objects = 0;
for (const file of process.argv.slice(2)) {
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter(Boolean);
  for (const doc of docs) {
    objects++;
    let Model;
    try {
      Model = modelFor(doc.apiVersion, doc.kind);
    } catch (e) {
      problems.push(`${file}: no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      problems.push(`${path.basename(file)}: ${doc.kind} ${doc.metadata && doc.metadata.name}: ${e.message}`);
    }
    if (doc.kind === "DaemonSet" || doc.kind === "CronJob")
      checkPolicy(doc.kind === "CronJob" ? { spec: doc.spec.jobTemplate.spec } : doc, file);
  }
}
if (problems.length) {
  for (const p of problems) console.error(`k8s: ${p}`);
  process.exit(1);
}
console.log(`k8s: ${objects} objects valid`);
