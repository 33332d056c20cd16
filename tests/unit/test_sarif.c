/* The SARIF reporter: URI encoding, message escaping, the severity
 * mapping, image repositories, and the mapping of results (locations of
 * files inside images, inherited findings, fingerprints, errors). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/report.h>

#include "report/reporters.h"
#include "report/sarif.h"
#include "testutil.h"

struct pair {
	const char *in, *out;
};

START_TEST(uri_encode_path)
{
	static const struct pair cases[] = {
		{ "etc/docker/daemon.json", "etc/docker/daemon.json" },
		{ "nginx:1.25", "nginx%3A1.25" },
		{ "a b", "a%20b" },
		{ "100%", "100%25" },
		{ "x#frag?q=1", "x%23frag%3Fq%3D1" },
		{ "priv\x1b]0;pwned\x07", "priv%1B%5D0%3Bpwned%07" },
		{ "caf\xc3\xa9", "caf%C3%A9" },
		{ "<script>\"'", "%3Cscript%3E%22%27" },
		{ "u@h\\w", "u%40h%5Cw" },
		{ "A-Z_a.z~09", "A-Z_a.z~09" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = hd_uri_encode_path(cases[i].in);

		ck_assert_str_eq(got, cases[i].out);
		free(got);
	}
}
END_TEST

START_TEST(uri_relative_path)
{
	static const struct pair cases[] = {
		{ "/etc/docker/daemon.json", "etc/docker/daemon.json" },
		{ "/app/my dir/.env", "app/my%20dir/.env" },
		{ "./x//y/.", "x/y" },
		{ "/a/b/../c", "a/c" },
		{ "/a/../../../etc/passwd", "etc/passwd" },
		{ "/..", "" },
		{ "/", "" },
		{ "", "" },
		{ "/a/%2e%2e/b", "a/%252e%252e/b" },
		{ "/...", "..." },
		{ "/root/.ssh/id_rsa", "root/.ssh/id_rsa" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = hd_uri_relative_path(cases[i].in);

		ck_assert_msg(strcmp(got, cases[i].out) == 0, "%s: got %s, want %s",
		    cases[i].in, got, cases[i].out);
		free(got);
	}
}
END_TEST

START_TEST(message_text_escapes_links)
{
	static const struct pair cases[] = {
		{ "[x](1)", "\\[x\\](1)" },
		{ "a\\b", "a\\\\b" },
		{ "plain", "plain" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = hd_sarif_text(cases[i].in);

		ck_assert_str_eq(got, cases[i].out);
		free(got);
	}
}
END_TEST

START_TEST(severity_mapping)
{
	ck_assert_str_eq(hd_sarif_level(HD_SEV_CRITICAL), "error");
	ck_assert_str_eq(hd_sarif_level(HD_SEV_HIGH), "error");
	ck_assert_str_eq(hd_sarif_level(HD_SEV_MEDIUM), "warning");
	ck_assert_str_eq(hd_sarif_level(HD_SEV_LOW), "note");
	ck_assert_str_eq(hd_sarif_level(HD_SEV_INFO), "note");
	ck_assert_str_eq(hd_sarif_security_severity(HD_SEV_CRITICAL), "9.5");
	ck_assert_str_eq(hd_sarif_security_severity(HD_SEV_HIGH), "8.0");
	ck_assert_str_eq(hd_sarif_security_severity(HD_SEV_MEDIUM), "5.5");
	ck_assert_str_eq(hd_sarif_security_severity(HD_SEV_LOW), "3.0");
	ck_assert_str_eq(hd_sarif_security_severity(HD_SEV_INFO), "0.0");
}
END_TEST

START_TEST(image_repository)
{
	static const struct pair cases[] = {
		{ "nginx", "nginx" },
		{ "nginx:1.25", "nginx" },
		{ "registry:5000/team/app:v1", "registry:5000/team/app" },
		{ "registry:5000/team/app", "registry:5000/team/app" },
		{ "app@sha256:abcd", "app" },
		{ "app:1@sha256:abcd", "app" },
		{ "sha256:abcd", "sha256" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = hd_image_repository(cases[i].in);

		ck_assert_str_eq(got, cases[i].out);
		free(got);
	}
}
END_TEST

/* ---- Rendering ------------------------------------------------------------ */

/* The SARIF log of s (every check, no profile) as a JSON document; the
 * results in *out_res when wanted (caller frees), mutated by fn first. */
