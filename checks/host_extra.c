/*
 * hardock's own host-side checks, beyond CIS: engine access (TCP without
 * client authentication, socket permissions), mandatory access control,
 * kernel build options, sysctls, the daemons' own confinement, userns-remap
 * id ranges and configuration conflicts.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

/* ---- HD-ENGINE-2: TCP without tlsverify -------------------------------- */

/* Per TCP endpoint: clients must be verified (tlsverify). */
static enum hd_status
endpoint_verifies(json_object *ep, struct hd_finding *c, const char *src)
{
	bool verify = false, tls = false;

	if (hd_get_bool(c, ep, "tlsverify", false, &verify) < 0 ||
	    hd_get_bool(c, ep, "tls", false, &tls) < 0)
		return HD_ERROR;
	hd_ev_bool(c, "tls", tls, src);
	hd_ev_bool(c, "tlsverify", verify, src);
	if (verify) {
		hd_msg(c, "clients must present a certificate signed by the CA");
		return HD_PASS;
	}
	hd_msg(c, tls ? "TLS without tlsverify: any client is accepted" :
	    "plain TCP: anyone who reaches the port is root on the host");
	return HD_FAIL;
}

/* HD-ENGINE-2: every TCP listener, socket-activated ones included. */
static enum hd_status
tcp_without_verify(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return hd_each_tcp_endpoint(ctx, f, endpoint_verifies);
}

/* ---- HD-ENGINE-3: who can reach the unix socket ------------------------ */

/* Per socket: no world bits, and group write only for docker (or root's
 * group, which has no unprivileged members by convention). */
static enum hd_status
socket_access(const struct hd_ctx *ctx, json_object *file, struct hd_finding *f,
    const void *arg)
{
	const int64_t *docker_gid = arg;
	int64_t mode = -1, gid = -1;
	const char *grp = NULL;
	char text[8];

	(void)ctx;
	if (hd_get_int(f, file, "mode", -1, &mode) < 0 ||
	    hd_get_int(f, file, "gid", -1, &gid) < 0 ||
	    hd_get_str(f, file, "group", NULL, &grp) < 0)
		return HD_ERROR;
	if (mode < 0 || gid < 0) {
		hd_msg(f, "mode or group not recorded");
		return HD_ERROR;
	}
	snprintf(text, sizeof(text), "%04o", (unsigned)(mode & 07777));
	hd_ev_str(f, "mode", text, "stat(2)");
	hd_ev_int(f, "gid", gid, "stat(2)");
	hd_ev_str(f, "group", grp, "/etc/group");
	if (mode & 0007) {
		hd_msg(f, "mode %s: every local user can reach the engine", text);
		return HD_FAIL;
	}
	if ((mode & 0020) && gid != 0 && gid != *docker_gid) {
		hd_msg(f, "mode %s: group %s (gid %lld), not docker, can write to "
		    "the engine", text, grp ? grp : "?", (long long)gid);
		return HD_FAIL;
	}
	hd_msg(f, "mode %s, group %s: only root%s can reach the engine", text,
	    grp ? grp : "?", (mode & 0020) ? " and the docker group" : "");
	return HD_PASS;
}

/* The engine's unix sockets as a path resolver. */
static int
engine_sockets(struct hd_paths *out, const struct hd_ctx *ctx,
    struct hd_finding *f)
{
	const char *paths[16];
	size_t n = hd_engine_sockets(ctx, paths, 16);

	(void)f;
	for (size_t i = 0; i < n; i++)
		hd_paths_add(out, paths[i]);
	return 0;
}

static const struct hd_target t_sockets = { "an engine unix socket",
	{ NULL }, engine_sockets, NULL };

/* HD-ENGINE-3: the engine's unix sockets are not open to others. */
static enum hd_status
socket_open(const struct hd_ctx *ctx, struct hd_finding *f)
{
	int64_t gid;

	if (hd_docker_gid(ctx, f, &gid) < 0)
		return HD_ERROR;
	return hd_check_target(ctx, f, &t_sockets, socket_access, &gid);
}

/* ---- HD-HOST-1..3: mandatory access control ------------------------------ */

/* The state of one LSM: 1 active (enabled, and enforcing for SELinux),
 * 0 present but not active, -1 absent from the kernel, -2 unknown. */
