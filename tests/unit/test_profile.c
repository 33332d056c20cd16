/* Profiles: every kind of invalid profile with its exact line:column, YAML
 * and JSON, inheritance, object scope, severities, parameters, and
 * waivers matched by object, judged against an injected date, stale. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Each invalid profile and the exact message it gets. */
static const struct {
	const char *text;
	const char *want;
} invalid[] = {
	/* Syntax, as libyaml reports it. */
	{ "name: x\nchecks: [5, 2\n", "t.yaml:3:1: did not find expected ',' or "
	  "']' while parsing a flow sequence" },
	{ "{\n  \"name\": ,\n}", "t.yaml:2:11: name must be a string, not null" },
	{ "{\"name\": \"x\",, }", "t.yaml:1:14: did not find expected node "
	  "content while parsing a flow node" },
	{ "name: x\n\tlevel: 1\n", "t.yaml:2:1: found a tab character that "
	  "violates indentation while scanning a plain scalar" },
	/* Structure. */
	{ "", "t.yaml:1:1: a profile is a mapping (key: value lines), not null" },
	{ "- a\n- b\n", "t.yaml:1:1: a profile is a mapping (key: value lines), "
	  "not a list" },
	{ "level: 1\n", "t.yaml:1:1: the profile has no \"name\"" },
	{ "name: x\nlevle: 1\n", "t.yaml:2:1: unknown key \"levle\" in the "
	  "profile (known: name, description, extends, benchmark, level, checks, "
	  "exclude, severity, params, objects, waivers)" },
	{ "name: x\nname: y\n", "t.yaml:2:1: key \"name\" given twice" },
	{ "name: &n x\ndescription: *n\n", "t.yaml:2:14: aliases (*name) are "
	  "not allowed in profiles" },
	{ "name: x\n---\nname: y\n", "t.yaml:2:1: a profile is one YAML "
	  "document, not several" },
	{ "name: x\ndescription: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]"
	  "]]]]]]]]]]]]]]]]]]]]]]]]]\n", "t.yaml:2:46: nested too deep" },
	{ "? [a]\n: b\n", "t.yaml:1:3: a mapping key must be a plain string" },
	/* Types and values. */
	{ "name: true\n", "t.yaml:1:7: name must be a string, not a boolean" },
	{ "name: \"\"\n", "t.yaml:1:7: name must not be empty" },
	{ "name: x\nlevel: 3\n", "t.yaml:2:8: level must be 1 or 2" },
	{ "name: x\nlevel: \"1\"\n", "t.yaml:2:8: level must be 1 or 2" },
	{ "name: x\nchecks: \"5\"\n", "t.yaml:2:9: checks must be a list, not "
	  "a string" },
	{ "name: x\nchecks:\n  - 5\n  - 99.1\n", "t.yaml:4:5: \"99.1\" is not a "
	  "check id, section or control key of any benchmark (see hardock list)" },
	{ "name: x\nbenchmark: cis-9\n", "t.yaml:2:12: unknown benchmark "
	  "\"cis-9\" (see hardock benchmarks)" },
	{ "name: x\nbenchmark: cis-1.6.0\nexclude: [\"2.19\"]\n", "t.yaml:3:11: "
	  "\"2.19\" is not a check id, section or control key of cis-1.6.0" },
	{ "name: x\nseverity:\n  \"5.5\": urgent\n", "t.yaml:3:10: unknown "
	  "severity \"urgent\" (info, low, medium, high, critical)" },
	{ "name: x\nseverity:\n  \"55.5\": low\n", "t.yaml:3:3: \"55.5\" is not "
	  "a check id, section or control key of any benchmark (see hardock list)" },
	{ "name: x\nseverity: [high]\n", "t.yaml:2:11: severity must be a "
	  "mapping (key: value), not a list" },
	{ "name: x\nparams:\n  nope: 1\n", "t.yaml:3:3: unknown parameter "
	  "\"nope\" (no check declares it; see hardock explain ID)" },
	{ "name: x\nparams:\n  max_managers: many\n", "t.yaml:3:17: parameter "
	  "max_managers: 'many' is not a valid int" },
	{ "name: x\nparams:\n  max_managers: [1]\n", "t.yaml:3:17: parameter "
	  "max_managers must be a string, number or boolean, not a list" },
	{ "name: x\nparams:\n  trusted_users: [alice, [bob]]\n", "t.yaml:3:26: "
	  "parameter trusted_users: each item must be a string without commas" },
	{ "name: x\nobjects:\n  inclde: []\n", "t.yaml:3:3: unknown key "
	  "\"inclde\" in objects (known: include, exclude)" },
	{ "name: x\nobjects:\n  include: [\"nmae:x\"]\n", "t.yaml:3:13: bad "
	  "object selector \"nmae:x\" (name:GLOB, id:PREFIX, label:KEY or "
	  "label:KEY=VALUE)" },
	/* Waivers. */
	{ "name: x\nwaivers: {check: \"5.5\"}\n", "t.yaml:2:10: waivers must be "
	  "a list, not a mapping" },
	{ "name: x\nwaivers:\n  - check: \"5.5\"\n    justification: j\n"
	  "    expires: 2027-01-01\n", "t.yaml:3:5: a waiver needs "
	  "\"approved_by\"" },
	{ "name: x\nwaivers:\n  - justification: j\n", "t.yaml:3:5: a waiver "
	  "needs \"check\"" },
	{ "name: x\nwaivers:\n  - check: \"5.5\"\n    justification: \"\"\n",
	  "t.yaml:4:20: justification must not be empty" },
	{ "name: x\nwaivers:\n  - check: \"5.5\"\n    justification: j\n"
	  "    approved_by: a\n    expires: 2027-13-45\n", "t.yaml:6:14: expires "
	  "must be a date YYYY-MM-DD, not \"2027-13-45\"" },
	{ "name: x\nwaivers:\n  - check: \"5.5\"\n    justification: j\n"
	  "    approved_by: a\n    expires: 2027-01-01\n    note: 1\n",
	  "t.yaml:7:5: unknown key \"note\" in a waiver (known: check, objects, "
	  "object, justification, approved_by, expires, ticket)" },
	{ "name: x\nwaivers:\n  - check: \"5.5\"\n    justification: j\n"
	  "    approved_by: a\n    expires: 2027-01-01\n    object: \"name:a\"\n"
	  "    objects: [\"name:b\"]\n", "t.yaml:7:13: a waiver has \"objects\" "
	  "or \"object\", not both" },
	{ "name: x\nwaivers:\n  - check: \"5.5\"\n    justification: j\n"
	  "    approved_by: a\n    expires: 2027-01-01\n    objects: [\"lbl:x\"]\n",
	  "t.yaml:7:15: bad object selector \"lbl:x\" (name:GLOB, id:PREFIX, "
	  "label:KEY or label:KEY=VALUE)" },
	{ "name: x\nwaivers:\n  - check: \"5.5\"\n    justification: j\n"
	  "    approved_by: null\n    expires: 2027-01-01\n", "t.yaml:5:18: "
	  "approved_by must be a string, not null" },
	/* JSON is read the same way, with positions too. */
	{ "{\"name\": \"x\", \"waivers\": [{\"check\": \"5.5\", \"justification\": "
	  "\"j\", \"approved_by\": \"a\", \"expires\": \"2027-01-01\", \"note\": 1}]}",
	  "t.yaml:1:111: unknown key \"note\" in a waiver (known: check, objects, "
	  "object, justification, approved_by, expires, ticket)" },
};

