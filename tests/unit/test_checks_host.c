/* Section 1: the host (partition, docker group, audit rules, versions),
 * and the catalog metadata of sections 1-3 against CIS's list. */
#include <stdbool.h>
#include <stdlib.h>

#include <hardock/scan.h>

#include "checkfix.h"

START_TEST(separate_partition)
{
	struct hd_snapshot *s = hd_snapshot_new();

	cf_expect(s, "host.data_partition", HD_ERROR, NULL, NULL, "not collected");
	cf_set(s, HD_F_ROOT_MOUNT, "{\"root_dir\": \"/var/lib/docker/100000.100000\", "
	    "\"checked\": \"/var/lib/docker\", \"mount_point\": \"/var/lib/docker\", "
	    "\"device\": \"/dev/mapper/vg-docker\", \"fstype\": \"xfs\", "
	    "\"separate\": true}");
	cf_expect(s, "host.data_partition", HD_PASS, "device", "vg-docker",
	    "mounted at /var/lib/docker");
	cf_set(s, HD_F_ROOT_MOUNT, "{\"root_dir\": \"/var/lib/docker\", "
	    "\"checked\": \"/var/lib/docker\", \"mount_point\": \"/\", "
	    "\"device\": \"/dev/sda1\", \"fstype\": \"ext4\", \"separate\": false}");
	cf_expect(s, "host.data_partition", HD_FAIL, "mount_point", "\"\\/\"",
	    "on the root filesystem (/dev/sda1");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(docker_group)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *ok[] = { "trusted_users=alice,bob", NULL };
	const char *short_list[] = { "trusted_users=alice", NULL };

	hd_snapshot_set_absent(s, HD_F_DOCKER_GROUP, "/etc/group", "no group");
	cf_expect(s, "host.docker_group", HD_NOTAPPLICABLE, NULL, NULL, "no docker group");
	cf_set(s, HD_F_DOCKER_GROUP, "{\"gid\": 998, \"members\": [\"alice\"], "
	    "\"primary\": [\"bob\"]}");
	/* Without the parameter a person decides, with the members shown. */
	cf_expect(s, "host.docker_group", HD_MANUAL, "docker group members", "bob",
	    "alice");
	cf_expect_p(s, "host.docker_group", ok, HD_PASS, "trusted_users", "alice,bob", NULL);
	cf_expect_p(s, "host.docker_group", short_list, HD_FAIL, "docker group members",
	    "bob", "not in trusted_users: bob");
	cf_set(s, HD_F_DOCKER_GROUP, "{\"gid\": 998, \"members\": [], "
	    "\"primary\": []}");
	cf_expect(s, "host.docker_group", HD_PASS, NULL, NULL, "no members");
	hd_snapshot_set_error(s, HD_F_DOCKER_GROUP, "/etc/group", "EACCES");
	cf_expect(s, "host.docker_group", HD_ERROR, NULL, NULL, "EACCES");
	hd_snapshot_free(s);
}
END_TEST

/* A host with the paths of 1.1.3-1.1.18 and no audit rules. */
static struct hd_snapshot *
audit_host(void)
{
	struct hd_snapshot *s = hd_snapshot_new();

	cf_file(s, "/usr/sbin/dockerd", "file", 0755, 0, 0, "root", "root");
	cf_file_absent(s, "/usr/bin/dockerd");
	cf_file(s, "/etc/docker", "directory", 0755, 0, 0, "root", "root");
	cf_file(s, "/etc/docker/daemon.json", "file", 0644, 0, 0, "root", "root");
	cf_file(s, "/var/lib/docker", "directory", 0710, 0, 0, "root", "root");
	cf_file(s, "/run/containerd", "directory", 0711, 0, 0, "root", "root");
	cf_file_absent(s, "/etc/sysconfig/docker");
	cf_set(s, HD_F_AUDIT_RULES, "[]");
	/* As under --root: what the kernel loaded is not observable. */
	hd_snapshot_set_absent(s, HD_F_AUDIT_LOADED, "netlink AUDIT_LIST_RULES",
	    "not observable under --root /mnt/host");
	return s;
}