static int
lsm_state(const struct hd_ctx *ctx, const char *key)
{
	struct hd_fact l;
	bool enabled = false, enforcing = true;

	hd_fact(&l, ctx, key);
	if (l.state == HD_FACT_ABSENT)
		return -1;
	if (l.state == HD_FACT_ERROR ||
	    hd_get_bool(NULL, l.value, "enabled", false, &enabled) < 0 ||
	    (strcmp(key, HD_F_SELINUX) == 0 &&
	    hd_get_bool(NULL, l.value, "enforcing", false, &enforcing) < 0))
		return -2;
	return enabled && enforcing;
}

/* Shared body of HD-HOST-1/2: this LSM must be active unless the other
 * one is (a host runs one major LSM). */
static enum hd_status
lsm_active(const struct hd_ctx *ctx, struct hd_finding *f, const char *key,
    const char *name, const char *other_key, const char *other)
{
	struct hd_fact l;
	int st = lsm_state(ctx, key), ost;

	hd_fact(&l, ctx, key);
	if (st == -1) {
		hd_msg(f, "the kernel has no %s", name);
		return HD_NOTAPPLICABLE;
	}
	if (st == -2) {
		if (hd_require(f, ctx, key) != NULL)
			hd_msg(f, "%s: malformed state", key);
		return HD_ERROR;
	}
	hd_ev_fact(f, key, &l);
	if (st == 1) {
		hd_msg(f, "%s is enabled%s", name, strcmp(key, HD_F_SELINUX) == 0 ?
		    " and enforcing" : "");
		return HD_PASS;
	}
	ost = lsm_state(ctx, other_key);
	if (ost == 1) {
		hd_msg(f, "%s is off, but %s is the active LSM", name, other);
		return HD_NOTAPPLICABLE;
	}
	if (ost == -2) {
		hd_require(f, ctx, other_key);
		return HD_ERROR;
	}
	hd_msg(f, "%s is present but not %s, and no other LSM confines "
	    "containers", name, strcmp(key, HD_F_SELINUX) == 0 ?
	    "enabled and enforcing" : "enabled");
	return HD_FAIL;
}

/* HD-HOST-1: AppArmor. */
static enum hd_status
apparmor_active(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return lsm_active(ctx, f, HD_F_APPARMOR, "AppArmor", HD_F_SELINUX,
	    "SELinux");
}

/* HD-HOST-2: SELinux. Permissive while enabled is never excused. */
static enum hd_status
selinux_active(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *se;
	bool enabled = false;
	struct hd_fact l;

	hd_fact(&l, ctx, HD_F_SELINUX);
	if (l.state == HD_FACT_VALUE && (se = l.value) != NULL &&
	    hd_get_bool(NULL, se, "enabled", false, &enabled) == 0 && enabled &&
	    lsm_state(ctx, HD_F_SELINUX) == 0) {
		hd_ev_fact(f, HD_F_SELINUX, &l);
		hd_msg(f, "SELinux is enabled but permissive: denials are only "
		    "logged");
		return HD_FAIL;
	}
	return lsm_active(ctx, f, HD_F_SELINUX, "SELinux", HD_F_APPARMOR,
	    "AppArmor");
}

/* HD-HOST-3: docker-default is loaded in enforce mode when AppArmor is on. */
static enum hd_status
docker_default_profile(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact l;
	json_object *profiles = NULL, *mode;
	bool enabled = false, loaded = false;
	const char *m = NULL;

	hd_fact(&l, ctx, HD_F_APPARMOR);
	if (l.state == HD_FACT_ABSENT) {
		hd_msg(f, "the kernel has no AppArmor");
		return HD_NOTAPPLICABLE;
	}
	if (hd_require(f, ctx, HD_F_APPARMOR) == NULL)
		return HD_ERROR;
	if (hd_get_bool(f, l.value, "enabled", false, &enabled) < 0 ||
	    hd_get_bool(f, l.value, "docker_default", false, &loaded) < 0 ||
	    hd_get_object(f, l.value, "profiles", &profiles) < 0)
		return HD_ERROR;
	if (!enabled) {
		hd_msg(f, "AppArmor is not enabled");
		return HD_NOTAPPLICABLE;
	}
	if (profiles != NULL &&
	    json_object_object_get_ex(profiles, "docker-default", &mode) &&
	    json_object_is_type(mode, json_type_string))
		m = json_object_get_string(mode);
	hd_ev_bool(f, "docker_default", loaded, l.source);
	hd_ev_str(f, "profiles.docker-default", m, l.source);
	if (!loaded && m == NULL) {
		hd_msg(f, "the docker-default profile is not loaded: containers "
		    "started now run unconfined by AppArmor");
		return HD_FAIL;
	}
	if (m != NULL && strcmp(m, "enforce") != 0) {
		hd_msg(f, "docker-default is loaded in %s mode, not enforce", m);
		return HD_FAIL;
	}
	hd_msg(f, "docker-default is loaded%s", m ? " in enforce mode" : "");
	return HD_PASS;
}

