/*
 * The snapshot, kept as one JSON document so that saving and loading it is
 * lossless by construction:
 *   {"snapshot_version": 1, "meta": {...},
 *    "facts": {KEY: FACT}, "objects": {"container": [OBJ], "image": [OBJ]}}
 * FACT = {"state": "value"|"absent"|"error", "value": ..., "source": str,
 *         "reason": str};  OBJ = {"id": str, "name": str, "fact": FACT}.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/jsonparse.h>
#include <hardock/snapshot.h>

#define SNAPSHOT_FILE_CAP (1024u << 20)

struct hd_snapshot {
	json_object *root;
	json_object *meta;    /* borrowed from root */
	json_object *facts;   /* borrowed from root */
	json_object *objects[HD_OBJ__COUNT]; /* borrowed arrays, or NULL */
};

static const char *const kind_names[HD_OBJ__COUNT] = {
	"daemon", "container", "image", "file", "host",
};

static const char *const state_names[] = { "value", "absent", "error" };

const char *
hd_object_kind_name(enum hd_object_kind kind)
{
	return kind < HD_OBJ__COUNT ? kind_names[kind] : "unknown";
}

/* Attach the borrowed pointers to the sections of root, creating any
 * missing section. */
static void
bind_sections(struct hd_snapshot *s)
{
	json_object *objs;

	if (!json_object_object_get_ex(s->root, "meta", &s->meta)) {
		s->meta = json_object_new_object();
		json_object_object_add(s->root, "meta", s->meta);
	}
	if (!json_object_object_get_ex(s->root, "facts", &s->facts)) {
		s->facts = json_object_new_object();
		json_object_object_add(s->root, "facts", s->facts);
	}
	if (!json_object_object_get_ex(s->root, "objects", &objs)) {
		objs = json_object_new_object();
		json_object_object_add(s->root, "objects", objs);
	}
	for (int k = 0; k < HD_OBJ__COUNT; k++) {
		if (!json_object_object_get_ex(objs, kind_names[k], &s->objects[k]))
			s->objects[k] = NULL;
	}
}

struct hd_snapshot *
hd_snapshot_new(void)
{
	struct hd_snapshot *s = hd_xcalloc(1, sizeof(*s));

	s->root = json_object_new_object();
	json_object_object_add(s->root, "snapshot_version",
	    json_object_new_int(HD_SNAPSHOT_VERSION));
	bind_sections(s);
	return s;
}

void
hd_snapshot_free(struct hd_snapshot *s)
{
	if (s == NULL)
		return;
	json_object_put(s->root);
	free(s);
}

/* A fact document in the given state. */
static json_object *
fact_new(enum hd_fact_state st, json_object *value, const char *source,
    const char *reason)
{
	json_object *f = json_object_new_object();

	json_object_object_add(f, "state", json_object_new_string(state_names[st]));
	if (st == HD_FACT_VALUE)
		json_object_object_add(f, "value", value);
	json_object_object_add(f, "source",
	    json_object_new_string(source ? source : ""));
	if (reason != NULL)
		json_object_object_add(f, "reason", json_object_new_string(reason));
	return f;
}

void
hd_snapshot_set_value(struct hd_snapshot *s, const char *key,
    json_object *value, const char *source)
{
	json_object_object_add(s->facts, key,
	    fact_new(HD_FACT_VALUE, value, source, NULL));
}

/* Shared body of the absent and error setters. */
static void
set_reason(struct hd_snapshot *s, const char *key, enum hd_fact_state st,
    const char *source, const char *fmt, va_list ap)
{
	char *reason = hd_xvasprintf(fmt, ap);

	json_object_object_add(s->facts, key, fact_new(st, NULL, source, reason));
	free(reason);
}

void
hd_snapshot_set_absent(struct hd_snapshot *s, const char *key,
    const char *source, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(s, key, HD_FACT_ABSENT, source, fmt, ap);
	va_end(ap);
}

void
hd_snapshot_set_error(struct hd_snapshot *s, const char *key,
    const char *source, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(s, key, HD_FACT_ERROR, source, fmt, ap);
	va_end(ap);
}

/* Decode a fact document; anything malformed reads as an error fact. */
static void
fact_view(struct hd_fact *out, json_object *doc)
{
	json_object *v;
	const char *st;

	out->state = HD_FACT_ERROR;
	out->value = NULL;
	out->source = "";
	out->reason = "not collected";
	if (doc == NULL || !json_object_is_type(doc, json_type_object))
		return;
	if (json_object_object_get_ex(doc, "source", &v) &&
	    json_object_is_type(v, json_type_string))
		out->source = json_object_get_string(v);
	if (json_object_object_get_ex(doc, "reason", &v) &&
	    json_object_is_type(v, json_type_string))
		out->reason = json_object_get_string(v);
	if (!json_object_object_get_ex(doc, "state", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		out->reason = "malformed fact in snapshot";
		return;
	}
	st = json_object_get_string(v);
	if (strcmp(st, "value") == 0) {
		json_object_object_get_ex(doc, "value", &out->value);
		out->state = HD_FACT_VALUE;
		out->reason = NULL;
	} else if (strcmp(st, "absent") == 0) {
		out->state = HD_FACT_ABSENT;
	} else if (strcmp(st, "error") != 0) {
		out->reason = "malformed fact state in snapshot";
	}
}

void
hd_snapshot_fact(struct hd_fact *out, const struct hd_snapshot *s,
    const char *key)
{
	json_object *doc = NULL;

	json_object_object_get_ex(s->facts, key, &doc);
	fact_view(out, doc);
}

bool
hd_snapshot_has(const struct hd_snapshot *s, const char *key)
{
	return json_object_object_get_ex(s->facts, key, NULL);
}

/* The array of objects of kind, created on first use. */
static json_object *
object_list(struct hd_snapshot *s, enum hd_object_kind kind)
{
	json_object *objs;

	if (s->objects[kind] == NULL) {
		json_object_object_get_ex(s->root, "objects", &objs);
		s->objects[kind] = json_object_new_array();
		json_object_object_add(objs, kind_names[kind], s->objects[kind]);
	}
	return s->objects[kind];
}

/* Append {"id", "name", "fact"} to the kind's list. */
static void
add_object(struct hd_snapshot *s, enum hd_object_kind kind, const char *id,
    const char *name, json_object *fact)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "id", json_object_new_string(id ? id : ""));
	json_object_object_add(o, "name", json_object_new_string(name ? name : ""));
	json_object_object_add(o, "fact", fact);
	json_object_array_add(object_list(s, kind), o);
}

