/*
 * Remote engines and this host's facts: where the engine is decided
 * (collect/engine_local.c), and the scanner never judging this host in a
 * remote engine's name (HD_REMOTE_REASON), checked over the whole catalog.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hardock/report.h>

#include "collect/engine.h"
#include "testutil.h"

/* ---- Where the engine is -------------------------------------------------- */

/* The decision for target URL url (scheme from its prefix) and in. */
static json_object *
decide(const char *url, struct hd_locality_in in)
{
	struct hd_engine_target t = { .url = (char *)url };

	t.tcp = strncmp(url, "tcp://", 6) == 0;
	t.ssh = strncmp(url, "ssh://", 6) == 0;
	in.target = &t;
	return hd_locality_decide(&in);
}

/* Assert the decision's local flag and that its why contains text. */
static void
expect_local(json_object *o, bool local, const char *text)
{
	const char *why = json_object_get_string(hd_json_path(o, "why"));

	ck_assert_msg(json_object_get_boolean(hd_json_path(o, "local")) == local,
	    "local != %d: %s", local, why);
	ck_assert_msg(strstr(why, text) != NULL, "why '%s' lacks '%s'", why, text);
	json_object_put(o);
}

START_TEST(loopback_addresses)
{
	static const char *const yes[] = { "tcp://127.0.0.1:2375",
		"tcp://127.9.8.7:1", "tcp://localhost:2375", "tcp://LOCALHOST:1",
		"tcp://[::1]:2376", "tcp://0.0.0.0:2375", "tcp://[::]:2375",
		"tcp://[::ffff:127.0.0.1]:2375" };
	static const char *const no[] = { "tcp://10.0.0.5:2375",
		"tcp://128.0.0.1:2375", "tcp://localhost.example:2375",
		"tcp://[::2]:2375", "tcp://[::ffff:10.0.0.1]:2375", "tcp://:2375",
		"tcp://host-127.0.0.1:1" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(hd_tcp_url_loopback(yes[i]), "%s", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!hd_tcp_url_loopback(no[i]), "%s", no[i]);
}
END_TEST

START_TEST(decisions)
{
	struct hd_locality_in none = { 0 };
	struct hd_locality_in id_only = { .engine_id = "E1" };
	struct hd_locality_in by_file = { .engine_id = "E1", .id_file = "E1",
		.id_file_path = "/var/lib/docker/engine-id" };
	struct hd_locality_in by_sock = { .engine_id = "E1", .id_file = "E0",
		.id_file_path = "/var/lib/docker/engine-id",
		.local_url = "unix:///var/run/docker.sock", .local_id = "E1" };
	struct hd_locality_in other = { .engine_id = "E1",
		.local_url = "unix:///var/run/docker.sock", .local_id = "E2" };
	struct hd_locality_in nosock = { .engine_id = "E1",
		.local_url = "unix:///var/run/docker.sock",
		.local_error = "no socket at /var/run/docker.sock" };
	struct hd_locality_in unknown = { .id_error = "cannot connect" };

	expect_local(decide("unix:///var/run/docker.sock", none), true,
	    "is a unix socket on this host");
	expect_local(decide("tcp://127.0.0.1:2375", none), true,
	    "loopback address of this host");
	/* A loopback URL needs no ID, and a differing one does not undo it. */
	expect_local(decide("tcp://localhost:2375", other), true, "loopback");
	expect_local(decide("ssh://h", by_file), true,
	    "the engine's ID E1 is the one in /var/lib/docker/engine-id");
	expect_local(decide("tcp://10.0.0.5:2376", by_sock), true,
	    "the ID of this host's engine at unix:///var/run/docker.sock");
	expect_local(decide("ssh://h", other), false,
	    "ssh://h is reached through ssh and its engine ID E1 is not this "
	    "host's (unix:///var/run/docker.sock: E2)");
	expect_local(decide("tcp://10.0.0.5:2376", nosock), false,
	    "not a loopback address and its engine ID E1 is not this host's "
	    "(unix:///var/run/docker.sock: no socket at /var/run/docker.sock)");
	expect_local(decide("ssh://h", unknown), false,
	    "its engine ID is unknown (cannot connect)");
	expect_local(decide("ssh://h", id_only), false, "not this host's");
}
END_TEST

/* ---- The scanner ---------------------------------------------------------- */

/* s marked remote (or local) as the engine collector would. */
static void
set_locality(struct hd_snapshot *s, bool local)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "local", json_object_new_boolean(local));
	json_object_object_add(o, "why", json_object_new_string(local ?
	    "test: local" : "ssh://far is reached through ssh (test)"));
	hd_snapshot_set_value(s, HD_F_ENGINE_LOCALITY, o, "ssh://far");
}

