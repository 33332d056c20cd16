/* Findings: what a check observed, written only through these functions. */
#include <json-c/linkhash.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/scan.h>

#include "internal.h"

/* The size the struct's comment promises (scan.h). */
_Static_assert(sizeof(struct hd_finding) <= 72, "struct hd_finding grew");
_Static_assert(HD_STATUS__COUNT <= 16 && HD_OBJ__COUNT <= 16,
    "a status or kind no longer fits its bit-field");

/*
 * Shared strings. A host with ten thousand containers has some 400,000
 * findings, and most of their strings are alike: about forty findings
 * name the same object, and a few hundred messages, fields and sources
 * occur over and over ("not privileged", "GET /containers/{id}/json").
 * Each was its own copy, most of the memory of a large scan (issue 16);
 * now each distinct text is held once, with a count of its holders.
 */
struct shared {
	size_t refs;
	size_t len;
	bool plain; /* no byte JSON must escape (reporters skip the scan) */
	char s[];
};

static struct lh_table *shared_table; /* text -> struct shared */

/* The strings asked for last, by the address of the text asked with: the
 * same object id and name come 40 times in a row, and a check's field
 * and source are literals, so most requests are answered without hashing
 * the text (still compared: an address can be reused for another text). */
#define SHARED_MEMO 64
static struct {
	const char *in;
	struct shared *e;
} shared_memo[SHARED_MEMO];

/* The memo slot of address p. */
static size_t
memo_slot(const char *p)
{
	uintptr_t a = (uintptr_t)p;

	return (size_t)((a >> 3) ^ (a >> 11)) % SHARED_MEMO;
}

char *
hd_shared_str(const char *s)
{
	size_t slot = memo_slot(s), n;
	struct shared *e = shared_memo[slot].e;

	if (e != NULL && shared_memo[slot].in == s && strcmp(e->s, s) == 0) {
		e->refs++;
		return e->s;
	}
	e = NULL;
	if (shared_table == NULL)
		shared_table = lh_kchar_table_new(1024, NULL);
	if (!lh_table_lookup_ex(shared_table, s, (void **)&e)) {
		n = strlen(s);
		e = hd_xmalloc(offsetof(struct shared, s) + n + 1);
		e->refs = 0;
		e->len = n;
		e->plain = true;
		for (size_t i = 0; i < n && e->plain; i++)
			e->plain = (unsigned char)s[i] >= 0x20 && s[i] != '"' &&
			    s[i] != '\\';
		memcpy(e->s, s, n + 1);
		/* json-c's table fails only when out of memory. */
		if (lh_table_insert(shared_table, e->s, e) != 0)
			abort();
	}
	e->refs++;
	shared_memo[slot].in = s;
	shared_memo[slot].e = e;
	return e->s;
}

bool
hd_shared_plain(const char *s, size_t *len)
{
	const struct shared *e = (const struct shared *)(const void *)(s -
	    offsetof(struct shared, s));

	*len = e->len;
	return e->plain;
}

void
hd_shared_free(char *s)
{
	struct shared *e;

	if (s == NULL || shared_table == NULL)
		return;
	e = (struct shared *)(void *)(s - offsetof(struct shared, s));
	if (--e->refs > 0)
		return;
	lh_table_delete(shared_table, e->s);
	for (size_t i = 0; i < SHARED_MEMO; i++)
		if (shared_memo[i].e == e)
			shared_memo[i].e = NULL;
	free(e);
	/* The last string gone, the table goes too (a clean exit). */
	if (shared_table->count == 0) {
		lh_table_free(shared_table);
		shared_table = NULL;
	}
}

/* Set f's message to text (copied into the shared strings). */
static void
set_message(struct hd_finding *f, const char *text)
{
	char *old = f->message;

	f->message = hd_shared_str(text);
	hd_shared_free(old);
}

void
hd_msg(struct hd_finding *f, const char *fmt, ...)
{
	va_list ap;
	const char *arg;
	char buf[256], *m = NULL;
	int n;

	/* 40,000 findings each say one: a literal, or one string, needs no
	 * formatting, and the rest fit a buffer on the stack. */
	va_start(ap, fmt);
	if (strchr(fmt, '%') == NULL) {
		set_message(f, fmt);
	} else if (strcmp(fmt, "%s") == 0) {
		arg = va_arg(ap, const char *);
		set_message(f, arg ? arg : "(null)");
	} else {
		va_list again;

		va_copy(again, ap);
		n = vsnprintf(buf, sizeof(buf), fmt, ap);
		if (n >= 0 && (size_t)n < sizeof(buf))
			set_message(f, buf);
		else {
			m = hd_xvasprintf(fmt, again);
			set_message(f, m);
		}
		va_end(again);
	}
	va_end(ap);
	free(m);
}

