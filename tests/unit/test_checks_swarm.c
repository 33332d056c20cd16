/* CIS section 7 (swarm) on fixtures: a manager, an inactive engine, an
 * engine whose swarm facts failed. */
#include <string.h>

#include "testutil.h"

static const char *const section7[] = { "7.1", "7.2", "7.3", "7.4", "7.5",
	"7.6", "7.7", "7.8", "7.9" };

#define NODE(host, role, leader) "{\"ID\":\"" host "\",\"Spec\":{\"Role\":\"" \
	role "\"},\"Description\":{\"Hostname\":\"" host "\"},\"ManagerStatus\":" \
	"{\"Addr\":\"10.0.0.1:2377\",\"Reachability\":\"reachable\",\"Leader\":" \
	leader "}}"

/* A healthy swarm manager: everything CIS asks for is in place. */
static struct hd_snapshot *
good_manager(void)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_meta(s, HD_META_COLLECTED_AT, "2024-03-01T00:00:00Z");
	hd_snapshot_set_value(s, HD_F_ENGINE_SWARM, tu_json("{\"ID\":\"sw\","
	    "\"CreatedAt\":\"2024-01-01T00:00:00Z\",\"UpdatedAt\":\"2024-02-01T00:00:00Z\","
	    "\"JoinTokens\":{\"Worker\":\"SWMTKN-1-worker-secret\"},"
	    "\"Spec\":{\"EncryptionConfig\":{\"AutoLockManagers\":true},"
	    "\"CAConfig\":{\"NodeCertExpiry\":2592000000000000,\"ForceRotate\":2},"
	    "\"Dispatcher\":{\"HeartbeatPeriod\":5000000000}},"
	    "\"TLSInfo\":{\"CertIssuerSubject\":\"MBMxETAPBgNVBAMTCHN3YXJtLWNh\"},"
	    "\"RootRotationInProgress\":false}"), "GET /swarm");
	hd_snapshot_set_value(s, HD_F_ENGINE_NODES, tu_json("["
	    NODE("m1", "manager", "true") "," NODE("m2", "manager", "false") ","
	    NODE("m3", "manager", "false") ",{\"ID\":\"w1\",\"Spec\":{\"Role\":"
	    "\"worker\"},\"Description\":{\"Hostname\":\"w1\"}}]"), "GET /nodes");
	hd_snapshot_set_value(s, HD_F_ENGINE_NETWORKS, tu_json("["
	    "{\"Id\":\"n1\",\"Name\":\"bridge\",\"Driver\":\"bridge\",\"Options\":{}},"
	    "{\"Id\":\"n2\",\"Name\":\"ingress\",\"Driver\":\"overlay\",\"Options\":"
	    "{\"encrypted\":\"\"}},"
	    "{\"Id\":\"n3\",\"Name\":\"backend\",\"Driver\":\"overlay\",\"Options\":"
	    "{\"encrypted\":\"true\"}}]"), "GET /networks");
	hd_snapshot_set_value(s, HD_F_ENGINE_SERVICES, tu_json("[{\"Spec\":{\"Name\":"
	    "\"db\",\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":["
	    "\"POSTGRES_PASSWORD_FILE=/run/secrets/db\"],\"Secrets\":[{\"SecretName\":"
	    "\"db\"}]}}}}]"), "GET /services");
	hd_snapshot_set_value(s, HD_F_ENGINE_SECRETS, tu_json("[{\"Spec\":{\"Name\":"
	    "\"db\"}}]"), "GET /secrets");
	hd_snapshot_set_value(s, HD_F_SWARM_STATE, tu_json("{\"ListenAddr\":"
	    "\"10.0.0.1:2377\",\"AdvertiseAddr\":\"10.0.0.1\",\"DataPathAddr\":"
	    "\"10.1.0.1\"}"), "/var/lib/docker/swarm/docker-state.json");
	return s;
}

