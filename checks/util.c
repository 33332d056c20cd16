/* Helpers shared by check modules. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

bool
hd_setting_get(struct hd_setting *out, const struct hd_ctx *ctx,
    struct hd_finding *f, const char *key)
{
	json_object *cfg = hd_require(f, ctx, HD_F_DAEMON_CONFIG), *ent;

	out->value = NULL;
	out->source = "default";
	if (cfg == NULL)
		return false;
	if (!json_object_object_get_ex(cfg, key, &ent))
		return true;
	if (!json_object_is_type(ent, json_type_object)) {
		hd_msg(f, "daemon.config.%s is malformed", key);
		return false;
	}
	json_object_object_get_ex(ent, "value", &out->value);
	if (hd_get_str(f, ent, "source", "daemon configuration", &out->source) < 0)
		return false;
	return true;
}

bool
hd_mode_within(int64_t mode, int64_t max)
{
	return (mode & 07777 & ~max) == 0;
}

/* Adapter so that hd_check_files shares hd_check_files_arg's loop. */
struct plain_test {
	hd_file_test test;
};

/* Call a plain hd_file_test through the argument-taking interface. */
static enum hd_status
call_plain(const struct hd_ctx *ctx, json_object *file, struct hd_finding *f,
    const void *arg)
{
	return ((const struct plain_test *)arg)->test(ctx, file, f);
}

enum hd_status
hd_check_files(const struct hd_ctx *ctx, struct hd_finding *f,
    const char *const *paths, size_t n, hd_file_test test, const char *none_msg)
{
	struct plain_test p = { test };

	return hd_check_files_arg(ctx, f, paths, n, call_plain, &p, none_msg);
}

/* A file reached through symlinks (its fact describes the target, as the
 * daemon opens it): each link and the target as evidence, and the
 * message says what the path resolves to. */
static void
link_evidence(json_object *file, struct hd_finding *c)
{
	json_object *links = NULL;
	const char *resolved = NULL;
	char *m;

	if (hd_get_array(NULL, file, "links", &links) < 0 || links == NULL ||
	    json_object_array_length(links) == 0 ||
	    hd_get_str(NULL, file, "resolved", NULL, &resolved) < 0 ||
	    resolved == NULL)
		return;
	for (size_t i = 0; i < json_object_array_length(links); i++) {
		json_object *l = json_object_array_get_idx(links, i);
		const char *link = NULL, *target = NULL;
		char *text;

		if (hd_get_str(NULL, l, "link", "?", &link) < 0 ||
		    hd_get_str(NULL, l, "target", "?", &target) < 0)
			continue;
		text = hd_xasprintf("%s -> %s", link, target);
		hd_ev_str(c, "symlink", text, "lstat(2), readlink(2)");
		free(text);
	}
	hd_ev_str(c, "target", resolved, "symlinks followed inside the root");
	m = hd_xasprintf("%s (through symlinks: %s was examined)",
	    c->message ? c->message : "examined", resolved);
	hd_msg_set(c, m);
	free(m);
}

enum hd_status
hd_check_files_arg(const struct hd_ctx *ctx, struct hd_finding *f,
    const char *const *paths, size_t n, hd_file_test_arg test, const void *arg,
    const char *none_msg)
{
	size_t present = 0;

	for (size_t i = 0; i < n; i++) {
		struct hd_fact fact;
		struct hd_finding *c;

		hd_fact2(&fact, ctx, HD_F_FILE, paths[i]);
		if (fact.state == HD_FACT_ABSENT)
			continue;
		c = hd_finding_add(f, HD_OBJ_FILE, paths[i], paths[i]);
		/* The fix names the file found ("${path}"), not a default. */
		hd_fix_set(c, "path", paths[i]);
		present++;
		if (fact.state == HD_FACT_ERROR) {
			hd_msg(c, "%s", fact.reason);
			c->status = HD_ERROR;
			continue;
		}
		if (!json_object_is_type(fact.value, json_type_object)) {
			hd_msg(c, "%s: file fact is not an object", paths[i]);
			c->status = HD_ERROR;
			continue;
		}
		c->status = test(ctx, fact.value, c, arg);
		link_evidence(fact.value, c);
	}
	if (present == 0) {
		hd_msg(f, "%s", none_msg);
		return HD_NOTAPPLICABLE;
	}
	return hd_finding_children_status(f, HD_NOTAPPLICABLE);
}

/* Whether s is already among the n strings of out. */
static bool
seen(const char **out, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(out[i], s) == 0)
			return true;
	return false;
}

