/* Fuzz the image archive reader: one archive (docker save, OCI layout tar,
 * compressed or not) per input, through hd_image_read_buf(). */
#include <stdint.h>

#include <hardock/image.h>

/* libFuzzer entry: one archive per input, with caps small enough that a
 * decompression bomb costs milliseconds, not seconds. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_image_limits lim;

	hd_image_limits_init(&lim);
	lim.max_bytes = 32u << 20;
	lim.max_json = 1u << 20;
	lim.max_files = 10000;
	(void)hd_image_read_buf(s, "fuzz.tar", data, size, &lim, 0);
	hd_image_resolve_annotated_bases(s);
	hd_snapshot_free(s);
	return 0;
}
