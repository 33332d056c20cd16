/* CIS section 2: the Docker daemon's configuration. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paths.h"

/* 2.2: ICC on the default bridge. The engine's own network options are
 * the effective value; the daemon's icc setting is the fallback. */
static enum hd_status
icc_restricted(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact nets;
	struct hd_setting icc;
	json_object *bridge;
	const char *opt = NULL, *bsrc;

	hd_fact(&nets, ctx, HD_F_ENGINE_NETWORKS);
	if (hd_default_bridge(ctx, &bridge, &bsrc) == 0) {
		hd_msg(f, "the engine has no default bridge network "
		    "(bridge=none, %s)", bsrc);
		return HD_NOTAPPLICABLE;
	}
	if (bridge != NULL) {
		json_object *opts = NULL, *v;

		if (hd_get_object(f, bridge, "Options", &opts) < 0)
			return HD_ERROR;
		if (opts && json_object_object_get_ex(opts,
		    "com.docker.network.bridge.enable_icc", &v) &&
		    json_object_is_type(v, json_type_string))
			opt = json_object_get_string(v);
		hd_ev_str(f, "bridge.Options.com.docker.network.bridge.enable_icc",
		    opt, nets.source);
		if (opt != NULL && strcmp(opt, "false") == 0) {
			hd_msg(f, "inter-container communication is disabled on "
			    "the default bridge");
			return HD_PASS;
		}
		hd_msg(f, "containers on the default bridge can reach each other "
		    "(enable_icc=%s)", opt ? opt : "true");
		return HD_FAIL;
	}
	if (!hd_setting_get(&icc, ctx, f, "icc"))
		return HD_ERROR;
	hd_ev(f, "icc", icc.value ? json_object_get(icc.value) : NULL, icc.source);
	if (icc.value != NULL && json_object_is_type(icc.value, json_type_boolean) &&
	    !json_object_get_boolean(icc.value)) {
		hd_msg(f, "icc is false");
		return HD_PASS;
	}
	hd_msg(f, "icc is %s", icc.value ? json_object_to_json_string(icc.value) :
	    "true (the default)");
	return HD_FAIL;
}

/* ---- Effective values: the engine's answer first, then the config ---- */

/* Where an effective value came from. */
struct eff {
	json_object *value; /* borrowed; NULL: the daemon's default */
	const char *field;  /* "LiveRestoreEnabled" or "live-restore" */
	const char *source; /* "GET /v1.43/info" or the setting's source */
	bool from_info;
};

/* The value of info_path in GET /info when the engine answered and has
 * that field, else setting key of the merged configuration. false with
 * f's message set when neither can be read. */
static bool
effective(struct eff *out, const struct hd_ctx *ctx, struct hd_finding *f,
    const char *info_path, const char *key)
{
	struct hd_setting s;

	out->from_info = false;
	if (info_path != NULL &&
	    hd_info_field(ctx, info_path, &out->value, &out->source)) {
		out->field = info_path;
		out->from_info = true;
		return true;
	}
	out->field = key;
	if (!hd_setting_get(&s, ctx, f, key))
		return false;
	out->value = s.value;
	out->source = s.source;
	return true;
}

/* Add an effective value as evidence. */
static void
ev_eff(struct hd_finding *f, const struct eff *e)
{
	hd_ev(f, e->field, e->value ? json_object_get(e->value) : NULL,
	    e->source);
}

/* An effective value read as a boolean (JSON or "true"/"false"); false
 * with f's message set when it is something else. */
static bool
eff_bool(const struct eff *e, struct hd_finding *f, bool def, bool *out)
{
	struct hd_setting s = { e->value, e->source };

	if (hd_setting_bool(&s, def, out) == 0)
		return true;
	hd_msg(f, "%s (%s): expected a boolean, got %s", e->field, e->source,
	    json_object_to_json_string(e->value));
	return false;
}

/* An effective value as a string, def when unset; false with f's message
 * set when it is not a string. */
static bool
eff_str(const struct eff *e, struct hd_finding *f, const char *def,
    const char **out)
{
	*out = def;
	if (e->value == NULL || json_object_is_type(e->value, json_type_null))
		return true;
	if (!json_object_is_type(e->value, json_type_string)) {
		hd_msg(f, "%s (%s): expected a string, got %s", e->field,
		    e->source, json_object_to_json_string(e->value));
		return false;
	}
	*out = json_object_get_string(e->value);
	return true;
}

/* A "name=NAME,..." entry of GET /info SecurityOptions: 1 found (*entry
 * set), 0 not listed, -1 when the engine's answer is not available. */
static int
security_option(const struct hd_ctx *ctx, const char *name,
    const char **entry, const char **source)
{
	json_object *opts;
	size_t n = strlen(name);
	struct hd_fact info;

	*entry = NULL;
	hd_fact(&info, ctx, HD_F_ENGINE_INFO);
	*source = info.source;
	if (info.state != HD_FACT_VALUE)
		return -1;
	if (!hd_info_field(ctx, "SecurityOptions", &opts, source) ||
	    !json_object_is_type(opts, json_type_array))
		return 0;
	for (size_t i = 0; i < json_object_array_length(opts); i++) {
		json_object *o = json_object_array_get_idx(opts, i);
		const char *s;

		if (!json_object_is_type(o, json_type_string))
			continue;
		s = json_object_get_string(o);
		if (strncmp(s, "name=", 5) == 0 && strncmp(s + 5, name, n) == 0 &&
		    (s[5 + n] == '\0' || s[5 + n] == ',')) {
			*entry = s;
			return 1;
		}
	}
	return 0;
}

/* A boolean daemon setting that should be want: pass or fail with the
 * setting as evidence. what_on/what_off describe both states. */
static enum hd_status
bool_setting(const struct hd_ctx *ctx, struct hd_finding *f,
    const char *info_path, const char *key, bool def, bool want,
    const char *what_on, const char *what_off)
{
	struct eff e;
	bool on;

	if (!effective(&e, ctx, f, info_path, key) || !eff_bool(&e, f, def, &on))
		return HD_ERROR;
	ev_eff(f, &e);
	hd_msg(f, "%s (%s%s)", on ? what_on : what_off, e.field,
	    e.value ? "" : ", the default");
	return on == want ? HD_PASS : HD_FAIL;
}