/* Run id; check status, a message part and optionally an evidence. */
static void
expect(const struct hd_snapshot *s, const char *id, enum hd_status st,
    const char *msg, const char *field, const char *value)
{
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, id, NULL, &res);

	ck_assert_msg(res->status == st, "%s: status %s, expected %s (%s)", id,
	    hd_status_name(res->status), hd_status_name(st),
	    res->top.message ? res->top.message : "");
	if (msg != NULL)
		ck_assert_msg(res->top.message && strstr(res->top.message, msg),
		    "%s: message \"%s\" lacks \"%s\"", id,
		    res->top.message ? res->top.message : "", msg);
	if (field != NULL)
		ck_assert_msg(tu_has_evidence(&res->top, field, value),
		    "%s: no evidence %s=%s", id, field, value ? value : "*");
	/* Join tokens are credentials: never evidence. */
	ck_assert(!tu_has_evidence(&res->top, "JoinTokens", NULL));
	for (size_t i = 0; i < res->top.nevidence; i++)
		ck_assert_ptr_null(strstr(json_object_to_json_string(
		    res->top.evidence[i].value), "SWMTKN"));
	hd_results_free(r);
}

START_TEST(inactive_is_notapplicable)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_absent(s, HD_F_ENGINE_SWARM, "GET /swarm",
	    "this node is not a swarm manager");
	hd_snapshot_set_value(s, HD_F_ENGINE_INFO, tu_json("{\"Swarm\":"
	    "{\"LocalNodeState\":\"inactive\"}}"), "GET /info");
	for (size_t i = 0; i < sizeof(section7) / sizeof(*section7); i++)
		expect(s, section7[i], HD_NOTAPPLICABLE, "not a swarm manager",
		    "Swarm.LocalNodeState", "inactive");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(fact_error_is_error)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_error(s, HD_F_ENGINE_SWARM, "GET /swarm",
	    "cannot connect to the Docker engine");
	for (size_t i = 0; i < sizeof(section7) / sizeof(*section7); i++)
		expect(s, section7[i], HD_ERROR, "cannot connect", NULL, NULL);
	hd_snapshot_free(s);
	/* Not collected at all. */
	s = hd_snapshot_new();
	for (size_t i = 0; i < sizeof(section7) / sizeof(*section7); i++)
		expect(s, section7[i], HD_ERROR, "not collected", NULL, NULL);
	hd_snapshot_free(s);
	/* A /swarm body that is not an object. */
	s = good_manager();
	hd_snapshot_set_value(s, HD_F_ENGINE_SWARM, tu_json("[]"), "GET /swarm");
	for (size_t i = 0; i < sizeof(section7) / sizeof(*section7); i++)
		expect(s, section7[i], HD_ERROR, "expected object", NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(good_manager_passes)
{
	struct hd_snapshot *s = good_manager();

	expect(s, "swarm.managers", HD_PASS, "3 managers", "manager nodes", "m1 10.0.0.1:2377 "
	    "reachable leader");
	expect(s, "swarm.managers", HD_PASS, NULL, "workers", "1");
	expect(s, "swarm.service_bind", HD_PASS, "listens on 10.0.0.1:2377", "ListenAddr",
	    "10.0.0.1:2377");
	expect(s, "swarm.overlay_encryption", HD_PASS, "2 overlay", "Options.encrypted", "true");
	expect(s, "swarm.secrets", HD_PASS, "1 of 1 services", "swarm secrets", "db");
	expect(s, "swarm.autolock", HD_PASS, "auto-locked",
	    "Spec.EncryptionConfig.AutoLockManagers", "true");
	expect(s, "swarm.autolock_rotation", HD_MANUAL, "does not record", "UpdatedAt", "2024-02-01");
	expect(s, "swarm.node_cert_rotation", HD_PASS, "720 hours", "Spec.CAConfig.NodeCertExpiry (hours)",
	    "720");
	expect(s, "swarm.ca_rotation", HD_MANUAL, "ForceRotate 2", "swarm age (days)", "60");
	expect(s, "swarm.plane_separation", HD_PASS, "data path on 10.1.0.1", "DataPathAddr", "10.1.0.1");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(bad_manager_fails)
{
	struct hd_snapshot *s = good_manager();

	hd_snapshot_set_value(s, HD_F_ENGINE_SWARM, tu_json("{\"CreatedAt\":"
	    "\"2024-01-01T00:00:00Z\",\"Spec\":{\"EncryptionConfig\":"
	    "{\"AutoLockManagers\":false},\"CAConfig\":{\"NodeCertExpiry\":"
	    "31536000000000000}}}"), "GET /swarm");
	hd_snapshot_set_value(s, HD_F_ENGINE_NODES, tu_json("["
	    NODE("m1", "manager", "true") "," NODE("m2", "manager", "false") "]"),
	    "GET /nodes");
	hd_snapshot_set_value(s, HD_F_ENGINE_NETWORKS, tu_json("["
	    "{\"Id\":\"n2\",\"Name\":\"ingress\",\"Driver\":\"overlay\",\"Options\":"
	    "null},{\"Id\":\"n3\",\"Name\":\"backend\",\"Driver\":\"overlay\","
	    "\"Options\":{\"encrypted\":\"\"}}]"), "GET /networks");
	hd_snapshot_set_value(s, HD_F_ENGINE_SERVICES, tu_json("[{\"Spec\":{\"Name\":"
	    "\"db\",\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":["
	    "\"POSTGRES_PASSWORD=hunter2hunter2\"]}}}}]"), "GET /services");
	hd_snapshot_set_value(s, HD_F_SWARM_STATE, tu_json("{\"ListenAddr\":"
	    "\"0.0.0.0:2377\",\"AdvertiseAddr\":\"10.0.0.1:2377\",\"DataPathAddr\":"
	    "\"\"}"), "/var/lib/docker/swarm/docker-state.json");
	expect(s, "swarm.managers", HD_FAIL, "2 managers: an even count", "managers", "2");
	expect(s, "swarm.service_bind", HD_FAIL, "every interface", "ListenAddr", "0.0.0.0:2377");
	expect(s, "swarm.overlay_encryption", HD_FAIL, "unencrypted", "Options.encrypted", "false");
	expect(s, "swarm.secrets", HD_FAIL, "POSTGRES_PASSWORD", "service db Env",
	    "<redacted>");
	expect(s, "swarm.autolock", HD_FAIL, "auto-lock is off",
	    "Spec.EncryptionConfig.AutoLockManagers", "false");
	expect(s, "swarm.autolock_rotation", HD_NOTAPPLICABLE, "no unlock key", NULL, NULL);
	expect(s, "swarm.node_cert_rotation", HD_FAIL, "365 days, more than 90", NULL, NULL);
	expect(s, "swarm.ca_rotation", HD_MANUAL, "never rotated", "Spec.CAConfig.ForceRotate", "0");
	expect(s, "swarm.plane_separation", HD_FAIL, "no --data-path-addr", "AdvertiseAddr",
	    "10.0.0.1:2377");
	{
		const struct hd_result *res;
		struct hd_results *r = tu_run(s, "swarm.secrets", NULL, &res);

		for (size_t i = 0; i < res->top.nevidence; i++)
			ck_assert_ptr_null(strstr(json_object_to_json_string(
			    res->top.evidence[i].value), "hunter2"));
		hd_results_free(r);
		r = tu_run(s, "swarm.overlay_encryption", NULL, &res);
		ck_assert_int_eq(tu_child_of(res, "ingress")->status, HD_FAIL);
		ck_assert_int_eq(tu_child_of(res, "backend")->status, HD_PASS);
		hd_results_free(r);
	}
	hd_snapshot_free(s);
}
END_TEST

START_TEST(edge_cases)
{
	struct hd_snapshot *s = good_manager();
	static const char *const five[] = { "max_managers=1", NULL };
	const struct hd_result *res;
	struct hd_results *r;

	/* Over the allowed count. */
	r = tu_run(s, "swarm.managers", five, &res);
	ck_assert_int_eq(res->status, HD_FAIL);
	ck_assert_ptr_nonnull(strstr(res->top.message, "more than the 1 allowed"));
	hd_results_free(r);
	/* IPv6 wildcard, same data and management address, default expiry. */
	hd_snapshot_set_value(s, HD_F_SWARM_STATE, tu_json("{\"ListenAddr\":"
	    "\"[::]:2377\",\"AdvertiseAddr\":\"10.0.0.1:2377\",\"DataPathAddr\":"
	    "\"10.0.0.1\"}"), "state");
	hd_snapshot_set_value(s, HD_F_ENGINE_SWARM, tu_json("{\"Spec\":{}}"),
	    "GET /swarm");
	expect(s, "swarm.service_bind", HD_FAIL, "every interface", NULL, NULL);
	expect(s, "swarm.plane_separation", HD_FAIL, "is the management address", NULL, NULL);
	expect(s, "swarm.node_cert_rotation", HD_PASS, "2160 hours",
	    "Spec.CAConfig.NodeCertExpiry (hours)", "2160");
	/* No services, no overlays. */
	hd_snapshot_set_value(s, HD_F_ENGINE_SERVICES, tu_json("[]"), "GET /services");
	hd_snapshot_set_value(s, HD_F_ENGINE_NETWORKS, tu_json("[]"), "GET /networks");
	expect(s, "swarm.secrets", HD_NOTAPPLICABLE, "no services", NULL, NULL);
	expect(s, "swarm.overlay_encryption", HD_NOTAPPLICABLE, "no overlay", NULL, NULL);
	/* Missing facts of a manager: error, never pass. */
	hd_snapshot_set_error(s, HD_F_SWARM_STATE, "state", "permission denied");
	hd_snapshot_set_error(s, HD_F_ENGINE_NODES, "GET /nodes", "HTTP 503");
	expect(s, "swarm.service_bind", HD_ERROR, "permission denied", NULL, NULL);
	expect(s, "swarm.plane_separation", HD_ERROR, "permission denied", NULL, NULL);
	expect(s, "swarm.managers", HD_ERROR, "HTTP 503", NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(hostile_types)
{
	struct hd_snapshot *s = good_manager();

	hd_snapshot_set_value(s, HD_F_ENGINE_SWARM, tu_json("{\"CreatedAt\":1,"
	    "\"UpdatedAt\":[],\"Spec\":{\"EncryptionConfig\":{\"AutoLockManagers\":"
	    "\"yes\"},\"CAConfig\":{\"NodeCertExpiry\":\"90d\",\"ForceRotate\":\"1\"}}}"),
	    "GET /swarm");
	hd_snapshot_set_value(s, HD_F_ENGINE_NODES, tu_json("[{\"Spec\":{\"Role\":7}}]"),
	    "GET /nodes");
	hd_snapshot_set_value(s, HD_F_ENGINE_NETWORKS, tu_json("[\"overlay\"]"),
	    "GET /networks");
	hd_snapshot_set_value(s, HD_F_ENGINE_SERVICES, tu_json("[{\"Spec\":{\"Name\":"
	    "\"x\",\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":[1]}}}}]"), "GET /services");
	hd_snapshot_set_value(s, HD_F_SWARM_STATE, tu_json("{\"ListenAddr\":1,"
	    "\"DataPathAddr\":false}"), "state");
	for (size_t i = 0; i < sizeof(section7) / sizeof(*section7); i++)
		expect(s, section7[i], HD_ERROR, "expected", NULL, NULL);
	hd_snapshot_set_value(s, HD_F_ENGINE_NETWORKS, tu_json("{}"), "GET /networks");
	hd_snapshot_set_value(s, HD_F_ENGINE_SECRETS, tu_json("[{\"Spec\":{\"Name\":2}}]"),
	    "GET /secrets");
	expect(s, "swarm.overlay_encryption", HD_ERROR, "expected array", NULL, NULL);
	expect(s, "swarm.secrets", HD_ERROR, "expected string", NULL, NULL);
	hd_snapshot_set_value(s, HD_F_ENGINE_SWARM, tu_json("{\"Spec\":{\"CAConfig\":"
	    "{\"NodeCertExpiry\":-1}}}"), "GET /swarm");
	expect(s, "swarm.node_cert_rotation", HD_ERROR, "negative", NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_swarm");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, inactive_is_notapplicable);
	tcase_add_test(tc, fact_error_is_error);
	tcase_add_test(tc, good_manager_passes);
	tcase_add_test(tc, bad_manager_fails);
	tcase_add_test(tc, edge_cases);
	tcase_add_test(tc, hostile_types);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
