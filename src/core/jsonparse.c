/* Strict whole-buffer JSON parsing with line:column errors. */
#include <string.h>

#include <hardock/common.h>
#include <hardock/jsonparse.h>

/* Set the error message for a failure at byte offset off. */
static int
parse_error(const char *data, size_t len, size_t off, const char *why)
{
	size_t line = 1, col = 1;

	for (size_t i = 0; i < off && i < len; i++) {
		if (data[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return hd_error_set(HD_EPARSE, "line %zu, column %zu: %s", line, col, why);
}

int
hd_json_parse(json_object **out, const char *data, size_t len)
{
	struct json_tokener *tok;
	json_object *doc;
	enum json_tokener_error jerr;
	size_t off;
	int r = HD_OK;

	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return hd_error_set(HD_ELIMIT, "JSON document too large");
	if (memchr(data, '\0', len) != NULL)
		return parse_error(data, len, (size_t)((const char *)memchr(data, '\0',
		    len) - data), "NUL byte in JSON text");
	tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	doc = json_tokener_parse_ex(tok, data, (int)len);
	jerr = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	if (doc == NULL && jerr == json_tokener_continue) {
		/* Numbers at the end of input are only complete at EOF. */
		doc = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		off = len;
	}
	if (doc == NULL) {
		r = parse_error(data, len, off, jerr == json_tokener_continue ?
		    "unexpected end of input" : json_tokener_error_desc(jerr));
		goto out;
	}
	for (; off < len; off++) {
		if (strchr(" \t\r\n", data[off]) == NULL) {
			r = parse_error(data, len, off, "unexpected text after the JSON "
			    "value");
			json_object_put(doc);
			goto out;
		}
	}
	*out = doc;
out:
	json_tokener_free(tok);
	return r;
}