/* ---- Section 2 checks ------------------------------------------------ */

/* Whether fact key holds a value. */
static bool
fact_is_value(const struct hd_ctx *ctx, const char *key)
{
	struct hd_fact fact;

	hd_fact(&fact, ctx, key);
	return fact.state == HD_FACT_VALUE;
}

/* The rootless daemon's user, unit, rootlesskit and signs as evidence;
 * 1 rootless, 0 not, -1 malformed (f's message set). */
static int
rootless_evidence(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_rootless rl;
	json_object *v;
	int r;

	/* A remote engine's daemon is not this host's: its rootless fact is
	 * not collected, and reading it would gate the check as judging
	 * this host (the engine's own answer decides then). */
	if (hd_snapshot_remote(hd_ctx_snapshot(ctx)) != NULL)
		return 0;
	if ((r = hd_rootless_get(&rl, ctx, f)) <= 0)
		return r;
	hd_ev_str(f, "user", rl.user, rl.source);
	hd_ev_int(f, "uid", rl.uid, rl.source);
	if (json_object_object_get_ex(rl.fact, "unit", &v) && v != NULL)
		hd_ev(f, "unit", json_object_get(v), rl.source);
	if (json_object_object_get_ex(rl.fact, "rootlesskit_pid", &v) && v != NULL)
		hd_ev(f, "rootlesskit_pid", json_object_get(v), rl.source);
	if (json_object_object_get_ex(rl.fact, "evidence", &v))
		hd_ev(f, "evidence", json_object_get(v), rl.source);
	return 1;
}

/* 2.1: rootless engine, from /info (name=rootless) or the process. */
static enum hd_status
rootless(const struct hd_ctx *ctx, struct hd_finding *f)
{
	const char *entry, *src;
	json_object *procs;
	int r = security_option(ctx, "rootless", &entry, &src), rl;

	if ((rl = rootless_evidence(ctx, f)) < 0)
		return HD_ERROR;
	if (r >= 0) {
		hd_ev_str(f, "SecurityOptions", entry, src);
		hd_msg(f, r ? "the engine runs rootless" : "the engine runs as root "
		    "(no name=rootless in SecurityOptions)");
		return r ? HD_PASS : HD_FAIL;
	}
	if (rl > 0 && !fact_is_value(ctx, HD_F_DAEMON_PROCESSES)) {
		hd_msg(f, "dockerd is configured to run rootless (a user's own "
		    "docker.service; no live process to show it)");
		return HD_PASS;
	}
	if ((procs = hd_require(f, ctx, HD_F_DAEMON_PROCESSES)) == NULL)
		return HD_ERROR;
	for (size_t i = 0; json_object_is_type(procs, json_type_array) &&
	    i < json_object_array_length(procs); i++) {
		json_object *p = json_object_array_get_idx(procs, i);
		bool audited = false, own = false;
		int64_t uid = -1;

		if (hd_get_bool(f, p, "audited", false, &audited) < 0 ||
		    hd_get_bool(f, p, "rootless", false, &own) < 0 ||
		    hd_get_int(f, p, "uid", -1, &uid) < 0)
			return HD_ERROR;
		if (!audited)
			continue;
		hd_ev_int(f, "uid", uid, HD_F_DAEMON_PROCESSES);
		hd_ev_bool(f, "rootless", own, HD_F_DAEMON_PROCESSES);
		hd_msg(f, own || uid > 0 ? "dockerd runs rootless (uid %lld)" :
		    "dockerd runs as root (uid %lld)", (long long)uid);
		return own || uid > 0 ? HD_PASS : HD_FAIL;
	}
	if (rl > 0) {
		hd_msg(f, "dockerd is configured to run rootless (a user's own "
		    "docker.service; not running now)");
		return HD_PASS;
	}
	hd_msg(f, "the engine did not answer and no running dockerd was found");
	return HD_ERROR;
}

/* 2.3: log level info; debug mode is a level too. */
static enum hd_status
log_level(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct eff dbg, lvl;
	bool debug;
	const char *level;

	if (!effective(&dbg, ctx, f, "Debug", "debug") ||
	    !eff_bool(&dbg, f, false, &debug))
		return HD_ERROR;
	ev_eff(f, &dbg);
	if (debug) {
		hd_msg(f, "the daemon runs in debug mode (%s)", dbg.field);
		return HD_FAIL;
	}
	if (!effective(&lvl, ctx, f, NULL, "log-level") ||
	    !eff_str(&lvl, f, "info", &level))
		return HD_ERROR;
	ev_eff(f, &lvl);
	/* dockerd lower-cases the level before parsing it (logrus's
	 * ParseLevel): "INFO" and "Info" are info. */
	if (strcasecmp(level, "info") == 0) {
		hd_msg(f, "log-level is %s%s", level, lvl.value ? "" :
		    " (the default)");
		return HD_PASS;
	}
	hd_msg(f, "log-level is %s (%s), not info", level, lvl.source);
	return HD_FAIL;
}

/* 2.4: dockerd manages iptables. */
static enum hd_status
iptables(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return bool_setting(ctx, f, NULL, "iptables", true, true,
	    "dockerd manages iptables", "dockerd may not change iptables");
}

/* Whether an insecure registry entry is the engine's built-in loopback. */
static bool
builtin_insecure(const char *s)
{
	return strcmp(s, "127.0.0.0/8") == 0 || strcmp(s, "::1/128") == 0;
}

/* Append s to the comma-separated list *list. */
static void
list_add(char **list, const char *s)
{
	char *t = hd_xasprintf("%s%s%s", *list ? *list : "", *list ? ", " : "", s);

	free(*list);
	*list = t;
}