size_t
hd_engine_sockets(const struct hd_ctx *ctx, const char **out, size_t max)
{
	const char *url = hd_snapshot_meta(hd_ctx_snapshot(ctx), HD_META_ENGINE_URL);
	struct hd_fact eps;
	size_t n = 0;

	hd_fact(&eps, ctx, HD_F_DAEMON_ENDPOINTS);
	if (eps.state == HD_FACT_VALUE && json_object_is_type(eps.value, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(eps.value) && n < max; i++) {
			json_object *ep = json_object_array_get_idx(eps.value, i);
			const char *scheme = NULL, *path = NULL;

			if (hd_get_str(NULL, ep, "scheme", NULL, &scheme) < 0 ||
			    hd_get_str(NULL, ep, "path", NULL, &path) < 0)
				continue;
			if (scheme && strcmp(scheme, "unix") == 0 && path &&
			    !seen(out, n, path))
				out[n++] = path;
		}
	}
	if (url != NULL && strncmp(url, "unix://", 7) == 0 && n < max &&
	    !seen(out, n, url + 7))
		out[n++] = url + 7;
	return n;
}

/* Read a file fact's owner into the out-params and add it as evidence
 * (numbers from stat(2), names from the host's passwd and group files). */
static int
owner_evidence(json_object *file, struct hd_finding *f, int64_t *uid,
    int64_t *gid, const char **user, const char **grp)
{
	if (hd_get_int(f, file, "uid", -1, uid) < 0 ||
	    hd_get_int(f, file, "gid", -1, gid) < 0 ||
	    hd_get_str(f, file, "user", NULL, user) < 0 ||
	    hd_get_str(f, file, "group", NULL, grp) < 0)
		return -1;
	if (*uid < 0 || *gid < 0) {
		hd_msg(f, "owner not recorded");
		return -1;
	}
	hd_ev_int(f, "uid", *uid, "stat(2)");
	hd_ev_str(f, "user", *user, "/etc/passwd");
	hd_ev_int(f, "gid", *gid, "stat(2)");
	hd_ev_str(f, "group", *grp, "/etc/group");
	return 0;
}

enum hd_status
hd_file_owner_is(json_object *file, struct hd_finding *f, const char *group)
{
	int64_t uid, gid;
	const char *user, *grp;

	if (strcmp(group, "root") == 0)
		return hd_file_owner_ids(file, f, 0, 0, -1, "root:root");
	if (owner_evidence(file, f, &uid, &gid, &user, &grp) < 0)
		return HD_ERROR;
	if (uid == 0 && grp != NULL && strcmp(grp, group) == 0) {
		hd_msg(f, "owned by root:%s", group);
		return HD_PASS;
	}
	hd_msg(f, "owned by %s:%s (uid %lld, gid %lld), expected root:%s",
	    user ? user : "?", grp ? grp : "?", (long long)uid, (long long)gid,
	    group);
	return HD_FAIL;
}

enum hd_status
hd_file_owner_ids(json_object *file, struct hd_finding *f, int64_t want_uid,
    int64_t want_gid, int64_t alt_gid, const char *expect)
{
	int64_t uid, gid;
	const char *user, *grp;

	if (owner_evidence(file, f, &uid, &gid, &user, &grp) < 0)
		return HD_ERROR;
	if (uid == want_uid && (gid == want_gid || (alt_gid >= 0 && gid == alt_gid))) {
		hd_msg(f, "owned by %s:%s (uid %lld, gid %lld)", user ? user : "?",
		    grp ? grp : "?", (long long)uid, (long long)gid);
		return HD_PASS;
	}
	hd_msg(f, "owned by %s:%s (uid %lld, gid %lld), expected %s",
	    user ? user : "?", grp ? grp : "?", (long long)uid, (long long)gid,
	    expect);
	return HD_FAIL;
}

/* Whether id falls in one of ranges ([{"start", "count"}]). */
static bool
in_ranges(json_object *ranges, int64_t id)
{
	for (size_t i = 0; ranges && i < json_object_array_length(ranges); i++) {
		int64_t start = -1, count = 0;
		json_object *r = json_object_array_get_idx(ranges, i);

		if (hd_get_int(NULL, r, "start", -1, &start) == 0 &&
		    hd_get_int(NULL, r, "count", 0, &count) == 0 && start >= 0 &&
		    id >= start && id - start < count)
			return true;
	}
	return false;
}

