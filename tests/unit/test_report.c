/* Reporters: the JSON evidence contract and safe text output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/report.h>

#include "core/internal.h"
#include "report/reporters.h"
#include "testutil.h"

static struct hd_snapshot *snap;
static struct hd_results *res;
static struct hd_report rep;

static void
setup(void)
{
	struct hd_scan_opts o;

	snap = tu_snapshot_fixture("snapshots/rich.json");
	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&res, snap, &o), 0);
	memset(&rep, 0, sizeof(rep));
	rep.results = res;
	rep.snapshot = snap;
	rep.collected_at = "2026-11-23T18:00:00Z";
	rep.started_at = "2026-11-23T19:00:00Z";
	rep.finished_at = "2026-11-23T19:00:01Z";
	rep.profile = "default";
}

static void
teardown(void)
{
	hd_results_free(res);
	hd_snapshot_free(snap);
}

/* Member key of o with type t, failing the test otherwise. */
static json_object *
member(json_object *o, const char *key, json_type t)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "missing key %s", key);
	ck_assert_msg(json_object_is_type(v, t), "key %s has type %s", key,
	    json_type_to_name(json_object_get_type(v)));
	return v;
}

/* The result object of check id in the report. */
static json_object *
result_of(json_object *doc, const char *id)
{
	json_object *results = member(doc, "results", json_type_array);

	for (size_t i = 0; i < json_object_array_length(results); i++) {
		json_object *r = json_object_array_get_idx(results, i);

		if (strcmp(json_object_get_string(member(r, "id", json_type_string)),
		    id) == 0 || strcmp(json_object_get_string(member(r, "control",
		    json_type_string)), id) == 0)
			return r;
	}
	ck_abort_msg("no result for %s", id);
	return NULL;
}

START_TEST(json_contract)
{
	json_object *doc = hd_report_json(&rep), *o, *results, *counts;
	int64_t sum = 0;

	ck_assert_str_eq(json_object_get_string(member(doc, "schema_version",
	    json_type_string)), HD_REPORT_SCHEMA_VERSION);
	o = member(doc, "tool", json_type_object);
	ck_assert_str_eq(json_object_get_string(member(o, "name", json_type_string)),
	    "hardock");
	member(o, "version", json_type_string);
	o = member(doc, "benchmark", json_type_object);
	ck_assert_str_eq(json_object_get_string(member(o, "version",
	    json_type_string)), "1.8.0");
	ck_assert_str_eq(json_object_get_string(member(o, "id",
	    json_type_string)), "cis-1.8.0");
	o = member(doc, "host", json_type_object);
	ck_assert_str_eq(json_object_get_string(member(o, "hostname",
	    json_type_string)), "fixture-host");
	member(o, "kernel", json_type_string);
	member(o, "os", json_type_string);
	ck_assert_str_eq(json_object_get_string(member(o, "docker_version",
	    json_type_string)), "20.10.24+dfsg1");
	member(o, "api_version", json_type_string);
	ck_assert_str_eq(json_object_get_string(member(doc, "collected_at",
	    json_type_string)), "2026-11-23T18:00:00Z");
	member(doc, "started_at", json_type_string);
	member(doc, "finished_at", json_type_string);
	member(doc, "profile", json_type_string);
	o = member(doc, "summary", json_type_object);
	counts = member(o, "counts", json_type_object);
	for (int st = 0; st < HD_STATUS__COUNT; st++)
		sum += json_object_get_int64(member(counts, hd_status_name(st),
		    json_type_int));
	ck_assert_int_eq(sum, json_object_get_int64(member(o, "total", json_type_int)));
	member(o, "score", json_type_int);
	results = member(doc, "results", json_type_array);
	ck_assert_int_eq(json_object_array_length(results),
	    hd_pack_default()->nrules);
	for (size_t i = 0; i < json_object_array_length(results); i++) {
		json_object *r = json_object_array_get_idx(results, i), *fs;

		member(r, "id", json_type_string);
		ck_assert_ptr_nonnull(hd_control_find(json_object_get_string(
		    member(r, "control", json_type_string))));
		member(r, "title", json_type_string);
		member(r, "section", json_type_string);
		member(r, "level", json_type_int);
		member(r, "severity", json_type_string);
		ck_assert(hd_status_from_name(json_object_get_string(member(r,
		    "status", json_type_string))) >= 0);
		member(r, "evidence", json_type_array);
		member(r, "remediation", json_type_string);
		ck_assert(json_object_object_get_ex(r, "message", NULL));
		fs = member(r, "findings", json_type_array);
		for (size_t k = 0; k < json_object_array_length(fs); k++) {
			json_object *f = json_object_array_get_idx(fs, k);
			json_object *obj = member(f, "object", json_type_object);

			member(obj, "kind", json_type_string);
			member(obj, "id", json_type_string);
			member(obj, "name", json_type_string);
			member(f, "status", json_type_string);
			member(f, "evidence", json_type_array);
		}
	}
	json_object_put(doc);
}
END_TEST

