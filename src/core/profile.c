/* Profiles: parsed from a buffer (YAML, or JSON read as YAML) into checked
 * settings; every error names ORIGIN:LINE:COLUMN of the offending node. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/pack.h>

#include "core/internal.h"
#include "core/profile_int.h"

/* What the parser needs besides the profile it fills. */
struct pctx {
	struct hd_profile *p;
	const char *origin;
	const struct hd_pack *bench; /* "benchmark", or NULL */
};

static const char *const top_keys[] = { "name", "description", "extends",
	"benchmark", "level", "checks", "exclude", "severity", "params",
	"objects", "waivers", NULL };
static const char *const object_keys[] = { "include", "exclude", NULL };
static const char *const waiver_keys[] = { "check", "objects", "object",
	"justification", "approved_by", "expires", "ticket", NULL };

/* HD_EPARSE "ORIGIN:LINE:COLUMN: message" at node n. */
static int HD_PRINTF(3, 4)
err(const struct pctx *c, const struct hd_ynode *n, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int r;

	va_start(ap, fmt);
	msg = hd_xvasprintf(fmt, ap);
	va_end(ap);
	r = hd_error_set(HD_EPARSE, "%s:%u:%u: %s", c->origin, n->line, n->col,
	    msg);
	free(msg);
	return r;
}

/* HD_EPARSE unless every key of mapping m is in allowed (the error names
 * the known keys, so a typo is one look away from its fix). */
static int
known_keys(const struct pctx *c, const struct hd_ynode *m,
    const char *const *allowed, const char *where)
{
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		const struct hd_ynode *k = m->kids[i];
		char *known = NULL;
		size_t j;
		int r;

		for (j = 0; allowed[j] && strcmp(allowed[j], k->text) != 0; j++)
			;
		if (allowed[j] != NULL)
			continue;
		for (j = 0; allowed[j]; j++) {
			char *t = hd_xasprintf("%s%s%s", known ? known : "",
			    known ? ", " : "", allowed[j]);

			free(known);
			known = t;
		}
		r = err(c, k, "unknown key \"%s\" in %s (known: %s)", k->text, where,
		    known);
		free(known);
		return r;
	}
	return HD_OK;
}

/* A scalar's text into *out: a string or a number written as text ("5.10"
 * stays "5.10"); null, booleans, lists and mappings are errors. */
static int
text(const struct pctx *c, const struct hd_ynode *n, const char *what,
    const char **out)
{
	if (n->type != HD_Y_SCALAR || n->kind == HD_YS_NULL ||
	    n->kind == HD_YS_BOOL)
		return err(c, n, "%s must be a string, not %s", what,
		    hd_ynode_what(n));
	*out = n->text;
	return HD_OK;
}

/* text() that must not be empty. */
static int
nonempty(const struct pctx *c, const struct hd_ynode *n, const char *what,
    const char **out)
{
	int r;

	if ((r = text(c, n, what, out)) < 0)
		return r;
	if ((*out)[0] == '\0')
		return err(c, n, "%s must not be empty", what);
	return HD_OK;
}

/* Rewrite selector *sel, written against pack b, into the control key
 * it names when it is one of b's ids, so that it keeps meaning the same
 * recommendation in whichever benchmark is scanned (1.6.0's 2.14 is
 * 1.8.0's 2.15). Section prefixes and control keys stay as they are. */
static void
to_control(const char **sel, const struct hd_pack *b)
{
	const struct hd_rule *r = hd_pack_rule(b, *sel);

	if (r != NULL)
		*sel = r->control->key;
}

/* A check selector (id, section prefix or control key) at n into *out:
 * known to the profile's benchmark (then written as a control key), or
 * without one to some shipped benchmark. */
static int
selector(const struct pctx *c, const struct hd_ynode *n, const char *what,
    const char **out)
{
	int r;

	if ((r = nonempty(c, n, what, out)) < 0)
		return r;
	if (c->bench != NULL) {
		if (!hd_selector_known(c->bench, *out))
			return err(c, n, "\"%s\" is not a check id, section or "
			    "control key of %s", *out, c->bench->name);
		to_control(out, c->bench);
		return HD_OK;
	}
	for (size_t i = 0; i < hd_pack_count(); i++)
		if (hd_selector_known(hd_pack_get(i), *out))
			return HD_OK;
	return err(c, n, "\"%s\" is not a check id, section or control key of "
	    "any benchmark (see hardock list)", *out);
}

