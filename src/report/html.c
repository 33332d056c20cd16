/* A self-contained HTML page: header cards, an inline SVG chart of the
 * score and counts per section, the failures by severity, then every
 * check expandable and filterable (html_results.c). Every string goes
 * through hd_fputs_xml; the page loads nothing from anywhere, and its
 * Content-Security-Policy allows only its own style and script, by hash. */
#include <stdlib.h>
#include <string.h>

#include <hardock/digest.h>
#include <hardock/profile.h>

#include "report/html.h"
#include "report/reporters.h"

#define X(s) hd_fputs_xml(out, (s) ? (s) : "")

/* Chart geometry (SVG user units). */
#define CH_W 960
#define CH_ROW 24
#define CH_LABEL 330
#define CH_SCORE_X 340
#define CH_SCORE_W 220
#define CH_COUNT_X 620
#define CH_COUNT_W 330

/* Colours of the statuses in the chart, as the stylesheet has them. */
static const char *const colors[HD_STATUS__COUNT] = {
	[HD_PASS] = "#1b7f3b", [HD_FAIL] = "#b3261e", [HD_MANUAL] = "#1f5fb3",
	[HD_NOTAPPLICABLE] = "#bbbbbb", [HD_ERROR] = "#7b1fa2",
	[HD_WAIVED] = "#00796b", [HD_NOTSELECTED] = "#eeeeee",
};

/* A host block member as text, NULL when null or missing. */
static const char *
host_str(json_object *h, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(h, key, &v) && v ?
	    json_object_get_string(v) : NULL;
}

/* One header card. */
static void
card(FILE *out, const char *title, const char *value, const char *small1,
    const char *small2)
{
	fprintf(out, "<div class=\"card\"><h2>%s</h2><div class=\"v\">", title);
	X(value ? value : "unknown");
	fputs("</div>", out);
	if (small1) {
		fputs("<small>", out);
		X(small1);
		fputs("</small>", out);
	}
	if (small2) {
		fputs("<small>", out);
		X(small2);
		fputs("</small>", out);
	}
	fputs("</div>", out);
}

/* The header cards: host, engine, benchmark, profile, times, score. */
static void
cards(FILE *out, const struct hd_report *rep, json_object *h)
{
	const struct hd_results *res = rep->results;
	char *bench = hd_xasprintf("%s %s", res->pack->title, res->pack->version);
	char *engine = hd_xasprintf("%s %s", host_str(h, "engine") ?
	    host_str(h, "engine") : "engine", host_str(h, "docker_version") ?
	    host_str(h, "docker_version") : "not reached");
	char *sha = rep->profile_file ? hd_xasprintf("sha256 %.16s…",
	    hd_profile_sha256(rep->profile_file)) : NULL;
	char *counts = hd_xasprintf("%zu pass, %zu fail, %zu error, %zu manual, "
	    "%zu waived", res->by_status[HD_PASS], res->by_status[HD_FAIL],
	    res->by_status[HD_ERROR], res->by_status[HD_MANUAL],
	    res->by_status[HD_WAIVED]);
	char *evaluated = hd_xasprintf("evaluated %s", rep->started_at);

	fputs("<div class=\"cards\" id=\"summary\">", out);
	card(out, "Host", host_str(h, "hostname"), host_str(h, "os"),
	    host_str(h, "kernel"));
	card(out, "Engine", engine, host_str(h, "engine_error") ?
	    host_str(h, "engine_error") : host_str(h, "engine_url"),
	    host_str(h, "api_version"));
	card(out, "Benchmark", bench, res->pack->name, NULL);
	card(out, "Profile", rep->profile, rep->profile_file ?
	    hd_profile_origin(rep->profile_file) : NULL, sha);
	card(out, "Collected", rep->collected_at, evaluated, NULL);
	fputs("<div class=\"card\"><h2>Score</h2><div class=\"big\" id=\"score\">",
	    out);
	if (res->score < 0)
		fputs("n/a</div><small>not computable: nothing passed, failed or "
		    "errored</small>", out);
	else
		fprintf(out, "%d%%</div><small>pass / (pass + fail + error)</small>",
		    res->score);
	fputs("<small>", out);
	X(counts);
	fputs("</small></div></div>\n", out);
	free(bench);
	free(engine);
	free(sha);
	free(counts);
	free(evaluated);
}

/* Stale, expiring and expired waivers, above everything else. */
static void
warnings(FILE *out, const struct hd_results *res)
{
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, res);

	if (n > 0)
		fputs("<div class=\"warn\" id=\"warnings\"><b>Warnings</b><ul>", out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "<li><b>%s</b>: ", w[i].kind == HD_WARN_STALE ?
		    "stale waiver" : w[i].kind == HD_WARN_EXPIRED ?
		    "expired waiver" : "waiver expiring");
		X(w[i].message);
		fputs("</li>", out);
	}
	if (n > 0)
		fputs("</ul></div>\n", out);
	hd_warnings_free(w, n);
}

