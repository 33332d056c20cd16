/* The JSON evidence report, schema HD_REPORT_SCHEMA_VERSION (see
 * man/hardock-json.5). json-c escapes every string it writes. */
#include <string.h>

#include <hardock/report.h>

#include "report/reporters.h"

static json_object *
str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

/* [{"field", "value", "source"}] of a finding. */
static json_object *
evidence_json(const struct hd_finding *f)
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < f->nevidence; i++) {
		const struct hd_evidence *e = &f->evidence[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "field", json_object_new_string(e->field));
		json_object_object_add(o, "value", json_object_get(e->value));
		json_object_object_add(o, "source", json_object_new_string(e->source));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* One per-object finding. */
json_object *
hd_report_finding_json(const struct hd_finding *f)
{
	json_object *o = json_object_new_object(), *obj = json_object_new_object();

	json_object_object_add(obj, "kind",
	    json_object_new_string(hd_object_kind_name(f->kind)));
	json_object_object_add(obj, "id", str_or_null(f->object_id));
	json_object_object_add(obj, "name", str_or_null(f->object_name));
	json_object_object_add(o, "object", obj);
	json_object_object_add(o, "status",
	    json_object_new_string(hd_status_name(f->status)));
	json_object_object_add(o, "message", str_or_null(f->message));
	json_object_object_add(o, "evidence", evidence_json(f));
	if (f->waiver)
		json_object_object_add(o, "waiver", json_object_new_string(f->waiver));
	return o;
}

static json_object *
result_json(const struct hd_result *r)
{
	const struct hd_check *c = r->check;
	json_object *o = json_object_new_object(), *findings;

	json_object_object_add(o, "id", json_object_new_string(r->rule->id));
	json_object_object_add(o, "control", json_object_new_string(c->key));
	json_object_object_add(o, "title", json_object_new_string(r->rule->title));
	json_object_object_add(o, "section",
	    json_object_new_string(r->rule->section));
	json_object_object_add(o, "level", json_object_new_int(r->rule->level));
	json_object_object_add(o, "severity",
	    json_object_new_string(hd_severity_name(c->severity)));
	json_object_object_add(o, "status",
	    json_object_new_string(hd_status_name(r->status)));
	json_object_object_add(o, "message", str_or_null(r->top.message));
	json_object_object_add(o, "evidence", evidence_json(&r->top));
	findings = json_object_new_array();
	for (size_t i = 0; i < r->top.nchildren; i++)
		json_object_array_add(findings,
		    hd_report_finding_json(&r->top.children[i]));
	json_object_object_add(o, "findings", findings);
	json_object_object_add(o, "remediation", str_or_null(r->remediation));
	return o;
}

/* The document without its results: everything but the per-check part. */
static json_object *
report_head(const struct hd_report *rep)
{
	json_object *doc = json_object_new_object(), *o, *counts;
	const struct hd_results *res = rep->results;

	json_object_object_add(doc, "schema_version",
	    json_object_new_string(HD_REPORT_SCHEMA_VERSION));
	o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string("hardock"));
	json_object_object_add(o, "version", json_object_new_string(HARDOCK_VERSION));
	if (rep->sandbox != NULL)
		json_object_object_add(o, "sandbox", hd_sandbox_json(rep->sandbox));
	json_object_object_add(doc, "tool", o);
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(res->pack->name));
	json_object_object_add(o, "name", json_object_new_string(res->pack->title));
	json_object_object_add(o, "version",
	    json_object_new_string(res->pack->version));
	json_object_object_add(doc, "benchmark", o);
	json_object_object_add(doc, "host", hd_report_host_block(rep->snapshot));
	json_object_object_add(doc, "collected_at", str_or_null(rep->collected_at));
	json_object_object_add(doc, "started_at", str_or_null(rep->started_at));
	json_object_object_add(doc, "finished_at", str_or_null(rep->finished_at));
	json_object_object_add(doc, "profile", str_or_null(rep->profile));
	o = json_object_new_object();
	counts = json_object_new_object();
	for (int st = 0; st < HD_STATUS__COUNT; st++)
		json_object_object_add(counts, hd_status_name(st),
		    json_object_new_int64((int64_t)res->by_status[st]));
	json_object_object_add(o, "counts", counts);
	json_object_object_add(o, "total", json_object_new_int64((int64_t)res->count));
	json_object_object_add(o, "score", res->score < 0 ? NULL :
	    json_object_new_int(res->score));
	json_object_object_add(doc, "summary", o);
	return doc;
}

json_object *
hd_report_json(const struct hd_report *rep)
{
	json_object *doc = report_head(rep), *results = json_object_new_array();

	for (size_t i = 0; i < rep->results->count; i++)
		json_object_array_add(results, result_json(&rep->results->items[i]));
	json_object_object_add(doc, "results", results);
	return doc;
}

#define JSON_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Write text with every line after the first indented by ind spaces,
 * a line at a time (a result of a thousand findings is megabytes). */
static void
put_indented(FILE *out, const char *text, int ind)
{
	for (const char *p = text, *nl; *p; p = nl) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		fwrite(p, 1, (size_t)(nl - p), out);
		if (nl[-1] == '\n')
			fprintf(out, "%*s", ind, "");
	}
}

/* Stream the report: the head, then one result at a time, so that memory
 * does not hold the whole document of a host with a thousand containers
 * (the same bytes as hd_report_json() would give, modulo indentation). */
int
hd_render_json(FILE *out, const struct hd_report *rep)
{
	json_object *head = report_head(rep);
	const char *text = json_object_to_json_string_ext(head, JSON_FLAGS);
	size_t n = strlen(text);

	/* The head without its closing brace, then "results". */
	while (n > 0 && text[n - 1] != '}')
		n--;
	fwrite(text, 1, n > 0 ? n - 1 : 0, out);
	json_object_put(head);
	fputs(",\n  \"results\": [", out);
	for (size_t i = 0; i < rep->results->count; i++) {
		json_object *r = result_json(&rep->results->items[i]);

		fputs(i ? ",\n    " : "\n    ", out);
		put_indented(out, json_object_to_json_string_ext(r, JSON_FLAGS), 4);
		json_object_put(r);
	}
	fputs("\n  ]\n}\n", out);
	return ferror(out) ? HD_EIO : HD_OK;
}
