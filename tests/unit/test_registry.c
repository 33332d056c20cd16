/* The catalog: complete metadata, unique ids, CIS metadata exactly as in
 * the benchmark's TSV, and no check that crashes or passes on an empty or
 * hostile snapshot. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* One line of cis-docker-1.6.0.tsv. */
struct cis_row {
	char id[16], section[128], title[256], assessment[16];
	int level;
};

static struct cis_row rows[200];
static size_t nrows;

/* Load the benchmark's TSV (a copy kept in tests/fixtures). */
static void
load_tsv(void)
{
	FILE *fp = fopen(tu_fixture("cis-docker-1.6.0.tsv"), "r");
	char line[1024];

	ck_assert_msg(fp != NULL, "cannot open the CIS TSV");
	nrows = 0;
	ck_assert(fgets(line, sizeof(line), fp) != NULL); /* header */
	while (fgets(line, sizeof(line), fp) && nrows < 200) {
		struct cis_row *r = &rows[nrows];
		char *f[5], *save = NULL, *p = line;

		line[strcspn(line, "\r\n")] = '\0';
		for (int i = 0; i < 5; i++, p = NULL)
			f[i] = strtok_r(p, "\t", &save);
		if (f[4] == NULL)
			continue;
		snprintf(r->id, sizeof(r->id), "%s", f[0]);
		snprintf(r->section, sizeof(r->section), "%s", f[1]);
		snprintf(r->title, sizeof(r->title), "%s", f[2]);
		snprintf(r->assessment, sizeof(r->assessment), "%s", f[3]);
		r->level = atoi(f[4]);
		nrows++;
	}
	fclose(fp);
	ck_assert_int_gt(nrows, 100);
}

static const struct cis_row *
cis_row(const char *id)
{
	for (size_t i = 0; i < nrows; i++)
		if (strcmp(rows[i].id, id) == 0)
			return &rows[i];
	return NULL;
}

static int
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0';
}

START_TEST(metadata_complete)
{
	size_t n = hd_catalog_count();

	ck_assert_int_ge(n, 5);
	for (size_t i = 0; i < n; i++) {
		const struct hd_check *c = hd_catalog_get(i);

		ck_assert_msg(nonempty(c->id), "check %zu has no id", i);
		ck_assert_msg(nonempty(c->title), "%s: no title", c->id);
		ck_assert_msg(nonempty(c->section), "%s: no section", c->id);
		ck_assert_msg(nonempty(c->rationale), "%s: no rationale", c->id);
		ck_assert_msg(nonempty(c->audit_text), "%s: no audit text", c->id);
		ck_assert_msg(nonempty(c->remediation), "%s: no remediation", c->id);
		ck_assert_msg(nonempty(c->references), "%s: no references", c->id);
		ck_assert_msg(c->level == 1 || c->level == 2, "%s: level", c->id);
		ck_assert_msg(c->severity < HD_SEV__COUNT, "%s: severity", c->id);
		if (c->scope == HD_SCOPE_HOST)
			ck_assert_msg(c->host && !c->object, "%s: host fn", c->id);
		else
			ck_assert_msg(c->object && !c->host, "%s: object fn", c->id);
		for (const struct hd_param_def *p = c->params; p && p->name; p++)
			ck_assert_msg(nonempty(p->help), "%s: param %s without help",
			    c->id, p->name);
		if (i > 0)
			ck_assert_msg(hd_id_cmp(hd_catalog_get(i - 1)->id, c->id) < 0,
			    "ids not unique or not sorted: %s, %s",
			    hd_catalog_get(i - 1)->id, c->id);
	}
}
END_TEST

START_TEST(cis_metadata_matches_tsv)
{
	load_tsv();
	for (size_t i = 0; i < hd_catalog_count(); i++) {
		const struct hd_check *c = hd_catalog_get(i);
		const struct cis_row *r = cis_row(c->id);

		if (strncmp(c->id, "HD-", 3) == 0) {
			ck_assert_msg(c->cis == HD_CIS_NONE, "%s: own check with a CIS "
			    "assessment", c->id);
			continue;
		}
		ck_assert_msg(r != NULL, "%s is not a CIS 1.6.0 id", c->id);
		ck_assert_msg(strcmp(r->title, c->title) == 0, "%s: title '%s' != "
		    "'%s'", c->id, c->title, r->title);
		ck_assert_msg(strcmp(r->section, c->section) == 0, "%s: section '%s' "
		    "!= '%s'", c->id, c->section, r->section);
		ck_assert_msg(r->level == c->level, "%s: level", c->id);
		ck_assert_msg(strcmp(r->assessment, hd_assessment_name(c->cis)) == 0,
		    "%s: assessment %s != %s", c->id, hd_assessment_name(c->cis),
		    r->assessment);
	}
}
END_TEST

/* No check may pass when nothing at all was collected. */
START_TEST(empty_snapshot_never_passes)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_scan_opts o;
	struct hd_results *r = NULL;

	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&r, s, &o), 0);
	for (size_t i = 0; i < r->count; i++) {
		const struct hd_result *res = &r->items[i];

		ck_assert_msg(res->status != HD_PASS, "%s passes on an empty snapshot",
		    res->check->id);
		ck_assert_msg(res->status != HD_FAIL || res->check->scope ==
		    HD_SCOPE_HOST, "%s fails containers it never saw", res->check->id);
		ck_assert_msg(res->top.message != NULL, "%s: no message on an empty "
		    "snapshot", res->check->id);
	}
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

/* Every value of the wrong type, everywhere: no crash, and no container
 * or image check passes the document whose every section has the wrong
 * type (the second one only must not crash: fields it lacks have
 * legitimate defaults). */
