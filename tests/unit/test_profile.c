/* Profiles: strict parsing, level and check selection, object scope,
 * parameters and waivers with expiry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/profile.h>

#include "testutil.h"

/* Parse text or fail the test. */
static struct hd_profile *
parse(const char *text)
{
	struct hd_profile *p = NULL;

	ck_assert_msg(hd_profile_parse(&p, text, strlen(text), "test") == 0,
	    "profile refused: %s", hd_error_last());
	return p;
}

START_TEST(strict_parsing)
{
	static const char *const bad[] = {
		"", "[]", "{}", "{\"name\": 5}",
		"{\"name\": \"x\", \"levle\": 1}",
		"{\"name\": \"x\", \"level\": 3}",
		"{\"name\": \"x\", \"checks\": \"5\"}",
		"{\"name\": \"x\", \"checks\": [5]}",
		"{\"name\": \"x\", \"params\": {\"a\": [1]}}",
		"{\"name\": \"x\", \"objects\": {\"inclde\": []}}",
		"{\"name\": \"x\", \"waivers\": [{\"check\": \"5.5\"}]}",
		"{\"name\": \"x\", \"waivers\": [{\"check\": \"5.5\", \"justification\": "
		"\"j\", \"expires\": \"2027-01-01\", \"note\": 1}]}",
		"{\"name\": \"x\"} {",
	};
	struct hd_profile *p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		p = (struct hd_profile *)0x1;
		ck_assert_msg(hd_profile_parse(&p, bad[i], strlen(bad[i]), "t.json") ==
		    HD_EPARSE, "accepted: %s", bad[i]);
		ck_assert_ptr_null(p);
		ck_assert(strncmp(hd_error_last(), "t.json", 6) == 0);
	}
	/* The position of a JSON syntax error is given as line and column. */
	ck_assert_int_eq(hd_profile_parse(&p, "{\n  \"name\": ,\n}", 15, "t.json"),
	    HD_EPARSE);
	ck_assert_msg(strstr(hd_error_last(), "line 2, column") != NULL, "%s",
	    hd_error_last());
}
END_TEST

/* Snapshot with one privileged container per name. */
static struct hd_snapshot *
two_privileged(void)
{
	struct hd_snapshot *s = hd_snapshot_new();

	tu_add_container(s, "{\"Id\":\"aaaa\",\"Name\":\"/web-1\",\"Config\":{\"Labels\":"
	    "{\"env\":\"prod\"}},\"HostConfig\":{\"Privileged\":true}}");
	tu_add_container(s, "{\"Id\":\"bbbb\",\"Name\":\"/ci-runner\",\"Config\":{\"Labels\":"
	    "{\"env\":\"ci\"}},\"HostConfig\":{\"Privileged\":true}}");
	return s;
}

/* Run the scan with the profile applied; the result of check id. */
static struct hd_results *
run_with(const struct hd_snapshot *s, struct hd_profile *p, const char *today,
    const char *id, const struct hd_result **res)
{
	struct hd_scan_opts o;
	struct hd_results *r = NULL;

	hd_scan_opts_init(&o);
	hd_profile_apply(p, &o);
	o.today = today;
	ck_assert_msg(hd_scan_run(&r, s, &o) == 0, "%s", hd_error_last());
	*res = NULL;
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].rule->id, id) == 0)
			*res = &r->items[i];
	ck_assert_msg(*res != NULL, "check %s did not run", id);
	hd_scan_opts_release(&o);
	return r;
}

