/* Prometheus text exposition format, for a node_exporter textfile
 * collector: one gauge per check status, per failing object, and the
 * score. */
#include <hardock/report.h>

#include "report/reporters.h"

/* One gauge per warning about a waiver, labelled with its kind, check,
 * objects and place in the profile. */
static void
warnings(FILE *out, const struct hd_results *res)
{
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, res);

	fputs("# HELP hardock_waiver_warning 1 for each waiver that is stale, "
	    "expiring or expired.\n# TYPE hardock_waiver_warning gauge\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct hd_waiver *wv = &w[i].use->waiver;

		fprintf(out, "hardock_waiver_warning{kind=\"%s\",check=\"",
		    hd_warning_kind_name(w[i].kind));
		hd_fputs_prom(out, wv->check);
		fputs("\",objects=\"", out);
		for (size_t k = 0; k < wv->nobjects; k++) {
			if (k)
				fputc(',', out);
			hd_fputs_prom(out, wv->objects[k]);
		}
		fputs("\",where=\"", out);
		hd_fputs_prom(out, wv->where ? wv->where : "");
		fprintf(out, "\",expires=\"%s\"} 1\n", wv->expires);
	}
	hd_warnings_free(w, n);
}

int
hd_render_prometheus(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;

	fputs("# HELP hardock_score 100 * pass / (pass + fail + error)\n"
	    "# TYPE hardock_score gauge\n", out);
	/* NaN when nothing was decided: a score of 100 would be a lie. */
	if (res->score < 0)
		fputs("hardock_score NaN\n", out);
	else
		fprintf(out, "hardock_score %d\n", res->score);
	fputs("# HELP hardock_results Checks per status.\n"
	    "# TYPE hardock_results gauge\n", out);
	for (int st = 0; st < HD_STATUS__COUNT; st++)
		fprintf(out, "hardock_results{status=\"%s\"} %zu\n", hd_status_name(st),
		    res->by_status[st]);
	fputs("# HELP hardock_check 1 for the status each check has.\n"
	    "# TYPE hardock_check gauge\n", out);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];

		if (r->status == HD_NOTSELECTED)
			continue;
		fputs("hardock_check{id=\"", out);
		hd_fputs_prom(out, r->rule->id);
		fputs("\",control=\"", out);
		hd_fputs_prom(out, r->check->key);
		fprintf(out, "\",severity=\"%s\",level=\"%d\",status=\"%s\"} 1\n",
		    hd_severity_name(r->severity), r->rule->level,
		    hd_status_name(r->status));
	}
	fputs("# HELP hardock_finding 1 for each object a check failed or could "
	    "not decide.\n# TYPE hardock_finding gauge\n", out);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];

		for (size_t k = 0; k < r->top.nchildren; k++) {
			const struct hd_finding *f = &r->top.children[k];

			if (f->status != HD_FAIL && f->status != HD_ERROR)
				continue;
			fputs("hardock_finding{id=\"", out);
			hd_fputs_prom(out, r->rule->id);
			fputs("\",control=\"", out);
			hd_fputs_prom(out, r->check->key);
			fprintf(out, "\",kind=\"%s\",object_id=\"",
			    hd_object_kind_name(f->kind));
			hd_fputs_prom(out, f->object_id);
			fputs("\",name=\"", out);
			hd_fputs_prom(out, f->object_name);
			fprintf(out, "\",status=\"%s\"} 1\n", hd_status_name(f->status));
		}
	}
	warnings(out, res);
	return ferror(out) ? HD_EIO : HD_OK;
}
