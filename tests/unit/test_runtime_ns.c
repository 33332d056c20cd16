/* CIS section 5 namespaces, ports and bridge checks (checks/runtime_ns.c). */
#include "ctr_testutil.h"

/* 5.10, 5.16, 5.17, 5.21 and 5.31 share one helper: each field, pass and
 * fail and a wrong type. */
START_TEST(namespaces)
{
	static const struct {
		const char *id, *field, *what;
	} ns[] = {
		{ "5.10", "NetworkMode", "network" },
		{ "5.16", "PidMode", "PID" },
		{ "5.17", "IpcMode", "IPC" },
		{ "5.21", "UTSMode", "UTS" },
		{ "5.31", "UsernsMode", "user" },
	};

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		struct hd_snapshot *s = hd_snapshot_new();
		char *host = hd_xasprintf("\"%s\": \"host\"", ns[i].field);
		char *priv = hd_xasprintf("\"%s\": \"private\"", ns[i].field);
		char *bad = hd_xasprintf("\"%s\": [\"host\"]", ns[i].field);
		char *field = hd_xasprintf("HostConfig.%s", ns[i].field);
		char *msg = hd_xasprintf("shares the host's %s namespace", ns[i].what);

		ct_add(s, "shared", false, host, "");
		ct_add(s, "own", false, priv, "");
		ct_add(s, "unset", false, "", "");
		ct_add(s, "bad", false, bad, "");
		ct_expect(s, ns[i].id, "shared", HD_FAIL, field, "host", msg);
		ct_expect(s, ns[i].id, "own", HD_PASS, field, "private", NULL);
		ct_expect(s, ns[i].id, "unset", HD_PASS, field, NULL,
		    strcmp(ns[i].field, "UsernsMode") == 0 ? "not host" : "default");
		ct_expect(s, ns[i].id, "bad", HD_ERROR, NULL, NULL, "expected string");
		free(host);
		free(priv);
		free(bad);
		free(field);
		free(msg);
		hd_snapshot_free(s);
	}
}
END_TEST

/* Fixture: containers with port bindings in HostConfig and, for running
 * ones, NetworkSettings. */
static struct hd_snapshot *
ports_fixture(void)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "none", false, "\"PortBindings\": {}", "");
	ct_add(s, "local", false, "\"PortBindings\": {\"443/tcp\": [{\"HostIp\": "
	    "\"127.0.0.1\", \"HostPort\": \"8443\"}], \"53/udp\": null}", "");
	ct_add(s, "low_v6", false, "\"PortBindings\": {\"80/tcp\": [{\"HostIp\": "
	    "\"::1\", \"HostPort\": \"80\"}]}", "");
	ct_add(s, "any4", false, "\"PortBindings\": {\"80/tcp\": [{\"HostIp\": "
	    "\"0.0.0.0\", \"HostPort\": \"8080\"}]}", "");
	/* Running: NetworkSettings.Ports is what is bound, IPv4 and IPv6. */
	ct_add(s, "running", true, "\"PortBindings\": {\"80/tcp\": [{\"HostIp\": "
	    "\"10.0.0.5\", \"HostPort\": \"8080\"}]}",
	    "\"NetworkSettings\": {\"Ports\": {\"80/tcp\": [{\"HostIp\": \"::\", "
	    "\"HostPort\": \"8080\"}, {\"HostIp\": \"10.0.0.5\", \"HostPort\": \"8080\"}]}}");
	ct_add(s, "empty_ip", false, "\"PortBindings\": {\"22/tcp\": [{\"HostIp\": "
	    "\"\", \"HostPort\": \"22\"}]}", "");
	ct_add(s, "publish_all", false, "\"PublishAllPorts\": true", "");
	ct_add(s, "bad_port", false, "\"PortBindings\": {\"80/tcp\": [{\"HostIp\": "
	    "\"\", \"HostPort\": \"eighty\"}]}", "");
	ct_add(s, "bad_list", false, "\"PortBindings\": {\"80/tcp\": \"8080\"}", "");
	ct_add(s, "bad_map", false, "\"PortBindings\": [1]", "");
	ct_fact(s, HD_F_DAEMON_CONFIG, "{}");
	return s;
}

