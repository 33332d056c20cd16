/* What keeps a scan of 10,000 containers small (issue 16): findings alike
 * share one sealed evidence array and are copied before they change, a
 * consuming scan drops each object once judged with results identical to
 * one that keeps them, documents held packed read back exactly, and a
 * long list is parsed element by element with the whole parse's errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/jsonparse.h>

#include "core/internal.h"
#include "testutil.h"

/* Two findings of one check, alike: one array; a third, unlike, its own. */
START_TEST(alike_evidence_is_shared_once_sealed)
{
	struct hd_finding top = { 0 }, *a, *b, *c;

	/* Room for all three: adding one must not move the others. */
	hd_finding_reserve(&top, 3);
	a = hd_finding_add(&top, HD_OBJ_CONTAINER, "a", "a");
	b = hd_finding_add(&top, HD_OBJ_CONTAINER, "b", "b");
	c = hd_finding_add(&top, HD_OBJ_CONTAINER, "c", "c");
	hd_ev_bool(a, "privileged", false, "GET /containers/{id}/json");
	hd_ev_str(a, "user", "root", "GET /containers/{id}/json");
	hd_ev_bool(b, "privileged", false, "GET /containers/{id}/json");
	hd_ev_str(b, "user", "root", "GET /containers/{id}/json");
	hd_ev_bool(c, "privileged", true, "GET /containers/{id}/json");
	hd_ev_str(c, "user", "root", "GET /containers/{id}/json");
	ck_assert_ptr_ne(a->evidence, b->evidence);
	hd_finding_seal(a);
	hd_finding_seal(b);
	hd_finding_seal(c);
	ck_assert_ptr_eq(a->evidence, b->evidence);
	ck_assert_ptr_ne(a->evidence, c->evidence);
	ck_assert_uint_eq(b->nevidence, 2);
	ck_assert(json_object_get_boolean(b->evidence[0].value) == false);
	ck_assert_str_eq(json_object_get_string(b->evidence[1].value), "root");
	ck_assert(json_object_get_boolean(c->evidence[0].value) == true);
	/* Sealing twice changes nothing. */
	hd_finding_seal(a);
	ck_assert_ptr_eq(a->evidence, b->evidence);
	hd_finding_clear(&top);
}
END_TEST

/* Evidence added to a sealed finding goes to its own copy: the finding
 * it shared with keeps what it had. */
START_TEST(sealed_evidence_is_copied_before_it_changes)
{
	struct hd_finding top = { 0 }, *a, *b;

	hd_finding_reserve(&top, 2);
	a = hd_finding_add(&top, HD_OBJ_CONTAINER, "a", "a");
	b = hd_finding_add(&top, HD_OBJ_CONTAINER, "b", "b");
	hd_ev_int(a, "pids_limit", 0, "GET /containers/{id}/json");
	hd_ev_int(b, "pids_limit", 0, "GET /containers/{id}/json");
	hd_finding_seal(a);
	hd_finding_seal(b);
	ck_assert_ptr_eq(a->evidence, b->evidence);
	hd_ev_str(b, "why", "no limit", "profile");
	ck_assert_ptr_ne(a->evidence, b->evidence);
	ck_assert_uint_eq(a->nevidence, 1);
	ck_assert_uint_eq(b->nevidence, 2);
	ck_assert_str_eq(b->evidence[0].field, "pids_limit");
	ck_assert_int_eq(json_object_get_int(b->evidence[0].value), 0);
	ck_assert_str_eq(b->evidence[1].field, "why");
	/* Dropping one holder leaves the other's array whole (ASan). */
	hd_finding_forget(a);
	ck_assert_uint_eq(a->nevidence, 0);
	ck_assert_str_eq(b->evidence[0].field, "pids_limit");
	hd_finding_clear(&top);
}
END_TEST

/* A parsed double keeps its text ("1.50"): two alike in value but not
 * in text are not merged, so the report prints what was observed. */
