/*
 * Rootless Docker on fixture host trees: hosts/rootless (a live rootless
 * dockerd under rootlesskit, in /proc, with the user's unit, daemon.json,
 * subgid and uid_map) and hosts/rootless-unit (no process: a user's own
 * docker.service with %h, %t and %U specifiers is the configured daemon).
 * The user's places are found, section 3 expects the user as owner, 2.1
 * passes with evidence, 2.9 is inherent, HD-HOST-7 judges capabilities in
 * the daemon's own user namespace, and what cannot apply says so.
 */
#include <stdlib.h>
#include <string.h>

#include <hardock/collect.h>

#include "checkfix.h"
#include "collect/collectors.h"
#include "collect/daemon.h"

/* The collectors rootless discovery and its checks read, on root. */
static struct hd_snapshot *
collect(const char *root)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = root };

	hd_snapshot_set_meta(s, HD_META_ROOT, root);
	hd_snapshot_set_error(s, HD_F_ENGINE_INFO, "GET /info", "no engine");
	hd_snapshot_set_error(s, HD_F_ENGINE_VERSION, "GET /version", "no engine");
	hd_collect_daemon(s, &o);
	hd_collect_presence(s, &o);
	hd_collect_docker_group(s, &o);
	hd_collect_files(s, &o);
	hd_collect_lsm(s, &o);
	hd_collect_processes(s, &o);
	return s;
}

/* Plain JSON text (no slash escapes) at a dotted path of fact key. */
static const char *
at(const struct hd_snapshot *s, const char *key, const char *path)
{
	struct hd_fact f;
	json_object *v;

	hd_snapshot_fact(&f, s, key);
	ck_assert_msg(f.state == HD_FACT_VALUE, "%s: %s", key, f.reason);
	v = path ? hd_json_path(f.value, path) : f.value;
	return v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE) : "";
}

START_TEST(specifiers)
{
	const struct hd_unit_spec spec = { "/home/al", "al", "1000", "1000",
	    "/run/user/1000" };
	char *t = hd_unit_expand("%h/bin %u:%U:%G %t/docker.sock 100%% %x %", &spec);

	ck_assert_str_eq(t, "/home/al/bin al:1000:1000 /run/user/1000/docker.sock "
	    "100% %x %");
	free(t);
	t = hd_unit_expand("%h", NULL);
	ck_assert_str_eq(t, "%h");
	free(t);
}
END_TEST

