/* Findings: what a check observed, written only through these functions. */
#include <stdlib.h>
#include <string.h>

#include <hardock/scan.h>

void
hd_msg(struct hd_finding *f, const char *fmt, ...)
{
	va_list ap;

	free(f->message);
	va_start(ap, fmt);
	f->message = hd_xvasprintf(fmt, ap);
	va_end(ap);
}

void
hd_ev(struct hd_finding *f, const char *field, json_object *value,
    const char *source)
{
	struct hd_evidence *e;

	f->evidence = hd_xrealloc(f->evidence, f->nevidence + 1,
	    sizeof(*f->evidence));
	e = &f->evidence[f->nevidence++];
	e->field = hd_xstrdup(field);
	e->value = value;
	e->source = hd_xstrdup(source ? source : "");
	e->sha256 = NULL;
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
hd_fix_set(struct hd_finding *f, const char *name, const char *value)
{
	for (size_t i = 0; i < f->nfix; i++)
		if (strcmp(f->fix[i].name, name) == 0) {
			free(f->fix[i].value);
			f->fix[i].value = hd_xstrdup(value ? value : "");
			return;
		}
	f->fix = hd_xrealloc(f->fix, f->nfix + 1, sizeof(*f->fix));
	f->fix[f->nfix].name = hd_xstrdup(name);
	f->fix[f->nfix++].value = hd_xstrdup(value ? value : "");
}

struct hd_finding *
hd_finding_add(struct hd_finding *parent, enum hd_object_kind kind,
    const char *id, const char *name)
{
	struct hd_finding *c;

	/* Capacity doubles at each power of two: the scanner grows many
	 * checks' lists in turn, and growing each by one moved them all. */
	if ((parent->nchildren & (parent->nchildren - 1)) == 0)
		parent->children = hd_xrealloc(parent->children,
		    parent->nchildren ? 2 * parent->nchildren : 1,
		    sizeof(*parent->children));
	c = &parent->children[parent->nchildren++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->object_id = hd_xstrdup(id ? id : "");
	c->object_name = hd_xstrdup(name ? name : "");
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

/* Release what a finding owns (not the struct itself). */
void
hd_finding_clear(struct hd_finding *f)
{
	for (size_t i = 0; i < f->nevidence; i++) {
		free(f->evidence[i].field);
		free(f->evidence[i].source);
		free(f->evidence[i].sha256);
		json_object_put(f->evidence[i].value);
	}
	free(f->evidence);
	for (size_t i = 0; i < f->nfix; i++) {
		free(f->fix[i].name);
		free(f->fix[i].value);
	}
	free(f->fix);
	for (size_t i = 0; i < f->nchildren; i++)
		hd_finding_clear(&f->children[i]);
	free(f->children);
	free(f->object_id);
	free(f->object_name);
	free(f->message);
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
