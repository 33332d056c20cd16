/* Fuzz the shell-style environment file parser (/etc/default/docker). */
#include <stdint.h>

#include "collect/daemon.h"

/* libFuzzer entry: one file per input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *o = NULL;

	if (hd_envfile_parse(&o, (const char *)data, size) == HD_OK)
		json_object_put(o);
	return 0;
}
