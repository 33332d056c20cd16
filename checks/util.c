/* Helpers shared by check modules. */
#include <stdio.h>
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

enum hd_status
hd_check_files(const struct hd_ctx *ctx, struct hd_finding *f,
    const char *const *paths, size_t n, hd_file_test test, const char *none_msg)
{
	size_t present = 0;

	for (size_t i = 0; i < n; i++) {
		struct hd_fact fact;
		struct hd_finding *c;

		hd_fact2(&fact, ctx, HD_F_FILE, paths[i]);
		if (fact.state == HD_FACT_ABSENT)
			continue;
		c = hd_finding_add(f, HD_OBJ_FILE, paths[i], paths[i]);
		present++;
		if (fact.state == HD_FACT_ERROR) {
			hd_msg(c, "%s", fact.reason);
			c->status = HD_ERROR;
			continue;
		}
		c->status = test(ctx, fact.value, c);
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

enum hd_status
hd_file_owner_is(json_object *file, struct hd_finding *f, const char *group)
{
	int64_t uid = -1, gid = -1;
	const char *user = NULL, *grp = NULL;

	if (hd_get_int(f, file, "uid", -1, &uid) < 0 ||
	    hd_get_int(f, file, "gid", -1, &gid) < 0 ||
	    hd_get_str(f, file, "user", NULL, &user) < 0 ||
	    hd_get_str(f, file, "group", NULL, &grp) < 0)
		return HD_ERROR;
	hd_ev_int(f, "uid", uid, "stat(2)");
	hd_ev_str(f, "user", user, "/etc/passwd");
	hd_ev_int(f, "gid", gid, "stat(2)");
	hd_ev_str(f, "group", grp, "/etc/group");
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