/* 2.5: no insecure registry besides the built-in loopback CIDR. */
static enum hd_status
insecure_registries(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *rc, *cidrs = NULL, *idx = NULL, *list;
	const char *src;
	struct hd_setting s;
	char *bad = NULL;
	enum hd_status st;

	if (hd_info_field(ctx, "RegistryConfig", &rc, &src)) {
		if (hd_get_array(f, rc, "InsecureRegistryCIDRs", &cidrs) < 0 ||
		    hd_get_object(f, rc, "IndexConfigs", &idx) < 0)
			return HD_ERROR;
		for (size_t i = 0; cidrs && i < json_object_array_length(cidrs); i++) {
			json_object *c = json_object_array_get_idx(cidrs, i);

			if (json_object_is_type(c, json_type_string) &&
			    !builtin_insecure(json_object_get_string(c)))
				list_add(&bad, json_object_get_string(c));
		}
		if (idx != NULL) {
			json_object_object_foreach(idx, name, ic) {
				bool secure = true;

				if (hd_get_bool(NULL, ic, "Secure", true, &secure) == 0 &&
				    !secure)
					list_add(&bad, name);
			}
		}
		hd_ev(f, "RegistryConfig.InsecureRegistryCIDRs",
		    cidrs ? json_object_get(cidrs) : NULL, src);
	} else {
		if (!hd_setting_get(&s, ctx, f, "insecure-registries"))
			return HD_ERROR;
		list = s.value;
		if (list != NULL && !json_object_is_type(list, json_type_array)) {
			hd_msg(f, "insecure-registries (%s): expected an array",
			    s.source);
			return HD_ERROR;
		}
		for (size_t i = 0; list && i < json_object_array_length(list); i++) {
			json_object *c = json_object_array_get_idx(list, i);

			if (json_object_is_type(c, json_type_string) &&
			    !builtin_insecure(json_object_get_string(c)))
				list_add(&bad, json_object_get_string(c));
		}
		hd_ev(f, "insecure-registries", list ? json_object_get(list) : NULL,
		    s.source);
	}
	if (bad != NULL) {
		hd_ev_str(f, "insecure", bad, "effective");
		hd_msg(f, "insecure registries in use: %s", bad);
		st = HD_FAIL;
	} else {
		hd_msg(f, "no insecure registry besides the built-in 127.0.0.0/8");
		st = HD_PASS;
	}
	free(bad);
	return st;
}

/* The storage driver is not bad. The engine's answer (GET /info Driver:
 * what runs now) decides; the configured "storage-driver" is shown beside
 * it, and decides only without the engine's answer. Without either
 * nothing can pass. */
static enum hd_status
driver_not(const struct hd_ctx *ctx, struct hd_finding *f, const char *bad)
{
	struct eff info = { .field = "Driver", .from_info = true }, conf;
	const char *running = NULL, *configured = NULL;
	bool have_info = hd_info_field(ctx, "Driver", &info.value,
	    &info.source) == 1;

	if (have_info) {
		if (!eff_str(&info, f, NULL, &running))
			return HD_ERROR;
		ev_eff(f, &info);
	}
	/* The final message replaces a configuration error's when the
	 * engine's answer decides. */
	if (effective(&conf, ctx, f, NULL, "storage-driver")) {
		if (!eff_str(&conf, f, NULL, &configured))
			return HD_ERROR;
		ev_eff(f, &conf);
	} else if (!have_info) {
		return HD_ERROR;
	}
	if (running != NULL && strcmp(running, bad) == 0) {
		hd_msg(f, "the engine runs the %s storage driver (%s)", bad,
		    info.source);
		return HD_FAIL;
	}
	if (!have_info && configured != NULL && strcmp(configured, bad) == 0) {
		hd_msg(f, "the daemon is configured with the %s storage driver "
		    "(%s)", bad, conf.source);
		return HD_FAIL;
	}
	hd_msg(f, "the storage driver is %s", running ? running : configured ?
	    configured : "the engine's default (overlay2 where supported)");
	return HD_PASS;
}

/* The storage driver is not aufs (removed from the engine in 24.0). */
static enum hd_status
not_aufs(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return driver_not(ctx, f, "aufs");
}

/* The storage driver is not devicemapper (removed in Engine 25.0). */
static enum hd_status
not_devicemapper(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return driver_not(ctx, f, "devicemapper");
}

/* 2.7 per TCP endpoint: tlsverify with CA, certificate and key. */
static enum hd_status
endpoint_tls(json_object *ep, struct hd_finding *c, const char *src)
{
	static const char *const files[] = { "tlscacert", "tlscert", "tlskey" };
	bool verify = false;
	char *missing = NULL;

	if (hd_get_bool(c, ep, "tlsverify", false, &verify) < 0)
		return HD_ERROR;
	hd_ev_bool(c, "tlsverify", verify, src);
	for (size_t i = 0; i < 3; i++) {
		const char *p = NULL;

		if (hd_get_str(c, ep, files[i], NULL, &p) < 0) {
			free(missing);
			return HD_ERROR;
		}
		hd_ev_str(c, files[i], p, src);
		if (p == NULL || p[0] == '\0')
			list_add(&missing, files[i]);
	}
	if (verify && missing == NULL) {
		hd_msg(c, "tlsverify with CA, certificate and key");
		return HD_PASS;
	}
	if (!verify)
		hd_msg(c, "TCP endpoint without tlsverify: clients are not "
		    "authenticated");
	else
		hd_msg(c, "tlsverify without %s", missing);
	free(missing);
	return HD_FAIL;
}

/* 2.7: every TCP endpoint authenticates clients with TLS. */
static enum hd_status
tls_auth(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return hd_each_tcp_endpoint(ctx, f, endpoint_tls);
}

/* 2.8: default ulimits are set. */
static enum hd_status
default_ulimits(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_setting s;

	if (!hd_setting_get(&s, ctx, f, "default-ulimits"))
		return HD_ERROR;
	hd_ev(f, "default-ulimits", s.value ? json_object_get(s.value) : NULL,
	    s.source);
	if (s.value != NULL && json_object_is_type(s.value, json_type_object) &&
	    json_object_object_length(s.value) > 0) {
		hd_msg(f, "default ulimits are set: %s",
		    json_object_to_json_string_ext(s.value, JSON_C_TO_STRING_PLAIN));
		return HD_PASS;
	}
	if (s.value != NULL && !json_object_is_type(s.value, json_type_object)) {
		hd_msg(f, "default-ulimits (%s): expected an object", s.source);
		return HD_ERROR;
	}
	hd_msg(f, "no default-ulimits: containers inherit dockerd's limits");
	return HD_FAIL;
}

