/* HD-ENGINE-1: the engine is reached over a unix socket or verified TLS. */
#include <string.h>

#include "testutil.h"

/* A snapshot whose engine was reached at target (JSON text). */
static struct hd_snapshot *
reached(const char *target)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_value(s, HD_F_ENGINE_TARGET, tu_json(target), "-H");
	hd_snapshot_set_value(s, HD_F_ENGINE_CONN, tu_json("{\"url\":\"x\","
	    "\"api_version\":\"1.43\",\"kind\":\"docker\"}"), "GET /_ping");
	return s;
}

/* Run HD-ENGINE-1 on s, assert status, that the message has text and
 * that evidence ev_field holds ev_value (JSON text, so no '/'). */
static void
expect(struct hd_snapshot *s, enum hd_status st, const char *text,
    const char *ev_field, const char *ev_value)
{
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, "engine.transport", NULL, &res);

	ck_assert_msg(res->status == st, "status %s, message %s",
	    hd_status_name(res->status), res->top.message);
	ck_assert_msg(strstr(res->top.message, text), "message: %s",
	    res->top.message);
	if (ev_field)
		ck_assert(tu_has_evidence(&res->top, ev_field, ev_value));
	hd_results_free(r);
	hd_snapshot_free(s);
}

START_TEST(unix_socket_passes)
{
	expect(reached("{\"url\":\"unix:///var/run/docker.sock\",\"scheme\":\"unix\","
	    "\"tls\":false,\"tls_verify\":false}"), HD_PASS, "unix socket",
	    "url", "docker.sock");
}
END_TEST

START_TEST(plain_tcp_fails)
{
	expect(reached("{\"url\":\"tcp://10.0.0.5:2375\",\"scheme\":\"tcp\","
	    "\"tls\":false,\"tls_verify\":false}"), HD_FAIL,
	    "tcp://10.0.0.5:2375 without TLS", "url", "10.0.0.5:2375");
}
END_TEST

START_TEST(unverified_tls_fails)
{
	expect(reached("{\"url\":\"tcp://10.0.0.5:2376\",\"scheme\":\"tcp\","
	    "\"tls\":true,\"tls_verify\":false}"), HD_FAIL,
	    "without verifying its certificate", "tls_verify", "false");
}
END_TEST

START_TEST(verified_tls_passes)
{
	expect(reached("{\"url\":\"tcp://10.0.0.5:2376\",\"scheme\":\"tcp\","
	    "\"tls\":true,\"tls_verify\":true}"), HD_PASS, "with verified TLS",
	    "tls", "true");
}
END_TEST

START_TEST(ssh_passes)
{
	expect(reached("{\"url\":\"ssh://ops@build-1\",\"scheme\":\"ssh\","
	    "\"tls\":false,\"tls_verify\":false,\"ssh_command\":[\"ssh\"]}"),
	    HD_PASS, "through ssh (ssh://ops@build-1), its host key checked",
	    "url", "ssh:");
}
END_TEST

/* Nothing was audited when the engine could not be reached. */
START_TEST(unreachable_is_error)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_value(s, HD_F_ENGINE_TARGET, tu_json("{\"url\":"
	    "\"tcp://10.0.0.5:2375\",\"scheme\":\"tcp\",\"tls\":false}"), "-H");
	hd_snapshot_set_error(s, HD_F_ENGINE_CONN, "GET /_ping", "cannot connect "
	    "to the Docker engine at tcp://10.0.0.5:2375: refused");
	expect(s, HD_ERROR, "cannot connect to the Docker engine", NULL, NULL);
}
END_TEST

START_TEST(no_target_is_error)
{
	expect(hd_snapshot_new(), HD_ERROR, "not collected", NULL, NULL);
}
END_TEST

START_TEST(malformed_target_is_error)
{
	expect(reached("{\"url\":\"tcp://h:1\",\"scheme\":\"tcp\",\"tls\":\"yes\"}"),
	    HD_ERROR, "tls: expected boolean", NULL, NULL);
}
END_TEST

static Suite *
check_suite(void)
{
	Suite *s = suite_create("HD-ENGINE-1");
	TCase *tc = tcase_create("transport");

	tcase_add_test(tc, unix_socket_passes);
	tcase_add_test(tc, plain_tcp_fails);
	tcase_add_test(tc, unverified_tls_fails);
	tcase_add_test(tc, verified_tls_passes);
	tcase_add_test(tc, ssh_passes);
	tcase_add_test(tc, unreachable_is_error);
	tcase_add_test(tc, no_target_is_error);
	tcase_add_test(tc, malformed_target_is_error);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(check_suite)
