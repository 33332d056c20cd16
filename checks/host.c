/*
 * CIS section 1: the host. 1.1.3-1.1.18 are one function over a table of
 * audited paths; the others read the host facts directly.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

/* ---- 1.1.1 separate partition --------------------------------------- */

/* 1.1.1: the engine's root dir lives on its own filesystem. */
static enum hd_status
separate_partition(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact fact;
	json_object *m = hd_require(f, ctx, HD_F_ROOT_MOUNT);
	const char *checked = NULL, *mp = NULL, *dev = NULL, *fstype = NULL;
	const char *table = NULL;
	bool separate = false;

	if (m == NULL)
		return HD_ERROR;
	hd_fact(&fact, ctx, HD_F_ROOT_MOUNT);
	if (hd_get_str(f, m, "checked", NULL, &checked) < 0 ||
	    hd_get_str(f, m, "mount_point", NULL, &mp) < 0 ||
	    hd_get_str(f, m, "device", NULL, &dev) < 0 ||
	    hd_get_str(f, m, "fstype", NULL, &fstype) < 0 ||
	    hd_get_str(f, m, "mount_table", NULL, &table) < 0 ||
	    hd_get_bool(f, m, "separate", false, &separate) < 0)
		return HD_ERROR;
	if (checked == NULL || mp == NULL) {
		hd_msg(f, "%s: the checked directory or its mount point is not "
		    "recorded", HD_F_ROOT_MOUNT);
		return HD_ERROR;
	}
	hd_ev_str(f, "checked", checked, fact.source);
	hd_ev_str(f, "mount_point", mp, table ? table : fact.source);
	hd_ev_str(f, "device", dev, table ? table : fact.source);
	hd_ev_str(f, "fstype", fstype, table ? table : fact.source);
	if (separate && strcmp(mp, "/") != 0) {
		hd_msg(f, "%s is on %s mounted at %s (%s)", checked,
		    dev ? dev : "?", mp, fstype ? fstype : "?");
		return HD_PASS;
	}
	hd_msg(f, "%s is on the root filesystem (%s mounted at %s)", checked,
	    dev ? dev : "?", mp);
	return HD_FAIL;
}

/* ---- 1.1.2 docker group -------------------------------------------- */

/* 1.1.2: every member of the docker group is declared trusted. */
static enum hd_status
trusted_users(const struct hd_ctx *ctx, struct hd_finding *f)
{
	static const char *const lists[] = { "members", "primary" };
	struct hd_fact g;
	json_object *all;
	char *bad = NULL;
	const char *param = hd_param(ctx, "trusted_users");
	enum hd_status st = HD_PASS;

	hd_fact(&g, ctx, HD_F_DOCKER_GROUP);
	if (g.state == HD_FACT_ABSENT) {
		hd_msg(f, "there is no docker group: only root can use the "
		    "engine's socket (%s)", g.reason ? g.reason : "");
		return HD_NOTAPPLICABLE;
	}
	if (hd_require(f, ctx, HD_F_DOCKER_GROUP) == NULL)
		return HD_ERROR;
	all = json_object_new_array();
	for (size_t l = 0; l < 2; l++) {
		json_object *arr = NULL;

		if (hd_get_array(f, g.value, lists[l], &arr) < 0) {
			json_object_put(all);
			return HD_ERROR;
		}
		for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
			json_object *u = json_object_array_get_idx(arr, i);

			if (json_object_is_type(u, json_type_string) &&
			    !hd_json_array_has(all, json_object_get_string(u)))
				json_object_array_add(all, json_object_get(u));
		}
	}
	for (size_t i = 0; i < json_object_array_length(all); i++) {
		const char *u = json_object_get_string(
		    json_object_array_get_idx(all, i));

		if (param != NULL && !hd_param_list_has(ctx, "trusted_users", u)) {
			char *t = hd_xasprintf("%s%s%s", bad ? bad : "",
			    bad ? ", " : "", u);
			free(bad);
			bad = t;
		}
	}
	if (json_object_array_length(all) == 0) {
		hd_msg(f, "the docker group has no members");
	} else if (param == NULL) {
		hd_msg(f, "%zu user(s) in the docker group can control the engine "
		    "as root: %s; declare the trusted ones with the trusted_users "
		    "parameter to decide", json_object_array_length(all),
		    json_object_to_json_string_ext(all, JSON_C_TO_STRING_PLAIN));
		st = HD_MANUAL;
	} else if (bad != NULL) {
		hd_msg(f, "docker group members not in trusted_users: %s", bad);
		st = HD_FAIL;
	} else {
		hd_msg(f, "every docker group member is in trusted_users");
	}
	hd_ev(f, "docker group members", all, g.source);
	if (param != NULL)
		hd_ev_str(f, "trusted_users", param, "parameter");
	free(bad);
	return st;
}

