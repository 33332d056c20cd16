/*
 * The daemon-wide seccomp profile: the file named by the daemon's
 * "seccomp-profile" setting (daemon.json or --seccomp-profile), read under
 * the audit root and parsed, so that checks can analyse it offline. Runs
 * after the daemon configuration collector.
 */
#include <stdint.h>
#include <string.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"

/* Whether the n bytes at p are JSON white space only. */
static bool
only_space(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return false;
	return true;
}

int
hd_seccomp_profile_parse(json_object **out, const char *data, size_t len)
{
	struct json_tokener *tok;
	json_object *root;
	size_t end;
	int r = HD_OK;

	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return hd_error_set(HD_ELIMIT, "seccomp profile too large");
	if (memchr(data, '\0', len) != NULL)
		return hd_error_set(HD_EPARSE, "seccomp profile holds a NUL byte");
	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, data, (int)len);
	end = (size_t)tok->char_offset;
	if (root == NULL) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		r = hd_error_set(HD_EPARSE, "seccomp profile is not valid JSON: %s "
		    "at offset %zu", e == json_tokener_continue ?
		    "unexpected end of input" : json_tokener_error_desc(e), end);
		goto out;
	}
	if (!only_space(data + end, len - end)) {
		r = hd_error_set(HD_EPARSE, "seccomp profile: trailing data at "
		    "offset %zu", end);
		goto out;
	}
	if (!json_object_is_type(root, json_type_object)) {
		r = hd_error_set(HD_EPARSE, "seccomp profile is not a JSON object");
		goto out;
	}
	*out = root;
	root = NULL;
out:
	json_object_put(root);
	json_tokener_free(tok);
	return r;
}

void
hd_collect_seccomp(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	struct hd_fact cfg;
	json_object *ent, *v = NULL, *profile = NULL, *fact;
	struct hd_buf *b = NULL;
	const char *path;

	hd_snapshot_fact(&cfg, s, HD_F_DAEMON_CONFIG);
	if (cfg.state != HD_FACT_VALUE ||
	    !json_object_is_type(cfg.value, json_type_object)) {
		hd_snapshot_set_error(s, HD_F_SECCOMP_DAEMON_PROFILE, HD_F_DAEMON_CONFIG,
		    "the daemon's configuration is not known: %s",
		    cfg.reason ? cfg.reason : "malformed");
		return;
	}
	if (!json_object_object_get_ex(cfg.value, "seccomp-profile", &ent) ||
	    !json_object_is_type(ent, json_type_object) ||
	    !json_object_object_get_ex(ent, "value", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		hd_snapshot_set_absent(s, HD_F_SECCOMP_DAEMON_PROFILE, HD_F_DAEMON_CONFIG,
		    "no seccomp-profile file configured: the built-in default applies");
		return;
	}
	path = json_object_get_string(v);
	if (path[0] != '/') {
		/* "unconfined", "builtin" or "default" name no file. */
		hd_snapshot_set_absent(s, HD_F_SECCOMP_DAEMON_PROFILE, HD_F_DAEMON_CONFIG,
		    "seccomp-profile is \"%s\", not a file", path);
		return;
	}
	if (hd_root_read(&b, o->root, path, HD_BUF_CAP_CONFIG) < 0 ||
	    hd_seccomp_profile_parse(&profile, hd_buf_ptr(b), hd_buf_len(b)) < 0) {
		hd_snapshot_set_error(s, HD_F_SECCOMP_DAEMON_PROFILE, path, "%s",
		    hd_error_last());
		hd_buf_free(b);
		return;
	}
	hd_buf_free(b);
	fact = json_object_new_object();
	json_object_object_add(fact, "path", json_object_new_string(path));
	json_object_object_add(fact, "profile", profile);
	hd_snapshot_set_value(s, HD_F_SECCOMP_DAEMON_PROFILE, fact, path);
}
