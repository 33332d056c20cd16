/* Controls and benchmark packs: complete metadata, unique keys, each pack
 * exactly its CIS TSV, ids mapped across versions as CIS's id map says,
 * the same verdicts under every pack, and no check that crashes or passes
 * on an empty or hostile snapshot. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* One line of a CIS TSV, or of the id map. */
struct tsv_row {
	char col[5][256];
	size_t ncol;
};

static struct tsv_row rows[200];
static size_t nrows;

/* Load a TSV copy of tests/fixtures (CIS's lists, ../shared), header
 * skipped. */
static void
load_tsv(const char *name)
{
	FILE *fp = fopen(tu_fixture(name), "r");
	char line[1024];

	ck_assert_msg(fp != NULL, "cannot open %s", name);
	nrows = 0;
	ck_assert(fgets(line, sizeof(line), fp) != NULL); /* header */
	while (fgets(line, sizeof(line), fp) && nrows < 200) {
		struct tsv_row *r = &rows[nrows];
		char *f, *save = NULL, *p = line;

		line[strcspn(line, "\r\n")] = '\0';
		for (r->ncol = 0; r->ncol < 5 &&
		    (f = strtok_r(p, "\t", &save)) != NULL; r->ncol++, p = NULL)
			snprintf(r->col[r->ncol], sizeof(r->col[0]), "%s", f);
		nrows++;
	}
	fclose(fp);
	ck_assert_int_gt(nrows, 100);
}

static int
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0';
}

/* Every control: a unique key, its text, a function fitting its scope. */
START_TEST(controls_complete)
{
	size_t n = hd_control_count();

	ck_assert_int_ge(n, 130);
	for (size_t i = 0; i < n; i++) {
		const struct hd_check *c = hd_control_get(i);

		ck_assert_msg(nonempty(c->key) && strchr(c->key, '.') != NULL,
		    "control %zu: key '%s' is not topic.name", i, c->key);
		ck_assert_msg(nonempty(c->rationale), "%s: no rationale", c->key);
		ck_assert_msg(nonempty(c->audit_text), "%s: no audit text", c->key);
		ck_assert_msg(nonempty(c->remediation), "%s: no remediation", c->key);
		ck_assert_msg(nonempty(c->references), "%s: no references", c->key);
		ck_assert_msg(c->severity < HD_SEV__COUNT, "%s: severity", c->key);
		if (c->scope == HD_SCOPE_HOST)
			ck_assert_msg(c->host && !c->object, "%s: host fn", c->key);
		else
			ck_assert_msg(c->object && !c->host, "%s: object fn", c->key);
		for (const struct hd_param_def *p = c->params; p && p->name; p++)
			ck_assert_msg(nonempty(p->help), "%s: param %s without help",
			    c->key, p->name);
		if (i > 0)
			ck_assert_msg(strcmp(hd_control_get(i - 1)->key, c->key) < 0,
			    "keys not unique or not sorted: %s, %s",
			    hd_control_get(i - 1)->key, c->key);
		ck_assert_ptr_eq(hd_control_find(c->key), c);
	}
	ck_assert_ptr_null(hd_control_find("no.such_control"));
}
END_TEST

/* Each shipped pack is exactly its CIS list: every id once, with CIS's
 * title, section, level and assessment, then hardock's own part. */
