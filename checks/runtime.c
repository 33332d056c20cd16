/*
 * CIS section 5, confinement of containers: swarm mode, LSM profiles,
 * capabilities, privileged mode, sshd, seccomp, exec and no-new-privileges.
 * One finding per container; namespaces, limits and mounts live in
 * runtime_ns.c, runtime_limits.c and runtime_mounts.c.
 */
#include <stdlib.h>
#include <string.h>

#include "container_util.h"

/* 5.1: a swarm manager opens management ports and keeps secrets in its
 * raft store; unless the host is meant to be a node, it should be off. */
static enum hd_status
swarm_mode(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *info = hd_require(f, ctx, HD_F_ENGINE_INFO);
	const char *state = NULL, *needed = hd_param(ctx, "swarm_needed");

	if (info == NULL)
		return HD_ERROR;
	if (hd_get_str(f, info, "Swarm.LocalNodeState", "", &state) < 0)
		return HD_ERROR;
	hd_ev_str(f, "Swarm.LocalNodeState", state, "GET /info");
	if (state[0] == '\0') {
		hd_msg(f, "GET /info reports no Swarm.LocalNodeState");
		return HD_ERROR;
	}
	if (strcmp(state, "inactive") == 0) {
		hd_msg(f, "swarm mode is inactive");
		return HD_PASS;
	}
	hd_ev_str(f, "swarm_needed", needed, "parameter");
	if (needed != NULL && strcmp(needed, "true") == 0) {
		hd_msg(f, "swarm mode is %s and declared needed (swarm_needed=true)",
		    state);
		return HD_PASS;
	}
	hd_msg(f, "swarm mode is %s on a host not declared a swarm node", state);
	return HD_FAIL;
}

/* Whether an AppArmor profile name or process label confines. */
static bool
apparmor_confined(const char *label)
{
	return label[0] != '\0' && strcmp(label, "unconfined") != 0 &&
	    strstr(label, "(complain)") == NULL &&
	    strstr(label, "(unconfined)") == NULL;
}

/* Whether an SELinux context ("user:role:type:level") confines: a type
 * other than spc_t or unconfined_t. */
static bool
selinux_confined(const char *label)
{
	const char *t = label;

	for (int i = 0; i < 2 && t != NULL; i++)
		if ((t = strchr(t, ':')) != NULL)
			t++;
	if (t == NULL || *t == '\0' || *t == ':')
		return false;
	return strncmp(t, "spc_t", 5) != 0 && strncmp(t, "unconfined_t", 12) != 0;
}

/* The LSM state of the host from fact key: HD_PASS when enabled, else the
 * status to return (notapplicable without it, error when unknown). */
static enum hd_status
lsm_enabled(const struct hd_ctx *ctx, struct hd_finding *f, const char *key,
    const char *lsm)
{
	struct hd_fact lf;
	bool enabled = false;

	hd_fact(&lf, ctx, key);
	if (lf.state == HD_FACT_ABSENT) {
		hd_msg(f, "the host has no %s (%s)", lsm, lf.reason);
		return HD_NOTAPPLICABLE;
	}
	if (lf.state == HD_FACT_ERROR) {
		hd_msg(f, "%s: %s", key, lf.reason);
		hd_ev_str(f, key, NULL, lf.source);
		return HD_ERROR;
	}
	if (hd_get_bool(f, lf.value, "enabled", false, &enabled) < 0)
		return HD_ERROR;
	if (!enabled) {
		hd_ev_bool(f, "enabled", false, lf.source);
		hd_msg(f, "%s is not enabled on the host", lsm);
		return HD_NOTAPPLICABLE;
	}
	return HD_PASS;
}

/* For a running container, test the live label of its process: fail when
 * confined() rejects it, error when the process could not be read (its
 * configuration alone does not show what runs); pass when it confines or
 * the container is stopped (the configuration then decides). */
static enum hd_status
live_label(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f, bool (*confined)(const char *))
{
	struct hd_fact live;
	const char *label = NULL;
	int r = hd_ctr_live_known(&live, ctx, c, f);

	if (r < 0)
		return HD_ERROR;
	if (r == 0)
		return HD_PASS;
	if (hd_get_str(f, live.value, "label", "", &label) < 0)
		return HD_ERROR;
	hd_ev_str(f, "label", label, live.source);
	if (!confined(label)) {
		hd_msg(f, "the running process is not confined (label %s)",
		    label[0] ? label : "empty");
		return HD_FAIL;
	}
	return HD_PASS;
}

