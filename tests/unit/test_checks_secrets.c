/* HD-SECRET-1 (containers) and HD-SECRET-2 (images) on fixtures. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* The finding of check id for object name; results kept in *r. */
static const struct hd_finding *
finding(struct hd_results **r, const struct hd_snapshot *s, const char *id,
    const char *name)
{
	const struct hd_result *res;
	const struct hd_finding *c;

	*r = tu_run(s, id, NULL, &res);
	c = tu_child_of(res, name);
	ck_assert_msg(c != NULL, "%s: no finding for %s", id, name);
	return c;
}

/* No evidence of f holds needle. */
static void
assert_not_leaked(const struct hd_finding *f, const char *needle)
{
	for (size_t i = 0; i < f->nevidence; i++)
		ck_assert_ptr_null(strstr(json_object_to_json_string(
		    f->evidence[i].value), needle));
	ck_assert_ptr_null(strstr(f->message, needle));
}

#define IMAGE "{\"Id\":\"sha256:1\",\"RepoTags\":[\"app:1\"],\"Config\":" \
	"{\"Env\":[\"PATH=/bin\",\"APP_SECRET=from-the-image-1\"]}}"

START_TEST(container_env)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_results *r;
	const struct hd_finding *f;

	tu_add_image(s, IMAGE);
	tu_add_container(s, "{\"Id\":\"c1\",\"Name\":\"/leaky\",\"Image\":\"sha256:1\","
	    "\"Path\":\"/app\",\"Args\":[\"--db-password=sup3rs3cret!\",\"-v\"],"
	    "\"Config\":{\"Env\":[\"PATH=/bin\",\"APP_SECRET=from-the-image-1\","
	    "\"DB_PASSWORD=hunter2hunter2\",\"AWS_KEY=AKIAIOSFODNN7EXAMPLE\"],"
	    "\"Labels\":{\"deploy.token\":\"xoxb-1234567890-abcdefghij\"}}}");
	tu_add_container(s, "{\"Id\":\"c2\",\"Name\":\"/clean\",\"Image\":\"sha256:1\","
	    "\"Path\":\"/app\",\"Args\":[],\"Config\":{\"Env\":[\"PATH=/bin\","
	    "\"DB_PASSWORD_FILE=/run/secrets/db\",\"TOKENIZERS_PARALLELISM=false\"]}}");
	f = finding(&r, s, "container.env_secrets", "leaky");
	ck_assert_int_eq(f->status, HD_FAIL);
	ck_assert_ptr_nonnull(strstr(f->message, "5 secrets"));
	ck_assert(tu_has_evidence(f, "Config.Env", "DB_PASSWORD"));
	ck_assert(tu_has_evidence(f, "Config.Env", "<redacted>"));
	ck_assert(tu_has_evidence(f, "Config.Env", "AWS access key id"));
	ck_assert(tu_has_evidence(f, "Config.Env (set by the image)", "APP_SECRET"));
	ck_assert(tu_has_evidence(f, "Args", "db-password"));
	ck_assert(tu_has_evidence(f, "Config.Labels", "deploy.token"));
	assert_not_leaked(f, "hunter2");
	assert_not_leaked(f, "IOSFODNN");
	assert_not_leaked(f, "s3cret");
	assert_not_leaked(f, "the-image");
	assert_not_leaked(f, "abcdefghij");
	hd_results_free(r);
	f = finding(&r, s, "container.env_secrets", "clean");
	ck_assert_int_eq(f->status, HD_PASS);
	ck_assert_ptr_nonnull(strstr(f->message, "no secret"));
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(container_hostile)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ck_assert_int_eq(tu_status(s, "container.env_secrets"), HD_ERROR);
	hd_snapshot_set_value(s, HD_F_ENGINE_CONTAINERS, json_object_new_array(), "t");
	ck_assert_int_eq(tu_status(s, "container.env_secrets"), HD_NOTAPPLICABLE);
	tu_add_container(s, "{\"Id\":\"a\",\"Name\":\"/a\",\"Config\":{\"Env\":[1]}}");
	tu_add_container(s, "{\"Id\":\"b\",\"Name\":\"/b\",\"Config\":{\"Env\":\"X=1\"}}");
	tu_add_container(s, "{\"Id\":\"c\",\"Name\":\"/c\",\"Config\":{},\"Args\":{}}");
	tu_add_container(s, "{\"Id\":\"d\",\"Name\":\"/d\",\"Config\":{\"Labels\":"
	    "{\"k\":[]}}}");
	tu_add_container(s, "{\"Id\":\"e\",\"Name\":\"/e\",\"Config\":[]}");
	for (const char *n = "abcde"; *n; n++) {
		struct hd_results *r;
		char name[2] = { *n, 0 };
		const struct hd_finding *f = finding(&r, s, "container.env_secrets", name);

		ck_assert_msg(f->status == HD_ERROR, "container %s", name);
		ck_assert_ptr_nonnull(strstr(f->message, "expected"));
		hd_results_free(r);
	}
	hd_snapshot_free(s);
}
END_TEST