START_TEST(packs_match_cis_tsv)
{
	static const char *const versions[] = { "1.6.0", "1.7.0", "1.8.0" };

	ck_assert_int_eq(hd_pack_count(), 3);
	ck_assert_str_eq(hd_pack_default()->name, "cis-1.8.0");
	for (size_t v = 0; v < 3; v++) {
		char file[64];
		const struct hd_pack *p = hd_pack_find(versions[v]);

		ck_assert_msg(p != NULL, "no pack %s", versions[v]);
		ck_assert_str_eq(p->version, versions[v]);
		snprintf(file, sizeof(file), "cis-docker-%s.tsv", versions[v]);
		load_tsv(file);
		ck_assert_int_eq(p->ncis, nrows);
		for (size_t i = 0; i < nrows; i++) {
			const struct tsv_row *w = &rows[i];
			const struct hd_rule *r = hd_pack_rule(p, w->col[0]);

			ck_assert_msg(r != NULL, "%s: %s missing", p->name, w->col[0]);
			ck_assert_str_eq(r->title, w->col[2]);
			ck_assert_str_eq(r->section, w->col[1]);
			ck_assert_int_eq(r->level, atoi(w->col[4]));
			ck_assert_str_eq(hd_assessment_name(r->cis), w->col[3]);
		}
		for (size_t i = 0; i < p->nrules; i++) {
			const struct hd_rule *r = &p->rules[i];

			ck_assert_msg(r->control != NULL, "%s %s: no control",
			    p->name, r->id);
			ck_assert_msg((i < p->ncis) == (strncmp(r->id, "HD-", 3) != 0),
			    "%s: %s in the wrong part", p->name, r->id);
			if (i >= p->ncis)
				ck_assert_msg(r->cis == HD_CIS_NONE && nonempty(r->title),
				    "%s: own check %s", p->name, r->id);
			if (i > 0)
				ck_assert_msg(hd_id_cmp(p->rules[i - 1].id, r->id) < 0,
				    "%s: ids not unique or not sorted: %s, %s", p->name,
				    p->rules[i - 1].id, r->id);
		}
	}
	ck_assert_int_eq(hd_pack_find("cis-1.6.0")->ncis, 117);
	ck_assert_int_eq(hd_pack_find("cis-1.8.0")->ncis, 118);
	ck_assert_ptr_eq(hd_pack_find("cis-docker-1.7.0"), hd_pack_find("cis-1.7.0"));
	ck_assert_ptr_null(hd_pack_find("cis-9.9.9"));
}
END_TEST

/* The packs map ids across versions exactly as CIS's id map says: the
 * same row of the map is the same control in every pack. */
START_TEST(packs_follow_id_map)
{
	const struct hd_pack *p[3] = { hd_pack_find("cis-1.6.0"),
	    hd_pack_find("cis-1.7.0"), hd_pack_find("cis-1.8.0") };
	size_t renumbered = 0;

	load_tsv("cis-docker-id-map.tsv");
	ck_assert_int_eq(nrows, 118);
	for (size_t i = 0; i < nrows; i++) {
		const struct hd_check *c = NULL;

		for (size_t v = 0; v < 3; v++) {
			const char *id = rows[i].col[v];
			const struct hd_rule *r;

			if (strcmp(id, "-") == 0) {
				ck_assert_msg(c == NULL || hd_pack_rule_for(p[v],
				    c->key) == NULL, "%s has %s", p[v]->name, c->key);
				continue;
			}
			r = hd_pack_rule(p[v], id);
			ck_assert_msg(r != NULL, "%s: no %s", p[v]->name, id);
			if (c != NULL)
				ck_assert_msg(r->control == c, "%s %s is %s, not %s",
				    p[v]->name, id, r->control->key, c->key);
			c = r->control;
		}
		ck_assert_str_eq(hd_pack_rule_for(p[2], c->key)->title, rows[i].col[3]);
		renumbered += strcmp(rows[i].col[0], rows[i].col[2]) != 0;
	}
	/* 1.8.0 moved 2.7-2.18 to 2.8-2.19 and added 2.7. */
	ck_assert_int_eq(renumbered, 13);
}
END_TEST

/* No control is orphaned: each is decided in some pack, and hardock's
 * own are in every pack. */
START_TEST(no_orphan_controls)
{
	for (size_t i = 0; i < hd_control_count(); i++) {
		const struct hd_check *c = hd_control_get(i);
		size_t in = 0;

		for (size_t v = 0; v < hd_pack_count(); v++)
			in += hd_pack_rule_for(hd_pack_get(v), c->key) != NULL;
		ck_assert_msg(in > 0, "control %s is in no pack", c->key);
	}
	for (size_t v = 1; v < hd_pack_count(); v++)
		ck_assert_int_eq(hd_pack_get(v)->nrules - hd_pack_get(v)->ncis,
		    hd_pack_get(0)->nrules - hd_pack_get(0)->ncis);
}
END_TEST