/* ---- 1.1.3-1.1.18 audit rules --------------------------------------- */

/* Whether rule path rp names exactly path p (a trailing '/' aside). */
static bool
same_path(const char *rp, const char *p)
{
	size_t a = strlen(rp), b = strlen(p);

	while (a > 1 && rp[a - 1] == '/')
		a--;
	while (b > 1 && p[b - 1] == '/')
		b--;
	return a == b && strncmp(rp, p, a) == 0;
}

/* Whether a rule's permissions record changes: w (write) or a (attribute
 * change); an empty set is auditctl's default, rwxa. */
static bool
records_changes(const char *perms)
{
	return perms == NULL || perms[0] == '\0' || strchr(perms, 'w') != NULL ||
	    strchr(perms, 'a') != NULL;
}

/* Look for a rule covering path in the array rules (from source); 1
 * found (evidence added under label), 0 not. */
static int
rule_covers(struct hd_finding *f, json_object *rules, const char *source,
    const char *label, const char *path, bool is_dir)
{
	for (size_t i = 0; i < json_object_array_length(rules); i++) {
		json_object *r = json_object_array_get_idx(rules, i);
		const char *rp = NULL, *perms = NULL, *form = NULL, *src = NULL;
		char *text;

		if (hd_get_str(NULL, r, "path", NULL, &rp) < 0 || rp == NULL ||
		    hd_get_str(NULL, r, "perms", NULL, &perms) < 0 ||
		    hd_get_str(NULL, r, "form", "watch", &form) < 0 ||
		    hd_get_str(NULL, r, "source", source, &src) < 0)
			continue;
		if (!same_path(rp, path) || !records_changes(perms))
			continue;
		/* dir= audits a tree: it covers the directory itself only. */
		if (strcmp(form, "dir") == 0 && !is_dir)
			continue;
		text = hd_xasprintf("%s=%s perms=%s", form, rp,
		    perms && perms[0] ? perms : "rwxa");
		hd_ev_str(f, label, text, src);
		free(text);
		return 1;
	}
	return 0;
}

/* The configured rules (audit.rules, rules.d) covering path: 1, 0, or
 * -1 with *why when they could not be read. */
static int
configured_covers(const struct hd_ctx *ctx, struct hd_finding *f,
    const char *path, bool is_dir, const char **why)
{
	struct hd_fact rules;

	hd_fact(&rules, ctx, HD_F_AUDIT_RULES);
	if (rules.state == HD_FACT_ABSENT)
		return 0;
	if (rules.state == HD_FACT_ERROR ||
	    !json_object_is_type(rules.value, json_type_array)) {
		*why = rules.reason ? rules.reason : "not an array";
		return -1;
	}
	return rule_covers(f, rules.value, rules.source,
	    "rule (audit.rules, rules.d)", path, is_dir);
}

/* What the kernel has loaded: the rules array, and whether auditing is
 * on. 1 observed, 0 not observable here (--root), -1 unreadable (*why). */
static int
loaded_rules(const struct hd_ctx *ctx, struct hd_finding *f,
    json_object **rules, int64_t *enabled, const char **source,
    const char **why)
{
	struct hd_fact l;

	*rules = NULL;
	*enabled = 1;
	hd_fact(&l, ctx, HD_F_AUDIT_LOADED);
	*source = l.source;
	*why = l.reason;
	if (l.state == HD_FACT_ABSENT)
		return 0;
	if (l.state == HD_FACT_ERROR)
		return -1;
	/* A snapshot of an older hardock holds the array alone. */
	if (json_object_is_type(l.value, json_type_array)) {
		*rules = l.value;
		return 1;
	}
	if (hd_get_array(f, l.value, "rules", rules) < 0 || *rules == NULL ||
	    hd_get_int(f, l.value, "enabled", 1, enabled) < 0) {
		*why = "audit.loaded: expected {\"rules\": [...], \"enabled\": n}";
		return -1;
	}
	return 1;
}

