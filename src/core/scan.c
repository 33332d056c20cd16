/*
 * The scanner: evaluates selected checks over a snapshot. It owns the loop
 * over objects, parameters and (later) scoping and waivers, so that a check
 * is a small pure function.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hardock/facts.h>

#include "internal.h"

struct hd_ctx {
	const struct hd_snapshot *snap;
	const struct hd_scan_opts *opts;
	const struct hd_check *check;
	const struct hd_rule *rule; /* the pack's values for the check */
	const char *remote;  /* why host facts are not the engine's, or NULL */
	bool *host_read;     /* set when the check reads a host fact then */
};

void
hd_scan_opts_init(struct hd_scan_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->warn_expiry_days = 14;
}

void
hd_scan_opts_release(struct hd_scan_opts *o)
{
	for (size_t i = 0; i < o->nparams; i++) {
		free(o->params[i].name);
		free(o->params[i].value);
	}
	free(o->params);
	free(o->select);
	free(o->exclude);
	free(o->objects_include);
	free(o->objects_exclude);
	free((void *)o->waivers);
	free((void *)o->severities);
	hd_scan_opts_init(o);
}

/* n elements of size sz copied into a new array (NULL for none). */
static void *
dup_array(const void *v, size_t n, size_t sz)
{
	void *d;

	if (n == 0)
		return NULL;
	d = hd_xcalloc(n, sz);
	memcpy(d, v, n * sz);
	return d;
}

void
hd_scan_opts_copy(struct hd_scan_opts *dst, const struct hd_scan_opts *src)
{
	*dst = *src;
	dst->select = dup_array(src->select, src->nselect, sizeof(*src->select));
	dst->exclude = dup_array(src->exclude, src->nexclude,
	    sizeof(*src->exclude));
	dst->objects_include = dup_array(src->objects_include,
	    src->nobjects_include, sizeof(*src->objects_include));
	dst->objects_exclude = dup_array(src->objects_exclude,
	    src->nobjects_exclude, sizeof(*src->objects_exclude));
	dst->waivers = dup_array(src->waivers, src->nwaivers,
	    sizeof(*src->waivers));
	dst->severities = dup_array(src->severities, src->nseverities,
	    sizeof(*src->severities));
	dst->params = dup_array(src->params, src->nparams, sizeof(*src->params));
	for (size_t i = 0; i < src->nparams; i++) {
		dst->params[i].name = hd_xstrdup(src->params[i].name);
		dst->params[i].value = hd_xstrdup(src->params[i].value);
	}
}

/* ---- Facts and parameters seen from a check ---------------------------- */

/* Note a read of key: with a remote engine, a check that reads a fact of
 * this host has judged the wrong machine (remote_gate() says so). */
static void
note_read(const struct hd_ctx *ctx, const char *key)
{
	if (ctx->remote != NULL && hd_fact_is_host(key))
		*ctx->host_read = true;
}

void
hd_fact(struct hd_fact *out, const struct hd_ctx *ctx, const char *key)
{
	note_read(ctx, key);
	hd_snapshot_fact(out, ctx->snap, key);
}

void
hd_fact2(struct hd_fact *out, const struct hd_ctx *ctx, const char *prefix,
    const char *suffix)
{
	char *key = hd_xasprintf("%s%s", prefix, suffix);

	note_read(ctx, key);
	hd_snapshot_fact(out, ctx->snap, key);
	free(key);
}

bool
hd_fact_recorded(const struct hd_ctx *ctx, const char *key)
{
	note_read(ctx, key);
	return hd_snapshot_has(ctx->snap, key);
}

json_object *
hd_require(struct hd_finding *f, const struct hd_ctx *ctx, const char *key)
{
	struct hd_fact fact;

	note_read(ctx, key);
	hd_snapshot_fact(&fact, ctx->snap, key);
	if (fact.state == HD_FACT_VALUE)
		return fact.value;
	hd_msg(f, "%s", fact.reason && fact.reason[0] ? fact.reason :
	    "fact not available");
	hd_ev_str(f, key, NULL, fact.source);
	return NULL;
}

const struct hd_snapshot *
hd_ctx_snapshot(const struct hd_ctx *ctx)
{
	return ctx->snap;
}

