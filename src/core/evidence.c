/*
 * Evidence arrays: what a finding observed, field by field.
 *
 * Each array lives in a block with a count of the findings holding it.
 * A per-object check gives each of 10,000 containers its own finding, and
 * most of those say the same thing ("privileged": false, from the same
 * source), so once a check is done with an object the scanner seals its
 * finding's evidence (hd_finding_seal()): an array alike to one sealed
 * before is dropped for that one, and the finding holds the shared block.
 * Readers see a plain array either way; hd_ev() on a sealed array copies
 * it first, so no finding ever changes another's evidence.
 */
#include <json-c/json_object_iterator.h>
#include <json-c/linkhash.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/scan.h>

#include "internal.h"

struct ev_block {
	size_t refs;        /* findings holding the array */
	unsigned long hash; /* of the contents, set when sealed */
	bool sealed;        /* in sealed_table, shared, never changed */
	uint32_t n;
	struct hd_evidence ev[];
};

static struct lh_table *sealed_table; /* block -> block, by contents */

/* The block holding f's array, NULL when f has no evidence. */
static struct ev_block *
block_of(const struct hd_finding *f)
{
	if (f->evidence == NULL)
		return NULL;
	return (struct ev_block *)(void *)((char *)f->evidence -
	    offsetof(struct ev_block, ev));
}

/* FNV-1a step over n bytes. */
static unsigned long
fnv(unsigned long h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211ul;
	return h;
}

/* A hash of a value over all of its content, in order, so that only
 * values alike (value_equal()) meet in a bucket: hashing objects by their
 * size alone let 10,000 containers' large, different labels all collide,
 * each seal comparing against every one before it. */
static unsigned long
value_hash(unsigned long h, json_object *v)
{
	enum json_type t = json_object_get_type(v);
	int64_t i;
	size_t n;

	h = fnv(h, &t, sizeof(t));
	switch (t) {
	case json_type_string:
		return fnv(h, json_object_get_string(v),
		    (size_t)json_object_get_string_len(v));
	case json_type_int:
	case json_type_boolean:
		i = json_object_get_int64(v);
		return fnv(h, &i, sizeof(i));
	case json_type_object: {
		json_object_object_foreach(v, key, val) {
			h = fnv(h, key, strlen(key) + 1);
			h = value_hash(h, val);
		}
		return h;
	}
	case json_type_array:
		n = json_object_array_length(v);
		for (size_t k = 0; k < n; k++)
			h = value_hash(h, json_object_array_get_idx(v, k));
		return fnv(h, &n, sizeof(n));
	default:
		return h;
	}
}

/* Whether two values print alike: the same type and content, members in
 * the same order (json_object_equal() ignores their order, which the
 * report does not). A parsed double prints as it was written ("1.50"),
 * so a double is only ever equal to itself. */
static bool
value_equal(json_object *a, json_object *b)
{
	enum json_type t = json_object_get_type(a);
	struct json_object_iterator ia, ib, ea, eb;

	if (a == b)
		return true;
	if (t != json_object_get_type(b))
		return false;
	switch (t) {
	case json_type_string:
		return json_object_get_string_len(a) == json_object_get_string_len(b) &&
		    memcmp(json_object_get_string(a), json_object_get_string(b),
		    (size_t)json_object_get_string_len(a)) == 0;
	case json_type_int:
		return json_object_get_int64(a) == json_object_get_int64(b) &&
		    json_object_get_uint64(a) == json_object_get_uint64(b);
	case json_type_boolean:
		return json_object_get_boolean(a) == json_object_get_boolean(b);
	case json_type_array:
		if (json_object_array_length(a) != json_object_array_length(b))
			return false;
		for (size_t k = 0; k < json_object_array_length(a); k++)
			if (!value_equal(json_object_array_get_idx(a, k),
			    json_object_array_get_idx(b, k)))
				return false;
		return true;
	case json_type_object:
		if (json_object_object_length(a) != json_object_object_length(b))
			return false;
		ia = json_object_iter_begin(a);
		ea = json_object_iter_end(a);
		ib = json_object_iter_begin(b);
		eb = json_object_iter_end(b);
		for (; !json_object_iter_equal(&ia, &ea) &&
		    !json_object_iter_equal(&ib, &eb);
		    json_object_iter_next(&ia), json_object_iter_next(&ib))
			if (strcmp(json_object_iter_peek_name(&ia),
			    json_object_iter_peek_name(&ib)) != 0 ||
			    !value_equal(json_object_iter_peek_value(&ia),
			    json_object_iter_peek_value(&ib)))
				return false;
		return true;
	default: /* null is NULL (a == b above); doubles, see above */
		return false;
	}
}

/* lh_table's hash of a block: computed once, when sealed. */
static unsigned long
block_hash(const void *k)
{
	return ((const struct ev_block *)k)->hash;
}

/* lh_table's comparison of two blocks: alike field by field. Fields and
 * sources are shared strings, so equal texts are the same pointer. */