/* The pack parser names the file, line and problem of bad data. */
START_TEST(pack_data_errors)
{
	static const char controls[] = "control\tcis-9.0\n"
	    "daemon.icc\t2.2\n";
	static const char beyond[] = "id\tsection\ttitle\tassessment\tlevel\tcontrol\n";
	static const char ov[] = "pack\tcontrol\tfield\tvalue\n";
	static const struct {
		const char *tsv, *msg;
	} bad[] = {
		{ "id\tsection\ttitle\tassessment\tlevel\n2.2\t2 D\tT\tManual\t1\n"
		  "2.3\t2 D\tT\tManual\t1\n", "2.3 has no control" },
		{ "id\tsection\ttitle\tassessment\tlevel\n2.2\t2 D\tT\tManual\t3\n",
		  "cis-docker-9.0.tsv:2: level '3'" },
		{ "id\tsection\ttitle\tassessment\tlevel\n2.2\t2 D\tT\tMaybe\t1\n",
		  "assessment 'Maybe'" },
		{ "id\tsection\ttitle\tassessment\tlevel\n2.2\t2 D\n", "expected id" },
	};
	struct hd_pack *packs;
	size_t n;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct hd_pack_file f[] = {
			{ "controls.tsv", controls, sizeof(controls) - 1 },
			{ "hardock.tsv", beyond, sizeof(beyond) - 1 },
			{ "overrides.tsv", ov, sizeof(ov) - 1 },
			{ "cis-docker-9.0.tsv", bad[i].tsv, strlen(bad[i].tsv) },
		};

		ck_assert_int_eq(hd_packs_build(&packs, &n, f, 4), HD_EPARSE);
		ck_assert_ptr_null(packs);
		ck_assert_msg(strstr(hd_error_last(), bad[i].msg) != NULL,
		    "case %zu: '%s' lacks '%s'", i, hd_error_last(), bad[i].msg);
	}
	{
		static const char good[] = "id\tsection\ttitle\tassessment\tlevel\n"
		    "# a comment\n2.2\t2 D\tTitle\tManual\t1\n";
		static const char unknown[] = "control\tcis-9.0\nno.such\t2.2\n";
		struct hd_pack_file f[] = {
			{ "controls.tsv", controls, sizeof(controls) - 1 },
			{ "hardock.tsv", beyond, sizeof(beyond) - 1 },
			{ "overrides.tsv", ov, sizeof(ov) - 1 },
			{ "cis-docker-9.0.tsv", good, sizeof(good) - 1 },
		};

		ck_assert_int_eq(hd_packs_build(&packs, &n, f, 4), 0);
		ck_assert_int_eq(n, 1);
		ck_assert_str_eq(packs[0].name, "cis-9.0");
		ck_assert_int_eq(packs[0].nrules, 1);
		ck_assert_str_eq(packs[0].rules[0].control->key, "daemon.icc");
		hd_packs_free(packs, n);
		f[0].text = unknown;
		f[0].len = sizeof(unknown) - 1;
		ck_assert_int_eq(hd_packs_build(&packs, &n, f, 4), HD_EPARSE);
		ck_assert(strstr(hd_error_last(), "controls.tsv:2: unknown control "
		    "no.such") != NULL);
	}
}
END_TEST

/* The same snapshot gives the same verdict per control under every pack;
 * only ids (and pack-specific values) differ. */
START_TEST(same_verdicts_across_packs)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	struct hd_results *r[3];
	size_t compared = 0;

	for (size_t v = 0; v < 3; v++) {
		struct hd_scan_opts o;

		hd_scan_opts_init(&o);
		o.pack = hd_pack_get(v);
		o.today = "2026-01-01";
		ck_assert_int_eq(hd_scan_run(&r[v], s, &o), 0);
		ck_assert_ptr_eq(r[v]->pack, hd_pack_get(v));
	}
	for (size_t i = 0; i < r[2]->count; i++) {
		const struct hd_result *n = &r[2]->items[i];

		for (size_t v = 0; v < 2; v++)
			for (size_t k = 0; k < r[v]->count; k++) {
				const struct hd_result *o = &r[v]->items[k];

				if (o->check != n->check)
					continue;
				compared++;
				ck_assert_msg(o->status == n->status ||
				    strcmp(n->check->key, "container.sensitive_mounts") == 0,
				    "%s: %s in %s, %s in %s", n->check->key,
				    hd_status_name(o->status), r[v]->pack->name,
				    hd_status_name(n->status), r[2]->pack->name);
				ck_assert_int_eq(o->top.nchildren, n->top.nchildren);
			}
	}
	/* Every control of the packs (137 when they were made), compared twice. */
	ck_assert_int_ge(compared, 2 * 137);
	for (size_t v = 0; v < 3; v++)
		hd_results_free(r[v]);
	hd_snapshot_free(s);
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
		    res->check->key);
		ck_assert_msg(res->status != HD_FAIL || res->check->scope ==
		    HD_SCOPE_HOST, "%s fails containers it never saw", res->check->key);
		ck_assert_msg(res->top.message != NULL, "%s: no message on an empty "
		    "snapshot", res->check->key);
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
			    "%s passes hostile object %s", res->check->key,
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
		    res->check->key, hd_status_name(res->status));
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
		if (strcmp(r->items[i].check->key, "daemon.userland_proxy") == 0)
			ck_assert_int_eq(r->items[i].status, HD_FAIL);
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