void
hd_msg_set(struct hd_finding *f, const char *text)
{
	set_message(f, text);
}

void
hd_fix_set(struct hd_finding *f, const char *name, const char *value)
{
	for (size_t i = 0; i < f->nfix; i++)
		if (strcmp(f->fix[i].name, name) == 0) {
			free(f->fix[i].value);
			f->fix[i].value = hd_xstrdup(value ? value : "");
			return;
		}
	if (f->nfix == UINT16_MAX)
		abort(); /* names come from the checks' code, a handful */
	f->fix = hd_xrealloc(f->fix, f->nfix + 1u, sizeof(*f->fix));
	f->fix[f->nfix].name = hd_xstrdup(name);
	f->fix[f->nfix++].value = hd_xstrdup(value ? value : "");
}

/* Give parent room for n children in all, so that a list whose length is
 * known (one child per object) is allocated once and to size. */
void
hd_finding_reserve(struct hd_finding *parent, size_t n)
{
	if (n > UINT32_MAX)
		abort();
	if (n <= parent->children_cap)
		return;
	parent->children = hd_xrealloc(parent->children, n,
	    sizeof(*parent->children));
	parent->children_cap = (uint32_t)n;
}

struct hd_finding *
hd_finding_add(struct hd_finding *parent, enum hd_object_kind kind,
    const char *id, const char *name)
{
	struct hd_finding *c;

	/* Capacity doubles when full: the scanner grows many checks' lists
	 * in turn, and growing each by one moved them all. */
	if (parent->nchildren == parent->children_cap)
		hd_finding_reserve(parent, parent->children_cap ?
		    2 * (size_t)parent->children_cap : 1);
	c = &parent->children[parent->nchildren++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->object_id = hd_shared_str(id ? id : "");
	c->object_name = hd_shared_str(name ? name : "");
	c->status = HD_PASS;
	return c;
}

void
hd_finding_set_status(struct hd_finding *f, enum hd_status st)
{
	f->status = st;
}

void
hd_finding_set_inherited(struct hd_finding *f, bool inherited)
{
	f->inherited = inherited;
}

/* Rank for aggregation: the higher rank wins. */
static int
rank(enum hd_status st)
{
	switch (st) {
	case HD_FAIL:
		return 6;
	case HD_ERROR:
		return 5;
	case HD_MANUAL:
		return 4;
	case HD_WAIVED:
		return 3;
	case HD_PASS:
		return 2;
	case HD_NOTAPPLICABLE:
		return 1;
	default:
		return 0;
	}
}

enum hd_status
hd_status_merge(enum hd_status a, enum hd_status b)
{
	return rank(a) >= rank(b) ? a : b;
}

enum hd_status
hd_finding_children_status(const struct hd_finding *f, enum hd_status none)
{
	enum hd_status st;

	if (f->nchildren == 0)
		return none;
	st = f->children[0].status;
	for (size_t i = 1; i < f->nchildren; i++)
		st = hd_status_merge(st, f->children[i].status);
	return st;
}

/* Drop f's message and evidence. */
void
hd_finding_clear_top(struct hd_finding *f)
{
	hd_evidence_clear(f);
	hd_shared_free(f->message);
	f->message = NULL;
}

/* Release what a finding owns (not the struct itself). */
void
hd_finding_clear(struct hd_finding *f)
{
	hd_finding_clear_top(f);
	for (size_t i = 0; i < f->nfix; i++) {
		free(f->fix[i].name);
		free(f->fix[i].value);
	}
	free(f->fix);
	for (size_t i = 0; i < f->nchildren; i++)
		hd_finding_clear(&f->children[i]);
	free(f->children);
	hd_shared_free(f->object_id);
	hd_shared_free(f->object_name);
	free(f->waiver);
	memset(f, 0, sizeof(*f));
}

/* Drop what a check concluded about f (message, evidence, children,
 * waiver), keeping which object it is about. */
void
hd_finding_forget(struct hd_finding *f)
{
	struct hd_finding keep = { .kind = f->kind, .object_id = f->object_id,
	    .object_name = f->object_name, .status = HD_PASS };

	f->object_id = f->object_name = NULL;
	hd_finding_clear(f);
	*f = keep;
}