/* 2.9: user namespace remapping. /info lists name=userns when it is in
 * effect; the configuration alone may not be applied yet. A rootless
 * daemon runs in a user namespace itself: the separation is inherent. */
static enum hd_status
userns(const struct hd_ctx *ctx, struct hd_finding *f)
{
	const char *entry, *src, *remap = NULL;
	struct hd_setting s;
	int r = security_option(ctx, "userns", &entry, &src), rl;

	if ((rl = rootless_evidence(ctx, f)) < 0)
		return HD_ERROR;
	if (rl > 0) {
		hd_msg(f, "inherent: the daemon is rootless, so it and its "
		    "containers run in a user namespace where root is an "
		    "unprivileged user of the host (userns-remap does not apply)");
		return HD_PASS;
	}

	if (r > 0) {
		hd_ev_str(f, "SecurityOptions", entry, src);
		hd_msg(f, "user namespace remapping is in effect");
		return HD_PASS;
	}
	if (!hd_setting_get(&s, ctx, f, "userns-remap"))
		return HD_ERROR;
	hd_ev(f, "userns-remap", s.value ? json_object_get(s.value) : NULL,
	    s.source);
	if (s.value != NULL && json_object_is_type(s.value, json_type_string))
		remap = json_object_get_string(s.value);
	if (r == 0) {
		hd_ev_str(f, "SecurityOptions", NULL, src);
		hd_msg(f, remap && remap[0] ? "userns-remap=%s is configured but "
		    "not in effect (no name=userns in SecurityOptions: restart "
		    "dockerd)" : "user namespace remapping is off%s",
		    remap && remap[0] ? remap : "");
		return HD_FAIL;
	}
	if (remap != NULL && remap[0] != '\0') {
		hd_msg(f, "userns-remap=%s", remap);
		return HD_PASS;
	}
	hd_msg(f, "user namespace remapping is off (no userns-remap)");
	return HD_FAIL;
}

/* 2.10: containers use the default cgroup parent. */
static enum hd_status
cgroup_parent(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_setting s;
	json_object *drv;
	const char *src, *v = NULL;

	if (hd_info_field(ctx, "CgroupDriver", &drv, &src))
		hd_ev(f, "CgroupDriver", json_object_get(drv), src);
	if (!hd_setting_get(&s, ctx, f, "cgroup-parent"))
		return HD_ERROR;
	hd_ev(f, "cgroup-parent", s.value ? json_object_get(s.value) : NULL,
	    s.source);
	if (s.value != NULL && json_object_is_type(s.value, json_type_string))
		v = json_object_get_string(s.value);
	if (v == NULL || v[0] == '\0') {
		hd_msg(f, "containers use the default cgroup parent");
		return HD_PASS;
	}
	hd_msg(f, "cgroup-parent is %s (%s): confirm its limits apply to every "
	    "container, or waive", v, s.source);
	return HD_FAIL;
}

/* 2.11: the devicemapper base size is not changed. */
static enum hd_status
base_device_size(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_setting s;

	if (!hd_setting_get(&s, ctx, f, "storage-opts"))
		return HD_ERROR;
	hd_ev(f, "storage-opts", s.value ? json_object_get(s.value) : NULL,
	    s.source);
	if (s.value != NULL && !json_object_is_type(s.value, json_type_array)) {
		hd_msg(f, "storage-opts (%s): expected an array", s.source);
		return HD_ERROR;
	}
	for (size_t i = 0; s.value && i < json_object_array_length(s.value); i++) {
		json_object *o = json_object_array_get_idx(s.value, i);

		if (json_object_is_type(o, json_type_string) &&
		    strncmp(json_object_get_string(o), "dm.basesize", 11) == 0) {
			hd_msg(f, "the base device size is changed: %s (%s)",
			    json_object_get_string(o), s.source);
			return HD_FAIL;
		}
	}
	hd_msg(f, "no dm.basesize storage option");
	return HD_PASS;
}

/* 2.12: an authorization plugin is configured. */
static enum hd_status
authz_plugins(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *plugins, *list = NULL;
	const char *src;
	struct hd_setting s;

	if (hd_info_field(ctx, "Plugins", &plugins, &src)) {
		if (hd_get_array(f, plugins, "Authorization", &list) < 0)
			return HD_ERROR;
		hd_ev(f, "Plugins.Authorization", list ? json_object_get(list) :
		    NULL, src);
	} else {
		if (!hd_setting_get(&s, ctx, f, "authorization-plugins"))
			return HD_ERROR;
		list = s.value;
		src = s.source;
		if (list != NULL && !json_object_is_type(list, json_type_array)) {
			hd_msg(f, "authorization-plugins (%s): expected an array", src);
			return HD_ERROR;
		}
		hd_ev(f, "authorization-plugins", list ? json_object_get(list) :
		    NULL, src);
	}
	if (list != NULL && json_object_array_length(list) > 0) {
		hd_msg(f, "authorization plugins: %s",
		    json_object_to_json_string_ext(list, JSON_C_TO_STRING_PLAIN));
		return HD_PASS;
	}
	hd_msg(f, "no authorization plugin: every client of the API may do "
	    "everything");
	return HD_FAIL;
}

/* A systemd boolean setting ("yes", "no", "1", "off", ...): 1, 0, or -1
 * when it is something else. */
