/* The report's host block, from facts of the snapshot. */
#include <string.h>

#include <hardock/check.h>
#include <hardock/facts.h>
#include <hardock/report.h>

/* Copy a string member of fact key's value at path into block as name. */
static void
copy_str(json_object *block, const struct hd_snapshot *s, const char *key,
    const char *path, const char *name)
{
	struct hd_fact f;
	const char *v = NULL;

	hd_snapshot_fact(&f, s, key);
	if (f.state == HD_FACT_VALUE)
		hd_get_str(NULL, f.value, path, NULL, &v);
	json_object_object_add(block, name, v ? json_object_new_string(v) : NULL);
}

json_object *
hd_report_host_block(const struct hd_snapshot *s)
{
	json_object *b = json_object_new_object();
	const char *url = hd_snapshot_meta(s, HD_META_ENGINE_URL);
	const char *root = hd_snapshot_meta(s, HD_META_ROOT);
	const char *remote = hd_snapshot_remote(s);
	struct hd_fact v, loc;
	struct hd_gate g;

	/* A remote engine's host is described by the engine, not by this
	 * machine's uname and os-release. */
	if (remote != NULL) {
		copy_str(b, s, HD_F_ENGINE_INFO, "Name", "hostname");
		copy_str(b, s, HD_F_ENGINE_INFO, "KernelVersion", "kernel");
		copy_str(b, s, HD_F_ENGINE_INFO, "OperatingSystem", "os");
	} else {
		copy_str(b, s, HD_F_HOST_INFO, "hostname", "hostname");
		copy_str(b, s, HD_F_HOST_INFO, "kernel", "kernel");
		copy_str(b, s, HD_F_HOST_INFO, "os", "os");
	}
	copy_str(b, s, HD_F_ENGINE_VERSION, "Version", "docker_version");
	copy_str(b, s, HD_F_ENGINE_VERSION, "ApiVersion", "api_version");
	copy_str(b, s, HD_F_ENGINE_CONN, "kind", "engine");
	json_object_object_add(b, "engine_url",
	    url ? json_object_new_string(url) : NULL);
	json_object_object_add(b, "root", json_object_new_string(root ? root : "/"));
	hd_snapshot_fact(&v, s, HD_F_ENGINE_VERSION);
	json_object_object_add(b, "engine_error", v.state == HD_FACT_VALUE ? NULL :
	    json_object_new_string(v.reason ? v.reason : "not collected"));
	hd_snapshot_fact(&loc, s, HD_F_ENGINE_LOCALITY);
	json_object_object_add(b, "engine_location", loc.state != HD_FACT_VALUE ?
	    NULL : json_object_new_string(remote ? "remote" : "local"));
	copy_str(b, s, HD_F_ENGINE_LOCALITY, "why", "engine_location_reason");
	/* The scanner's reason, word for word, so every format agrees. */
	if (hd_dockerd_gate(&g, s)) {
		char *t = hd_xasprintf("%s%s%s", g.reason, g.detail ? ": " : "",
		    g.detail ? g.detail : "");

		json_object_object_add(b, "dockerd_not_applicable",
		    json_object_new_string(t));
		free(t);
	} else {
		json_object_object_add(b, "dockerd_not_applicable", NULL);
	}
	hd_gate_clear(&g);
	return b;
}
