/*
 * hardock's own container checks, beyond CIS: what the running processes
 * really hold (effective capabilities, seccomp mode), what custom seccomp
 * profiles allow, the most dangerous devices, and writable mounts of the
 * engine's state or of the host's root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include <seccomp.h>

#include "collect/collectors.h"
#include "container_util.h"
#include "seccomp_profile.h"

/* Capabilities that open a way out of a container or into the kernel. */
static const struct {
	cap_value_t cap;
	const char *why;
} dangerous_caps[] = {
	{ CAP_SYS_ADMIN, "mount, namespaces and most kernel administration" },
	{ CAP_SYS_MODULE, "loads kernel modules" },
	{ CAP_SYS_PTRACE, "traces and injects into processes" },
	{ CAP_SYS_RAWIO, "raw I/O ports and /dev/mem" },
	{ CAP_SYS_BOOT, "reboots the host, kexec" },
	{ CAP_DAC_READ_SEARCH, "open_by_handle_at reads any host file" },
	{ CAP_NET_ADMIN, "reconfigures interfaces, routes and firewall" },
	{ CAP_BPF, "loads BPF programs" },
	{ CAP_PERFMON, "perf events and kernel addresses" },
	{ CAP_SYS_TIME, "sets the host's clock" },
	{ CAP_SYSLOG, "kernel log and kernel addresses" },
	{ CAP_MAC_ADMIN, "changes the LSM policy" },
	{ CAP_MAC_OVERRIDE, "bypasses the LSM policy" },
	{ CAP_AUDIT_CONTROL, "changes the audit rules" },
};

/* Host devices that are the host's memory, I/O ports or raw disks. */
static const char *const device_exact[] = { "/dev/mem", "/dev/kmem", "/dev/port" };
static const char *const device_prefix[] = {
	"/dev/sd", "/dev/hd", "/dev/vd", "/dev/xvd", "/dev/nvme", "/dev/mmcblk",
	"/dev/dm-", "/dev/md", "/dev/loop", "/dev/mapper/", "/dev/disk/",
	"/dev/cpu/",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The live process fact of a running container into *proc: HD_PASS when
 * known, otherwise the status to return (notapplicable when stopped). */
static enum hd_status
live_process(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f, struct hd_fact *proc)
{
	int r;

	if (!hd_ctr_ok(c, f) || (r = hd_ctr_live_known(proc, ctx, c, f)) < 0)
		return HD_ERROR;
	if (r == 0) {
		hd_msg(f, "not running: no live process to inspect");
		return HD_NOTAPPLICABLE;
	}
	return HD_PASS;
}

/* Whether the container has any device passed in (so MKNOD matters). */
static int
has_devices(const struct hd_object *c, struct hd_finding *f, bool *out)
{
	json_object *devs = NULL, *rules = NULL;
	bool priv;

	*out = false;
	if (hd_get_bool(f, c->inspect.value, "HostConfig.Privileged", false, &priv) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.Devices", &devs) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.DeviceCgroupRules", &rules) < 0)
		return HD_ETYPE;
	*out = priv || (devs && json_object_array_length(devs) > 0) ||
	    (rules && json_object_array_length(rules) > 0);
	return 0;
}

/* The reason cap is dangerous, NULL when it is not. */
static const char *
cap_danger(int cap, bool devices)
{
	if (cap == CAP_MKNOD)
		return devices ? "creates device nodes for the devices it was given" :
		    NULL;
	for (size_t i = 0; i < N(dangerous_caps); i++)
		if (dangerous_caps[i].cap == cap)
			return dangerous_caps[i].why;
	return NULL;
}

/* HD-CTR-1: the effective capabilities of the container's process are the
 * truth --privileged, --cap-add ALL or a setuid binary leave behind. */