START_TEST(hostile_snapshot_never_passes_objects)
{
	static const char *const docs[] = {
		"{\"Id\":\"aa\",\"Name\":\"/x\",\"HostConfig\":\"x\",\"Config\":5,"
		"\"State\":[],\"Mounts\":\"m\",\"NetworkSettings\":1,\"AppArmorProfile\":3}",
		"{\"Id\":\"bb\",\"Name\":\"/y\",\"HostConfig\":{\"Privileged\":\"yes\","
		"\"NetworkMode\":7,\"CapAdd\":\"ALL\",\"SecurityOpt\":{},\"Binds\":1,"
		"\"PortBindings\":[],\"Devices\":{},\"Memory\":\"1\",\"PidsLimit\":\"x\","
		"\"RestartPolicy\":\"always\",\"ReadonlyRootfs\":\"no\",\"Ulimits\":3},"
		"\"Config\":{\"User\":0,\"Env\":\"A=B\",\"Image\":[],\"Labels\":[]},"
		"\"State\":{\"Running\":\"true\",\"Pid\":\"1\",\"Health\":5},\"Mounts\":[1,\"a\"]}",
	};
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_scan_opts o;
	struct hd_results *r = NULL;

	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		tu_add_container(s, docs[i]);
		tu_add_image(s, docs[i]);
	}
	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&r, s, &o), 0);
	for (size_t i = 0; i < r->count; i++) {
		const struct hd_result *res = &r->items[i];

		if (res->check->scope == HD_SCOPE_HOST)
			continue;
		for (size_t k = 0; k < res->top.nchildren; k++)
			ck_assert_msg(res->top.children[k].status != HD_PASS ||
			    strcmp(res->top.children[k].object_id, "aa") != 0,
			    "%s passes hostile object %s", res->check->id,
			    res->top.children[k].object_id);
	}
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

/* With Podman as the audited engine, checks of dockerd are notapplicable
 * (never judged on some other dockerd's unit files), and the rest still
 * run. */
START_TEST(dockerd_checks_not_applicable_to_podman)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_scan_opts o;
	struct hd_results *r = NULL;
	size_t ndockerd = 0;

	hd_snapshot_set_value(s, HD_F_ENGINE_CONN, tu_json("{\"kind\": \"podman\"}"),
	    "GET /version");
	hd_snapshot_set_value(s, HD_F_DAEMON_CONFIG, tu_json("{}"), "test");
	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&r, s, &o), 0);
	for (size_t i = 0; i < r->count; i++) {
		const struct hd_result *res = &r->items[i];

		if (!(res->check->flags & HD_CHECK_DOCKERD))
			continue;
		ndockerd++;
		ck_assert_msg(res->status == HD_NOTAPPLICABLE, "%s: %s on Podman",
		    res->check->id, hd_status_name(res->status));
		ck_assert(strstr(res->top.message, "Podman") != NULL);
	}
	/* Section 2 is dockerd's configuration, every check of it. */
	ck_assert_int_ge(ndockerd, 18);
	hd_results_free(r);
	/* With Docker they are evaluated as usual. */
	hd_snapshot_set_value(s, HD_F_ENGINE_CONN, tu_json("{\"kind\": \"docker\"}"),
	    "GET /version");
	ck_assert_int_eq(hd_scan_run(&r, s, &o), 0);
	for (size_t i = 0; i < r->count; i++)
		if (strcmp(r->items[i].check->id, "2.16") == 0)
			ck_assert_int_eq(r->items[i].status, HD_FAIL);
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(id_order_and_selectors)
{
	ck_assert_int_lt(hd_id_cmp("1.1.2", "1.1.10"), 0);
	ck_assert_int_lt(hd_id_cmp("2.9", "2.10"), 0);
	ck_assert_int_lt(hd_id_cmp("7.10", "HD-ENGINE-1"), 0);
	ck_assert_int_eq(hd_id_cmp("5.5", "5.5"), 0);
	ck_assert(hd_id_matches("5", "5.10"));
	ck_assert(hd_id_matches("2.1", "2.1"));
	ck_assert(!hd_id_matches("2.1", "2.10"));
	ck_assert(!hd_id_matches("5.1", "5.10"));
	ck_assert(hd_id_matches("HD", "HD-ENGINE-1"));
	ck_assert(!hd_id_matches("1", "10.1"));
}
END_TEST

START_TEST(unknown_selector_and_param_rejected)
{
	struct hd_scan_opts o;
	const char *sel[] = { "9.99" };
	struct hd_param_value pv = { "no_such_param", "1" };

	hd_scan_opts_init(&o);
	o.select = sel;
	o.nselect = 1;
	ck_assert_int_eq(hd_scan_opts_validate(&o), HD_EUSAGE);
	ck_assert(strstr(hd_error_last(), "9.99") != NULL);
	hd_scan_opts_init(&o);
	o.params = &pv;
	o.nparams = 1;
	ck_assert_int_eq(hd_scan_opts_validate(&o), HD_EUSAGE);
	ck_assert(strstr(hd_error_last(), "no_such_param") != NULL);
}
END_TEST

static Suite *
registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("catalog");

	tcase_add_test(tc, metadata_complete);
	tcase_add_test(tc, cis_metadata_matches_tsv);
	tcase_add_test(tc, empty_snapshot_never_passes);
	tcase_add_test(tc, hostile_snapshot_never_passes_objects);
	tcase_add_test(tc, dockerd_checks_not_applicable_to_podman);
	tcase_add_test(tc, id_order_and_selectors);
	tcase_add_test(tc, unknown_selector_and_param_rejected);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(registry_suite)