enum hd_status
hd_file_owner_user(json_object *file, struct hd_finding *f, int64_t uid,
    int64_t gid, json_object *ranges, const char *expect)
{
	int64_t fu, fg;
	const char *user, *grp;

	if (owner_evidence(file, f, &fu, &fg, &user, &grp) < 0)
		return HD_ERROR;
	if (fu == uid && (fg == gid || in_ranges(ranges, fg))) {
		hd_msg(f, "owned by %s:%s (uid %lld, gid %lld): %s", user ? user : "?",
		    grp ? grp : "?", (long long)fu, (long long)fg, expect);
		return HD_PASS;
	}
	hd_msg(f, "owned by %s:%s (uid %lld, gid %lld), expected %s",
	    user ? user : "?", grp ? grp : "?", (long long)fu, (long long)fg,
	    expect);
	return HD_FAIL;
}

int
hd_docker_gid(const struct hd_ctx *ctx, struct hd_finding *f, int64_t *gid)
{
	struct hd_fact g;

	*gid = -1;
	hd_fact(&g, ctx, HD_F_DOCKER_GROUP);
	if (g.state == HD_FACT_ABSENT)
		return 0;
	if (g.state == HD_FACT_ERROR) {
		hd_msg(f, "docker group: %s", g.reason);
		hd_ev_str(f, HD_F_DOCKER_GROUP, NULL, g.source);
		return -1;
	}
	if (hd_get_int(f, g.value, "gid", -1, gid) < 0)
		return -1;
	if (*gid < 0) {
		hd_msg(f, "docker group: gid not recorded");
		return -1;
	}
	return 1;
}

int
hd_setting_bool(const struct hd_setting *s, bool def, bool *out)
{
	const char *t;

	*out = def;
	if (s->value == NULL || json_object_is_type(s->value, json_type_null))
		return 0;
	if (json_object_is_type(s->value, json_type_boolean)) {
		*out = json_object_get_boolean(s->value);
		return 0;
	}
	if (!json_object_is_type(s->value, json_type_string))
		return -1;
	t = json_object_get_string(s->value);
	if (strcmp(t, "true") == 0 || strcmp(t, "1") == 0)
		*out = true;
	else if (strcmp(t, "false") == 0 || strcmp(t, "0") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

int
hd_info_field(const struct hd_ctx *ctx, const char *path, json_object **out,
    const char **source)
{
	struct hd_fact info;
	json_object *v;

	*out = NULL;
	hd_fact(&info, ctx, HD_F_ENGINE_INFO);
	*source = info.source;
	if (info.state != HD_FACT_VALUE)
		return 0;
	v = hd_json_path(info.value, path);
	if (v == NULL || json_object_is_type(v, json_type_null))
		return 0;
	*out = v;
	return 1;
}

int
hd_userns_remap(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact u, info;
	json_object *opts;

	/* The engine's own /info first: the live daemon's word, and true of
	 * a remote engine too; this host's configuration only when /info
	 * cannot tell. */
	hd_fact(&info, ctx, HD_F_ENGINE_INFO);
	if (info.state == HD_FACT_VALUE &&
	    hd_get_array(NULL, info.value, "SecurityOptions", &opts) == 0 &&
	    opts != NULL) {
		for (size_t i = 0; i < json_object_array_length(opts); i++) {
			json_object *o = json_object_array_get_idx(opts, i);

			if (json_object_is_type(o, json_type_string) &&
			    strncmp(json_object_get_string(o), "name=userns", 11) == 0) {
				hd_ev_str(f, "userns-remap", "on", info.source);
				return 1;
			}
		}
		hd_ev_str(f, "userns-remap", "off", info.source);
		return 0;
	}
	hd_fact(&u, ctx, HD_F_USERNS);
	if (u.state == HD_FACT_VALUE) {
		hd_ev_fact(f, "userns-remap", &u);
		return 1;
	}
	if (u.state == HD_FACT_ABSENT) {
		hd_ev_str(f, "userns-remap", "off", u.source);
		return 0;
	}
	hd_ev_str(f, "userns-remap", "unknown", u.source);
	return -1;
}

int
hd_default_bridge(const struct hd_ctx *ctx, json_object **bridge,
    const char **source)
{
	struct hd_fact nets, cfg;
	const char *v = NULL;

	*bridge = NULL;
	hd_fact(&nets, ctx, HD_F_ENGINE_NETWORKS);
	*source = nets.source;
	if (nets.state == HD_FACT_VALUE &&
	    json_object_is_type(nets.value, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(nets.value); i++) {
			json_object *n = json_object_array_get_idx(nets.value, i);
			const char *name = NULL;

			if (hd_get_str(NULL, n, "Name", NULL, &name) == 0 &&
			    name != NULL && strcmp(name, "bridge") == 0) {
				*bridge = n;
				return 1;
			}
		}
		return 0;
	}
	/* Without the engine's answer, dockerd's own setting: "none" means
	 * no docker0 at all. */
	hd_fact(&cfg, ctx, HD_F_DAEMON_CONFIG);
	if (cfg.state != HD_FACT_VALUE ||
	    hd_get_str(NULL, cfg.value, "bridge.value", NULL, &v) < 0 ||
	    hd_get_str(NULL, cfg.value, "bridge.source", cfg.source, source) < 0)
		return -1;
	return v != NULL && strcmp(v, "none") == 0 ? 0 : 1;
}

int
hd_version_cmp(const char *a, const char *b)
{
	if (*a == 'v')
		a++;
	if (*b == 'v')
		b++;
	if (!isdigit((unsigned char)*a) || !isdigit((unsigned char)*b))
		return -2;
	for (;;) {
		unsigned long long x = 0, y = 0;
		bool more_a, more_b;

		/* Cap each part so that hostile strings cannot overflow. */
		for (; isdigit((unsigned char)*a); a++)
			x = x > 1000000000ULL ? x : x * 10 + (unsigned)(*a - '0');
		for (; isdigit((unsigned char)*b); b++)
			y = y > 1000000000ULL ? y : y * 10 + (unsigned)(*b - '0');
		if (x != y)
			return x < y ? -1 : 1;
		more_a = *a == '.' && isdigit((unsigned char)a[1]);
		more_b = *b == '.' && isdigit((unsigned char)b[1]);
		if (!more_a && !more_b)
			break;
		a += more_a;
		b += more_b;
	}
	return 0;
}

bool
hd_json_array_has(json_object *arr, const char *s)
{
	if (arr == NULL || !json_object_is_type(arr, json_type_array))
		return false;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *v = json_object_array_get_idx(arr, i);

		if (json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), s) == 0)
			return true;
	}
	return false;
}

