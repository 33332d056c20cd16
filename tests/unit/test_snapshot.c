/* The snapshot: facts in three states, objects, and a lossless JSON round
 * trip on a rich fixture. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/report.h>

#include "testutil.h"

START_TEST(round_trip_is_lossless)
{
	struct hd_snapshot *a = tu_snapshot_fixture("snapshots/rich.json"), *b = NULL;
	char path[] = "/tmp/hardock-snapXXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(hd_snapshot_save(a, path), 0);
	ck_assert_int_eq(hd_snapshot_load(&b, path), 0);
	ck_assert_msg(json_object_equal(hd_snapshot_json(a), hd_snapshot_json(b)),
	    "snapshot changed through save and load");
	ck_assert_int_eq(hd_snapshot_count(b, HD_OBJ_CONTAINER), 4);
	ck_assert_int_eq(hd_snapshot_count(b, HD_OBJ_IMAGE), 1);
	unlink(path);
	hd_snapshot_free(a);
	hd_snapshot_free(b);
}
END_TEST

/* Evaluating the reloaded snapshot gives the same report. */
START_TEST(round_trip_gives_same_results)
{
	struct hd_snapshot *a = tu_snapshot_fixture("snapshots/rich.json"), *b = NULL;
	const char *text = json_object_to_json_string(hd_snapshot_json(a));
	struct hd_results *ra = NULL, *rb = NULL;
	struct hd_scan_opts o;

	ck_assert_int_eq(hd_snapshot_parse(&b, text, strlen(text)), 0);
	hd_scan_opts_init(&o);
	ck_assert_int_eq(hd_scan_run(&ra, a, &o), 0);
	ck_assert_int_eq(hd_scan_run(&rb, b, &o), 0);
	ck_assert_int_eq(ra->count, rb->count);
	for (size_t i = 0; i < ra->count; i++) {
		ck_assert_int_eq(ra->items[i].status, rb->items[i].status);
		ck_assert_int_eq(ra->items[i].top.nchildren, rb->items[i].top.nchildren);
	}
	ck_assert_int_eq(ra->score, rb->score);
	hd_results_free(ra);
	hd_results_free(rb);
	hd_snapshot_free(a);
	hd_snapshot_free(b);
}
END_TEST

START_TEST(fact_states)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	struct hd_fact f;

	hd_snapshot_fact(&f, s, "engine.version");
	ck_assert_int_eq(f.state, HD_FACT_VALUE);
	ck_assert_str_eq(f.source, "GET /v1.41/version");
	ck_assert_ptr_null(f.reason);
	hd_snapshot_fact(&f, s, "engine.swarm");
	ck_assert_int_eq(f.state, HD_FACT_ABSENT);
	ck_assert_str_eq(f.reason, "this node is not a swarm manager");
	hd_snapshot_fact(&f, s, "daemon.json");
	ck_assert_int_eq(f.state, HD_FACT_ERROR);
	ck_assert(strstr(f.reason, "line 3, column 7") != NULL);
	/* A fact no collector recorded is never mistaken for a clean host. */
	hd_snapshot_fact(&f, s, "no.such.fact");
	ck_assert_int_eq(f.state, HD_FACT_ERROR);
	ck_assert_str_eq(f.reason, "not collected");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(objects_and_labels)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	struct hd_object o;

	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 0);
	ck_assert_int_eq(o.inspect.state, HD_FACT_VALUE);
	ck_assert_ptr_nonnull(o.labels);
	ck_assert(json_object_object_get_ex(o.labels, "com.example.dots", NULL));
	hd_snapshot_object(&o, s, HD_OBJ_CONTAINER, 3);
	ck_assert_str_eq(o.name, "gone");
	ck_assert_int_eq(o.inspect.state, HD_FACT_ERROR);
	ck_assert_str_eq(o.inspect.reason, "removed during the scan");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(setters_replace_and_build)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;

	hd_snapshot_set_error(s, "k", "src", "first %d", 1);
	hd_snapshot_set_value(s, "k", json_object_new_int(7), "src2");
	hd_snapshot_fact(&f, s, "k");
	ck_assert_int_eq(f.state, HD_FACT_VALUE);
	ck_assert_int_eq(json_object_get_int(f.value), 7);
	ck_assert_str_eq(f.source, "src2");
	hd_snapshot_add_object_error(s, HD_OBJ_IMAGE, "sha256:x", "img", "GET", "gone %s",
	    "now");
	ck_assert_int_eq(hd_snapshot_count(s, HD_OBJ_IMAGE), 1);
	ck_assert_int_eq(hd_snapshot_count(s, HD_OBJ_CONTAINER), 0);
	hd_snapshot_free(s);
	hd_snapshot_free(NULL);
}
END_TEST

