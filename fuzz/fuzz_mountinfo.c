/* Fuzz the /proc/self/mountinfo parser and the lookup of the mount
 * holding a path (the engine's data root and its parents). */
#include <stddef.h>

#include "collect/mounts.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
	static const char *const paths[] = { "/var/lib/docker", "/var/lib",
	    "/", "", "/var/lib/docker/", "relative" };
	struct hd_mounts *m = NULL;

	if (hd_mountinfo_parse(&m, (const char *)data, len) == 0)
		for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
			hd_mounts_find(m, paths[i]);
	hd_mounts_free(m);
	return 0;
}