START_TEST(image_metadata)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_results *r;
	const struct hd_finding *f;

	tu_add_image(s, "{\"Id\":\"sha256:1\",\"RepoTags\":[\"leaky:1\"],"
	    "\"Comment\":\"built with GITLAB=glpat-abcdefghij0123456789\","
	    "\"Config\":{\"Env\":[\"PATH=/bin\"],\"Labels\":{\"api_key\":"
	    "\"0123456789abcdef\"},\"Cmd\":[\"run\",\"--token=zzzzzzzzzzzz\"]}}");
	tu_add_image(s, "{\"Id\":\"sha256:2\",\"RepoTags\":[\"clean:1\"],"
	    "\"Config\":{\"Env\":[\"PATH=/bin\"],\"Labels\":{\"maintainer\":\"me\"},"
	    "\"Cmd\":[\"sh\"]}}");
	tu_add_image(s, "{\"Id\":\"sha256:3\",\"RepoTags\":[\"bad:1\"],"
	    "\"Config\":{\"Labels\":{\"x\":1}}}");
	tu_add_image(s, "{\"Id\":\"sha256:4\",\"RepoTags\":[\"nohist:1\"],\"Config\":{}}");
	hd_snapshot_set_value(s, HD_F_IMAGE_HISTORY "sha256:1", tu_json(
	    "[{\"CreatedBy\":\"/bin/sh -c #(nop)  ENV PATH=/bin\"}]"), "t");
	hd_snapshot_set_value(s, HD_F_IMAGE_HISTORY "sha256:2", tu_json(
	    "[{\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\"}]"), "t");
	hd_snapshot_set_value(s, HD_F_IMAGE_HISTORY "sha256:3", tu_json("[]"), "t");
	hd_snapshot_set_error(s, HD_F_IMAGE_HISTORY "sha256:4", "GET /images/4/history",
	    "HTTP 500");
	f = finding(&r, s, "image.history_secrets", "leaky:1");
	ck_assert_int_eq(f->status, HD_FAIL);
	ck_assert(tu_has_evidence(f, "Config.Labels", "api_key"));
	ck_assert(tu_has_evidence(f, "Config.Cmd/Entrypoint", "token"));
	ck_assert(tu_has_evidence(f, "Comment", "GitLab token"));
	assert_not_leaked(f, "456789abcdef");
	assert_not_leaked(f, "zzzzzzzzzz");
	assert_not_leaked(f, "0123456789\"");
	hd_results_free(r);
	/* 4.10 looks at the Dockerfile only: labels and Cmd are not its. */
	f = finding(&r, s, "image.secrets", "leaky:1");
	ck_assert_int_eq(f->status, HD_PASS);
	hd_results_free(r);
	f = finding(&r, s, "image.history_secrets", "clean:1");
	ck_assert_int_eq(f->status, HD_PASS);
	ck_assert(tu_has_evidence(f, "history entries scanned", "1"));
	hd_results_free(r);
	f = finding(&r, s, "image.history_secrets", "bad:1");
	ck_assert_int_eq(f->status, HD_ERROR);
	ck_assert_ptr_nonnull(strstr(f->message, "Config.Labels.x: expected string"));
	hd_results_free(r);
	f = finding(&r, s, "image.history_secrets", "nohist:1");
	ck_assert_int_eq(f->status, HD_ERROR);
	ck_assert_ptr_nonnull(strstr(f->message, "HTTP 500"));
	hd_results_free(r);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_secrets");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, container_env);
	tcase_add_test(tc, container_hostile);
	tcase_add_test(tc, image_metadata);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