/* An object selector at n into *out. */
static int
object_selector(const struct pctx *c, const struct hd_ynode *n,
    const char *what, const char **out)
{
	int r;

	if ((r = text(c, n, what, out)) < 0)
		return r;
	if (!hd_object_selector_valid(*out))
		return err(c, n, "bad object selector \"%s\" (name:GLOB, "
		    "id:PREFIX, label:KEY or label:KEY=VALUE)", *out);
	return HD_OK;
}

typedef int (*item_fn)(const struct pctx *c, const struct hd_ynode *n,
    const char *what, const char **out);

/* A list at n of items read by fn into a new array. */
static int
list(const struct pctx *c, const struct hd_ynode *n, const char *what,
    item_fn fn, const char ***out, size_t *nout)
{
	int r;

	if (n->type != HD_Y_SEQ)
		return err(c, n, "%s must be a list, not %s", what, hd_ynode_what(n));
	*out = hd_xcalloc(n->nkids + 1, sizeof(**out));
	for (*nout = 0; *nout < n->nkids; (*nout)++)
		if ((r = fn(c, n->kids[*nout], what, &(*out)[*nout])) < 0)
			return r;
	return HD_OK;
}

/* A mapping at n, HD_EPARSE otherwise. */
static int
mapping(const struct pctx *c, const struct hd_ynode *n, const char *what)
{
	if (n->type != HD_Y_MAP)
		return err(c, n, "%s must be a mapping (key: value), not %s", what,
		    hd_ynode_what(n));
	return HD_OK;
}

/* "level": 1 or 2. */
static int
parse_level(const struct pctx *c, const struct hd_ynode *n)
{
	if (n->type != HD_Y_SCALAR || n->kind != HD_YS_INT ||
	    (strcmp(n->text, "1") != 0 && strcmp(n->text, "2") != 0))
		return err(c, n, "level must be 1 or 2");
	c->p->level = n->text[0] - '0';
	return HD_OK;
}

/* A list parameter's items joined by commas, as --param takes it; NULL
 * after setting the error when an item is not a scalar. */
static char *
joined(const struct pctx *c, const struct hd_ynode *v, const char *name)
{
	char *out = hd_xstrdup("");

	for (size_t i = 0; i < v->nkids; i++) {
		const struct hd_ynode *it = v->kids[i];
		char *t;

		if (it->type != HD_Y_SCALAR || it->kind == HD_YS_NULL ||
		    strchr(it->text, ',') != NULL) {
			err(c, it, "parameter %s: each item must be a string without "
			    "commas", name);
			free(out);
			return NULL;
		}
		t = hd_xasprintf("%s%s%s", out, i ? "," : "", it->text);
		free(out);
		out = t;
	}
	return out;
}

/* "params": {NAME: string, number, boolean, or a list for a list
 * parameter}, each declared by a check and valid for its type. */
static int
parse_params(const struct pctx *c, const struct hd_ynode *n)
{
	struct hd_profile *p = c->p;
	int r, type;

	if ((r = mapping(c, n, "params")) < 0)
		return r;
	p->params = hd_xcalloc(n->nkids / 2 + 1, sizeof(*p->params));
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const struct hd_ynode *k = n->kids[i], *v = n->kids[i + 1];
		char *value;

		if ((type = hd_param_kind(k->text)) < 0)
			return err(c, k, "unknown parameter \"%s\" (no check declares "
			    "it; see hardock explain ID)", k->text);
		if (v->type == HD_Y_SEQ && type == HD_PARAM_LIST) {
			if ((value = joined(c, v, k->text)) == NULL)
				return HD_EPARSE;
		} else if (v->type != HD_Y_SCALAR || v->kind == HD_YS_NULL) {
			return err(c, v, "parameter %s must be a string, number or "
			    "boolean%s, not %s", k->text, type == HD_PARAM_LIST ?
			    " or a list" : "", hd_ynode_what(v));
		} else {
			value = hd_xstrdup(v->text);
		}
		p->params[p->nparams].name = hd_xstrdup(k->text);
		p->params[p->nparams++].value = value;
		if (hd_param_validate(k->text, value) < 0)
			return err(c, v, "%s", hd_error_last());
	}
	return HD_OK;
}

