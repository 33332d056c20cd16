/* Strict whole-buffer JSON parsing with line:column errors. */
#include <stdlib.h>
#include <string.h>

#include <hardock/common.h>
#include <hardock/jsonparse.h>

void
hd_text_position(size_t *line, size_t *col, const char *data, size_t len,
    size_t off)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Set the error message for a failure at byte offset off. */
static int
parse_error(const char *data, size_t len, size_t off, const char *why)
{
	size_t line, col;

	hd_text_position(&line, &col, data, len, off);
	return hd_error_set(HD_EPARSE, "line %zu, column %zu: %s", line, col, why);
}

int
hd_json_parse_tok(json_object **out, struct json_tokener *tok,
    const char *data, size_t len)
{
	json_object *doc;
	enum json_tokener_error jerr;
	size_t off;

	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return hd_error_set(HD_ELIMIT, "JSON document too large");
	if (memchr(data, '\0', len) != NULL)
		return parse_error(data, len, (size_t)((const char *)memchr(data, '\0',
		    len) - data), "NUL byte in JSON text");
	json_tokener_reset(tok);
	doc = json_tokener_parse_ex(tok, data, (int)len);
	jerr = json_tokener_get_error(tok);
	off = json_tokener_get_parse_end(tok);
	if (doc == NULL && jerr == json_tokener_continue) {
		/* Numbers at the end of input are only complete at EOF. */
		doc = json_tokener_parse_ex(tok, "", 1);
		jerr = json_tokener_get_error(tok);
		off = len;
	}
	if (doc == NULL)
		return parse_error(data, len, off, jerr == json_tokener_continue ||
		    off >= len ? "unexpected end of input" :
		    json_tokener_error_desc(jerr));
	for (; off < len; off++) {
		if (strchr(" \t\r\n", data[off]) == NULL) {
			json_object_put(doc);
			return parse_error(data, len, off, "trailing data after the "
			    "JSON value");
		}
	}
	*out = doc;
	return HD_OK;
}

int
hd_json_parse(json_object **out, const char *data, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(HD_JSON_MAX_DEPTH);
	int r;

	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	r = hd_json_parse_tok(out, tok, data, len);
	json_tokener_free(tok);
	return r;
}

int
hd_json_parse_object(json_object **out, const char *data, size_t len,
    const char *what)
{
	json_object *doc;
	int r;

	*out = NULL;
	if ((r = hd_json_parse(&doc, data, len)) < 0) {
		char *prefix = hd_xasprintf("%s is not valid JSON", what);

		hd_error_wrap(r, prefix);
		free(prefix);
		return r;
	}
	if (!json_object_is_type(doc, json_type_object)) {
		r = hd_error_set(HD_EPARSE, "%s is not a JSON object but %s", what,
		    json_type_to_name(json_object_get_type(doc)));
		json_object_put(doc);
		return r;
	}
	*out = doc;
	return HD_OK;
}
