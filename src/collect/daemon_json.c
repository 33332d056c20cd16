/*
 * daemon.json, parsed strictly (dockerd uses Go's encoding/json, which
 * accepts no comments or trailing commas) with the position of an error
 * as line and column, so that a report points at the broken character.
 */
#include <stdint.h>
#include <string.h>

#include <hardock/jsonparse.h>

#include "collect/daemon.h"

/* Whether data holds only JSON whitespace. */
static bool
blank(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (strchr(" \t\r\n", data[i]) == NULL)
			return false;
	return true;
}

int
hd_djson_parse(json_object **out, const char *data, size_t len)
{
	*out = NULL;
	/* Like dockerd, skip a UTF-8 byte order mark. */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	/* An empty file sets nothing (dockerd starts with it). */
	if (blank(data, len)) {
		*out = json_object_new_object();
		return HD_OK;
	}
	return hd_json_parse_object(out, data, len, "daemon.json");
}