/* 5.2: an AppArmor profile limits what root in the container may touch. */
static enum hd_status
apparmor_profile(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *prof = NULL;
	enum hd_status st;

	if (!hd_ctr_ok(c, f))
		return HD_ERROR;
	if ((st = lsm_enabled(ctx, f, HD_F_APPARMOR, "AppArmor")) != HD_PASS)
		return st;
	if (hd_get_str(f, c->inspect.value, "AppArmorProfile", "", &prof) < 0)
		return HD_ERROR;
	hd_ev_str(f, "AppArmorProfile", prof, SRC_INSPECT);
	if (!apparmor_confined(prof)) {
		hd_msg(f, "no AppArmor profile (AppArmorProfile=%s)",
		    prof[0] ? prof : "empty");
		return HD_FAIL;
	}
	if ((st = live_label(ctx, c, f, apparmor_confined)) != HD_PASS)
		return st;
	hd_msg(f, "AppArmor profile %s", prof);
	return HD_PASS;
}

/* 5.3: SELinux labels keep container processes in the container_t
 * domain, away from host files and other containers' files. */
static enum hd_status
selinux_options(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *opts;
	const char *label = NULL, *v;
	enum hd_status st;

	if (!hd_ctr_ok(c, f))
		return HD_ERROR;
	if ((st = lsm_enabled(ctx, f, HD_F_SELINUX, "SELinux")) != HD_PASS)
		return st;
	if (hd_ctr_secopts(c, f, &opts) < 0 ||
	    hd_get_str(f, c->inspect.value, "ProcessLabel", "", &label) < 0)
		return HD_ERROR;
	for (size_t i = 0; opts && i < json_object_array_length(opts); i++) {
		const char *o = json_object_get_string(json_object_array_get_idx(opts, i));

		if (!hd_secopt_match(o, "label", &v))
			continue;
		hd_ev_str(f, "HostConfig.SecurityOpt", o, SRC_INSPECT);
		if (strcmp(v, "disable") == 0 || strcmp(v, "type:spc_t") == 0 ||
		    strcmp(v, "type:unconfined_t") == 0) {
			hd_msg(f, "SELinux separation turned off (%s)", o);
			return HD_FAIL;
		}
	}
	hd_ev_str(f, "ProcessLabel", label, SRC_INSPECT);
	if (!selinux_confined(label)) {
		hd_msg(f, "no confining SELinux label (ProcessLabel=%s); is the "
		    "daemon running with --selinux-enabled?", label[0] ? label : "empty");
		return HD_FAIL;
	}
	if ((st = live_label(ctx, c, f, selinux_confined)) != HD_PASS)
		return st;
	hd_msg(f, "SELinux label %s", label);
	return HD_PASS;
}

/* 5.4: every capability added beyond Docker's default set widens what
 * root in the container can do to the kernel. */
static enum hd_status
capabilities(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *add = NULL, *drop = NULL, *extra;
	bool priv;
	char name[64];

	(void)ctx;
	if (!hd_ctr_ok(c, f) ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.Privileged", false, &priv) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.CapAdd", &add) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.CapDrop", &drop) < 0)
		return HD_ERROR;
	hd_ev(f, "HostConfig.CapAdd", add ? json_object_get(add) : NULL, SRC_INSPECT);
	hd_ev(f, "HostConfig.CapDrop", drop ? json_object_get(drop) : NULL, SRC_INSPECT);
	if (priv) {
		hd_ev_bool(f, "HostConfig.Privileged", true, SRC_INSPECT);
		hd_msg(f, "privileged: every capability");
		return HD_FAIL;
	}
	extra = json_object_new_array();
	for (size_t i = 0; add && i < json_object_array_length(add); i++) {
		json_object *it = json_object_array_get_idx(add, i);
		int cap;

		if (!json_object_is_type(it, json_type_string)) {
			hd_msg(f, "HostConfig.CapAdd[%zu]: expected string", i);
			json_object_put(extra);
			return HD_ERROR;
		}
		if ((cap = hd_cap_parse(json_object_get_string(it))) < 0) {
			hd_msg(f, "HostConfig.CapAdd[%zu]: unknown capability %s", i,
			    json_object_get_string(it));
			json_object_put(extra);
			return HD_ERROR;
		}
		if (!hd_cap_docker_default(cap))
			json_object_array_add(extra, json_object_new_string(
			    hd_cap_name(cap, name, sizeof(name))));
	}
	if (json_object_array_length(extra) == 0) {
		json_object_put(extra);
		hd_msg(f, "no capability beyond Docker's default set");
		return HD_PASS;
	}
	hd_msg(f, "capabilities added beyond Docker's default set: %s",
	    json_object_to_json_string_ext(extra, JSON_C_TO_STRING_PLAIN));
	hd_ev(f, "added_beyond_default", extra, SRC_INSPECT);
	return HD_FAIL;
}

