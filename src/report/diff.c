/* Comparing two JSON reports: what a nightly cron job wants to know. */
#include <stdlib.h>
#include <string.h>

#include <hardock/check.h>
#include <hardock/jsonparse.h>
#include <hardock/pack.h>
#include <hardock/report.h>

/* The loader is kept apart from reading the file, so it is fuzzed. */
/* Whether finding f is one hd_report_diff() compares: fail or error. */
static bool
is_bad(json_object *f)
{
	const char *st = NULL;

	return hd_get_str(NULL, f, "status", NULL, &st) == 0 && st != NULL &&
	    (strcmp(st, "fail") == 0 || strcmp(st, "error") == 0);
}

/* What hd_report_diff() reads of result r (stolen), as each is parsed
 * (hd_json_parse_member_map()): its id, control, title and status, and
 * its failing and undecided findings whole. A passing finding is most of
 * a report and never part of a diff: a thousand containers' reports took
 * 350 MB to compare as whole trees. */
static json_object *
keep_for_diff(void *arg, json_object *r)
{
	static const char *const keys[] = { "id", "control", "title", "status" };
	json_object *o, *v, *fs, *bad;

	(void)arg;
	if (!json_object_is_type(r, json_type_object))
		return r;
	o = json_object_new_object();
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_object_get_ex(r, keys[i], &v))
			json_object_object_add(o, keys[i], json_object_get(v));
	if (json_object_object_get_ex(r, "findings", &fs)) {
		if (json_object_is_type(fs, json_type_array)) {
			bad = json_object_new_array();
			for (size_t i = 0; i < json_object_array_length(fs); i++)
				if (is_bad(json_object_array_get_idx(fs, i)))
					json_object_array_add(bad, json_object_get(
					    json_object_array_get_idx(fs, i)));
		} else {
			bad = json_object_get(fs);
		}
		json_object_object_add(o, "findings", bad);
	}
	json_object_put(r);
	return o;
}

int
hd_report_parse(json_object **out, const char *data, size_t len)
{
	struct json_tokener *tok = hd_json_tokener_new();
	json_object *doc = NULL;
	int r;

	*out = NULL;
	r = hd_json_parse_member_map(&doc, tok, data, len, "results",
	    keep_for_diff, NULL);
	json_tokener_free(tok);
	if (r < 0)
		return r;
	if (!json_object_is_type(doc, json_type_object) ||
	    !json_object_object_get_ex(doc, "results", NULL)) {
		json_object_put(doc);
		return hd_error_set(HD_EPARSE, "not a hardock JSON report");
	}
	*out = doc;
	return HD_OK;
}

/* results[] of a report indexed by control key (stable across benchmark
 * versions): a new object {control: result}. A result without one (an
 * older report) is keyed by its id's control in the report's pack, else
 * by its id. */
static json_object *
index_results(json_object *report)
{
	json_object *idx = json_object_new_object(), *results = NULL;
	const struct hd_pack *p = hd_report_pack(report);

	if (hd_get_array(NULL, report, "results", &results) < 0 || results == NULL)
		return idx;
	for (size_t i = 0; i < json_object_array_length(results); i++) {
		json_object *r = json_object_array_get_idx(results, i);
		const char *id = NULL, *key;

		if (hd_get_str(NULL, r, "id", NULL, &id) < 0 || id == NULL)
			continue;
		if ((key = hd_report_result_control(r, p)) == NULL)
			key = id;
		json_object_object_add(idx, key, json_object_get(r));
	}
	return idx;
}

/* Findings of a result that are fail or error, keyed "kind:id". */
static json_object *
bad_findings(json_object *result)
{
	json_object *out = json_object_new_object(), *fs = NULL;

	if (result == NULL || hd_get_array(NULL, result, "findings", &fs) < 0 ||
	    fs == NULL)
		return out;
	for (size_t i = 0; i < json_object_array_length(fs); i++) {
		json_object *f = json_object_array_get_idx(fs, i);
		const char *kind = NULL, *id = NULL;
		char *key;

		if (!is_bad(f))
			continue;
		if (hd_get_str(NULL, f, "object.kind", "", &kind) < 0 ||
		    hd_get_str(NULL, f, "object.id", "", &id) < 0)
			continue;
		key = hd_xasprintf("%s:%s", kind, id);
		json_object_object_add(out, key, json_object_get(f));
		free(key);
	}
	return out;
}