/* The declaration of name in check c, NULL when c does not declare it. */
static const struct hd_param_def *
param_decl(const struct hd_check *c, const char *name)
{
	if (c->params == NULL)
		return NULL;
	for (const struct hd_param_def *p = c->params; p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* The value the options give parameter name, NULL when none. */
static const char *
opts_param(const struct hd_scan_opts *o, const char *name)
{
	/* The last --param given wins, as with repeated flags elsewhere. */
	for (size_t i = o->nparams; i-- > 0;)
		if (strcmp(o->params[i].name, name) == 0)
			return o->params[i].value;
	return NULL;
}

/* The value a check observed for name in finding f, NULL when none. */
static const char *
fix_value(const struct hd_finding *f, const char *name)
{
	for (size_t i = 0; i < f->nfix; i++)
		if (strcmp(f->fix[i].name, name) == 0)
			return f->fix[i].value;
	return NULL;
}

/* What the remediation text of a result is expanded from. */
struct fix_arg {
	const struct hd_scan_opts *opts;
	const struct hd_result *result;
};

/* The value of ${name} in a result's remediation: what the check observed
 * (on the whole check, else on the first failing object that says, else
 * on any object), then the user's --param for a declared parameter. */
static const char *
remediation_value(const char *name, void *arg)
{
	const struct fix_arg *a = arg;
	const struct hd_finding *top = &a->result->top;
	const char *v;

	if ((v = fix_value(top, name)) != NULL)
		return v;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < top->nchildren; i++)
			if ((pass == 1 || top->children[i].status == HD_FAIL) &&
			    (v = fix_value(&top->children[i], name)) != NULL)
				return v;
	return param_decl(a->result->check, name) ? opts_param(a->opts, name) :
	    NULL;
}

/* Write r's remediation after its evaluation: the text names what the
 * check observed (a re-evaluation replaces the earlier text). */
static void
remediate(struct hd_result *r, const struct hd_scan_opts *o)
{
	struct fix_arg fa = { o, r };

	free(r->remediation);
	r->remediation = hd_rule_remediation(r->rule, remediation_value, &fa);
}

const char *
hd_param(const struct hd_ctx *ctx, const char *name)
{
	const struct hd_param_def *d = param_decl(ctx->check, name);
	const char *v;

	if (d == NULL)
		return NULL;
	/* The user's value, then the benchmark version's, then the default. */
	if ((v = opts_param(ctx->opts, name)) != NULL)
		return v;
	if (ctx->rule != NULL && (v = hd_rule_param(ctx->rule, name)) != NULL)
		return v;
	return d->def;
}

bool
hd_param_list_has(const struct hd_ctx *ctx, const char *name, const char *item)
{
	const char *v = hd_param(ctx, name), *p;
	size_t n = strlen(item);

	for (p = v; p != NULL && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		while (*p == ' ')
			p++;
		if (strncmp(p, item, n) == 0 &&
		    (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
	}
	return false;
}

/* ---- Validation --------------------------------------------------------- */

/* Whether text is a valid value of type t. */
static bool
param_value_ok(enum hd_param_type t, const char *text)
{
	char *end;

	switch (t) {
	case HD_PARAM_INT:
		errno = 0;
		(void)strtoll(text, &end, 10);
		return errno == 0 && end != text && *end == '\0';
	case HD_PARAM_BOOL:
		return strcmp(text, "true") == 0 || strcmp(text, "false") == 0;
	default:
		return true;
	}
}

/* The declaration of parameter name by any control, NULL when none. */
static const struct hd_param_def *
any_param_decl(const char *name)
{
	const struct hd_param_def *d = NULL;

	for (size_t k = 0; k < hd_control_count() && d == NULL; k++)
		d = param_decl(hd_control_get(k), name);
	return d;
}

int
hd_param_kind(const char *name)
{
	const struct hd_param_def *d = any_param_decl(name);

	return d ? (int)d->type : -1;
}

int
hd_param_validate(const char *name, const char *value)
{
	const struct hd_param_def *d = any_param_decl(name);

	if (d == NULL)
		return hd_error_set(HD_EUSAGE, "unknown parameter: %s (no check "
		    "declares it)", name);
	if (!param_value_ok(d->type, value))
		return hd_error_set(HD_EUSAGE, "parameter %s: '%s' is not a valid "
		    "%s", name, value, hd_param_type_name(d->type));
	return HD_OK;
}

bool
hd_object_selector_valid(const char *sel)
{
	return (strncmp(sel, "name:", 5) == 0 && sel[5]) ||
	    (strncmp(sel, "id:", 3) == 0 && sel[3]) ||
	    (strncmp(sel, "label:", 6) == 0 && sel[6] && sel[6] != '=');
}

bool
hd_date_valid(const char *d)
{
	struct tm tm, back;
	const char *end;
	time_t t;

	if (d == NULL || strlen(d) != 10)
		return false;
	memset(&tm, 0, sizeof(tm));
	end = strptime(d, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0')
		return false;
	/* strptime takes 2027-02-30: a real date survives a round trip. */
	back = tm;
	t = timegm(&back);
	gmtime_r(&t, &back);
	return back.tm_year == tm.tm_year && back.tm_mon == tm.tm_mon &&
	    back.tm_mday == tm.tm_mday;
}

bool
hd_object_matches(const char *sel, const struct hd_object *obj)
{
	if (strncmp(sel, "name:", 5) == 0)
		return fnmatch(sel + 5, obj->name, 0) == 0;
	if (strncmp(sel, "id:", 3) == 0)
		return strncmp(obj->id, sel + 3, strlen(sel + 3)) == 0 ||
		    (strncmp(obj->id, "sha256:", 7) == 0 &&
		    strncmp(obj->id + 7, sel + 3, strlen(sel + 3)) == 0);
	if (strncmp(sel, "label:", 6) == 0 && obj->labels != NULL) {
		const char *key = sel + 6, *eq = strchr(key, '=');
		char *k = hd_xstrndup(key, eq ? (size_t)(eq - key) : strlen(key));
		json_object *v = NULL;
		bool hit = json_object_object_get_ex(obj->labels, k, &v) &&
		    (eq == NULL || (json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), eq + 1) == 0));

		free(k);
		return hit;
	}
	return false;
}

/* Whether the options' object scope selects obj. */
static bool
object_in_scope(const struct hd_scan_opts *o, const struct hd_object *obj)
{
	bool in = o->nobjects_include == 0;

	for (size_t i = 0; i < o->nobjects_include && !in; i++)
		in = hd_object_matches(o->objects_include[i], obj);
	for (size_t i = 0; i < o->nobjects_exclude && in; i++)
		in = !hd_object_matches(o->objects_exclude[i], obj);
	return in;
}

/* The options' pack, or the default one. */
static const struct hd_pack *
opts_pack(const struct hd_scan_opts *o)
{
	return o->pack ? o->pack : hd_pack_default();
}

int
hd_scan_opts_validate(const struct hd_scan_opts *o)
{
	const struct hd_pack *p = opts_pack(o);

	for (size_t i = 0; i < o->nselect; i++)
		if (!hd_selector_known(p, o->select[i]))
			return hd_error_set(HD_EUSAGE, "unknown check id: %s (not "
			    "in %s)", o->select[i], p->name);
	for (size_t i = 0; i < o->nexclude; i++)
		if (!hd_selector_known(p, o->exclude[i]))
			return hd_error_set(HD_EUSAGE, "unknown check id: %s (not "
			    "in %s)", o->exclude[i], p->name);
	for (size_t i = 0; i < o->nobjects_include + o->nobjects_exclude; i++) {
		const char *sel = i < o->nobjects_include ? o->objects_include[i] :
		    o->objects_exclude[i - o->nobjects_include];

		if (!hd_object_selector_valid(sel))
			return hd_error_set(HD_EUSAGE, "bad object selector '%s' "
			    "(name:GLOB, id:PREFIX, label:KEY or label:KEY=VALUE)", sel);
	}
	for (size_t i = 0; i < o->nwaivers; i++) {
		const struct hd_waiver *w = &o->waivers[i];

		if (!hd_selector_known(p, w->check))
			return hd_error_set(HD_EUSAGE, "waiver for unknown check id: "
			    "%s (not in %s)", w->check, p->name);
		for (size_t k = 0; k < w->nobjects; k++)
			if (!hd_object_selector_valid(w->objects[k]))
				return hd_error_set(HD_EUSAGE, "waiver for %s: bad object "
				    "selector '%s'", w->check, w->objects[k]);
		if (!w->justification || !w->justification[0] || !hd_date_valid(w->expires))
			return hd_error_set(HD_EUSAGE, "waiver for %s needs a "
			    "justification and an expiry date YYYY-MM-DD", w->check);
	}
	if (o->today && !hd_date_valid(o->today))
		return hd_error_set(HD_EUSAGE, "bad date '%s' (YYYY-MM-DD)", o->today);
	for (size_t i = 0; i < o->nseverities; i++)
		if (!hd_selector_known(p, o->severities[i].check))
			return hd_error_set(HD_EUSAGE, "severity for unknown check id: "
			    "%s (not in %s)", o->severities[i].check, p->name);
	for (size_t i = 0; i < o->nparams; i++)
		if (hd_param_validate(o->params[i].name, o->params[i].value) < 0)
			return HD_EUSAGE;
	return HD_OK;
}

/* Whether recommendation r is selected by the options. */
static bool
selected(const struct hd_scan_opts *o, const struct hd_rule *r)
{
	bool in = o->nselect == 0;

	if (o->max_level > 0 && r->level > o->max_level)
		return false;
	for (size_t i = 0; i < o->nselect && !in; i++)
		in = hd_rule_matches(o->select[i], r);
	for (size_t i = 0; i < o->nexclude && in; i++)
		in = !hd_rule_matches(o->exclude[i], r);
	return in;
}

/* ---- Evaluation --------------------------------------------------------- */

/* The top message of a per-object check: how many objects failed. */
static void
summarize(struct hd_finding *top, enum hd_object_kind kind)
{
	size_t n[HD_STATUS__COUNT] = { 0 };

	if (top->nchildren == 0)
		return;
	for (size_t i = 0; i < top->nchildren; i++)
		n[top->children[i].status]++;
	if (n[HD_FAIL] || n[HD_ERROR])
		hd_msg(top, "%zu of %zu %ss fail%s, %zu could not be evaluated",
		    n[HD_FAIL], (size_t)top->nchildren, hd_object_kind_name(kind),
		    n[HD_FAIL] == 1 ? "s" : "", n[HD_ERROR]);
	else
		hd_msg(top, "%zu %ss evaluated: %zu pass, %zu manual, %zu not "
		    "applicable", (size_t)top->nchildren, hd_object_kind_name(kind),
		    n[HD_PASS], n[HD_MANUAL] + n[HD_WAIVED], n[HD_NOTAPPLICABLE]);
}

/* Whether any of waiver w's object selectors matches obj; a waiver
 * without selectors covers every object. */
static bool
waiver_objects_match(const struct hd_waiver *w, const struct hd_object *obj)
{
	if (w->nobjects == 0)
		return true;
	for (size_t i = 0; i < w->nobjects; i++)
		if (hd_object_matches(w->objects[i], obj))
			return true;
	return false;
}

/* Whether waiver w covers child c of a host check; a label: selector
 * reads the object's labels, parsing its document for that. */
static bool
waiver_covers(const struct hd_snapshot *s, const struct hd_waiver *w,
    const struct hd_finding *c)
{
	struct hd_object view = { c->kind, c->object_id, c->object_name,
	    NULL, { HD_FACT_ERROR, NULL, "", NULL } }, obj;
	bool hit, shown = false;
	size_t i = 0;

	/* Labels matter for label: selectors on containers/images. */
	for (size_t k = 0; k < w->nobjects && !shown; k++)
		if (strncmp(w->objects[k], "label:", 6) == 0 &&
		    (c->kind == HD_OBJ_CONTAINER || c->kind == HD_OBJ_IMAGE) &&
		    hd_snapshot_find(&i, s, c->kind, c->object_id)) {
			hd_snapshot_object(&obj, s, c->kind, i);
			view.labels = obj.labels;
			shown = true;
		}
	hit = waiver_objects_match(w, &view);
	if (shown)
		hd_snapshot_release(s, c->kind, i);
	return hit;
}

/* Today's date (UTC) as YYYY-MM-DD into buf. */
static void
today_utc(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

/* Days since 1970-01-01 of a valid YYYY-MM-DD date. */
static long
day_number(const char *ymd)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(ymd, "%Y-%m-%d", &tm) == NULL)
		return 0;
	return (long)(timegm(&tm) / 86400);
}

/* The day after ymd, as YYYY-MM-DD into buf. */
static void
day_after(char *buf, size_t len, const char *ymd)
{
	time_t t = (time_t)(day_number(ymd) + 1) * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

/* Waive failing f under waiver use u unless the waiver has expired; note
 * an expired one, with the day it stopped applying, so the report says
 * why the failure stands. */
static void
waive(struct hd_finding *f, struct hd_waiver_use *u)
{
	const struct hd_waiver *w = &u->waiver;
	char since[16];
	char *m;

	if (f->status != HD_FAIL)
		return;
	u->matched++;
	if (u->state == HD_WAIVER_EXPIRED) {
		day_after(since, sizeof(since), w->expires);
		m = hd_xasprintf("%s (waiver expired since %s: it covered this "
		    "until %s)", f->message ? f->message : "failed", since,
		    w->expires);
		hd_msg_set(f, m);
		free(m);
		return;
	}
	f->status = HD_WAIVED;
	free(f->waiver);
	f->waiver = hd_xasprintf("%s (approved by %s%s%s, until %s)",
	    w->justification, w->approved_by ? w->approved_by : "nobody named",
	    w->ticket ? ", ticket " : "", w->ticket ? w->ticket : "", w->expires);
}

/* Apply the waivers of recommendation r to child finding f of an object
 * shown as obj (its labels at hand), in the options' order. */
static void
waive_object(struct hd_finding *f, const struct hd_rule *r,
    const struct hd_object *obj, struct hd_results *res)
{
	for (size_t i = 0; i < res->nwaivers; i++) {
		struct hd_waiver_use *u = &res->waivers[i];

		if (hd_rule_matches(u->waiver.check, r) &&
		    waiver_objects_match(&u->waiver, obj))
			waive(f, u);
	}
}

/* Apply the waivers to result r: the whole check when it has no
 * children, else the children a host check added (a per-object check's
 * children were waived as they were evaluated). */
static void
apply_waivers(struct hd_result *r, const struct hd_ctx *ctx,
    struct hd_results *res)
{
	bool objects = r->check->scope != HD_SCOPE_HOST;

	for (size_t i = 0; i < res->nwaivers; i++) {
		struct hd_waiver_use *u = &res->waivers[i];

		if (!hd_rule_matches(u->waiver.check, r->rule))
			continue;
		if (u->waiver.nobjects == 0 && r->top.nchildren == 0) {
			waive(&r->top, u);
			r->status = r->top.status;
			continue;
		}
		for (size_t k = 0; !objects && k < r->top.nchildren; k++)
			if (waiver_covers(ctx->snap, &u->waiver, &r->top.children[k]))
				waive(&r->top.children[k], u);
	}
	if (r->top.nchildren > 0 && r->status == HD_FAIL)
		r->status = hd_finding_children_status(&r->top, r->status);
}

/* Copy the options' waivers into res with their state as of today. */
static void
init_waivers(struct hd_results *res, const struct hd_scan_opts *o)
{
	long today = day_number(res->today);

	res->nwaivers = o->nwaivers;
	res->waivers = hd_xcalloc(o->nwaivers + 1, sizeof(*res->waivers));
	for (size_t i = 0; i < o->nwaivers; i++) {
		struct hd_waiver_use *u = &res->waivers[i];

		u->waiver = o->waivers[i];
		u->days_left = day_number(u->waiver.expires) - today;
		u->state = u->days_left < 0 ? HD_WAIVER_EXPIRED :
		    u->days_left <= o->warn_expiry_days ? HD_WAIVER_EXPIRING :
		    HD_WAIVER_ACTIVE;
	}
}

bool
hd_waiver_stale(const struct hd_waiver_use *u)
{
	return u->matched == 0;
}

/* A check that read a host fact while the engine is remote judged this
 * host in the engine's name: whatever it concluded is replaced by
 * notapplicable with the reason (an object's identity is kept). */
static bool
remote_gate(const struct hd_ctx *ctx, struct hd_finding *f)
{
	if (ctx->remote == NULL || !*ctx->host_read)
		return false;
	hd_finding_forget(f);
	f->status = HD_NOTAPPLICABLE;
	hd_msg(f, "%s", HD_REMOTE_REASON);
	hd_ev_bool(f, "local", false, HD_F_ENGINE_LOCALITY);
	hd_ev_str(f, "why", ctx->remote, HD_F_ENGINE_LOCALITY);
	return true;
}

/* Whether every child of f is notapplicable because the engine is remote. */
static bool
all_remote(const struct hd_finding *f)
{
	for (size_t i = 0; i < f->nchildren; i++)
		if (f->children[i].message == NULL ||
		    strcmp(f->children[i].message, HD_REMOTE_REASON) != 0)
			return false;
	return f->nchildren > 0;
}

/* The scope control c is evaluated in: with opts.images, a container
 * control's .image judges images. */
static enum hd_scope
scope_of(const struct hd_scan_opts *o, const struct hd_check *c)
{
	if (o->images && c->scope == HD_SCOPE_CONTAINER && c->image != NULL)
		return HD_SCOPE_IMAGE;
	return c->scope;
}

/* Whether control c judges an image, for opts.images. */
static bool
judges_images(const struct hd_scan_opts *o, const struct hd_check *c)
{
	return scope_of(o, c) == HD_SCOPE_IMAGE;
}

/* Give each evidence of f (with children, its children's too) whose
 * source is a file the collectors digested ("/etc/docker/daemon.json",
 * "FILE:LINE") that file's sha256, so evidence can be matched with the
 * file it came from. A per-object finding gets them before it is sealed
 * (run_object()); a sealed array is never changed. */
static void
add_digests(struct hd_finding *f, const struct hd_snapshot *s, bool children)
{
	for (size_t i = 0; i < f->nevidence; i++) {
		struct hd_evidence *e = &f->evidence[i];
		const char *colon;
		char *key;
		struct hd_fact d;
		json_object *v;
		int n;

		if (e->source[0] != '/' || e->sha256 != NULL)
			continue;
		/* "FILE" or "FILE:LINE"; a source naming several files is
		 * none of them. */
		colon = strrchr(e->source, ':');
		n = colon && colon[1] && strspn(colon + 1, "0123456789") ==
		    strlen(colon + 1) ? (int)(colon - e->source) :
		    (int)strlen(e->source);
		key = hd_xasprintf("%s%.*s", HD_F_DIGEST, n, e->source);
		hd_snapshot_fact(&d, s, key);
		free(key);
		if (d.state == HD_FACT_VALUE &&
		    json_object_object_get_ex(d.value, "sha256", &v) &&
		    json_object_is_type(v, json_type_string))
			e->sha256 = hd_xstrdup(json_object_get_string(v));
	}
	for (size_t i = 0; children && i < f->nchildren; i++)
		add_digests(&f->children[i], s, true);
}

/* Evaluate per-object check r on obj: one child finding, waived at once
 * while the object's labels are at hand, its evidence then sealed (shared
 * with the other objects' findings alike to it). */
static void
run_object(struct hd_result *r, const struct hd_snapshot *s,
    const struct hd_scan_opts *o, const struct hd_object *obj,
    struct hd_results *res, const char *remote)
{
	bool host_read = false;
	struct hd_ctx ctx = { s, o, r->check, r->rule, remote, &host_read };
	struct hd_finding *f = hd_finding_add(&r->top, obj->kind, obj->id,
	    obj->name);

	if (obj->inspect.state != HD_FACT_VALUE) {
		f->status = obj->inspect.state == HD_FACT_ABSENT ?
		    HD_NOTAPPLICABLE : HD_ERROR;
		hd_msg(f, "%s", obj->inspect.reason);
	} else {
		hd_object_fn fn = obj->kind == HD_OBJ_IMAGE &&
		    r->check->scope == HD_SCOPE_CONTAINER ? r->check->image :
		    r->check->object;

		f->status = fn(&ctx, obj, f);
		remote_gate(&ctx, f);
	}
	waive_object(f, r->rule, obj, res);
	add_digests(f, s, false);
	hd_finding_seal(f);
}

/* Consuming, objects dropped between two returns of free memory to the
 * system (malloc_trim(), which walks the heap: rarely). */
#define TRIM_EVERY 1000

/* Run every selected per-object check of scope over the objects of kind,
 * object by object: each inspect document is parsed once for all those
 * checks and dropped before the next, so one is in memory at a time (and,
 * consuming, the object itself goes). Without the object list nothing
 * runs (finish_objects() says why). */
static void
run_kind(struct hd_results *res, const struct hd_snapshot *s,
    const struct hd_scan_opts *o, enum hd_scope scope)
{
	enum hd_object_kind kind = scope == HD_SCOPE_CONTAINER ?
	    HD_OBJ_CONTAINER : HD_OBJ_IMAGE;
	size_t n = hd_snapshot_count(s, kind), nsel = 0;
	size_t *sel = hd_xcalloc(res->count + 1, sizeof(*sel));
	const char *remote = hd_snapshot_remote(s);
	struct hd_fact list;
	struct hd_object obj;

	hd_snapshot_fact(&list, s, scope == HD_SCOPE_CONTAINER ?
	    HD_F_ENGINE_CONTAINERS : HD_F_ENGINE_IMAGES);
	for (size_t c = 0; c < res->count; c++)
		if (scope_of(o, res->items[c].check) == scope &&
		    res->items[c].status != HD_NOTSELECTED) {
			/* One child per object: allocated once, to size. */
			if (list.state == HD_FACT_VALUE)
				hd_finding_reserve(&res->items[c].top, n);
			sel[nsel++] = c;
		}
	for (size_t i = 0; list.state == HD_FACT_VALUE && nsel > 0 && i < n; i++) {
		hd_snapshot_object(&obj, s, kind, i);
		if (object_in_scope(o, &obj))
			for (size_t k = 0; k < nsel; k++)
				run_object(&res->items[sel[k]], s, o, &obj, res, remote);
		/* Container checks read images, never other containers:
		 * each kind goes in its own pass. The memory of dropped
		 * objects lies between live blocks, where the findings'
		 * arrays cannot reuse it: it is given back to the system
		 * every so often, so that the peak is the larger of the
		 * documents and the findings, not their sum. */
		if (o->consume == s) {
			hd_snapshot_drop(o->consume, kind, i);
			if (i % TRIM_EVERY == TRIM_EVERY - 1)
				malloc_trim(0);
		} else {
			hd_snapshot_release(s, kind, i);
		}
	}
	free(sel);
}

/* Conclude a per-object check whose children run_kind() added. */
static enum hd_status
finish_objects(const struct hd_ctx *ctx, enum hd_object_kind kind,
    const char *list_key, struct hd_finding *top)
{
	size_t n = hd_snapshot_count(ctx->snap, kind);
	size_t skipped = n - top->nchildren;
	struct hd_fact list;

	hd_snapshot_fact(&list, ctx->snap, list_key);
	if (list.state != HD_FACT_VALUE) {
		/* Without the object list nothing can pass: say why. */
		hd_msg(top, "%s", list.reason ? list.reason : "not collected");
		hd_ev_str(top, list_key, NULL, list.source);
		return HD_ERROR;
	}
	if (skipped > 0)
		hd_ev_int(top, "objects_out_of_scope", (int64_t)skipped, "profile");
	summarize(top, kind);
	if (n == 0 || n == skipped) {
		hd_msg(top, n ? "no %ss in the profile's scope" : "no %ss on this host",
		    hd_object_kind_name(kind));
		return HD_NOTAPPLICABLE;
	}
	return hd_finding_children_status(top, HD_NOTAPPLICABLE);
}

/* Evaluate one check into r (a per-object check's objects are already
 * evaluated: run_kind()). */
static void
evaluate(struct hd_result *r, const struct hd_ctx *ctx, struct hd_results *res)
{
	const struct hd_check *c = ctx->check;
	struct hd_gate g;

	switch (scope_of(ctx->opts, c)) {
	case HD_SCOPE_HOST:
		if ((c->flags & HD_CHECK_DOCKERD) && hd_dockerd_gate(&g, ctx->snap)) {
			hd_msg(&r->top, "%s: this check of dockerd does not apply",
			    g.reason);
			hd_ev(&r->top, g.field, json_object_get(g.value), g.fact);
			if (g.detail != NULL)
				hd_ev_str(&r->top, "why", g.detail, g.fact);
			hd_gate_clear(&g);
			r->status = HD_NOTAPPLICABLE;
			break;
		}
		r->status = c->host(ctx, &r->top);
		if (remote_gate(ctx, &r->top))
			r->status = HD_NOTAPPLICABLE;
		if (r->top.message == NULL && r->top.nchildren > 0)
			summarize(&r->top, r->top.children[0].kind);
		break;
	case HD_SCOPE_CONTAINER:
		r->status = finish_objects(ctx, HD_OBJ_CONTAINER,
		    HD_F_ENGINE_CONTAINERS, &r->top);
		break;
	case HD_SCOPE_IMAGE:
		r->status = finish_objects(ctx, HD_OBJ_IMAGE, HD_F_ENGINE_IMAGES,
		    &r->top);
		break;
	}
	/* Every object was judged on this host's facts: say it once on top. */
	if (scope_of(ctx->opts, c) != HD_SCOPE_HOST && all_remote(&r->top))
		hd_msg(&r->top, "%s", HD_REMOTE_REASON);
	/* A check that failed objects but forgot to say so still fails. */
	if (r->top.nchildren > 0 && r->status == HD_PASS)
		r->status = hd_finding_children_status(&r->top, HD_PASS);
	r->top.status = r->status;
	apply_waivers(r, ctx, res);
	r->top.status = r->status;
	/* A per-object check's children got theirs in run_object(). */
	add_digests(&r->top, ctx->snap, scope_of(ctx->opts, c) == HD_SCOPE_HOST);
}

int
hd_score(const size_t by_status[HD_STATUS__COUNT])
{
	size_t pass = by_status[HD_PASS];
	size_t bad = by_status[HD_FAIL] + by_status[HD_ERROR];

	/* Nothing decided, nothing to score: not 100 %. */
	return pass + bad == 0 ? -1 : (int)(100 * pass / (pass + bad));
}

/* The severity of recommendation r: its control's, or the last of the
 * options' overrides that matches it. */
static enum hd_severity
severity_of(const struct hd_rule *r, const struct hd_scan_opts *o)
{
	enum hd_severity sev = r->control->severity;

	for (size_t i = 0; i < o->nseverities; i++)
		if (hd_rule_matches(o->severities[i].check, r))
			sev = o->severities[i].severity;
	return sev;
}

/* Counts and score per section, in the pack's order. */
static void
count_sections(struct hd_results *res)
{
	res->sections = hd_xcalloc(res->count + 1, sizeof(*res->sections));
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];
		struct hd_section_stats *sec = NULL;

		for (size_t k = res->nsections; k-- > 0 && sec == NULL;)
			if (strcmp(res->sections[k].name, r->rule->section) == 0)
				sec = &res->sections[k];
		if (sec == NULL) {
			sec = &res->sections[res->nsections++];
			sec->name = r->rule->section;
		}
		sec->count++;
		sec->by_status[r->status]++;
	}
	for (size_t k = 0; k < res->nsections; k++)
		res->sections[k].score = hd_score(res->sections[k].by_status);
}