START_TEST(doubles_are_never_merged)
{
	struct hd_finding top = { 0 }, *a, *b;
	json_object *x = tu_json("[1.50]"), *y = tu_json("[1.5]");

	hd_finding_reserve(&top, 2);
	a = hd_finding_add(&top, HD_OBJ_CONTAINER, "a", "a");
	b = hd_finding_add(&top, HD_OBJ_CONTAINER, "b", "b");
	hd_ev(a, "cpus", json_object_get(json_object_array_get_idx(x, 0)), "s");
	hd_ev(b, "cpus", json_object_get(json_object_array_get_idx(y, 0)), "s");
	hd_finding_seal(a);
	hd_finding_seal(b);
	ck_assert_ptr_ne(a->evidence, b->evidence);
	ck_assert_str_eq(json_object_to_json_string(a->evidence[0].value), "1.50");
	ck_assert_str_eq(json_object_to_json_string(b->evidence[0].value), "1.5");
	json_object_put(x);
	json_object_put(y);
	hd_finding_clear(&top);
}
END_TEST

/* Objects are alike only member by member in order: the same members in
 * another order print otherwise and stay apart; alike ones, however
 * large, are merged, and ones differing in their last member are not. */
START_TEST(objects_merge_only_when_they_print_alike)
{
	struct hd_finding top = { 0 }, *f[4];
	json_object *v[4];
	char big[2][4096];

	hd_finding_reserve(&top, 4);
	for (int k = 0; k < 2; k++) {
		int n = snprintf(big[k], sizeof(big[k]), "{");

		for (int i = 0; i < 200; i++)
			n += snprintf(big[k] + n, sizeof(big[k]) - (size_t)n,
			    "\"l%d\":\"v\",", i);
		snprintf(big[k] + n, sizeof(big[k]) - (size_t)n, "\"last\":%d}", k);
	}
	v[0] = tu_json("{\"a\":1,\"b\":[true,\"x\"]}");
	v[1] = tu_json("{\"b\":[true,\"x\"],\"a\":1}");
	v[2] = tu_json(big[0]);
	v[3] = tu_json(big[1]);
	for (int i = 0; i < 4; i++) {
		f[i] = hd_finding_add(&top, HD_OBJ_CONTAINER, "c", "c");
		hd_ev(f[i], "labels", v[i], "GET /containers/{id}/json");
		hd_finding_seal(f[i]);
	}
	ck_assert_ptr_ne(f[0]->evidence, f[1]->evidence);
	ck_assert_str_eq(json_object_to_json_string_ext(f[1]->evidence[0].value,
	    JSON_C_TO_STRING_PLAIN), "{\"b\":[true,\"x\"],\"a\":1}");
	ck_assert_ptr_ne(f[2]->evidence, f[3]->evidence);
	/* An alike copy of the large one joins it. */
	f[0] = hd_finding_add(&top, HD_OBJ_CONTAINER, "d", "d");
	hd_ev(f[0], "labels", tu_json(big[1]), "GET /containers/{id}/json");
	hd_finding_seal(f[0]);
	ck_assert_ptr_eq(f[0]->evidence, top.children[3].evidence);
	hd_finding_clear(&top);
}
END_TEST

/* Whether two findings say the same: status, message, evidence (field,
 * source, digest, value as printed), children, waiver. */