/* A copy of s without any fact of this host: what a remote scan holds. */
static struct hd_snapshot *
without_host_facts(const struct hd_snapshot *s)
{
	json_object *doc = NULL, *facts;
	struct hd_snapshot *out = NULL;
	const char *text;
	char **drop;
	size_t n = 0;

	/* Through text: inspect documents are held as text in the tree. */
	doc = tu_json(json_object_to_json_string(hd_snapshot_json(s)));
	ck_assert(json_object_object_get_ex(doc, "facts", &facts));
	drop = calloc((size_t)json_object_object_length(facts) + 1, sizeof(*drop));
	json_object_object_foreach(facts, k, v) {
		(void)v;
		if (hd_fact_is_host(k))
			drop[n++] = strdup(k);
	}
	ck_assert_uint_gt(n, 5);
	for (size_t i = 0; i < n; i++) {
		json_object_object_del(facts, drop[i]);
		free(drop[i]);
	}
	free(drop);
	text = json_object_to_json_string(doc);
	ck_assert(hd_snapshot_parse(&out, text, strlen(text)) == 0);
	json_object_put(doc);
	return out;
}

/* Whether two findings say the same (status and message, recursively). */
static bool
same(const struct hd_finding *a, const struct hd_finding *b)
{
	if (a->status != b->status || a->nchildren != b->nchildren ||
	    (a->message == NULL) != (b->message == NULL) ||
	    (a->message && strcmp(a->message, b->message) != 0))
		return false;
	for (size_t i = 0; i < a->nchildren; i++)
		if (!same(&a->children[i], &b->children[i]))
			return false;
	return true;
}

/* Run every check over s. */
static struct hd_results *
scan_all(const struct hd_snapshot *s)
{
	struct hd_scan_opts o;
	struct hd_results *r = NULL;

	hd_scan_opts_init(&o);
	o.today = "2026-01-01";
	ck_assert(hd_scan_run(&r, s, &o) == 0);
	return r;
}

/* The property: with a remote engine, this host's facts change nothing in
 * any result of the catalog; whatever read them says notapplicable with
 * the reason, and the same snapshot scanned as local judges them. */
START_TEST(host_facts_never_judge_a_remote_engine)
{
	struct hd_snapshot *full = tu_snapshot_fixture("snapshots/rich.json");
	struct hd_snapshot *bare = without_host_facts(full);
	struct hd_results *rf, *rb, *rl;
	size_t gated = 0, judged = 0;

	rl = scan_all(full);
	set_locality(full, false);
	set_locality(bare, false);
	rf = scan_all(full);
	rb = scan_all(bare);
	ck_assert_uint_eq(rf->count, rb->count);
	for (size_t i = 0; i < rf->count; i++) {
		const struct hd_result *a = &rf->items[i], *b = &rb->items[i];

		ck_assert_msg(same(&a->top, &b->top), "%s: \"%s\" with this host's "
		    "facts, \"%s\" without", a->rule->id, a->top.message,
		    b->top.message);
		if (a->top.message && strcmp(a->top.message, HD_REMOTE_REASON) == 0) {
			ck_assert_int_eq(a->status, HD_NOTAPPLICABLE);
			ck_assert(tu_has_evidence(&a->top, "local", "false"));
			ck_assert(tu_has_evidence(&a->top, "why", "reached through ssh"));
			gated++;
			/* Scanned as local, the same check is judged on the facts. */
			if (rl->items[i].top.message == NULL ||
			    strcmp(rl->items[i].top.message, HD_REMOTE_REASON) != 0)
				judged++;
		}
	}
	ck_assert_uint_gt(gated, 40);
	ck_assert_uint_eq(judged, gated);
	hd_results_free(rf);
	hd_results_free(rb);
	hd_results_free(rl);
	hd_snapshot_free(full);
	hd_snapshot_free(bare);
}
END_TEST

