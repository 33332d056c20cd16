/* What several reporters do the same way: failing objects grouped by
 * message, the top failures by severity, the warnings about waivers, and
 * the indented writing of streamed JSON pieces. */
#include <stdlib.h>
#include <string.h>

#include "report/reporters.h"

/* Order of statuses in groups: what needs action first. */
static int
group_rank(enum hd_status st)
{
	switch (st) {
	case HD_FAIL:
		return 0;
	case HD_ERROR:
		return 1;
	case HD_WAIVED:
		return 2;
	case HD_MANUAL:
		return 3;
	default:
		return 4;
	}
}

/* qsort context: the children being grouped (qsort has no argument). */
static _Thread_local const struct hd_finding *sort_kids;

/* Children by status, message, then their order in the result. */
static int
cmp_kids(const void *a, const void *b)
{
	const struct hd_finding *x = &sort_kids[*(const size_t *)a];
	const struct hd_finding *y = &sort_kids[*(const size_t *)b];
	int c = group_rank(x->status) - group_rank(y->status);

	if (c == 0)
		c = strcmp(x->message ? x->message : "", y->message ? y->message : "");
	if (c == 0)
		c = strcmp(x->waiver ? x->waiver : "", y->waiver ? y->waiver : "");
	if (c == 0)
		c = *(const size_t *)a < *(const size_t *)b ? -1 : 1;
	return c;
}

/* Groups by status, then the larger first, then the earlier first. */
static int
cmp_groups(const void *a, const void *b)
{
	const struct hd_group *x = a, *y = b;
	int c = group_rank(x->status) - group_rank(y->status);

	if (c == 0 && x->n != y->n)
		c = x->n > y->n ? -1 : 1;
	if (c == 0)
		c = x->items[0] < y->items[0] ? -1 : 1;
	return c;
}

void
hd_report_groups(struct hd_groups *out, const struct hd_result *r,
    unsigned mask)
{
	const struct hd_finding *kids = r->top.children;
	size_t *idx = hd_xcalloc(r->top.nchildren + 1, sizeof(*idx)), n = 0, ng = 0;
	struct hd_group *g = hd_xcalloc(r->top.nchildren + 1, sizeof(*g));

	for (size_t i = 0; i < r->top.nchildren; i++)
		if (mask & (1u << kids[i].status))
			idx[n++] = i;
	sort_kids = kids;
	qsort(idx, n, sizeof(*idx), cmp_kids);
	for (size_t i = 0; i < n; i++) {
		const struct hd_finding *f = &kids[idx[i]];
		const char *msg = f->message ? f->message : "";
		const char *why = f->waiver ? f->waiver : "";

		if (ng == 0 || g[ng - 1].status != f->status ||
		    strcmp(g[ng - 1].message, msg) != 0 ||
		    strcmp(g[ng - 1].waiver ? g[ng - 1].waiver : "", why) != 0) {
			g[ng].status = f->status;
			g[ng].message = msg;
			g[ng].waiver = f->waiver;
			g[ng].items = &idx[i];
			ng++;
		}
		g[ng - 1].n++;
	}
	qsort(g, ng, sizeof(*g), cmp_groups);
	out->v = g;
	out->n = ng;
	out->idx = idx;
}

void
hd_groups_release(struct hd_groups *g)
{
	free(g->v);
	free(g->idx);
	memset(g, 0, sizeof(*g));
}

size_t
hd_result_count(const struct hd_result *r, enum hd_status st)
{
	size_t n = 0;

	for (size_t i = 0; i < r->top.nchildren; i++)
		n += r->top.children[i].status == st;
	return n;
}

/* qsort context for the top failures. */
static _Thread_local const struct hd_results *sort_res;

/* Failed results: more severe first, then more failing objects, then
 * the pack's order. */