/* ---- HD-HOST-4/5: kernel build options --------------------------------- */

struct kopt {
	const char *name; /* CONFIG_X */
	const char *alt;  /* its older name, or NULL */
	bool module_ok;   /* "m" counts as present */
	const char *why;
};

static const struct kopt isolation_opts[] = {
	{ "CONFIG_NAMESPACES", NULL, false, "namespaces at all" },
	{ "CONFIG_USER_NS", NULL, false, "user namespaces (userns-remap, rootless)" },
	{ "CONFIG_PID_NS", NULL, false, "PID namespaces" },
	{ "CONFIG_NET_NS", NULL, false, "network namespaces" },
	{ "CONFIG_IPC_NS", NULL, false, "IPC namespaces" },
	{ "CONFIG_UTS_NS", NULL, false, "UTS namespaces" },
	{ "CONFIG_CGROUPS", NULL, false, "control groups" },
	{ "CONFIG_MEMCG", NULL, false, "memory limits (--memory)" },
	{ "CONFIG_CGROUP_PIDS", NULL, false, "process limits (--pids-limit)" },
	{ "CONFIG_SECCOMP", NULL, false, "seccomp" },
	{ "CONFIG_SECCOMP_FILTER", NULL, false, "seccomp syscall filters" },
	{ NULL, NULL, false, NULL },
};

static const struct kopt hardening_opts[] = {
	{ "CONFIG_STRICT_DEVMEM", NULL, false, "/dev/mem limited to device memory" },
	{ "CONFIG_RANDOMIZE_BASE", NULL, false, "kernel address randomization (KASLR)" },
	{ "CONFIG_STACKPROTECTOR_STRONG", "CONFIG_CC_STACKPROTECTOR_STRONG", false,
	  "stack canaries" },
	{ "CONFIG_HARDENED_USERCOPY", NULL, false, "bounds checks on copies to and "
	  "from user space" },
	{ "CONFIG_FORTIFY_SOURCE", NULL, false, "checked string and memory functions" },
	{ "CONFIG_STRICT_KERNEL_RWX", "CONFIG_DEBUG_RODATA", false,
	  "read-only kernel text and data" },
	{ "CONFIG_SECURITY_YAMA", NULL, false, "ptrace restrictions (Yama)" },
	{ NULL, NULL, false, NULL },
};

/* One table of options: each a finding with its value. */
static enum hd_status
kernel_options(const struct hd_ctx *ctx, struct hd_finding *f,
    const struct kopt *const *table)
{
	struct hd_fact kc;

	if (hd_require(f, ctx, HD_F_KERNEL_CONFIG) == NULL)
		return HD_ERROR;
	hd_fact(&kc, ctx, HD_F_KERNEL_CONFIG);
	if (!json_object_is_type(kc.value, json_type_object)) {
		hd_msg(f, "%s is not an object", HD_F_KERNEL_CONFIG);
		return HD_ERROR;
	}
	for (const struct kopt *o = *table; o->name != NULL; o++) {
		struct hd_finding *c = hd_finding_add(f, HD_OBJ_HOST, o->name,
		    o->name);
		const char *v = NULL, *name = o->name;

		if (hd_get_str(c, kc.value, o->name, NULL, &v) < 0) {
			c->status = HD_ERROR;
			continue;
		}
		if (v == NULL && o->alt != NULL) {
			name = o->alt;
			if (hd_get_str(c, kc.value, o->alt, NULL, &v) < 0) {
				c->status = HD_ERROR;
				continue;
			}
		}
		hd_ev_str(c, name, v ? v : "not set", kc.source);
		if (v != NULL && (strcmp(v, "y") == 0 ||
		    (o->module_ok && strcmp(v, "m") == 0))) {
			hd_msg(c, "%s=%s (%s)", name, v, o->why);
			c->status = HD_PASS;
		} else {
			hd_msg(c, "%s is %s: no %s", name, v ? v : "not set", o->why);
			c->status = HD_FAIL;
		}
	}
	return hd_finding_children_status(f, HD_ERROR);
}

static const struct kopt *const kopt_tables[] = { isolation_opts,
	hardening_opts };
