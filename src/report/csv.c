/* CSV: one row per finding (or per check without per-object findings), for
 * spreadsheets and ad-hoc filtering. */
#include <hardock/report.h>

#include "report/reporters.h"

/* Write one row. */
static void
row(FILE *out, const struct hd_result *r, const struct hd_finding *f)
{
	const struct hd_check *c = r->check;
	const char *cells[] = {
		r->rule->id, c->key, r->rule->section,
		r->rule->level == 1 ? "1" : "2",
		hd_severity_name(c->severity), hd_status_name(f->status),
		f == &r->top ? "" : hd_object_kind_name(f->kind),
		f->object_id ? f->object_id : "", f->object_name ? f->object_name : "",
		f->message ? f->message : "", r->rule->title,
	};

	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		if (i)
			fputc(',', out);
		hd_fputs_csv(out, cells[i]);
	}
	fputs("\r\n", out);
}

int
hd_render_csv(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;

	fputs("id,control,section,level,severity,status,object_kind,object_id,"
	    "object_name,message,title\r\n", out);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];

		if (r->status == HD_NOTSELECTED)
			continue;
		if (r->top.nchildren == 0)
			row(out, r, &r->top);
		for (size_t k = 0; k < r->top.nchildren; k++)
			row(out, r, &r->top.children[k]);
	}
	return ferror(out) ? HD_EIO : HD_OK;
}