static void
same_finding(const struct hd_finding *a, const struct hd_finding *b)
{
	ck_assert_int_eq(a->status, b->status);
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_str_eq(a->message ? a->message : "", b->message ? b->message : "");
	ck_assert_str_eq(a->object_id ? a->object_id : "",
	    b->object_id ? b->object_id : "");
	ck_assert_str_eq(a->waiver ? a->waiver : "", b->waiver ? b->waiver : "");
	ck_assert_uint_eq(a->nevidence, b->nevidence);
	for (size_t i = 0; i < a->nevidence; i++) {
		ck_assert_str_eq(a->evidence[i].field, b->evidence[i].field);
		ck_assert_str_eq(a->evidence[i].source, b->evidence[i].source);
		ck_assert_str_eq(a->evidence[i].sha256 ? a->evidence[i].sha256 : "",
		    b->evidence[i].sha256 ? b->evidence[i].sha256 : "");
		ck_assert_str_eq(json_object_to_json_string(a->evidence[i].value),
		    json_object_to_json_string(b->evidence[i].value));
	}
	ck_assert_uint_eq(a->nchildren, b->nchildren);
	for (size_t i = 0; i < a->nchildren; i++)
		same_finding(&a->children[i], &b->children[i]);
}

/* A consuming scan (hardock scan's) judges exactly as one that keeps the
 * objects, host checks reading images included, and leaves each object
 * dropped: counted, shown as an error. */
START_TEST(consuming_scan_judges_the_same)
{
	struct hd_snapshot *keep = tu_snapshot_fixture("snapshots/rich.json");
	struct hd_snapshot *spend = tu_snapshot_fixture("snapshots/rich.json");
	struct hd_results *a = NULL, *b = NULL;
	struct hd_scan_opts o;
	struct hd_object obj;
	size_t nc = hd_snapshot_count(spend, HD_OBJ_CONTAINER);
	size_t ni = hd_snapshot_count(spend, HD_OBJ_IMAGE);

	ck_assert_uint_gt(nc, 1);
	ck_assert_uint_gt(ni, 0);
	hd_scan_opts_init(&o);
	o.today = "2026-12-01";
	ck_assert_int_eq(hd_scan_run(&a, keep, &o), 0);
	o.consume = spend;
	ck_assert_int_eq(hd_scan_run(&b, spend, &o), 0);
	ck_assert_uint_eq(a->count, b->count);
	ck_assert_int_eq(a->score, b->score);
	for (size_t i = 0; i < a->count; i++) {
		ck_assert_int_eq(a->items[i].status, b->items[i].status);
		same_finding(&a->items[i].top, &b->items[i].top);
	}
	ck_assert_uint_eq(hd_snapshot_count(spend, HD_OBJ_CONTAINER), nc);
	hd_snapshot_object(&obj, spend, HD_OBJ_CONTAINER, 0);
	ck_assert_int_eq(obj.inspect.state, HD_FACT_ERROR);
	ck_assert_str_eq(obj.inspect.reason, "dropped after its evaluation");
	ck_assert_str_eq(obj.id, "");
	hd_snapshot_object(&obj, spend, HD_OBJ_IMAGE, 0);
	ck_assert_int_eq(obj.inspect.state, HD_FACT_ERROR);
	/* The one that kept them still shows them. */
	hd_snapshot_object(&obj, keep, HD_OBJ_CONTAINER, 0);
	ck_assert_int_eq(obj.inspect.state, HD_FACT_VALUE);
	hd_results_free(a);
	hd_results_free(b);
	o.consume = NULL;
	hd_scan_opts_release(&o);
	hd_snapshot_free(keep);
	hd_snapshot_free(spend);
}
END_TEST

/* Keep only "Id" of each entry (arg counts the calls). */
static json_object *
keep_id(void *arg, json_object *e)
{
	json_object *o, *v;

	(*(int *)arg)++;
	if (!json_object_is_type(e, json_type_object))
		return e;
	o = json_object_new_object();
	if (json_object_object_get_ex(e, "Id", &v))
		json_object_object_add(o, "Id", json_object_get(v));
	json_object_put(e);
	return o;
}

/* Parse len bytes of text through hd_json_parse_member_map() of member
 * (or, NULL, hd_json_parse_array_map()) into its compact print (caller
 * frees), or NULL with the error in *err (caller frees). */
