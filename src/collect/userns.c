/*
 * userns-remap: which host user the daemon maps container root to, and the
 * subordinate id ranges that user owns. A remap user without ranges in
 * /etc/subuid and /etc/subgid makes dockerd fail to start.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"
#include "collect/users.h"
#include "collect/userns.h"

#define DEFAULT_REMAP "dockremap"

/* "default", "USER" or "USER:GROUP". */
int
hd_userns_spec(char **user, char **group, const char *spec)
{
	const char *colon = strchr(spec, ':');

	*user = NULL;
	*group = NULL;
	if (strcmp(spec, "default") == 0) {
		*user = hd_xstrdup(DEFAULT_REMAP);
		*group = hd_xstrdup(DEFAULT_REMAP);
		return HD_OK;
	}
	if (spec[0] == '\0' || spec == colon || (colon && colon[1] == '\0') ||
	    (colon && strchr(colon + 1, ':') != NULL))
		return hd_error_set(HD_EPARSE,
		    "userns-remap \"%s\": expected USER, USER:GROUP or default", spec);
	*user = colon ? hd_xstrndup(spec, (size_t)(colon - spec)) : hd_xstrdup(spec);
	*group = hd_xstrdup(colon ? colon + 1 : spec);
	return HD_OK;
}

/* Whether field f[0..n) equals the C string s. */
static bool
field_is(const char *f, size_t n, const char *s)
{
	return s != NULL && strlen(s) == n && memcmp(f, s, n) == 0;
}

/* Line by line, NAME:START:COUNT with a positive count. */
json_object *
hd_subid_parse(const char *text, size_t len, const char *name, const char *id)
{
	json_object *a = json_object_new_array();
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *c1 = memchr(p, ':', n), *c2;
		int64_t start, count;

		if (c1 != NULL && (c2 = memchr(c1 + 1, ':', (size_t)(p + n - c1 - 1)))) {
			size_t cn = (size_t)(p + n - c2 - 1);

			if (cn > 0 && c2[cn] == '\r')
				cn--;
			start = hd_parse_dec(c1 + 1, (size_t)(c2 - c1 - 1));
			count = hd_parse_dec(c2 + 1, cn);
			if ((field_is(p, (size_t)(c1 - p), name) ||
			    field_is(p, (size_t)(c1 - p), id)) &&
			    start >= 0 && count > 0) {
				json_object *r = json_object_new_object();

				json_object_object_add(r, "start", json_object_new_int64(start));
				json_object_object_add(r, "count", json_object_new_int64(count));
				json_object_array_add(a, r);
			}
		}
		p = nl ? nl + 1 : end;
	}
	return a;
}

/* The ranges of name (or its numeric id) in a subid file; an unreadable
 * file leaves an empty list and its reason in *why. */
static json_object *
read_ranges(const char *root, const char *path, const char *name, long id,
    char **why)
{
	struct hd_buf *b;
	json_object *a;
	char *ids = id >= 0 ? hd_xasprintf("%ld", id) : NULL;
	int r;

	if ((r = hd_root_read(&b, root, path, HD_BUF_CAP_CONFIG)) < 0) {
		if (*why == NULL)
			*why = r == HD_ENOTFOUND ? hd_xasprintf("%s does not exist", path) :
			    r == HD_EACCES ? hd_xasprintf("%s: permission denied", path) :
			    hd_xstrdup(hd_error_last());
		free(ids);
		return r == HD_ENOTFOUND ? json_object_new_array() : NULL;
	}
	a = hd_subid_parse(hd_buf_ptr(b), hd_buf_len(b), name, ids);
	hd_buf_free(b);
	free(ids);
	return a;
}

/* userns.remap from the daemon's userns-remap setting. */
void
hd_collect_userns(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	const char *src, *spec = hd_cfg_string(s, "userns-remap", &src), *why_cfg;
	struct hd_userdb *db = NULL;
	const struct hd_user *u;
	const struct hd_group *g;
	json_object *v, *subuid = NULL, *subgid = NULL;
	char *user = NULL, *group = NULL, *why = NULL, *source = NULL;

	if (!hd_cfg_known(s, &why_cfg)) {
		hd_snapshot_set_error(s, HD_F_USERNS, "daemon.config userns-remap",
		    "%s", why_cfg ? why_cfg : "daemon.config not collected");
		goto out;
	}
	if (spec == NULL || spec[0] == '\0') {
		hd_snapshot_set_absent(s, HD_F_USERNS, "daemon.config userns-remap",
		    "userns-remap is not configured");
		goto out;
	}
	source = hd_xasprintf("%s, /etc/subuid, /etc/subgid",
	    src ? src : "daemon.config userns-remap");
	if (hd_userns_spec(&user, &group, spec) < 0) {
		hd_snapshot_set_error(s, HD_F_USERNS, source, "%s", hd_error_last());
		goto out;
	}
	db = hd_userdb_load(o->root);
	u = hd_userdb_user(db, user);
	g = hd_userdb_group(db, group);
	subuid = read_ranges(o->root, "/etc/subuid", user, u ? u->uid : -1, &why);
	subgid = read_ranges(o->root, "/etc/subgid", group, g ? g->gid : -1, &why);
	if (subuid == NULL || subgid == NULL) {
		hd_snapshot_set_error(s, HD_F_USERNS, source, "%s", why);
		goto out;
	}
	v = json_object_new_object();
	json_object_object_add(v, "user", json_object_new_string(user));
	json_object_object_add(v, "group", json_object_new_string(group));
	json_object_object_add(v, "subuid", subuid);
	json_object_object_add(v, "subgid", subgid);
	subuid = subgid = NULL;
	hd_snapshot_set_value(s, HD_F_USERNS, v, source);
out:
	json_object_put(subuid);
	json_object_put(subgid);
	hd_userdb_free(db);
	free(user);
	free(group);
	free(why);
	free(source);
}