HD_ROW_CHECK(kernel_isolation, kernel_options, kopt_tables, 0)
HD_ROW_CHECK(kernel_hardening, kernel_options, kopt_tables, 1)

/* ---- HD-HOST-6: sysctls ------------------------------------------------- */

struct sysctl_rule {
	const char *name;
	long min; /* the value must be at least this */
	const char *why;
};

static const struct sysctl_rule sysctls[] = {
	{ "kernel.unprivileged_bpf_disabled", 1, "unprivileged users (and "
	  "containers) may load BPF programs, a frequent kernel exploit path" },
	{ "kernel.kptr_restrict", 1, "kernel pointers are shown to everyone, "
	  "which defeats KASLR" },
	{ "kernel.dmesg_restrict", 1, "everyone can read the kernel log" },
	{ "kernel.yama.ptrace_scope", 1, "any process may ptrace any other of "
	  "the same user" },
	{ "fs.protected_symlinks", 1, "symlink races in shared directories are "
	  "not blocked" },
	{ "fs.protected_hardlinks", 1, "users may hard-link files they cannot "
	  "write" },
	{ NULL, 0, NULL },
};

/* Judge one sysctl into its child finding. */
static enum hd_status
sysctl_test(const struct hd_ctx *ctx, const struct sysctl_rule *r,
    struct hd_finding *c)
{
	struct hd_fact s;
	const char *v;
	char *end;
	long n;

	hd_fact2(&s, ctx, HD_F_SYSCTL, r->name);
	if (s.state == HD_FACT_ABSENT) {
		hd_msg(c, "%s does not exist in this kernel", r->name);
		return HD_NOTAPPLICABLE;
	}
	if (s.state == HD_FACT_ERROR) {
		hd_msg(c, "%s: %s", r->name, s.reason);
		return HD_ERROR;
	}
	if (!json_object_is_type(s.value, json_type_string)) {
		hd_msg(c, "%s: expected a string", r->name);
		return HD_ERROR;
	}
	v = json_object_get_string(s.value);
	hd_ev_str(c, r->name, v, s.source);
	errno = 0;
	n = strtol(v, &end, 10);
	while (*end == ' ' || *end == '\n' || *end == '\t')
		end++;
	if (errno != 0 || end == v || *end != '\0') {
		hd_msg(c, "%s = '%s' is not a number", r->name, v);
		return HD_ERROR;
	}
	if (n >= r->min) {
		hd_msg(c, "%s = %ld", r->name, n);
		return HD_PASS;
	}
	hd_msg(c, "%s = %ld: %s", r->name, n, r->why);
	return HD_FAIL;
}

/* HD-HOST-6: every sysctl of the table is a finding. */
static enum hd_status
isolation_sysctls(const struct hd_ctx *ctx, struct hd_finding *f)
{
	for (const struct sysctl_rule *r = sysctls; r->name != NULL; r++) {
		struct hd_finding *c = hd_finding_add(f, HD_OBJ_HOST, r->name,
		    r->name);

		c->status = sysctl_test(ctx, r, c);
	}
	return hd_finding_children_status(f, HD_NOTAPPLICABLE);
}

/* ---- HD-HOST-7: the daemons' own confinement ---------------------------- */

/* SELinux domains that mean "not confined by policy". */
static bool
unconfined_label(const char *label)
{
	static const char *const types[] = { ":unconfined_t:", ":initrc_t:",
		":kernel_t:", ":unlabeled_t:", ":spc_t:", ":init_t:" };

	if (label == NULL || strcmp(label, "unconfined") == 0)
		return true;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strstr(label, types[i]) != NULL)
			return true;
	return false;
}

/* Judge one daemon process (dockerd or containerd) into c. */
static enum hd_status
daemon_confinement(const struct hd_ctx *ctx, const char *name, bool selinux,
    struct hd_finding *c)
{
	struct hd_fact p;
	json_object *eff = NULL, *ns = NULL;
	int64_t uid = -1, seccomp = -1;
	bool nnp = false, initial = true;
	const char *label = NULL, *map = NULL;