static char *
map_print(const char *text, size_t len, const char *member, char **err,
    int *calls)
{
	struct json_tokener *tok = hd_json_tokener_new();
	json_object *doc = NULL;
	char *out = NULL;

	*err = NULL;
	*calls = 0;
	if ((member ? hd_json_parse_member_map(&doc, tok, text, len, member,
	    keep_id, calls) : hd_json_parse_array_map(&doc, tok, text, len,
	    keep_id, calls)) < 0)
		*err = hd_xstrdup(hd_error_last());
	else
		out = hd_xstrdup(json_object_to_json_string_ext(doc,
		    JSON_C_TO_STRING_PLAIN));
	json_object_put(doc);
	json_tokener_free(tok);
	return out;
}

/* The array map of text (NUL-terminated). */
static char *
mapped(const char *text, char **err, int *calls)
{
	return map_print(text, strlen(text), NULL, err, calls);
}

/* The member map of member "r" of len bytes of text. */
static char *
member_mapped(const char *text, size_t len, char **err, int *calls)
{
	return map_print(text, len, "r", err, calls);
}

/* The member's array is mapped element by element; every other member,
 * a repeated key, a member that is not an array and a document that is
 * not an object come out as the whole parse reads them. */
START_TEST(member_is_parsed_element_by_element)
{
	static const struct { const char *in, *out; int calls; } cases[] = {
		{ " { \"a\" : [1, {\"Id\":\"x\"}] , \"r\" : [ {\"Id\":\"r]\","
		  "\"L\":{\"x\":[1]}}, 7 ,null], \"z\":null }\n",
		  "{\"a\":[1,{\"Id\":\"x\"}],\"r\":[{\"Id\":\"r]\"},7,null],"
		  "\"z\":null}", 3 },
		{ "{\"r\":[]}", "{\"r\":[]}", 0 },
		{ "{}", "{}", 0 },
		{ "{\"r\":{\"Id\":1,\"B\":2}}", "{\"r\":{\"Id\":1,\"B\":2}}", 0 },
		{ "{\"r\":[{\"Id\":1,\"B\":2}],\"r\":[{\"Id\":3,\"B\":4}]}",
		  "{\"r\":[{\"Id\":3}]}", 2 },
		{ "{\"\\u0072\":[{\"Id\":1,\"B\":2}]}", "{\"r\":[{\"Id\":1}]}", 1 },
		{ "[{\"Id\":1,\"B\":2}]", "[{\"Id\":1,\"B\":2}]", 0 },
		{ "\"r\"", "\"r\"", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *err, *out;
		int calls;

		out = member_mapped(cases[i].in, strlen(cases[i].in), &err, &calls);
		ck_assert_msg(out != NULL, "%s: %s", cases[i].in, err);
		ck_assert_str_eq(out, cases[i].out);
		ck_assert_int_eq(calls, cases[i].calls);
		free(out);
	}
}
END_TEST

/* Malformed objects fail exactly as the whole parse does, and depth is
 * counted from the document's top: what the whole parse refuses for
 * nesting is refused, what it takes is taken. */
START_TEST(malformed_member_fails_as_the_whole_parse)
{
	static const char *const bad[] = {
		"{\"r\":[{\"Id\":\"a\"},]}", "{\"r\":[1 2]}", "{\"r\":[1]",
		"{\"r\":[1]} x", "{\"r\":[1],}", "{\"r\" [1]}", "{r:[1]}",
		"{\"r\":[tru]}", "{\"a\":tru,\"r\":[]}", "{\"r\":[\"a\\u00\"]}",
	};
	char deep[2 * HD_JSON_MAX_DEPTH + 16];
	json_object *whole = NULL;
	char *err, *out, *want;
	int calls;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_lt(hd_json_parse(&whole, bad[i], strlen(bad[i])), 0);
		want = hd_xstrdup(hd_error_last());
		out = member_mapped(bad[i], strlen(bad[i]), &err, &calls);
		ck_assert_msg(out == NULL, "accepted %s", bad[i]);
		ck_assert_str_eq(err, want);
		free(err);
		free(want);
	}
	/* A NUL byte inside the member's array. */
	out = member_mapped("{\"r\":[\"a\0\"]}", 12, &err, &calls);
	ck_assert_ptr_null(out);
	free(err);
	/* {"r":[[[...]]]}: d containers in all, against the whole parse. */
	for (int d = HD_JSON_MAX_DEPTH - 1; d <= HD_JSON_MAX_DEPTH + 1; d++) {
		size_t n = 0;
		int whole_ok;

		n += (size_t)snprintf(deep, sizeof(deep), "{\"r\":");
		for (int k = 1; k < d; k++)
			deep[n++] = '[';
		for (int k = 1; k < d; k++)
			deep[n++] = ']';
		deep[n++] = '}';
		deep[n] = '\0';
		whole_ok = hd_json_parse(&whole, deep, n) == 0;
		json_object_put(whole);
		whole = NULL;
		out = member_mapped(deep, n, &err, &calls);
		ck_assert_msg((out != NULL) == whole_ok, "depth %d: whole %d", d,
		    whole_ok);
		ck_assert_int_eq(d <= HD_JSON_MAX_DEPTH, whole_ok);
		free(out);
		free(err);
	}
}
END_TEST

