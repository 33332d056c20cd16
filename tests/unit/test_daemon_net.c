/* hardock's daemon network checks (checks/daemon_net.c): TCP endpoints on
 * a wildcard address, registry mirrors over plain HTTP. */
#include "checkfix.h"

/* A TCP endpoint of daemon.endpoints on address. */
#define TCP(addr) "{\"url\": \"tcp://" addr "\", \"scheme\": \"tcp\", " \
	"\"address\": \"" addr "\", \"tls\": true, \"tlsverify\": true, " \
	"\"source\": \"/etc/docker/daemon.json\"}"

START_TEST(tcp_wildcard)
{
	struct hd_snapshot *s = hd_snapshot_new();

	cf_expect(s, "daemon.tcp_bind_address", HD_ERROR, NULL, NULL, "not collected");
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"unix:///run/docker.sock\", "
	    "\"scheme\": \"unix\", \"path\": \"/run/docker.sock\"}]");
	cf_expect(s, "daemon.tcp_bind_address", HD_NOTAPPLICABLE, NULL, NULL,
	    "no TCP endpoint");
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[" TCP("10.0.0.5:2376") ", "
	    TCP("[fd00::5]:2376") "]");
	cf_expect(s, "daemon.tcp_bind_address", HD_PASS, "address", "10.0.0.5:2376",
	    "listens on fd00::5 only");
	ck_assert_int_eq(cf_child_status(s, "daemon.tcp_bind_address",
	    "tcp://10.0.0.5:2376"), HD_PASS);
	/* Verified TLS or not, every interface is too wide. */
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[" TCP("10.0.0.5:2376") ", "
	    TCP("0.0.0.0:2376") ", " TCP("[::]:2377") ", " TCP(":2378") "]");
	cf_expect(s, "daemon.tcp_bind_address", HD_FAIL, "address", "0.0.0.0:2376",
	    "every interface");
	ck_assert_int_eq(cf_child_status(s, "daemon.tcp_bind_address",
	    "tcp://[::]:2377"), HD_FAIL);
	ck_assert_int_eq(cf_child_status(s, "daemon.tcp_bind_address",
	    "tcp://:2378"), HD_FAIL);
	ck_assert_int_eq(cf_child_status(s, "daemon.tcp_bind_address",
	    "tcp://10.0.0.5:2376"), HD_PASS);
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"tcp://x\", \"scheme\": "
	    "\"tcp\", \"address\": 5}]");
	cf_expect(s, "daemon.tcp_bind_address", HD_ERROR, NULL, NULL, "expected string");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(mirrors)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_error(s, HD_F_ENGINE_INFO, "GET /info", "cannot connect");
	cf_set(s, HD_F_DAEMON_CONFIG, "{\"registry-mirrors\": {\"value\": "
	    "[\"https://mirror.example\", \"http://127.0.0.1:5000\"], \"source\": "
	    "\"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"}}");
	cf_expect(s, "daemon.registry_mirrors_https", HD_PASS, "registry-mirrors",
	    "mirror.example", "all over HTTPS");
	cf_set(s, HD_F_DAEMON_CONFIG, "{\"registry-mirrors\": {\"value\": "
	    "[\"https://mirror.example\", \"HTTP://mirror.lan:5000\"], \"source\": "
	    "\"--registry-mirror\", \"origin\": \"flag\"}}");
	cf_expect(s, "daemon.registry_mirrors_https", HD_FAIL, "mirror over plain HTTP",
	    "mirror.lan", "1 registry mirror(s) over plain HTTP");
	cf_set(s, HD_F_DAEMON_CONFIG, "{}");
	cf_expect(s, "daemon.registry_mirrors_https", HD_NOTAPPLICABLE, NULL, NULL,
	    "no registry mirror");
	cf_set(s, HD_F_DAEMON_CONFIG, "{\"registry-mirrors\": {\"value\": \"x\", "
	    "\"source\": \"d\"}}");
	cf_expect(s, "daemon.registry_mirrors_https", HD_ERROR, NULL, NULL,
	    "expected an array");
	/* The engine's own list wins over the configuration. */
	cf_set_src(s, HD_F_ENGINE_INFO, "{\"RegistryConfig\": {\"Mirrors\": "
	    "[\"http://mirror.lan/\"]}}", "GET /v1.41/info");
	cf_expect(s, "daemon.registry_mirrors_https", HD_FAIL, "RegistryConfig.Mirrors",
	    "mirror.lan", NULL);
	cf_set_src(s, HD_F_ENGINE_INFO, "{\"RegistryConfig\": {\"Mirrors\": "
	    "[\"https://mirror.lan/\"]}}", "GET /v1.41/info");
	cf_expect(s, "daemon.registry_mirrors_https", HD_PASS, NULL, NULL, NULL);
	cf_set_src(s, HD_F_ENGINE_INFO, "{\"RegistryConfig\": {\"Mirrors\": [1]}}",
	    "GET /v1.41/info");
	cf_expect(s, "daemon.registry_mirrors_https", HD_ERROR, NULL, NULL,
	    "expected a string");
	cf_set_src(s, HD_F_ENGINE_INFO, "{\"RegistryConfig\": {}}", "GET /v1.41/info");
	cf_expect(s, "daemon.registry_mirrors_https", HD_NOTAPPLICABLE, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("daemon_net");
	TCase *t = tcase_create("daemon_net");

	tcase_add_test(t, tcp_wildcard);
	tcase_add_test(t, mirrors);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