/* Per-path test: is this path watched by a rule the kernel has loaded
 * (with auditing enabled)? A rule only in the files is not loaded: a
 * failure, both facts shown. Where the loaded state is not observable
 * (--root) the configured rules decide, and the evidence says so. The
 * finding's object id is the path. */
static enum hd_status
audit_test(const struct hd_ctx *ctx, json_object *file, struct hd_finding *f,
    const void *arg)
{
	const char *type = NULL, *why_rules = NULL, *why_loaded = NULL, *lsrc;
	const char *path = f->object_id;
	json_object *loaded;
	int64_t enabled;
	bool is_dir;
	int a, b, seen;

	(void)arg;
	if (hd_get_str(f, file, "type", NULL, &type) < 0)
		return HD_ERROR;
	is_dir = type != NULL && strcmp(type, "directory") == 0;
	a = configured_covers(ctx, f, path, is_dir, &why_rules);
	seen = loaded_rules(ctx, f, &loaded, &enabled, &lsrc, &why_loaded);
	if (seen < 0) {
		hd_ev_str(f, "loaded rules", NULL, lsrc);
		hd_msg(f, "the rules the kernel has loaded could not be read: %s",
		    why_loaded ? why_loaded : "unknown");
		return HD_ERROR;
	}
	if (seen == 0) {
		hd_ev_str(f, "loaded rules", why_loaded, lsrc);
		if (a < 0) {
			hd_msg(f, "the rule files could not be read: %s", why_rules);
			return HD_ERROR;
		}
		hd_msg(f, a > 0 ? "%s is audited by the configured rules (whether "
		    "they are loaded is not observable here: judged on the rule "
		    "files)" : "no audit rule for exactly %s in the rule files (e.g. "
		    "-w %s -p wa -k docker)", path, path);
		return a > 0 ? HD_PASS : HD_FAIL;
	}
	b = rule_covers(f, loaded, lsrc, "rule (loaded in the kernel)", path, is_dir);
	hd_ev_int(f, "audit enabled", enabled, lsrc);
	if (b > 0 && enabled == 0) {
		hd_msg(f, "a rule for %s is loaded but the kernel's auditing is "
		    "disabled (enabled=0): nothing is recorded", path);
		return HD_FAIL;
	}
	if (b > 0) {
		hd_msg(f, "%s is audited (loaded in the kernel%s)", path, a > 0 ?
		    ", and configured" : a < 0 ? "; the rule files could not be read" :
		    ", but in no rule file: lost at the next boot");
		return HD_PASS;
	}
	if (a > 0) {
		hd_ev_str(f, "rule (loaded in the kernel)", NULL, lsrc);
		hd_msg(f, "%s is configured but not loaded: the kernel has no rule "
		    "for it (load the rules: augenrules --load)", path);
		return HD_FAIL;
	}
	hd_msg(f, "no audit rule for exactly %s is loaded (e.g. -w %s -p wa "
	    "-k docker)%s", path, path, a < 0 ? "; the rule files could not be "
	    "read either" : "");
	return HD_FAIL;
}

/* Targets only section 1 names. */
static const struct hd_target t_dockerd = { "the dockerd binary",
	{ "/usr/bin/dockerd", "/usr/sbin/dockerd", "/usr/local/bin/dockerd" },
	NULL, NULL };
static const struct hd_target t_run_containerd = { "/run/containerd",
	{ "/run/containerd" }, NULL, NULL };
static const struct hd_target t_data_root = { "the engine's data root",
	{ NULL }, hd_paths_data_root, NULL };
static const struct hd_target t_containerd_toml = {
	"/etc/containerd/config.toml", { "/etc/containerd/config.toml" }, NULL, NULL };
static const struct hd_target t_containerd = { "the containerd binary",
	{ "/usr/bin/containerd", "/usr/sbin/containerd",
	  "/usr/local/bin/containerd" }, NULL, NULL };
