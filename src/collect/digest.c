/* Digests of the configuration files collectors read, kept as facts so
 * that evidence can name the exact bytes it came from. */
#include <stdlib.h>

#include <hardock/digest.h>
#include <hardock/facts.h>

#include "collect/collectors.h"

void
hd_collect_digest(struct hd_snapshot *s, const char *path,
    const struct hd_buf *b)
{
	char hex[HD_SHA256_HEX_LEN + 1];
	json_object *o;
	char *key;

	if (s == NULL || b == NULL)
		return;
	hd_sha256_hex(hex, hd_buf_ptr(b), hd_buf_len(b));
	o = json_object_new_object();
	json_object_object_add(o, "sha256", json_object_new_string(hex));
	json_object_object_add(o, "size",
	    json_object_new_int64((int64_t)hd_buf_len(b)));
	key = hd_xasprintf("%s%s", HD_F_DIGEST, path);
	hd_snapshot_set_value(s, key, o, path);
	free(key);
}