/* The exact finding per container for 5.5 and 5.10. */
START_TEST(json_findings_per_container)
{
	json_object *doc = hd_report_json(&rep);
	json_object *r55 = result_of(doc, "container.privileged"), *r510 = result_of(doc, "container.host_network");
	json_object *fs = member(r55, "findings", json_type_array);
	static const char *const want55[] = { "fail", "pass", "pass", "error" };
	static const char *const want510[] = { "pass", "fail", "pass", "error" };

	ck_assert_str_eq(json_object_get_string(member(r55, "status",
	    json_type_string)), "fail");
	ck_assert_int_eq(json_object_array_length(fs), 4);
	for (size_t i = 0; i < 4; i++) {
		json_object *f = json_object_array_get_idx(fs, i);
		json_object *f10 = json_object_array_get_idx(member(r510, "findings",
		    json_type_array), i);

		ck_assert_str_eq(json_object_get_string(member(f, "status",
		    json_type_string)), want55[i]);
		ck_assert_str_eq(json_object_get_string(member(f10, "status",
		    json_type_string)), want510[i]);
	}
	/* The evidence names the field and the endpoint it came from. */
	{
		json_object *ev = member(json_object_array_get_idx(fs, 0), "evidence",
		    json_type_array);
		json_object *e0 = json_object_array_get_idx(ev, 0);

		ck_assert_str_eq(json_object_get_string(member(e0, "field",
		    json_type_string)), "HostConfig.Privileged");
		ck_assert(json_object_get_boolean(member(e0, "value",
		    json_type_boolean)));
		member(e0, "source", json_type_string);
	}
	json_object_put(doc);
}
END_TEST

/* The JSON report as json-c prints the tree of hd_report_json(): the
 * head up to its closing brace, then each result at level 2. */
static char *
json_by_tree(void)
{
	const int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE;
	json_object *doc = hd_report_json(&rep), *results;
	const char *text;
	char *buf = NULL;
	size_t len, n;
	FILE *fp = open_memstream(&buf, &len);

	results = json_object_get(member(doc, "results", json_type_array));
	json_object_object_del(doc, "results");
	text = json_object_to_json_string_ext(doc, flags);
	n = strrchr(text, '}') - text;
	fprintf(fp, "%.*s,\n  \"results\": [", (int)n, text);
	for (size_t i = 0; i < json_object_array_length(results); i++) {
		fputs(i ? ",\n    " : "\n    ", fp);
		for (const char *p = json_object_to_json_string_ext(
		    json_object_array_get_idx(results, i), flags); *p; p++)
			fputs(*p == '\n' ? "\n    " : (char[]){ *p, 0 }, fp);
	}
	fputs("\n  ]\n}\n", fp);
	fclose(fp);
	json_object_put(results);
	json_object_put(doc);
	return buf;
}

/* The streamed report is byte for byte what json-c prints for the tree,
 * with hostile strings, nested evidence values, nulls and waivers. */