/* One chart row: label, score bar, counts as a stacked bar. */
static void
chart_row(FILE *out, int y, const char *name, int score, const size_t *by,
    size_t total)
{
	static const enum hd_status order[] = { HD_PASS, HD_FAIL, HD_ERROR,
		HD_WAIVED, HD_MANUAL, HD_NOTAPPLICABLE };
	double x = CH_COUNT_X;

	fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", CH_LABEL,
	    y + 16);
	X(name);
	fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" "
	    "fill=\"#eeeeee\"/>", CH_SCORE_X, y + 4, CH_SCORE_W);
	if (score >= 0)
		fprintf(out, "<rect class=\"score\" x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"16\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%d%%</text>",
		    CH_SCORE_X, y + 4, CH_SCORE_W * score / 100, score >= 80 ?
		    colors[HD_PASS] : score >= 50 ? "#c77c02" : colors[HD_FAIL],
		    CH_SCORE_X + CH_SCORE_W + 6, y + 16, score);
	else
		fprintf(out, "<text x=\"%d\" y=\"%d\">n/a</text>",
		    CH_SCORE_X + CH_SCORE_W + 6, y + 16);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && total; i++) {
		double w = (double)CH_COUNT_W * (double)by[order[i]] / (double)total;

		if (by[order[i]] == 0)
			continue;
		fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" "
		    "fill=\"%s\"><title>%zu %s</title></rect>", x, y + 4, w,
		    colors[order[i]], by[order[i]], hd_status_name(order[i]));
		x += w;
	}
}

/* The inline SVG chart: the overall score and each section's, with the
 * counts of each status beside. */
static void
chart(FILE *out, const struct hd_results *res)
{
	size_t rows = 1;
	int y = 0;

	for (size_t i = 0; i < res->nsections; i++)
		rows += res->sections[i].count != res->sections[i].by_status[HD_NOTSELECTED];
	fprintf(out, "<section><h2>Score and results by section</h2>"
	    "<svg id=\"chart\" role=\"img\" aria-label=\"score and results by "
	    "section\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" "
	    "viewBox=\"0 0 %d %zu\"><text x=\"%d\" y=\"14\">score</text>"
	    "<text x=\"%d\" y=\"14\">results (pass, fail, error, waived, manual, "
	    "n/a)</text>", CH_W, (rows + 1) * CH_ROW, CH_SCORE_X, CH_COUNT_X);
	y = CH_ROW;
	chart_row(out, y, "Overall", res->score, res->by_status,
	    res->count - res->by_status[HD_NOTSELECTED]);
	for (size_t i = 0; i < res->nsections; i++) {
		const struct hd_section_stats *s = &res->sections[i];

		if (s->count == s->by_status[HD_NOTSELECTED])
			continue;
		y += CH_ROW;
		chart_row(out, y, s->name, s->score, s->by_status,
		    s->count - s->by_status[HD_NOTSELECTED]);
	}
	fputs("</svg></section>\n", out);
}

/* Every failed check, most severe first, with its one-line fix. */
static void
failures(FILE *out, const struct hd_results *res)
{
	size_t *idx = NULL, n = hd_report_top_failures(&idx, res, 0);

	fprintf(out, "<section><h2>Failures by severity (%zu)</h2>", n);
	if (n == 0)
		fputs("<p>No check failed.</p>", out);
	else
		fputs("<table id=\"failures\"><tr><th>severity</th><th>check</th>"
		    "<th>title</th><th>objects</th><th>fix</th></tr>", out);
	for (size_t i = 0; i < n; i++) {
		const struct hd_result *r = &res->items[idx[i]];
		char *fix = hd_first_sentence(r->remediation);

		fprintf(out, "<tr><td><span class=\"sev %s\">%s</span></td>"
		    "<td class=\"id\"><a href=\"#r-", hd_severity_name(r->severity),
		    hd_severity_name(r->severity));
		X(r->rule->id);
		fputs("\">", out);
		X(r->rule->id);
		fputs("</a></td><td>", out);
		X(r->rule->title);
		fputs("</td><td>", out);
		if (r->top.nchildren)
			fprintf(out, "%zu of %zu", hd_result_count(r, HD_FAIL),
			    (size_t)r->top.nchildren);
		fputs("</td><td>", out);
		X(fix);
		fputs("</td></tr>", out);
		free(fix);
	}
	if (n > 0)
		fputs("</table>", out);
	fputs("</section>\n", out);
	free(idx);
}

int
hd_render_html(FILE *out, const struct hd_report *rep)
{
	json_object *host = hd_report_host_block(rep->snapshot);
	char css[45], js[45];

	hd_sha256_base64(css, hd_html_css, strlen(hd_html_css));
	hd_sha256_base64(js, hd_html_js, strlen(hd_html_js));
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	    "'none'; style-src 'sha256-%s'; script-src 'sha256-%s'; img-src "
	    "data:; form-action 'none'; base-uri 'none'\">"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	    "<meta name=\"generator\" content=\"hardock %s\"><title>hardock report: ",
	    css, js, HARDOCK_VERSION);
	X(host_str(host, "hostname"));
	fprintf(out, "</title><style>%s</style></head><body>\n<header><h1>hardock "
	    "report: ", hd_html_css);
	X(host_str(host, "hostname"));
	fputs("</h1>", out);
	cards(out, rep, host);
	fputs("</header><main>\n<section>", out);
	warnings(out, rep->results);
	fputs("</section>\n", out);
	chart(out, rep->results);
	failures(out, rep->results);
	hd_html_results(out, rep);
	fprintf(out, "</main><footer>hardock %s &middot; schema %s &middot; the "
	    "JSON report (-o json:FILE) holds every object and all evidence."
	    "</footer>\n<script>%s</script></body></html>\n", HARDOCK_VERSION,
	    HD_REPORT_SCHEMA_VERSION, hd_html_js);
	json_object_put(host);
	return ferror(out) ? HD_EIO : HD_OK;
}
