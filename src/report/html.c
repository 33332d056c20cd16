/* A self-contained HTML page: summary, then one row per check with its
 * failing objects. Every string goes through hd_fputs_xml; the page loads
 * nothing from anywhere. */
#include <hardock/report.h>

#include "report/reporters.h"

/* <td>text</td> escaped. */
static void
cell(FILE *out, const char *s)
{
	fputs("<td>", out);
	hd_fputs_xml(out, s ? s : "");
	fputs("</td>", out);
}

/* The failing objects of r as a list inside one cell. */
static void
objects(FILE *out, const struct hd_result *r)
{
	fputs("<td><ul>", out);
	if (r->top.nchildren == 0 && r->status != HD_PASS && r->top.message) {
		fputs("<li>", out);
		hd_fputs_xml(out, r->top.message);
		fputs("</li>", out);
	}
	for (size_t k = 0; k < r->top.nchildren; k++) {
		const struct hd_finding *f = &r->top.children[k];

		if (f->status == HD_PASS || f->status == HD_NOTAPPLICABLE)
			continue;
		fprintf(out, "<li class=\"%s\">%s ", hd_status_name(f->status),
		    hd_object_kind_name(f->kind));
		hd_fputs_xml(out, f->object_name && f->object_name[0] ?
		    f->object_name : f->object_id);
		fputs(": ", out);
		hd_fputs_xml(out, f->message ? f->message : "");
		fputs("</li>", out);
	}
	fputs("</ul></td>", out);
}

int
hd_render_html(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	json_object *host = hd_report_host_block(rep->snapshot), *v;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'unsafe-inline'\">"
	    "<title>hardock report</title><style>"
	    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
	    "td,th{border:1px solid #ccc;padding:4px;vertical-align:top}"
	    ".fail{color:#b00}.error{color:#808}.pass{color:#070}"
	    "</style></head><body>\n<h1>hardock report</h1>\n<p>", out);
	if (json_object_object_get_ex(host, "hostname", &v) && v)
		hd_fputs_xml(out, json_object_get_string(v));
	fprintf(out, " &mdash; %s %s (%s) &mdash; started %s &mdash; profile ",
	    res->pack->title, res->pack->version, res->pack->name,
	    rep->started_at);
	hd_fputs_xml(out, rep->profile);
	if (res->score < 0)
		fputs("</p>\n<p>Score: <b>not computable</b> (nothing passed, "
		    "failed or errored)", out);
	else
		fprintf(out, "</p>\n<p>Score: <b>%d%%</b>", res->score);
	for (int st = 0; st < HD_STATUS__COUNT; st++)
		fprintf(out, " &middot; %zu %s", res->by_status[st], hd_status_name(st));
	fputs("</p>\n<table><tr><th>status</th><th>id</th><th>severity</th>"
	    "<th>title</th><th>objects and reasons</th><th>fix</th></tr>\n", out);
	for (size_t i = 0; i < res->count; i++) {
		const struct hd_result *r = &res->items[i];

		if (r->status == HD_NOTSELECTED)
			continue;
		fprintf(out, "<tr><td class=\"%s\">%s</td>", hd_status_name(r->status),
		    hd_status_name(r->status));
		cell(out, r->rule->id);
		cell(out, hd_severity_name(r->check->severity));
		cell(out, r->rule->title);
		objects(out, r);
		cell(out, r->status == HD_FAIL && r->remediation ? r->remediation : "");
		fputs("</tr>\n", out);
	}
	fputs("</table>\n</body></html>\n", out);
	json_object_put(host);
	return ferror(out) ? HD_EIO : HD_OK;
}