static void tally(struct hd_results *res);

/* Evaluate the selected host checks of res (when host) and conclude the
 * per-object ones (when objects), in pack order; each item gets its
 * remediation and one progress report. */
static void
conclude(struct hd_results *res, const struct hd_snapshot *s,
    const struct hd_scan_opts *o, bool host, bool objects, size_t *done)
{
	/* Read once: each lookup is a fact's parse (5% of a watch update). */
	const char *remote = hd_snapshot_remote(s);

	for (size_t i = 0; i < res->count; i++) {
		struct hd_result *item = &res->items[i];
		bool host_read = false;
		struct hd_ctx ctx = { s, o, item->check, item->rule, remote,
		    &host_read };

		if (!(scope_of(o, item->check) == HD_SCOPE_HOST ? host : objects))
			continue;
		if (item->status != HD_NOTSELECTED)
			evaluate(item, &ctx, res);
		remediate(item, o);
		if (o->progress != NULL)
			o->progress(o->progress_arg, ++*done, res->count);
	}
}

int
hd_scan_run(struct hd_results **out, const struct hd_snapshot *s,
    const struct hd_scan_opts *o)
{
	const struct hd_pack *pack = opts_pack(o);
	struct hd_results *res;
	size_t n = pack->nrules, done = 0;
	int r;

	*out = NULL;
	if ((r = hd_scan_opts_validate(o)) < 0)
		return r;
	res = hd_xcalloc(1, sizeof(*res));
	if (o->today)
		snprintf(res->today, sizeof(res->today), "%s", o->today);
	else
		today_utc(res->today, sizeof(res->today));
	res->warn_expiry_days = o->warn_expiry_days;
	res->pack = pack;
	res->items = hd_xcalloc(n, sizeof(*res->items));
	res->count = n;
	init_waivers(res, o);
	for (size_t i = 0; i < n; i++) {
		struct hd_result *item = &res->items[i];

		item->rule = &pack->rules[i];
		item->check = item->rule->control;
		item->severity = severity_of(item->rule, o);
		item->top.kind = HD_OBJ_HOST;
		if (!selected(o, item->rule) ||
		    (o->images && !judges_images(o, item->check)))
			item->status = item->top.status = HD_NOTSELECTED;
	}
	/* Consuming, host checks go first: they may read any object. */
	if (o->consume == s)
		conclude(res, s, o, true, false, &done);
	run_kind(res, s, o, HD_SCOPE_CONTAINER);
	run_kind(res, s, o, HD_SCOPE_IMAGE);
	/* Images a container check looked up are no longer needed. */
	for (size_t i = 0; i < hd_snapshot_count(s, HD_OBJ_IMAGE); i++)
		hd_snapshot_release(s, HD_OBJ_IMAGE, i);
	conclude(res, s, o, o->consume != s, true, &done);
	tally(res);
	*out = res;
	return HD_OK;
}