START_TEST(privileged_ports)
{
	struct hd_snapshot *s = ports_fixture();

	ct_expect(s, "container.privileged_ports", "none", HD_PASS, NULL, NULL, "0 published");
	ct_expect(s, "container.privileged_ports", "local", HD_PASS, NULL, NULL, "none below 1024");
	ct_expect(s, "container.privileged_ports", "low_v6", HD_FAIL, "HostConfig.PortBindings",
	    "\"host_port\": \"80\"", "privileged host port");
	ct_expect(s, "container.privileged_ports", "empty_ip", HD_FAIL, "HostConfig.PortBindings", "\"22\"", NULL);
	ct_expect(s, "container.privileged_ports", "running", HD_PASS, NULL, NULL, "2 published");
	ct_expect(s, "container.privileged_ports", "bad_port", HD_ERROR, NULL, NULL, "malformed binding");
	ct_expect(s, "container.privileged_ports", "bad_list", HD_ERROR, NULL, NULL, "expected array");
	ct_expect(s, "container.privileged_ports", "bad_map", HD_ERROR, NULL, NULL, "expected object");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(host_interface)
{
	struct hd_snapshot *s = ports_fixture();

	ct_expect(s, "container.port_bind_address", "none", HD_PASS, NULL, NULL, NULL);
	ct_expect(s, "container.port_bind_address", "local", HD_PASS, NULL, NULL, "specific address");
	ct_expect(s, "container.port_bind_address", "low_v6", HD_PASS, NULL, NULL, NULL);
	ct_expect(s, "container.port_bind_address", "any4", HD_FAIL, "HostConfig.PortBindings", "0.0.0.0",
	    "every host interface");
	ct_expect(s, "container.port_bind_address", "empty_ip", HD_FAIL, "HostConfig.PortBindings",
	    "\"host_ip\": \"\"", NULL);
	/* The IPv6 wildcard of the live bindings, not the configured address. */
	ct_expect(s, "container.port_bind_address", "running", HD_FAIL, "NetworkSettings.Ports",
	    "\"host_ip\": \"::\"", "1 binding");
	ct_expect(s, "container.port_bind_address", "publish_all", HD_FAIL, "HostConfig.PublishAllPorts",
	    "true", "-P");
	ct_expect(s, "container.port_bind_address", "bad_port", HD_ERROR, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

/* A created container's binding without an address, and -P, bind to the
 * daemon's --ip when it starts: not a wildcard when that is set. */
START_TEST(host_interface_daemon_ip)
{
	struct hd_snapshot *s = ports_fixture();

	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"ip\": {\"value\": \"127.0.0.1\", "
	    "\"source\": \"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"}}");
	ct_expect(s, "container.port_bind_address", "empty_ip", HD_PASS,
	    "ip (the daemon's default binding address)", "127.0.0.1",
	    "daemon's default binding address");
	ct_expect(s, "container.port_bind_address", "publish_all", HD_PASS, NULL,
	    NULL, "-P");
	/* An explicit wildcard stays a wildcard; the running one's live
	 * bindings say what was bound. */
	ct_expect(s, "container.port_bind_address", "any4", HD_FAIL, NULL, NULL, NULL);
	ct_expect(s, "container.port_bind_address", "running", HD_FAIL, NULL, NULL, NULL);
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"ip\": {\"value\": \"::\", "
	    "\"source\": \"--ip\", \"origin\": \"flag\"}}");
	ct_expect(s, "container.port_bind_address", "empty_ip", HD_FAIL,
	    "ip (the daemon's default binding address)", "::", "wildcard");
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"ip\": {\"value\": 1, "
	    "\"source\": \"--ip\", \"origin\": \"flag\"}}");
	ct_expect(s, "container.port_bind_address", "empty_ip", HD_ERROR, NULL,
	    NULL, "expected a string");
	/* Unknown configuration: the default cannot be known. */
	hd_snapshot_set_error(s, HD_F_DAEMON_CONFIG, "/etc/docker/daemon.json",
	    "line 1, column 2: bad");
	ct_expect(s, "container.port_bind_address", "empty_ip", HD_ERROR, NULL,
	    NULL, "line 1, column 2");
	ct_expect(s, "container.port_bind_address", "local", HD_PASS, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(needed_ports)
{
	struct hd_snapshot *s = ports_fixture();
	const char *params[] = { "needed_ports=8443,80/tcp", NULL };

	ct_expect(s, "container.open_ports", "none", HD_PASS, NULL, NULL, "no port published");
	ct_expect(s, "container.open_ports", "local", HD_MANUAL, "HostConfig.PortBindings", "8443",
	    "confirm each is needed");
	ct_expect(s, "container.open_ports", "publish_all", HD_MANUAL, "HostConfig.PublishAllPorts",
	    "true", "-P");
	ct_expect_p(s, "container.open_ports", "local", params, HD_PASS, "needed_ports", "8443", NULL);
	ct_expect_p(s, "container.open_ports", "any4", params, HD_PASS, NULL, NULL, NULL);
	ct_expect_p(s, "container.open_ports", "empty_ip", params, HD_FAIL, "HostConfig.PortBindings",
	    "\"host_port\": \"22\"", "not in needed_ports");
	ct_expect_p(s, "container.open_ports", "publish_all", params, HD_FAIL, NULL, NULL, "-P");
	ct_expect(s, "container.open_ports", "bad_map", HD_ERROR, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

/* --bridge=none: no docker0, so no container is on it (as daemon.icc
 * says notapplicable), from GET /networks or the daemon's setting. */
/* 5.31 never claims a private user namespace that userns-remap does not
 * give. */
START_TEST(host_userns_message)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "plain", false, "", "");
	ct_add(s, "hostns", false, "\"UsernsMode\": \"host\"", "");
	hd_snapshot_set_absent(s, HD_F_USERNS, "daemon.config", "not configured");
	ct_fact(s, HD_F_ENGINE_INFO, "{\"SecurityOptions\": [\"name=seccomp\"]}");
	ct_expect(s, "container.host_userns", "plain", HD_PASS, "userns-remap",
	    "off", "userns-remap is off");
	ct_expect(s, "container.host_userns", "hostns", HD_FAIL, NULL, NULL,
	    "shares the host's user namespace");
	ct_fact(s, HD_F_ENGINE_INFO, "{\"SecurityOptions\": [\"name=userns\"]}");
	ct_expect(s, "container.host_userns", "plain", HD_PASS, "userns-remap",
	    "on", "own user namespace");
	hd_snapshot_set_error(s, HD_F_ENGINE_INFO, "GET /info", "cannot connect");
	hd_snapshot_set_error(s, HD_F_USERNS, "daemon.config", "unreadable");
	ct_expect(s, "container.host_userns", "plain", HD_PASS, NULL, NULL,
	    "unknown");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(default_bridge_none)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "dflt", false, "\"NetworkMode\": \"default\"", "");
	ct_fact(s, HD_F_ENGINE_NETWORKS, "[{\"Name\": \"host\"}, "
	    "{\"Name\": \"none\"}]");
	ct_expect(s, "container.default_bridge", "dflt", HD_NOTAPPLICABLE, NULL,
	    NULL, "no default bridge (bridge=none)");
	ck_assert_int_eq(tu_status(s, "daemon.icc"), HD_NOTAPPLICABLE);
	hd_snapshot_set_error(s, HD_F_ENGINE_NETWORKS, "GET /networks",
	    "cannot connect");
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"bridge\": {\"value\": \"none\", "
	    "\"source\": \"--bridge\", \"origin\": \"flag\"}}");
	ct_expect(s, "container.default_bridge", "dflt", HD_NOTAPPLICABLE,
	    "default bridge network", NULL, "docker0");
	/* A bridge other than none is still the default bridge. */
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"bridge\": {\"value\": \"br0\", "
	    "\"source\": \"--bridge\", \"origin\": \"flag\"}}");
	ct_expect(s, "container.default_bridge", "dflt", HD_FAIL, NULL, NULL,
	    "default bridge");
	ct_fact(s, HD_F_DAEMON_CONFIG, "{}");
	ct_expect(s, "container.default_bridge", "dflt", HD_FAIL, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(default_bridge)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "bridge", false, "\"NetworkMode\": \"bridge\"", "");
	ct_add(s, "default", false, "\"NetworkMode\": \"default\"", "");
	ct_add(s, "appnet", false, "\"NetworkMode\": \"appnet\"",
	    "\"NetworkSettings\": {\"Networks\": {\"appnet\": {}}}");
	ct_add(s, "both", false, "\"NetworkMode\": \"appnet\"",
	    "\"NetworkSettings\": {\"Networks\": {\"appnet\": {}, \"bridge\": {}}}");
	ct_add(s, "bad", false, "\"NetworkMode\": \"appnet\"",
	    "\"NetworkSettings\": {\"Networks\": [\"bridge\"]}");
	/* Whether docker0 exists is not known yet. */
	ct_expect(s, "container.default_bridge", "bridge", HD_ERROR, NULL, NULL,
	    "default bridge is unknown");
	ct_fact(s, HD_F_ENGINE_NETWORKS, "[{\"Name\": \"bridge\"}, "
	    "{\"Name\": \"appnet\"}]");
	ct_expect(s, "container.default_bridge", "bridge", HD_FAIL, "HostConfig.NetworkMode", "bridge",
	    "default bridge");
	ct_expect(s, "container.default_bridge", "default", HD_FAIL, "HostConfig.NetworkMode", "default", NULL);
	ct_expect(s, "container.default_bridge", "appnet", HD_PASS, "HostConfig.NetworkMode", "appnet", NULL);
	ct_expect(s, "container.default_bridge", "both", HD_FAIL, "NetworkSettings.Networks", "bridge",
	    "also connected");
	ct_expect(s, "container.default_bridge", "bad", HD_ERROR, NULL, NULL, "expected object");
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("runtime_ns");
	TCase *t = tcase_create("runtime_ns");

	tcase_add_test(t, namespaces);
	tcase_add_test(t, privileged_ports);
	tcase_add_test(t, host_interface);
	tcase_add_test(t, host_interface_daemon_ip);
	tcase_add_test(t, needed_ports);
	tcase_add_test(t, default_bridge);
	tcase_add_test(t, default_bridge_none);
	tcase_add_test(t, host_userns_message);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
