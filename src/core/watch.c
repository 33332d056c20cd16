/* Verdicts and their changes, for `hardock watch`. */
#include <stdlib.h>
#include <string.h>

#include <hardock/check.h>
#include <hardock/report.h>
#include <hardock/watch.h>

/* Whether a status is one a person must hear about. */
static bool
bad(int st)
{
	return st == HD_FAIL || st == HD_ERROR;
}

/* Append the verdict of finding f of rule i. */
static void
add(struct hd_verdicts *out, size_t i, const struct hd_finding *f,
    enum hd_object_kind kind, bool keep_json)
{
	struct hd_verdict *v;

	/* Doubling: a full re-scan collects every finding of every object. */
	if (out->n == out->alloc) {
		out->alloc = out->alloc ? out->alloc * 2 : 64;
		out->v = hd_xrealloc(out->v, out->alloc, sizeof(*out->v));
	}
	v = &out->v[out->n++];
	v->rule = i;
	v->kind = kind;
	v->id = hd_xstrdup(f->object_id ? f->object_id : "");
	v->name = hd_xstrdup(f->object_name ? f->object_name : "");
	v->status = f->status;
	v->f = f;
	v->json = keep_json && bad(f->status) ? hd_report_finding_json(f) : NULL;
}

/* Order of verdicts: rule, kind, id. */
static int
verdict_cmp(const void *a, const void *b)
{
	const struct hd_verdict *x = a, *y = b;

	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->id, y->id);
}

void
hd_verdicts_collect(struct hd_verdicts *out, const struct hd_results *res,
    enum hd_object_kind kind, const char *id, bool keep_json)
{
	hd_verdicts_clear(out);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];

		if (r->status == HD_NOTSELECTED)
			continue;
		if (id == NULL && r->top.nchildren == 0)
			add(out, i, &r->top, HD_OBJ_HOST, keep_json);
		for (size_t k = 0; k < r->top.nchildren; k++) {
			const struct hd_finding *c = &r->top.children[k];

			if (id == NULL || (c->kind == kind &&
			    strcmp(c->object_id, id) == 0))
				add(out, i, c, c->kind, keep_json);
		}
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), verdict_cmp);
}

void
hd_verdicts_clear(struct hd_verdicts *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].id);
		free(v->v[i].name);
		json_object_put(v->v[i].json);
	}
	free(v->v);
	v->v = NULL;
	v->n = 0;
	v->alloc = 0;
}

/* The whole-recommendation verdict of rule in v, NULL when none. */
static const struct hd_verdict *
top_of(const struct hd_verdicts *v, size_t rule)
{
	struct hd_verdict key = { .rule = rule, .kind = HD_OBJ_HOST, .id = "" };

	return v->n ? bsearch(&key, v->v, v->n, sizeof(*v->v), verdict_cmp) : NULL;
}

/* Whether v holds a verdict of rule about an object. */
static bool
has_objects(const struct hd_verdicts *v, size_t rule)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i].rule == rule && v->v[i].kind != HD_OBJ_HOST)
			return true;
	return false;
}

/* Append a change if it is worth a line. */
static void
push(struct hd_change **out, size_t *n, const struct hd_verdict *o,
    const struct hd_verdict *nw, const struct hd_verdicts *oldset,
    const struct hd_verdicts *newset)
{
	int os = o ? (int)o->status : HD_STATUS_NONE;
	int ns = nw ? (int)nw->status : HD_STATUS_NONE;
	const struct hd_verdict *top;
	bool unseen = false;

	/* An object unseen because its list is unreadable is not gone. */
	if (nw == NULL && o != NULL && o->kind != HD_OBJ_HOST &&
	    (top = top_of(newset, o->rule)) != NULL && top->status == HD_ERROR) {
		nw = top;
		ns = HD_ERROR;
		unseen = true;
	}
	/* ... and the objects' lines already say why the whole errs. */
	if (o == NULL && nw != NULL && nw->kind == HD_OBJ_HOST && nw->status == HD_ERROR &&
	    has_objects(oldset, nw->rule))
		return;
	if (os == ns || !(bad(os) || bad(ns)))
		return;
	*out = hd_xrealloc(*out, *n + 1, sizeof(**out));
	(*out)[*n].rule = o ? o->rule : nw->rule;
	(*out)[*n].old = o;
	(*out)[*n].new = nw;
	(*out)[*n].old_status = os;
	(*out)[*n].new_status = ns;
	(*out)[*n].unseen = unseen;
	(*n)++;
}