/* Counts, score and per-section figures of res from its results. */
static void
tally(struct hd_results *res)
{
	memset(res->by_status, 0, sizeof(res->by_status));
	for (size_t i = 0; i < res->count; i++)
		res->by_status[res->items[i].status]++;
	res->score = hd_score(res->by_status);
	free(res->sections);
	res->sections = NULL;
	res->nsections = 0;
	count_sections(res);
}

/* Drop the child finding of r about object id, if any. */
static void
drop_child(struct hd_result *r, const char *id)
{
	struct hd_finding *top = &r->top;

	for (size_t k = 0; k < top->nchildren; k++) {
		if (strcmp(top->children[k].object_id, id) != 0)
			continue;
		hd_finding_clear(&top->children[k]);
		memmove(&top->children[k], &top->children[k + 1],
		    (top->nchildren - k - 1) * sizeof(*top->children));
		top->nchildren--;
		return;
	}
}

/* The top message and evidence of r go; its children stay. */
static void
reset_top(struct hd_result *r)
{
	hd_finding_clear_top(&r->top);
	free(r->top.waiver);
	r->top.waiver = NULL;
}

void
hd_scan_update_object(struct hd_results *res, const struct hd_snapshot *s,
    const struct hd_scan_opts *o, enum hd_object_kind kind, const char *id)
{
	enum hd_scope scope = kind == HD_OBJ_CONTAINER ? HD_SCOPE_CONTAINER :
	    HD_SCOPE_IMAGE;
	const char *remote = hd_snapshot_remote(s);
	struct hd_object obj;
	bool present;
	size_t idx = 0;

	present = hd_snapshot_find(&idx, s, kind, id);
	if (present)
		hd_snapshot_object(&obj, s, kind, idx);
	present = present && object_in_scope(o, &obj);
	for (size_t i = 0; i < res->count; i++) {
		struct hd_result *r = &res->items[i];
		bool host_read = false;
		struct hd_ctx ctx = { s, o, r->check, r->rule, remote, &host_read };
		struct hd_fact list;

		if (scope_of(o, r->check) != scope || r->status == HD_NOTSELECTED)
			continue;
		drop_child(r, id);
		hd_snapshot_fact(&list, s, scope == HD_SCOPE_CONTAINER ?
		    HD_F_ENGINE_CONTAINERS : HD_F_ENGINE_IMAGES);
		if (present && list.state == HD_FACT_VALUE)
			run_object(r, s, o, &obj, res, remote);
		reset_top(r);
		evaluate(r, &ctx, res);
		remediate(r, o);
	}
	if (hd_snapshot_find(&idx, s, kind, id))
		hd_snapshot_release(s, kind, idx);
	tally(res);
}

void
hd_results_free(struct hd_results *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->count; i++) {
		hd_finding_clear(&r->items[i].top);
		free(r->items[i].remediation);
	}
	free(r->items);
	free(r->sections);
	free(r->waivers);
	free(r);
}

bool
hd_result_inherited(const struct hd_result *r)
{
	size_t failing = 0;

	if (r->top.nchildren == 0)
		return r->top.status == HD_FAIL && r->top.inherited;
	for (size_t i = 0; i < r->top.nchildren; i++) {
		const struct hd_finding *c = &r->top.children[i];

		if (c->status != HD_FAIL)
			continue;
		if (!c->inherited)
			return false;
		failing++;
	}
	return failing > 0;
}

bool
hd_results_failed_at(const struct hd_results *r, enum hd_severity min,
    bool ignore_inherited)
{
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].status == HD_FAIL && r->items[i].severity >= min &&
		    !(ignore_inherited && hd_result_inherited(&r->items[i])))
			return true;
	return false;
}