START_TEST(object_scope_by_label_and_name)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = parse("{\"name\": \"prod\", \"objects\": "
	    "{\"include\": [\"label:env=prod\"], \"exclude\": [\"name:ci-*\"]}}");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, "2026-01-01", "5.5", &res);

	ck_assert_int_eq(res->top.nchildren, 1);
	ck_assert_str_eq(res->top.children[0].object_name, "web-1");
	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert(tu_has_evidence(&res->top, "objects_out_of_scope", "1"));
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(waiver_until_expiry)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = parse("{\"name\": \"w\", \"waivers\": [{\"check\": "
	    "\"5.5\", \"object\": \"name:ci-*\", \"justification\": \"CI builds need "
	    "it\", \"expires\": \"2027-01-31\"}]}");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, "2027-01-31", "5.5", &res);

	/* The CI runner is waived; the web container still fails the check. */
	ck_assert_int_eq(tu_child(&res->top, "ci-runner")->status, HD_WAIVED);
	ck_assert(strstr(tu_child(&res->top, "ci-runner")->waiver, "CI builds") != NULL);
	ck_assert_int_eq(tu_child(&res->top, "web-1")->status, HD_FAIL);
	ck_assert_int_eq(res->status, HD_FAIL);
	hd_results_free(r);
	/* After the expiry date the waiver no longer applies, and says so. */
	r = run_with(s, p, "2027-02-01", "5.5", &res);
	ck_assert_int_eq(tu_child(&res->top, "ci-runner")->status, HD_FAIL);
	ck_assert(strstr(tu_child(&res->top, "ci-runner")->message,
	    "waiver expired on 2027-01-31") != NULL);
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(waiver_of_all_failures_makes_check_waived)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = parse("{\"name\": \"w\", \"waivers\": [{\"check\": "
	    "\"5.5\", \"justification\": \"lab host\", \"expires\": \"2030-01-01\"}]}");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, "2027-01-01", "5.5", &res);

	ck_assert_int_eq(res->status, HD_WAIVED);
	ck_assert(!hd_results_failed_at(r, HD_SEV_INFO) ||
	    r->by_status[HD_FAIL] > 0);
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(level_and_checks_select)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = parse("{\"name\": \"l\", \"level\": 1, "
	    "\"checks\": [\"5\"], \"exclude\": [\"5.10\"]}");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, NULL, "5.10", &res);

	ck_assert_int_eq(res->status, HD_NOTSELECTED);
	for (size_t i = 0; i < r->count; i++) {
		const struct hd_result *x = &r->items[i];

		if (x->status != HD_NOTSELECTED) {
			ck_assert_int_le(x->rule->level, 1);
			ck_assert(hd_id_matches("5", x->rule->id));
		}
	}
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(validation_of_profile_content)
{
	struct hd_profile *p = parse("{\"name\": \"v\", \"waivers\": [{\"check\": "
	    "\"99.1\", \"justification\": \"j\", \"expires\": \"2027-01-01\"}]}");
	struct hd_scan_opts o;

	hd_scan_opts_init(&o);
	hd_profile_apply(p, &o);
	ck_assert_int_eq(hd_scan_opts_validate(&o), HD_EUSAGE);
	ck_assert(strstr(hd_error_last(), "99.1") != NULL);
	hd_scan_opts_release(&o);
	hd_profile_free(p);
	p = parse("{\"name\": \"v\", \"waivers\": [{\"check\": \"5.5\", "
	    "\"justification\": \"j\", \"expires\": \"2027-13-45\"}]}");
	hd_scan_opts_init(&o);
	hd_profile_apply(p, &o);
	ck_assert_int_eq(hd_scan_opts_validate(&o), HD_EUSAGE);
	hd_scan_opts_release(&o);
	hd_profile_free(p);
	p = parse("{\"name\": \"v\", \"objects\": {\"include\": [\"nmae:x\"]}}");
	hd_scan_opts_init(&o);
	hd_profile_apply(p, &o);
	ck_assert_int_eq(hd_scan_opts_validate(&o), HD_EUSAGE);
	ck_assert(strstr(hd_error_last(), "nmae:x") != NULL);
	hd_scan_opts_release(&o);
	hd_profile_free(p);
}
END_TEST

START_TEST(shipped_profiles_load)
{
	static const char *const names[] = { "cis-level1", "cis-level2" };

	for (size_t i = 0; i < 2; i++) {
		struct hd_profile *p = NULL;
		char *path = NULL;

		ck_assert_int_ge(asprintf(&path, "%s/../../profiles/%s.json",
		    HD_FIXTURES, names[i]), 0);
		ck_assert_msg(hd_profile_load(&p, path) == 0, "%s", hd_error_last());
		ck_assert_str_eq(hd_profile_name(p), names[i]);
		hd_profile_free(p);
		free(path);
	}
}
END_TEST

/* A profile written for CIS 1.6.0 keeps meaning the same checks under
 * 1.8.0: its ids become control keys (1.6.0's 2.14 is 1.8.0's 2.15). */
