/* Typed access to JSON documents that attackers may have shaped. */
#include <inttypes.h>
#include <string.h>

#include <hardock/check.h>

/* Walk a dotted path. Returns the value (NULL when missing); *bad is set
 * to the intermediate value that is not an object, if the walk hit one, so
 * that hostile documents ("HostConfig": "x") are errors, not defaults.
 * A key literally named like the whole path is tried first, since labels
 * and log-opts keys contain dots. */
static json_object *
walk(json_object *root, const char *path, json_object **bad)
{
	json_object *cur = root, *next;
	const char *p = path, *dot;
	char key[256];

	*bad = NULL;
	if (root == NULL)
		return NULL;
	if (!json_object_is_type(root, json_type_object)) {
		*bad = root;
		return NULL;
	}
	/* A path without a dot is that one lookup, done by the loop. */
	if (strchr(path, '.') != NULL &&
	    json_object_object_get_ex(root, path, &next))
		return next;
	while (*p) {
		size_t n;

		if (!json_object_is_type(cur, json_type_object)) {
			if (!json_object_is_type(cur, json_type_null))
				*bad = cur;
			return NULL;
		}
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, p, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(cur, key, &next))
			return NULL;
		cur = next;
		p += n + (dot ? 1 : 0);
	}
	return cur;
}

json_object *
hd_json_path(json_object *root, const char *path)
{
	json_object *bad;

	return walk(root, path, &bad);
}

static const char *
type_name(json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		return "null";
	case json_type_boolean:
		return "boolean";
	case json_type_double:
		return "number";
	case json_type_int:
		return "integer";
	case json_type_object:
		return "object";
	case json_type_array:
		return "array";
	case json_type_string:
		return "string";
	}
	return "unknown";
}

/* Report a type mismatch on the finding (if any) and return HD_ETYPE. */
static int
mismatch(struct hd_finding *f, const char *path, const char *want,
    json_object *v)
{
	if (f != NULL)
		hd_msg(f, "%s: expected %s, got %s", path, want, type_name(v));
	return hd_error_set(HD_ETYPE, "%s: expected %s, got %s", path, want,
	    type_name(v));
}

/* The value at path into *out, NULL for missing or JSON null; HD_ETYPE
 * when an intermediate value is not an object. */
static int
present(struct hd_finding *f, json_object *root, const char *path,
    json_object **out)
{
	json_object *bad, *v = walk(root, path, &bad);

	*out = NULL;
	if (bad != NULL)
		return mismatch(f, path, "object on the way", bad);
	if (v != NULL && !json_object_is_type(v, json_type_null))
		*out = v;
	return HD_OK;
}

/* The value at path when it has type t, into *out (NULL when missing or
 * JSON null); HD_ETYPE with f's message when it has another type. */
static int
typed(struct hd_finding *f, json_object *root, const char *path, json_type t,
    const char *tname, json_object **out)
{
	json_object *v;

	*out = NULL;
	if (present(f, root, path, &v) < 0)
		return HD_ETYPE;
	if (v != NULL && !json_object_is_type(v, t))
		return mismatch(f, path, tname, v);
	*out = v;
	return HD_OK;
}

int
hd_get_bool(struct hd_finding *f, json_object *root, const char *path,
    bool def, bool *out)
{
	json_object *v;
	int r = typed(f, root, path, json_type_boolean, "boolean", &v);

	*out = v ? json_object_get_boolean(v) : def;
	return r;
}

int
hd_get_int(struct hd_finding *f, json_object *root, const char *path,
    int64_t def, int64_t *out)
{
	json_object *v;
	int r = typed(f, root, path, json_type_int, "integer", &v);

	*out = v ? json_object_get_int64(v) : def;
	return r;
}

int
hd_get_str(struct hd_finding *f, json_object *root, const char *path,
    const char *def, const char **out)
{
	json_object *v;
	int r = typed(f, root, path, json_type_string, "string", &v);

	*out = v ? json_object_get_string(v) : def;
	return r;
}

int
hd_get_array(struct hd_finding *f, json_object *root, const char *path,
    json_object **out)
{
	return typed(f, root, path, json_type_array, "array", out);
}

int
hd_get_object(struct hd_finding *f, json_object *root, const char *path,
    json_object **out)
{
	return typed(f, root, path, json_type_object, "object", out);
}