/* Each element mapped as read; white space, nesting, strings holding
 * brackets and an empty list all come out as the whole parse reads them. */
START_TEST(list_is_parsed_element_by_element)
{
	char *err, *out;
	int calls;

	out = mapped(" [ {\"Id\":\"a]\",\"Labels\":{\"x\":[1,{\"y\":\"}\"}]}} ,\n"
	    "{\"Id\":\"b\\\"\",\"N\":1.5e3}, 7, \"s\", null ] \n", &err, &calls);
	ck_assert_ptr_null(err);
	ck_assert_str_eq(out, "[{\"Id\":\"a]\"},{\"Id\":\"b\\\"\"},7,\"s\",null]");
	ck_assert_int_eq(calls, 5);
	free(out);
	out = mapped("[]", &err, &calls);
	ck_assert_str_eq(out, "[]");
	ck_assert_int_eq(calls, 0);
	free(out);
	/* Not an array: returned whole, unmapped. */
	out = mapped("{\"Id\":\"a\",\"B\":2}", &err, &calls);
	ck_assert_str_eq(out, "{\"Id\":\"a\",\"B\":2}");
	ck_assert_int_eq(calls, 0);
	free(out);
}
END_TEST

/* Malformed lists fail exactly as the whole parse does (same position
 * and reason), and nothing is half-kept. */
START_TEST(malformed_list_fails_as_the_whole_parse)
{
	static const char *const bad[] = {
		"[{\"Id\":\"a\"},]", "[{\"Id\":\"a\"} {\"Id\":\"b\"}]",
		"[{\"Id\":\"a\"}", "[{\"Id\":\"a\"}] x", "[{\"Id\":\"a\",}]",
		"[tru]", "[\"a\0\"]", "[{\"Id\":\"a\\u00\"}]",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *whole = NULL;
		char *err, *out, *want;
		int calls;

		ck_assert_int_lt(hd_json_parse(&whole, bad[i], strlen(bad[i])), 0);
		want = hd_xstrdup(hd_error_last());
		out = mapped(bad[i], &err, &calls);
		ck_assert_msg(out == NULL, "accepted %s", bad[i]);
		ck_assert_str_eq(err, want);
		free(err);
		free(want);
	}
}
END_TEST

/* Documents held packed (deflated against their kind's first) read back
 * byte for byte: shown, saved and loaded again; a malformed one is its
 * object's error with the parser's reason, saved as the string it is. */