enum hd_status
hd_file_mode_within(json_object *file, struct hd_finding *f, int64_t max)
{
	int64_t mode = -1;
	char text[16];

	if (hd_get_int(f, file, "mode", -1, &mode) < 0)
		return HD_ERROR;
	if (mode < 0) {
		hd_msg(f, "mode not recorded");
		return HD_ERROR;
	}
	snprintf(text, sizeof(text), "%04o", (unsigned)(mode & 07777));
	hd_ev_str(f, "mode", text, "stat(2)");
	if (hd_mode_within(mode, max)) {
		hd_msg(f, "mode %s", text);
		return HD_PASS;
	}
	hd_msg(f, "mode %s allows bits outside %04llo", text, (long long)max);
	return HD_FAIL;
}

enum hd_status
hd_each_tcp_endpoint(const struct hd_ctx *ctx, struct hd_finding *f,
    hd_endpoint_test test)
{
	json_object *eps = hd_require(f, ctx, HD_F_DAEMON_ENDPOINTS);
	size_t ntcp = 0;

	if (eps == NULL)
		return HD_ERROR;
	if (!json_object_is_type(eps, json_type_array)) {
		hd_msg(f, "%s is not an array", HD_F_DAEMON_ENDPOINTS);
		return HD_ERROR;
	}
	for (size_t i = 0; i < json_object_array_length(eps); i++) {
		json_object *ep = json_object_array_get_idx(eps, i);
		const char *scheme = NULL, *url = NULL, *src = NULL;
		struct hd_finding *c;

		if (hd_get_str(f, ep, "scheme", NULL, &scheme) < 0 ||
		    hd_get_str(f, ep, "url", "?", &url) < 0 ||
		    hd_get_str(f, ep, "source", HD_F_DAEMON_ENDPOINTS, &src) < 0)
			return HD_ERROR;
		if (scheme == NULL || strcmp(scheme, "tcp") != 0)
			continue;
		ntcp++;
		c = hd_finding_add(f, HD_OBJ_DAEMON, url, url);
		hd_ev_str(c, "endpoint", url, src);
		c->status = test(ep, c, src);
	}
	if (ntcp == 0) {
		hd_msg(f, "the engine listens on no TCP endpoint");
		return HD_NOTAPPLICABLE;
	}
	return hd_finding_children_status(f, HD_NOTAPPLICABLE);
}
