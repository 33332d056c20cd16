/*
 * The snapshot, kept as one JSON document so that saving and loading it is
 * lossless by construction:
 *   {"snapshot_version": 1, "meta": {...},
 *    "facts": {KEY: FACT}, "objects": {"container": [OBJ], "image": [OBJ]}}
 * FACT = {"state": "value"|"absent"|"error", "value": ..., "source": str,
 *         "reason": str};  OBJ = {"id": str, "name": str, "fact": FACT}.
 *
 * An object's inspect document is held as its compact JSON text, not as a
 * json-c tree: a tree costs ten times its text (every JSON object carries
 * a hash table), and a thousand containers' trees were most of hardock's
 * memory. In the document the "value" of an OBJ's fact is a JSON string of
 * that text, marked by a lazy record (userdata) and a serializer that
 * prints the text as the JSON value it is, so a saved snapshot reads
 * exactly as if the tree were there. hd_snapshot_object() parses the text
 * on first use and keeps the tree in the lazy record until
 * hd_snapshot_release() drops it. Loading a saved snapshot only finds
 * where each document's text ends and keeps it without the white space
 * between tokens, and a live scan keeps an inspect answer's text the same
 * way: the document is parsed once, when evaluated, and one that does not
 * parse is that object's error (its reason says why); saved, it is the
 * JSON string of its text. The rest of a snapshot file is parsed, and
 * refused when malformed, as before. A document a collector adds is also
 * deflated against its kind's first (lazy_pack(): 10,000 containers'
 * texts take 4 MB, not 38), its string then empty and the text in the
 * lazy record; lazy_text() gives it back.
 */
#include <errno.h>
#include <fcntl.h>
#include <json-c/linkhash.h>
#include <json-c/printbuf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <hardock/buf.h>
#include <hardock/jsonparse.h>
#include <hardock/snapshot.h>

/* A kind's preset dictionary: its first document's text. Inspect
 * documents of one engine are alike but for ids and a few settings, so
 * deflated against it one of 3.7 KB takes about 400 bytes, where alone it
 * took 1.6 KB: 10,000 containers' documents are 4 MB instead of 38. */
struct zdict {
	size_t refs;       /* the snapshot and each document packed with it */
	z_stream inf;      /* raw inflate, made on first use */
	bool inf_ready;
	size_t len;
	unsigned char data[];
};

struct hd_snapshot {
	json_object *root;
	json_object *meta;    /* borrowed from root */
	json_object *facts;   /* borrowed from root */
	json_object *objects[HD_OBJ__COUNT]; /* borrowed arrays, or NULL */
	/* id -> index + 1 of the first object with that id, per kind, built
	 * on the first hd_snapshot_find(): the process collector and image
	 * lookups find objects by id, and a linear search each time made a
	 * scan quadratic in the number of containers. NULL until built. */
	struct lh_table *index[HD_OBJ__COUNT];
	struct zdict *dict[HD_OBJ__COUNT]; /* NULL until a document is packed */
	z_stream def;   /* raw deflate, made on first use */
	bool def_ready;
};

static const char *const kind_names[HD_OBJ__COUNT] = {
	"daemon", "container", "image", "file", "host",
};

static const char *const state_names[] = { "value", "absent", "error" };

/* The parsed tree of an inspect document held as text, when in use. */
struct lazy {
	json_object *doc;
	char *bad; /* why the text did not parse (a corrupt snapshot), or NULL */
	/* Packed (lazy_pack()): the text deflated against dict, and the
	 * string holding the record is empty. NULL: the string is the text. */
	unsigned char *z;
	size_t zlen, plain;
	struct zdict *dict;
};

/* Release one holder of d; the last frees it. */
static void
zdict_put(struct zdict *d)
{
	if (d == NULL || --d->refs > 0)
		return;
	if (d->inf_ready)
		inflateEnd(&d->inf);
	free(d);
}

/* Objects nested deeper than this take the slow path when a snapshot is
 * loaded, so that the streaming reader never accepts what one whole-file
 * parse (limited to HD_JSON_MAX_DEPTH) would refuse. */
#define STREAM_MAX_DEPTH (HD_JSON_MAX_DEPTH - 16)

const char *
hd_object_kind_name(enum hd_object_kind kind)
{
	return kind < HD_OBJ__COUNT ? kind_names[kind] : "unknown";
}