static const struct hd_target t_shim = { "containerd-shim",
	{ "/usr/bin/containerd-shim", "/usr/sbin/containerd-shim",
	  "/usr/local/bin/containerd-shim" }, NULL, NULL };
static const struct hd_target t_shim_v1 = { "containerd-shim-runc-v1",
	{ "/usr/bin/containerd-shim-runc-v1", "/usr/sbin/containerd-shim-runc-v1",
	  "/usr/local/bin/containerd-shim-runc-v1" }, NULL, NULL };
static const struct hd_target t_shim_v2 = { "containerd-shim-runc-v2",
	{ "/usr/bin/containerd-shim-runc-v2", "/usr/sbin/containerd-shim-runc-v2",
	  "/usr/local/bin/containerd-shim-runc-v2" }, NULL, NULL };
static const struct hd_target t_runc = { "runc",
	{ "/usr/bin/runc", "/usr/sbin/runc", "/usr/local/bin/runc" }, NULL, NULL };

/* The audited paths of 1.1.3 to 1.1.18, in CIS order. */
static const struct hd_target *const audited[] = {
	&t_dockerd, &t_run_containerd, &t_data_root, &hd_t_etc_docker,
	&hd_t_service, &hd_t_containerd_sock, &hd_t_socket_unit,
	&hd_t_env_default, &hd_t_daemon_json, &t_containerd_toml,
	&hd_t_env_sysconfig, &t_containerd, &t_shim, &t_shim_v1, &t_shim_v2,
	&t_runc,
};

/* Run one row of the audit table. */
static enum hd_status
audit_rule(const struct hd_ctx *ctx, struct hd_finding *f,
    const struct hd_target *const *t)
{
	return hd_check_target(ctx, f, *t, audit_test, NULL);
}

#define AUDIT(n, i) HD_ROW_CHECK(audit_##n, audit_rule, audited, i)
AUDIT(3, 0) AUDIT(4, 1) AUDIT(5, 2) AUDIT(6, 3) AUDIT(7, 4) AUDIT(8, 5)
AUDIT(9, 6) AUDIT(10, 7) AUDIT(11, 8) AUDIT(12, 9) AUDIT(13, 10)
AUDIT(14, 11) AUDIT(15, 12) AUDIT(16, 13) AUDIT(17, 14) AUDIT(18, 15)
#undef AUDIT

/* ---- 1.2 general configuration -------------------------------------- */

/* 1.2.2: the versions of engine, containerd and runc, compared with the
 * min_docker_version parameter when given. */
static enum hd_status
docker_version(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact fact;
	json_object *v = hd_require(f, ctx, HD_F_ENGINE_VERSION), *comps = NULL;
	const char *engine = NULL, *min = hd_param(ctx, "min_docker_version");
	int c;

	if (v == NULL)
		return HD_ERROR;
	hd_fact(&fact, ctx, HD_F_ENGINE_VERSION);
	if (hd_get_str(f, v, "Version", NULL, &engine) < 0 ||
	    hd_get_array(f, v, "Components", &comps) < 0)
		return HD_ERROR;
	hd_ev_str(f, "Version", engine, fact.source);
	for (size_t i = 0; comps && i < json_object_array_length(comps); i++) {
		json_object *cp = json_object_array_get_idx(comps, i);
		const char *name = NULL, *ver = NULL;
		char *field;

		if (hd_get_str(NULL, cp, "Name", NULL, &name) < 0 || name == NULL ||
		    hd_get_str(NULL, cp, "Version", NULL, &ver) < 0)
			continue;
		field = hd_xasprintf("Components[%s].Version", name);
		hd_ev_str(f, field, ver, fact.source);
		free(field);
	}
	if (engine == NULL) {
		hd_msg(f, "GET /version has no Version");
		return HD_ERROR;
	}
	if (min == NULL) {
		hd_msg(f, "engine %s: compare the engine, containerd and runc "
		    "versions with the current releases (or set "
		    "min_docker_version)", engine);
		return HD_MANUAL;
	}
	hd_ev_str(f, "min_docker_version", min, "parameter");
	if ((c = hd_version_cmp(engine, min)) == -2) {
		hd_msg(f, "cannot compare engine version '%s' with "
		    "min_docker_version '%s'", engine, min);
		return HD_ERROR;
	}
	if (c < 0) {
		hd_msg(f, "engine %s is older than min_docker_version %s",
		    engine, min);
		return HD_FAIL;
	}
	hd_msg(f, "engine %s is at least min_docker_version %s", engine, min);
	return HD_PASS;
}