static json_object *
render(struct hd_snapshot *s, void (*fn)(struct hd_results *))
{
	struct hd_scan_opts o;
	struct hd_results *res = NULL;
	struct hd_report rep;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	json_object *doc;

	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&res, s, &o), 0);
	if (fn != NULL)
		fn(res);
	memset(&rep, 0, sizeof(rep));
	rep.results = res;
	rep.snapshot = s;
	rep.collected_at = "2026-11-23T18:00:00Z";
	rep.started_at = "2026-11-23T19:00:00Z";
	rep.finished_at = "2026-11-23T19:00:01Z";
	rep.profile = "default";
	fp = open_memstream(&buf, &len);
	ck_assert_int_eq(hd_render_sarif(fp, &rep), 0);
	fclose(fp);
	doc = tu_json(buf);
	ck_assert_ptr_nonnull(doc);
	free(buf);
	hd_results_free(res);
	hd_scan_opts_release(&o);
	return doc;
}

static json_object *
at(json_object *o, const char *path)
{
	json_object *v = hd_json_path(o, path);

	ck_assert_msg(v != NULL, "missing %s", path);
	return v;
}

static json_object *
run0(json_object *doc)
{
	return json_object_array_get_idx(at(doc, "runs"), 0);
}

/* The n-th result (0 = first) of rule id whose message contains part. */
static json_object *
result_of(json_object *doc, const char *id, const char *part)
{
	json_object *results = at(run0(doc), "results");

	for (size_t i = 0; i < json_object_array_length(results); i++) {
		json_object *r = json_object_array_get_idx(results, i);

		if (strcmp(json_object_get_string(at(r, "ruleId")), id) == 0 &&
		    strstr(json_object_get_string(at(r, "message.text")), part))
			return r;
	}
	return NULL;
}

static const char *
fingerprint(json_object *r)
{
	return json_object_get_string(at(r, "partialFingerprints"));
}

static const char *
uri(json_object *r)
{
	json_object *loc = json_object_array_get_idx(at(r, "locations"), 0);

	return json_object_get_string(at(loc, "physicalLocation.artifactLocation.uri"));
}

/* Assert an error notification of rule id, its index ri. */
static void
note_for(json_object *doc, const char *id, int ri)
{
	json_object *inv = json_object_array_get_idx(at(run0(doc), "invocations"), 0);
	json_object *notes = at(inv, "toolExecutionNotifications");

	for (size_t i = 0; i < json_object_array_length(notes); i++) {
		json_object *n = json_object_array_get_idx(notes, i);

		if (strcmp(json_object_get_string(at(n, "associatedRule.id")), id) == 0) {
			ck_assert_str_eq(json_object_get_string(at(n, "level")), "error");
			ck_assert_int_eq(json_object_get_int(at(n, "associatedRule.index")),
			    ri);
			ck_assert(json_object_get_boolean(at(inv, "executionSuccessful")));
			return;
		}
	}
	ck_abort_msg("no notification for %s", id);
}

/* The failing finding of 4.6 (no HEALTHCHECK) on busybox:latest. */
static struct hd_finding *
healthcheck_finding(struct hd_results *res)
{
	for (size_t i = 0; i < res->count; i++) {
		struct hd_result *r = &res->items[i];

		if (strcmp(r->rule->id, "4.6") != 0)
			continue;
		for (size_t k = 0; k < r->top.nchildren; k++)
			if (r->top.children[k].status == HD_FAIL)
				return &r->top.children[k];
	}
	ck_abort_msg("no failing 4.6 finding");
	return NULL;
}

/* As imgchecks will: a file inside the image, its layer, inherited. */
static void
add_image_file(struct hd_results *res)
{
	struct hd_finding *f = healthcheck_finding(res);

	hd_ev_str(f, "path", "/app/my dir/.env", "layer 2 of busybox:latest");
	hd_ev_int(f, "layer", 2, "manifest.json");
	hd_finding_set_inherited(f, true);
}

/* As the setuid check may: a list of files in one evidence. */
static void
add_image_files(struct hd_results *res)
{
	struct hd_finding *f = healthcheck_finding(res);

	hd_ev(f, "setuid", tu_json("[{\"path\": \"/bin/su\", \"layer\": 0},"
	    "{\"path\": \"/usr/bin/pass wd\", \"layer\": 1}]"), "layers");
}