START_TEST(profile_ids_of_a_stated_benchmark)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_profile *p;
	const struct hd_result *res;
	struct hd_results *r;

	hd_snapshot_set_value(s, HD_F_ENGINE_INFO, tu_json("{\"SecurityOptions\": "
	    "[\"name=seccomp,profile=builtin\"]}"), "GET /info");
	hd_snapshot_set_value(s, HD_F_DAEMON_CONFIG, tu_json("{\"no-new-privileges\": "
	    "{\"value\": false, \"source\": \"/etc/docker/daemon.json\", "
	    "\"origin\": \"daemon.json\"}}"), "test");
	p = parse("{\"name\": \"old\", \"benchmark\": \"cis-1.6.0\", "
	    "\"checks\": [\"2.14\", \"2.7\"], \"waivers\": [{\"check\": \"2.14\", "
	    "\"justification\": \"legacy setuid helper\", \"expires\": "
	    "\"2027-01-31\"}]}");
	r = run_with(s, p, "2027-01-01", "2.15", &res);
	ck_assert_str_eq(res->check->key, "daemon.no_new_privileges");
	ck_assert_msg(res->status == HD_WAIVED, "2.15 is %s: %s",
	    hd_status_name(res->status), res->top.message);
	ck_assert(strstr(res->top.waiver, "legacy setuid") != NULL);
	/* 1.6.0's 2.7 (TLS) is 1.8.0's 2.8; 1.8.0's own 2.7 is not selected. */
	for (size_t i = 0; i < r->count; i++) {
		const char *id = r->items[i].rule->id;

		if (strcmp(id, "2.7") == 0 || strcmp(id, "2.14") == 0)
			ck_assert_int_eq(r->items[i].status, HD_NOTSELECTED);
		if (strcmp(id, "2.8") == 0)
			ck_assert_int_ne(r->items[i].status, HD_NOTSELECTED);
	}
	hd_results_free(r);
	hd_profile_free(p);
	/* Without "benchmark" ids are the scanned pack's: 2.14 is logging. */
	p = parse("{\"name\": \"new\", \"checks\": [\"2.14\"]}");
	r = run_with(s, p, "2027-01-01", "2.14", &res);
	ck_assert_str_eq(res->check->key, "daemon.remote_logging");
	ck_assert_int_ne(res->status, HD_NOTSELECTED);
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

/* Ids a stated benchmark does not have, and unknown benchmarks, are errors
 * naming them; an id unknown to the scanned pack is refused when scanning. */
START_TEST(profile_benchmark_errors)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "{\"name\": \"x\", \"benchmark\": \"cis-0.1\"}",
		  "unknown benchmark \"cis-0.1\"" },
		{ "{\"name\": \"x\", \"benchmark\": \"cis-1.6.0\", \"checks\": [\"2.19\"]}",
		  "\"2.19\" is not a check id, section or control key of cis-1.6.0" },
		{ "{\"name\": \"x\", \"benchmark\": \"cis-1.6.0\", \"waivers\": "
		  "[{\"check\": \"9.9\", \"justification\": \"j\", \"expires\": "
		  "\"2027-01-01\"}]}", "\"9.9\" is not" },
	};
	struct hd_profile *p;
	struct hd_scan_opts o;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(hd_profile_parse(&p, bad[i].text,
		    strlen(bad[i].text), "t.json"), HD_EPARSE);
		ck_assert_msg(strstr(hd_error_last(), bad[i].msg) != NULL, "%s",
		    hd_error_last());
	}
	/* 1.8.0's 2.19 does not exist in 1.6.0. */
	p = parse("{\"name\": \"x\", \"checks\": [\"2.19\"]}");
	hd_scan_opts_init(&o);
	hd_profile_apply(p, &o);
	ck_assert_int_eq(hd_scan_opts_validate(&o), HD_OK);
	o.pack = hd_pack_find("cis-1.6.0");
	ck_assert_int_eq(hd_scan_opts_validate(&o), HD_EUSAGE);
	ck_assert(strstr(hd_error_last(), "2.19 (not in cis-1.6.0)") != NULL);
	hd_scan_opts_release(&o);
	hd_profile_free(p);
}
END_TEST

static Suite *
profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *tc = tcase_create("profile");

	tcase_add_test(tc, strict_parsing);
	tcase_add_test(tc, object_scope_by_label_and_name);
	tcase_add_test(tc, waiver_until_expiry);
	tcase_add_test(tc, waiver_of_all_failures_makes_check_waived);
	tcase_add_test(tc, level_and_checks_select);
	tcase_add_test(tc, validation_of_profile_content);
	tcase_add_test(tc, shipped_profiles_load);
	tcase_add_test(tc, profile_ids_of_a_stated_benchmark);
	tcase_add_test(tc, profile_benchmark_errors);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(profile_suite)