/* "severity": {SELECTOR: info|low|medium|high|critical}. */
static int
parse_severity(const struct pctx *c, const struct hd_ynode *n)
{
	struct hd_profile *p = c->p;
	int r, sev;

	if ((r = mapping(c, n, "severity")) < 0)
		return r;
	p->severities = hd_xcalloc(n->nkids / 2 + 1, sizeof(*p->severities));
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		struct hd_severity_override *o = &p->severities[p->nseverities];
		const char *name = NULL;

		if ((r = selector(c, n->kids[i], "a severity's check", &o->check)) < 0 ||
		    (r = text(c, n->kids[i + 1], "a severity", &name)) < 0)
			return r;
		if ((sev = hd_severity_from_name(name)) < 0)
			return err(c, n->kids[i + 1], "unknown severity \"%s\" (info, "
			    "low, medium, high, critical)", name);
		o->severity = (enum hd_severity)sev;
		p->nseverities++;
	}
	return HD_OK;
}

/* "objects": {include: [SELECTOR], exclude: [SELECTOR]}. */
static int
parse_objects(const struct pctx *c, const struct hd_ynode *n)
{
	struct hd_profile *p = c->p;
	const struct hd_ynode *v;
	int r;

	if ((r = mapping(c, n, "objects")) < 0 ||
	    (r = known_keys(c, n, object_keys, "objects")) < 0)
		return r;
	if ((v = hd_ymap_get(n, "include")) != NULL &&
	    (r = list(c, v, "objects.include", object_selector, &p->obj_include,
	    &p->nobj_include)) < 0)
		return r;
	if ((v = hd_ymap_get(n, "exclude")) != NULL &&
	    (r = list(c, v, "objects.exclude", object_selector, &p->obj_exclude,
	    &p->nobj_exclude)) < 0)
		return r;
	return HD_OK;
}

/* The member key of waiver w read by fn into *out; required ones must be
 * there. */
static int
waiver_member(const struct pctx *c, const struct hd_ynode *w, const char *key,
    bool required, item_fn fn, const char **out)
{
	const struct hd_ynode *v = hd_ymap_get(w, key);

	*out = NULL;
	if (v == NULL)
		return required ? err(c, w, "a waiver needs \"%s\"", key) : HD_OK;
	return fn(c, v, key, out);
}

/* "expires": a calendar date YYYY-MM-DD. */
static int
date(const struct pctx *c, const struct hd_ynode *n, const char *what,
    const char **out)
{
	int r;

	if ((r = text(c, n, what, out)) < 0)
		return r;
	if (!hd_date_valid(*out))
		return err(c, n, "%s must be a date YYYY-MM-DD, not \"%s\"", what,
		    *out);
	return HD_OK;
}

/* One waiver {check, objects|object?, justification, approved_by,
 * expires, ticket?}. */
static int
parse_waiver(const struct pctx *c, const struct hd_ynode *w,
    struct hd_waiver *d)
{
	const struct hd_ynode *objs = hd_ymap_get(w, "objects"),
	    *one = hd_ymap_get(w, "object");
	const char **sel = NULL;
	size_t nsel = 0;
	int r;

	if ((r = mapping(c, w, "a waiver")) < 0 ||
	    (r = known_keys(c, w, waiver_keys, "a waiver")) < 0 ||
	    (r = waiver_member(c, w, "check", true, selector, &d->check)) < 0 ||
	    (r = waiver_member(c, w, "justification", true, nonempty,
	    &d->justification)) < 0 ||
	    (r = waiver_member(c, w, "approved_by", true, nonempty,
	    &d->approved_by)) < 0 ||
	    (r = waiver_member(c, w, "expires", true, date, &d->expires)) < 0 ||
	    (r = waiver_member(c, w, "ticket", false, nonempty, &d->ticket)) < 0)
		return r;
	if (objs && one)
		return err(c, one, "a waiver has \"objects\" or \"object\", not both");
	d->where = hd_xasprintf("%s:%u:%u", c->origin, w->line, w->col);
	if (objs)
		r = list(c, objs, "objects", object_selector, &sel, &nsel);
	else if (one) {
		sel = hd_xcalloc(2, sizeof(*sel));
		r = object_selector(c, one, "object", &sel[0]);
		nsel = 1;
	}
	d->objects = sel;
	d->nobjects = nsel;
	return r;
}

/* "waivers": [WAIVER]. */
static int
parse_waivers(const struct pctx *c, const struct hd_ynode *n)
{
	struct hd_profile *p = c->p;
	int r;

	if (n->type != HD_Y_SEQ)
		return err(c, n, "waivers must be a list, not %s", hd_ynode_what(n));
	p->waivers = hd_xcalloc(n->nkids + 1, sizeof(*p->waivers));
	for (size_t i = 0; i < n->nkids; i++) {
		/* Counted first, so that free releases what a failure left. */
		p->nwaivers++;
		if ((r = parse_waiver(c, n->kids[i], &p->waivers[i])) < 0)
			return r;
	}
	return HD_OK;
}