START_TEST(invalid_profiles_name_line_and_column)
{
	const char *text = invalid[_i].text;
	struct hd_profile *p = (struct hd_profile *)0x1;

	ck_assert_msg(hd_profile_parse(&p, text, strlen(text), "t.yaml") ==
	    HD_EPARSE, "accepted: %s", text);
	ck_assert_ptr_null(p);
	ck_assert_str_eq(hd_error_last(), invalid[_i].want);
	/* A NUL byte (which strlen() cannot show) is refused at its place. */
	ck_assert_int_eq(hd_profile_parse(&p, "name: x\0y\n", 10, "t.yaml"),
	    HD_EPARSE);
	ck_assert_str_eq(hd_error_last(), "t.yaml:1:8: a NUL byte");
}
END_TEST

/* The same profile in YAML with comments and in JSON reads the same. */
START_TEST(yaml_and_json_agree)
{
	struct hd_profile *y = parse(
	    "# prod web hosts\n"
	    "name: prod   # reported\n"
	    "level: 2\n"
	    "checks: [\"5\", 2.1]\n"
	    "params:\n"
	    "  trusted_users: [alice, bob]   # a list parameter\n"
	    "  max_managers: 5\n"
	    "waivers:\n"
	    "  - check: 5.10\n"
	    "    object: \"name:web-*\"\n"
	    "    justification: metrics\n"
	    "    approved_by: jane\n"
	    "    expires: 2027-01-31\n"
	    "    ticket: 1234\n");
	struct hd_profile *j = parse("{\"name\": \"prod\", \"level\": 2, \"checks\": "
	    "[\"5\", \"2.1\"], \"params\": {\"trusted_users\": \"alice,bob\", "
	    "\"max_managers\": 5}, \"waivers\": [{\"check\": \"5.10\", \"objects\": "
	    "[\"name:web-*\"], \"justification\": \"metrics\", \"approved_by\": "
	    "\"jane\", \"expires\": \"2027-01-31\", \"ticket\": \"1234\"}]}");
	struct hd_scan_opts a, b;

	hd_scan_opts_init(&a);
	hd_scan_opts_init(&b);
	hd_profile_apply(y, &a);
	hd_profile_apply(j, &b);
	ck_assert_str_eq(a.profile, "prod");
	ck_assert_int_eq(a.max_level, 2);
	ck_assert_int_eq(a.nselect, 2);
	/* "2.1" written as a plain number stays the text it was. */
	ck_assert_str_eq(a.select[1], "2.1");
	ck_assert_int_eq(a.nparams, 2);
	ck_assert_str_eq(a.params[0].value, "alice,bob");
	ck_assert_str_eq(a.params[1].value, "5");
	ck_assert_int_eq(a.nwaivers, 1);
	ck_assert_str_eq(a.waivers[0].check, "5.10");
	ck_assert_str_eq(a.waivers[0].ticket, "1234");
	ck_assert_str_eq(a.waivers[0].where, "test:9:5");
	for (size_t i = 0; i < a.nparams; i++)
		ck_assert_str_eq(a.params[i].value, b.params[i].value);
	ck_assert_str_eq(a.waivers[0].objects[0], b.waivers[0].objects[0]);
	ck_assert_str_eq(a.waivers[0].approved_by, b.waivers[0].approved_by);
	ck_assert_str_eq(a.waivers[0].expires, b.waivers[0].expires);
	ck_assert_int_eq(hd_scan_opts_validate(&a), 0);
	ck_assert_int_eq(hd_scan_opts_validate(&b), 0);
	/* The digest is of the bytes read. */
	ck_assert_int_eq(strlen(hd_profile_sha256(y)), 64);
	ck_assert_str_ne(hd_profile_sha256(y), hd_profile_sha256(j));
	hd_scan_opts_release(&a);
	hd_scan_opts_release(&b);
	hd_profile_free(y);
	hd_profile_free(j);
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
	tu_add_container(s, "{\"Id\":\"cccc\",\"Name\":\"/db\",\"Config\":{\"Labels\":"
	    "{\"team\":\"data\"}},\"HostConfig\":{\"Privileged\":true}}");
	return s;
}