static int
block_equal(const void *k1, const void *k2)
{
	const struct ev_block *a = k1, *b = k2;

	if (a->n != b->n)
		return 0;
	for (uint32_t i = 0; i < a->n; i++) {
		const struct hd_evidence *x = &a->ev[i], *y = &b->ev[i];

		if (x->field != y->field || x->source != y->source ||
		    (x->sha256 == NULL) != (y->sha256 == NULL) ||
		    (x->sha256 != NULL && strcmp(x->sha256, y->sha256) != 0) ||
		    !value_equal(x->value, y->value))
			return 0;
	}
	return 1;
}

/* Release one holder of b; the last frees it. */
static void
block_put(struct ev_block *b)
{
	if (b == NULL || --b->refs > 0)
		return;
	if (b->sealed) {
		lh_table_delete(sealed_table, b);
		/* The last array gone, the table goes too (a clean exit). */
		if (sealed_table->count == 0) {
			lh_table_free(sealed_table);
			sealed_table = NULL;
		}
	}
	for (uint32_t i = 0; i < b->n; i++) {
		hd_shared_free(b->ev[i].field);
		hd_shared_free(b->ev[i].source);
		free(b->ev[i].sha256);
		json_object_put(b->ev[i].value);
	}
	free(b);
}

/* f's array as a block f alone holds, room for one more entry: a sealed
 * one is copied (its values shared: evidence values are never changed). */
static struct ev_block *
own(struct hd_finding *f)
{
	struct ev_block *b = block_of(f), *c;
	size_t n = b ? b->n : 0;

	if (n >= UINT32_MAX)
		abort();
	if (b == NULL || !b->sealed) {
		b = hd_xrealloc(b, 1, offsetof(struct ev_block, ev) +
		    (n + 1) * sizeof(b->ev[0]));
		if (n == 0) {
			b->refs = 1;
			b->sealed = false;
			b->n = 0;
		}
		return b;
	}
	c = hd_xmalloc(offsetof(struct ev_block, ev) + (n + 1) * sizeof(c->ev[0]));
	c->refs = 1;
	c->sealed = false;
	c->n = b->n;
	for (uint32_t i = 0; i < b->n; i++) {
		c->ev[i].field = hd_shared_str(b->ev[i].field);
		c->ev[i].source = hd_shared_str(b->ev[i].source);
		c->ev[i].sha256 = b->ev[i].sha256 ? hd_xstrdup(b->ev[i].sha256) : NULL;
		c->ev[i].value = json_object_get(b->ev[i].value);
	}
	block_put(b);
	return c;
}

void
hd_ev(struct hd_finding *f, const char *field, json_object *value,
    const char *source)
{
	struct ev_block *b = own(f);
	struct hd_evidence *e = &b->ev[b->n++];

	e->field = hd_shared_str(field);
	e->value = value;
	e->source = hd_shared_str(source ? source : "");
	e->sha256 = NULL;
	f->evidence = b->ev;
	f->nevidence = b->n;
}

void
hd_ev_str(struct hd_finding *f, const char *field, const char *value,
    const char *source)
{
	hd_ev(f, field, value ? json_object_new_string(value) : NULL, source);
}

void
hd_ev_bool(struct hd_finding *f, const char *field, bool value,
    const char *source)
{
	hd_ev(f, field, json_object_new_boolean(value), source);
}

void
hd_ev_int(struct hd_finding *f, const char *field, int64_t value,
    const char *source)
{
	hd_ev(f, field, json_object_new_int64(value), source);
}

void
hd_ev_fact(struct hd_finding *f, const char *field, const struct hd_fact *fact)
{
	json_object *copy = NULL;

	if (fact->state == HD_FACT_VALUE && fact->value != NULL)
		json_object_deep_copy(fact->value, &copy, NULL);
	else if (fact->state != HD_FACT_VALUE)
		copy = json_object_new_string(fact->reason ? fact->reason : "");
	hd_ev(f, field, copy, fact->source);
}

void
hd_evidence_clear(struct hd_finding *f)
{
	block_put(block_of(f));
	f->evidence = NULL;
	f->nevidence = 0;
}

void
hd_finding_seal(struct hd_finding *f)
{
	struct ev_block *b = block_of(f), *other = NULL;
	unsigned long h = 14695981039346656037ul;

	if (b == NULL || b->sealed)
		return;
	for (uint32_t i = 0; i < b->n; i++) {
		h = fnv(h, &b->ev[i].field, sizeof(b->ev[i].field));
		h = fnv(h, &b->ev[i].source, sizeof(b->ev[i].source));
		if (b->ev[i].sha256 != NULL)
			h = fnv(h, b->ev[i].sha256, strlen(b->ev[i].sha256));
		h = value_hash(h, b->ev[i].value);
	}
	b->hash = h;
	if (sealed_table == NULL)
		sealed_table = lh_table_new(1024, NULL, block_hash, block_equal);
	if (lh_table_lookup_ex(sealed_table, b, (void **)&other)) {
		other->refs++;
		block_put(b);
		f->evidence = other->ev;
		return;
	}
	b->sealed = true;
	/* json-c's table fails only when out of memory. */
	if (lh_table_insert(sealed_table, b, b) != 0)
		abort();
}
