/* The JSON evidence report, schema HD_REPORT_SCHEMA_VERSION (see
 * man/hardock-json.5). json-c escapes every string it writes. */
#include <string.h>

#include <hardock/profile.h>
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
		if (e->sha256)
			json_object_object_add(o, "sha256",
			    json_object_new_string(e->sha256));
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
	/* Schema 1.3: only when true, so other findings keep their bytes. */
	if (f->inherited)
		json_object_object_add(o, "inherited", json_object_new_boolean(true));
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
	    json_object_new_string(hd_severity_name(r->severity)));
	if (r->severity != c->severity)
		json_object_object_add(o, "control_severity",
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

/* {"pass": n, ...} for every status. */
static json_object *
counts_json(const size_t by_status[HD_STATUS__COUNT])
{
	json_object *counts = json_object_new_object();

	for (int st = 0; st < HD_STATUS__COUNT; st++)
		json_object_object_add(counts, hd_status_name(st),
		    json_object_new_int64((int64_t)by_status[st]));
	return counts;
}

/* The summary: counts, score, and both per section. */
static json_object *
summary_json(const struct hd_results *res)
{
	json_object *o = json_object_new_object(), *secs = json_object_new_array();

	json_object_object_add(o, "counts", counts_json(res->by_status));
	json_object_object_add(o, "total", json_object_new_int64((int64_t)res->count));
	json_object_object_add(o, "score", res->score < 0 ? NULL :
	    json_object_new_int(res->score));
	json_object_object_add(o, "score_formula", json_object_new_string(
	    "floor(100 * pass / (pass + fail + error)); null when that sum is 0"));
	for (size_t i = 0; i < res->nsections; i++) {
		const struct hd_section_stats *sec = &res->sections[i];
		json_object *so = json_object_new_object();

		json_object_object_add(so, "name", json_object_new_string(sec->name));
		json_object_object_add(so, "total",
		    json_object_new_int64((int64_t)sec->count));
		json_object_object_add(so, "counts", counts_json(sec->by_status));
		json_object_object_add(so, "score", sec->score < 0 ? NULL :
		    json_object_new_int(sec->score));
		json_object_array_add(secs, so);
	}
	json_object_object_add(o, "sections", secs);
	return o;
}

/* The profile files read, the profile first, then what it extends. */
static json_object *
profile_files_json(const struct hd_profile *p)
{
	json_object *arr = json_object_new_array();

	for (; p; p = hd_profile_parent(p)) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "name",
		    json_object_new_string(hd_profile_name(p)));
		json_object_object_add(o, "path",
		    json_object_new_string(hd_profile_origin(p)));
		json_object_object_add(o, "sha256",
		    json_object_new_string(hd_profile_sha256(p)));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* Every waiver with how the scan used it. */
static json_object *
waivers_json(const struct hd_results *res)
{
	static const char *const states[] = { "active", "expiring", "expired" };
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < res->nwaivers; i++) {
		const struct hd_waiver_use *u = &res->waivers[i];
		const struct hd_waiver *w = &u->waiver;
		json_object *o = json_object_new_object(), *objs;

		json_object_object_add(o, "check", json_object_new_string(w->check));
		objs = json_object_new_array();
		for (size_t k = 0; k < w->nobjects; k++)
			json_object_array_add(objs, json_object_new_string(w->objects[k]));
		json_object_object_add(o, "objects", objs);
		json_object_object_add(o, "justification",
		    str_or_null(w->justification));
		json_object_object_add(o, "approved_by", str_or_null(w->approved_by));
		json_object_object_add(o, "expires", str_or_null(w->expires));
		json_object_object_add(o, "ticket", str_or_null(w->ticket));
		json_object_object_add(o, "where", str_or_null(w->where));
		json_object_object_add(o, "state",
		    json_object_new_string(states[u->state]));
		json_object_object_add(o, "days_left",
		    json_object_new_int64(u->days_left));
		json_object_object_add(o, "matched",
		    json_object_new_int64((int64_t)u->matched));
		json_object_object_add(o, "stale",
		    json_object_new_boolean(hd_waiver_stale(u)));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The warnings every format carries (stale, expiring, expired waivers). */
static json_object *
warnings_json(const struct hd_results *res)
{
	json_object *arr = json_object_new_array();
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, res);

	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "kind",
		    json_object_new_string(hd_warning_kind_name(w[i].kind)));
		json_object_object_add(o, "check",
		    json_object_new_string(w[i].use->waiver.check));
		json_object_object_add(o, "where", str_or_null(w[i].use->waiver.where));
		json_object_object_add(o, "message",
		    json_object_new_string(w[i].message));
		json_object_array_add(arr, o);
	}
	hd_warnings_free(w, n);
	return arr;
}

/* The document without its results: everything but the per-check part. */
static json_object *
report_head(const struct hd_report *rep)
{
	json_object *doc = json_object_new_object(), *o;
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
	json_object_object_add(doc, "profile_sha256", rep->profile_file ?
	    json_object_new_string(hd_profile_sha256(rep->profile_file)) : NULL);
	json_object_object_add(doc, "profile_files",
	    profile_files_json(rep->profile_file));
	json_object_object_add(doc, "waivers_as_of",
	    json_object_new_string(res->today));
	json_object_object_add(doc, "summary", summary_json(res));
	json_object_object_add(doc, "waivers", waivers_json(res));
	json_object_object_add(doc, "warnings", warnings_json(res));
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
		hd_fputs_indented(out, json_object_to_json_string_ext(r, JSON_FLAGS), 4);
		json_object_put(r);
	}
	fputs("\n  ]\n}\n", out);
	return ferror(out) ? HD_EIO : HD_OK;
}