static enum hd_status
live_capabilities(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_fact proc;
	json_object *eff = NULL, *bad;
	enum hd_status st;
	bool devices;
	char name[64];

	if ((st = live_process(ctx, c, f, &proc)) != HD_PASS)
		return st;
	if (has_devices(c, f, &devices) < 0 ||
	    hd_get_array(f, proc.value, "cap_eff", &eff) < 0)
		return HD_ERROR;
	if (eff == NULL) {
		hd_msg(f, "cap_eff missing from the live process fact");
		return HD_ERROR;
	}
	hd_ev(f, "cap_eff", json_object_get(eff), proc.source);
	bad = json_object_new_object();
	for (size_t i = 0; i < json_object_array_length(eff); i++) {
		json_object *it = json_object_array_get_idx(eff, i);
		const char *why;
		int cap;

		if (!json_object_is_type(it, json_type_string)) {
			hd_msg(f, "cap_eff[%zu]: expected string", i);
			json_object_put(bad);
			return HD_ERROR;
		}
		if ((cap = hd_cap_parse(json_object_get_string(it))) < 0 ||
		    cap == HD_CAP_ALL || (why = cap_danger(cap, devices)) == NULL)
			continue;
		json_object_object_add(bad, hd_cap_name(cap, name, sizeof(name)),
		    json_object_new_string(why));
	}
	if (json_object_object_length(bad) == 0) {
		json_object_put(bad);
		hd_msg(f, "%zu effective capabilities, none dangerous",
		    json_object_array_length(eff));
		return HD_PASS;
	}
	hd_msg(f, "the running process holds %d dangerous capabilit%s: %s",
	    json_object_object_length(bad),
	    json_object_object_length(bad) == 1 ? "y" : "ies",
	    json_object_to_json_string_ext(bad, JSON_C_TO_STRING_PLAIN));
	hd_ev(f, "dangerous", bad, proc.source);
	return HD_FAIL;
}

/* The host's architecture for libseccomp, from host.info, else this
 * machine's (with evidence saying so). */
static uint32_t
host_arch(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact info;
	const char *machine = NULL;
	uint32_t arch = 0;

	hd_fact(&info, ctx, HD_F_HOST_INFO);
	if (info.state == HD_FACT_VALUE &&
	    hd_get_str(NULL, info.value, "arch", NULL, &machine) == 0 && machine)
		arch = hd_seccomp_arch(machine);
	if (arch == 0) {
		hd_ev_str(f, "arch", "native (host.info has no known arch)", "libseccomp");
		return seccomp_arch_native();
	}
	hd_ev_str(f, "arch", machine, info.source);
	return arch;
}

/* What Docker's default profile says of each name: {name: "allowed only
 * with CAP_X" | "never allowed"}. */
static json_object *
docker_default_of(json_object *names)
{
	json_object *o = json_object_new_object();

	for (size_t i = 0; i < json_object_array_length(names); i++) {
		const char *n = json_object_get_string(
		    json_object_array_get_idx(names, i)), *gate = NULL, *d;
		char *what;

		for (size_t k = 0; (d = hd_seccomp_dangerous(k, &gate)) != NULL; k++)
			if (strcmp(d, n) == 0)
				break;
		what = d && gate ? hd_xasprintf("allowed only with %s", gate) :
		    hd_xstrdup("never allowed");
		json_object_object_add(o, n, json_object_new_string(what));
		free(what);
	}
	return o;
}

/* Shared verdict of HD-CTR-2 and HD-CTR-3 on one parsed profile. */
static enum hd_status
profile_verdict(const struct hd_ctx *ctx, struct hd_finding *f,
    json_object *profile, const char *source)
{
	struct hd_seccomp_analysis *a;
	size_t nallowed, nunknown;
	enum hd_status st = HD_PASS;

	if (hd_seccomp_analyze(&a, profile, host_arch(ctx, f)) < 0) {
		hd_msg(f, "%s", hd_error_last());
		return HD_ERROR;
	}
	nallowed = json_object_array_length(a->allowed);
	nunknown = json_object_array_length(a->unknown);
	hd_ev_str(f, "defaultAction", a->default_action, source);
	hd_ev(f, "dangerous_allowed", json_object_get(a->allowed), source);
	if (nallowed > 0)
		hd_ev(f, "Docker's default profile", docker_default_of(a->allowed),
		    "moby profiles/seccomp/default.json");
	hd_ev(f, "unknown_syscalls", json_object_get(a->unknown), source);
	if (a->default_allows || nallowed > 0 || nunknown > 0)
		st = HD_FAIL;
	if (st == HD_PASS)
		hd_msg(f, "profile (%zu rules) blocks every dangerous system call "
		    "Docker's default blocks", a->nrules);
	else
		hd_msg(f, "defaultAction %s%s; %zu dangerous system call(s) allowed; "
		    "%zu name(s) unknown for the architecture", a->default_action,
		    a->default_allows ? " allows" : "", nallowed, nunknown);
	hd_seccomp_analysis_free(a);
	return st;
}

