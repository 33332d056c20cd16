/* Section 2: the daemon's configuration, /info first, then the config. */
#include "checkfix.h"

#define INFO_SRC "GET /v1.43/info"

/* A setting of daemon.config as JSON text. */
#define SET(key, val) "\"" key "\": {\"value\": " val ", \"source\": " \
	"\"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"}"

/* A snapshot whose engine did not answer, with the given config, on a
 * host where dockerd is installed (its unit was found): the defaults of
 * an empty configuration are then what that dockerd uses. */
static struct hd_snapshot *
config_only(const char *config)
{
	struct hd_snapshot *s = hd_snapshot_new();

	cf_set(s, HD_F_DOCKER_PRESENCE, "{\"present\": true, \"units\": "
	    "[\"/lib/systemd/system/docker.service\"]}");

	hd_snapshot_set_error(s, HD_F_ENGINE_INFO, "GET /info",
	    "cannot connect to the Docker engine at unix:///run/docker.sock");
	hd_snapshot_set_error(s, HD_F_ENGINE_VERSION, "GET /version",
	    "cannot connect to the Docker engine at unix:///run/docker.sock");
	cf_set(s, HD_F_DAEMON_CONFIG, config);
	return s;
}

/* A snapshot with the engine's /info body and the given config. */
static struct hd_snapshot *
with_info(const char *info, const char *config)
{
	struct hd_snapshot *s = config_only(config);

	cf_set_src(s, HD_F_ENGINE_INFO, info, INFO_SRC);
	return s;
}