	hd_fact2(&p, ctx, HD_F_PROCESS, name);
	if (p.state == HD_FACT_ABSENT) {
		hd_msg(c, "%s is not running", name);
		return HD_NOTAPPLICABLE;
	}
	if (p.state == HD_FACT_ERROR) {
		hd_msg(c, "%s: %s", name, p.reason);
		return HD_ERROR;
	}
	if (hd_get_int(c, p.value, "uid", -1, &uid) < 0 ||
	    hd_get_array(c, p.value, "cap_eff", &eff) < 0 ||
	    hd_get_int(c, p.value, "seccomp", -1, &seccomp) < 0 ||
	    hd_get_bool(c, p.value, "no_new_privs", false, &nnp) < 0 ||
	    hd_get_str(c, p.value, "label", NULL, &label) < 0 ||
	    hd_get_object(c, p.value, "userns", &ns) < 0 ||
	    (ns && (hd_get_bool(c, ns, "initial", true, &initial) < 0 ||
	    hd_get_str(c, ns, "uid_map", NULL, &map) < 0)))
		return HD_ERROR;
	hd_ev_int(c, "uid", uid, p.source);
	if (ns != NULL)
		hd_ev_str(c, "uid_map", map, p.source);
	hd_ev(c, "cap_eff", eff ? json_object_get(eff) : NULL, p.source);
	hd_ev_int(c, "seccomp", seccomp, p.source);
	hd_ev_bool(c, "no_new_privs", nnp, p.source);
	hd_ev_str(c, "label", label, p.source);
	if (uid != 0 && eff != NULL && json_object_array_length(eff) > 0 &&
	    strcmp(name, "dockerd") == 0 && !initial) {
		/* A rootless engine: /proc shows its host uid, but its
		 * capabilities are those inside its own user namespace, over
		 * what that namespace owns; that is what it is meant to hold. */
		hd_msg(c, "%s runs as uid %lld with %zu capabilities inside its own "
		    "user namespace (uid_map %s): a rootless daemon, not privileged "
		    "on the host", name, (long long)uid, json_object_array_length(eff),
		    map ? map : "?");
		return seccomp == 1 ? HD_FAIL : HD_PASS;
	}
	if (uid != 0 && eff != NULL && json_object_array_length(eff) > 0 &&
	    strcmp(name, "dockerd") == 0) {
		/* In the host's own user namespace a non-root uid with
		 * capabilities is privileged outside root's accountability. */
		hd_msg(c, "%s runs as uid %lld yet holds %zu effective "
		    "capabilities", name, (long long)uid,
		    json_object_array_length(eff));
		return HD_FAIL;
	}
	if (seccomp == 1) {
		hd_msg(c, "%s is in seccomp strict mode: it cannot work as a "
		    "daemon; the process is not what it claims to be", name);
		return HD_FAIL;
	}
	if (selinux && unconfined_label(label)) {
		hd_msg(c, "SELinux is enforcing but %s runs in %s, not in the "
		    "container runtime domain (container_runtime_t)", name,
		    label ? label : "no label");
		return HD_FAIL;
	}
	hd_msg(c, "%s: uid %lld, %zu effective capabilities, seccomp mode "
	    "%lld, label %s", name, (long long)uid,
	    eff ? json_object_array_length(eff) : 0, (long long)seccomp,
	    label ? label : "none");
	return HD_PASS;
}

/* HD-HOST-7: dockerd and containerd run as expected (see audit_text). */
static enum hd_status
daemons_confined(const struct hd_ctx *ctx, struct hd_finding *f)
{
	static const char *const names[] = { "dockerd", "containerd" };
	int se = lsm_state(ctx, HD_F_SELINUX);

	if (se == -2) {
		hd_require(f, ctx, HD_F_SELINUX);
		return HD_ERROR;
	}
	for (size_t i = 0; i < 2; i++) {
		struct hd_finding *c = hd_finding_add(f, HD_OBJ_DAEMON, names[i],
		    names[i]);

		c->status = daemon_confinement(ctx, names[i], se == 1, c);
	}
	if (hd_finding_children_status(f, HD_NOTAPPLICABLE) == HD_NOTAPPLICABLE)
		hd_msg(f, "neither dockerd nor containerd is running");
	return hd_finding_children_status(f, HD_NOTAPPLICABLE);
}

/* ---- HD-HOST-8: userns-remap id ranges ---------------------------------- */

#define USERNS_MIN 65536

/* Sum the counts of one subordinate id list; -1 with c's message set when
 * malformed. */
static int64_t
id_total(json_object *ranges, struct hd_finding *f, const char *what)
{
	int64_t total = 0;

	for (size_t i = 0; ranges && i < json_object_array_length(ranges); i++) {
		int64_t count = -1;

		if (hd_get_int(f, json_object_array_get_idx(ranges, i), "count", -1,
		    &count) < 0 || count < 0) {
			hd_msg(f, "%s range %zu has no valid count", what, i);
			return -1;
		}
		if (total < INT64_MAX - count)
			total += count;
	}
	return total;
}

