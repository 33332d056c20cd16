/* Fuzz the image configuration parser (the config JSON of an image
 * archive into the engine's inspect and history shapes). */
#include <stdint.h>

#include "collect/image_int.h"

/* libFuzzer entry: one configuration per input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct img_config c;

	if (img_config_parse(&c, (const char *)data, size, "sha256:fuzz", NULL,
	    NULL) == HD_OK)
		img_config_clear(&c);
	return 0;
}