START_TEST(packed_documents_read_back_exactly)
{
	struct hd_snapshot *s = hd_snapshot_new(), *back = NULL;
	json_object *want[64], *saved;
	struct hd_object obj;
	char doc[512];
	const char *text;

	for (int i = 0; i < 64; i++) {
		snprintf(doc, sizeof(doc), "{\"Id\":\"%064d\",\"Name\":\"/c%d\","
		    "\"Config\":{\"Env\":[\"A=%d\",\"\\u00e9\\\"q\"],"
		    "\"Labels\":{\"k\":\"v\"}},\"HostConfig\":{\"Privileged\":%s,"
		    "\"CpuShares\":%d}}", i, i, i * 7, i % 3 ? "false" : "true", i);
		ck_assert(hd_snapshot_add_object_text(s, HD_OBJ_CONTAINER, "id", "n",
		    doc, strlen(doc), "GET /containers/x/json"));
		want[i] = tu_json(doc);
	}
	ck_assert(hd_snapshot_add_object_text(s, HD_OBJ_CONTAINER, "bad", "bad",
	    "{\"Id\":tru}", 10, "GET /containers/bad/json"));
	for (int i = 0; i < 64; i++) {
		hd_snapshot_object(&obj, s, HD_OBJ_CONTAINER, (size_t)i);
		ck_assert_int_eq(obj.inspect.state, HD_FACT_VALUE);
		ck_assert(json_object_equal(obj.inspect.value, want[i]));
		ck_assert_ptr_nonnull(obj.labels);
		hd_snapshot_release(s, HD_OBJ_CONTAINER, (size_t)i);
	}
	hd_snapshot_object(&obj, s, HD_OBJ_CONTAINER, 64);
	ck_assert_int_eq(obj.inspect.state, HD_FACT_ERROR);
	ck_assert(strstr(obj.inspect.reason, "malformed inspect document") != NULL);
	/* Saved and loaded: the same documents, the bad one kept as text. */
	text = json_object_to_json_string_ext(hd_snapshot_json(s),
	    JSON_C_TO_STRING_PRETTY);
	ck_assert(strstr(text, "\"value\":\"{\\\"Id\\\":tru}\"") != NULL ||
	    strstr(text, "\"value\": \"{\\\"Id\\\":tru}\"") != NULL);
	ck_assert_int_eq(hd_snapshot_parse(&back, text, strlen(text)), 0);
	saved = tu_json(text);
	ck_assert_ptr_nonnull(saved);
	json_object_put(saved);
	for (int i = 0; i < 64; i++) {
		hd_snapshot_object(&obj, back, HD_OBJ_CONTAINER, (size_t)i);
		ck_assert(json_object_equal(obj.inspect.value, want[i]));
		json_object_put(want[i]);
	}
	/* As before packing: the bad text comes back as the string it is. */
	hd_snapshot_object(&obj, back, HD_OBJ_CONTAINER, 64);
	ck_assert(json_object_is_type(obj.inspect.value, json_type_string));
	ck_assert_str_eq(json_object_get_string(obj.inspect.value), "{\"Id\":tru}");
	hd_snapshot_free(back);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
scale_suite(void)
{
	Suite *s = suite_create("scale");
	TCase *tc = tcase_create("scale");

	tcase_add_test(tc, alike_evidence_is_shared_once_sealed);
	tcase_add_test(tc, sealed_evidence_is_copied_before_it_changes);
	tcase_add_test(tc, doubles_are_never_merged);
	tcase_add_test(tc, objects_merge_only_when_they_print_alike);
	tcase_add_test(tc, consuming_scan_judges_the_same);
	tcase_add_test(tc, packed_documents_read_back_exactly);
	tcase_add_test(tc, list_is_parsed_element_by_element);
	tcase_add_test(tc, malformed_list_fails_as_the_whole_parse);
	tcase_add_test(tc, member_is_parsed_element_by_element);
	tcase_add_test(tc, malformed_member_fails_as_the_whole_parse);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(scale_suite)
