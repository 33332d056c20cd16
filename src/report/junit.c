/* JUnit XML: a testsuite per section, a testcase per check, so CI systems
 * show hardock results like test results. fail -> <failure>, error ->
 * <error>, anything but pass -> <skipped> with the reason. */
#include <string.h>

#include <hardock/report.h>

#include "report/reporters.h"

/* The findings of r as text lines, for a failure or error body. */
static void
body(FILE *out, const struct hd_result *r)
{
	if (r->top.message) {
		hd_fputs_xml(out, r->top.message);
		fputc('\n', out);
	}
	for (size_t k = 0; k < r->top.nchildren; k++) {
		const struct hd_finding *f = &r->top.children[k];

		if (f->status == HD_PASS || f->status == HD_NOTAPPLICABLE)
			continue;
		fprintf(out, "%s %s ", hd_status_name(f->status),
		    hd_object_kind_name(f->kind));
		hd_fputs_xml(out, f->object_name && f->object_name[0] ?
		    f->object_name : f->object_id);
		if (f->inherited)
			fputs(" (inherited from the base image)", out);
		fputs(": ", out);
		hd_fputs_xml(out, f->message ? f->message : "");
		fputc('\n', out);
	}
}

/* One <testcase>. */
static void
testcase(FILE *out, const struct hd_result *r)
{
	fputs("    <testcase classname=\"", out);
	hd_fputs_xml(out, r->rule->section);
	fputs("\" name=\"", out);
	hd_fputs_xml(out, r->rule->id);
	fputc(' ', out);
	hd_fputs_xml(out, r->rule->title);
	fputs("\">\n", out);
	/* A failure only the base image causes, for CI systems that show
	 * properties. */
	if (r->status == HD_FAIL && hd_result_inherited(r))
		fputs("      <properties><property name=\"inherited\" "
		    "value=\"true\"/></properties>\n", out);
	switch (r->status) {
	case HD_PASS:
		break;
	case HD_FAIL:
	case HD_ERROR:
		fprintf(out, "      <%s type=\"%s\" message=\"",
		    r->status == HD_FAIL ? "failure" : "error",
		    hd_severity_name(r->severity));
		hd_fputs_xml(out, r->top.message ? r->top.message : "");
		fputs("\">", out);
		body(out, r);
		fprintf(out, "</%s>\n", r->status == HD_FAIL ? "failure" : "error");
		break;
	default:
		fprintf(out, "      <skipped message=\"%s", hd_status_name(r->status));
		if (r->top.message) {
			fputs(": ", out);
			hd_fputs_xml(out, r->top.message);
		}
		fputs("\"/>\n", out);
	}
	fputs("    </testcase>\n", out);
}

/* The warnings (stale, expiring, expired waivers) as a suite of skipped
 * testcases: shown by CI systems, not failing the build. */
static void
warnings(FILE *out, const struct hd_report *rep)
{
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, rep->results);

	if (n > 0)
		fprintf(out, "  <testsuite name=\"hardock warnings\" tests=\"%zu\" "
		    "failures=\"0\" errors=\"0\" skipped=\"%zu\" timestamp=\"%s\">\n",
		    n, n, rep->started_at);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "    <testcase classname=\"waivers\" name=\"%s ",
		    hd_warning_kind_name(w[i].kind));
		hd_fputs_xml(out, w[i].use->waiver.check);
		fputs("\">\n      <skipped message=\"", out);
		hd_fputs_xml(out, w[i].message);
		fputs("\"/>\n    </testcase>\n", out);
	}
	if (n > 0)
		fputs("  </testsuite>\n", out);
	hd_warnings_free(w, n);
}

int
hd_render_junit(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	size_t i = 0;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hardock\">\n",
	    out);
	while (i < res->count) {
		const char *section = res->items[i].rule->section;
		size_t end = i, counts[HD_STATUS__COUNT] = { 0 }, n = 0;

		while (end < res->count && strcmp(res->items[end].rule->section,
		    section) == 0) {
			if (res->items[end].status != HD_NOTSELECTED) {
				counts[res->items[end].status]++;
				n++;
			}
			end++;
		}
		if (n > 0) {
			fputs("  <testsuite name=\"", out);
			hd_fputs_xml(out, section);
			fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
			    "skipped=\"%zu\" timestamp=\"%s\">\n", n, counts[HD_FAIL],
			    counts[HD_ERROR], n - counts[HD_FAIL] - counts[HD_ERROR] -
			    counts[HD_PASS], rep->started_at);
			for (size_t k = i; k < end; k++)
				if (res->items[k].status != HD_NOTSELECTED)
					testcase(out, &res->items[k]);
			fputs("  </testsuite>\n", out);
		}
		i = end;
	}
	warnings(out, rep);
	fputs("</testsuites>\n", out);
	return ferror(out) ? HD_EIO : HD_OK;
}