START_TEST(json_stream_matches_tree)
{
	struct hd_finding *f = NULL;
	json_object *nested = json_object_new_object(), *arr = json_object_new_array();
	char *buf = NULL, *want;
	size_t len;
	FILE *fp;

	for (size_t i = 0; i < res->count && f == NULL; i++)
		if (res->items[i].top.nchildren > 0)
			f = &res->items[i].top.children[0];
	ck_assert_ptr_nonnull(f);
	json_object_array_add(arr, json_object_new_string("a\"b\\c\n\x1b/d"));
	json_object_array_add(arr, json_object_new_double(1.5));
	json_object_array_add(arr, NULL);
	json_object_array_add(arr, json_object_new_object());
	json_object_array_add(arr, json_object_new_array());
	json_object_object_add(nested, "list", arr);
	json_object_object_add(nested, "empty", json_object_new_object());
	json_object_object_add(nested, "t\u00e9\tst", json_object_new_boolean(true));
	hd_ev(f, "nested \"field\"", nested, "/etc/docker/daemon.json");
	hd_ev(f, "null", NULL, "");
	hd_ev(f, "nul", json_object_new_string_len("a\0b\x7f\xc3\xa9\x1f/", 8),
	    "tab\there");
	hd_ev(f, "bools", json_object_new_boolean(false), "\"quoted\"");
	hd_ev_int(f, "big", INT64_MIN, "x");
	hd_ev(f, "u64", json_object_new_uint64(UINT64_MAX), "x");
	hd_ev_int(f, "max", INT64_MAX, "x");
	hd_ev_int(f, "zero", 0, "x");
	f->evidence[f->nevidence - 1].sha256 = hd_xstrdup("00ff");
	free(f->waiver);
	f->waiver = hd_xstrdup("because \xe2\x80\xae</script>");
	hd_shared_free(f->message);
	f->message = NULL;
	hd_shared_free(res->items[0].top.message);
	res->items[0].top.message = NULL;
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(hd_render_json(fp, &rep), 0);
	fclose(fp);
	want = json_by_tree();
	ck_assert_str_eq(buf, want);
	free(buf);
	free(want);
}
END_TEST

/* Render text into a string. */
static char *
render_text(bool color, bool verbose, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);

	rep.color = color;
	rep.verbose = verbose;
	ck_assert_int_eq(hd_render_text(fp, &rep), 0);
	fclose(fp);
	return buf;
}

START_TEST(text_escapes_hostile_names)
{
	size_t len;
	char *out = render_text(false, true, &len);

	ck_assert_ptr_null(memchr(out, 0x1b, len));
	ck_assert_ptr_null(memchr(out, 0x07, len));
	ck_assert(strstr(out, "priv\\x1b]0;pwned\\x07") != NULL);
	ck_assert(strstr(out, "Score:") != NULL);
	ck_assert(strstr(out, "collected       2026-11-23T18:00:00Z (saved snapshot)")
	    != NULL);
	ck_assert(strstr(out, "5 Container Runtime Configuration") != NULL);
	free(out);
	/* collected_at is the snapshot's (a crafted file's) metadata. */
	rep.collected_at = "2026\x1b]0;owned\x07\xe2\x80\xae" "Z";
	out = render_text(false, true, &len);
	ck_assert_ptr_null(memchr(out, 0x1b, len));
	ck_assert_ptr_null(memchr(out, 0x07, len));
	ck_assert(strstr(out, "collected       2026\\x1b]0;owned\\x07\\u202eZ "
	    "(saved snapshot)") != NULL);
	free(out);
	/* With colour, ESC appears only as our SGR sequences "ESC [ digits m". */
	out = render_text(true, true, &len);
	for (size_t i = 0; i < len; i++) {
		if (out[i] != 0x1b)
			continue;
		ck_assert_msg(i + 2 < len && out[i + 1] == '[', "raw ESC at %zu", i);
		i += 2;
		while (i < len && ((out[i] >= '0' && out[i] <= '9') || out[i] == ';'))
			i++;
		ck_assert_msg(i < len && out[i] == 'm', "non-SGR escape at %zu", i);
	}
	free(out);
}
END_TEST