static const struct hd_param_def trusted_params[] = {
	{ "trusted_users", HD_PARAM_LIST, NULL,
	  "users allowed in the docker group (comma-separated); unset: list "
	  "the members for review" },
	{ .name = NULL },
};

static const struct hd_param_def version_params[] = {
	{ "min_docker_version", HD_PARAM_STRING, NULL,
	  "oldest acceptable engine version (e.g. 24.0.7); unset: show the "
	  "versions for review" },
	{ .name = NULL },
};

#define AUDIT_RATIONALE "dockerd runs as root and everything it reads or " \
	"executes is part of that trust. An audit watch records who changed " \
	"the file, when and how, which is what an investigation needs."
#define AUDIT_TEXT(what) "Looks for a rule on exactly " what " in the " \
	"rules the running kernel has loaded (asked over the audit netlink " \
	"socket, AUDIT_LIST_RULES, as auditctl -l does) with auditing enabled, " \
	"and in /etc/audit/audit.rules and /etc/audit/rules.d/*.rules; the " \
	"evidence names both. A rule only in the files is configured but not " \
	"loaded: a failure. Under --root (a mounted tree, not the running " \
	"kernel) the configured rules decide and the evidence says so; loaded " \
	"rules that cannot be read are an error. Only a rule for that very path counts " \
	"(a rule on /etc/docker/daemon.json does not cover /etc/docker; for a " \
	"directory a -w watch or a dir= rule on it counts), and it must record " \
	"writes or attribute changes (perms w or a). Each existing path is a " \
	"finding; notapplicable when the path does not exist on this host."
/* ${path} is the file hardock found (hd_check_files sets it), path the
 * usual one until it does. */
#define AUDIT_FIX(path) "Add `-w ${path:-" path "} -p wa -k docker` to " \
	"${audit_rules_file}, then run augenrules --load (or restart auditd)."
#define AUDIT_REF "https://man7.org/linux/man-pages/man8/auditctl.8.html"

/* Where the fix adds the rule: benchmark versions name different files. */
static const struct hd_param_def audit_params[] = {
	{ "audit_rules_file", HD_PARAM_STRING, "/etc/audit/rules.d/audit.rules",
	  "the audit rules file the remediation text names" },
	{ .name = NULL },
};