/* A remote, local or unmarked snapshot judges a 3.x file check. */
START_TEST(host_check_gated_only_when_remote)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	const struct hd_result *res;
	struct hd_results *r;

	r = tu_run(s, "3.15", NULL, &res);
	ck_assert(res->top.message == NULL ||
	    strcmp(res->top.message, HD_REMOTE_REASON) != 0);
	hd_results_free(r);
	set_locality(s, true);
	r = tu_run(s, "3.15", NULL, &res);
	ck_assert(res->top.message == NULL ||
	    strcmp(res->top.message, HD_REMOTE_REASON) != 0);
	hd_results_free(r);
	set_locality(s, false);
	r = tu_run(s, "3.15", NULL, &res);
	ck_assert_int_eq(res->status, HD_NOTAPPLICABLE);
	ck_assert_str_eq(res->top.message, HD_REMOTE_REASON);
	ck_assert_uint_eq(res->top.nchildren, 0);
	hd_results_free(r);
	/* A tampered fact that does not say local is taken as remote. */
	hd_snapshot_set_value(s, HD_F_ENGINE_LOCALITY, tu_json("{\"local\":"
	    "\"yes\"}"), "x");
	ck_assert_int_eq(tu_status(s, "3.15"), HD_NOTAPPLICABLE);
	hd_snapshot_free(s);
}
END_TEST

/* Per object: what the inspect decides is judged, what needs this host's
 * configuration is notapplicable, container by container. */
START_TEST(objects_gated_one_by_one)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const struct hd_finding *c;
	const struct hd_result *res;
	struct hd_results *r;

	set_locality(s, false);
	hd_snapshot_set_value(s, HD_F_ENGINE_INFO, tu_json("{\"SecurityOptions\":"
	    "[\"name=seccomp,profile=builtin\"]}"), "GET /info");
	tu_add_container(s, "{\"Id\":\"aa01\",\"Name\":\"/sock\",\"HostConfig\":{},"
	    "\"Config\":{\"User\":\"app\"},\"Mounts\":[{\"Type\":\"bind\","
	    "\"Source\":\"/var/run/docker.sock\",\"Destination\":\"/s\","
	    "\"RW\":true}]}");
	tu_add_container(s, "{\"Id\":\"aa02\",\"Name\":\"srv\",\"HostConfig\":{},"
	    "\"Config\":{\"User\":\"\"},\"Mounts\":[{\"Type\":\"bind\","
	    "\"Source\":\"/srv/data\",\"Destination\":\"/d\",\"RW\":true}]}");
	r = tu_run(s, "5.32", NULL, &res);
	c = tu_child(&res->top, "aa01");
	ck_assert_msg(c->status == HD_FAIL, "%s", c->message);
	c = tu_child(&res->top, "aa02");
	ck_assert_int_eq(c->status, HD_NOTAPPLICABLE);
	ck_assert_str_eq(c->message, HD_REMOTE_REASON);
	ck_assert_int_eq(res->status, HD_FAIL);
	hd_results_free(r);
	/* 4.1 needs no host fact: /info says whether userns-remap is on. */
	r = tu_run(s, "4.1", NULL, &res);
	c = tu_child(&res->top, "aa02");
	ck_assert_msg(c->status == HD_FAIL && strstr(c->message, "runs as root"),
	    "%s", c->message);
	ck_assert(tu_has_evidence(c, "userns-remap", "off"));
	c = tu_child(&res->top, "aa01");
	ck_assert_int_eq(c->status, HD_PASS);
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

/* ---- Reports and the exit status ----------------------------------------- */

