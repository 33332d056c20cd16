/* CIS section 2: the Docker daemon's configuration. */
#include <string.h>

#include "util.h"

/* The default bridge network from GET /networks, NULL when it is absent. */
static json_object *
default_bridge(json_object *networks)
{
	for (size_t i = 0; i < json_object_array_length(networks); i++) {
		json_object *n = json_object_array_get_idx(networks, i);
		const char *name = NULL;

		if (hd_get_str(NULL, n, "Name", NULL, &name) == 0 && name &&
		    strcmp(name, "bridge") == 0)
			return n;
	}
	return NULL;
}

/* 2.2: ICC on the default bridge. The engine's own network options are
 * the effective value; the daemon's icc setting is the fallback. */
static enum hd_status
icc_restricted(const struct hd_ctx *ctx, struct hd_finding *f)
{
	struct hd_fact nets;
	struct hd_setting icc;
	json_object *bridge;
	const char *opt = NULL;

	hd_fact(&nets, ctx, HD_F_ENGINE_NETWORKS);
	if (nets.state == HD_FACT_VALUE &&
	    json_object_is_type(nets.value, json_type_array)) {
		if ((bridge = default_bridge(nets.value)) == NULL) {
			hd_msg(f, "the engine has no default bridge network "
			    "(bridge=none)");
			return HD_NOTAPPLICABLE;
		}
		{
			json_object *opts = NULL, *v;

			if (hd_get_object(f, bridge, "Options", &opts) < 0)
				return HD_ERROR;
			opt = NULL;
			if (opts && json_object_object_get_ex(opts,
			    "com.docker.network.bridge.enable_icc", &v) &&
			    json_object_is_type(v, json_type_string))
				opt = json_object_get_string(v);
		}
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

const struct hd_check hd_checks_daemon[] = {
	{ .id = "2.2",
	  .title = "Ensure network traffic is restricted between containers on the default bridge",
	  .section = SEC_2, .level = 1, .cis = HD_CIS_MANUAL,
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
	{ .id = NULL },
};
