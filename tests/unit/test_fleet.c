/* The fleet report: hosts' reports merged by control key, worst checks
 * first, stale, missing and unreadable hosts listed, hostile names escaped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hardock/fleet.h>
#include <hardock/report.h>

#include "testutil.h"

/* 2026-11-24T00:00:00Z */
#define NOW ((time_t)1795478400)

/* A report of host name at time when, against pack, with the results
 * given as JSON text. */
static json_object *
report(const char *name, const char *when, const char *pack,
    const char *results)
{
	char text[4096];

	snprintf(text, sizeof(text), "{\"schema_version\":\"1.1\",\"tool\":{"
	    "\"version\":\"0.1.0\"},\"benchmark\":{\"id\":\"%s\"},\"host\":{"
	    "\"hostname\":\"%s\"},\"collected_at\":\"%s\",\"summary\":{\"score\":"
	    "50},\"results\":%s}", pack, name, when, results);
	return tu_json(text);
}

#define R(id, ctl, sev, st) "{\"id\":\"" id "\",\"control\":\"" ctl "\"," \
	"\"title\":\"t " id "\",\"severity\":\"" sev "\",\"status\":\"" st "\"}"

/* The check entry of control key in the fleet report. */
static json_object *
check_of(json_object *fleet, const char *key)
{
	json_object *checks = hd_json_path(fleet, "checks");

	for (size_t i = 0; i < json_object_array_length(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i);

		if (strcmp(json_object_get_string(hd_json_path(c, "control")), key) == 0)
			return c;
	}
	return NULL;
}

START_TEST(merge_by_control_worst_first)
{
	struct hd_fleet *f = hd_fleet_new();
	json_object *a = report("web-1", "2026-11-23T20:00:00Z", "cis-1.8.0", "["
	    R("2.15", "daemon.no_new_privileges", "medium", "fail") ","
	    R("5.5", "container.privileged", "critical", "fail") ","
	    R("5.10", "container.host_network", "high", "pass") "]");
	/* The same control under 1.6.0's id, and a 1.0 report without keys. */
	json_object *b = report("web-2", "2026-11-23T21:00:00Z", "cis-1.6.0", "["
	    R("2.14", "daemon.no_new_privileges", "medium", "fail") ","
	    R("5.5", "container.privileged", "critical", "pass") "]");
	json_object *c = tu_json("{\"benchmark\":{\"version\":\"1.6.0\"},\"host\":{"
	    "\"hostname\":\"db-1\"},\"collected_at\":\"2026-11-23T22:00:00Z\","
	    "\"summary\":{},\"results\":[{\"id\":\"2.14\",\"title\":\"t\","
	    "\"severity\":\"medium\",\"status\":\"fail\"},{\"id\":\"5.10\","
	    "\"severity\":\"high\",\"status\":\"error\"}]}");
	json_object *fleet, *nnp, *ids, *first;

	hd_fleet_add(f, "a.json", a);
	hd_fleet_add(f, "b.json", b);
	hd_fleet_add(f, "c.json", c);
	fleet = hd_fleet_json(f, NOW, 48 * 3600, HD_SEV_INFO);
	ck_assert_int_eq(json_object_get_int(hd_json_path(fleet, "summary.hosts")), 3);
	ck_assert_int_eq(json_object_get_int(hd_json_path(fleet,
	    "summary.hosts_failing")), 3);
	nnp = check_of(fleet, "daemon.no_new_privileges");
	ck_assert_ptr_nonnull(nnp);
	ck_assert_int_eq(json_object_get_int(hd_json_path(nnp, "failing")), 3);
	ids = hd_json_path(nnp, "ids");
	ck_assert_str_eq(json_object_get_string(hd_json_path(ids, "cis-1.8.0")), "2.15");
	ck_assert_str_eq(json_object_get_string(hd_json_path(ids, "cis-1.6.0")), "2.14");
	/* Worst first: three hosts fail no-new-privileges, one privileged. */
	first = json_object_array_get_idx(hd_json_path(fleet, "checks"), 0);
	ck_assert_str_eq(json_object_get_string(hd_json_path(first, "control")),
	    "daemon.no_new_privileges");
	ck_assert_int_eq(json_object_get_int(hd_json_path(check_of(fleet,
	    "container.privileged"), "failing")), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(
	    hd_json_path(check_of(fleet, "container.privileged"), "hosts"), 0)), "web-1");
	ck_assert_int_eq(json_object_get_int(hd_json_path(check_of(fleet,
	    "container.host_network"), "errors")), 1);
	/* Mixed benchmarks are said. */
	ck_assert_int_ge(json_object_array_length(hd_json_path(fleet,
	    "summary.warnings")), 1);
	ck_assert(hd_fleet_failed(fleet));
	json_object_put(fleet);
	/* At threshold critical only web-1 fails. */
	fleet = hd_fleet_json(f, NOW, 48 * 3600, HD_SEV_CRITICAL);
	ck_assert_int_eq(json_object_get_int(hd_json_path(fleet,
	    "summary.hosts_failing")), 1);
	json_object_put(fleet);
	json_object_put(a);
	json_object_put(b);
	json_object_put(c);
	hd_fleet_free(f);
}
END_TEST