/* HD-CTR-2: a custom per-container profile (the docker CLI sends the
 * file's content, so the inspect document holds the JSON). */
static enum hd_status
container_profile(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *opts, *profile = NULL;
	const char *v = NULL;
	enum hd_status st;

	if (!hd_ctr_ok(c, f) || hd_ctr_secopts(c, f, &opts) < 0)
		return HD_ERROR;
	for (size_t i = 0; opts && i < json_object_array_length(opts) && !v; i++)
		if (!hd_secopt_match(json_object_get_string(
		    json_object_array_get_idx(opts, i)), "seccomp", &v))
			v = NULL;
	if (v == NULL || strcmp(v, "builtin") == 0 || strcmp(v, "default") == 0) {
		hd_msg(f, "no custom seccomp profile (the daemon's profile applies)");
		return HD_NOTAPPLICABLE;
	}
	if (strcmp(v, "unconfined") == 0) {
		hd_msg(f, "seccomp=unconfined: no profile at all (see container.seccomp_unconfined)");
		return HD_NOTAPPLICABLE;
	}
	if (v[0] == '/') {
		hd_ev_str(f, "HostConfig.SecurityOpt", v, SRC_INSPECT);
		hd_msg(f, "profile given as a path whose content the engine does not "
		    "report: review %s", v);
		return HD_MANUAL;
	}
	if (hd_seccomp_profile_parse(&profile, v, strlen(v)) < 0) {
		hd_msg(f, "HostConfig.SecurityOpt seccomp: %s", hd_error_last());
		return HD_ERROR;
	}
	st = profile_verdict(ctx, f, profile, "HostConfig.SecurityOpt seccomp=");
	json_object_put(profile);
	return st;
}

/* HD-CTR-3: the daemon-wide profile applies to every container without
 * its own. */
static enum hd_status
daemon_profile(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_setting set;
	struct hd_fact fact;
	json_object *profile = NULL;
	const char *v;

	if (!hd_setting_get(&set, ctx, f, "seccomp-profile"))
		return HD_ERROR;
	if (set.value != NULL && !json_object_is_type(set.value, json_type_string)) {
		hd_msg(f, "daemon.config seccomp-profile: expected string");
		return HD_ERROR;
	}
	v = set.value ? json_object_get_string(set.value) : "";
	hd_ev_str(f, "seccomp-profile", set.value ? v : NULL, set.source);
	if (strcmp(v, "unconfined") == 0) {
		hd_msg(f, "the daemon runs every container without seccomp");
		return HD_FAIL;
	}
	if (v[0] != '/') {
		hd_msg(f, "the engine's built-in default profile applies");
		return HD_NOTAPPLICABLE;
	}
	hd_fact(&fact, ctx, HD_F_SECCOMP_DAEMON_PROFILE);
	if (fact.state != HD_FACT_VALUE) {
		hd_msg(f, "%s: %s", v, fact.reason);
		return HD_ERROR;
	}
	if (hd_get_object(f, fact.value, "profile", &profile) < 0)
		return HD_ERROR;
	if (profile == NULL) {
		hd_msg(f, "%s: profile missing from the fact", HD_F_SECCOMP_DAEMON_PROFILE);
		return HD_ERROR;
	}
	return profile_verdict(ctx, f, profile, fact.source);
}

/* HD-CTR-4: /proc/PID/status Seccomp: of the container's process, which
 * catches an unconfined container whatever its configuration says. */