void
hd_snapshot_add_object(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *id, const char *name, json_object *value, const char *source)
{
	add_object(s, kind, id, name, fact_new(HD_FACT_VALUE, value, source, NULL));
}

void
hd_snapshot_add_object_error(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *id, const char *name, const char *source, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	va_start(ap, fmt);
	reason = hd_xvasprintf(fmt, ap);
	va_end(ap);
	add_object(s, kind, id, name,
	    fact_new(HD_FACT_ERROR, NULL, source, reason));
	free(reason);
}

size_t
hd_snapshot_count(const struct hd_snapshot *s, enum hd_object_kind kind)
{
	if (kind >= HD_OBJ__COUNT || s->objects[kind] == NULL ||
	    !json_object_is_type(s->objects[kind], json_type_array))
		return 0;
	return json_object_array_length(s->objects[kind]);
}

/* A string member of o, or "" when missing or not a string. */
static const char *
member_str(json_object *o, const char *key)
{
	json_object *v;

	if (json_object_object_get_ex(o, key, &v) &&
	    json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return "";
}

void
hd_snapshot_object(struct hd_object *out, const struct hd_snapshot *s,
    enum hd_object_kind kind, size_t i)
{
	json_object *o = json_object_array_get_idx(s->objects[kind], i);
	json_object *fact = NULL, *cfg, *labels;

	out->kind = kind;
	out->id = member_str(o, "id");
	out->name = member_str(o, "name");
	out->labels = NULL;
	json_object_object_get_ex(o, "fact", &fact);
	fact_view(&out->inspect, fact);
	if (out->inspect.value != NULL &&
	    json_object_object_get_ex(out->inspect.value, "Config", &cfg) &&
	    json_object_object_get_ex(cfg, "Labels", &labels) &&
	    json_object_is_type(labels, json_type_object))
		out->labels = labels;
}

void
hd_snapshot_set_meta(struct hd_snapshot *s, const char *key, const char *value)
{
	json_object_object_add(s->meta, key, json_object_new_string(value));
}

const char *
hd_snapshot_meta(const struct hd_snapshot *s, const char *key)
{
	return member_str(s->meta, key)[0] ? member_str(s->meta, key) : NULL;
}

json_object *
hd_snapshot_json(const struct hd_snapshot *s)
{
	return s->root;
}

int
hd_snapshot_parse(struct hd_snapshot **out, const char *data, size_t len)
{
	struct hd_snapshot *s;
	json_object *root, *ver;
	int r = HD_OK;

	*out = NULL;
	if ((r = hd_json_parse(&root, data, len)) < 0)
		return hd_error_wrap(r, "snapshot is not valid JSON");
	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "snapshot_version", &ver) ||
	    json_object_get_int(ver) != HD_SNAPSHOT_VERSION) {
		r = hd_error_set(HD_EPARSE, "not a hardock snapshot of version %d",
		    HD_SNAPSHOT_VERSION);
		json_object_put(root);
		return r;
	}
	s = hd_xcalloc(1, sizeof(*s));
	s->root = root;
	bind_sections(s);
	if (!json_object_is_type(s->meta, json_type_object) ||
	    !json_object_is_type(s->facts, json_type_object)) {
		hd_snapshot_free(s);
		return hd_error_set(HD_EPARSE, "snapshot sections have the wrong type");
	}
	for (int k = 0; k < HD_OBJ__COUNT; k++) {
		if (s->objects[k] != NULL &&
		    !json_object_is_type(s->objects[k], json_type_array)) {
			hd_snapshot_free(s);
			return hd_error_set(HD_EPARSE, "snapshot objects.%s is not an array",
			    kind_names[k]);
		}
	}
	*out = s;
	return HD_OK;
}

int
hd_snapshot_load(struct hd_snapshot **out, const char *path)
{
	struct hd_buf *b = NULL;
	int r;

	*out = NULL;
	if ((r = hd_buf_load(&b, path, SNAPSHOT_FILE_CAP)) < 0)
		return r;
	if ((r = hd_snapshot_parse(out, hd_buf_ptr(b), hd_buf_len(b))) < 0)
		hd_error_wrap(r, path);
	hd_buf_free(b);
	return r;
}

int
hd_snapshot_save(const struct hd_snapshot *s, const char *path)
{
	const char *text = json_object_to_json_string_ext(s->root,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	FILE *fp = fopen(path, "we");
	int r = HD_OK;

	if (fp == NULL)
		return hd_error_set(HD_EIO, "%s: %s", path, strerror(errno));
	if (fputs(text, fp) == EOF || fputc('\n', fp) == EOF)
		r = hd_error_set(HD_EIO, "%s: %s", path, strerror(errno));
	if (fclose(fp) != 0 && r == HD_OK)
		r = hd_error_set(HD_EIO, "%s: %s", path, strerror(errno));
	return r;
}