START_TEST(stale_missing_unreadable_listed)
{
	struct hd_fleet *f = hd_fleet_new();
	json_object *old = report("old", "2026-11-20T00:00:00Z", "cis-1.8.0", "[]");
	json_object *ok = report("ok", "2026-11-23T23:00:00Z", "cis-1.8.0",
	    "[" R("5.5", "container.privileged", "critical", "pass") "]");
	json_object *junk = tu_json("[1,2]");
	json_object *fleet, *hosts;

	hd_fleet_expect(f, "ok");
	hd_fleet_expect(f, "ghost");
	hd_fleet_add(f, "old.json", old);
	hd_fleet_add(f, "ok.json", ok);
	hd_fleet_add(f, "junk.json", junk);
	hd_fleet_add_error(f, "/r/trunc.json", "line 3, column 1: unexpected end");
	fleet = hd_fleet_json(f, NOW, 48 * 3600, HD_SEV_INFO);
	ck_assert_int_eq(json_object_get_int(hd_json_path(fleet, "summary.stale")), 1);
	ck_assert_int_eq(json_object_get_int(hd_json_path(fleet, "summary.missing")), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(
	    hd_json_path(fleet, "missing"), 0)), "ghost");
	ck_assert_int_eq(json_object_get_int(hd_json_path(fleet,
	    "summary.unreadable")), 2);
	ck_assert_int_eq(json_object_get_int(hd_json_path(fleet,
	    "summary.hosts_failing")), 0);
	/* Nothing failed, yet a stale, a missing and unreadable hosts are not
	 * a clean fleet. */
	ck_assert(hd_fleet_failed(fleet));
	hosts = hd_json_path(fleet, "hosts");
	ck_assert_int_eq(json_object_array_length(hosts), 4);
	json_object_put(fleet);
	/* With a longer max age and only the good host, the fleet is clean. */
	hd_fleet_free(f);
	f = hd_fleet_new();
	hd_fleet_add(f, "ok.json", ok);
	fleet = hd_fleet_json(f, NOW, 48 * 3600, HD_SEV_INFO);
	ck_assert(!hd_fleet_failed(fleet));
	json_object_put(fleet);
	json_object_put(old);
	json_object_put(ok);
	json_object_put(junk);
	hd_fleet_free(f);
}
END_TEST

/* Two reports of one host: the newest counts, whatever the order. */
START_TEST(duplicate_host_keeps_newest)
{
	json_object *older = report("h", "2026-11-22T00:00:00Z", "cis-1.8.0",
	    "[" R("5.5", "container.privileged", "critical", "fail") "]");
	json_object *newer = report("h", "2026-11-23T00:00:00Z", "cis-1.8.0",
	    "[" R("5.5", "container.privileged", "critical", "pass") "]");

	for (int order = 0; order < 2; order++) {
		struct hd_fleet *f = hd_fleet_new();
		json_object *fleet;

		hd_fleet_add(f, "x.json", order ? newer : older);
		hd_fleet_add(f, "y.json", order ? older : newer);
		fleet = hd_fleet_json(f, NOW, 48 * 3600, HD_SEV_INFO);
		ck_assert_int_eq(json_object_get_int(hd_json_path(fleet,
		    "summary.hosts")), 1);
		ck_assert_int_eq(json_object_get_int(hd_json_path(fleet,
		    "summary.hosts_failing")), 0);
		ck_assert_str_eq(json_object_get_string(hd_json_path(
		    json_object_array_get_idx(hd_json_path(fleet, "hosts"), 0),
		    "collected_at")), "2026-11-23T00:00:00Z");
		json_object_put(fleet);
		hd_fleet_free(f);
	}
	json_object_put(older);
	json_object_put(newer);
}
END_TEST

/* Host names and titles come from reports: escaped in text and HTML. */
START_TEST(hostile_strings_escaped)
{
	struct hd_fleet *f = hd_fleet_new();
	json_object *a = report("evil\\u001b]0;pwn\\u0007<script>", "2026-11-23T20:00:00Z",
	    "cis-1.8.0", "[{\"id\":\"5.5\",\"control\":\"container.privileged\","
	    "\"title\":\"<img src=x onerror=alert(1)>\",\"severity\":\"critical\","
	    "\"status\":\"fail\"}]");
	json_object *fleet;
	char *buf = NULL;
	size_t len;
	FILE *fp;

	hd_fleet_add(f, "a.json", a);
	fleet = hd_fleet_json(f, NOW, 48 * 3600, HD_SEV_INFO);
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(hd_fleet_render_text(fp, fleet), 0);
	fclose(fp);
	ck_assert(strchr(buf, '\033') == NULL && strchr(buf, '\a') == NULL);
	ck_assert(strstr(buf, "evil\\x1b]0;pwn\\x07") != NULL);
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(hd_fleet_render_html(fp, fleet), 0);
	fclose(fp);
	ck_assert(strstr(buf, "<script>") == NULL && strstr(buf, "<img") == NULL);
	ck_assert(strstr(buf, "&lt;img src=x onerror=alert(1)&gt;") != NULL);
	free(buf);
	json_object_put(fleet);
	json_object_put(a);
	hd_fleet_free(f);
}
END_TEST

static Suite *
fleet_suite(void)
{
	Suite *s = suite_create("fleet");
	TCase *tc = tcase_create("merge");

	tcase_add_test(tc, merge_by_control_worst_first);
	tcase_add_test(tc, stale_missing_unreadable_listed);
	tcase_add_test(tc, duplicate_host_keeps_newest);
	tcase_add_test(tc, hostile_strings_escaped);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(fleet_suite)