static enum hd_status
live_seccomp(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_fact proc;
	enum hd_status st;
	int64_t mode;

	if ((st = live_process(ctx, c, f, &proc)) != HD_PASS)
		return st;
	if (hd_get_int(f, proc.value, "seccomp", -1, &mode) < 0)
		return HD_ERROR;
	hd_ev_int(f, "seccomp", mode, proc.source);
	switch (mode) {
	case 0:
		hd_msg(f, "the running process has no seccomp filter (Seccomp: 0)");
		return HD_FAIL;
	case 1:
		hd_msg(f, "strict seccomp mode");
		return HD_PASS;
	case 2:
		hd_msg(f, "seccomp filter active");
		return HD_PASS;
	default:
		hd_msg(f, "seccomp mode %lld unknown", (long long)mode);
		return HD_ERROR;
	}
}

/* Whether a host device path is one of the most dangerous. */
static bool
device_sensitive(const char *path)
{
	char *p = hd_path_clean(path);
	bool r = false;

	for (size_t i = 0; i < N(device_exact) && !r; i++)
		r = strcmp(p, device_exact[i]) == 0;
	for (size_t i = 0; i < N(device_prefix) && !r; i++)
		r = strncmp(p, device_prefix[i], strlen(device_prefix[i])) == 0;
	free(p);
	return r;
}

/* Whether a device cgroup rule ("TYPE MAJOR:MINOR ACCESS") grants read or
 * write on every device, on block devices (raw disks) or on memory
 * devices (char major 1: mem, kmem, port). -1 when malformed. */
static int
rule_sensitive(const char *rule)
{
	char type, major[16], minor[16], access[8];
	bool rw;

	if (sscanf(rule, " %c %15[0-9*]:%15[0-9*] %7[rwm]", &type, major, minor,
	    access) != 4 || strchr("abc", type) == NULL)
		return -1;
	rw = strchr(access, 'r') || strchr(access, 'w');
	if (!rw)
		return 0;
	if (type == 'a' || type == 'b')
		return 1;
	return strcmp(major, "*") == 0 || (strcmp(major, "1") == 0 &&
	    (strcmp(minor, "*") == 0 || strcmp(minor, "1") == 0 ||
	    strcmp(minor, "2") == 0 || strcmp(minor, "4") == 0));
}

/* HD-CTR-5: the host's memory, I/O ports and raw disks bypass every file
 * permission and LSM rule. */
static enum hd_status
sensitive_devices(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *devs = NULL, *rules = NULL;
	size_t bad = 0;
	bool priv;

	(void)ctx;
	if (!hd_ctr_ok(c, f) ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.Privileged", false, &priv) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.Devices", &devs) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.DeviceCgroupRules", &rules) < 0)
		return HD_ERROR;
	if (priv) {
		hd_ev_bool(f, "HostConfig.Privileged", true, SRC_INSPECT);
		hd_msg(f, "privileged: every host device, /dev/mem and raw disks included");
		return HD_FAIL;
	}
	for (size_t i = 0; devs && i < json_object_array_length(devs); i++) {
		json_object *d = json_object_array_get_idx(devs, i);
		const char *host = NULL;
		char field[64];

		if (!json_object_is_type(d, json_type_object) ||
		    hd_get_str(f, d, "PathOnHost", "", &host) < 0) {
			hd_msg(f, "HostConfig.Devices[%zu]: malformed", i);
			return HD_ERROR;
		}
		if (!device_sensitive(host))
			continue;
		snprintf(field, sizeof(field), "HostConfig.Devices[%zu]", i);
		hd_ev(f, field, json_object_get(d), SRC_INSPECT);
		bad++;
	}
	for (size_t i = 0; rules && i < json_object_array_length(rules); i++) {
		json_object *r = json_object_array_get_idx(rules, i);
		char field[64];
		int s;

		if (!json_object_is_type(r, json_type_string) ||
		    (s = rule_sensitive(json_object_get_string(r))) < 0) {
			hd_msg(f, "HostConfig.DeviceCgroupRules[%zu]: not a device "
			    "cgroup rule", i);
			return HD_ERROR;
		}
		if (s == 0)
			continue;
		snprintf(field, sizeof(field), "HostConfig.DeviceCgroupRules[%zu]", i);
		hd_ev(f, field, json_object_get(r), SRC_INSPECT);
		bad++;
	}
	if (bad > 0) {
		hd_msg(f, "%zu device(s) or rule(s) reach host memory, I/O ports or "
		    "raw disks", bad);
		return HD_FAIL;
	}
	hd_msg(f, "no memory, port or raw disk device");
	return HD_PASS;
}

