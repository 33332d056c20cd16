/*
 * The daemon-wide seccomp profile: the file named by the daemon's
 * "seccomp-profile" setting (daemon.json or --seccomp-profile), read under
 * the audit root and parsed, so that checks can analyse it offline. Runs
 * after the daemon configuration collector.
 */
#include <stdint.h>
#include <string.h>

#include <hardock/collect.h>
#include <hardock/jsonparse.h>
#include <hardock/facts.h>

#include "collect/collectors.h"

int
hd_seccomp_profile_parse(json_object **out, const char *data, size_t len)
{
	return hd_json_parse_object(out, data, len, "the seccomp profile");
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
	if (hd_root_read(&b, o->root, path, HD_BUF_CAP_CONFIG) == HD_OK)
		hd_collect_digest(s, path, b);
	if (b == NULL ||
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