/* Run the scan with the profile applied as of today; the result of check
 * id (or control key). */
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
		if (strcmp(r->items[i].rule->id, id) == 0 ||
		    strcmp(r->items[i].check->key, id) == 0)
			*res = &r->items[i];
	ck_assert_msg(*res != NULL, "check %s did not run", id);
	hd_scan_opts_release(&o);
	return r;
}

START_TEST(object_scope_by_label_and_name)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = parse("name: prod\nobjects:\n  include: "
	    "[\"label:env\"]\n  exclude: [\"name:ci-*\"]\n");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, "2026-01-01", "5.5", &res);

	ck_assert_int_eq(res->top.nchildren, 1);
	ck_assert_str_eq(res->top.children[0].object_name, "web-1");
	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert(tu_has_evidence(&res->top, "objects_out_of_scope", "2"));
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

/* A waiver for check on the objects given (YAML list), for jane. */
static struct hd_profile *
waiver_profile(const char *check, const char *objects, const char *expires)
{
	char *text = hd_xasprintf("name: w\nwaivers:\n  - check: \"%s\"\n"
	    "%s%s%s    justification: CI builds need it\n    approved_by: jane\n"
	    "    expires: %s\n    ticket: SEC-7\n", check,
	    objects ? "    objects: " : "", objects ? objects : "",
	    objects ? "\n" : "", expires);
	struct hd_profile *p = parse(text);

	free(text);
	return p;
}