START_TEST(text_lists_failing_objects_with_fix)
{
	size_t len;
	char *out = render_text(false, false, &len);

	ck_assert(strstr(out, "[FAIL  ] 5.5") != NULL);
	ck_assert(strstr(out, "container hostnet (b2b2b2b2b2b2)") != NULL);
	ck_assert(strstr(out, "fix: Recreate the container without --privileged") != NULL);
	/* Failed checks are counted per severity in the summary. */
	ck_assert(strstr(out, " fail (2 critical, ") != NULL);
	/* Not verbose: passing objects are not listed. */
	ck_assert(strstr(out, "[PASS  ] container") == NULL);
	free(out);
}
END_TEST

/* Escape one string into a malloc'd buffer. */
static char *
term(const char *s)
{
	char *buf = NULL;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);

	hd_fputs_term(fp, s);
	fclose(fp);
	return buf;
}

/* No Docker on the host: one line at the top says so and what was
 * audited instead; the host block carries the same sentence. */
START_TEST(text_says_no_docker_at_the_top)
{
	char *buf = NULL, *first;
	size_t len;
	FILE *fp;
	json_object *h, *v;

	hd_snapshot_set_value(snap, HD_F_DOCKER_PRESENCE, tu_json("{\"present\": "
	    "false, \"why\": \"no engine answered at unix:///x.sock\\u001b[2J\"}"),
	    "daemon.presence");
	h = hd_report_host_block(snap);
	ck_assert(json_object_object_get_ex(h, "dockerd_not_applicable", &v));
	ck_assert_str_eq(json_object_get_string(v),
	    "no Docker on this host: no engine answered at unix:///x.sock\x1b[2J");
	json_object_put(h);
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(hd_render_text(fp, &rep), 0);
	fclose(fp);
	/* The second line, before anything else of the header; escaped. */
	first = strchr(buf, '\n');
	ck_assert_ptr_nonnull(first);
	ck_assert_msg(strncmp(first + 1, "Note: no Docker on this host: no engine "
	    "answered at unix:///x.sock\\x1b[2J.\n  Audited instead: ", 74) == 0,
	    "header: %.300s", buf);
	free(buf);
	/* With Docker present there is no such line. */
	hd_snapshot_set_value(snap, HD_F_DOCKER_PRESENCE, tu_json("{\"present\": true}"),
	    "daemon.presence");
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(hd_render_text(fp, &rep), 0);
	fclose(fp);
	ck_assert(strstr(buf, "Audited instead") == NULL);
	free(buf);
}
END_TEST

START_TEST(term_escape_rules)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "a\x1b[2Jb", "a\\x1b[2Jb" },
		{ "tab\tnl\n", "tab\\x09nl\\x0a" },
		{ "del\x7f", "del\\x7f" },
		{ "csi\xc2\x9b" "31m", "csi\\xc2\\x9b31m" },
		{ "bad\xff\xfe", "bad\\xff\\xfe" },
		{ "back\\slash", "back\\\\slash" },
		{ "caf\xc3\xa9 \xe5\x80\xa4", "caf\xc3\xa9 \xe5\x80\xa4" },
		{ "trunc\xe5\x80", "trunc\\xe5\\x80" },
		{ "rlo\xe2\x80\xaegnp.exe", "rlo\\u202egnp.exe" },
		{ "ls\xe2\x80\xa8x", "ls\\u2028x" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = term(cases[i].in);

		ck_assert_str_eq(got, cases[i].out);
		free(got);
	}
}
END_TEST

START_TEST(reporter_table)
{
	ck_assert_ptr_nonnull(hd_reporter_find("text"));
	ck_assert_ptr_nonnull(hd_reporter_find("json"));
	ck_assert_ptr_null(hd_reporter_find("nope"));
	ck_assert_int_ge(hd_reporter_count(), 2);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, json_contract);
	tcase_add_test(tc, json_findings_per_container);
	tcase_add_test(tc, json_stream_matches_tree);
	tcase_add_test(tc, text_escapes_hostile_names);
	tcase_add_test(tc, text_lists_failing_objects_with_fix);
	tcase_add_test(tc, term_escape_rules);
	tcase_add_test(tc, text_says_no_docker_at_the_top);
	tcase_add_test(tc, reporter_table);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(report_suite)
