/* Fuzz daemon.json parsing and its error position. */
#include <stdint.h>

#include "collect/daemon.h"

/* libFuzzer entry: one daemon.json per input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_object *o = NULL;

	if (hd_djson_parse(&o, (const char *)data, size) == HD_OK)
		json_object_put(o);
	return 0;
}
