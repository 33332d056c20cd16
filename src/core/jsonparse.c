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

	if (tok == NULL)
		tok = hd_json_tokener_new();
	return tok;
}

struct json_tokener *
hd_json_tokener_new(void)
{
	struct json_tokener *tok = json_tokener_new_ex(HD_JSON_MAX_DEPTH);

	if (tok == NULL)
		abort(); /* out of memory */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
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

/* The value in [p, stop) into *v, json-c's null as NULL (which
 * hd_json_parse_tok() refuses as a whole document); false when it does
 * not parse. */
static bool
parse_value(json_object **v, struct json_tokener *tok, const char *p,
    const char *stop)
{
	*v = NULL;
	return (stop - p == 4 && memcmp(p, "null", 4) == 0) ||
	    hd_json_parse_tok(v, tok, p, (size_t)(stop - p)) == 0;
}

/* After a member or element at *p: 1, *p past the ',', when another
 * follows; 0 at the container's closing bracket close; -1 otherwise. */
static int
next_item(const char **p, const char *end, char close)
{
	*p = skip_ws(*p, end);
	if (*p < end && **p == ',') {
		*p = skip_ws(*p + 1, end);
		return 1;
	}
	return *p < end && **p == close ? 0 : -1;
}

/* The fast path of hd_json_parse_array_map(): false, with nothing kept,
 * when data is not an array it can split (the whole parse then says why
 * or takes it). The array is nested in outer containers of a whole
 * document (hd_json_parse_member_map()), which count towards its depth. */
static bool
map_elements(json_object **out, struct json_tokener *tok, const char *data,
    size_t len, int outer, json_object *(*map)(void *arg, json_object *elem),
    void *arg)
{
	const char *p = skip_ws(data, data + len), *end = data + len, *stop;
	json_object *arr, *e;
	int more;

	if (p == end || *p != '[')
		return false;
	arr = json_object_new_array();
	p = skip_ws(p + 1, end);
	if (p < end && *p == ']')
		goto done;
	for (;;) {
		/* Elements are nested one level below the array. */
		if ((stop = hd_json_skip_value(p, end,
		    HD_JSON_MAX_DEPTH - 1 - outer)) == NULL || stop == p)
			goto bad;
		if (!parse_value(&e, tok, p, stop))
			goto bad;
		json_object_array_add(arr, map(arg, e));
		p = stop;
		if ((more = next_item(&p, end, ']')) < 0)
			goto bad;
		if (more == 0)
			break;
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

/* Array doc (stolen) with each element through map, as a new array. */
static json_object *
map_whole(json_object *doc, json_object *(*map)(void *arg, json_object *elem),
    void *arg)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < json_object_array_length(doc); i++)
		json_object_array_add(arr, map(arg,
		    json_object_get(json_object_array_get_idx(doc, i))));
	json_object_put(doc);
	return arr;
}

int
hd_json_parse_array_map(json_object **out, struct json_tokener *tok,
    const char *data, size_t len,
    json_object *(*map)(void *arg, json_object *elem), void *arg)
{
	json_object *doc;
	int r;

	*out = NULL;
	if (len <= (size_t)INT32_MAX &&
	    map_elements(out, tok, data, len, 0, map, arg))
		return HD_OK;
	/* Malformed, or not an array: the whole parse, its error or value. */
	if ((r = hd_json_parse_tok(&doc, tok, data, len)) < 0)
		return r;
	if (json_object_is_type(doc, json_type_array))
		doc = map_whole(doc, map, arg);
	*out = doc;
	return HD_OK;
}

/* The fast path of hd_json_parse_member_map(): an object read member by
 * member, member's array through map_elements(); false, with nothing
 * kept, when data is not such an object (the whole parse then says why or
 * takes it). */
static bool
map_member(json_object **out, struct json_tokener *tok, const char *data,
    size_t len, const char *member,
    json_object *(*map)(void *arg, json_object *elem), void *arg)
{
	const char *p = skip_ws(data, data + len), *end = data + len, *stop;
	json_object *obj, *key = NULL, *v;
	int more;

	if (p == end || *p != '{')
		return false;
	obj = json_object_new_object();
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		goto done;
	for (;;) {
		if (p == end || *p != '"' || (stop = hd_json_skip_value(p, end,
		    0)) == NULL || hd_json_parse_tok(&key, tok, p,
		    (size_t)(stop - p)) < 0)
			goto bad;
		p = skip_ws(stop, end);
		if (p == end || *p != ':')
			goto bad;
		p = skip_ws(p + 1, end);
		/* Members are nested one level below the object. */
		if ((stop = hd_json_skip_value(p, end, HD_JSON_MAX_DEPTH - 1)) ==
		    NULL || stop == p)
			goto bad;
		if (*p == '[' && strcmp(json_object_get_string(key), member) == 0 ?
		    !map_elements(&v, tok, p, (size_t)(stop - p), 1, map, arg) :
		    !parse_value(&v, tok, p, stop))
			goto bad;
		/* A key given twice keeps its last value, as json-c does. */
		json_object_object_add(obj, json_object_get_string(key), v);
		json_object_put(key);
		key = NULL;
		p = stop;
		if ((more = next_item(&p, end, '}')) < 0)
			goto bad;
		if (more == 0)
			break;
	}
done:
	if (skip_ws(p + 1, end) != end)
		goto bad;
	*out = obj;
	return true;
bad:
	json_object_put(key);
	json_object_put(obj);
	return false;
}

int
hd_json_parse_member_map(json_object **out, struct json_tokener *tok,
    const char *data, size_t len, const char *member,
    json_object *(*map)(void *arg, json_object *elem), void *arg)
{
	json_object *doc, *arr;
	int r;

	*out = NULL;
	if (len <= (size_t)INT32_MAX &&
	    map_member(out, tok, data, len, member, map, arg))
		return HD_OK;
	/* Malformed, or not an object: the whole parse, its error or value. */
	if ((r = hd_json_parse_tok(&doc, tok, data, len)) < 0)
		return r;
	if (json_object_is_type(doc, json_type_object) &&
	    json_object_object_get_ex(doc, member, &arr) &&
	    json_object_is_type(arr, json_type_array))
		json_object_object_add(doc, member,
		    map_whole(json_object_get(arr), map, arg));
	*out = doc;
	return HD_OK;
}