/* HD-HOST-8: the remap user has at least 65536 subordinate uids and gids. */
static enum hd_status
userns_ranges(const struct hd_ctx *ctx, struct hd_finding *f)
{
	static const char *const lists[] = { "subuid", "subgid" };
	struct hd_fact u;
	const char *user = NULL;
	enum hd_status st = HD_PASS;
	char *bad = NULL;

	hd_fact(&u, ctx, HD_F_USERNS);
	if (u.state == HD_FACT_ABSENT) {
		hd_msg(f, "userns-remap is not configured");
		return HD_NOTAPPLICABLE;
	}
	if (hd_require(f, ctx, HD_F_USERNS) == NULL ||
	    hd_get_str(f, u.value, "user", NULL, &user) < 0)
		return HD_ERROR;
	hd_ev_str(f, "user", user, u.source);
	for (size_t i = 0; i < 2; i++) {
		json_object *ranges = NULL;
		int64_t total;

		if (hd_get_array(f, u.value, lists[i], &ranges) < 0 ||
		    (total = id_total(ranges, f, lists[i])) < 0) {
			free(bad);
			return HD_ERROR;
		}
		hd_ev(f, lists[i], ranges ? json_object_get(ranges) : NULL,
		    u.source);
		if (total < USERNS_MIN) {
			char *t = hd_xasprintf("%s%s%s: %lld ids", bad ? bad : "",
			    bad ? "; " : "", lists[i], (long long)total);

			free(bad);
			bad = t;
			st = HD_FAIL;
		}
	}
	if (st == HD_FAIL)
		hd_msg(f, "the remap user %s has too few subordinate ids (%s, "
		    "need %d)", user ? user : "?", bad, USERNS_MIN);
	else
		hd_msg(f, "the remap user %s has at least %d subordinate uids "
		    "and gids", user ? user : "?", USERNS_MIN);
	free(bad);
	return st;
}

/* ---- HD-HOST-9: flag and daemon.json both set --------------------------- */

/* HD-HOST-9: a setting given as a flag and in daemon.json stops dockerd. */
static enum hd_status
config_conflicts(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *list = hd_require(f, ctx, HD_F_DAEMON_CONFLICTS);

	if (list == NULL)
		return HD_ERROR;
	if (!json_object_is_type(list, json_type_array)) {
		hd_msg(f, "%s is not an array", HD_F_DAEMON_CONFLICTS);
		return HD_ERROR;
	}
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *c = json_object_array_get_idx(list, i), *fv, *jv;
		const char *key = NULL, *fs = NULL, *js = NULL;
		struct hd_finding *ch;

		if (hd_get_str(f, c, "key", NULL, &key) < 0 || key == NULL ||
		    hd_get_str(f, c, "flag_source", "flag", &fs) < 0 ||
		    hd_get_str(f, c, "file_source", "daemon.json", &js) < 0) {
			if (key == NULL)
				hd_msg(f, "a conflict entry has no key");
			return HD_ERROR;
		}
		ch = hd_finding_add(f, HD_OBJ_DAEMON, key, key);
		fv = hd_json_path(c, "flag");
		jv = hd_json_path(c, "file");
		hd_ev(ch, "flag", fv ? json_object_get(fv) : NULL, fs);
		hd_ev(ch, "daemon.json", jv ? json_object_get(jv) : NULL, js);
		hd_msg(ch, "\"%s\" is set both as a flag (%s) and in daemon.json "
		    "(%s): dockerd refuses to start", key, fs, js);
		ch->status = HD_FAIL;
	}
	if (f->nchildren == 0) {
		hd_msg(f, "no setting is given both as a flag and in daemon.json");
		return HD_PASS;
	}
	return HD_FAIL;
}

