/* CIS section 6: image and container sprawl on fixtures. */
#include <string.h>

#include "testutil.h"

/* A host with two images (one used, one dangling and unused) and three
 * containers (running, exited, created). */
static struct hd_snapshot *
host(void)
{
	struct hd_snapshot *s = hd_snapshot_new();

	tu_add_image(s, "{\"Id\":\"sha256:used\",\"RepoTags\":[\"app:1\"]}");
	tu_add_image(s, "{\"Id\":\"sha256:old\",\"RepoTags\":[\"<none>:<none>\"]}");
	tu_add_image(s, "{\"Id\":\"sha256:tagged\",\"RepoTags\":[\"debian:12\"]}");
	tu_add_container(s, "{\"Id\":\"c1\",\"Name\":\"/web\",\"Image\":\"sha256:used\","
	    "\"State\":{\"Status\":\"running\"}}");
	tu_add_container(s, "{\"Id\":\"c2\",\"Name\":\"/job\",\"Image\":\"sha256:used\","
	    "\"State\":{\"Status\":\"exited\"}}");
	tu_add_container(s, "{\"Id\":\"c3\",\"Name\":\"/new\",\"Image\":\"sha256:used\","
	    "\"State\":{\"Status\":\"created\"}}");
	return s;
}

START_TEST(image_sprawl)
{
	struct hd_snapshot *s = host();
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, "ops.image_sprawl", NULL, &res);
	static const char *const allow2[] = { "max_unused_images=2", NULL };

	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert_ptr_nonnull(strstr(res->top.message, "2 of 3 images"));
	ck_assert(tu_has_evidence(&res->top, "images used by no container", "2"));
	ck_assert(tu_has_evidence(&res->top, "untagged (dangling) images", "1"));
	ck_assert(tu_has_evidence(&res->top, "unused images", "sha256:old"));
	ck_assert(tu_has_evidence(&res->top, "unused images", "debian:12"));
	ck_assert(!tu_has_evidence(&res->top, "unused images", "app:1"));
	hd_results_free(r);
	r = tu_run(s, "ops.image_sprawl", allow2, &res);
	ck_assert_int_eq(res->status, HD_PASS);
	ck_assert(tu_has_evidence(&res->top, "max_unused_images", "2"));
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(image_sprawl_errors)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ck_assert_int_eq(tu_status(s, "ops.image_sprawl"), HD_ERROR);
	hd_snapshot_free(s);
	/* A container whose image the engine's list does not name could use
	 * any image. */
	s = host();
	{
		struct hd_fact list;

		hd_snapshot_fact(&list, s, HD_F_ENGINE_CONTAINERS);
		json_object_array_add(list.value, tu_json("{\"Id\":\"c4\"}"));
	}
	ck_assert_int_eq(tu_status(s, "ops.image_sprawl"), HD_ERROR);
	hd_snapshot_free(s);
	s = host();
	tu_add_image(s, "{\"Id\":\"sha256:bad\",\"RepoTags\":[5]}");
	ck_assert_int_eq(tu_status(s, "ops.image_sprawl"), HD_ERROR);
	hd_snapshot_free(s);
	s = host();
	tu_add_container(s, "{\"Id\":\"c5\",\"Name\":\"/bad\",\"Image\":{}}");
	ck_assert_int_eq(tu_status(s, "ops.image_sprawl"), HD_ERROR);
	hd_snapshot_free(s);
	/* Every image in use, none left over. */
	s = hd_snapshot_new();
	tu_add_image(s, "{\"Id\":\"sha256:used\",\"RepoTags\":[\"app:1\"]}");
	tu_add_container(s, "{\"Id\":\"c1\",\"Name\":\"/web\",\"Image\":\"sha256:used\","
	    "\"State\":{\"Status\":\"running\"}}");
	ck_assert_int_eq(tu_status(s, "ops.image_sprawl"), HD_PASS);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(container_sprawl)
{
	struct hd_snapshot *s = host();
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, "ops.container_sprawl", NULL, &res);
	static const char *const allow[] = { "max_stopped_containers=2", NULL };

	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert_ptr_nonnull(strstr(res->top.message, "2 of 3 containers"));
	ck_assert_ptr_nonnull(strstr(res->top.message, "1 never started"));
	ck_assert(tu_has_evidence(&res->top, "stopped containers", "job (exited)"));
	ck_assert(tu_has_evidence(&res->top, "stopped containers", "new (created)"));
	ck_assert(tu_has_evidence(&res->top, "containers by State",
	    "\"running\": 1"));
	hd_results_free(r);
	r = tu_run(s, "ops.container_sprawl", allow, &res);
	ck_assert_int_eq(res->status, HD_PASS);
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(container_sprawl_errors)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ck_assert_int_eq(tu_status(s, "ops.container_sprawl"), HD_ERROR);
	hd_snapshot_set_value(s, HD_F_ENGINE_CONTAINERS, json_object_new_array(), "t");
	ck_assert_int_eq(tu_status(s, "ops.container_sprawl"), HD_PASS);
	tu_add_container(s, "{\"Id\":\"c\",\"Name\":\"/x\",\"State\":{\"Status\":1}}");
	ck_assert_int_eq(tu_status(s, "ops.container_sprawl"), HD_ERROR);
	hd_snapshot_free(s);
	s = hd_snapshot_new();
	tu_add_container(s, "{\"Id\":\"c\",\"Name\":\"/x\",\"State\":[]}");
	ck_assert_int_eq(tu_status(s, "ops.container_sprawl"), HD_ERROR);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_operations");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, image_sprawl);
	tcase_add_test(tc, image_sprawl_errors);
	tcase_add_test(tc, container_sprawl);
	tcase_add_test(tc, container_sprawl_errors);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