/* HD-CTR-6: a writable mount of the engine's state (images, containers'
 * filesystems and configs, containerd's sockets) or of / is control of
 * every container and, through them, of the host. */
static enum hd_status
writable_state(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *state[] = { NULL, "/var/lib/containerd", "/run/containerd",
	    "/run/docker" };
	json_object *info;
	struct hd_ctr_mount *m = NULL;
	size_t n = 0, bad = 0;

	if (!hd_ctr_ok(c, f) || (info = hd_require(f, ctx, HD_F_ENGINE_INFO)) == NULL ||
	    hd_get_str(f, info, "DockerRootDir", "/var/lib/docker", &state[0]) < 0 ||
	    hd_ctr_mounts(c, f, &m, &n) < 0)
		return HD_ERROR;
	for (size_t i = 0; i < n; i++) {
		bool hit = strcmp(m[i].clean, "/") == 0;

		if (!m[i].rw || strcmp(m[i].type, "bind") != 0 || m[i].clean[0] != '/')
			continue;
		for (size_t k = 0; k < N(state) && !hit; k++)
			hit = hd_path_under(m[i].clean, state[k]) ||
			    hd_path_under(state[k], m[i].clean);
		if (!hit)
			continue;
		hd_ev_mount(f, &m[i]);
		bad++;
	}
	hd_ctr_mounts_free(m, n);
	if (bad > 0) {
		hd_msg(f, "%zu writable mount(s) of the host root or the engine's "
		    "state (data root %s)", bad, state[0]);
		return HD_FAIL;
	}
	hd_msg(f, "no writable mount of the host root or the engine's state");
	return HD_PASS;
}