const struct hd_check hd_checks_host_extra[] = {
	{ .key = "engine.tcp_unauthenticated", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_CRITICAL,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "A TCP endpoint without tlsverify accepts every client that "
	      "reaches the port, and the API is root on the host. This is daemon.tls's "
	      "worst case alone, so it can be alerted on by itself.",
	  .audit_text = "Every TCP endpoint of daemon.endpoints: -H/hosts of the "
	      "command line and daemon.json, and docker.socket's ListenStream "
	      "entries when dockerd is socket-activated (fd://). Each is a finding; "
	      "tlsverify false fails. Notapplicable without TCP endpoints.",
	  .remediation = "Remove the tcp:// host, or set \"tlsverify\": true with "
	      "\"tlscacert\", \"tlscert\", \"tlskey\" in /etc/docker/daemon.json; for "
	      "docker.socket remove the TCP ListenStream.",
	  .references = "https://docs.docker.com/engine/security/protect-access/",
	  .host = tcp_without_verify },
	{ .key = "engine.socket_writable",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_CRITICAL,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "Write access to the socket is root on the host. A socket "
	      "group-writable by a group other than docker, or with any world bit, "
	      "hands that to users nobody meant to trust.",
	  .audit_text = "For every unix socket the engine listens on: any world bit "
	      "(mode & 0007) fails; group write (0020) fails unless the socket's gid "
	      "is the docker group's (host.docker_group) or 0.",
	  .remediation = "chmod 660 and chown root:docker the socket shown; with "
	      "socket activation set SocketMode=0660 and SocketGroup=docker in "
	      "docker.socket.",
	  .references = "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
	  .host = socket_open },
	{ .key = "host.apparmor",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "AppArmor's docker-default profile blocks writes to /proc and "
	      "/sys and mount(2) in containers: without it an escape needs one "
	      "barrier fewer.",
	  .audit_text = "lsm.apparmor (/sys/module/apparmor/parameters/enabled): "
	      "enabled passes. Notapplicable when the kernel has no AppArmor or when "
	      "SELinux is enabled and enforcing instead.",
	  .remediation = "Boot with apparmor=1 security=apparmor (or lsm=...,apparmor) "
	      "and systemctl enable --now apparmor.",
	  .references = "https://docs.docker.com/engine/security/apparmor/",
	  .host = apparmor_active },
	{ .key = "host.selinux",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "SELinux's container policy keeps container processes "
	      "(container_t) away from host files; permissive mode only logs.",
	  .audit_text = "lsm.selinux (/sys/fs/selinux): enabled and enforcing passes, "
	      "enabled but permissive fails. Notapplicable when the kernel has no "
	      "SELinux or when it is disabled while AppArmor is enabled.",
	  .remediation = "Set SELINUX=enforcing in /etc/selinux/config (and setenforce "
	      "1), install container-selinux and set \"selinux-enabled\": true in "
	      "/etc/docker/daemon.json.",
	  .references = "https://docs.docker.com/reference/cli/dockerd/",
	  .host = selinux_active },
	{ .key = "host.apparmor_docker_default",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "dockerd loads docker-default at start; when it is missing or "
	      "in complain mode, containers run without their AppArmor confinement.",
	  .audit_text = "lsm.apparmor: docker_default and profiles[\"docker-default\"] "
	      "(from /sys/kernel/security/apparmor/profiles). Not loaded, or loaded in "
	      "complain mode, fails. Notapplicable when AppArmor is absent or off.",
	  .remediation = "Install apparmor and apparmor-utils, then restart dockerd so "
	      "it loads docker-default (aa-status shows it in enforce mode).",
	  .references = "https://docs.docker.com/engine/security/apparmor/",
	  .host = docker_default_profile },
	{ .key = "host.kernel_isolation",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "Namespaces, cgroup controllers and seccomp are the walls "
	      "between containers and the host; a kernel built without one silently "
	      "drops that wall (e.g. --pids-limit does nothing without CGROUP_PIDS).",
	  .audit_text = "kernel.config (/boot/config-RELEASE or /proc/config.gz): "
	      "NAMESPACES, USER_NS, PID_NS, NET_NS, IPC_NS, UTS_NS, CGROUPS, MEMCG, "
	      "CGROUP_PIDS, SECCOMP and SECCOMP_FILTER must be y. Each option is a "
	      "finding with its value; error when the configuration cannot be read.",
	  .remediation = "Use the distribution's stock kernel or rebuild with the "
	      "options shown set to y (check with /usr/share/docker.io/contrib/"
	      "check-config.sh).",
	  .references = "https://github.com/moby/moby/blob/master/contrib/check-config.sh",
	  .host = kernel_isolation },
	{ .key = "host.kernel_hardening",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "Containers share the kernel, so a kernel bug is a container "
	      "escape; these options make the common exploit techniques fail.",
	  .audit_text = "kernel.config: STRICT_DEVMEM, RANDOMIZE_BASE, "
	      "STACKPROTECTOR_STRONG (or CC_STACKPROTECTOR_STRONG), HARDENED_USERCOPY, "
	      "FORTIFY_SOURCE, STRICT_KERNEL_RWX (or DEBUG_RODATA) and SECURITY_YAMA "
	      "must be y. Each option is a finding with its value.",
	  .remediation = "Use a kernel built with the options shown (distribution "
	      "kernels enable them); see the Kernel Self Protection Project's "
	      "recommended settings.",
	  .references = "https://kspp.github.io/Recommended_Settings",
	  .host = kernel_hardening },
	{ .key = "host.sysctls",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "Containers see the host kernel's global settings: unprivileged "
	      "BPF, readable kernel pointers and logs, and unrestricted ptrace help "
	      "an attacker inside a container reach the kernel.",
	  .audit_text = "From /proc/sys: kernel.unprivileged_bpf_disabled, "
	      "kernel.kptr_restrict, kernel.dmesg_restrict, kernel.yama.ptrace_scope, "
	      "fs.protected_symlinks and fs.protected_hardlinks must each be at least "
	      "1. Each sysctl is a finding with its value; one the kernel lacks is "
	      "notapplicable.",
	  .remediation = "Write kernel.unprivileged_bpf_disabled = 1, "
	      "kernel.kptr_restrict = 1, kernel.dmesg_restrict = 1, "
	      "kernel.yama.ptrace_scope = 1, fs.protected_symlinks = 1, "
	      "fs.protected_hardlinks = 1 to /etc/sysctl.d/90-hardock.conf and run "
	      "sysctl --system.",
	  .references = "https://www.kernel.org/doc/html/latest/admin-guide/sysctl/kernel.html",
	  .host = isolation_sysctls },
	{ .key = "host.daemon_confinement", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "A rootful engine needs every capability and no seccomp "
	      "filter, so its confinement is the LSM policy; a daemon outside the "
	      "expected state is misconfigured or not the real daemon.",
	  .audit_text = "Reads process:dockerd and process:containerd (/proc/PID/"
	      "status and attr/current). Expected: a root daemon holds the full "
	      "capability set and seccomp mode 0 or 2 (shown as evidence, not "
	      "failed); it fails when (a) SELinux is enforcing and the daemon's label "
	      "is an unconfined domain (unconfined_t, initrc_t, init_t, kernel_t, "
	      "spc_t, unlabeled_t) instead of container_runtime_t; (b) dockerd runs "
	      "as a non-root uid yet holds effective capabilities in the host's own "
	      "user namespace (a rootless engine's capabilities live in its own user "
	      "namespace, where it is uid 0: /proc/PID/uid_map not the identity map "
	      "passes, with the map as evidence); (c) seccomp strict mode (1), which no working "
	      "daemon can run under. A daemon not running is notapplicable.",
	  .remediation = "Install container-selinux and restore the daemons' labels "
	      "(restorecon -v /usr/bin/dockerd /usr/bin/containerd; systemctl restart "
	      "docker containerd); remove file capabilities from a non-root dockerd "
	      "(setcap -r) and use rootless mode instead.",
	  .references = "https://docs.docker.com/engine/security/rootless/",
	  .host = daemons_confined },
	{ .key = "host.subids", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "dockerd maps container ids onto the remap user's /etc/subuid "
	      "and /etc/subgid ranges; missing ranges stop the daemon, short ones make "
	      "images with high uids fail or map ids poorly.",
	  .audit_text = "userns.remap: the summed count of the remap user's subuid "
	      "and subgid ranges must each be at least 65536. Notapplicable when "
	      "userns-remap is not configured.",
	  .remediation = "Add e.g. `dockremap:100000:65536` to both /etc/subuid and "
	      "/etc/subgid (usermod --add-subuids 100000-165535 --add-subgids "
	      "100000-165535 dockremap), then restart dockerd.",
	  .references = "https://docs.docker.com/engine/security/userns-remap/",
	  .host = userns_ranges },
	{ .key = "daemon.flag_conflicts", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "dockerd refuses to start when a setting appears both on its "
	      "command line and in daemon.json; the next restart (an upgrade, a "
	      "reboot) leaves the host without its engine.",
	  .audit_text = "daemon.conflicts: every key set by a flag (unit ExecStart, "
	      "/etc/default/docker, /etc/sysconfig/docker) and by daemon.json is a "
	      "finding naming both sources.",
	  .remediation = "Keep each setting in one place: remove the flag from the "
	      "unit (systemctl edit docker) or the key from /etc/docker/daemon.json.",
	  .references = "https://docs.docker.com/reference/cli/dockerd/#daemon-configuration-file",
	  .host = config_conflicts },
	{ .key = NULL },
};