START_TEST(several_image_files_are_related_locations)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	json_object *plain = render(s, NULL), *doc = render(s, add_image_files);
	json_object *r = result_of(doc, "4.6", "busybox"), *rel, *l1;

	ck_assert_ptr_nonnull(r);
	/* The image is the location, and the fingerprint does not follow
	 * the first file of the list. */
	ck_assert_str_eq(uri(r), "busybox%3Alatest");
	ck_assert_str_eq(fingerprint(r), fingerprint(result_of(plain, "4.6",
	    "busybox")));
	rel = at(r, "relatedLocations");
	ck_assert_uint_eq(json_object_array_length(rel), 2);
	l1 = json_object_array_get_idx(rel, 1);
	ck_assert_str_eq(json_object_get_string(at(l1,
	    "physicalLocation.artifactLocation.uri")),
	    "busybox%3Alatest/usr/bin/pass%20wd");
	ck_assert_int_eq(json_object_get_int(at(l1, "properties.layer")), 1);
	ck_assert_int_eq(json_object_get_int(at(l1, "id")), 1);
	json_object_put(doc);
	json_object_put(plain);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(rules_and_levels)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	json_object *doc = render(s, NULL), *rules, *r, *again;
	size_t n = hd_pack_default()->nrules;

	rules = at(run0(doc), "tool.driver.rules");
	ck_assert_uint_eq(json_object_array_length(rules), n);
	r = json_object_array_get_idx(rules, 0);
	ck_assert_str_eq(json_object_get_string(at(r, "id")),
	    hd_pack_default()->rules[0].id);
	ck_assert_str_eq(json_object_get_string(at(r, "name")),
	    hd_pack_default()->rules[0].control->key);
	ck_assert_ptr_nonnull(at(r, "properties.security-severity"));
	/* 5.5 privileged: critical, "error"; 4.6 no healthcheck: low, "note". */
	r = result_of(doc, "5.5", "priv");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(json_object_get_string(at(r, "level")), "error");
	ck_assert_str_eq(json_object_get_string(at(r, "kind")), "fail");
	ck_assert_str_eq(uri(r), "containers/priv%1B%5D0%3Bpwned%07");
	r = result_of(doc, "4.6", "busybox");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(uri(r), "busybox%3Alatest");
	/* An error: kind open, level none, and an error notification. */
	r = result_of(doc, "5.2", "hostnet");
	ck_assert_str_eq(json_object_get_string(at(r, "kind")), "open");
	ck_assert_str_eq(json_object_get_string(at(r, "level")), "none");
	note_for(doc, "5.2", json_object_get_int(at(r, "ruleIndex")));
	/* The same snapshot gives the same log. */
	again = render(s, NULL);
	ck_assert_str_eq(json_object_to_json_string(doc),
	    json_object_to_json_string(again));
	json_object_put(again);
	json_object_put(doc);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(image_file_location_and_inherited)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	json_object *plain = render(s, NULL), *doc = render(s, add_image_file);
	json_object *r = result_of(doc, "4.6", "busybox"), *loc;

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(uri(r), "busybox%3Alatest/app/my%20dir/.env");
	ck_assert(json_object_get_boolean(at(r, "properties.inherited")));
	loc = json_object_array_get_idx(at(r, "locations"), 0);
	ck_assert_int_eq(json_object_get_int(at(loc, "properties.layer")), 2);
	ck_assert_str_eq(json_object_get_string(at(loc, "properties.path")),
	    "/app/my dir/.env");
	/* The file is part of what identifies the finding. */
	ck_assert_str_ne(fingerprint(r), fingerprint(result_of(plain, "4.6",
	    "busybox")));
	ck_assert(hd_json_path(result_of(plain, "4.6", "busybox"),
	    "properties.inherited") == NULL);
	json_object_put(doc);
	json_object_put(plain);
	hd_snapshot_free(s);
}
END_TEST

/* A second tag of busybox: each keeps its tag in the fingerprint. */
START_TEST(fingerprints_of_tags)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	json_object *one = render(s, NULL), *two;
	const char *fp_one = NULL;

	tu_add_image(s, "{\"Id\":\"sha256:dddd\",\"RepoTags\":[\"busybox:1.36\"],"
	    "\"RepoDigests\":[],\"Created\":\"2024-01-01T00:00:00Z\","
	    "\"Config\":{\"User\":\"app\"}}");
	two = render(s, NULL);
	fp_one = fingerprint(result_of(one, "4.6", "busybox:latest"));
	ck_assert_ptr_nonnull(result_of(two, "4.6", "busybox:1.36"));
	ck_assert_str_ne(fingerprint(result_of(two, "4.6", "busybox:latest")),
	    fingerprint(result_of(two, "4.6", "busybox:1.36")));
	/* Alone, busybox:latest was identified by its repository; beside
	 * another tag, by its full reference. */
	ck_assert_str_ne(fp_one, fingerprint(result_of(two, "4.6",
	    "busybox:latest")));
	json_object_put(one);
	json_object_put(two);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
sarif_suite(void)
{
	Suite *s = suite_create("sarif");
	TCase *tc = tcase_create("sarif");

	tcase_add_test(tc, uri_encode_path);
	tcase_add_test(tc, uri_relative_path);
	tcase_add_test(tc, message_text_escapes_links);
	tcase_add_test(tc, severity_mapping);
	tcase_add_test(tc, image_repository);
	tcase_add_test(tc, rules_and_levels);
	tcase_add_test(tc, image_file_location_and_inherited);
	tcase_add_test(tc, fingerprints_of_tags);
	tcase_add_test(tc, several_image_files_are_related_locations);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(sarif_suite)
