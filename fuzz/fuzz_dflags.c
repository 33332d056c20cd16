/* Fuzz dockerd's flag parser, then the merge and endpoint rules on its
 * output: the input is an argv, arguments separated by NUL bytes. */
#include <stdint.h>
#include <string.h>

#include "collect/daemon.h"

/* libFuzzer entry: one argv per input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hd_argv v = { 0 };
	struct hd_ep_defaults d = { .cacert = "/root/.docker/ca.pem" };
	json_object *flags, *file, *cfg, *conf, *eps;

	hd_argv_push(&v, "dockerd", "fuzz", "flag");
	hd_argv_from_cmdline(&v, (const char *)data, size, "fuzz");
	flags = hd_dflags_parse(&v);
	file = json_object_new_object();
	json_object_object_add(file, "icc", json_object_new_boolean(1));
	json_object_object_add(file, "hosts", json_object_new_string("fd://"));
	hd_dconfig_merge(&cfg, &conf, flags, file, "/etc/docker/daemon.json");
	eps = hd_dendpoints(cfg, NULL, &d);
	json_object_put(eps);
	json_object_put(cfg);
	json_object_put(conf);
	json_object_put(file);
	json_object_put(flags);
	hd_argv_clear(&v);
	return 0;
}