static int
cmp_failures(const void *a, const void *b)
{
	const struct hd_result *x = &sort_res->items[*(const size_t *)a];
	const struct hd_result *y = &sort_res->items[*(const size_t *)b];
	size_t nx = hd_result_count(x, HD_FAIL), ny = hd_result_count(y, HD_FAIL);

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (nx != ny)
		return nx > ny ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

size_t
hd_report_top_failures(size_t **out, const struct hd_results *res, size_t max)
{
	size_t *idx = hd_xcalloc(res->count + 1, sizeof(*idx)), n = 0;

	for (size_t i = 0; i < res->count; i++)
		if (res->items[i].status == HD_FAIL)
			idx[n++] = i;
	sort_res = res;
	qsort(idx, n, sizeof(*idx), cmp_failures);
	*out = idx;
	return max && n > max ? max : n;
}

char *
hd_first_sentence(const char *text)
{
	const char *p = text;

	if (text == NULL)
		return NULL;
	/* A sentence ends at ". " (not inside "e.g. " or "i.e. "). */
	while ((p = strstr(p, ". ")) != NULL) {
		if (!(p - text >= 3 && (strncmp(p - 3, "e.g", 3) == 0 ||
		    strncmp(p - 3, "i.e", 3) == 0)))
			return hd_xstrndup(text, (size_t)(p - text) + 1);
		p += 2;
	}
	return hd_xstrdup(text);
}

/* The waiver's check and objects for messages: "5.10 [name:a, name:b]". */
static char *
waiver_subject(const struct hd_waiver *w)
{
	char *s = hd_xstrdup(w->check);

	for (size_t i = 0; i < w->nobjects; i++) {
		char *t = hd_xasprintf("%s%s%s%s", s, i ? ", " : " [", w->objects[i],
		    i + 1 == w->nobjects ? "]" : "");

		free(s);
		s = t;
	}
	return s;
}

/* Add one warning to the growing array. */
static void
warn(struct hd_warning **v, size_t *n, enum hd_warning_kind kind,
    const struct hd_waiver_use *u, char *message)
{
	*v = hd_xrealloc(*v, *n + 1, sizeof(**v));
	(*v)[*n].kind = kind;
	(*v)[*n].use = u;
	(*v)[(*n)++].message = message;
}

size_t
hd_report_warnings(struct hd_warning **out, const struct hd_results *res)
{
	struct hd_warning *v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < res->nwaivers; i++) {
		const struct hd_waiver_use *u = &res->waivers[i];
		const struct hd_waiver *w = &u->waiver;
		char *subj = waiver_subject(w);
		const char *at = w->where ? w->where : "command line";

		if (u->state == HD_WAIVER_EXPIRED)
			warn(&v, &n, HD_WARN_EXPIRED, u, hd_xasprintf("%s: the waiver "
			    "for %s expired on %s, %ld day%s ago: %zu failure%s it "
			    "covered count%s again", at, subj, w->expires, -u->days_left,
			    u->days_left == -1 ? "" : "s", u->matched,
			    u->matched == 1 ? "" : "s", u->matched == 1 ? "s" : ""));
		else if (u->state == HD_WAIVER_EXPIRING && u->days_left == 0)
			warn(&v, &n, HD_WARN_EXPIRING, u, hd_xasprintf("%s: the waiver "
			    "for %s expires today (%s)", at, subj, w->expires));
		else if (u->state == HD_WAIVER_EXPIRING)
			warn(&v, &n, HD_WARN_EXPIRING, u, hd_xasprintf("%s: the waiver "
			    "for %s expires on %s, in %ld day%s", at, subj, w->expires,
			    u->days_left, u->days_left == 1 ? "" : "s"));
		if (hd_waiver_stale(u))
			warn(&v, &n, HD_WARN_STALE, u, hd_xasprintf("%s: the waiver for "
			    "%s is stale: it covers no failure in this scan (the check "
			    "passes, is not selected, or no object matches)", at, subj));
		free(subj);
	}
	*out = v;
	return n;
}

void
hd_warnings_free(struct hd_warning *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].message);
	free(w);
}

const char *
hd_warning_kind_name(enum hd_warning_kind k)
{
	static const char *const names[] = { "stale_waiver", "expiring_waiver",
		"expired_waiver" };

	return names[k];
}

void
hd_fputs_indented(FILE *out, const char *text, int ind)
{
	for (const char *p = text, *nl; *p; p = nl) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		fwrite(p, 1, (size_t)(nl - p), out);
		if (nl[-1] == '\n')
			fprintf(out, "%*s", ind, "");
	}
}