/* 5.5: privileged containers get every capability and every device. */
static enum hd_status
privileged(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	bool priv;

	(void)ctx;
	if (!hd_ctr_ok(c, f) ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.Privileged", false,
	    &priv) < 0)
		return HD_ERROR;
	hd_ev_bool(f, "HostConfig.Privileged", priv, SRC_INSPECT);
	hd_msg(f, priv ? "privileged" : "not privileged");
	return priv ? HD_FAIL : HD_PASS;
}

/* Whether a process is an sshd: exe basename or comm. */
static bool
is_sshd(const char *comm, const char *exe)
{
	const char *base = strrchr(exe, '/');

	base = base ? base + 1 : exe;
	return strcmp(comm, "sshd") == 0 || strcmp(base, "sshd") == 0 ||
	    strncmp(base, "sshd ", 5) == 0;
}

/* 5.7: an sshd in a container is one more daemon to patch and one more
 * way in that bypasses the engine's access control. The container's
 * processes are found on the host by cgroup, so a --pid host container
 * does not see the host's own sshd as its own. */
static enum hd_status
sshd_running(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_fact live;
	json_object *procs = NULL, *found;
	int r;

	if (!hd_ctr_ok(c, f) || (r = hd_ctr_live(&live, ctx, c, f)) < 0)
		return HD_ERROR;
	if (r == 0) {
		hd_msg(f, "not running: no processes to inspect");
		return HD_NOTAPPLICABLE;
	}
	if (live.state != HD_FACT_VALUE) {
		hd_msg(f, "processes of the container unknown: %s", live.reason);
		hd_ev_str(f, "processes", NULL, live.source);
		return HD_ERROR;
	}
	if (hd_get_array(f, live.value, "processes", &procs) < 0)
		return HD_ERROR;
	if (procs == NULL || json_object_array_length(procs) == 0) {
		hd_msg(f, "no process of the running container was found by cgroup");
		return HD_ERROR;
	}
	found = json_object_new_array();
	for (size_t i = 0; i < json_object_array_length(procs); i++) {
		json_object *p = json_object_array_get_idx(procs, i);
		const char *comm = NULL, *exe = NULL;

		if (!json_object_is_type(p, json_type_object) ||
		    hd_get_str(f, p, "comm", "", &comm) < 0 ||
		    hd_get_str(f, p, "exe", "", &exe) < 0) {
			hd_msg(f, "processes[%zu]: malformed", i);
			json_object_put(found);
			return HD_ERROR;
		}
		if (is_sshd(comm, exe))
			json_object_array_add(found, json_object_get(p));
	}
	hd_ev_int(f, "processes", (int64_t)json_object_array_length(procs),
	    live.source);
	if (json_object_array_length(found) > 0) {
		hd_msg(f, "sshd runs in the container (%zu process%s)",
		    json_object_array_length(found),
		    json_object_array_length(found) == 1 ? "" : "es");
		hd_ev(f, "sshd", found, live.source);
		return HD_FAIL;
	}
	json_object_put(found);
	hd_msg(f, "no sshd among %zu processes", json_object_array_length(procs));
	return HD_PASS;
}

/* 5.22: seccomp filters the kernel's attack surface; unconfined removes
 * it. Privileged containers always run without seccomp. */