START_TEST(audit_exact_path)
{
	struct hd_snapshot *s = audit_host();

	cf_expect(s, "audit.etc_docker", HD_FAIL, NULL, NULL, "no audit rule for exactly "
	    "/etc/docker");
	/* A rule on daemon.json does not cover its directory. */
	cf_set(s, HD_F_AUDIT_RULES, "[{\"path\": \"/etc/docker/daemon.json\", "
	    "\"perms\": \"wa\", \"key\": \"docker\", \"form\": \"watch\", "
	    "\"source\": \"/etc/audit/rules.d/docker.rules:2\"}]");
	cf_expect(s, "audit.etc_docker", HD_FAIL, NULL, NULL, NULL);
	cf_expect(s, "audit.daemon_json", HD_PASS, "rule (audit.rules, rules.d)",
	    "daemon.json perms=wa", "not observable here: judged on the rule files");
	cf_expect(s, "audit.daemon_json", HD_PASS, "loaded rules",
	    "not observable under --root", NULL);
	/* A dir= rule covers the directory itself. */
	cf_set(s, HD_F_AUDIT_RULES, "[{\"path\": \"/etc/docker/\", "
	    "\"perms\": \"rwxa\", \"key\": \"docker\", \"form\": \"dir\", "
	    "\"source\": \"/etc/audit/audit.rules:7\"}]");
	cf_expect(s, "audit.etc_docker", HD_PASS, "rule (audit.rules, rules.d)", "dir=", NULL);
	/* ... but not a file of that name. */
	cf_set(s, HD_F_AUDIT_RULES, "[{\"path\": \"/etc/docker/daemon.json\", "
	    "\"perms\": \"\", \"key\": null, \"form\": \"dir\", "
	    "\"source\": \"/etc/audit/audit.rules:7\"}]");
	cf_expect(s, "audit.daemon_json", HD_FAIL, NULL, NULL, NULL);
	/* A read-only watch records no change. */
	cf_set(s, HD_F_AUDIT_RULES, "[{\"path\": \"/etc/docker\", "
	    "\"perms\": \"r\", \"key\": null, \"form\": \"watch\", "
	    "\"source\": \"/etc/audit/audit.rules:3\"}]");
	cf_expect(s, "audit.etc_docker", HD_FAIL, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

#define LOADED(rules) "{\"available\": true, \"enabled\": 1, \"rules\": " rules "}"
#define NL_SRC "netlink AUDIT_GET, AUDIT_LIST_RULES"

START_TEST(audit_loaded_rules)
{
	struct hd_snapshot *s = audit_host();

	cf_set_src(s, HD_F_AUDIT_LOADED, LOADED("[{\"path\": \"/usr/sbin/dockerd\", "
	    "\"perms\": \"rwxa\", \"key\": \"docker\", \"form\": \"watch\", "
	    "\"source\": \"AUDIT_LIST_RULES:0\"}]"), NL_SRC);
	/* 1.1.3 finds the binary where the file facts say it is. */
	cf_expect(s, "audit.dockerd", HD_PASS, "rule (loaded in the kernel)",
	    "dockerd perms=rwxa", "in no rule file: lost at the next boot");
	ck_assert_int_eq(cf_child_status(s, "audit.dockerd", "/usr/sbin/dockerd"), HD_PASS);
	/* Not loaded is a failure whatever the files say, even unreadable. */
	hd_snapshot_set_error(s, HD_F_AUDIT_RULES, "/etc/audit",
	    "permission denied");
	cf_expect(s, "audit.run_containerd", HD_FAIL, NULL, NULL,
	    "the rule files could not be read either");
	/* ... while a loaded rule still decides. */
	cf_expect(s, "audit.dockerd", HD_PASS, NULL, NULL, "rule files could not be read");
	hd_snapshot_free(s);
}
END_TEST

/* A rule only in rules.d is configured, not loaded: a failure with both
 * facts; auditing disabled records nothing; the kernel's refusal is an
 * error; configured and loaded passes. */
START_TEST(audit_configured_not_loaded)
{
	struct hd_snapshot *s = audit_host();
	const char *rule = "[{\"path\": \"/etc/docker/daemon.json\", "
	    "\"perms\": \"wa\", \"key\": \"docker\", \"form\": \"watch\", "
	    "\"source\": \"/etc/audit/rules.d/docker.rules:2\"}]";

	cf_set(s, HD_F_AUDIT_RULES, rule);
	cf_set_src(s, HD_F_AUDIT_LOADED, LOADED("[]"), NL_SRC);
	cf_expect(s, "audit.daemon_json", HD_FAIL, "rule (audit.rules, rules.d)",
	    "daemon.json perms=wa", "configured but not loaded");
	cf_expect(s, "audit.daemon_json", HD_FAIL, "rule (loaded in the kernel)",
	    NULL, "augenrules --load");
	/* Loaded too: audited. */
	cf_set_src(s, HD_F_AUDIT_LOADED, LOADED("[{\"path\": \"/etc/docker/daemon.json\", "
	    "\"perms\": \"wa\", \"key\": \"docker\", \"form\": \"watch\", "
	    "\"source\": \"AUDIT_LIST_RULES:3\"}]"), NL_SRC);
	cf_expect(s, "audit.daemon_json", HD_PASS, "rule (loaded in the kernel)",
	    "daemon.json perms=wa", "loaded in the kernel, and configured");
	/* Loaded, but the kernel records nothing. */
	cf_set_src(s, HD_F_AUDIT_LOADED, "{\"available\": true, \"enabled\": 0, "
	    "\"rules\": [{\"path\": \"/etc/docker/daemon.json\", \"perms\": \"wa\", "
	    "\"key\": null, \"form\": \"watch\", \"source\": \"AUDIT_LIST_RULES:0\"}]}",
	    NL_SRC);
	cf_expect(s, "audit.daemon_json", HD_FAIL, "audit enabled", "0", "disabled");
	/* A kernel without audit support has nothing loaded. */
	cf_set_src(s, HD_F_AUDIT_LOADED, "{\"available\": false, \"enabled\": 0, "
	    "\"rules\": []}", NL_SRC);
	cf_expect(s, "audit.daemon_json", HD_FAIL, NULL, NULL, "configured but not loaded");
	/* Refused: unknown, whatever the files say. */
	hd_snapshot_set_error(s, HD_F_AUDIT_LOADED, NL_SRC, "AUDIT_LIST_RULES: "
	    "Operation not permitted");
	cf_expect(s, "audit.daemon_json", HD_ERROR, "loaded rules", NULL,
	    "could not be read: AUDIT_LIST_RULES: Operation not permitted");
	/* Not observable (--root): the files decide, either way. */
	hd_snapshot_set_absent(s, HD_F_AUDIT_LOADED, NL_SRC, "not observable under "
	    "--root /mnt");
	cf_expect(s, "audit.daemon_json", HD_PASS, NULL, NULL, "judged on the rule files");
	cf_expect(s, "audit.etc_docker", HD_FAIL, NULL, NULL, "in the rule files");
	hd_snapshot_set_error(s, HD_F_AUDIT_RULES, "/etc/audit", "permission denied");
	cf_expect(s, "audit.daemon_json", HD_ERROR, NULL, NULL, "permission denied");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(audit_absent_paths)
{
	struct hd_snapshot *s = audit_host();

	cf_expect(s, "audit.etc_sysconfig_docker", HD_NOTAPPLICABLE, NULL, NULL,
	    "/etc/sysconfig/docker does not exist");
	/* Not collected at all is not "absent": those stay out as well, but
	 * one that could not be stat'ed is an error. */
	cf_file_error(s, "/usr/bin/runc", "EACCES");
	cf_expect(s, "audit.runc", HD_ERROR, NULL, NULL, "EACCES");
	cf_file(s, "/usr/bin/runc", "file", 0755, 0, 0, "root", "root");
	cf_expect(s, "audit.runc", HD_FAIL, NULL, NULL, "-w /usr/bin/runc");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(audit_dynamic_paths)
{
	struct hd_snapshot *s = audit_host();

	/* docker.service and its drop-in come from the unit fact. */
	cf_set(s, HD_F_SYSTEMD_SERVICE, "{\"path\": \"/usr/lib/systemd/system/"
	    "docker.service\", \"dropins\": []}");
	cf_file(s, "/usr/lib/systemd/system/docker.service", "file", 0644, 0, 0,
	    "root", "root");
	cf_set(s, HD_F_AUDIT_RULES, "[{\"path\": \"/usr/lib/systemd/system/"
	    "docker.service\", \"perms\": \"wa\", \"key\": \"docker\", "
	    "\"form\": \"watch\", \"source\": \"/etc/audit/rules.d/d.rules:1\"}, "
	    "{\"path\": \"/srv/docker\", \"perms\": \"wa\", \"key\": \"docker\", "
	    "\"form\": \"watch\", \"source\": \"/etc/audit/rules.d/d.rules:2\"}]");
	cf_expect(s, "audit.docker_service", HD_PASS, NULL, NULL, NULL);
	/* Without the daemon's configuration the data root is not known:
	 * never the default in its stead. */
	cf_expect(s, "audit.data_root", HD_ERROR, HD_F_DAEMON_CONFIG, NULL, "not collected");
	hd_snapshot_set_error(s, HD_F_DAEMON_CONFIG, "/etc/docker/daemon.json",
	    "the daemon's configuration could not be read: permission denied");
	cf_expect(s, "audit.data_root", HD_ERROR, NULL, NULL, "permission denied");
	/* The data root follows data-root, /var/lib/docker by default. */
	cf_set(s, HD_F_DAEMON_CONFIG, "{}");
	cf_expect(s, "audit.data_root", HD_FAIL, NULL, NULL, "/var/lib/docker");
	cf_set(s, HD_F_DAEMON_CONFIG, "{\"data-root\": {\"value\": \"/srv/docker\", "
	    "\"source\": \"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"}}");
	cf_file(s, "/srv/docker", "directory", 0710, 0, 0, "root", "root");
	cf_expect(s, "audit.data_root", HD_PASS, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

/* Every audit-rule control, its subject, and whether that is a directory. */
static const struct {
	const char *key, *path;
	bool dir;
} audit_rows[] = {
	{ "audit.dockerd", "/usr/sbin/dockerd", false },
	{ "audit.run_containerd", "/run/containerd", true },
	{ "audit.data_root", "/var/lib/docker", true },
	{ "audit.etc_docker", "/etc/docker", true },
	{ "audit.docker_service", "/lib/systemd/system/docker.service", false },
	{ "audit.containerd_sock", "/run/containerd/containerd.sock", false },
	{ "audit.docker_socket", "/lib/systemd/system/docker.socket", false },
	{ "audit.etc_default_docker", "/etc/default/docker", false },
	{ "audit.daemon_json", "/etc/docker/daemon.json", false },
	{ "audit.containerd_config", "/etc/containerd/config.toml", false },
	{ "audit.etc_sysconfig_docker", "/etc/sysconfig/docker", false },
	{ "audit.containerd", "/usr/bin/containerd", false },
	{ "audit.containerd_shim", "/usr/bin/containerd-shim", false },
	{ "audit.containerd_shim_runc_v1", "/usr/bin/containerd-shim-runc-v1",
	  false },
	{ "audit.containerd_shim_runc_v2", "/usr/bin/containerd-shim-runc-v2",
	  false },
	{ "audit.runc", "/usr/bin/runc", false },
};

/* A host where every audited path exists. */
static struct hd_snapshot *
audit_full_host(void)
{
	struct hd_snapshot *s = audit_host();

	/* A known, empty configuration: the data root is the default. */
	cf_set(s, HD_F_DAEMON_CONFIG, "{}");
	cf_set(s, HD_F_SYSTEMD_SERVICE, "{\"path\": \"/lib/systemd/system/"
	    "docker.service\", \"dropins\": []}");
	cf_set(s, HD_F_SYSTEMD_SOCKET, "{\"path\": \"/lib/systemd/system/"
	    "docker.socket\", \"dropins\": []}");
	for (size_t i = 0; i < sizeof(audit_rows) / sizeof(*audit_rows); i++)
		cf_file(s, audit_rows[i].path, audit_rows[i].dir ? "directory" :
		    "file", 0644, 0, 0, "root", "root");
	return s;
}

/* The audit.loaded value of a kernel with auditing on and rules (stolen). */
static json_object *
loaded(json_object *rules)
{
	json_object *v = tu_json("{\"available\": true, \"enabled\": 1}");

	json_object_object_add(v, "rules", rules);
	return v;
}

/* Each of 1.1.3-1.1.18 fails on its own path with no rule, and passes with
 * a rule for that path both in the rule files and loaded; a rule for
 * every other path never makes it pass. */
START_TEST(audit_every_control)
{
	for (size_t i = 0; i < sizeof(audit_rows) / sizeof(*audit_rows); i++) {
		struct hd_snapshot *s = audit_full_host();
		json_object *others = json_object_new_array();
		char *rule;

		for (size_t k = 0; k < sizeof(audit_rows) / sizeof(*audit_rows); k++)
			if (k != i) {
				char *r = hd_xasprintf("{\"path\": \"%s\", "
				    "\"perms\": \"wa\", \"key\": \"docker\", "
				    "\"form\": \"watch\", \"source\": \"t:%zu\"}",
				    audit_rows[k].path, k);

				json_object_array_add(others, tu_json(r));
				free(r);
			}
		hd_snapshot_set_value(s, HD_F_AUDIT_RULES,
		    json_object_get(others), "rules");
		hd_snapshot_set_value(s, HD_F_AUDIT_LOADED, loaded(others), NL_SRC);
		cf_expect(s, audit_rows[i].key, HD_FAIL, NULL, NULL,
		    "no audit rule for exactly");
		rule = hd_xasprintf("[{\"path\": \"%s\", \"perms\": \"wa\", "
		    "\"key\": \"docker\", \"form\": \"watch\", "
		    "\"source\": \"t:1\"}]", audit_rows[i].path);
		cf_set(s, HD_F_AUDIT_RULES, rule);
		hd_snapshot_set_value(s, HD_F_AUDIT_LOADED, loaded(tu_json(rule)), NL_SRC);
		cf_expect(s, audit_rows[i].key, HD_PASS, NULL, NULL,
		    audit_rows[i].path);
		free(rule);
		hd_snapshot_free(s);
	}
}
END_TEST

/* 1.2.1: the parts facts decide (pending reboot, kernel floor, listeners
 * allowlist); pass only when every part is decided. */
START_TEST(host_hardened)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *both[] = { "min_kernel_version=6.1", "allowed_listeners=22,"
	    "10.0.0.5:2376,[::]:443", NULL };
	const char *newer[] = { "min_kernel_version=6.10", NULL };
	const char *few[] = { "allowed_listeners=22", NULL };
	const char *bad[] = { "min_kernel_version=lts", NULL };

	cf_set(s, HD_F_HOST_INFO, "{\"hostname\": \"h\", \"kernel\": "
	    "\"6.1.0-18-amd64\", \"os\": \"Debian GNU/Linux 12\", \"arch\": "
	    "\"x86_64\"}");
	cf_expect(s, "host.hardened", HD_ERROR, NULL, NULL, "pending reboot unknown");
	cf_set_src(s, HD_F_REBOOT_REQUIRED, "{\"required\": false, \"packages\": []}",
	    "/var/run/reboot-required");
	cf_set_src(s, HD_F_LISTENING, "[{\"proto\": \"tcp\", \"address\": "
	    "\"0.0.0.0\", \"port\": 22}, {\"proto\": \"tcp\", \"address\": "
	    "\"127.0.0.1\", \"port\": 631}, {\"proto\": \"tcp\", \"address\": "
	    "\"10.0.0.5\", \"port\": 2376}, {\"proto\": \"tcp6\", \"address\": "
	    "\"::\", \"port\": 443}, {\"proto\": \"tcp6\", \"address\": "
	    "\"::1\", \"port\": 25}]", "/proc/1/net/tcp, /proc/1/net/tcp6");
	/* Without parameters only the reboot decides: a person does the rest. */
	cf_expect(s, "host.hardened", HD_MANUAL, "kernel", "6.1.0-18", "review");
	cf_expect(s, "host.hardened", HD_MANUAL, "listening TCP sockets", "2376", NULL);
	cf_expect_p(s, "host.hardened", both, HD_PASS, "min_kernel_version", "6.1",
	    "every listener");
	/* 6.1.0 < 6.10 numerically. */
	cf_expect_p(s, "host.hardened", newer, HD_FAIL, NULL, NULL,
	    "kernel 6.1.0-18-amd64 is older than min_kernel_version 6.10");
	cf_expect_p(s, "host.hardened", bad, HD_ERROR, NULL, NULL, "cannot compare");
	/* Loopback listeners are not judged; the others must be listed. */
	cf_expect_p(s, "host.hardened", few, HD_FAIL, "listener not in "
	    "allowed_listeners", "10.0.0.5:2376", "2 TCP listener(s)");
	cf_expect_p(s, "host.hardened", few, HD_FAIL, "listener not in "
	    "allowed_listeners", "[::]:443", NULL);
	cf_set_src(s, HD_F_REBOOT_REQUIRED, "{\"required\": true, \"packages\": "
	    "[\"linux-image-6.1.0-20-amd64\"]}", "/var/run/reboot-required");
	cf_expect_p(s, "host.hardened", both, HD_FAIL, "packages waiting for the "
	    "reboot", "linux-image", "a reboot is pending");
	cf_set_src(s, HD_F_REBOOT_REQUIRED, "{\"required\": false, \"packages\": []}",
	    "/var/run/reboot-required");
	hd_snapshot_set_absent(s, HD_F_LISTENING, "/proc", "no /proc");
	cf_expect_p(s, "host.hardened", few, HD_ERROR, NULL, NULL,
	    "listening sockets unknown: no /proc");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(docker_version)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *newer[] = { "min_docker_version=24.0.5", NULL };
	const char *older[] = { "min_docker_version=20.10.9", NULL };
	const char *bad[] = { "min_docker_version=latest", NULL };

	hd_snapshot_set_error(s, HD_F_ENGINE_VERSION, "GET /version",
	    "cannot connect to the Docker engine");
	cf_expect(s, "host.docker_version", HD_ERROR, NULL, NULL, "cannot connect");
	cf_set_src(s, HD_F_ENGINE_VERSION, "{\"Version\": \"20.10.24+dfsg1\", "
	    "\"Components\": [{\"Name\": \"Engine\", \"Version\": \"20.10.24+dfsg1\"}, "
	    "{\"Name\": \"containerd\", \"Version\": \"1.6.20~ds1\"}, "
	    "{\"Name\": \"runc\", \"Version\": \"1.1.5+ds1\"}]}", "GET /v1.41/version");
	cf_expect(s, "host.docker_version", HD_MANUAL, "Components[runc].Version", "1.1.5",
	    "engine 20.10.24");
	cf_expect(s, "host.docker_version", HD_MANUAL, "Components[containerd].Version", "1.6.20",
	    NULL);
	/* Numeric comparison: 20.10.24 < 24.0.5, though "2" == "2". */
	cf_expect_p(s, "host.docker_version", newer, HD_FAIL, "min_docker_version", "24.0.5",
	    "older than");
	/* 20.10.24 > 20.10.9 numerically, not as text. */
	cf_expect_p(s, "host.docker_version", older, HD_PASS, NULL, NULL, "at least");
	cf_expect_p(s, "host.docker_version", bad, HD_ERROR, NULL, NULL, "cannot compare");
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_host");
	TCase *tc = tcase_create("section1");

	tcase_add_test(tc, separate_partition);
	tcase_add_test(tc, docker_group);
	tcase_add_test(tc, audit_exact_path);
	tcase_add_test(tc, audit_loaded_rules);
	tcase_add_test(tc, audit_configured_not_loaded);
	tcase_add_test(tc, audit_absent_paths);
	tcase_add_test(tc, audit_dynamic_paths);
	tcase_add_test(tc, audit_every_control);
	tcase_add_test(tc, host_hardened);
	tcase_add_test(tc, docker_version);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