const struct hd_check hd_checks_container_deep[] = {
	{ .key = "container.live_capabilities",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "What a container's process can do is its effective capability "
	      "set, whatever flags created it: --privileged, --cap-add ALL or a "
	      "capability-aware entrypoint all show there.",
	  .audit_text = "For each running container, decodes the effective set of its "
	      "process (CapEff in /proc/PID/status, names from libcap) and fails on "
	      "SYS_ADMIN, SYS_MODULE, SYS_PTRACE, SYS_RAWIO, SYS_BOOT, DAC_READ_SEARCH, "
	      "NET_ADMIN, BPF, PERFMON, SYS_TIME, SYSLOG, MAC_ADMIN, MAC_OVERRIDE, "
	      "AUDIT_CONTROL, and MKNOD when devices are passed in. Stopped containers "
	      "are notapplicable.",
	  .remediation = "Recreate the container with --cap-drop ALL and --cap-add of "
	      "only the needed capabilities, without --privileged.",
	  .references = "https://man7.org/linux/man-pages/man7/capabilities.7.html",
	  .object = live_capabilities },
	{ .key = "container.seccomp_custom_profile",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A custom profile replaces Docker's default one: an allowing "
	      "defaultAction or an allow rule for mount, unshare, keyctl, bpf or "
	      "module loading gives back what the default blocks; a misspelt syscall "
	      "name makes a rule silently void.",
	  .audit_text = "Parses the profile of --security-opt seccomp=... (the docker "
	      "CLI stores the file's JSON in HostConfig.SecurityOpt), resolves every "
	      "syscall name for the host's architecture with libseccomp, and fails "
	      "when defaultAction is SCMP_ACT_ALLOW or SCMP_ACT_LOG, when a dangerous "
	      "call Docker's default blocks is allowed unconditionally, or when a name "
	      "is unknown. The dangerous calls are those moby's default profile "
	      "allows only with a capability that opens a way out (mount, unshare, "
	      "setns, bpf, module loading, open_by_handle_at, reboot, clock_settime, "
	      "...) or never (keyctl, add_key, kexec_load, pivot_root, userfaultfd, "
	      "...); the evidence says which for each one allowed. Calls the default "
	      "allows (clock_adjtime, name_to_handle_at from Engine 23) are not "
	      "among them. Containers using the daemon's profile are notapplicable; a "
	      "profile given as a path is manual.",
	  .remediation = "Start from moby's profiles/seccomp/default.json, keep "
	      "defaultAction SCMP_ACT_ERRNO, allow only the calls the workload needs, "
	      "and fix or remove unknown names; recreate the container with the new "
	      "--security-opt seccomp=FILE.",
	  .references = "https://docs.docker.com/engine/security/seccomp/",
	  .object = container_profile },
	{ .key = "daemon.seccomp_default_strength",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "The daemon's seccomp-profile applies to every container without "
	      "its own: a weak one weakens them all.",
	  .audit_text = "Reads \"seccomp-profile\" from the daemon's configuration: "
	      "\"unconfined\" fails; a file (seccomp.daemon_profile, read under --root) "
	      "is analysed as in container.seccomp_custom_profile; no setting (the built-in default) is "
	      "notapplicable.",
	  .remediation = "Fix the profile file named by \"seccomp-profile\" in "
	      "/etc/docker/daemon.json (or remove the key to use the built-in "
	      "default) and restart dockerd.",
	  .references = "https://docs.docker.com/engine/security/seccomp/",
	  .host = daemon_profile },
	{ .key = "container.live_seccomp",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "The kernel's view is the truth: a container whose process has "
	      "no seccomp filter is unconfined whatever its configuration claims "
	      "(privileged, daemon-wide unconfined, a runtime that ignores profiles).",
	  .audit_text = "For each running container, reads Seccomp: of its process "
	      "(/proc/PID/status): 0 fails, 1 (strict) and 2 (filter) pass. Stopped "
	      "containers are notapplicable.",
	  .remediation = "Recreate the container without --privileged and without "
	      "seccomp=unconfined; check the runtime honours seccomp profiles.",
	  .references = "https://man7.org/linux/man-pages/man2/seccomp.2.html",
	  .object = live_seccomp },
	{ .key = "container.raw_host_devices",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_CRITICAL,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "/dev/mem, /dev/kmem, /dev/port and raw block devices give "
	      "direct read and write access to the host's memory and disks below "
	      "every permission check.",
	  .audit_text = "Fails a privileged container, a HostConfig.Devices entry whose "
	      "PathOnHost is /dev/mem, /dev/kmem, /dev/port or a raw disk "
	      "(/dev/sd*, /dev/hd*, /dev/vd*, /dev/xvd*, /dev/nvme*, /dev/mmcblk*, "
	      "/dev/dm-*, /dev/md*, /dev/loop*, /dev/mapper/, /dev/disk/, /dev/cpu/), "
	      "and a DeviceCgroupRules entry granting read or write on all devices "
	      "(a *:* rwm), on block devices, or on memory devices (c 1:1, 1:2, 1:4).",
	  .remediation = "Recreate the container without those --device and "
	      "--device-cgroup-rule options; give it a volume or a file instead of "
	      "a raw disk.",
	  .references = "https://docs.docker.com/reference/cli/docker/container/run/#device-cgroup-rule",
	  .object = sensitive_devices },
	{ .key = "container.engine_state_mounts",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_CRITICAL,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A writable bind mount of the data root (/var/lib/docker), "
	      "containerd's state (/var/lib/containerd, /run/containerd), the exec "
	      "root or / lets a container rewrite other containers' filesystems and "
	      "configurations and reach the host.",
	  .audit_text = "Fails a read-write bind mount whose source is /, the data root "
	      "reported by GET /info (DockerRootDir), /var/lib/containerd, "
	      "/run/containerd or /run/docker, a path below them, or a directory "
	      "holding them (/var, /run, ...). Named volumes are not bind mounts and "
	      "are not counted.",
	  .remediation = "Recreate the container without those -v/--mount sources, or "
	      "mount only what it needs read-only.",
	  .references = "https://docs.docker.com/engine/storage/bind-mounts/",
	  .object = writable_state },
	{ .key = NULL },
};