START_TEST(rootless)
{
	struct hd_snapshot *s = with_info("{\"SecurityOptions\": "
	    "[\"name=seccomp,profile=builtin\", \"name=rootless\"]}", "{}");

	cf_expect(s, "daemon.rootless", HD_PASS, "SecurityOptions", "rootless", "rootless");
	hd_snapshot_free(s);
	s = with_info("{\"SecurityOptions\": [\"name=seccomp,profile=builtin\"]}",
	    "{}");
	cf_expect(s, "daemon.rootless", HD_FAIL, NULL, NULL, "runs as root");
	hd_snapshot_free(s);
	s = config_only("{}");
	cf_set(s, HD_F_DAEMON_PROCESSES, "[{\"pid\": 9, \"exe\": \"/usr/bin/dockerd\", "
	    "\"comm\": \"dockerd\", \"uid\": 0, \"user\": \"root\", \"rootless\": false, "
	    "\"argv\": [], \"audited\": true}]");
	cf_expect(s, "daemon.rootless", HD_FAIL, "uid", "0", "runs as root (uid 0)");
	hd_snapshot_set_error(s, HD_F_DAEMON_PROCESSES, "/proc", "EACCES");
	cf_expect(s, "daemon.rootless", HD_ERROR, NULL, NULL, "EACCES");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(log_level)
{
	struct hd_snapshot *s = with_info("{\"Debug\": false}", "{}");

	cf_expect(s, "daemon.log_level", HD_PASS, NULL, NULL, "info (the default)");
	hd_snapshot_free(s);
	s = with_info("{\"Debug\": true}", "{}");
	cf_expect(s, "daemon.log_level", HD_FAIL, "Debug", "true", "debug mode");
	hd_snapshot_free(s);
	s = config_only("{" SET("log-level", "\"warn\"") "}");
	cf_expect(s, "daemon.log_level", HD_FAIL, "log-level", "warn", "not info");
	hd_snapshot_free(s);
	s = config_only("{}");
	hd_snapshot_set_error(s, HD_F_DAEMON_CONFIG, "daemon.json",
	    "line 3, column 1: unexpected }");
	cf_expect(s, "daemon.log_level", HD_ERROR, NULL, NULL, "line 3, column 1");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(iptables_and_proxy)
{
	struct hd_snapshot *s = config_only("{}");

	cf_expect(s, "daemon.iptables", HD_PASS, "iptables", NULL, "the default");
	cf_expect(s, "daemon.userland_proxy", HD_FAIL, "userland-proxy", NULL, "enabled");
	hd_snapshot_free(s);
	s = config_only("{" SET("iptables", "false") ", "
	    SET("userland-proxy", "\"false\"") "}");
	cf_expect(s, "daemon.iptables", HD_FAIL, "iptables", "false", "may not change");
	cf_expect(s, "daemon.userland_proxy", HD_PASS, "userland-proxy", "false", "disabled");
	hd_snapshot_free(s);
	s = config_only("{" SET("iptables", "\"maybe\"") "}");
	cf_expect(s, "daemon.iptables", HD_ERROR, NULL, NULL, "expected a boolean");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(insecure_registries)
{
	struct hd_snapshot *s = with_info("{\"RegistryConfig\": "
	    "{\"InsecureRegistryCIDRs\": [\"127.0.0.0/8\", \"::1/128\"], "
	    "\"IndexConfigs\": {\"docker.io\": {\"Name\": \"docker.io\", "
	    "\"Secure\": true}}}}", "{" SET("insecure-registries", "[\"ignored:5000\"]") "}");

	/* The built-in loopback CIDR is not a finding; /info wins over config. */
	cf_expect(s, "daemon.insecure_registries", HD_PASS, "RegistryConfig.InsecureRegistryCIDRs",
	    "127.0.0.0", "built-in");
	hd_snapshot_free(s);
	s = with_info("{\"RegistryConfig\": {\"InsecureRegistryCIDRs\": "
	    "[\"127.0.0.0/8\", \"10.0.0.0/8\"], \"IndexConfigs\": {\"reg.local:5000\": "
	    "{\"Name\": \"reg.local:5000\", \"Secure\": false}}}}", "{}");
	cf_expect(s, "daemon.insecure_registries", HD_FAIL, "insecure", "10.0.0.0", "reg.local:5000");
	hd_snapshot_free(s);
	s = config_only("{" SET("insecure-registries", "[\"reg:5000\"]") "}");
	cf_expect(s, "daemon.insecure_registries", HD_FAIL, "insecure-registries", "reg:5000", "reg:5000");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(storage_driver)
{
	struct hd_snapshot *s = with_info("{\"Driver\": \"overlay2\"}",
	    "{" SET("storage-driver", "\"aufs\"") "}");

	cf_expect(s, "daemon.no_aufs", HD_PASS, "Driver", "overlay2", "overlay2");
	hd_snapshot_free(s);
	s = with_info("{\"Driver\": \"aufs\"}", "{}");
	cf_expect(s, "daemon.no_aufs", HD_FAIL, "Driver", "aufs", "aufs");
	hd_snapshot_free(s);
	/* devicemapper: the engine's answer decides, the configuration
	 * without it, and nothing read is an error. */
	s = with_info("{\"Driver\": \"devicemapper\"}", "{}");
	cf_expect(s, "daemon.no_devicemapper", HD_FAIL, "Driver", "devicemapper",
	    "runs the devicemapper storage driver");
	cf_expect(s, "daemon.no_aufs", HD_PASS, "Driver", "devicemapper", NULL);
	hd_snapshot_free(s);
	s = with_info("{\"Driver\": \"overlay2\"}", "{}");
	cf_expect(s, "daemon.no_devicemapper", HD_PASS, "Driver", "overlay2",
	    "overlay2");
	hd_snapshot_free(s);
	s = config_only("{" SET("storage-driver", "\"devicemapper\"") "}");
	cf_expect(s, "daemon.no_devicemapper", HD_FAIL, "storage-driver",
	    "devicemapper", "configured with the devicemapper");
	ck_assert_int_eq(tu_status(s, "2.7"), HD_FAIL); /* its 1.8.0 id */
	hd_snapshot_free(s);
	s = config_only("{" SET("storage-driver", "\"overlay2\"") "}");
	cf_expect(s, "daemon.no_devicemapper", HD_PASS, "storage-driver",
	    "overlay2", NULL);
	hd_snapshot_free(s);
	s = hd_snapshot_new();
	ck_assert_int_eq(tu_status(s, "daemon.no_devicemapper"), HD_ERROR);
	hd_snapshot_free(s);
	s = config_only("{" SET("storage-opts", "[\"dm.basesize=20G\"]") "}");
	cf_expect(s, "daemon.base_device_size", HD_FAIL, "storage-opts", "dm.basesize", "20G");
	hd_snapshot_free(s);
	s = config_only("{" SET("storage-opts", "[\"overlay2.size=1G\"]") "}");
	cf_expect(s, "daemon.base_device_size", HD_PASS, NULL, NULL, "no dm.basesize");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(tls_endpoints)
{
	struct hd_snapshot *s = config_only("{}");

	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"unix:///run/docker.sock\", "
	    "\"scheme\": \"unix\", \"path\": \"/run/docker.sock\", \"source\": \"x\"}]");
	cf_expect(s, "daemon.tls", HD_NOTAPPLICABLE, NULL, NULL, "no TCP endpoint");
	/* A socket-activated TCP listener counts like a -H one. */
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"tcp://0.0.0.0:2376\", "
	    "\"scheme\": \"tcp\", \"address\": \"0.0.0.0:2376\", \"tls\": true, "
	    "\"tlsverify\": true, \"tlscacert\": \"/etc/docker/ca.pem\", "
	    "\"tlscert\": \"/etc/docker/cert.pem\", \"tlskey\": "
	    "\"/etc/docker/key.pem\", \"source\": \"docker.socket:6\"}]");
	cf_expect(s, "daemon.tls", HD_PASS, "tlsverify", "true", NULL);
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"tcp://0.0.0.0:2376\", "
	    "\"scheme\": \"tcp\", \"tls\": true, \"tlsverify\": true, "
	    "\"tlscacert\": \"/etc/docker/ca.pem\", \"source\": \"unit\"}, "
	    "{\"url\": \"tcp://127.0.0.1:2375\", \"scheme\": \"tcp\", "
	    "\"tls\": false, \"tlsverify\": false, \"source\": \"unit\"}]");
	cf_expect(s, "daemon.tls", HD_FAIL, NULL, NULL, "tlsverify without tlscert, tlskey");
	ck_assert_int_eq(cf_child_status(s, "daemon.tls", "tcp://127.0.0.1:2375"), HD_FAIL);
	hd_snapshot_set_error(s, HD_F_DAEMON_ENDPOINTS, "dockerd", "no argv");
	cf_expect(s, "daemon.tls", HD_ERROR, NULL, NULL, "no argv");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(ulimits_cgroup)
{
	struct hd_snapshot *s = config_only("{}");

	cf_expect(s, "daemon.default_ulimit", HD_FAIL, "default-ulimits", NULL, "no default-ulimits");
	cf_expect(s, "daemon.cgroup_parent", HD_PASS, NULL, NULL, "default cgroup parent");
	hd_snapshot_free(s);
	s = config_only("{" SET("default-ulimits", "{\"nofile\": {\"Name\": "
	    "\"nofile\", \"Hard\": 64000, \"Soft\": 64000}}") ", "
	    SET("cgroup-parent", "\"/custom\"") "}");
	cf_expect(s, "daemon.default_ulimit", HD_PASS, "default-ulimits", "nofile", "64000");
	cf_expect(s, "daemon.cgroup_parent", HD_FAIL, "cgroup-parent", "custom", "confirm");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(userns)
{
	struct hd_snapshot *s = with_info("{\"SecurityOptions\": [\"name=userns\"]}",
	    "{}");

	cf_expect(s, "daemon.userns_remap", HD_PASS, "SecurityOptions", "userns", "in effect");
	hd_snapshot_free(s);
	/* Configured but the running engine does not apply it. */
	s = with_info("{\"SecurityOptions\": [\"name=seccomp,profile=builtin\"]}",
	    "{" SET("userns-remap", "\"default\"") "}");
	cf_expect(s, "daemon.userns_remap", HD_FAIL, "userns-remap", "default", "not in effect");
	hd_snapshot_free(s);
	s = config_only("{" SET("userns-remap", "\"default\"") "}");
	cf_expect(s, "daemon.userns_remap", HD_PASS, "userns-remap", "default", NULL);
	hd_snapshot_free(s);
	s = config_only("{}");
	cf_expect(s, "daemon.userns_remap", HD_FAIL, NULL, NULL, "off");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(authz)
{
	struct hd_snapshot *s = with_info("{\"Plugins\": {\"Authorization\": null, "
	    "\"Volume\": [\"local\"]}}", "{" SET("authorization-plugins", "[\"x\"]") "}");

	/* The engine's answer wins over a configuration not yet applied. */
	cf_expect(s, "daemon.authorization", HD_FAIL, "Plugins.Authorization", NULL,
	    "no authorization plugin");
	hd_snapshot_free(s);
	s = with_info("{\"Plugins\": {\"Authorization\": [\"opa-docker-authz\"]}}",
	    "{}");
	cf_expect(s, "daemon.authorization", HD_PASS, "Plugins.Authorization", "opa", NULL);
	hd_snapshot_free(s);
	s = config_only("{" SET("authorization-plugins", "[\"authz-broker\"]") "}");
	cf_expect(s, "daemon.authorization", HD_PASS, "authorization-plugins", "authz-broker", NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(logging_driver)
{
	struct hd_snapshot *s = with_info("{\"LoggingDriver\": \"json-file\"}",
	    "{" SET("log-driver", "\"syslog\"") "}");

	cf_expect(s, "daemon.remote_logging", HD_FAIL, "LoggingDriver", "json-file", "json-file");
	hd_snapshot_free(s);
	s = with_info("{\"LoggingDriver\": \"fluentd\"}", "{}");
	cf_expect(s, "daemon.remote_logging", HD_PASS, "LoggingDriver", "fluentd", NULL);
	hd_snapshot_free(s);
	s = config_only("{}");
	cf_expect(s, "daemon.remote_logging", HD_FAIL, NULL, NULL, "json-file");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(no_new_privs_live_restore)
{
	struct hd_snapshot *s = with_info("{\"SecurityOptions\": "
	    "[\"name=no-new-privileges\"], \"LiveRestoreEnabled\": true}", "{}");

	cf_expect(s, "daemon.no_new_privileges", HD_PASS, "SecurityOptions", "no-new-privileges", NULL);
	cf_expect(s, "daemon.live_restore", HD_PASS, "LiveRestoreEnabled", "true", "enabled");
	hd_snapshot_free(s);
	s = with_info("{\"SecurityOptions\": [], \"LiveRestoreEnabled\": false}",
	    "{" SET("live-restore", "true") "}");
	cf_expect(s, "daemon.no_new_privileges", HD_FAIL, "no-new-privileges", NULL, "setuid");
	cf_expect(s, "daemon.live_restore", HD_FAIL, "LiveRestoreEnabled", "false", "disabled");
	hd_snapshot_free(s);
	s = config_only("{" SET("no-new-privileges", "true") "}");
	cf_expect(s, "daemon.no_new_privileges", HD_PASS, "no-new-privileges", "true", NULL);
	cf_expect(s, "daemon.live_restore", HD_FAIL, NULL, NULL, "the default");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(seccomp)
{
	struct hd_snapshot *s = with_info("{\"SecurityOptions\": "
	    "[\"name=apparmor\", \"name=seccomp,profile=builtin\"]}", "{}");

	cf_expect(s, "daemon.seccomp_profile", HD_PASS, "SecurityOptions", "profile=builtin",
	    "default seccomp profile");
	hd_snapshot_free(s);
	s = with_info("{\"SecurityOptions\": [\"name=seccomp,profile=default\"]}",
	    "{}");
	cf_expect(s, "daemon.seccomp_profile", HD_PASS, NULL, NULL, "default seccomp profile");
	hd_snapshot_free(s);
	s = with_info("{\"SecurityOptions\": "
	    "[\"name=seccomp,profile=/etc/docker/seccomp.json\"]}", "{}");
	cf_expect(s, "daemon.seccomp_profile", HD_PASS, NULL, NULL, "custom seccomp profile "
	    "/etc/docker/seccomp.json");
	hd_snapshot_free(s);
	s = with_info("{\"SecurityOptions\": [\"name=seccomp,profile=unconfined\"]}",
	    "{}");
	cf_expect(s, "daemon.seccomp_profile", HD_FAIL, NULL, NULL, "unconfined");
	hd_snapshot_free(s);
	s = with_info("{\"SecurityOptions\": [\"name=apparmor\"]}", "{}");
	cf_expect(s, "daemon.seccomp_profile", HD_FAIL, NULL, NULL, "no seccomp profile");
	hd_snapshot_free(s);
	s = config_only("{" SET("seccomp-profile", "\"/srv/sc.json\"") "}");
	cf_expect(s, "daemon.seccomp_profile", HD_PASS, "seccomp-profile", "sc.json", "/srv/sc.json");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(experimental)
{
	struct hd_snapshot *s = with_info("{\"ExperimentalBuild\": true}", "{}");

	cf_expect(s, "daemon.experimental", HD_FAIL, "ExperimentalBuild", "true", "enabled");
	hd_snapshot_free(s);
	s = config_only("{" SET("experimental", "true") "}");
	cf_set(s, HD_F_ENGINE_VERSION, "{\"Version\": \"24.0.7\", \"Components\": "
	    "[{\"Name\": \"Engine\", \"Version\": \"24.0.7\", \"Details\": "
	    "{\"Experimental\": \"false\"}}]}");
	/* /version's answer wins over the configuration. */
	cf_expect(s, "daemon.experimental", HD_PASS, "Experimental", "false", "disabled");
	hd_snapshot_free(s);
	s = config_only("{" SET("experimental", "true") "}");
	cf_expect(s, "daemon.experimental", HD_FAIL, "experimental", "true", NULL);
	hd_snapshot_free(s);
	s = config_only("{}");
	cf_expect(s, "daemon.experimental", HD_PASS, NULL, NULL, "the default");
	hd_snapshot_free(s);
}
END_TEST

/* What dockerd uses could not be read (a malformed daemon.json): every
 * check that reads the configuration is an error with the reason, never
 * a pass or fail on Docker's defaults; without Docker they have no
 * subject. */
START_TEST(unread_configuration)
{
	static const char *const keys[] = { "daemon.icc", "daemon.log_level",
	    "daemon.iptables", "daemon.insecure_registries", "daemon.no_aufs",
	    "daemon.no_devicemapper", "daemon.tls", "daemon.default_ulimit",
	    "daemon.userns_remap", "daemon.cgroup_parent",
	    "daemon.base_device_size", "daemon.authorization",
	    "daemon.remote_logging", "daemon.no_new_privileges",
	    "daemon.live_restore", "daemon.userland_proxy",
	    "daemon.seccomp_profile", "daemon.experimental",
	    "daemon.flag_conflicts", "engine.tcp_unauthenticated", NULL };
	const char *why = "the daemon's configuration could not be read: "
	    "/etc/docker/daemon.json: daemon.json is not valid JSON: line 4, "
	    "column 3: object value separator ',' expected";
	struct hd_snapshot *s = config_only("{}");

	hd_snapshot_set_error(s, HD_F_ENGINE_NETWORKS, "GET /networks", "down");
	hd_snapshot_set_error(s, HD_F_DAEMON_CONFIG, "/etc/docker/daemon.json", "%s", why);
	hd_snapshot_set_error(s, HD_F_DAEMON_ENDPOINTS, "/etc/docker/daemon.json", "%s", why);
	hd_snapshot_set_error(s, HD_F_DAEMON_CONFLICTS, "/etc/docker/daemon.json", "%s", why);
	for (size_t i = 0; keys[i] != NULL; i++)
		cf_expect(s, keys[i], HD_ERROR, NULL, NULL, "line 4, column 3");
	/* The same checks on an empty configuration decide (the premise). */
	cf_set(s, HD_F_DAEMON_CONFIG, "{}");
	cf_expect(s, "daemon.iptables", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "daemon.cgroup_parent", HD_PASS, NULL, NULL, NULL);
	cf_expect(s, "daemon.experimental", HD_PASS, NULL, NULL, NULL);
	/* No Docker at all: not applicable, whatever the configuration. */
	cf_set(s, HD_F_DOCKER_PRESENCE, "{\"present\": false, \"why\": \"no "
	    "engine answered, no dockerd process, binary or unit\"}");
	for (size_t i = 0; keys[i] != NULL; i++)
		cf_expect(s, keys[i], HD_NOTAPPLICABLE, "why", "no dockerd process",
		    "no Docker on this host");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(icc)
{
	struct hd_snapshot *s = config_only("{" SET("icc", "false") "}");

	hd_snapshot_set_error(s, HD_F_ENGINE_NETWORKS, "GET /networks", "down");
	cf_expect(s, "daemon.icc", HD_PASS, "icc", "false", NULL);
	cf_set(s, HD_F_ENGINE_NETWORKS, "[{\"Name\": \"bridge\", \"Options\": "
	    "{\"com.docker.network.bridge.enable_icc\": \"true\"}}]");
	cf_expect(s, "daemon.icc", HD_FAIL, NULL, NULL, "enable_icc=true");
	hd_snapshot_free(s);
}
END_TEST

/* A host.log_forwarding fact: journal upload URL and whether enabled,
 * remote syslog rules, imjournal, ForwardToSyslog (JSON values). */
static void
forwarding(struct hd_snapshot *s, const char *url, bool enabled,
    const char *rules, const char *imjournal, const char *fts)
{
	char *v = hd_xasprintf("{\"journald\": {\"ForwardToSyslog\": %s, "
	    "\"source\": null}, \"journal_upload\": {\"url\": %s, \"url_source\": "
	    "null, \"enabled\": %s, \"enabled_source\": null}, \"syslog_remote\": "
	    "%s, \"imjournal\": %s, \"files_read\": [], \"unreadable\": []}", fts,
	    url, enabled ? "true" : "false", rules, imjournal);

	cf_set(s, HD_F_LOG_FORWARDING, v);
	free(v);
}

#define REMOTE_RULE "[{\"rule\": \"*.* @@logs.example:514\", " \
	"\"source\": \"/etc/rsyslog.d/50-remote.conf:1\"}]"

/* journald alone is local logging: it passes only when the host forwards
 * the journal, and says what hardock requires otherwise. */
START_TEST(remote_logging_journald)
{
	struct hd_snapshot *s = with_info("{\"LoggingDriver\": \"journald\"}", "{}");

	cf_expect(s, "daemon.remote_logging", HD_ERROR, NULL, NULL, "not collected");
	forwarding(s, "null", false, "[]", "null", "null");
	cf_expect(s, "daemon.remote_logging", HD_FAIL, "LoggingDriver", "journald",
	    "hardock requires systemd-journal-upload enabled with a URL");
	/* An upload URL without the service enabled forwards nothing. */
	forwarding(s, "\"https://logs.example:19532\"", false, "[]", "null", "null");
	cf_expect(s, "daemon.remote_logging", HD_FAIL, NULL, NULL, "no forwarding");
	forwarding(s, "\"https://logs.example:19532\"", true, "[]", "null", "null");
	cf_expect(s, "daemon.remote_logging", HD_PASS, "systemd-journal-upload URL",
	    "logs.example", "forwards the logs");
	/* rsyslog's remote rule, fed by journald's forwarding (the default). */
	forwarding(s, "null", false, REMOTE_RULE, "null", "null");
	cf_expect(s, "daemon.remote_logging", HD_PASS,
	    "syslog rules sending to another host", "50-remote.conf:1", NULL);
	forwarding(s, "null", false, REMOTE_RULE, "null", "\"no\"");
	cf_expect(s, "daemon.remote_logging", HD_FAIL, "journald ForwardToSyslog",
	    "no", NULL);
	/* ... unless rsyslog reads the journal itself. */
	forwarding(s, "null", false, REMOTE_RULE,
	    "\"/etc/rsyslog.conf:3\"", "\"no\"");
	cf_expect(s, "daemon.remote_logging", HD_PASS, "rsyslog imjournal",
	    "rsyslog.conf:3", NULL);
	forwarding(s, "null", false, "{}", "null", "null");
	cf_expect(s, "daemon.remote_logging", HD_ERROR, NULL, NULL, "expected array");
	hd_snapshot_free(s);
}
END_TEST

/* syslog: a remote syslog-address passes; the local socket is judged as
 * journald is. */
START_TEST(remote_logging_syslog)
{
	struct hd_snapshot *s = config_only("{" SET("log-driver", "\"syslog\"") ", "
	    SET("log-opts", "{\"syslog-address\": \"tcp+tls://logs.example:6514\"}") "}");

	cf_expect(s, "daemon.remote_logging", HD_PASS, "log-opts.syslog-address",
	    "logs.example", "sends to tcp+tls://logs.example:6514");
	hd_snapshot_free(s);
	s = config_only("{" SET("log-driver", "\"syslog\"") ", "
	    SET("log-opts", "{\"syslog-address\": \"udp://127.0.0.1:514\"}") "}");
	forwarding(s, "null", false, "[]", "null", "null");
	cf_expect(s, "daemon.remote_logging", HD_FAIL, NULL, NULL,
	    "a local syslog-address");
	forwarding(s, "null", false, REMOTE_RULE, "null", "null");
	cf_expect(s, "daemon.remote_logging", HD_PASS, NULL, NULL, NULL);
	hd_snapshot_free(s);
	s = config_only("{" SET("log-driver", "\"syslog\"") "}");
	forwarding(s, "null", false, "[]", "null", "null");
	cf_expect(s, "daemon.remote_logging", HD_FAIL, NULL, NULL, "hardock requires");
	hd_snapshot_free(s);
	s = config_only("{" SET("log-driver", "\"gelf\"") "}");
	cf_expect(s, "daemon.remote_logging", HD_PASS, NULL, NULL, "off the host");
	hd_snapshot_free(s);
}
END_TEST

/* dockerd parses the level case-insensitively: INFO is info, WARN warn. */
START_TEST(log_level_any_case)
{
	struct hd_snapshot *s = config_only("{" SET("log-level", "\"INFO\"") "}");

	cf_expect(s, "daemon.log_level", HD_PASS, "log-level", "INFO", "INFO");
	hd_snapshot_free(s);
	s = config_only("{" SET("log-level", "\"Info\"") "}");
	cf_expect(s, "daemon.log_level", HD_PASS, NULL, NULL, NULL);
	hd_snapshot_free(s);
	s = config_only("{" SET("log-level", "\"WARN\"") "}");
	cf_expect(s, "daemon.log_level", HD_FAIL, "log-level", "WARN", "not info");
	hd_snapshot_free(s);
	s = config_only("{" SET("log-level", "\"information\"") "}");
	cf_expect(s, "daemon.log_level", HD_FAIL, NULL, NULL, "not info");
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_daemon");
	TCase *tc = tcase_create("section2");

	tcase_add_test(tc, rootless);
	tcase_add_test(tc, log_level);
	tcase_add_test(tc, log_level_any_case);
	tcase_add_test(tc, remote_logging_journald);
	tcase_add_test(tc, remote_logging_syslog);
	tcase_add_test(tc, iptables_and_proxy);
	tcase_add_test(tc, insecure_registries);
	tcase_add_test(tc, storage_driver);
	tcase_add_test(tc, tls_endpoints);
	tcase_add_test(tc, ulimits_cgroup);
	tcase_add_test(tc, userns);
	tcase_add_test(tc, authz);
	tcase_add_test(tc, logging_driver);
	tcase_add_test(tc, no_new_privs_live_restore);
	tcase_add_test(tc, seccomp);
	tcase_add_test(tc, experimental);
	tcase_add_test(tc, icc);
	tcase_add_test(tc, unread_configuration);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
