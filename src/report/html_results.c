/* The HTML report's checks: filters, then a section per benchmark section
 * and an expandable <details> per check with its rationale, evidence,
 * fix and objects, grouped by message and paged (HD_HTML_PAGE rows shown,
 * the rest one click away), so 1,000 containers stay a light page. */
#include <stdlib.h>
#include <string.h>

#include "report/html.h"
#include "report/reporters.h"

#define X(s) hd_fputs_xml(out, (s) ? (s) : "")

void
hd_html_evidence(FILE *out, const struct hd_finding *f)
{
	if (f->nevidence == 0)
		return;
	fputs("<table class=\"ev\"><tr><th>observed</th><th>value</th>"
	    "<th>source</th></tr>", out);
	for (size_t i = 0; i < f->nevidence; i++) {
		const struct hd_evidence *e = &f->evidence[i];

		fputs("<tr><td class=\"mono\">", out);
		X(e->field);
		fputs("</td><td class=\"mono\">", out);
		X(e->value ? json_object_to_json_string_ext(e->value,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "null");
		fputs("</td><td class=\"mono\">", out);
		X(e->source);
		if (e->sha256) {
			fputs("<br>sha256 ", out);
			X(e->sha256);
		}
		fputs("</td></tr>", out);
	}
	fputs("</table>", out);
}

/* Whether source is the object's own inspect request ("GET
 * /containers/{id}/json", or with the id), which the table's header names
 * once, or empty. */
static bool
own_inspect(const struct hd_finding *f, const char *source)
{
	if (source[0] == '\0')
		return true;
	return strncmp(source, "GET ", 4) == 0 && (strstr(source, "/{id}/json") ||
	    (f->object_id && f->object_id[0] && strstr(source, f->object_id)));
}

/* One object's row: name (and id), its evidence in brief. */
static void
object_row(FILE *out, const struct hd_finding *f, bool paged)
{
	fprintf(out, "<tr class=\"o%s\"%s><td>", paged ? " pg" : "",
	    paged ? " hidden" : "");
	X(f->object_name && f->object_name[0] ? f->object_name : f->object_id);
	if (f->object_name && f->object_name[0] && f->object_id &&
	    strcmp(f->object_name, f->object_id) != 0) {
		fputs(" <span class=\"mono n\">", out);
		X(f->object_id);
		fputs("</span>", out);
	}
	if (f->inherited)
		fputs(" <span class=\"inh\" title=\"fails only through the base "
		    "image's layers or history\">inherited</span>", out);
	fputs("</td><td class=\"mono\">", out);
	for (size_t i = 0; i < f->nevidence && i < 4; i++) {
		if (i)
			fputs("<br>", out);
		X(f->evidence[i].field);
		fputs(" = ", out);
		X(f->evidence[i].value ? json_object_to_json_string_ext(
		    f->evidence[i].value, JSON_C_TO_STRING_PLAIN |
		    JSON_C_TO_STRING_NOSLASHESCAPE) : "null");
		if (own_inspect(f, f->evidence[i].source))
			continue;
		fputs(" <span class=\"n\">(", out);
		X(f->evidence[i].source);
		fputs(")</span>", out);
	}
	fputs("</td></tr>", out);
}

/* The objects of r that are not passing, grouped by message. */
static void
objects(FILE *out, const struct hd_result *r, size_t ri)
{
	unsigned mask = (1u << HD_FAIL) | (1u << HD_ERROR) | (1u << HD_WAIVED) |
	    (1u << HD_MANUAL);
	size_t npass = hd_result_count(r, HD_PASS), nna =
	    hd_result_count(r, HD_NOTAPPLICABLE);
	struct hd_groups gs;

	if (r->top.nchildren == 0)
		return;
	hd_report_groups(&gs, r, mask);
	fprintf(out, "<h4>Objects (%zu", (size_t)r->top.nchildren);
	if (npass || nna)
		fprintf(out, "; %zu pass, %zu not applicable, not listed", npass, nna);
	fputs(")</h4>", out);
	for (size_t g = 0; g < gs.n; g++) {
		const struct hd_group *gr = &gs.v[g];
		const struct hd_finding *first = &r->top.children[gr->items[0]];

		fprintf(out, "<p class=\"grp\"><span class=\"st %s\">%s</span> %zu "
		    "%s%s: ", hd_status_name(gr->status), hd_status_name(gr->status),
		    gr->n, hd_object_kind_name(first->kind), gr->n == 1 ? "" : "s");
		X(gr->message[0] ? gr->message : hd_status_name(gr->status));
		if (gr->waiver) {
			fputs(" <span class=\"n\">(waived: ", out);
			X(gr->waiver);
			fputs(")</span>", out);
		}
		fprintf(out, "</p><table id=\"t%zu-%zu\"><tr><th>object</th>"
		    "<th>observed (in its inspect document unless a source is named)</th>"
		    "</tr>", ri, g);
		for (size_t k = 0; k < gr->n; k++)
			object_row(out, &r->top.children[gr->items[k]],
			    k >= HD_HTML_PAGE);
		fputs("</table>", out);
		if (gr->n > HD_HTML_PAGE)
			fprintf(out, "<p class=\"more\" data-t=\"t%zu-%zu\" data-n=\"%zu\">"
			    "and %zu more %ss (all of them are in the JSON report)</p>",
			    ri, g, gr->n - HD_HTML_PAGE, gr->n - HD_HTML_PAGE,
			    hd_object_kind_name(first->kind));
	}
	hd_groups_release(&gs);
}

/* Text with its newlines as line breaks (references). */
static void
lines(FILE *out, const char *s)
{
	for (const char *p = s; p && *p;) {
		const char *nl = strchr(p, '\n');
		char *line = hd_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));

		X(line);
		free(line);
		if (!nl)
			break;
		fputs("<br>", out);
		p = nl + 1;
	}
}