START_TEST(host_block_names_the_remote_host)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	json_object *b;

	hd_snapshot_set_value(s, HD_F_ENGINE_INFO, tu_json("{\"Name\":\"far-1\","
	    "\"OperatingSystem\":\"Far OS 9\",\"KernelVersion\":\"9.9.9\"}"),
	    "GET /info");
	b = hd_report_host_block(s);
	ck_assert(hd_json_path(b, "engine_location") == NULL);
	ck_assert_str_ne(json_object_get_string(hd_json_path(b, "hostname")),
	    "far-1");
	json_object_put(b);
	set_locality(s, false);
	b = hd_report_host_block(s);
	ck_assert_str_eq(json_object_get_string(hd_json_path(b, "hostname")),
	    "far-1");
	ck_assert_str_eq(json_object_get_string(hd_json_path(b, "os")), "Far OS 9");
	ck_assert_str_eq(json_object_get_string(hd_json_path(b, "kernel")), "9.9.9");
	ck_assert_str_eq(json_object_get_string(hd_json_path(b, "engine_location")),
	    "remote");
	ck_assert(strstr(json_object_get_string(hd_json_path(b,
	    "engine_location_reason")), "reached through ssh") != NULL);
	json_object_put(b);
	hd_snapshot_free(s);
}
END_TEST

/* Run hardock scan on snapshot s saved to a file (fork and exec, no
 * shell); its exit status, and its stderr into err. */
static int
scan_saved(const struct hd_snapshot *s, char *err, size_t len)
{
	char dir[] = "/tmp/hd-remote-XXXXXX", path[96], epath[96];
	FILE *fp;
	size_t n;
	pid_t pid;
	int st;

	ck_assert(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/s.json", dir);
	snprintf(epath, sizeof(epath), "%s/err", dir);
	ck_assert(hd_snapshot_save(s, path) == 0);
	ck_assert_int_ge(pid = fork(), 0);
	if (pid == 0) {
		int out = open("/dev/null", O_WRONLY), e = open(epath,
		    O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (out < 0 || e < 0 || dup2(out, 1) < 0 || dup2(e, 2) < 0)
			_exit(127);
		execl(HD_BINARY, "hardock", "scan", "--snapshot", path, "-f", "json",
		    (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	fp = fopen(epath, "r");
	n = fp ? fread(err, 1, len - 1, fp) : 0;
	err[n] = '\0';
	if (fp)
		fclose(fp);
	tu_rmtree(dir);
	ck_assert(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* A remote engine that could not be read leaves nothing to audit. */
START_TEST(unreachable_remote_exits_3)
{
	struct hd_snapshot *s = hd_snapshot_new();
	char err[2048];

	set_locality(s, false);
	hd_snapshot_set_error(s, HD_F_ENGINE_VERSION, "GET /_ping", "cannot "
	    "connect to the Docker engine at ssh://far: ssh exited with status "
	    "255: Host key verification failed.");
	hd_snapshot_set_error(s, HD_F_ENGINE_CONN, "GET /_ping", "same");
	ck_assert_int_eq(scan_saved(s, err, sizeof(err)), 3);
	ck_assert_msg(strstr(err, "Host key verification failed.") &&
	    strstr(err, "nothing to audit: the engine is remote"), "%s", err);
	/* The same engine failure on a local engine is a report, not exit 3. */
	set_locality(s, true);
	ck_assert_int_ne(scan_saved(s, err, sizeof(err)), 3);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
remote_suite(void)
{
	Suite *s = suite_create("remote");
	TCase *where = tcase_create("locality");
	TCase *scan = tcase_create("scanner");

	tcase_add_test(where, loopback_addresses);
	tcase_add_test(where, decisions);
	suite_add_tcase(s, where);
	tcase_add_test(scan, host_facts_never_judge_a_remote_engine);
	tcase_add_test(scan, host_check_gated_only_when_remote);
	tcase_add_test(scan, objects_gated_one_by_one);
	tcase_add_test(scan, host_block_names_the_remote_host);
	tcase_add_test(scan, unreachable_remote_exits_3);
	suite_add_tcase(s, scan);
	return s;
}

HD_TEST_MAIN(remote_suite)
