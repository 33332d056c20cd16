/* CSV: one row per finding (or per check without per-object findings), for
 * spreadsheets and ad-hoc filtering; the last column says whether the
 * finding fails only through the base image (inherited). */
#include <hardock/report.h>

#include "report/reporters.h"

/* Write the cells of one row. */
static void
cells(FILE *out, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		hd_fputs_csv(out, v[i]);
	}
	fputs("\r\n", out);
}

/* Write one row. */
static void
row(FILE *out, const struct hd_result *r, const struct hd_finding *f)
{
	const struct hd_check *c = r->check;
	const char *v[] = {
		r->rule->id, c->key, r->rule->section,
		r->rule->level == 1 ? "1" : "2",
		hd_severity_name(r->severity), hd_status_name(f->status),
		f == &r->top ? "" : hd_object_kind_name(f->kind),
		f->object_id ? f->object_id : "", f->object_name ? f->object_name : "",
		f->message ? f->message : "", r->rule->title,
		f->inherited ? "true" : "false",
	};

	cells(out, v, sizeof(v) / sizeof(v[0]));
}

/* One row per warning (stale, expiring, expired waiver): status
 * "warning", object kind "waiver", its place in the profile as object id. */
static void
warning_rows(FILE *out, const struct hd_results *res)
{
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, res);

	for (size_t i = 0; i < n; i++) {
		const char *v[] = { w[i].use->waiver.check, "", "", "", "", "warning",
			"waiver", w[i].use->waiver.where ? w[i].use->waiver.where : "",
			"", w[i].message, hd_warning_kind_name(w[i].kind), "" };

		cells(out, v, sizeof(v) / sizeof(v[0]));
	}
	hd_warnings_free(w, n);
}

int
hd_render_csv(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;

	fputs("id,control,section,level,severity,status,object_kind,object_id,"
	    "object_name,message,title,inherited\r\n", out);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];

		if (r->status == HD_NOTSELECTED)
			continue;
		if (r->top.nchildren == 0)
			row(out, r, &r->top);
		for (size_t k = 0; k < r->top.nchildren; k++)
			row(out, r, &r->top.children[k]);
	}
	warning_rows(out, res);
	return ferror(out) ? HD_EIO : HD_OK;
}