/* "benchmark": the pack whose ids the profile's selectors are. */
static int
parse_benchmark(struct pctx *c, const struct hd_ynode *n)
{
	int r;

	if ((r = nonempty(c, n, "benchmark", &c->p->benchmark)) < 0)
		return r;
	if ((c->bench = hd_pack_find(c->p->benchmark)) == NULL)
		return err(c, n, "unknown benchmark \"%s\" (see hardock "
		    "benchmarks)", c->p->benchmark);
	return HD_OK;
}

/* Fill c->p from its document, in an order that reads the benchmark
 * before the selectors written against it. */
static int
parse_doc(struct pctx *c)
{
	struct hd_profile *p = c->p;
	const struct hd_ynode *o = p->doc, *v;
	int r;

	if (o->type != HD_Y_MAP)
		return err(c, o, "a profile is a mapping (key: value lines), not %s",
		    hd_ynode_what(o));
	if ((r = known_keys(c, o, top_keys, "the profile")) < 0)
		return r;
	if ((v = hd_ymap_get(o, "name")) == NULL)
		return err(c, o, "the profile has no \"name\"");
	if ((r = nonempty(c, v, "name", &p->name)) < 0)
		return r;
	if ((v = hd_ymap_get(o, "description")) &&
	    (r = text(c, v, "description", &p->description)) < 0)
		return r;
	if ((v = hd_ymap_get(o, "extends")) &&
	    (r = nonempty(c, v, "extends", &p->extends)) < 0)
		return r;
	p->extends_node = v;
	if (((v = hd_ymap_get(o, "benchmark")) && (r = parse_benchmark(c, v)) < 0) ||
	    ((v = hd_ymap_get(o, "level")) && (r = parse_level(c, v)) < 0) ||
	    ((v = hd_ymap_get(o, "checks")) && (r = list(c, v, "checks",
	    selector, &p->checks, &p->nchecks)) < 0) ||
	    ((v = hd_ymap_get(o, "exclude")) && (r = list(c, v, "exclude",
	    selector, &p->exclude, &p->nexclude)) < 0) ||
	    ((v = hd_ymap_get(o, "severity")) && (r = parse_severity(c, v)) < 0) ||
	    ((v = hd_ymap_get(o, "params")) && (r = parse_params(c, v)) < 0) ||
	    ((v = hd_ymap_get(o, "objects")) && (r = parse_objects(c, v)) < 0) ||
	    ((v = hd_ymap_get(o, "waivers")) && (r = parse_waivers(c, v)) < 0))
		return r;
	return HD_OK;
}

int
hd_profile_parse(struct hd_profile **out, const char *data, size_t len,
    const char *origin)
{
	struct hd_profile *p = hd_xcalloc(1, sizeof(*p));
	struct pctx c = { p, origin, NULL };
	int r;

	*out = NULL;
	p->origin = hd_xstrdup(origin);
	hd_sha256_hex(p->sha256, data, len);
	p->text = hd_xmalloc(len + 1);
	memcpy(p->text, data, len);
	p->text[len] = '\0';
	p->text_len = len;
	if ((r = hd_yaml_parse(&p->doc, data, len, origin)) < 0 ||
	    (r = parse_doc(&c)) < 0)
		goto out;
	*out = p;
	p = NULL;
out:
	hd_profile_free(p);
	return r;
}

void
hd_profile_free(struct hd_profile *p)
{
	if (p == NULL)
		return;
	hd_profile_free(p->parent);
	for (size_t i = 0; i < p->nparams; i++) {
		free(p->params[i].name);
		free(p->params[i].value);
	}
	free(p->params);
	free(p->severities);
	for (size_t i = 0; i < p->nwaivers; i++) {
		free((void *)p->waivers[i].objects);
		free((void *)p->waivers[i].where);
	}
	free(p->waivers);
	free(p->checks);
	free(p->exclude);
	free(p->obj_include);
	free(p->obj_exclude);
	hd_ynode_free(p->doc);
	free(p->text);
	free(p->origin);
	free(p);
}

const char *
hd_profile_name(const struct hd_profile *p)
{
	return p->name;
}

const char *
hd_profile_origin(const struct hd_profile *p)
{
	return p->origin;
}

const char *
hd_profile_sha256(const struct hd_profile *p)
{
	return p->sha256;
}

const char *
hd_profile_text(const struct hd_profile *p, size_t *len)
{
	*len = p->text_len;
	return p->text;
}

const struct hd_profile *
hd_profile_parent(const struct hd_profile *p)
{
	return p->parent;
}
