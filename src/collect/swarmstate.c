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
#include "collect/hostcfg.h"

int
hd_swarm_state_parse(json_object **out, const char *data, size_t len)
{
	return hd_json_parse_object(out, data, len, "the swarm state");
}

void
hd_collect_swarm_state(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	const char *src, *root = hd_cfg_data_root(s, &src);
	char *path;
	struct hd_buf *b = NULL;
	json_object *doc;
	int r;

	if (root == NULL) {
		hd_snapshot_set_error(s, HD_F_SWARM_STATE, "data root",
		    "the engine's data root is not known: %s", src);
		return;
	}
	path = hd_xasprintf("%s/swarm/docker-state.json", root);

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
