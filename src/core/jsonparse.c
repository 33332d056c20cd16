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

/* One tokener for every hd_json_parse() of the process (hardock has one
 * thread): making one per call zeroed its stack of HD_JSON_MAX_DEPTH
 * records and its buffer each time, 3 % of an offline 1,000-container
 * scan, which parses every inspect document. hd_json_parse_tok() resets
 * it before each document; it stays reachable until exit. */
static struct json_tokener *
shared_tokener(void)
{
	static struct json_tokener *tok;

	if (tok == NULL) {
		if ((tok = json_tokener_new_ex(HD_JSON_MAX_DEPTH)) == NULL)
			abort(); /* out of memory */
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	}
	return tok;
}

int
hd_json_parse(json_object **out, const char *data, size_t len)
{
	return hd_json_parse_tok(out, shared_tokener(), data, len);
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

/* The end of the JSON string starting at p, NULL when unterminated. */
static const char *
skip_string(const char *p, const char *end)
{
	for (p++; p < end && *p != '\0'; p++) {
		/* An escaped character, '"' included, is part of the string. */
		if (*p == '\\') {
			if (++p == end)
				return NULL;
			continue;
		}
		if (*p == '"')
			return p + 1;
	}
	return NULL;
}

const char *
hd_json_skip_value(const char *p, const char *end, int max_depth)
{
	int d = 0;

	if (p < end && *p == '"')
		return skip_string(p, end);
	if (p < end && *p != '{' && *p != '[') {
		while (p < end && (strchr("+-.eE", *p) || (*p >= '0' && *p <= '9') ||
		    (*p >= 'a' && *p <= 'z')) && *p != '\0')
			p++;
		return p;
	}
	while (p < end && *p != '\0') {
		if (*p == '"') {
			if ((p = skip_string(p, end)) == NULL)
				return NULL;
			continue;
		}
		if (*p == '{' || *p == '[') {
			if (++d > max_depth)
				return NULL;
		} else if ((*p == '}' || *p == ']') && --d == 0) {
			return p + 1;
		}
		p++;
	}
	return NULL;
}

/* Skip JSON white space from p. */
static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && strchr(" \t\r\n", *p) != NULL && *p != '\0')
		p++;
	return p;
}

/* The fast path of hd_json_parse_array_map(): false, with nothing kept,
 * when data is not an array it can split (the whole parse then says why
 * or takes it). */
static bool
map_elements(json_object **out, struct json_tokener *tok, const char *data,
    size_t len, json_object *(*map)(void *arg, json_object *elem), void *arg)
{
	const char *p = skip_ws(data, data + len), *end = data + len, *stop;
	json_object *arr, *e;

	if (p == end || *p != '[')
		return false;
	arr = json_object_new_array();
	p = skip_ws(p + 1, end);
	if (p < end && *p == ']')
		goto done;
	for (;;) {
		/* Elements are nested one level below the array. */
		if ((stop = hd_json_skip_value(p, end, HD_JSON_MAX_DEPTH - 1)) == NULL ||
		    stop == p)
			goto bad;
		/* json-c's null is NULL, which hd_json_parse_tok() refuses
		 * as a whole document. */
		e = NULL;
		if ((stop - p != 4 || memcmp(p, "null", 4) != 0) &&
		    hd_json_parse_tok(&e, tok, p, (size_t)(stop - p)) < 0)
			goto bad;
		json_object_array_add(arr, map(arg, e));
		p = skip_ws(stop, end);
		if (p < end && *p == ',') {
			p = skip_ws(p + 1, end);
			continue;
		}
		if (p < end && *p == ']')
			break;
		goto bad;
	}
done:
	if (skip_ws(p + 1, end) != end)
		goto bad;
	*out = arr;
	return true;
bad:
	json_object_put(arr);
	return false;
}

int
hd_json_parse_array_map(json_object **out, struct json_tokener *tok,
    const char *data, size_t len,
    json_object *(*map)(void *arg, json_object *elem), void *arg)
{
	json_object *doc;
	int r;

	*out = NULL;
	if (len <= (size_t)INT32_MAX && map_elements(out, tok, data, len, map, arg))
		return HD_OK;
	/* Malformed, or not an array: the whole parse, its error or value. */
	if ((r = hd_json_parse_tok(&doc, tok, data, len)) < 0)
		return r;
	if (json_object_is_type(doc, json_type_array)) {
		json_object *arr = json_object_new_array();

		for (size_t i = 0; i < json_object_array_length(doc); i++)
			json_object_array_add(arr, map(arg,
			    json_object_get(json_object_array_get_idx(doc, i))));
		json_object_put(doc);
		doc = arr;
	}
	*out = doc;
	return HD_OK;
}
