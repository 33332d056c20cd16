/* The swarm state collector: its parser alone, and a read under --root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/collect.h>

#include "collect/collectors.h"
#include "testutil.h"

START_TEST(parse)
{
	static const char good[] = "{\"ListenAddr\":\"0.0.0.0:2377\"}\n";
	json_object *o = (json_object *)1;

	ck_assert_int_eq(hd_swarm_state_parse(&o, good, strlen(good)), 0);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(o,
	    "ListenAddr")), "0.0.0.0:2377");
	json_object_put(o);
	ck_assert_int_eq(hd_swarm_state_parse(&o, "{\"a\":", 5), HD_EPARSE);
	ck_assert_ptr_null(o);
	ck_assert_int_eq(hd_swarm_state_parse(&o, "[1]", 3), HD_EPARSE);
	ck_assert_ptr_nonnull(strstr(hd_error_last(), "not a JSON object"));
	ck_assert_int_eq(hd_swarm_state_parse(&o, "{} x", 4), HD_EPARSE);
	ck_assert_int_eq(hd_swarm_state_parse(&o, "", 0), HD_EPARSE);
}
END_TEST

/* Write text to root/rel, creating directories. */
static void
put(const char *root, const char *rel, const char *text)
{
	char path[4096], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	for (p = strchr(path + strlen(root) + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	ck_assert((f = fopen(path, "w")) != NULL);
	fputs(text, f);
	fclose(f);
}

START_TEST(collect_under_root)
{
	char root[] = "/tmp/hd-swarmstate-XXXXXX";
	struct hd_collect_opts o;
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;

	ck_assert_ptr_nonnull(mkdtemp(root));
	memset(&o, 0, sizeof(o));
	o.root = root;
	hd_collect_swarm_state(s, &o);
	hd_snapshot_fact(&f, s, HD_F_SWARM_STATE);
	ck_assert_int_eq(f.state, HD_FACT_ABSENT);
	ck_assert_ptr_nonnull(strstr(f.reason, "never joined a swarm"));
	/* The data root comes from /info when the engine reports it. */
	hd_snapshot_set_value(s, HD_F_ENGINE_INFO,
	    tu_json("{\"DockerRootDir\":\"/srv/docker\"}"), "GET /info");
	put(root, "/srv/docker/swarm/docker-state.json",
	    "{\"ListenAddr\":\"10.0.0.1:2377\",\"DataPathAddr\":\"\"}");
	hd_collect_swarm_state(s, &o);
	hd_snapshot_fact(&f, s, HD_F_SWARM_STATE);
	ck_assert_int_eq(f.state, HD_FACT_VALUE);
	ck_assert_str_eq(f.source, "/srv/docker/swarm/docker-state.json");
	put(root, "/srv/docker/swarm/docker-state.json", "{broken");
	hd_collect_swarm_state(s, &o);
	hd_snapshot_fact(&f, s, HD_F_SWARM_STATE);
	ck_assert_int_eq(f.state, HD_FACT_ERROR);
	ck_assert_ptr_nonnull(strstr(f.reason, "not valid JSON"));
	hd_snapshot_free(s);
	tu_rmtree(root);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("swarmstate");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse);
	tcase_add_test(tc, collect_under_root);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