/* Objects are found by id through an index kept up to date by adds and
 * removals; the first object with an id is the one found. */
START_TEST(find_by_id)
{
	struct hd_snapshot *s = hd_snapshot_new();
	size_t i = 99;
	char id[16];

	for (int k = 0; k < 300; k++) {
		snprintf(id, sizeof(id), "c%d", k % 200);
		hd_snapshot_add_object(s, HD_OBJ_CONTAINER, id, "n",
		    json_object_new_object(), "src");
	}
	ck_assert(hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "c150"));
	ck_assert_uint_eq(i, 150);
	ck_assert(hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "c7"));
	ck_assert_uint_eq(i, 7); /* the first of c7 (7 and 207) */
	ck_assert(!hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "c200"));
	ck_assert(!hd_snapshot_find(&i, s, HD_OBJ_IMAGE, "c7"));
	ck_assert(!hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, NULL));
	hd_snapshot_add_object(s, HD_OBJ_CONTAINER, "new", "n",
	    json_object_new_object(), "src");
	ck_assert(hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "new"));
	ck_assert_uint_eq(i, 300);
	ck_assert(hd_snapshot_remove(s, HD_OBJ_CONTAINER, "c7"));
	ck_assert(hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "c7"));
	ck_assert_uint_eq(i, 206); /* the second c7, one place earlier now */
	ck_assert(hd_snapshot_find(&i, s, HD_OBJ_CONTAINER, "new"));
	ck_assert_uint_eq(i, 299);
	hd_snapshot_free(s);
}
END_TEST

/* Malformed snapshot files are refused with a message, never half-loaded. */
START_TEST(malformed_snapshots_refused)
{
	static const char *const bad[] = {
		"", "{", "[]", "null", "{\"snapshot_version\": 2}",
		"{\"snapshot_version\": 1, \"facts\": []}",
		"{\"snapshot_version\": 1, \"objects\": {\"container\": {}}}",
		"{\"snapshot_version\": 1} trailing",
	};
	struct hd_snapshot *s = (struct hd_snapshot *)0x1;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(hd_snapshot_parse(&s, bad[i], strlen(bad[i])) ==
		    HD_EPARSE, "accepted: %s", bad[i]);
		ck_assert_ptr_null(s);
		ck_assert(hd_error_last()[0] != '\0');
	}
	ck_assert_int_eq(hd_snapshot_load(&s, "/nonexistent/snap.json"), HD_ENOTFOUND);
	ck_assert(strstr(hd_error_last(), "/nonexistent/snap.json") != NULL);
}
END_TEST

/* A malformed fact inside a valid snapshot reads as an error fact. */
START_TEST(malformed_fact_is_error)
{
	const char *text = "{\"snapshot_version\":1,\"facts\":{\"a\":5,"
	    "\"b\":{\"state\":\"bogus\"},\"c\":{\"state\":\"value\"}}}";
	struct hd_snapshot *s = NULL;
	struct hd_fact f;

	ck_assert_int_eq(hd_snapshot_parse(&s, text, strlen(text)), 0);
	hd_snapshot_fact(&f, s, "a");
	ck_assert_int_eq(f.state, HD_FACT_ERROR);
	hd_snapshot_fact(&f, s, "b");
	ck_assert_int_eq(f.state, HD_FACT_ERROR);
	hd_snapshot_fact(&f, s, "c");
	ck_assert_int_eq(f.state, HD_FACT_VALUE);
	ck_assert_ptr_null(f.value);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
snapshot_suite(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("snapshot");

	tcase_add_test(tc, round_trip_is_lossless);
	tcase_add_test(tc, round_trip_gives_same_results);
	tcase_add_test(tc, fact_states);
	tcase_add_test(tc, objects_and_labels);
	tcase_add_test(tc, setters_replace_and_build);
	tcase_add_test(tc, malformed_snapshots_refused);
	tcase_add_test(tc, find_by_id);
	tcase_add_test(tc, malformed_fact_is_error);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(snapshot_suite)