START_TEST(waiver_matches_objects_by_name_and_label)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = waiver_profile("5.5",
	    "[\"name:ci-*\", \"label:team=data\"]", "2027-01-31");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, "2027-01-01", "5.5", &res);
	const struct hd_finding *ci = tu_child(&res->top, "ci-runner");

	/* Both selectors of the one waiver apply; web-1 still fails. */
	ck_assert_int_eq(ci->status, HD_WAIVED);
	ck_assert_str_eq(ci->waiver, "CI builds need it (approved by jane, "
	    "ticket SEC-7, until 2027-01-31)");
	ck_assert_int_eq(tu_child(&res->top, "db")->status, HD_WAIVED);
	ck_assert_int_eq(tu_child(&res->top, "web-1")->status, HD_FAIL);
	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert_int_eq(r->nwaivers, 1);
	ck_assert_int_eq(r->waivers[0].matched, 2);
	ck_assert(!hd_waiver_stale(&r->waivers[0]));
	ck_assert_int_eq(r->waivers[0].state, HD_WAIVER_ACTIVE);
	ck_assert_int_eq(r->waivers[0].days_left, 30);
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

/* Children of a host check (files) are matched by their name too. */
START_TEST(waiver_matches_files_of_a_host_check)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_profile *p = waiver_profile("files.daemon_json.mode",
	    "[\"name:/etc/docker/daemon.json\"]", "2027-01-31");
	const struct hd_result *res;
	struct hd_results *r;

	hd_snapshot_set_value(s, "file:/etc/docker/daemon.json", tu_json(
	    "{\"path\": \"/etc/docker/daemon.json\", \"type\": \"file\", "
	    "\"mode\": 438, \"uid\": 0, \"gid\": 0, \"user\": \"root\", "
	    "\"group\": \"root\", \"size\": 2}"), "stat(2)");
	r = run_with(s, p, "2027-01-01", "files.daemon_json.mode", &res);
	ck_assert_int_eq(res->top.nchildren, 1);
	ck_assert_int_eq(res->top.children[0].status, HD_WAIVED);
	ck_assert_int_eq(res->status, HD_WAIVED);
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

/* Expiry is judged against the injected date, never today's. */
START_TEST(waiver_expiry_against_injected_date)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = waiver_profile("5.5", "[\"name:ci-*\"]",
	    "2027-01-31");
	const struct hd_result *res;
	struct hd_results *r;

	/* On its date it still applies, and is about to expire. */
	r = run_with(s, p, "2027-01-31", "5.5", &res);
	ck_assert_int_eq(tu_child(&res->top, "ci-runner")->status, HD_WAIVED);
	ck_assert_int_eq(r->waivers[0].state, HD_WAIVER_EXPIRING);
	ck_assert_int_eq(r->waivers[0].days_left, 0);
	hd_results_free(r);
	/* 14 days ahead is within the default window, 15 is not. */
	r = run_with(s, p, "2027-01-17", "5.5", &res);
	ck_assert_int_eq(r->waivers[0].state, HD_WAIVER_EXPIRING);
	hd_results_free(r);
	r = run_with(s, p, "2027-01-16", "5.5", &res);
	ck_assert_int_eq(r->waivers[0].state, HD_WAIVER_ACTIVE);
	hd_results_free(r);
	/* The day after, it no longer applies and the finding says since
	 * when; the waiver is expired, not stale (it matched). */
	r = run_with(s, p, "2027-02-01", "5.5", &res);
	ck_assert_int_eq(tu_child(&res->top, "ci-runner")->status, HD_FAIL);
	ck_assert_str_eq(tu_child(&res->top, "ci-runner")->message, "privileged "
	    "(waiver expired since 2027-02-01: it covered this until 2027-01-31)");
	ck_assert_int_eq(r->waivers[0].state, HD_WAIVER_EXPIRED);
	ck_assert_int_eq(r->waivers[0].days_left, -1);
	ck_assert_int_eq(r->waivers[0].matched, 1);
	hd_results_free(r);
	/* Across a month and a leap day. */
	hd_profile_free(p);
	p = waiver_profile("5.5", NULL, "2028-02-28");
	r = run_with(s, p, "2028-03-02", "5.5", &res);
	ck_assert(strstr(tu_child(&res->top, "db")->message,
	    "waiver expired since 2028-02-29") != NULL);
	ck_assert_int_eq(r->waivers[0].days_left, -3);
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

