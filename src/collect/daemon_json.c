/*
 * daemon.json, parsed strictly (dockerd uses Go's encoding/json, which
 * accepts no comments or trailing commas) with the position of an error
 * as line and column, so that a report points at the broken character.
 */
#include <stdint.h>
#include <string.h>

#include "collect/daemon.h"

void
hd_text_position(size_t *line, size_t *col, const char *data, size_t len,
    size_t off)
{
	*line = 1;
	*col = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Whether data holds only JSON whitespace. */
static bool
blank(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (strchr(" \t\r\n", data[i]) == NULL)
			return false;
	return true;
}

/* Set HD_EPARSE with the position of off and the message. */
static int
parse_error(const char *data, size_t len, size_t off, const char *msg)
{
	size_t line, col;

	hd_text_position(&line, &col, data, len, off);
	return hd_error_set(HD_EPARSE, "line %zu, column %zu: %s", line, col, msg);
}

int
hd_djson_parse(json_object **out, const char *data, size_t len)
{
	struct json_tokener *tok = NULL;
	json_object *doc = NULL;
	enum json_tokener_error err;
	size_t end;
	int r = HD_OK;

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
	if (len > (size_t)INT32_MAX)
		return hd_error_set(HD_ELIMIT, "daemon.json too large");
	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	doc = json_tokener_parse_ex(tok, data, (int)len);
	err = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (doc == NULL) {
		/* The tokener stops at the character it could not take. */
		r = parse_error(data, len, err == json_tokener_continue ? len : end,
		    err == json_tokener_continue ?
		    "unexpected end of file" : json_tokener_error_desc(err));
		goto out;
	}
	if (!blank(data + end, len - end)) {
		r = parse_error(data, len, end, "unexpected data after the JSON document");
		goto out;
	}
	if (!json_object_is_type(doc, json_type_object)) {
		r = hd_error_set(HD_ETYPE, "line 1, column 1: daemon.json must hold a JSON object, not %s",
		    json_type_to_name(json_object_get_type(doc)));
		goto out;
	}
	*out = doc;
	doc = NULL;
out:
	json_object_put(doc);
	json_tokener_free(tok);
	return r;
}