/* Free a lazy record with its tree (json-c's userdata destructor). */
static void
lazy_delete(json_object *jso, void *userdata)
{
	struct lazy *lz = userdata;

	(void)jso;
	json_object_put(lz->doc);
	free(lz->bad);
	free(lz->z);
	zdict_put(lz->dict);
	free(lz);
}

/* The text of text-held document t: the string itself, or, packed, its
 * inflated copy in *owned (the caller frees). NULL when a packed one does
 * not inflate, which only a bug in this file could make. */
static const char *
lazy_text(json_object *t, size_t *len, char **owned)
{
	struct lazy *lz = json_object_get_userdata(t);
	struct zdict *d;
	char *buf;

	*owned = NULL;
	if (lz == NULL || lz->z == NULL) {
		*len = (size_t)json_object_get_string_len(t);
		return json_object_get_string(t);
	}
	d = lz->dict;
	if (!d->inf_ready) {
		memset(&d->inf, 0, sizeof(d->inf));
		if (inflateInit2(&d->inf, -MAX_WBITS) != Z_OK)
			abort(); /* out of memory */
		d->inf_ready = true;
	}
	buf = hd_xmalloc(lz->plain + 1);
	if (inflateReset(&d->inf) != Z_OK ||
	    inflateSetDictionary(&d->inf, d->data, (uInt)d->len) != Z_OK)
		goto bad;
	d->inf.next_in = lz->z;
	d->inf.avail_in = (uInt)lz->zlen;
	d->inf.next_out = (unsigned char *)buf;
	d->inf.avail_out = (uInt)lz->plain;
	if (inflate(&d->inf, Z_FINISH) != Z_STREAM_END ||
	    d->inf.total_out != lz->plain)
		goto bad;
	buf[lz->plain] = '\0';
	*len = lz->plain;
	*owned = buf;
	return buf;
bad:
	free(buf);
	return NULL;
}

/* A json-c serializer flag of this file's (above json-c's own bits): print
 * text-held documents as held. */
#define PRINT_HELD (1 << 28)

/* Print a text-held document as the JSON value it is, indented for its
 * nesting level as json-c would indent the tree: a pretty-printed tree's
 * line breaks are all between tokens, so each is followed by the level's
 * indentation. */
static int
lazy_print(json_object *jso, struct printbuf *pb, int level, int flags)
{
	json_object *doc = NULL;
	const char *text, *p, *nl, *held;
	char *owned = NULL;
	size_t len;
	int r = 0;

	if ((held = lazy_text(jso, &len, &owned)) == NULL)
		return -1;
	/* For hd_snapshot_transfer(): as held, never parsed here. */
	if (flags & PRINT_HELD) {
		r = printbuf_memappend(pb, held, (int)len);
		free(owned);
		return r < 0 ? -1 : 0;
	}
	/* A text that does not parse (an engine's malformed answer, kept
	 * unparsed) is saved as the JSON string it is: the evidence stays,
	 * and loaded again it is still that object's error. */
	if (hd_json_parse(&doc, held, len) < 0)
		doc = json_object_new_string_len(held, (int)len);
	free(owned);
	text = json_object_to_json_string_ext(doc, flags);
	for (p = text; r >= 0 && *p; p = nl) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		r = printbuf_memappend(pb, p, (int)(nl - p));
		if (r >= 0 && nl[-1] == '\n' && level > 0)
			r = (flags & JSON_C_TO_STRING_PRETTY_TAB) ?
			    printbuf_memset(pb, -1, '\t', level) :
			    printbuf_memset(pb, -1, ' ', level * 2);
	}
	json_object_put(doc);
	return r < 0 ? -1 : 0;
}

/* The lazy record of v, NULL when v is not a text-held document. */
static struct lazy *
lazy_of(json_object *v)
{
	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_userdata(v) : NULL;
}

/* Mark t, a string holding a document's text, as text-held. */
static json_object *
lazy_mark(json_object *t)
{
	json_object_set_serializer(t, lazy_print, hd_xcalloc(1,
	    sizeof(struct lazy)), lazy_delete);
	return t;
}

/* A text-held document for value (stolen): its compact text, marked. */
static json_object *
lazy_new(json_object *value)
{
	json_object *t = json_object_new_string(json_object_to_json_string_ext(
	    value, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));

	json_object_put(value);
	return lazy_mark(t);
}