size_t
hd_verdicts_diff(struct hd_change **out, const struct hd_verdicts *old,
    const struct hd_verdicts *new)
{
	size_t i = 0, k = 0, n = 0;

	*out = NULL;
	/* Both lists are sorted: one merge pass. */
	while (i < old->n || k < new->n) {
		int c = i == old->n ? 1 : k == new->n ? -1 :
		    verdict_cmp(&old->v[i], &new->v[k]);

		if (c < 0)
			push(out, &n, &old->v[i++], NULL, old, new);
		else if (c > 0)
			push(out, &n, NULL, &new->v[k++], old, new);
		else
			push(out, &n, &old->v[i++], &new->v[k++], old, new);
	}
	return n;
}

const char *
hd_change_kind(const struct hd_change *c)
{
	if (c->new_status == HD_STATUS_NONE)
		return "gone";
	if (bad(c->new_status) && !bad(c->old_status))
		return "new_failure";
	if (!bad(c->new_status))
		return "resolved";
	return "changed";
}

/* A status as JSON, null for none. */
static json_object *
status_json(int st)
{
	return st == HD_STATUS_NONE ? NULL :
	    json_object_new_string(hd_status_name((enum hd_status)st));
}

/* The finding a change shows: the new one, else the old one. */
static json_object *
change_finding(const struct hd_change *c)
{
	const struct hd_verdict *v = c->new ? c->new : c->old;
	json_object *f, *obj;

	if (c->unseen) {
		/* The object, with why its recommendation errs as a whole. */
		f = NULL;
		if (v->json == NULL)
			f = hd_report_finding_json(v->f);
		else if (json_object_deep_copy(v->json, &f, NULL) != 0)
			abort(); /* out of memory, as hd_xmalloc() */
		obj = json_object_new_object();
		json_object_object_add(obj, "kind",
		    json_object_new_string(hd_object_kind_name(c->old->kind)));
		json_object_object_add(obj, "id", json_object_new_string(c->old->id));
		json_object_object_add(obj, "name",
		    json_object_new_string(c->old->name));
		json_object_object_add(f, "object", obj);
		return f;
	}
	if (v->json)
		return json_object_get(v->json);
	return v->f ? hd_report_finding_json(v->f) : NULL;
}

json_object *
hd_change_json(const struct hd_change *c, const struct hd_results *res,
    unsigned long long seq, json_object *cause)
{
	const struct hd_result *r = &res->items[c->rule];
	json_object *o = json_object_new_object();

	json_object_object_add(o, "type", json_object_new_string("change"));
	json_object_object_add(o, "seq", json_object_new_int64((int64_t)seq));
	json_object_object_add(o, "change", json_object_new_string(hd_change_kind(c)));
	json_object_object_add(o, "id", json_object_new_string(r->rule->id));
	json_object_object_add(o, "control", json_object_new_string(r->check->key));
	json_object_object_add(o, "title", json_object_new_string(r->rule->title));
	json_object_object_add(o, "severity",
	    json_object_new_string(hd_severity_name(r->check->severity)));
	json_object_object_add(o, "old_status", status_json(c->old_status));
	json_object_object_add(o, "new_status", status_json(c->new_status));
	json_object_object_add(o, "finding", change_finding(c));
	json_object_object_add(o, "cause", json_object_get(cause));
	return o;
}

void
hd_change_text(FILE *out, const struct hd_change *c,
    const struct hd_results *res, unsigned long long seq, const char *cause)
{
	const struct hd_result *r = &res->items[c->rule];
	const struct hd_verdict *v = c->unseen || !c->new ? c->old : c->new;
	const char *msg = c->new && c->new->f ? c->new->f->message : NULL;

	fprintf(out, "#%llu %-11s %s (%s) ", seq, hd_change_kind(c), r->rule->id,
	    r->check->key);
	if (v->kind == HD_OBJ_HOST) {
		fputs("host", out);
	} else {
		fprintf(out, "%s ", hd_object_kind_name(v->kind));
		hd_fputs_term_n(out, v->name[0] ? v->name : v->id, 128);
	}
	fprintf(out, ": %s -> %s",
	    c->old_status == HD_STATUS_NONE ? "none" :
	    hd_status_name((enum hd_status)c->old_status),
	    c->new_status == HD_STATUS_NONE ? "gone" :
	    hd_status_name((enum hd_status)c->new_status));
	if (msg) {
		fputs(": ", out);
		hd_fputs_term_n(out, msg, 300);
	}
	fputs(" [", out);
	hd_fputs_term_n(out, cause, 200);
	fputs("]\n", out);
}