/* No Docker on the host at all: every check of dockerd is notapplicable
 * with the reason (never pass or fail on the defaults of a daemon that
 * does not exist); a presence that could not be proven absent does not
 * gate. */
START_TEST(dockerd_checks_not_applicable_without_docker)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_scan_opts o;
	struct hd_results *r = NULL;
	size_t ndockerd = 0;

	hd_snapshot_set_error(s, HD_F_ENGINE_VERSION, "GET /version", "no socket");
	hd_snapshot_set_value(s, HD_F_DAEMON_CONFIG, tu_json("{}"), "test");
	hd_snapshot_set_value(s, HD_F_DAEMON_ENDPOINTS, tu_json("[]"), "test");
	hd_snapshot_set_value(s, HD_F_DOCKER_PRESENCE, tu_json("{\"present\": false, "
	    "\"why\": \"no engine answered at unix:///x.sock, no dockerd process\"}"),
	    "daemon.presence");
	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&r, s, &o), 0);
	for (size_t i = 0; i < r->count; i++) {
		const struct hd_result *res = &r->items[i];

		if (!(res->check->flags & HD_CHECK_DOCKERD))
			continue;
		ndockerd++;
		ck_assert_msg(res->status == HD_NOTAPPLICABLE, "%s: %s without Docker",
		    res->check->key, hd_status_name(res->status));
		ck_assert(strstr(res->top.message, "no Docker on this host") != NULL);
		ck_assert(tu_has_evidence(&res->top, "why", "no dockerd process"));
	}
	ck_assert_int_ge(ndockerd, 18);
	hd_results_free(r);
	/* Docker present: judged (2.16 fails on the default userland proxy). */
	hd_snapshot_set_value(s, HD_F_DOCKER_PRESENCE, tu_json("{\"present\": true}"),
	    "daemon.presence");
	ck_assert_int_eq(tu_status(s, "daemon.userland_proxy"), HD_FAIL);
	/* Absence not proven (something unreadable): judged, never gated. */
	hd_snapshot_set_error(s, HD_F_DOCKER_PRESENCE, "daemon.presence",
	    "no Docker found, but absence is not proven: [\"/proc: EACCES\"]");
	ck_assert_int_eq(tu_status(s, "daemon.userland_proxy"), HD_FAIL);
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

/* Whether the coverage files hold the line "key status". */
static bool
covered(char *const *lines, size_t n, const char *key, const char *status)
{
	char want[256];

	snprintf(want, sizeof(want), "%s %s", key, status);
	for (size_t i = 0; i < n; i++)
		if (strcmp(lines[i], want) == 0)
			return true;
	return false;
}

/* Every decided control has a unit test that saw it pass and one that saw
 * it fail (recorded by tu_run and tu_child_of in the other unit tests,
 * which ctest runs first); this file's own broad scans do not count. */