/* Deflate text-held document t (stolen) against the dictionary of kind
 * in s, the first one packed becoming it: the packed document, or t
 * itself when packing would not shrink it. The text stays byte for byte
 * what lazy_text() gives back. */
static json_object *
lazy_pack(struct hd_snapshot *s, enum hd_object_kind kind, json_object *t)
{
	struct lazy *lz = lazy_of(t), *pz;
	const char *text = json_object_get_string(t);
	size_t len = (size_t)json_object_get_string_len(t), cap;
	struct zdict *d;
	unsigned char *z;
	json_object *p;

	if (lz == NULL || lz->z != NULL || lz->doc != NULL || lz->bad != NULL ||
	    len == 0 || len > UINT32_MAX)
		return t;
	if (s->dict[kind] == NULL) {
		/* deflate looks back 32 KB: a longer first text's tail. */
		size_t n = len > 32768 ? 32768 : len;

		d = hd_xmalloc(offsetof(struct zdict, data) + n);
		d->refs = 1;
		d->inf_ready = false;
		d->len = n;
		memcpy(d->data, text + len - n, n);
		s->dict[kind] = d;
	}
	d = s->dict[kind];
	if (!s->def_ready) {
		memset(&s->def, 0, sizeof(s->def));
		if (deflateInit2(&s->def, 1, Z_DEFLATED, -MAX_WBITS, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			abort(); /* out of memory */
		s->def_ready = true;
	}
	cap = deflateBound(&s->def, (uLong)len);
	z = hd_xmalloc(cap);
	if (deflateReset(&s->def) != Z_OK ||
	    deflateSetDictionary(&s->def, d->data, (uInt)d->len) != Z_OK)
		goto keep;
	s->def.next_in = (unsigned char *)(uintptr_t)text;
	s->def.avail_in = (uInt)len;
	s->def.next_out = z;
	s->def.avail_out = (uInt)cap;
	if (deflate(&s->def, Z_FINISH) != Z_STREAM_END || s->def.total_out >= len)
		goto keep;
	p = lazy_mark(json_object_new_string(""));
	pz = json_object_get_userdata(p);
	pz->zlen = s->def.total_out;
	pz->z = hd_xrealloc(z, 1, pz->zlen);
	pz->plain = len;
	pz->dict = d;
	d->refs++;
	json_object_put(t);
	return p;
keep:
	free(z);
	return t;
}

/* Whether c ends or starts a JSON token that white space must keep apart
 * from the next (a number or literal: "1 2" is not "12"). */
static bool
bare(char c)
{
	return c != '\0' && strchr("{}[],:\"", c) == NULL;
}

/* The characters that end a run of bare token characters in lazy_take():
 * a table, since the run's loop is the hot path of loading a snapshot. */
static const bool ends_run[256] = {
	['\0'] = true, ['"'] = true, [' '] = true, ['\t'] = true, ['\n'] = true,
	['\r'] = true, ['{'] = true, ['}'] = true, ['['] = true, [']'] = true,
};

/* The characters a string's scan stops at: its end, an escape, NUL. */
static const bool ends_string[256] = {
	['\0'] = true, ['"'] = true, ['\\'] = true,
};

/* A growing text buffer for lazy_take(). */
struct cbuf {
	char *p;
	size_t n, cap;
};

static inline void
cbuf_put(struct cbuf *b, const char *s, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = 2 * b->cap > b->n + n ? 2 * b->cap : b->n + n;
		b->p = hd_xrealloc(b->p, b->cap, 1);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* The JSON object or array starting at p (before end), nested at depth,
 * as a text-held document, marked; *stop is where its text ends. The text
 * is kept without the white space between tokens (a saved snapshot's
 * documents are indented), with one blank where two bare tokens meet, so
 * that it parses exactly as the original would, malformed or not: only
 * its extent is found here, in one pass. NULL when that extent is not one
 * the fast path takes (unterminated, a NUL byte, deeper than max_depth). */
static json_object *
lazy_take(const char *p, const char *end, int depth, int max_depth,
    const char **stop)
{
	struct cbuf b = { NULL, 0, 0 };
	json_object *t = NULL;
	int d = 0;

	b.cap = 4096;
	b.p = hd_xmalloc(b.cap);
	while (p < end && t == NULL) {
		const char *q = p;

		switch (*p) {
		case '"':
			for (q++; q < end; q++) {
				if (!ends_string[(unsigned char)*q])
					continue;
				if (*q != '\\' || ++q == end)
					break;
			}
			if (q >= end || *q != '"')
				goto out;
			cbuf_put(&b, p, (size_t)(++q - p));
			break;
		case ' ': case '\t': case '\n': case '\r':
			while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' ||
			    *q == '\r'))
				q++;
			if (b.n > 0 && q < end && bare(b.p[b.n - 1]) && bare(*q))
				cbuf_put(&b, " ", 1);
			break;
		case '{': case '[':
			if (++d + depth > max_depth)
				goto out;
			cbuf_put(&b, q++, 1);
			break;
		case '}': case ']':
			cbuf_put(&b, q++, 1);
			if (--d <= 0) {
				if (d < 0)
					goto out;
				t = json_object_new_string_len(b.p, (int)b.n);
				*stop = q;
			}
			break;
		case '\0':
			goto out;
		default:
			/* A run of number, literal, ',' and ':' characters
			 * (bare() but for the blanks; NUL ends it too). */
			while (++q < end && !ends_run[(unsigned char)*q])
				;
			cbuf_put(&b, p, (size_t)(q - p));
			break;
		}
		p = q;
	}
out:
	free(b.p);
	return t ? lazy_mark(t) : NULL;
}

/* Hold the value of an OBJ's fact as text, when it is not already. */
static void
obj_to_text(json_object *obj)
{
	json_object *fact, *v;

	if (json_object_is_type(obj, json_type_object) &&
	    json_object_object_get_ex(obj, "fact", &fact) &&
	    json_object_is_type(fact, json_type_object) &&
	    json_object_object_get_ex(fact, "value", &v) && lazy_of(v) == NULL)
		json_object_object_add(fact, "value",
		    lazy_new(json_object_get(v)));
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

/* Forget the id index of kind (rebuilt when next needed). */
static void
index_drop(struct hd_snapshot *s, enum hd_object_kind kind)
{
	if (s->index[kind] != NULL)
		lh_table_free(s->index[kind]);
	s->index[kind] = NULL;
}

void
hd_snapshot_free(struct hd_snapshot *s)
{
	if (s == NULL)
		return;
	for (int k = 0; k < HD_OBJ__COUNT; k++)
		index_drop(s, (enum hd_object_kind)k);
	json_object_put(s->root);
	for (int k = 0; k < HD_OBJ__COUNT; k++)
		zdict_put(s->dict[k]);
	if (s->def_ready)
		deflateEnd(&s->def);
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

static const char *member_str(json_object *o, const char *key);

/* Append {"id", "name", "fact"} to the kind's list. */
static void
add_object(struct hd_snapshot *s, enum hd_object_kind kind, const char *id,
    const char *name, json_object *fact)
{
	json_object *o = json_object_new_object();
	const char *key;

	json_object_object_add(o, "id", json_object_new_string(id ? id : ""));
	json_object_object_add(o, "name", json_object_new_string(name ? name : ""));
	json_object_object_add(o, "fact", fact);
	json_object_array_add(object_list(s, kind), o);
	/* An index built already learns the new object. */
	key = member_str(o, "id");
	if (s->index[kind] != NULL && !lh_table_lookup_ex(s->index[kind], key, NULL) &&
	    lh_table_insert(s->index[kind], key,
	    (void *)(uintptr_t)hd_snapshot_count(s, kind)) != 0)
		abort();
}

void
hd_snapshot_add_object(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *id, const char *name, json_object *value, const char *source)
{
	add_object(s, kind, id, name, fact_new(HD_FACT_VALUE,
	    lazy_pack(s, kind, lazy_new(value)), source, NULL));
}

json_object *
hd_snapshot_text_hold(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *stop = NULL;
	json_object *t;

	while (p < end && strchr(" \t\r\n", *p) != NULL && *p != '\0')
		p++;
	if (len > (size_t)INT32_MAX || p == end || *p != '{' ||
	    (t = lazy_take(p, end, 0, HD_JSON_MAX_DEPTH, &stop)) == NULL)
		return NULL;
	while (stop < end && strchr(" \t\r\n", *stop) != NULL && *stop != '\0')
		stop++;
	if (stop != end) {
		json_object_put(t);
		return NULL;
	}
	return t;
}

void
hd_snapshot_add_object_held(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *id, const char *name, json_object *held, const char *source)
{
	add_object(s, kind, id, name, fact_new(HD_FACT_VALUE,
	    lazy_pack(s, kind, held), source, NULL));
}

bool
hd_snapshot_add_object_text(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *id, const char *name, const char *text, size_t len,
    const char *source)
{
	json_object *t = hd_snapshot_text_hold(text, len);

	if (t == NULL)
		return false;
	hd_snapshot_add_object_held(s, kind, id, name, t, source);
	return true;
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

/* The lazy record of the i-th object's document, NULL when it has none
 * (an error fact) or the index is out of range. */
static struct lazy *
object_lazy(const struct hd_snapshot *s, enum hd_object_kind kind, size_t i)
{
	json_object *o, *fact, *v;

	if (i >= hd_snapshot_count(s, kind))
		return NULL;
	o = json_object_array_get_idx(s->objects[kind], i);
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "fact", &fact) ||
	    !json_object_is_type(fact, json_type_object) ||
	    !json_object_object_get_ex(fact, "value", &v))
		return NULL;
	return lazy_of(v);
}

/* Parse the text of text-held document t into its record lz. */
static void
show_text(struct lazy *lz, json_object *t)
{
	char *owned = NULL;
	size_t len;
	const char *text = lazy_text(t, &len, &owned);

	if (text == NULL)
		lz->bad = hd_xstrdup("held inspect document does not inflate");
	else if (hd_json_parse(&lz->doc, text, len) < 0)
		lz->bad = hd_xasprintf("malformed inspect document: %s",
		    hd_error_last());
	free(owned);
}

void
hd_snapshot_object(struct hd_object *out, const struct hd_snapshot *s,
    enum hd_object_kind kind, size_t i)
{
	json_object *o = json_object_array_get_idx(s->objects[kind], i);
	json_object *fact = NULL, *cfg, *labels;
	struct lazy *lz;

	out->kind = kind;
	out->id = member_str(o, "id");
	out->name = member_str(o, "name");
	out->labels = NULL;
	json_object_object_get_ex(o, "fact", &fact);
	fact_view(&out->inspect, fact);
	if (o == NULL && i < hd_snapshot_count(s, kind))
		out->inspect.reason = "dropped after its evaluation";
	if (out->inspect.state == HD_FACT_VALUE &&
	    (lz = lazy_of(out->inspect.value)) != NULL) {
		/* Parsed on first use: a loaded snapshot's documents are
		 * checked here, so a corrupt one is this object's error. */
		if (lz->doc == NULL && lz->bad == NULL)
			show_text(lz, out->inspect.value);
		out->inspect.value = lz->doc;
		if (lz->bad != NULL) {
			out->inspect.state = HD_FACT_ERROR;
			out->inspect.reason = lz->bad;
		}
	}
	if (out->inspect.value != NULL &&
	    json_object_object_get_ex(out->inspect.value, "Config", &cfg) &&
	    json_object_object_get_ex(cfg, "Labels", &labels) &&
	    json_object_is_type(labels, json_type_object))
		out->labels = labels;
}

void
hd_snapshot_release(const struct hd_snapshot *s, enum hd_object_kind kind,
    size_t i)
{
	struct lazy *lz = object_lazy(s, kind, i);

	if (lz != NULL) {
		json_object_put(lz->doc);
		lz->doc = NULL;
	}
}

void
hd_snapshot_drop(struct hd_snapshot *s, enum hd_object_kind kind, size_t i)
{
	if (i >= hd_snapshot_count(s, kind))
		return;
	/* The index borrows the ids it drops; it is built again if asked. */
	index_drop(s, kind);
	json_object_array_put_idx(s->objects[kind], i, NULL);
}

/* The id index of kind, built on first use. The snapshot is const to
 * readers; the index, like a parsed document, is a cache of its data. */
static struct lh_table *
index_of(const struct hd_snapshot *s, enum hd_object_kind kind)
{
	struct hd_snapshot *w = (struct hd_snapshot *)s;
	size_t n = hd_snapshot_count(s, kind);

	if (w->index[kind] != NULL)
		return w->index[kind];
	w->index[kind] = lh_kchar_table_new((int)(n < 1u << 28 ? 2 * n + 16 : n),
	    NULL);
	for (size_t i = 0; i < n; i++) {
		const char *id = member_str(json_object_array_get_idx(s->objects[kind],
		    i), "id");

		/* The first object with an id is the one found, as before. */
		if (!lh_table_lookup_ex(w->index[kind], id, NULL) &&
		    lh_table_insert(w->index[kind], id, (void *)(uintptr_t)(i + 1)) != 0)
			abort();
	}
	return w->index[kind];
}

bool
hd_snapshot_find(size_t *out, const struct hd_snapshot *s,
    enum hd_object_kind kind, const char *id)
{
	void *v = NULL;

	if (id == NULL || kind >= HD_OBJ__COUNT || hd_snapshot_count(s, kind) == 0 ||
	    !lh_table_lookup_ex(index_of(s, kind), id, &v))
		return false;
	*out = (size_t)(uintptr_t)v - 1;
	return true;
}

bool
hd_snapshot_remove(struct hd_snapshot *s, enum hd_object_kind kind,
    const char *id)
{
	size_t i;

	if (!hd_snapshot_find(&i, s, kind, id))
		return false;
	index_drop(s, kind);
	json_object_array_del_idx(s->objects[kind], i, 1);
	return true;
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

const char *
hd_snapshot_transfer(const struct hd_snapshot *s, size_t *len)
{
	return json_object_to_json_string_length(s->root,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE | PRINT_HELD,
	    len);
}

/* ---- Loading one object at a time ------------------------------------ */

/* A cursor over snapshot text, with one strict tokener for every value. */
struct lex {
	const char *p, *end;
	struct json_tokener *tok;
	/* hd_snapshot_parse_spent(): the first byte not yet handed back to
	 * the kernel (NULL: nothing is), and whether any was. */
	const char *keep;
	bool released;
	/* A large text's documents are deflated as they are read, against
	 * their kind's first, as a collector's are (NULL: kept as read). */
	struct hd_snapshot *pack;
	int kind; /* of the object list being read, -1 for none or unknown */
};

/* Text passed by this much is handed back at once (and texts shorter
 * than it never are: their errors keep json-c's words and position). */
#define RELEASE_STEP (16u << 20)

/* Hand the whole pages the lexer has passed back to the kernel
 * (MADV_DONTNEED on memory the caller gave up: they read as zeros, or as
 * a mapped file's bytes, after), so that a 60 MB snapshot's text is not
 * held whole beside what it parses into. Every value is copied out of the
 * text as it is read. */
static void
lex_release(struct lex *l)
{
	uintptr_t page = (uintptr_t)getpagesize(), from, to;

	if (l->keep == NULL || (size_t)(l->p - l->keep) < RELEASE_STEP)
		return;
	from = ((uintptr_t)l->keep + page - 1) & ~(page - 1);
	to = (uintptr_t)l->p & ~(page - 1);
	if (to <= from)
		return;
	if (madvise((void *)from, to - from, MADV_DONTNEED) == 0)
		l->released = true;
	l->keep = (const char *)to;
}

/* Skip JSON white space. */
static void
lex_ws(struct lex *l)
{
	while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' ||
	    *l->p == '\n' || *l->p == '\r'))
		l->p++;
}

/* Whether the next character (after white space) is c; consumed if so. */
static bool
lex_eat(struct lex *l, char c)
{
	lex_ws(l);
	if (l->p < l->end && *l->p == c) {
		l->p++;
		return true;
	}
	return false;
}

/* Parse the next value (at depth) into *out; false when malformed. */
static bool
lex_value(struct lex *l, json_object **out, int depth)
{
	const char *start, *stop;

	*out = NULL;
	lex_ws(l);
	start = l->p;
	if ((stop = hd_json_skip_value(start, l->end,
	    STREAM_MAX_DEPTH - depth)) == NULL || stop == start ||
	    hd_json_parse_tok(out, l->tok, start, (size_t)(stop - start)) < 0)
		return false;
	l->p = stop;
	return true;
}

/* What to do with each member (or element) read: add it to dst. */
typedef bool (*member_fn)(struct lex *l, json_object *dst, const char *key,
    int depth);

/* Read a JSON object's members (or, with key NULL, an array's elements)
 * into dst through fn. */
static bool
lex_container(struct lex *l, json_object *dst, bool array, int depth,
    member_fn fn)
{
	json_object *key = NULL;
	bool ok = true;

	if (!lex_eat(l, array ? '[' : '{'))
		return false;
	if (lex_eat(l, array ? ']' : '}'))
		return true;
	do {
		if (!array && (!lex_value(l, &key, depth) ||
		    !json_object_is_type(key, json_type_string) || !lex_eat(l, ':')))
			ok = false;
		else
			ok = fn(l, dst, array ? NULL : json_object_get_string(key), depth);
		json_object_put(key);
		key = NULL;
	} while (ok && lex_eat(l, ','));
	return ok && lex_eat(l, array ? ']' : '}');
}

/* Add the next value to dst under key (appended when dst is an array). */
static bool
add_plain(struct lex *l, json_object *dst, const char *key, int depth)
{
	json_object *v;

	if (!lex_value(l, &v, depth))
		return false;
	if (key == NULL)
		json_object_array_add(dst, v);
	else
		json_object_object_add(dst, key, v);
	return true;
}

/* A member of an object's fact: the document ("value") kept as its text,
 * unparsed; hd_snapshot_object() parses it on first use and a malformed
 * one is an error of that object. Parsing every document here as well
 * made loading cost as much as evaluating (issue 16). */
static bool
add_fact_member(struct lex *l, json_object *dst, const char *key, int depth)
{
	const char *stop = NULL;
	json_object *t;

	lex_ws(l);
	if (strcmp(key, "value") != 0 || l->p == l->end ||
	    (*l->p != '{' && *l->p != '['))
		return add_plain(l, dst, key, depth);
	if ((t = lazy_take(l->p, l->end, depth, STREAM_MAX_DEPTH, &stop)) == NULL)
		return false;
	if (l->pack != NULL && l->kind >= 0)
		t = lazy_pack(l->pack, (enum hd_object_kind)l->kind, t);
	json_object_object_add(dst, key, t);
	l->p = stop;
	return true;
}

/* A member of an element of an object list: "fact" read member by member. */
static bool
add_obj_member(struct lex *l, json_object *dst, const char *key, int depth)
{
	json_object *fact;

	lex_ws(l);
	if (strcmp(key, "fact") != 0 || l->p == l->end || *l->p != '{')
		return add_plain(l, dst, key, depth);
	fact = json_object_new_object();
	json_object_object_add(dst, key, fact);
	return lex_container(l, fact, false, depth + 1, add_fact_member);
}

/* An element of an object list; an object's document stays text. */
static bool
add_obj(struct lex *l, json_object *dst, const char *key, int depth)
{
	json_object *o;

	(void)key;
	lex_ws(l);
	if (l->p == l->end || *l->p != '{')
		return add_plain(l, dst, key, depth);
	o = json_object_new_object();
	json_object_array_add(dst, o);
	if (!lex_container(l, o, false, depth + 1, add_obj_member))
		return false;
	lex_release(l);
	return true;
}

/* A member of "objects": a list read one object at a time. */
static bool
add_kind(struct lex *l, json_object *dst, const char *key, int depth)
{
	json_object *list;
	bool ok;

	lex_ws(l);
	if (l->p == l->end || *l->p != '[')
		return add_plain(l, dst, key, depth);
	list = json_object_new_array();
	json_object_object_add(dst, key, list);
	l->kind = -1;
	for (int k = 0; k < HD_OBJ__COUNT; k++)
		if (strcmp(key, kind_names[k]) == 0)
			l->kind = k;
	ok = lex_container(l, list, true, depth + 1, add_obj);
	l->kind = -1;
	return ok;
}

/* A member of the root: "objects" read list by list, the rest whole. */
static bool
add_root_member(struct lex *l, json_object *dst, const char *key, int depth)
{
	json_object *objs;

	lex_ws(l);
	if (strcmp(key, "objects") != 0 || l->p == l->end || *l->p != '{')
		return add_plain(l, dst, key, depth);
	objs = json_object_new_object();
	json_object_object_add(dst, key, objs);
	return lex_container(l, objs, false, depth + 1, add_kind);
}

/* The snapshot document of data read member by member, so that loading
 * holds one inspect tree at a time; NULL when the text is not shaped as
 * hardock writes snapshots (the caller then parses it whole, which also
 * words the error). */
static json_object *
parse_streamed(const char *data, size_t len, struct hd_snapshot *pack,
    bool spend, size_t *at, bool *released)
{
	struct lex l = { data, data + len, json_tokener_new_ex(HD_JSON_MAX_DEPTH),
	    spend ? data : NULL, false, pack, -1 };
	json_object *root = json_object_new_object();
	bool ok;

	json_tokener_set_flags(l.tok, JSON_TOKENER_STRICT);
	ok = lex_container(&l, root, false, 1, add_root_member);
	lex_ws(&l);
	json_tokener_free(l.tok);
	*at = (size_t)(l.p - data);
	*released = l.released;
	if (!ok || l.p != l.end) {
		json_object_put(root);
		return NULL;
	}
	return root;
}

/* hd_snapshot_parse(), spending the text when spend is set. */
static int
parse(struct hd_snapshot **out, const char *data, size_t len, bool spend)
{
	/* The snapshot's record first: a large spent text's documents are
	 * packed into it as they are read. */
	struct hd_snapshot *s = hd_xcalloc(1, sizeof(*s));
	json_object *root, *ver;
	bool released = false;
	size_t at = 0;
	int r;

	*out = NULL;
	if (len <= (size_t)INT32_MAX && (root = parse_streamed(data, len,
	    spend && len > RELEASE_STEP ? s : NULL, spend, &at, &released)) !=
	    NULL) {
		;
	} else if (released) {
		/* json-c cannot say where: the text before is gone. */
		hd_snapshot_free(s);
		return hd_error_set(HD_EPARSE, "snapshot is not valid JSON: near "
		    "byte %zu of %zu", at, len);
	} else if ((r = hd_json_parse(&root, data, len)) < 0) {
		hd_snapshot_free(s);
		return hd_error_wrap(r, "snapshot is not valid JSON");
	}
	if (!json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "snapshot_version", &ver) ||
	    json_object_get_int(ver) != HD_SNAPSHOT_VERSION) {
		r = hd_error_set(HD_EPARSE, "not a hardock snapshot of version %d",
		    HD_SNAPSHOT_VERSION);
		json_object_put(root);
		hd_snapshot_free(s);
		return r;
	}
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
		for (size_t i = 0; i < hd_snapshot_count(s, (enum hd_object_kind)k); i++)
			obj_to_text(json_object_array_get_idx(s->objects[k], i));
	}
	*out = s;
	return HD_OK;
}