/* Append {id, control, title, finding} for every key of a missing from b. */
static void
only_in(json_object *list, json_object *a, json_object *b, const char *id,
    const char *control, const char *title)
{
	json_object_object_foreach(a, key, f) {
		json_object *e;

		if (json_object_object_get_ex(b, key, NULL))
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "id", json_object_new_string(id));
		json_object_object_add(e, "control", json_object_new_string(control));
		json_object_object_add(e, "title", json_object_new_string(title));
		json_object_object_add(e, "finding", json_object_get(f));
		json_object_array_add(list, e);
	}
}

/* A string member of o, or "" . */
static const char *
str(json_object *o, const char *path)
{
	const char *v = NULL;

	return o && hd_get_str(NULL, o, path, "", &v) == 0 && v ? v : "";
}

json_object *
hd_report_diff(json_object *old, json_object *new)
{
	json_object *d = json_object_new_object(), *changes, *added, *resolved;
	json_object *io = index_results(old), *in = index_results(new), *v;
	const struct hd_pack *po = hd_report_pack(old), *pn = hd_report_pack(new);
	const char *bo = po ? po->name : str(old, "benchmark.version");
	const char *bn = pn ? pn->name : str(new, "benchmark.version");

	json_object_object_add(d, "schema_version",
	    json_object_new_string(HD_REPORT_SCHEMA_VERSION));
	v = json_object_new_object();
	json_object_object_add(v, "old", json_object_new_string(bo));
	json_object_object_add(v, "new", json_object_new_string(bn));
	json_object_object_add(v, "changed",
	    json_object_new_boolean(strcmp(bo, bn) != 0));
	json_object_object_add(d, "benchmark", v);
	json_object_object_add(d, "old_started_at",
	    json_object_new_string(str(old, "started_at")));
	json_object_object_add(d, "new_started_at",
	    json_object_new_string(str(new, "started_at")));
	/* A score is a number, or null when it was not computable. */
	v = json_object_new_object();
	json_object_object_add(v, "old", json_object_is_type(hd_json_path(old,
	    "summary.score"), json_type_int) ? json_object_get(hd_json_path(old,
	    "summary.score")) : NULL);
	json_object_object_add(v, "new", json_object_is_type(hd_json_path(new,
	    "summary.score"), json_type_int) ? json_object_get(hd_json_path(new,
	    "summary.score")) : NULL);
	json_object_object_add(d, "score", v);
	changes = json_object_new_array();
	added = json_object_new_array();
	resolved = json_object_new_array();
	json_object_object_foreach(in, key, rn) {
		json_object *ro = NULL, *fo, *fn;
		const char *title = str(rn, "title"), *id = str(rn, "id");

		json_object_object_get_ex(io, key, &ro);
		if (strcmp(str(ro, "status"), str(rn, "status")) != 0) {
			json_object *c = json_object_new_object();

			json_object_object_add(c, "id", json_object_new_string(id));
			json_object_object_add(c, "control", json_object_new_string(key));
			if (ro && strcmp(str(ro, "id"), id) != 0)
				json_object_object_add(c, "old_id",
				    json_object_new_string(str(ro, "id")));
			json_object_object_add(c, "title", json_object_new_string(title));
			json_object_object_add(c, "old_status", ro ?
			    json_object_new_string(str(ro, "status")) : NULL);
			json_object_object_add(c, "new_status",
			    json_object_new_string(str(rn, "status")));
			json_object_array_add(changes, c);
		}
		fo = bad_findings(ro);
		fn = bad_findings(rn);
		only_in(added, fn, fo, id, key, title);
		only_in(resolved, fo, fn, id, key, title);
		json_object_put(fo);
		json_object_put(fn);
	}
	json_object_object_add(d, "changes", changes);
	json_object_object_add(d, "new_findings", added);
	json_object_object_add(d, "resolved_findings", resolved);
	json_object_put(io);
	json_object_put(in);
	return d;
}
