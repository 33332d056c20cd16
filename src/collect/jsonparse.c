/* One JSON document from a buffer, with the position of the first error. */
#include <stdint.h>

#include <hardock/common.h>

#include "collect/jsonparse.h"

/* Whether the n bytes at p are all JSON white space. */
static int
only_space(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			return 0;
	return 1;
}

int
hd_json_parse(json_object **out, struct json_tokener *tok, const char *data,
    size_t len)
{
	json_object *doc;
	size_t end;

	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return hd_error_set(HD_ELIMIT, "JSON text larger than %d bytes",
		    INT32_MAX);
	json_tokener_reset(tok);
	doc = json_tokener_parse_ex(tok, data, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (doc == NULL) {
		if (json_tokener_get_error(tok) == json_tokener_continue)
			return hd_error_set(HD_EPARSE, "%s JSON text",
			    only_space(data, len) ? "empty" : "incomplete");
		return hd_error_set(HD_EPARSE, "%s at offset %zu",
		    json_tokener_error_desc(json_tokener_get_error(tok)), end);
	}
	if (end > len || !only_space(data + end, len - end)) {
		json_object_put(doc);
		return hd_error_set(HD_EPARSE, "unexpected data after the JSON "
		    "document at offset %zu", end);
	}
	*out = doc;
	return HD_OK;
}