int
hd_snapshot_parse(struct hd_snapshot **out, const char *data, size_t len)
{
	return parse(out, data, len, false);
}

int
hd_snapshot_parse_spent(struct hd_snapshot **out, char *data, size_t len)
{
	return parse(out, data, len, true);
}

int
hd_snapshot_read(struct hd_buf **out, const char *path)
{
	return hd_buf_map(out, path, HD_SNAPSHOT_CAP);
}

int
hd_snapshot_load(struct hd_snapshot **out, const char *path)
{
	struct hd_buf *b = NULL;
	int r;

	*out = NULL;
	if ((r = hd_snapshot_read(&b, path)) < 0)
		return r;
	if ((r = hd_snapshot_parse(out, hd_buf_ptr(b), hd_buf_len(b))) < 0)
		hd_error_wrap(r, path);
	hd_buf_free(b);
	return r;
}

int
hd_snapshot_write(const struct hd_snapshot *s, FILE *fp)
{
	const char *text = json_object_to_json_string_ext(s->root,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);

	/* A document that does not parse (a corrupt snapshot loaded) cannot
	 * be printed as the tree it claims to be. */
	if (text == NULL)
		return hd_error_set(HD_EPARSE, "the snapshot holds a malformed "
		    "inspect document");
	if (fputs(text, fp) == EOF || fputc('\n', fp) == EOF || fflush(fp) == EOF)
		return hd_error_set(HD_EIO, "%s", strerror(errno));
	return HD_OK;
}

int
hd_snapshot_save(const struct hd_snapshot *s, const char *path)
{
	/* Owner only: the engine's answers are kept verbatim (environments,
	 * history), secrets included; reports show them redacted. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	int r;

	if (fp == NULL && fd >= 0)
		close(fd);
	if (fp == NULL)
		return hd_error_set(HD_EIO, "%s: %s", path, strerror(errno));
	if ((r = hd_snapshot_write(s, fp)) < 0)
		hd_error_wrap(r, path);
	if (fclose(fp) != 0 && r == HD_OK)
		r = hd_error_set(HD_EIO, "%s: %s", path, strerror(errno));
	return r;
}
