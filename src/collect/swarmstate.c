/* The swarm node's state file, <data-root>/swarm/docker-state.json: the
 * listen, advertise and data-path addresses the Engine API never reports
 * (CIS 7.2 and 7.9 need them). Read-only, under --root. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/collect.h>
#include <hardock/jsonparse.h>
#include <hardock/facts.h>

#include "collect/collectors.h"

int
hd_swarm_state_parse(json_object **out, const char *data, size_t len)
{
	return hd_json_parse_object(out, data, len, "the swarm state");
}

/* The engine's data root: /info DockerRootDir, the daemon's data-root
 * setting, or the default. */
static const char *
data_root(struct hd_snapshot *s)
{
	struct hd_fact f;
	json_object *v;

	hd_snapshot_fact(&f, s, HD_F_ENGINE_INFO);
	if (f.state == HD_FACT_VALUE &&
	    json_object_object_get_ex(f.value, "DockerRootDir", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    json_object_get_string(v)[0] == '/')
		return json_object_get_string(v);
	hd_snapshot_fact(&f, s, HD_F_DAEMON_CONFIG);
	if (f.state == HD_FACT_VALUE &&
	    json_object_object_get_ex(f.value, "data-root", &v) &&
	    json_object_object_get_ex(v, "value", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    json_object_get_string(v)[0] == '/')
		return json_object_get_string(v);
	return "/var/lib/docker";
}

void
hd_collect_swarm_state(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	char *path = hd_xasprintf("%s/swarm/docker-state.json", data_root(s));
	struct hd_buf *b = NULL;
	json_object *doc;
	int r;

	if ((r = hd_root_read(&b, o->root, path, HD_BUF_CAP_CONFIG)) < 0) {
		if (r == HD_ENOTFOUND)
			hd_snapshot_set_absent(s, HD_F_SWARM_STATE, path,
			    "%s does not exist: the node never joined a swarm", path);
		else
			hd_snapshot_set_error(s, HD_F_SWARM_STATE, path, "%s",
			    hd_error_last());
		goto out;
	}
	if (hd_swarm_state_parse(&doc, hd_buf_ptr(b), hd_buf_len(b)) < 0) {
		hd_snapshot_set_error(s, HD_F_SWARM_STATE, path, "%s: %s", path,
		    hd_error_last());
		goto out;
	}
	hd_snapshot_set_value(s, HD_F_SWARM_STATE, doc, path);
out:
	hd_buf_free(b);
	free(path);
}