/* A waiver that covers no failure is stale: its check passes, or none of
 * its objects exist. */
START_TEST(stale_waivers)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = parse("name: w\nwaivers:\n"
	    "  - {check: \"5.5\", objects: [\"name:gone-*\"], justification: j, "
	    "approved_by: a, expires: 2030-01-01}\n"
	    "  - {check: \"5.10\", justification: j, approved_by: a, "
	    "expires: 2030-01-01}\n"
	    "  - {check: \"5.5\", objects: [\"name:db\"], justification: j, "
	    "approved_by: a, expires: 2030-01-01}\n");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, "2027-01-01", "5.5", &res);

	ck_assert_int_eq(r->nwaivers, 3);
	/* No object named gone-*. */
	ck_assert(hd_waiver_stale(&r->waivers[0]));
	/* 5.10 passes: nothing to waive. */
	ck_assert(hd_waiver_stale(&r->waivers[1]));
	ck_assert_str_eq(r->waivers[1].waiver.where, "test:4:5");
	ck_assert(!hd_waiver_stale(&r->waivers[2]));
	ck_assert_int_eq(tu_child(&res->top, "db")->status, HD_WAIVED);
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(waiver_of_all_failures_makes_check_waived)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = waiver_profile("5.5", NULL, "2030-01-01");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, "2027-01-01", "5.5", &res);

	ck_assert_int_eq(res->status, HD_WAIVED);
	ck_assert_int_eq(r->waivers[0].matched, 3);
	hd_results_free(r);
	hd_profile_free(p);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(severity_overrides_per_id)
{
	struct hd_snapshot *s = two_privileged();
	struct hd_profile *p = parse("name: sev\nchecks: [\"5.5\"]\nseverity:\n"
	    "  \"5\": low\n  container.privileged: medium\n");
	const struct hd_result *res;
	struct hd_results *r = run_with(s, p, NULL, "5.5", &res);

	/* The later, more precise entry wins over the section's. */
	ck_assert_int_eq(res->severity, HD_SEV_MEDIUM);
	ck_assert_int_eq(res->check->severity, HD_SEV_CRITICAL);
	ck_assert(hd_results_failed_at(r, HD_SEV_MEDIUM, false));
	ck_assert(!hd_results_failed_at(r, HD_SEV_HIGH, false));
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

/* Write text to DIR/name. */
static void
write_file(const char *dir, const char *name, const char *text)
{
	char *path = hd_xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

/* A fresh directory for profile files. */
static char *
tmpdir(void)
{
	char *dir = hd_xstrdup("/tmp/hd-profile-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

/* Remove the files the tests wrote, and the directory. */
static void
rmdir_all(char *dir, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *path = hd_xasprintf("%s/%s", dir, names[i]);

		unlink(path);
		free(path);
	}
	rmdir(dir);
	free(dir);
}

START_TEST(inheritance)
{
	static const char *const files[] = { "base.yaml", "team.yaml",
		"prod.json" };
	char *dir = tmpdir(), *path = hd_xasprintf("%s/prod.json", dir);
	struct hd_profile *p = NULL;
	struct hd_scan_opts o;

	write_file(dir, "base.yaml", "name: base\nlevel: 1\nexclude: [\"2.13\"]\n"
	    "params: {max_managers: 3}\nseverity: {\"5.10\": low}\n"
	    "waivers:\n  - {check: \"5.5\", justification: lab, approved_by: a, "
	    "expires: 2030-01-01}\n");
	/* A relative extends is relative to the profile that says it. */
	write_file(dir, "team.yaml", "name: team\nextends: base.yaml\nlevel: 2\n"
	    "params: {max_managers: 5}\n");
	write_file(dir, "prod.json", "{\"name\": \"prod\", \"extends\": "
	    "\"./team.yaml\", \"exclude\": [\"5.10\"], \"severity\": {\"5.10\": "
	    "\"high\"}}");
	ck_assert_msg(hd_profile_load(&p, path) == 0, "%s", hd_error_last());
	ck_assert_str_eq(hd_profile_name(p), "prod");
	ck_assert_str_eq(hd_profile_name(hd_profile_parent(p)), "team");
	ck_assert_str_eq(hd_profile_name(hd_profile_parent(hd_profile_parent(p))),
	    "base");
	hd_scan_opts_init(&o);
	hd_profile_apply(p, &o);
	ck_assert_str_eq(o.profile, "prod");
	/* The nearest level wins, excludes add up, the last value wins. */
	ck_assert_int_eq(o.max_level, 2);
	ck_assert_int_eq(o.nexclude, 2);
	ck_assert_int_eq(o.nparams, 2);
	ck_assert_str_eq(o.params[1].value, "5");
	ck_assert_int_eq(o.nseverities, 2);
	ck_assert_int_eq(o.severities[1].severity, HD_SEV_HIGH);
	ck_assert_int_eq(o.nwaivers, 1);
	ck_assert(strstr(o.waivers[0].where, "base.yaml:7:5") != NULL);
	hd_scan_opts_release(&o);
	hd_profile_free(p);
	/* An error in a profile extended names the file extending it too. */
	write_file(dir, "team.yaml", "name: team\nextends: base.yaml\nlevel: 7\n");
	ck_assert_int_eq(hd_profile_load(&p, path), HD_EPARSE);
	ck_assert_msg(strstr(hd_error_last(), "prod.json:1:29: extends "
	    "./team.yaml: ") != NULL && strstr(hd_error_last(),
	    "team.yaml:3:8: level must be 1 or 2") != NULL, "%s", hd_error_last());
	/* A loop ends with a message, not a stack overflow. */
	write_file(dir, "team.yaml", "name: team\nextends: prod.json\n");
	ck_assert_int_eq(hd_profile_load(&p, path), HD_EPARSE);
	ck_assert_msg(strstr(hd_error_last(), "extends nests more than 8 deep "
	    "(a loop?)") != NULL, "%s", hd_error_last());
	/* An unknown profile is named where it is extended. */
	write_file(dir, "team.yaml", "name: team\n\nextends: no-such-profile\n");
	ck_assert_int_ne(hd_profile_load(&p, path), 0);
	ck_assert_msg(strstr(hd_error_last(), "team.yaml:3:10: extends "
	    "no-such-profile: unknown profile 'no-such-profile'") != NULL, "%s",
	    hd_error_last());
	ck_assert_ptr_null(p);
	free(path);
	rmdir_all(dir, files, 3);
}
END_TEST

/* hardock profile show prints a profile that reads back as the same. */
START_TEST(show_round_trips)
{
	static const char *const files[] = { "base.yaml", "child.yaml" };
	char *dir = tmpdir(), *path = hd_xasprintf("%s/child.yaml", dir);
	struct hd_profile *p = NULL, *q = NULL;
	struct hd_scan_opts a, b;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	write_file(dir, "base.yaml", "name: base\nbenchmark: cis-1.6.0\n"
	    "checks: [\"2.14\", \"5\"]\nparams: {trusted_users: [alice, bob]}\n");
	write_file(dir, "child.yaml", "name: child\nextends: base.yaml\n"
	    "description: \"a: colon, and 'quotes'\"\nseverity: {\"5.10\": low}\n"
	    "objects: {exclude: [\"label:tmp\"]}\nwaivers:\n  - {check: \"5.5\", "
	    "objects: [\"name:x\"], justification: \"yes: really\", approved_by: "
	    "\"true\", expires: 2030-01-01, ticket: \"007\"}\n");
	ck_assert_msg(hd_profile_load(&p, path) == 0, "%s", hd_error_last());
	fp = open_memstream(&out, &len);
	ck_assert_int_eq(hd_profile_show(fp, p), 0);
	fclose(fp);
	ck_assert_msg(strstr(out, "# extends ") != NULL, "%s", out);
	ck_assert(strstr(out, hd_profile_sha256(hd_profile_parent(p))) != NULL);
	ck_assert_msg(hd_profile_parse(&q, out, len, "shown") == 0, "%s\n%s",
	    hd_error_last(), out);
	hd_scan_opts_init(&a);
	hd_scan_opts_init(&b);
	hd_profile_apply(p, &a);
	hd_profile_apply(q, &b);
	ck_assert_int_eq(a.nselect, b.nselect);
	/* 1.6.0's 2.14 is written as the control it names. */
	ck_assert_str_eq(b.select[0], a.select[0]);
	ck_assert_str_ne(b.select[0], "2.14");
	ck_assert_str_eq(b.params[0].value, "alice,bob");
	ck_assert_int_eq(b.nwaivers, 1);
	ck_assert_str_eq(b.waivers[0].approved_by, "true");
	ck_assert_str_eq(b.waivers[0].ticket, "007");
	ck_assert_str_eq(b.waivers[0].justification, "yes: really");
	ck_assert_int_eq(b.nseverities, 1);
	ck_assert_int_eq(b.nobjects_exclude, 1);
	hd_scan_opts_release(&a);
	hd_scan_opts_release(&b);
	hd_profile_free(p);
	hd_profile_free(q);
	free(out);
	free(path);
	rmdir_all(dir, files, 2);
}
END_TEST

START_TEST(shipped_profiles_load)
{
	static const char *const names[] = { "cis-level1", "cis-level2",
		"hardock-recommended" };

	for (size_t i = 0; i < 3; i++) {
		struct hd_profile *p = NULL;
		struct hd_scan_opts o;

		ck_assert_msg(hd_profile_load(&p, names[i]) == 0, "%s",
		    hd_error_last());
		ck_assert_str_eq(hd_profile_name(p), names[i]);
		hd_scan_opts_init(&o);
		hd_profile_apply(p, &o);
		ck_assert_msg(hd_scan_opts_validate(&o) == 0, "%s", hd_error_last());
		hd_scan_opts_release(&o);
		hd_profile_free(p);
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
	    "\"justification\": \"legacy setuid helper\", \"approved_by\": \"a\", "
	    "\"expires\": "
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
		  "[{\"check\": \"9.9\", \"justification\": \"j\", \"approved_by\": "
		  "\"a\", \"expires\": "
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

	tcase_add_loop_test(tc, invalid_profiles_name_line_and_column, 0,
	    sizeof(invalid) / sizeof(invalid[0]));
	tcase_add_test(tc, yaml_and_json_agree);
	tcase_add_test(tc, object_scope_by_label_and_name);
	tcase_add_test(tc, waiver_matches_objects_by_name_and_label);
	tcase_add_test(tc, waiver_matches_files_of_a_host_check);
	tcase_add_test(tc, waiver_expiry_against_injected_date);
	tcase_add_test(tc, stale_waivers);
	tcase_add_test(tc, waiver_of_all_failures_makes_check_waived);
	tcase_add_test(tc, severity_overrides_per_id);
	tcase_add_test(tc, level_and_checks_select);
	tcase_add_test(tc, inheritance);
	tcase_add_test(tc, show_round_trips);
	tcase_add_test(tc, shipped_profiles_load);
	tcase_add_test(tc, profile_ids_of_a_stated_benchmark);
	tcase_add_test(tc, profile_benchmark_errors);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(profile_suite)