START_TEST(live_rootless_daemon)
{
	struct hd_snapshot *s = collect(tu_fixture("hosts/rootless"));
	const char *r = HD_F_DAEMON_ROOTLESS;

	/* Discovered: the user, the rootlesskit ancestor, the user's unit
	 * with its specifiers expanded, the user's places. */
	ck_assert_str_eq(at(s, r, "user"), "\"alice\"");
	ck_assert_str_eq(at(s, r, "uid"), "1000");
	ck_assert_str_eq(at(s, r, "rootlesskit_pid"), "4200");
	ck_assert_str_eq(at(s, r, "unit"),
	    "\"/home/alice/.config/systemd/user/docker.service\"");
	ck_assert_str_eq(at(s, r, "config_dir"), "\"/home/alice/.config/docker\"");
	ck_assert_str_eq(at(s, r, "daemon_json"),
	    "\"/home/alice/.config/docker/daemon.json\"");
	ck_assert_str_eq(at(s, r, "data_root"), "\"/home/alice/.local/share/docker\"");
	ck_assert_str_eq(at(s, r, "socket"), "\"/run/user/1000/docker.sock\"");
	ck_assert_str_eq(at(s, r, "subgid"), "[{\"start\":100000,\"count\":65536}]");
	ck_assert_ptr_nonnull(strstr(at(s, r, "evidence"), "runs under rootlesskit "
	    "(pid 4200, an ancestor)"));
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SERVICE, "exec_start"),
	    "[\"/home/alice/bin/dockerd-rootless.sh\"]");
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SERVICE, "environment.PATH"),
	    "\"/home/alice/bin:/sbin:/usr/sbin:/usr/bin\"");
	ck_assert_str_eq(at(s, HD_F_PROCESS "dockerd", "userns.uid_map"),
	    "\"0 1000 1\\n1 100000 65536\"");
	ck_assert_str_eq(at(s, HD_F_PROCESS "dockerd", "userns.initial"), "false");
	/* The user's files are what section 3 looks at. */
	ck_assert_str_eq(at(s, HD_F_FILE "/home/alice/.config/docker", "type"),
	    "\"directory\"");
	ck_assert_str_eq(at(s, HD_F_FILE "/home/alice/.local/share/docker", "type"),
	    "\"directory\"");

	/* 2.1 passes with the evidence; 2.9 is inherent. */
	cf_expect(s, "daemon.rootless", HD_PASS, "rootlesskit_pid", "4200", "rootless");
	cf_expect(s, "daemon.rootless", HD_PASS, "user", "alice", NULL);
	cf_expect(s, "daemon.userns_remap", HD_PASS, "unit", "systemd", "inherent");
	/* HD-HOST-7: capabilities inside its own user namespace. */
	ck_assert_int_eq(cf_child_status(s, "host.daemon_confinement", "dockerd"), HD_PASS);
	cf_expect(s, "host.daemon_confinement", HD_PASS, "uid_map", "0 1000 1",
	    "inside its own user namespace");
	/* Section 3: the user, not root, owns a rootless daemon's files. */
	cf_file(s, "/home/alice/.config/docker/daemon.json", "file", 0600, 1000, 1000,
	    "alice", "alice");
	cf_expect(s, "files.daemon_json.owner", HD_PASS, "rootless daemon of", "alice",
	    "the rootless daemon's user");
	cf_expect(s, "files.daemon_json.mode", HD_PASS, NULL, NULL, NULL);
	cf_file(s, "/home/alice/.config/docker/daemon.json", "file", 0600, 0, 0,
	    "root", "root");
	cf_expect(s, "files.daemon_json.owner", HD_FAIL, NULL, NULL,
	    "expected alice (uid 1000)");
	/* The socket's group may be a subordinate gid mapped into its namespace. */
	cf_file(s, "/run/user/1000/docker.sock", "socket", 0660, 1000, 100104,
	    "alice", "");
	cf_expect(s, "files.docker_sock.owner", HD_PASS, NULL, NULL, NULL);
	cf_file(s, "/run/user/1000/docker.sock", "socket", 0660, 1000, 999,
	    "alice", "docker");
	cf_expect(s, "files.docker_sock.owner", HD_FAIL, NULL, NULL, "expected alice");
	cf_file(s, "/home/alice/.config/docker", "directory", 0755, 1000, 1000,
	    "alice", "alice");
	cf_expect(s, "files.etc_docker.owner", HD_PASS, NULL, NULL, NULL);
	cf_file(s, "/home/alice/.config/systemd/user/docker.service", "file", 0644,
	    1000, 1000, "alice", "alice");
	cf_expect(s, "files.docker_service.owner", HD_PASS, NULL, NULL, NULL);
	/* What a rootless daemon never reads: notapplicable with the reason. */
	cf_expect(s, "files.etc_default_docker.mode", HD_NOTAPPLICABLE,
	    "rootless daemon of", "alice", "reads no /etc/default/docker");
	cf_expect(s, "files.etc_sysconfig_docker.owner", HD_NOTAPPLICABLE, NULL, NULL,
	    "rootless dockerd");
	cf_expect(s, "audit.etc_default_docker", HD_NOTAPPLICABLE, NULL, NULL,
	    "rootless dockerd");
	/* The same capabilities in the host's namespace: privileged. */
	cf_set(s, HD_F_PROCESS "dockerd", "{\"pid\": 4242, \"uid\": 1000, "
	    "\"cap_eff\": [\"cap_sys_admin\"], \"seccomp\": 0, \"no_new_privs\": "
	    "false, \"userns\": {\"uid_map\": \"0 0 4294967295\", \"initial\": true}}");
	ck_assert_int_eq(cf_child_status(s, "host.daemon_confinement", "dockerd"), HD_FAIL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(configured_rootless_daemon)
{
	struct hd_snapshot *s = collect(tu_fixture("hosts/rootless-unit"));
	const char *r = HD_F_DAEMON_ROOTLESS;

	/* No process, no system unit: the user's own unit is the daemon. */
	ck_assert_str_eq(at(s, HD_F_SYSTEMD_SERVICE, "path"),
	    "\"/home/bob/.config/systemd/user/docker.service\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_ARGV, NULL), "[\"/usr/bin/dockerd-rootless.sh\","
	    "\"-H\",\"unix:///run/user/1001/docker.sock\",\"--data-root=/home/bob/data\","
	    "\"--exec-root\",\"/run/user/1001/docker-1001\",\"--icc=false\"]");
	/* Environment= with %h decides where daemon.json is. */
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "live-restore.source"),
	    "\"/home/bob/.cfg/docker/daemon.json\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_CONFIG, "data-root.value"), "\"/home/bob/data\"");
	ck_assert_str_eq(at(s, HD_F_DAEMON_ENDPOINTS, "0.path"), "");
	ck_assert_ptr_nonnull(strstr(at(s, HD_F_DAEMON_ENDPOINTS, NULL),
	    "\"path\":\"/run/user/1001/docker.sock\""));
	ck_assert_str_eq(at(s, r, "user"), "\"bob\"");
	ck_assert_str_eq(at(s, r, "config_dir"), "\"/home/bob/.cfg/docker\"");
	ck_assert_str_eq(at(s, r, "tlscacert"), "\"/home/bob/certs/ca.pem\"");
	ck_assert_str_eq(at(s, r, "subgid"), "[{\"start\":200000,\"count\":65536}]");
	cf_expect(s, "daemon.rootless", HD_PASS, "unit", "bob", "configured to run rootless");
	cf_expect(s, "daemon.userns_remap", HD_PASS, NULL, NULL, "inherent");
	cf_expect(s, "daemon.live_restore", HD_PASS, "live-restore", "true", NULL);
	cf_expect(s, "daemon.icc", HD_PASS, "icc", "false", NULL);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("rootless");
	TCase *tc = tcase_create("trees");

	tcase_add_test(tc, specifiers);
	tcase_add_test(tc, live_rootless_daemon);
	tcase_add_test(tc, configured_rootless_daemon);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