static int
systemd_bool(const char *v)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

	for (size_t i = 0; i < 6; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Whether what reaches the host's journal (and its syslog socket) is
 * forwarded to another host: systemd-journal-upload enabled with a URL,
 * or a syslog daemon's remote rule fed from the journal (rsyslog's
 * imjournal, or journald's ForwardToSyslog not turned off). 1 yes, with
 * evidence; 0 no; -1 when the facts are missing (f's message set). */
static int
host_forwards(const struct hd_ctx *ctx, struct hd_finding *f)
{
	json_object *fw = hd_require(f, ctx, HD_F_LOG_FORWARDING), *remote = NULL;
	const char *url = NULL, *fts = NULL, *im = NULL, *src = NULL;
	bool enabled = false;

	if (fw == NULL)
		return -1;
	if (hd_get_str(f, fw, "journal_upload.url", NULL, &url) < 0 ||
	    hd_get_bool(f, fw, "journal_upload.enabled", false, &enabled) < 0 ||
	    hd_get_str(f, fw, "journald.ForwardToSyslog", NULL, &fts) < 0 ||
	    hd_get_str(f, fw, "journald.source", NULL, &src) < 0 ||
	    hd_get_str(f, fw, "imjournal", NULL, &im) < 0 ||
	    hd_get_array(f, fw, "syslog_remote", &remote) < 0)
		return -1;
	hd_ev_str(f, "systemd-journal-upload URL", url, HD_F_LOG_FORWARDING);
	hd_ev_bool(f, "systemd-journal-upload enabled", enabled,
	    HD_F_LOG_FORWARDING);
	hd_ev(f, "syslog rules sending to another host",
	    remote ? json_object_get(remote) : NULL, HD_F_LOG_FORWARDING);
	hd_ev_str(f, "journald ForwardToSyslog", fts, src ? src :
	    "unset (the distribution's default)");
	if (enabled && url != NULL && url[0] != '\0')
		return 1;
	if (remote == NULL || json_object_array_length(remote) == 0)
		return 0;
	if (im != NULL) {
		hd_ev_str(f, "rsyslog imjournal", im, HD_F_LOG_FORWARDING);
		return 1;
	}
	return fts == NULL || systemd_bool(fts) != 0;
}

/* Whether the syslog driver's syslog-address sends to another host:
 * tcp://, udp:// or tcp+tls:// to an address that is not loopback. */
static bool
syslog_address_remote(const char *addr)
{
	static const char *const schemes[] = { "tcp://", "udp://", "tcp+tls://" };
	const char *host = NULL;

	for (size_t i = 0; i < 3 && host == NULL; i++)
		if (strncmp(addr, schemes[i], strlen(schemes[i])) == 0)
			host = addr + strlen(schemes[i]);
	if (host == NULL)
		return false;
	return strncmp(host, "127.", 4) != 0 && strncmp(host, "localhost", 9) != 0 &&
	    strncmp(host, "[::1]", 5) != 0;
}

/* What hardock requires of a driver that logs on the host. */
#define FORWARDING_REQUIRED "systemd-journal-upload enabled with a URL, or an " \
	"rsyslog/syslog-ng rule sending to another host fed from the journal " \
	"(imjournal, or journald's ForwardToSyslog not off)"

/* 2.13: containers log to a central or remote system. json-file, local
 * and none keep logs on the host; journald and syslog to the local
 * socket do too, unless the host forwards them; the other drivers (and
 * syslog to a remote address) send them away. */
static enum hd_status
remote_logging(const struct hd_ctx *ctx, struct hd_finding *f)
{
	static const char *const local[] = { "json-file", "local", "none" };
	struct hd_setting opts;
	struct eff e;
	const char *drv, *addr = NULL;
	int fwd;

	if (!effective(&e, ctx, f, "LoggingDriver", "log-driver") ||
	    !eff_str(&e, f, "json-file", &drv))
		return HD_ERROR;
	ev_eff(f, &e);
	for (size_t i = 0; i < 3; i++)
		if (strcmp(drv, local[i]) == 0) {
			hd_msg(f, "the logging driver is %s: logs stay in files "
			    "on this host only", drv);
			return HD_FAIL;
		}
	if (strcmp(drv, "syslog") != 0 && strcmp(drv, "journald") != 0) {
		hd_msg(f, "the logging driver is %s, which sends logs off the "
		    "host", drv);
		return HD_PASS;
	}
	if (strcmp(drv, "syslog") == 0) {
		if (!hd_setting_get(&opts, ctx, f, "log-opts") ||
		    (opts.value != NULL && hd_get_str(f, opts.value,
		    "syslog-address", NULL, &addr) < 0))
			return HD_ERROR;
		hd_ev_str(f, "log-opts.syslog-address", addr, opts.source);
		if (addr != NULL && syslog_address_remote(addr)) {
			hd_msg(f, "the syslog driver sends to %s", addr);
			return HD_PASS;
		}
	}
	if ((fwd = host_forwards(ctx, f)) < 0)
		return HD_ERROR;
	if (fwd > 0) {
		hd_msg(f, "the %s driver logs on this host, which forwards the "
		    "logs to another host", drv);
		return HD_PASS;
	}
	hd_msg(f, "the %s driver logs on this host%s and no forwarding is "
	    "evidenced: hardock requires " FORWARDING_REQUIRED, drv,
	    addr ? " (a local syslog-address)" : "");
	return HD_FAIL;
}

/* 2.14: no-new-privileges by default. Engines that apply it list it in
 * SecurityOptions; others are judged from the configuration. */
static enum hd_status
no_new_privileges(const struct hd_ctx *ctx, struct hd_finding *f)
{
	const char *entry, *src;

	if (security_option(ctx, "no-new-privileges", &entry, &src) > 0) {
		hd_ev_str(f, "SecurityOptions", entry, src);
		hd_msg(f, "containers run with no-new-privileges by default");
		return HD_PASS;
	}
	return bool_setting(ctx, f, NULL, "no-new-privileges", false, true,
	    "containers run with no-new-privileges by default",
	    "containers may gain privileges through setuid binaries");
}

/* 2.15: live restore. */
static enum hd_status
live_restore(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return bool_setting(ctx, f, "LiveRestoreEnabled", "live-restore", false,
	    true, "live restore is enabled", "live restore is disabled");
}

/* 2.16: no userland proxy. */
static enum hd_status
userland_proxy(const struct hd_ctx *ctx, struct hd_finding *f)
{
	return bool_setting(ctx, f, NULL, "userland-proxy", true, false,
	    "the userland proxy is enabled", "the userland proxy is disabled");
}

/* Judge a daemon-wide seccomp profile name: builtin/default is Docker's
 * default profile, unconfined is none, anything else a custom file. */
static enum hd_status
seccomp_profile_status(struct hd_finding *f, const char *profile)
{
	if (profile == NULL || strcmp(profile, "builtin") == 0 ||
	    strcmp(profile, "default") == 0) {
		hd_msg(f, "containers get Docker's default seccomp profile");
		return HD_PASS;
	}
	if (strcmp(profile, "unconfined") == 0) {
		hd_msg(f, "seccomp is unconfined daemon-wide: containers run "
		    "without a syscall filter");
		return HD_FAIL;
	}
	hd_msg(f, "containers get the custom seccomp profile %s", profile);
	return HD_PASS;
}

/* 2.17: a daemon-wide seccomp profile is applied. */
static enum hd_status
seccomp_profile(const struct hd_ctx *ctx, struct hd_finding *f)
{
	const char *entry, *src, *p;
	struct hd_setting s;
	int r = security_option(ctx, "seccomp", &entry, &src);

	if (r > 0) {
		char *profile = NULL;
		enum hd_status st;

		hd_ev_str(f, "SecurityOptions", entry, src);
		if ((p = strstr(entry, ",profile=")) != NULL) {
			profile = hd_xstrdup(p + 9);
			profile[strcspn(profile, ",")] = '\0';
		}
		st = seccomp_profile_status(f, profile);
		free(profile);
		return st;
	}
	if (r == 0) {
		hd_ev_str(f, "SecurityOptions", NULL, src);
		hd_msg(f, "the engine applies no seccomp profile (no name=seccomp "
		    "in SecurityOptions: kernel without seccomp?)");
		return HD_FAIL;
	}
	if (!hd_setting_get(&s, ctx, f, "seccomp-profile"))
		return HD_ERROR;
	hd_ev(f, "seccomp-profile", s.value ? json_object_get(s.value) : NULL,
	    s.source);
	if (s.value != NULL && !json_object_is_type(s.value, json_type_string)) {
		hd_msg(f, "seccomp-profile (%s): expected a string", s.source);
		return HD_ERROR;
	}
	return seccomp_profile_status(f, s.value ?
	    json_object_get_string(s.value) : NULL);
}

/* GET /version's experimental flag: the top-level Experimental boolean,
 * or the Engine component's Details.Experimental ("true"/"false"). 1 on,
 * 0 off, -1 when /version does not say. */
static int
version_experimental(json_object *ver)
{
	json_object *v = hd_json_path(ver, "Experimental"), *comps;

	if (v != NULL && json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v);
	comps = hd_json_path(ver, "Components");
	for (size_t i = 0; comps && json_object_is_type(comps, json_type_array) &&
	    i < json_object_array_length(comps); i++) {
		json_object *c = json_object_array_get_idx(comps, i);
		const char *name = NULL, *exp = NULL;

		if (hd_get_str(NULL, c, "Name", NULL, &name) < 0 || name == NULL ||
		    strcmp(name, "Engine") != 0 ||
		    hd_get_str(NULL, c, "Details.Experimental", NULL, &exp) < 0 ||
		    exp == NULL)
			continue;
		if (strcmp(exp, "true") == 0 || strcmp(exp, "false") == 0)
			return strcmp(exp, "true") == 0;
	}
	return -1;
}

/* 2.18: experimental features off, from /info, /version, then config. */
static enum hd_status
experimental(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact ver;
	json_object *v;
	const char *src;
	int on;

	hd_fact(&ver, ctx, HD_F_ENGINE_VERSION);
	if (!hd_info_field(ctx, "ExperimentalBuild", &v, &src) &&
	    ver.state == HD_FACT_VALUE &&
	    (on = version_experimental(ver.value)) >= 0) {
		hd_ev_bool(f, "Experimental", on, ver.source);
		hd_msg(f, on ? "experimental features are enabled" :
		    "experimental features are disabled");
		return on ? HD_FAIL : HD_PASS;
	}
	return bool_setting(ctx, f, "ExperimentalBuild", "experimental", false,
	    false, "experimental features are enabled",
	    "experimental features are disabled");
}

const struct hd_check hd_checks_daemon[] = {
	{ .key = "daemon.icc", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_HOST,
	  .rationale = "By default every container attached to the default bridge can "
	      "open connections to every other one. A compromised container can then "
	      "probe and attack its neighbours without any rule in the way.",
	  .audit_text = "Reads the default bridge's option "
	      "com.docker.network.bridge.enable_icc from GET /networks (the engine's "
	      "effective value); without it, the icc setting of the daemon's merged "
	      "configuration (flag --icc, daemon.json \"icc\"), whose default is true.",
	  .remediation = "Set \"icc\": false in /etc/docker/daemon.json (or start dockerd "
	      "with --icc=false) and restart the daemon; link containers that must talk "
	      "through user-defined networks.",
	  .references = "https://docs.docker.com/engine/network/drivers/bridge/",
	  .host = icc_restricted },
	{ .key = "daemon.rootless", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "A root engine turns any flaw in the engine, containerd or "
	      "runc, and any misused API access, into root on the host. A rootless "
	      "engine limits that to one unprivileged user.",
	  .audit_text = "Looks for name=rootless in GET /info SecurityOptions; when "
	      "the engine does not answer, reads the running dockerd's uid and "
	      "rootless flag from /proc.",
	  .remediation = "Where the workloads allow it, install rootless mode "
	      "(dockerd-rootless-setuptool.sh install as the service user) and point "
	      "clients at unix://$XDG_RUNTIME_DIR/docker.sock.",
	  .references = "https://docs.docker.com/engine/security/rootless/",
	  .host = rootless },
	{ .key = "daemon.log_level", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "At info the daemon records what an investigation needs; "
	      "warn or error loses events, debug floods the logs and can record "
	      "secrets from API calls.",
	  .audit_text = "Debug mode from GET /info (Debug), else the \"debug\" "
	      "setting (-D); then \"log-level\" of the merged configuration "
	      "(--log-level, daemon.json), default info. Only info passes, in any "
	      "letter case (dockerd lower-cases the level as it parses it).",
	  .remediation = "Remove \"debug\": true and set \"log-level\": \"info\" in "
	      "/etc/docker/daemon.json (or drop -D / --log-level from the unit), then "
	      "restart dockerd.",
	  .references = "https://docs.docker.com/reference/cli/dockerd/",
	  .host = log_level },
	{ .key = "daemon.iptables", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "With iptables management off, published ports and network "
	      "isolation rules are left to hand-written firewall rules that drift "
	      "from what the containers expect, usually towards too open.",
	  .audit_text = "\"iptables\" of the merged configuration (--iptables, "
	      "daemon.json); its default is true. false fails.",
	  .remediation = "Remove \"iptables\": false from /etc/docker/daemon.json and "
	      "--iptables=false from the unit, then restart dockerd.",
	  .references = "https://docs.docker.com/engine/network/packet-filtering-firewalls/",
	  .host = iptables },
	{ .key = "daemon.insecure_registries", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH, .scope = HD_SCOPE_HOST,
	  .rationale = "An insecure registry is reached over plain HTTP or unverified "
	      "TLS: anyone on the path can swap the images the engine pulls.",
	  .audit_text = "GET /info RegistryConfig.InsecureRegistryCIDRs and "
	      "IndexConfigs entries with Secure=false (the engine's effective list), "
	      "else \"insecure-registries\" of the merged configuration. The engine's "
	      "built-in 127.0.0.0/8 (and ::1/128) is ignored; any other entry fails.",
	  .remediation = "Remove the entries from \"insecure-registries\" in "
	      "/etc/docker/daemon.json (and --insecure-registry flags); give the "
	      "registry a certificate, trusted via /etc/docker/certs.d/HOST:PORT/ca.crt.",
	  .references = "https://docs.docker.com/engine/security/certificates/",
	  .host = insecure_registries },
	{ .key = "daemon.no_aufs", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "aufs is out of the mainline kernel, unmaintained, and was "
	      "removed from the engine; it has known kernel crashes.",
	  .audit_text = "GET /info Driver (the running driver) decides, else "
	      "\"storage-driver\" of the merged configuration; both are shown. "
	      "aufs fails.",
	  .remediation = "Set \"storage-driver\": \"overlay2\" in /etc/docker/daemon.json "
	      "and recreate images and containers (they do not migrate).",
	  .references = "https://docs.docker.com/engine/storage/drivers/select-storage-driver/",
	  .host = not_aufs },
	{ .key = "daemon.no_devicemapper", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "devicemapper was deprecated in Engine 18.09 and removed in "
	      "25.0: an engine on it cannot be upgraded without losing its images "
	      "and containers, and loop-lvm mode is slow and fragile.",
	  .audit_text = "GET /info Driver (the running driver) decides, else "
	      "\"storage-driver\" of the merged configuration; both are shown. "
	      "devicemapper fails.",
	  .remediation = "Set \"storage-driver\": \"overlay2\" in /etc/docker/daemon.json "
	      "and recreate images and containers (they do not migrate; save what "
	      "you need with docker save first).",
	  .references = "https://docs.docker.com/engine/deprecated/#device-mapper-storage-driver",
	  .host = not_devicemapper },
	{ .key = "daemon.tls", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_CRITICAL, .scope = HD_SCOPE_HOST,
	  .rationale = "An engine reachable over TCP without client certificates is "
	      "root on the host for anyone who can reach the port.",
	  .audit_text = "For every TCP endpoint in daemon.endpoints (-H/hosts and "
	      "docker.socket's ListenStream), requires tlsverify with a CA, a "
	      "certificate and a key; each endpoint is a finding. Notapplicable when "
	      "the engine listens on no TCP endpoint.",
	  .remediation = "Set \"tlsverify\": true, \"tlscacert\", \"tlscert\" and "
	      "\"tlskey\" in /etc/docker/daemon.json (or --tlsverify --tlscacert= "
	      "--tlscert= --tlskey=), or remove the tcp:// host.",
	  .references = "https://docs.docker.com/engine/security/protect-access/",
	  .host = tls_auth },
	{ .key = "daemon.default_ulimit", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "Without default ulimits a container inherits dockerd's very "
	      "high limits (open files, processes) and can exhaust them for the host.",
	  .audit_text = "\"default-ulimits\" of the merged configuration "
	      "(--default-ulimit, daemon.json): set and not empty passes, with the "
	      "values as evidence for review.",
	  .remediation = "Set e.g. \"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", "
	      "\"Hard\": 64000, \"Soft\": 64000}, \"nproc\": {\"Name\": \"nproc\", "
	      "\"Hard\": 4096, \"Soft\": 4096}} in /etc/docker/daemon.json.",
	  .references = "https://docs.docker.com/reference/cli/dockerd/#default-ulimit-settings",
	  .host = default_ulimits },
	{ .key = "daemon.userns_remap", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "With remapping, root in a container is an unprivileged uid "
	      "on the host, so an escape lands without privileges.",
	  .audit_text = "name=userns in GET /info SecurityOptions (in effect); when "
	      "the engine answered without it, a configured \"userns-remap\" is "
	      "reported as not applied and fails. Without /info, \"userns-remap\" of "
	      "the merged configuration.",
	  .remediation = "Set \"userns-remap\": \"default\" in /etc/docker/daemon.json "
	      "(or a dedicated user with /etc/subuid and /etc/subgid ranges of at least "
	      "65536), then restart dockerd.",
	  .references = "https://docs.docker.com/engine/security/userns-remap/",
	  .host = userns },
	{ .key = "daemon.cgroup_parent", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "A non-default cgroup parent moves every container under a "
	      "hierarchy whose limits the engine does not manage.",
	  .audit_text = "\"cgroup-parent\" of the merged configuration: unset passes, "
	      "any value fails for confirmation (waive it when intended). The cgroup "
	      "driver from GET /info is shown.",
	  .remediation = "Remove \"cgroup-parent\" from /etc/docker/daemon.json (and "
	      "--cgroup-parent) unless the hierarchy is intended; then record a waiver.",
	  .references = "https://docs.docker.com/reference/cli/dockerd/#default-cgroup-parent",
	  .host = cgroup_parent },
	{ .key = "daemon.base_device_size", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "A larger devicemapper base size lets each container fill "
	      "more of the pool, up to exhausting it for all.",
	  .audit_text = "\"storage-opts\" of the merged configuration: a dm.basesize "
	      "option fails.",
	  .remediation = "Remove dm.basesize from \"storage-opts\" in "
	      "/etc/docker/daemon.json (and --storage-opt dm.basesize=).",
	  .references = "https://docs.docker.com/reference/cli/dockerd/#daemon-storage-driver",
	  .host = base_device_size },
	{ .key = "daemon.authorization", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "Without an authorization plugin every client that reaches "
	      "the API may do anything, including starting privileged containers.",
	  .audit_text = "GET /info Plugins.Authorization, else "
	      "\"authorization-plugins\" of the merged configuration; at least one "
	      "plugin passes.",
	  .remediation = "Install an authorization plugin (e.g. OPA's opa-docker-authz) "
	      "and set \"authorization-plugins\": [\"NAME\"] in /etc/docker/daemon.json.",
	  .references = "https://docs.docker.com/engine/extend/plugins_authorization/",
	  .host = authz_plugins },
	{ .key = "daemon.remote_logging", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "Logs kept only on the host are lost with it and can be erased "
	      "by whoever compromises it.",
	  .audit_text = "GET /info LoggingDriver, else \"log-driver\" of the merged "
	      "configuration (default json-file). json-file, local and none fail. "
	      "gelf, fluentd, awslogs, splunk, gcplogs and the other forwarding "
	      "drivers pass, and so does syslog with a syslog-address over tcp://, "
	      "udp:// or tcp+tls:// to a host that is not loopback. journald, and "
	      "syslog to the local socket, keep logs on the host: they pass only "
	      "when the host is seen forwarding them (host.log_forwarding): "
	      "systemd-journal-upload enabled with a URL in journal-upload.conf, or "
	      "an rsyslog (omfwd, omrelp, @host) or syslog-ng (network, tcp, udp) "
	      "rule sending to another host, fed from the journal (rsyslog's "
	      "imjournal, or journald's ForwardToSyslog not set to no).",
	  .remediation = "Set \"log-driver\" (e.g. \"gelf\", \"fluentd\", or "
	      "\"syslog\" with \"log-opts\": {\"syslog-address\": "
	      "\"tcp+tls://logs.example:6514\"}) in /etc/docker/daemon.json; with "
	      "journald, forward the journal (systemd-journal-upload --url, or an "
	      "rsyslog omfwd action).",
	  .references = "https://docs.docker.com/engine/logging/configure/",
	  .host = remote_logging },
	{ .key = "daemon.no_new_privileges", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "no_new_privs stops setuid and file-capability binaries in a "
	      "container from raising a process's privileges.",
	  .audit_text = "name=no-new-privileges in GET /info SecurityOptions, else "
	      "\"no-new-privileges\" of the merged configuration (default false).",
	  .remediation = "Set \"no-new-privileges\": true in /etc/docker/daemon.json "
	      "and restart dockerd.",
	  .references = "https://docs.docker.com/reference/cli/dockerd/",
	  .host = no_new_privileges },
	{ .key = "daemon.live_restore", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "With live restore, containers keep running while dockerd is "
	      "upgraded or restarted, so security updates do not mean downtime.",
	  .audit_text = "GET /info LiveRestoreEnabled, else \"live-restore\" of the "
	      "merged configuration (default false).",
	  .remediation = "Set \"live-restore\": true in /etc/docker/daemon.json "
	      "(not with swarm mode) and reload dockerd.",
	  .references = "https://docs.docker.com/engine/daemon/live-restore/",
	  .host = live_restore },
	{ .key = "daemon.userland_proxy", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "docker-proxy is one more root process per published port; "
	      "hairpin NAT does the same job in the kernel.",
	  .audit_text = "\"userland-proxy\" of the merged configuration (default "
	      "true); true fails.",
	  .remediation = "Set \"userland-proxy\": false in /etc/docker/daemon.json and "
	      "restart dockerd.",
	  .references = "https://docs.docker.com/engine/network/packet-filtering-firewalls/",
	  .host = userland_proxy },
	{ .key = "daemon.seccomp_profile", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM, .scope = HD_SCOPE_HOST,
	  .rationale = "The seccomp profile is the syscall filter between containers "
	      "and the kernel; without one every syscall reaches the kernel.",
	  .audit_text = "The name=seccomp entry of GET /info SecurityOptions: "
	      "profile=builtin or profile=default is Docker's default profile (pass), "
	      "a path is a custom daemon-wide profile (pass, path shown), unconfined "
	      "fails, no entry fails. Without /info, \"seccomp-profile\" of the merged "
	      "configuration.",
	  .remediation = "Remove \"seccomp-profile\": \"unconfined\" from "
	      "/etc/docker/daemon.json; for a custom profile set \"seccomp-profile\": "
	      "\"/etc/docker/seccomp.json\".",
	  .references = "https://docs.docker.com/engine/security/seccomp/",
	  .host = seccomp_profile },
	{ .key = "daemon.experimental", .flags = HD_CHECK_DOCKERD,
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW, .scope = HD_SCOPE_HOST,
	  .rationale = "Experimental features are not covered by the engine's "
	      "stability and security review.",
	  .audit_text = "GET /info ExperimentalBuild, else GET /version Experimental "
	      "(or the Engine component's Details.Experimental), else "
	      "\"experimental\" of the merged configuration.",
	  .remediation = "Remove \"experimental\": true from /etc/docker/daemon.json "
	      "(and --experimental) and restart dockerd.",
	  .references = "https://docs.docker.com/reference/cli/dockerd/",
	  .host = experimental },
	{ .key = NULL },
};