/* An entry of the audit table. */
#define AUDIT_CHECK(n, k, what, fix)                                         \
	{ .key = k, .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,       \
	  .scope = HD_SCOPE_HOST, .rationale = AUDIT_RATIONALE,              \
	  .audit_text = AUDIT_TEXT(what), .remediation = fix,                \
	  .references = AUDIT_REF, .params = audit_params, .host = audit_##n }

const struct hd_check hd_checks_host[] = {
	{ .key = "host.data_partition",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "Images, layers and container writes land under the engine's "
	      "data root. On the root filesystem a container that fills it stops "
	      "logging, package updates and sometimes the host itself.",
	  .audit_text = "Reads the mount holding the engine's data root (DockerRootDir; "
	      "with userns-remap the parent of the remapped subdirectory) from the "
	      "mount table of dockerd's namespace (/proc/PID/mountinfo; init's "
	      "when dockerd's cannot be read): it passes when that mount is not /. Evidence "
	      "names the directory, mount point, device and filesystem type.",
	  .remediation = "Create a dedicated filesystem (e.g. an LVM volume), mount it "
	      "at /var/lib/docker (or the \"data-root\" of daemon.json) through "
	      "/etc/fstab, and move the data while dockerd is stopped.",
	  .references = "https://docs.docker.com/engine/daemon/#daemon-data-directory",
	  .host = separate_partition },
	{ .key = "host.docker_group",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "Membership of the docker group is root on the host: a member "
	      "can start a privileged container that mounts /.",
	  .audit_text = "Lists the docker group's members (supplementary members "
	      "from /etc/group and users whose primary group it is). With the "
	      "trusted_users parameter it decides: any member not listed fails. "
	      "Without it the result is manual with the members as evidence (pass "
	      "when the group is empty, notapplicable when there is no docker group).",
	  .remediation = "Remove untrusted users with `gpasswd -d USER docker`; "
	      "declare the trusted ones with --param trusted_users=alice,bob.",
	  .references = "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
	  .params = trusted_params, .host = trusted_users },
	AUDIT_CHECK(3, "audit.dockerd",
	    "the dockerd binary (whichever of /usr/bin, /usr/sbin, /usr/local/bin "
	    "holds it)", AUDIT_FIX("/usr/bin/dockerd")),
	AUDIT_CHECK(4, "audit.run_containerd",
	    "/run/containerd", AUDIT_FIX("/run/containerd")),
	AUDIT_CHECK(5, "audit.data_root",
	    "the engine's data root (\"data-root\", default /var/lib/docker)",
	    AUDIT_FIX("/var/lib/docker")),
	AUDIT_CHECK(6, "audit.etc_docker",
	    "/etc/docker", AUDIT_FIX("/etc/docker")),
	AUDIT_CHECK(7, "audit.docker_service",
	    "docker.service as systemd loads it (the unit file and its drop-ins)",
	    AUDIT_FIX("/lib/systemd/system/docker.service")
	    " Use the unit path shown; add one rule per drop-in."),
	AUDIT_CHECK(8, "audit.containerd_sock",
	    "/run/containerd/containerd.sock",
	    AUDIT_FIX("/run/containerd/containerd.sock")),
	AUDIT_CHECK(9, "audit.docker_socket",
	    "docker.socket as systemd loads it (the unit file and its drop-ins)",
	    AUDIT_FIX("/lib/systemd/system/docker.socket")
	    " Use the unit path shown."),
	AUDIT_CHECK(10, "audit.etc_default_docker",
	    "/etc/default/docker", AUDIT_FIX("/etc/default/docker")),
	AUDIT_CHECK(11, "audit.daemon_json",
	    "the daemon's configuration file (--config-file, else "
	    "/etc/docker/daemon.json)", AUDIT_FIX("/etc/docker/daemon.json")),
	AUDIT_CHECK(12, "audit.containerd_config",
	    "/etc/containerd/config.toml", AUDIT_FIX("/etc/containerd/config.toml")),
	AUDIT_CHECK(13, "audit.etc_sysconfig_docker",
	    "/etc/sysconfig/docker", AUDIT_FIX("/etc/sysconfig/docker")),
	AUDIT_CHECK(14, "audit.containerd",
	    "the containerd binary (/usr/bin, /usr/sbin or /usr/local/bin)",
	    AUDIT_FIX("/usr/bin/containerd")),
	AUDIT_CHECK(15, "audit.containerd_shim",
	    "containerd-shim", AUDIT_FIX("/usr/bin/containerd-shim")),
	AUDIT_CHECK(16, "audit.containerd_shim_runc_v1",
	    "containerd-shim-runc-v1",
	    AUDIT_FIX("/usr/bin/containerd-shim-runc-v1")),
	AUDIT_CHECK(17, "audit.containerd_shim_runc_v2",
	    "containerd-shim-runc-v2",
	    AUDIT_FIX("/usr/bin/containerd-shim-runc-v2")),
	AUDIT_CHECK(18, "audit.runc",
	    "runc", AUDIT_FIX("/usr/bin/runc")),
	{ .key = "host.docker_version",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "Engine, containerd and runc releases fix container escapes "
	      "(e.g. CVE-2019-5736, CVE-2024-21626 in runc).",
	  .audit_text = "Shows the engine, containerd and runc versions from GET "
	      "/version (Version and Components). With the min_docker_version "
	      "parameter it decides: an engine older than it (compared numerically, "
	      "20.10.24 < 24.0.5) fails; without it the result is manual.",
	  .remediation = "Upgrade docker, containerd and runc from the distribution or "
	      "Docker's repository (apt-get install --only-upgrade docker-ce "
	      "containerd.io, or docker.io on Debian); set min_docker_version in the "
	      "profile to enforce a floor.",
	  .references = "https://docs.docker.com/engine/release-notes/",
	  .params = version_params, .host = docker_version },
	{ .key = NULL },
};