START_TEST(decided_controls_have_pass_and_fail_tests)
{
	const char *dir = getenv("HD_TEST_COVERAGE_DIR");
	char **lines = NULL, line[512], *missing = NULL;
	size_t n = 0, cap = 0, files = 0;
	struct dirent *e;
	DIR *d;

	ck_assert_msg(dir != NULL, "HD_TEST_COVERAGE_DIR is not set: run "
	    "through ctest, which runs every unit test first");
	ck_assert_msg((d = opendir(dir)) != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		FILE *fp;

		size_t len = strlen(e->d_name);

		if (len < 4 || strcmp(e->d_name + len - 4, ".txt") != 0 ||
		    strcmp(e->d_name, "test_registry.txt") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		ck_assert_msg((fp = fopen(path, "r")) != NULL, "cannot read %s",
		    path);
		files++;
		while (fgets(line, sizeof(line), fp) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (n == cap)
				lines = hd_xrealloc(lines, cap = cap ? 2 * cap :
				    256, sizeof(*lines));
			lines[n++] = hd_xstrdup(line);
		}
		fclose(fp);
	}
	closedir(d);
	ck_assert_msg(files >= 20, "only %zu coverage files in %s: the unit "
	    "tests did not run first", files, dir);
	for (size_t i = 0; i < hd_control_count(); i++) {
		const struct hd_check *c = hd_control_get(i);
		bool p, f;

		if (c->audit != HD_AUDIT_DECIDED)
			continue;
		p = covered(lines, n, c->key, "pass");
		f = covered(lines, n, c->key, "fail");
		if (p && f)
			continue;
		{
			char *t = hd_xasprintf("%s%s%s (no %s test)",
			    missing ? missing : "", missing ? ", " : "", c->key,
			    !p && !f ? "pass or fail" : !p ? "pass" : "fail");

			free(missing);
			missing = t;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	ck_assert_msg(missing == NULL, "decided controls without a pass and a "
	    "fail unit test: %s", missing ? missing : "");
}
END_TEST

/* The value callback of remediation_substitutes: "seen" is observed. */
static const char *
observed_value(const char *name, void *arg)
{
	(void)arg;
	return strcmp(name, "seen") == 0 ? "OBSERVED" : NULL;
}

/* hd_rule_remediation: ${NAME} by what was observed, then the pack's
 * value, then the declared default, then :-TEXT (a declared parameter
 * with none of them by nothing); anything else as written (an undeclared
 * name, a "${" with no "}", a lone "$"), and the text around each in
 * order. */
START_TEST(remediation_substitutes)
{
	static const struct hd_param_def params[] = {
		{ "limit", HD_PARAM_STRING, "10", "a limit" },
		{ "mode", HD_PARAM_STRING, NULL, "a mode" },
		{ NULL, 0, NULL, NULL },
	};
	static const struct hd_pack_param pack[] = { { "mode", "strict" } };
	struct hd_check c = { .key = "test.fix", .params = params,
	    .remediation = "cost $5: ${limit} ${mode} ${seen} ${other} "
	    "${gone:-fallback} ${mode:-unused} tail ${open" };
	struct hd_rule r = { .id = "9.9", .control = &c };
	char *t;

	t = hd_rule_remediation(&r, observed_value, NULL);
	/* mode is declared with no value: nothing. */
	ck_assert_str_eq(t, "cost $5: 10  OBSERVED ${other} fallback "
	    "unused tail ${open");
	free(t);
	r.params = pack;
	r.nparams = 1;
	t = hd_rule_remediation(&r, NULL, NULL);
	ck_assert_str_eq(t, "cost $5: 10 strict ${seen} ${other} fallback "
	    "strict tail ${open");
	free(t);
	/* The pack's own text, with nothing to replace, comes back whole. */
	r.remediation = "Run `dockerd --icc=false`.";
	t = hd_rule_remediation(&r, observed_value, NULL);
	ck_assert_str_eq(t, "Run `dockerd --icc=false`.");
	free(t);
	r.remediation = "";
	t = hd_rule_remediation(&r, NULL, NULL);
	ck_assert_str_eq(t, "");
	free(t);
	c.remediation = NULL;
	r.remediation = NULL;
	ck_assert_ptr_null(hd_rule_remediation(&r, NULL, NULL));
}
END_TEST

static Suite *
registry_suite(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("packs");

	tcase_add_test(tc, controls_complete);
	tcase_add_test(tc, packs_match_cis_tsv);
	tcase_add_test(tc, packs_follow_id_map);
	tcase_add_test(tc, no_orphan_controls);
	tcase_add_test(tc, pack_data_errors);
	tcase_add_test(tc, remediation_substitutes);
	tcase_add_test(tc, same_verdicts_across_packs);
	tcase_add_test(tc, empty_snapshot_never_passes);
	tcase_add_test(tc, hostile_snapshot_never_passes_objects);
	tcase_add_test(tc, dockerd_checks_not_applicable_to_podman);
	tcase_add_test(tc, dockerd_checks_not_applicable_without_docker);
	tcase_add_test(tc, id_order_and_selectors);
	tcase_add_test(tc, unknown_selector_and_param_rejected);
	tcase_add_test(tc, decided_controls_have_pass_and_fail_tests);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(registry_suite)