/* One check: its summary line, and when opened everything about it. */
static void
result(FILE *out, const struct hd_result *r, size_t ri, size_t sec)
{
	const struct hd_check *c = r->check;
	size_t nfail = hd_result_count(r, HD_FAIL);
	bool inh = r->status == HD_FAIL && hd_result_inherited(r);

	fputs("<details class=\"r\" id=\"r-", out);
	X(r->rule->id);
	fprintf(out, "\" data-st=\"%s\" data-sev=\"%s\" data-sec=\"%zu\" "
	    "data-inh=\"%d\"><summary><span class=\"st %s\">%s</span> "
	    "<span class=\"id\">", hd_status_name(r->status),
	    hd_severity_name(r->severity), sec, inh, hd_status_name(r->status),
	    hd_status_name(r->status));
	X(r->rule->id);
	fputs("</span>", out);
	X(r->rule->title);
	fprintf(out, " <span class=\"sev %s\">%s</span>",
	    hd_severity_name(r->severity), hd_severity_name(r->severity));
	if (inh)
		fputs(" <span class=\"inh\">inherited</span>", out);
	if (r->top.nchildren > 0)
		fprintf(out, "<span class=\"n\">%zu of %zu %ss fail</span>", nfail,
		    (size_t)r->top.nchildren, hd_object_kind_name(r->top.children[0].kind));
	fputs("</summary><div class=\"body\">", out);
	if (r->top.message) {
		fputs("<p>", out);
		X(r->top.message);
		fputs("</p>", out);
	}
	if (r->top.waiver) {
		fputs("<p>Waived: ", out);
		X(r->top.waiver);
		fputs("</p>", out);
	}
	fputs("<p class=\"n\">control <code>", out);
	X(c->key);
	fprintf(out, "</code> &middot; level %d &middot; %s</p>", r->rule->level,
	    hd_audit_name(c->audit));
	fputs("<h4>Rationale</h4><p>", out);
	X(c->rationale);
	fputs("</p><h4>How hardock audits it</h4><p>", out);
	X(c->audit_text);
	fputs("</p>", out);
	if (r->top.nevidence) {
		fputs("<h4>Observed</h4>", out);
		hd_html_evidence(out, &r->top);
	}
	if (r->remediation) {
		fputs("<h4>Fix</h4><p class=\"fix\">", out);
		X(r->remediation);
		fputs("</p>", out);
	}
	objects(out, r, ri);
	if (c->references) {
		fputs("<h4>References</h4><p class=\"mono\">", out);
		lines(out, c->references);
		fputs("</p>", out);
	}
	fputs("</div></details>\n", out);
}

/* The filter form: status, severity, section, origin (the image's own
 * failures or the base image's), object name. */
static void
filters(FILE *out, const struct hd_results *res)
{
	fputs("<form id=\"filters\" class=\"noprint\"><fieldset><b>Status</b> ", out);
	for (int st = 0; st < HD_STATUS__COUNT; st++)
		if (st != HD_NOTSELECTED)
			fprintf(out, "<label><input type=\"checkbox\" name=\"st\" "
			    "value=\"%s\" checked> %s (%zu)</label>", hd_status_name(st),
			    hd_status_name(st), res->by_status[st]);
	fputs("</fieldset><fieldset><b>Severity</b> ", out);
	for (int sv = HD_SEV__COUNT - 1; sv >= 0; sv--)
		fprintf(out, "<label><input type=\"checkbox\" name=\"sev\" value=\"%s\" "
		    "checked> %s</label>", hd_severity_name(sv), hd_severity_name(sv));
	fputs("</fieldset><label><b>Section</b> <select name=\"sec\">"
	    "<option value=\"\">all</option>", out);
	for (size_t i = 0; i < res->nsections; i++) {
		fprintf(out, "<option value=\"%zu\">", i);
		X(res->sections[i].name);
		fputs("</option>", out);
	}
	fputs("</select></label><label><b>Origin</b> <select name=\"inh\">"
	    "<option value=\"\">all</option><option value=\"own\">not only "
	    "inherited</option><option value=\"inherited\">inherited from the "
	    "base image</option></select></label>", out);
	fputs("<label><b>Object</b> <input type=\"search\" "
	    "name=\"q\" placeholder=\"name or id contains\"></label>"
	    "<button type=\"button\" id=\"expand\">expand all</button>"
	    "<button type=\"button\" id=\"collapse\">collapse all</button>"
	    "<span id=\"shown\" class=\"n\"></span></form>\n", out);
}

void
hd_html_results(FILE *out, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;

	fputs("<section id=\"results\"><h2>All checks</h2>\n", out);
	filters(out, res);
	for (size_t s = 0; s < res->nsections; s++) {
		const struct hd_section_stats *sec = &res->sections[s];

		if (sec->count == sec->by_status[HD_NOTSELECTED])
			continue;
		fputs("<section class=\"sec\"><h3>", out);
		X(sec->name);
		fputs("</h3>\n", out);
		for (size_t i = 0; i < res->count; i++) {
			const struct hd_result *r = &res->items[i];

			if (r->status != HD_NOTSELECTED &&
			    strcmp(r->rule->section, sec->name) == 0)
				result(out, r, i, s);
		}
		fputs("</section>\n", out);
	}
	fputs("</section>\n", out);
}