static enum hd_status
seccomp_enabled(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *opts;
	struct hd_setting prof;
	bool priv;
	const char *v;

	if (!hd_ctr_ok(c, f) || hd_ctr_secopts(c, f, &opts) < 0 ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.Privileged", false, &priv) < 0)
		return HD_ERROR;
	if (priv) {
		hd_ev_bool(f, "HostConfig.Privileged", true, SRC_INSPECT);
		hd_msg(f, "privileged containers run without seccomp");
		return HD_FAIL;
	}
	for (size_t i = 0; opts && i < json_object_array_length(opts); i++) {
		const char *o = json_object_get_string(json_object_array_get_idx(opts, i));

		if (!hd_secopt_match(o, "seccomp", &v))
			continue;
		if (strcmp(v, "unconfined") == 0) {
			hd_ev_str(f, "HostConfig.SecurityOpt", o, SRC_INSPECT);
			hd_msg(f, "seccomp disabled (%s)", o);
			return HD_FAIL;
		}
		hd_ev_str(f, "HostConfig.SecurityOpt", v[0] == '{' ?
		    "seccomp=<inline profile>" : o, SRC_INSPECT);
		hd_msg(f, "own seccomp profile (analysed by container.seccomp_custom_profile)");
		return HD_PASS;
	}
	if (!hd_setting_get(&prof, ctx, f, "seccomp-profile"))
		return HD_ERROR;
	if (prof.value != NULL && !json_object_is_type(prof.value, json_type_string)) {
		hd_msg(f, "daemon.config seccomp-profile: expected string");
		return HD_ERROR;
	}
	hd_ev(f, "seccomp-profile", prof.value ? json_object_get(prof.value) : NULL,
	    prof.source);
	if (prof.value != NULL &&
	    strcmp(json_object_get_string(prof.value), "unconfined") == 0) {
		hd_msg(f, "the daemon disables seccomp for every container "
		    "(seccomp-profile=unconfined)");
		return HD_FAIL;
	}
	hd_msg(f, "the daemon's %s seccomp profile applies",
	    prof.value ? "configured" : "default");
	return HD_PASS;
}

/* 5.23 and 5.24: the engine keeps only the ids of exec sessions, not how
 * they were started, so a person reviews the audit trail. */
static enum hd_status
exec_review(const struct hd_object *c, struct hd_finding *f, const char *opt)
{
	json_object *ids = NULL;

	if (!hd_ctr_ok(c, f) ||
	    hd_get_array(f, c->inspect.value, "ExecIDs", &ids) < 0)
		return HD_ERROR;
	hd_ev(f, "ExecIDs", ids ? json_object_get(ids) : json_object_new_array(),
	    SRC_INSPECT);
	hd_msg(f, "%zu exec session(s) known to the engine; whether any used %s "
	    "is only in the daemon's audit trail (GET /exec/{id}/json is not "
	    "collected and finished sessions are forgotten)",
	    ids ? json_object_array_length(ids) : 0, opt);
	return HD_MANUAL;
}

static enum hd_status
exec_privileged(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	(void)ctx;
	return exec_review(c, f, "--privileged");
}

static enum hd_status
exec_root(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	(void)ctx;
	return exec_review(c, f, "--user=root");
}

/* 5.26 per container: SecurityOpt no-new-privileges overrides the
 * daemon's default. 1 set, 0 not set, -1 malformed, 2 no option given. */
static int
nnp_option(const struct hd_object *c, struct hd_finding *f)
{
	json_object *opts;
	const char *v;

	if (hd_ctr_secopts(c, f, &opts) < 0)
		return -1;
	for (size_t i = 0; opts && i < json_object_array_length(opts); i++) {
		const char *o = json_object_get_string(json_object_array_get_idx(opts, i));

		if (!hd_secopt_match(o, "no-new-privileges", &v))
			continue;
		hd_ev_str(f, "HostConfig.SecurityOpt", o, SRC_INSPECT);
		if (v[0] == '\0' || strcmp(v, "true") == 0)
			return 1;
		if (strcmp(v, "false") == 0)
			return 0;
		hd_msg(f, "unrecognised security option %s", o);
		return -1;
	}
	return 2;
}

/* 5.26: without no_new_privs, setuid binaries and file capabilities in the
 * image can raise a process's privileges. */
static enum hd_status
no_new_privileges(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_setting def;
	struct hd_fact live;
	bool live_nnp = true;
	int set, r;

	if (!hd_ctr_ok(c, f) || (set = nnp_option(c, f)) < 0)
		return HD_ERROR;
	if (set == 2) {
		if (!hd_setting_get(&def, ctx, f, "no-new-privileges"))
			return HD_ERROR;
		if (def.value != NULL &&
		    !json_object_is_type(def.value, json_type_boolean)) {
			hd_msg(f, "daemon.config no-new-privileges: expected boolean");
			return HD_ERROR;
		}
		hd_ev(f, "no-new-privileges", def.value ?
		    json_object_get(def.value) : json_object_new_boolean(0),
		    def.source);
		set = def.value != NULL && json_object_get_boolean(def.value);
	}
	if (!set) {
		hd_msg(f, "no-new-privileges is not set for this container");
		return HD_FAIL;
	}
	/* Set as configured; a running process must show it. */
	if ((r = hd_ctr_live_known(&live, ctx, c, f)) < 0)
		return HD_ERROR;
	if (r == 1) {
		if (hd_get_bool(f, live.value, "no_new_privs", true, &live_nnp) < 0)
			return HD_ERROR;
		hd_ev_bool(f, "no_new_privs", live_nnp, live.source);
	}
	if (!live_nnp) {
		hd_msg(f, "configured, but the running process has no_new_privs=0");
		return HD_FAIL;
	}
	hd_msg(f, "no-new-privileges is set");
	return HD_PASS;
}

static const struct hd_param_def swarm_params[] = {
	{ "swarm_needed", HD_PARAM_BOOL, "false",
	  "this host is meant to be a swarm node (swarm.enabled then passes)" },
	{ NULL, 0, NULL, NULL },
};

const struct hd_check hd_checks_runtime[] = {
	{ .key = "swarm.enabled",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "A swarm node listens on the cluster management ports (2377, "
	      "7946, 4789) and a manager keeps the cluster's secrets; on a host that "
	      "is not meant to be a node this is attack surface for nothing.",
	  .audit_text = "Reads Swarm.LocalNodeState from GET /info: \"inactive\" passes; "
	      "any other state fails unless the parameter swarm_needed=true declares "
	      "the host a swarm node.",
	  .remediation = "On a host that must not be a node: docker swarm leave (add "
	      "--force on a manager). Where swarm is wanted, set --param "
	      "swarm_needed=true in the profile.",
	  .references = "https://docs.docker.com/engine/swarm/",
	  .params = swarm_params, .host = swarm_mode },
	{ .key = "container.apparmor",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "AppArmor's docker-default profile denies writes to /proc and "
	      "/sys internals and mounts; an unconfined container loses that layer.",
	  .audit_text = "On a host with AppArmor enabled (lsm.apparmor), reads each "
	      "container's AppArmorProfile from its inspect document: empty or "
	      "\"unconfined\" fails. For a running container the live label of its "
	      "process (/proc/PID/attr/current) must also be a profile in enforce "
	      "mode; a running container whose process could not be read is an "
	      "error. Without AppArmor the check is notapplicable.",
	  .remediation = "Recreate the container without --security-opt "
	      "apparmor=unconfined (and without --privileged); use a custom profile "
	      "with --security-opt apparmor=PROFILE loaded by apparmor_parser.",
	  .references = "https://docs.docker.com/engine/security/apparmor/",
	  .object = apparmor_profile },
	{ .key = "container.selinux",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "SELinux labels keep a container's processes in the container_t "
	      "domain with their own MCS categories, so an escape into the host "
	      "filesystem or another container's files is still denied.",
	  .audit_text = "On a host with SELinux enabled (lsm.selinux), fails a "
	      "container with --security-opt label=disable, label=type:spc_t or "
	      "unconfined_t, or with no confining ProcessLabel (the daemon lacks "
	      "--selinux-enabled); for a running container the live process label "
	      "must confine too (unreadable: error). Without SELinux the check is "
	      "notapplicable.",
	  .remediation = "Set \"selinux-enabled\": true in /etc/docker/daemon.json and "
	      "restart dockerd; recreate containers without label=disable or "
	      "type:spc_t (use label=level:s0:cN,cM for explicit categories).",
	  .references = "https://docs.docker.com/engine/reference/commandline/dockerd/",
	  .object = selinux_options },
	{ .key = "container.capabilities",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Capabilities beyond Docker's default set (e.g. SYS_ADMIN, "
	      "SYS_MODULE, NET_ADMIN) hand kernel powers to root in the container that "
	      "lead to host escapes.",
	  .audit_text = "Normalises every HostConfig.CapAdd entry (CAP_ prefix and case "
	      "ignored) with libcap and compares it with Docker's default set (CHOWN, "
	      "DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, "
	      "SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE); any other, "
	      "\"ALL\", or --privileged fails. container.live_capabilities checks the live effective set.",
	  .remediation = "Recreate the container without the extra --cap-add; prefer "
	      "--cap-drop ALL with --cap-add of only what the workload needs.",
	  .references = "https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities",
	  .object = capabilities },
	{ .key = "container.privileged",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_CRITICAL,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "--privileged gives the container every capability, every host "
	      "device and no seccomp or LSM confinement: root in it is root on the host.",
	  .audit_text = "Reads HostConfig.Privileged of every container, running, "
	      "stopped and created (a created one is one `docker start` away).",
	  .remediation = "Recreate the container without --privileged; grant only the "
	      "capabilities (--cap-add) and devices (--device) it needs.",
	  .references = "https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities",
	  .object = privileged },
	{ .key = "container.sshd",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "An SSH daemon in a container is another service to patch and "
	      "key to manage, and a way in that bypasses the engine's access control "
	      "and audit.",
	  .audit_text = "For each running container, looks at every host process whose "
	      "cgroup names the container's id (process.container:ID \"processes\") "
	      "for an executable or command named sshd. Processes are found by "
	      "cgroup, not by PID namespace, so a --pid host container is not blamed "
	      "for the host's own sshd; hardock never runs docker exec. Stopped "
	      "containers are notapplicable.",
	  .remediation = "Remove sshd from the image and its entrypoint; use docker exec "
	      "(audited by the daemon) for interactive access.",
	  .references = "https://docs.docker.com/engine/reference/commandline/exec/",
	  .object = sshd_running },
	{ .key = "container.seccomp_unconfined",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Docker's seccomp profile blocks about 50 system calls (kexec, "
	      "module loading, keyring, mount without SYS_ADMIN...) that kernel "
	      "exploits use; unconfined gives all of them back.",
	  .audit_text = "Fails a container whose HostConfig.SecurityOpt holds "
	      "seccomp=unconfined (or seccomp:unconfined), a privileged container, or "
	      "any container without its own profile when the daemon's seccomp-profile "
	      "is \"unconfined\". container.live_seccomp checks the live seccomp mode; "
	      "container.seccomp_custom_profile and daemon.seccomp_default_strength "
	      "analyse custom profiles.",
	  .remediation = "Recreate the container without --security-opt "
	      "seccomp=unconfined; remove \"seccomp-profile\": \"unconfined\" from "
	      "/etc/docker/daemon.json (or --seccomp-profile) and restart dockerd.",
	  .references = "https://docs.docker.com/engine/security/seccomp/",
	  .object = seccomp_enabled },
	{ .key = "container.exec_privileged",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "docker exec --privileged runs a process with every capability "
	      "inside a container that was started confined.",
	  .audit_text = "The engine keeps only the ids of current exec sessions "
	      "(ExecIDs, shown as evidence) and forgets finished ones, so no fact "
	      "shows how past sessions were started: review the audit records of "
	      "docker exec (auditd rules on the docker binary, daemon debug logs).",
	  .remediation = "Do not use docker exec --privileged; restrict who may call "
	      "the exec API with an authorization plugin.",
	  .references = "https://docs.docker.com/engine/reference/commandline/exec/",
	  .object = exec_privileged },
	{ .key = "container.exec_root",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "docker exec --user=root gives root inside a container built to "
	      "run as an unprivileged user.",
	  .audit_text = "As for container.exec_privileged: the container's ExecIDs are the evidence; how "
	      "each session was started is only in the daemon's audit trail.",
	  .remediation = "Do not use docker exec --user=root (or -u 0); restrict the "
	      "exec API with an authorization plugin.",
	  .references = "https://docs.docker.com/engine/reference/commandline/exec/",
	  .object = exec_root },
	{ .key = "container.no_new_privileges",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Without no_new_privs a process in the container can gain "
	      "privileges through setuid-root binaries or file capabilities in the image.",
	  .audit_text = "Reads no-new-privileges from HostConfig.SecurityOpt "
	      "(no-new-privileges, :true, =true; :false overrides the daemon), else the "
	      "daemon's \"no-new-privileges\" setting; for a running container the live "
	      "NoNewPrivs of its process (/proc/PID/status) must agree, and a process "
	      "that could not be read is an error.",
	  .remediation = "Set \"no-new-privileges\": true in /etc/docker/daemon.json and "
	      "restart dockerd, or run containers with --security-opt "
	      "no-new-privileges:true.",
	  .references = "https://docs.docker.com/engine/reference/commandline/dockerd/",
	  .object = no_new_privileges },
	{ .key = NULL },
};
