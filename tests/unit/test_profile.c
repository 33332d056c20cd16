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
		if (strcmp(r->items[i].check->id, id) == 0)
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
			ck_assert_int_le(x->check->level, 1);
			ck_assert(hd_id_matches("5", x->check->id));
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
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(profile_suite)
