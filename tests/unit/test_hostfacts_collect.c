/* The host collectors run on fixture host trees (tests/fixtures/hosts/
 * hostfacts-*) and on trees built by the test (FIFOs, sockets, modes,
 * owners, symlinks out of the root, permission denied), asserting values
 * and sources. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zlib.h>

#include <hardock/buf.h>
#include <hardock/digest.h>

#include "testutil.h"

#include <hardock/collect.h>
#include <hardock/common.h>

#include "collect/collectors.h"

#define C1 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define C2 "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define C3 "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

/* Every host collector of this module, in the table's order. */
static void
collect_host(struct hd_snapshot *s, const char *root)
{
	struct hd_collect_opts o = { .root = root };

	hd_snapshot_set_meta(s, HD_META_ROOT, root);
	hd_collect_docker_group(s, &o);
	hd_collect_files(s, &o);
	hd_collect_root_mount(s, &o);
	hd_collect_lsm(s, &o);
	hd_collect_kernel(s, &o);
	hd_collect_sysctl(s, &o);
	hd_collect_audit(s, &o);
	hd_collect_userns(s, &o);
	hd_collect_processes(s, &o);
}

/* The fact key, asserted to be in state st; its value (borrowed). */
static json_object *
fact_in(const struct hd_snapshot *s, const char *key, enum hd_fact_state st,
    struct hd_fact *out)
{
	struct hd_fact f;

	hd_snapshot_fact(&f, s, key);
	ck_assert_msg(f.state == st, "%s: state %d, want %d (%s)", key, f.state,
	    st, f.reason ? f.reason : "value");
	if (out != NULL)
		*out = f;
	return f.value;
}

/* The value's member at a dotted path as JSON text. */
static const char *
at(json_object *v, const char *path)
{
	json_object *m = hd_json_path(v, path);

	return m ? json_object_to_json_string_ext(m, JSON_C_TO_STRING_PLAIN) :
	    "null";
}

/* Whether the JSON array a holds the string s. */
static bool
has_str(json_object *a, const char *s)
{
	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(a, i)),
		    s) == 0)
			return true;
	return false;
}

/* What the daemon-config and engine collectors would have recorded. */
static void
daemon_facts(struct hd_snapshot *s)
{
	hd_snapshot_set_value(s, HD_F_DAEMON_CONFIG, tu_json("{"
	    "\"userns-remap\": {\"value\": \"default\", \"source\": "
	    "\"/etc/docker/daemon.json\", \"origin\": \"daemon.json\"},"
	    "\"tlscacert\": {\"value\": \"/etc/docker/tls/ca.pem\", \"source\": "
	    "\"--tlscacert\", \"origin\": \"flag\"},"
	    "\"tlskey\": {\"value\": \"/etc/docker/tls/server-key.pem\", "
	    "\"source\": \"--tlskey\", \"origin\": \"flag\"},"
	    "\"config-file\": {\"value\": \"/etc/docker/daemon.json\", "
	    "\"source\": \"--config-file\", \"origin\": \"flag\"}}"),
	    "test fixture");
	hd_snapshot_set_value(s, HD_F_ENGINE_INFO, tu_json(
	    "{\"DockerRootDir\": \"/var/lib/docker/165536.165536\"}"), "GET /info");
	hd_snapshot_set_value(s, HD_F_DAEMON_ENDPOINTS, tu_json("["
	    "{\"url\": \"unix:///run/docker.sock\", \"scheme\": \"unix\", "
	    "\"path\": \"/run/docker.sock\", \"tls\": false},"
	    "{\"url\": \"tcp://0.0.0.0:2376\", \"scheme\": \"tcp\", \"address\": "
	    "\"0.0.0.0:2376\", \"tls\": true, \"tlscert\": "
	    "\"/etc/docker/tls/server-cert.pem\"}]"), "test fixture");
	hd_snapshot_set_value(s, HD_F_SYSTEMD_SERVICE, tu_json("{"
	    "\"path\": \"/lib/systemd/system/docker.service\", \"dropins\": "
	    "[\"/etc/systemd/system/docker.service.d/override.conf\"]}"),
	    "test fixture");
	tu_add_container(s, "{\"Id\": \"" C1 "\", \"Name\": \"/web\", "
	    "\"State\": {\"Running\": true, \"Pid\": 200}}");
	tu_add_container(s, "{\"Id\": \"" C2 "\", \"Name\": \"/v1\", "
	    "\"State\": {\"Running\": true, \"Pid\": 300}}");
	tu_add_container(s, "{\"Id\": \"" C3 "\", \"Name\": \"/stopped\", "
	    "\"State\": {\"Running\": false, \"Pid\": 0}}");
}

/* The fixture tree's passwd name for a uid the checkout may have. */
static const char *
basic_user(uid_t uid)
{
	return uid == 0 ? "\"root\"" : uid == 1000 ? "\"alice\"" :
	    uid == 1001 ? "\"bob\"" : "null";
}

START_TEST(basic_users_and_files)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *root = tu_fixture("hosts/hostfacts-basic");
	char *p;
	struct stat st;
	struct hd_fact f;
	json_object *v;

	daemon_facts(s);
	collect_host(s, root);
	v = fact_in(s, HD_F_DOCKER_GROUP, HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "gid"), "999");
	ck_assert_str_eq(at(v, "members"), "[\"alice\",\"carol\"]");
	ck_assert_str_eq(at(v, "primary"), "[\"bob\"]");

	v = fact_in(s, HD_F_FILE "/etc/docker", HD_FACT_VALUE, &f);
	ck_assert_str_eq(f.source, "/etc/docker");
	ck_assert_str_eq(at(v, "type"), "\"directory\"");
	p = hd_xasprintf("%s/etc/docker", root);
	ck_assert_int_eq(lstat(p, &st), 0);
	free(p);
	ck_assert_int_eq(json_object_get_int(hd_json_path(v, "mode")),
	    (int)(st.st_mode & 07777));
	ck_assert_int_eq(json_object_get_int(hd_json_path(v, "uid")), (int)st.st_uid);
	ck_assert_str_eq(at(v, "user"), basic_user(st.st_uid));
	v = fact_in(s, HD_F_FILE "/etc/docker/daemon.json", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "type"), "\"file\"");
	ck_assert_str_eq(at(v, "size"), "42");
	/* Sockets from the endpoints fact, TLS files from both facts. */
	fact_in(s, HD_F_FILE "/run/docker.sock", HD_FACT_ABSENT, NULL);
	ck_assert(!hd_snapshot_has(s, HD_F_FILE "/var/run/docker.sock"));
	fact_in(s, HD_F_FILE "/etc/docker/tls/ca.pem", HD_FACT_VALUE, NULL);
	fact_in(s, HD_F_FILE "/etc/docker/tls/server-key.pem", HD_FACT_VALUE, NULL);
	fact_in(s, HD_F_FILE "/etc/docker/tls/server-cert.pem", HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_FILE "/lib/systemd/system/docker.service", HD_FACT_VALUE, NULL);
	fact_in(s, HD_F_FILE "/etc/systemd/system/docker.service.d/override.conf",
	    HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_FILE "/run/containerd/containerd.sock", HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_FILE "/run/containerd", HD_FACT_VALUE, NULL);
	fact_in(s, HD_F_FILE "/etc/default/docker", HD_FACT_VALUE, NULL);
	fact_in(s, HD_F_FILE "/etc/sysconfig/docker", HD_FACT_ABSENT, &f);
	ck_assert_str_eq(f.reason, "/etc/sysconfig/docker does not exist");
	fact_in(s, HD_F_FILE "/etc/containerd/config.toml", HD_FACT_VALUE, NULL);
	v = fact_in(s, HD_F_FILE "/var/lib/docker/165536.165536", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "type"), "\"directory\"");
	/* Binaries: /usr/bin always, the other directories where present. */
	fact_in(s, HD_F_FILE "/usr/bin/dockerd", HD_FACT_VALUE, NULL);
	fact_in(s, HD_F_FILE "/usr/bin/runc", HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_FILE "/usr/local/bin/runc", HD_FACT_VALUE, NULL);
	ck_assert(!hd_snapshot_has(s, HD_F_FILE "/usr/sbin/runc"));
	/* certs.d recursively, every entry under its own name. */
	v = fact_in(s, HD_F_DIR "/etc/docker/certs.d", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN),
	    "[\"\\/etc\\/docker\\/certs.d\\/escape.crt\","
	    "\"\\/etc\\/docker\\/certs.d\\/registry.example:5000\","
	    "\"\\/etc\\/docker\\/certs.d\\/registry.example:5000\\/ca.crt\","
	    "\"\\/etc\\/docker\\/certs.d\\/registry.example:5000\\/client.cert\","
	    "\"\\/etc\\/docker\\/certs.d\\/registry.example:5000\\/client.key\","
	    "\"\\/etc\\/docker\\/certs.d\\/up.crt\"]");
	/* Symlinks are followed inside the root, as dockerd would: the
	 * absolute one to the tree's /etc/shadow, which is not there; the
	 * one climbing out of the tree is an error naming it. */
	fact_in(s, HD_F_FILE "/etc/docker/certs.d/escape.crt", HD_FACT_ABSENT, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "escape.crt -> /etc/shadow"));
	fact_in(s, HD_F_FILE "/etc/docker/certs.d/up.crt", HD_FACT_ERROR, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "/etc/docker/certs.d/up.crt -> "
	    "../../../../../../../../etc/shadow leaves the audit root"));
	v = fact_in(s, HD_F_FILE "/etc/docker/certs.d/registry.example:5000/client.key",
	    HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "type"), "\"file\"");
	hd_snapshot_free(s);
}
END_TEST

/* The data root's mount, from root with the audited dockerd at pid (0:
 * none known); the fact, asserted in state st. */
static json_object *
root_mount_with(struct hd_snapshot *s, const char *root, int pid,
    enum hd_fact_state st, struct hd_fact *f)
{
	struct hd_collect_opts o = { .root = root };
	char *procs = hd_xasprintf("[{\"pid\": %d, \"audited\": true}]", pid);

	hd_snapshot_set_value(s, HD_F_ENGINE_INFO, tu_json(
	    "{\"DockerRootDir\": \"/var/lib/docker\"}"), "GET /info");
	if (pid > 0)
		hd_snapshot_set_value(s, HD_F_DAEMON_PROCESSES, tu_json(procs),
		    "test fixture");
	free(procs);
	hd_collect_root_mount(s, &o);
	return fact_in(s, HD_F_ROOT_MOUNT, st, f);
}

/* The partition question is asked of dockerd's mount namespace: its own
 * volume counts though init's table has none; without a readable
 * dockerd table, init's answers. */
START_TEST(data_root_mount_from_dockerds_namespace)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;
	json_object *v;

	v = root_mount_with(s, tu_fixture("hosts/mountns"), 4242, HD_FACT_VALUE, &f);
	ck_assert_str_eq(at(v, "mount_point"), "\"\\/var\\/lib\\/docker\"");
	ck_assert_str_eq(at(v, "separate"), "true");
	ck_assert_ptr_nonnull(strstr(f.source, "/proc/4242/mountinfo"));
	hd_snapshot_free(s);

	s = hd_snapshot_new();
	v = root_mount_with(s, tu_fixture("hosts/mountns"), 999, HD_FACT_VALUE, &f);
	ck_assert_str_eq(at(v, "mount_point"), "\"\\/\"");
	ck_assert_str_eq(at(v, "separate"), "false");
	ck_assert_ptr_nonnull(strstr(f.source, "/proc/1/mountinfo"));
	hd_snapshot_free(s);
}
END_TEST

/* Under --root, hardock's own mount table (/proc/self: a pod's, whose
 * tmpfs on /var/lib would look like a partition) is never the host's:
 * with no other, the fact is an error, never a pass. */
START_TEST(own_mount_namespace_not_read_under_root)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;

	root_mount_with(s, tu_fixture("hosts/mountns-self"), 0, HD_FACT_ERROR, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "no mount table"));
	ck_assert_ptr_nonnull(strstr(f.source, "/proc/1/mountinfo"));
	hd_snapshot_free(s);
}
END_TEST

START_TEST(basic_mount_lsm_kernel_sysctl)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;
	json_object *v;

	daemon_facts(s);
	collect_host(s, tu_fixture("hosts/hostfacts-basic"));
	/* userns-remap: the partition question is about the parent. */
	v = fact_in(s, HD_F_ROOT_MOUNT, HD_FACT_VALUE, &f);
	ck_assert_str_eq(at(v, "root_dir"), "\"\\/var\\/lib\\/docker\\/165536.165536\"");
	ck_assert_str_eq(at(v, "checked"), "\"\\/var\\/lib\\/docker\"");
	ck_assert_str_eq(at(v, "mount_point"), "\"\\/var\\/lib\\/docker\"");
	ck_assert_str_eq(at(v, "device"), "\"\\/dev\\/mapper\\/vg-docker\"");
	ck_assert_str_eq(at(v, "fstype"), "\"xfs\"");
	ck_assert_str_eq(at(v, "separate"), "true");
	ck_assert_ptr_nonnull(strstr(f.source, "/proc/1/mountinfo"));
	ck_assert_ptr_nonnull(strstr(f.source, "DockerRootDir"));

	v = fact_in(s, HD_F_APPARMOR, HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "enabled"), "true");
	ck_assert_str_eq(at(v, "docker_default"), "true");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(
	    json_object_object_get(v, "profiles"), "/usr/sbin/cupsd")), "complain");
	ck_assert_int_eq(json_object_object_length(
	    json_object_object_get(v, "profiles")), 4);
	fact_in(s, HD_F_SELINUX, HD_FACT_ABSENT, NULL);

	v = fact_in(s, HD_F_KERNEL_CONFIG, HD_FACT_VALUE, &f);
	ck_assert_str_eq(f.source, "/boot/config-5.15.0-hostfacts");
	ck_assert_str_eq(at(v, "CONFIG_STRICT_DEVMEM"), "\"n\"");
	ck_assert_str_eq(at(v, "CONFIG_USER_NS"), "\"y\"");
	ck_assert_str_eq(at(v, "CONFIG_OVERLAY_FS"), "\"m\"");
	v = fact_in(s, HD_F_CGROUP, HD_FACT_VALUE, &f);
	ck_assert_str_eq(f.source, "/sys/fs/cgroup/cgroup.controllers");
	ck_assert_str_eq(at(v, "version"), "2");
	ck_assert(has_str(hd_json_path(v, "controllers"), "memory"));

	v = fact_in(s, HD_F_SYSCTL "kernel.kptr_restrict", HD_FACT_VALUE, &f);
	ck_assert_str_eq(json_object_get_string(v), "2");
	ck_assert_str_eq(f.source, "/proc/sys/kernel/kptr_restrict");
	v = fact_in(s, HD_F_SYSCTL "kernel.yama.ptrace_scope", HD_FACT_VALUE, &f);
	ck_assert_str_eq(f.source, "/proc/sys/kernel/yama/ptrace_scope");
	ck_assert_str_eq(json_object_get_string(v), "1");
	v = fact_in(s, HD_F_SYSCTL "user.max_user_namespaces", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(json_object_get_string(v), "0");
	fact_in(s, HD_F_SYSCTL "kernel.unprivileged_userns_clone", HD_FACT_ABSENT, NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(basic_audit_userns)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;
	json_object *v;
	const char *want[] = {
		"/usr/bin/dockerd rwxa /etc/audit/audit.rules:4",
		"/var/lib/docker rwxa /etc/audit/audit.rules:5",
		"/usr/bin/dockerd-wrapper x /etc/audit/rules.d/10-docker.rules:2",
		"/lib/systemd/system/docker.service wa /etc/audit/rules.d/10-docker.rules:3",
		"/run/containerd wa /etc/audit/rules.d/20-syscall.rules:1",
		"/etc/docker wa /etc/audit/rules.d/20-syscall.rules:2",
	};

	daemon_facts(s);
	collect_host(s, tu_fixture("hosts/hostfacts-basic"));
	v = fact_in(s, HD_F_AUDIT_RULES, HD_FACT_VALUE, NULL);
	ck_assert_uint_eq(json_object_array_length(v), 6);
	for (size_t i = 0; i < 6; i++) {
		json_object *r = json_object_array_get_idx(v, i);
		char *t = hd_xasprintf("%s %s %s",
		    json_object_get_string(json_object_object_get(r, "path")),
		    json_object_get_string(json_object_object_get(r, "perms")),
		    json_object_get_string(json_object_object_get(r, "source")));

		ck_assert_str_eq(t, want[i]);
		free(t);
	}
	ck_assert_str_eq(at(json_object_array_get_idx(v, 5), "form"), "\"dir\"");
	ck_assert_str_eq(at(json_object_array_get_idx(v, 5), "key"), "\"dockerdir\"");
	/* Each rules file read has its digest, that of its bytes on disk. */
	{
		static const char *const files[] = { "/etc/audit/audit.rules",
			"/etc/audit/rules.d/10-docker.rules",
			"/etc/audit/rules.d/20-syscall.rules" };

		for (size_t i = 0; i < 3; i++) {
			char *path = hd_xasprintf("%s%s",
			    tu_fixture("hosts/hostfacts-basic"), files[i]);
			char *key = hd_xasprintf("%s%s", HD_F_DIGEST, files[i]);
			char hex[HD_SHA256_HEX_LEN + 3];
			struct hd_buf *b = NULL;
			json_object *d = fact_in(s, key, HD_FACT_VALUE, NULL);

			ck_assert_int_eq(hd_buf_load(&b, path, 1 << 20), 0);
			hex[0] = '"';
			hd_sha256_hex(hex + 1, hd_buf_ptr(b), hd_buf_len(b));
			strcat(hex, "\"");
			ck_assert_str_eq(at(d, "sha256"), hex);
			hd_buf_free(b);
			free(key);
			free(path);
		}
	}
	v = fact_in(s, HD_F_AUDIT_UNPARSED, HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "count"), "2");
	ck_assert_str_eq(at(v, "sources"), "[\"\\/etc\\/audit\\/audit.rules:6\","
	    "\"\\/etc\\/audit\\/audit.rules:7\"]");
	fact_in(s, HD_F_AUDIT_LOADED, HD_FACT_ABSENT, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "--root"));

	v = fact_in(s, HD_F_USERNS, HD_FACT_VALUE, &f);
	ck_assert_str_eq(at(v, "user"), "\"dockremap\"");
	ck_assert_str_eq(at(v, "group"), "\"dockremap\"");
	/* By name and by dockremap's uid 996; never by prefix (dockremapx). */
	ck_assert_str_eq(at(v, "subuid"), "[{\"start\":165536,\"count\":65536},"
	    "{\"start\":300000,\"count\":1000}]");
	ck_assert_str_eq(at(v, "subgid"), "[{\"start\":165536,\"count\":65536}]");
	ck_assert_ptr_nonnull(strstr(f.source, "/etc/docker/daemon.json"));
	hd_snapshot_free(s);
}
END_TEST

START_TEST(basic_processes)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;
	json_object *v;

	daemon_facts(s);
	collect_host(s, tu_fixture("hosts/hostfacts-basic"));
	/* Found by exe, not by "tail -f /var/log/dockerd.log" (pid 90). */
	v = fact_in(s, HD_F_PROCESS "dockerd", HD_FACT_VALUE, &f);
	ck_assert_str_eq(at(v, "pid"), "100");
	ck_assert_str_eq(f.source, "/proc/100/status, /proc/100/attr/current");
	ck_assert_str_eq(at(v, "user"), "\"root\"");
	ck_assert(has_str(hd_json_path(v, "cap_eff"), "cap_sys_admin"));
	ck_assert_str_eq(at(v, "seccomp"), "0");
	ck_assert_str_eq(at(v, "no_new_privs"), "false");
	ck_assert_str_eq(at(v, "label"), "\"unconfined\"");
	ck_assert_ptr_null(hd_json_path(v, "processes"));
	v = fact_in(s, HD_F_PROCESS "containerd", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "pid"), "150");

	v = fact_in(s, HD_F_PROCESS_CONTAINER C1, HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "pid"), "200");
	ck_assert_str_eq(at(v, "uid"), "165536");
	ck_assert_str_eq(at(v, "user"), "null");
	ck_assert(!has_str(hd_json_path(v, "cap_eff"), "cap_sys_admin"));
	ck_assert(has_str(hd_json_path(v, "cap_bnd"), "cap_net_raw"));
	ck_assert_str_eq(at(v, "seccomp"), "2");
	ck_assert_str_eq(at(v, "no_new_privs"), "true");
	ck_assert_str_eq(at(v, "label"), "\"docker-default (enforce)\"");
	/* sshd in the container's cgroup; pid 203's near misses are not. */
	ck_assert_str_eq(at(v, "processes"),
	    "[{\"pid\":200,\"comm\":\"sh\",\"exe\":\"busybox\"},"
	    "{\"pid\":201,\"comm\":\"sshd\",\"exe\":\"sshd\"}]");
	v = fact_in(s, HD_F_PROCESS_CONTAINER C2, HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "label"), "null");
	ck_assert_str_eq(at(v, "processes"),
	    "[{\"pid\":300,\"comm\":\"nginx\",\"exe\":null}]");
	fact_in(s, HD_F_PROCESS_CONTAINER C3, HD_FACT_ABSENT, &f);
	ck_assert_str_eq(f.reason, "the container is not running");
	hd_snapshot_free(s);
}
END_TEST

/* Two daemons: the one the daemon-config collector audits wins (here the
 * rootless one, pid 120); without that fact the lowest pid does. */
START_TEST(audited_daemon_preferred)
{
	struct hd_snapshot *s = hd_snapshot_new();
	json_object *v;

	hd_snapshot_set_value(s, HD_F_DAEMON_PROCESSES, tu_json("["
	    "{\"pid\": 100, \"audited\": false},"
	    "{\"pid\": 120, \"audited\": true}]"), "test fixture");
	collect_host(s, tu_fixture("hosts/hostfacts-basic"));
	v = fact_in(s, HD_F_PROCESS "dockerd", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "pid"), "120");
	ck_assert_str_eq(at(v, "user"), "\"alice\"");
	hd_snapshot_free(s);
}
END_TEST

/* Without the daemon's facts the engine's defaults are audited. */
START_TEST(defaults_without_daemon_facts)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;
	json_object *v;

	collect_host(s, tu_fixture("hosts/hostfacts-basic"));
	ck_assert_str_eq(at(fact_in(s, HD_F_PROCESS "dockerd", HD_FACT_VALUE,
	    NULL), "pid"), "100");
	fact_in(s, HD_F_FILE "/var/run/docker.sock", HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_FILE "/etc/docker/daemon.json", HD_FACT_VALUE, NULL);
	fact_in(s, HD_F_FILE "/var/lib/docker", HD_FACT_VALUE, NULL);
	ck_assert(!hd_snapshot_has(s, HD_F_FILE "/etc/docker/tls/ca.pem"));
	v = fact_in(s, HD_F_ROOT_MOUNT, HD_FACT_VALUE, &f);
	ck_assert_str_eq(at(v, "checked"), "\"\\/var\\/lib\\/docker\"");
	ck_assert_str_eq(at(v, "separate"), "true");
	ck_assert_ptr_nonnull(strstr(f.source, "default"));
	fact_in(s, HD_F_USERNS, HD_FACT_ABSENT, &f);
	ck_assert_str_eq(f.reason, "userns-remap is not configured");
	hd_snapshot_free(s);
}
END_TEST

/* /proc/sys/net shows the reader's network namespace: when hardock's is
 * not the host's (init's here: no dockerd known), net.* sysctls are an
 * error naming both, never the pod's value; namespace-free ones are read.
 * In one namespace the value is read. */
START_TEST(net_sysctls_from_another_namespace)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = tu_fixture("hosts/netns-pod") };
	struct hd_fact f;

	hd_collect_sysctl(s, &o);
	fact_in(s, HD_F_SYSCTL "net.ipv4.ip_forward", HD_FACT_ERROR, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "net:[4026532999]"));
	ck_assert_ptr_nonnull(strstr(f.reason, "init (pid 1) in net:[4026531840]"));
	fact_in(s, HD_F_SYSCTL "kernel.kptr_restrict", HD_FACT_VALUE, NULL);
	hd_snapshot_free(s);

	s = hd_snapshot_new();
	o.root = tu_fixture("hosts/netns-host");
	hd_collect_sysctl(s, &o);
	ck_assert_str_eq(json_object_get_string(fact_in(s,
	    HD_F_SYSCTL "net.ipv4.ip_forward", HD_FACT_VALUE, NULL)), "0");
	hd_snapshot_free(s);
}
END_TEST

/* A tree without /proc and /sys: nothing of the live host leaks in. */
START_TEST(bare_tree)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *root = tu_fixture("hosts/hostfacts-bare");
	struct hd_fact f;

	daemon_facts(s);
	collect_host(s, root);
	fact_in(s, HD_F_PROCESS "dockerd", HD_FACT_ABSENT, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "no /proc under"));
	ck_assert_ptr_nonnull(strstr(f.reason, "no live processes"));
	fact_in(s, HD_F_PROCESS "containerd", HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_PROCESS_CONTAINER C1, HD_FACT_ABSENT, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "no live processes"));
	fact_in(s, HD_F_SYSCTL "net.ipv4.ip_forward", HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_CGROUP, HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_ROOT_MOUNT, HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_APPARMOR, HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_SELINUX, HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_KERNEL_CONFIG, HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_AUDIT_RULES, HD_FACT_ABSENT, NULL);
	ck_assert(!hd_snapshot_has(s, HD_F_AUDIT_UNPARSED));
	fact_in(s, HD_F_DOCKER_GROUP, HD_FACT_ABSENT, &f);
	ck_assert_str_eq(f.reason, "no group named docker in /etc/group");
	fact_in(s, HD_F_FILE "/etc/docker", HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_DIR "/etc/docker/certs.d", HD_FACT_ABSENT, NULL);
	/* The remap user has no ranges: an empty list, not a guess. */
	ck_assert_str_eq(at(fact_in(s, HD_F_USERNS, HD_FACT_VALUE, NULL), "subuid"),
	    "[]");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(v1_selinux_tree)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_fact f;
	json_object *v;

	collect_host(s, tu_fixture("hosts/hostfacts-v1"));
	v = fact_in(s, HD_F_CGROUP, HD_FACT_VALUE, &f);
	ck_assert_str_eq(f.source, "/proc/cgroups");
	ck_assert_str_eq(at(v, "version"), "1");
	ck_assert_str_eq(at(v, "controllers"), "[\"cpuset\",\"cpu\",\"pids\"]");
	v = fact_in(s, HD_F_SELINUX, HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "enabled"), "true");
	ck_assert_str_eq(at(v, "enforcing"), "false");
	fact_in(s, HD_F_APPARMOR, HD_FACT_ABSENT, NULL);
	fact_in(s, HD_F_KERNEL_CONFIG, HD_FACT_ABSENT, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "/boot/config-4.18.0-el8"));
	/* dockerd bind-mounts its root dir onto itself: a mount point on the
	 * root filesystem's device is not a separate partition. */
	v = fact_in(s, HD_F_ROOT_MOUNT, HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "separate"), "false");
	ck_assert_str_eq(at(v, "mount_point"), "\"\\/var\\/lib\\/docker\"");
	ck_assert_str_eq(at(v, "fs_root"), "\"\\/var\\/lib\\/docker\"");
	ck_assert_str_eq(at(v, "dev"), "\"254:0\"");
	/* /proc exists but holds no daemon. */
	fact_in(s, HD_F_PROCESS "dockerd", HD_FACT_ABSENT, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "no running dockerd"));
	hd_snapshot_free(s);
}
END_TEST

/* ---- Trees built by the test ------------------------------------------- */

/* Write text to root/rel, creating parent directories. */
static void
put(const char *root, const char *rel, const void *data, size_t len)
{
	char *p = hd_xasprintf("%s/%s", root, rel), *slash;
	int fd;

	for (slash = strchr(p + strlen(root) + 1, '/'); slash;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(p, 0755);
		*slash = '/';
	}
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_msg(fd >= 0, "%s: %s", p, strerror(errno));
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	free(p);
}

/* put() for a C string. */
static void
puts_(const char *root, const char *rel, const char *text)
{
	put(root, rel, text, strlen(text));
}

/* root/rel as a malloc'd path. */
static char *
in(const char *root, const char *rel)
{
	return hd_xasprintf("%s/%s", root, rel);
}

/* A fresh temporary directory readable by everyone. */
static char *
tmpdir(void)
{
	char *d = hd_xstrdup("/tmp/hostfacts-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	chmod(d, 0755);
	return d;
}

START_TEST(built_tree_types_modes_gzip_fifo)
{
	char *root = tmpdir(), *p;
	const char *cfg = "CONFIG_SECCOMP_FILTER=y\n# CONFIG_USER_NS is not set\n";
	unsigned char gz[1024];
	struct hd_snapshot *s = hd_snapshot_new();
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct hd_fact f;
	json_object *v;
	z_stream z;
	int sock;
	bool as_root;

	puts_(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/:/bin/sh\n");
	puts_(root, "etc/group", "root:x:0:\ndocker:x:999:\n");
	puts_(root, "etc/docker/daemon.json", "{}\n");
	puts_(root, "usr/bin/runc", "x");
	puts_(root, "proc/sys/kernel/osrelease", "6.1.0-gz\n");
	/* /proc/config.gz made here with zlib. */
	memset(&z, 0, sizeof(z));
	ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)cfg;
	z.avail_in = (uInt)strlen(cfg);
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	put(root, "proc/config.gz", gz, sizeof(gz) - z.avail_out);
	deflateEnd(&z);
	/* FIFOs where collectors read: they must not hang. */
	puts_(root, "etc/audit/rules.d/10-a.rules", "-w /etc/docker -p wa -k d\n");
	p = in(root, "etc/audit/audit.rules");
	ck_assert_int_eq(mkfifo(p, 0644), 0);
	free(p);
	p = in(root, "proc/sys/kernel/kptr_restrict");
	ck_assert_int_eq(mkfifo(p, 0644), 0);
	free(p);
	p = in(root, "etc/sysconfig");
	mkdir(p, 0755);
	free(p);
	p = in(root, "etc/sysconfig/docker");
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	free(p);
	/* A live unix socket at the default endpoint. */
	puts_(root, "var/run/.keep", "");
	p = in(root, "var/run/docker.sock");
	ck_assert_uint_lt(strlen(p), sizeof(sa.sun_path));
	strcpy(sa.sun_path, p);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(sock, (struct sockaddr *)&sa, sizeof(sa)), 0);
	chmod(p, 0660);
	free(p);
	/* Full mode bits: setuid, sticky; ownership when we may chown. */
	p = in(root, "usr/bin/runc");
	chmod(p, 04755);
	free(p);
	p = in(root, "etc/docker");
	chmod(p, 01750);
	free(p);
	as_root = tu_need_root("built_tree ownership (chown to alice:docker)");
	if (as_root) {
		p = in(root, "etc/docker/daemon.json");
		ck_assert_int_eq(chown(p, 1000, 999), 0);
		chmod(p, 0640);
		free(p);
	}

	collect_host(s, root);
	close(sock);
	v = fact_in(s, HD_F_FILE "/var/run/docker.sock", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "type"), "\"socket\"");
	ck_assert_str_eq(at(v, "mode"), "432"); /* 0660 */
	v = fact_in(s, HD_F_FILE "/usr/bin/runc", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "mode"), "2541"); /* 04755 */
	ck_assert_str_eq(at(v, "size"), "1");
	v = fact_in(s, HD_F_FILE "/etc/docker", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "mode"), "1000"); /* 01750 */
	v = fact_in(s, HD_F_FILE "/etc/sysconfig/docker", HD_FACT_VALUE, NULL);
	ck_assert_str_eq(at(v, "type"), "\"fifo\"");
	if (as_root) {
		v = fact_in(s, HD_F_FILE "/etc/docker/daemon.json", HD_FACT_VALUE, NULL);
		ck_assert_str_eq(at(v, "mode"), "416"); /* 0640 */
		ck_assert_str_eq(at(v, "uid"), "1000");
		ck_assert_str_eq(at(v, "gid"), "999");
		ck_assert_str_eq(at(v, "user"), "\"alice\"");
		ck_assert_str_eq(at(v, "group"), "\"docker\"");
	}
	v = fact_in(s, HD_F_KERNEL_CONFIG, HD_FACT_VALUE, &f);
	ck_assert_str_eq(f.source, "/proc/config.gz");
	ck_assert_str_eq(at(v, "CONFIG_USER_NS"), "\"n\"");
	ck_assert_str_eq(at(v, "CONFIG_SECCOMP_FILTER"), "\"y\"");
	/* A FIFO is no file to read: an error naming it, never an empty
	 * file (which would read as "no rules", "no value"). */
	fact_in(s, HD_F_AUDIT_RULES, HD_FACT_ERROR, &f);
	ck_assert_msg(strstr(f.reason, "/etc/audit/audit.rules: not a regular "
	    "file (a FIFO)"), "%s", f.reason);
	fact_in(s, HD_F_SYSCTL "kernel.kptr_restrict", HD_FACT_ERROR, &f);
	ck_assert_msg(strstr(f.reason, "not a regular file (a FIFO)"), "%s",
	    f.reason);
	/* /proc without pid directories: nothing runs. */
	fact_in(s, HD_F_PROCESS "dockerd", HD_FACT_ABSENT, NULL);
	hd_snapshot_free(s);
	tu_rmtree(root);
	free(root);
}
END_TEST

START_TEST(symlinks_out_of_root_refused)
{
	char *outside = tmpdir(), *root = tmpdir(), *p, *t;
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_buf *b = NULL;
	json_object *v;
	struct hd_fact f;

	puts_(outside, "secret.rules", "-w /outside/marker -p wa -k leak\n");
	puts_(outside, "certs/ca.crt", "outside cert\n");
	puts_(root, "etc/audit/rules.d/00-real.rules", "-w /inside -p wa\n");
	/* An absolute link and a ../ link, both aiming outside the root. */
	p = in(root, "etc/audit/rules.d/50-abs.rules");
	t = in(outside, "secret.rules");
	ck_assert_int_eq(symlink(t, p), 0);
	free(p);
	p = in(root, "etc/audit/rules.d/51-rel.rules");
	free(t);
	t = hd_xasprintf("../../../../../../../..%s/secret.rules", outside);
	ck_assert_int_eq(symlink(t, p), 0);
	free(p);
	free(t);
	/* certs.d itself a link to an outside directory. */
	puts_(root, "etc/docker/daemon.json", "{}\n");
	p = in(root, "etc/docker/certs.d");
	t = in(outside, "certs");
	ck_assert_int_eq(symlink(t, p), 0);
	free(p);

	/* The reading primitive never reaches the outside file. */
	ck_assert_int_ne(hd_root_read(&b, root, "/etc/audit/rules.d/50-abs.rules",
	    4096), 0);
	ck_assert_ptr_null(b);

	collect_host(s, root);
	/* The ../ link climbs out of the tree: what augenrules would load
	 * is not known, so the rules are an error naming the link. */
	fact_in(s, HD_F_AUDIT_RULES, HD_FACT_ERROR, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "51-rel.rules -> ../../"));
	ck_assert_ptr_nonnull(strstr(f.reason, "leaves the audit root"));
	ck_assert_ptr_null(strstr(json_object_to_json_string(
	    hd_snapshot_json(s)), "marker"));
	/* The absolute link is followed inside the root, where its target
	 * does not exist: no certs.d, the dangling link named. */
	fact_in(s, HD_F_FILE "/etc/docker/certs.d", HD_FACT_ABSENT, &f);
	ck_assert_ptr_nonnull(strstr(f.reason, "/etc/docker/certs.d -> /"));
	fact_in(s, HD_F_DIR "/etc/docker/certs.d", HD_FACT_ABSENT, NULL);
	ck_assert(!hd_snapshot_has(s, HD_F_FILE "/etc/docker/certs.d/ca.crt"));
	/* Without the climbing link the tree's own rules are read. */
	p = in(root, "etc/audit/rules.d/51-rel.rules");
	ck_assert_int_eq(unlink(p), 0);
	free(p);
	hd_snapshot_free(s);
	s = hd_snapshot_new();
	collect_host(s, root);
	v = fact_in(s, HD_F_AUDIT_RULES, HD_FACT_VALUE, NULL);
	ck_assert_uint_eq(json_object_array_length(v), 1);
	ck_assert_str_eq(at(json_object_array_get_idx(v, 0), "path"),
	    "\"\\/inside\"");
	free(t);
	hd_snapshot_free(s);
	tu_rmtree(root);
	tu_rmtree(outside);
	free(root);
	free(outside);
}
END_TEST

/* Run the file and audit collectors as nobody in a child; the snapshot
 * comes back as JSON through a pipe. */
static struct hd_snapshot *
collect_as_nobody(const char *root)
{
	struct hd_snapshot *s = NULL;
	struct hd_buf *b = hd_buf_new(HD_BUF_CAP_API);
	int p[2], status;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct hd_snapshot *cs = hd_snapshot_new();
		struct hd_collect_opts o = { .root = root };
		const char *js;

		close(p[0]);
		if (setresgid(65534, 65534, 65534) < 0 || setgroups(0, NULL) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(2);
		hd_collect_files(cs, &o);
		hd_collect_audit(cs, &o);
		hd_collect_kernel(cs, &o);
		js = json_object_to_json_string(hd_snapshot_json(cs));
		if (write(p[1], js, strlen(js)) != (ssize_t)strlen(js))
			_exit(3);
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(hd_buf_read_fd(b, p[0]), 0);
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child failed: %d", status);
	ck_assert_int_eq(hd_snapshot_parse(&s, hd_buf_ptr(b), hd_buf_len(b)), 0);
	hd_buf_free(b);
	return s;
}

START_TEST(permission_denied)
{
	char *root, *p;
	struct hd_snapshot *s;
	struct hd_fact f;

	if (!tu_need_root("permission_denied (setresuid to nobody)"))
		return;
	root = tmpdir();
	puts_(root, "etc/docker/daemon.json", "{}\n");
	puts_(root, "etc/docker/certs.d/reg/ca.crt", "x\n");
	puts_(root, "etc/audit/audit.rules", "-w /x -p wa\n");
	puts_(root, "boot/config-denied", "CONFIG_X=y\n");
	puts_(root, "proc/sys/kernel/osrelease", "denied\n");
	p = in(root, "etc/docker");
	chmod(p, 0700);
	free(p);
	p = in(root, "etc/audit/audit.rules");
	chmod(p, 0600);
	free(p);
	p = in(root, "boot/config-denied");
	chmod(p, 0600);
	free(p);

	s = collect_as_nobody(root);
	/* The directory itself is visible; what is inside is not. */
	fact_in(s, HD_F_FILE "/etc/docker", HD_FACT_VALUE, NULL);
	fact_in(s, HD_F_FILE "/etc/docker/daemon.json", HD_FACT_ERROR, &f);
	ck_assert_str_eq(f.reason, "permission denied");
	fact_in(s, HD_F_FILE "/etc/docker/certs.d", HD_FACT_ERROR, &f);
	ck_assert_str_eq(f.reason, "permission denied");
	fact_in(s, HD_F_DIR "/etc/docker/certs.d", HD_FACT_ERROR, &f);
	ck_assert_str_eq(f.reason, "permission denied");
	fact_in(s, HD_F_AUDIT_RULES, HD_FACT_ERROR, &f);
	ck_assert_str_eq(f.reason, "/etc/audit/audit.rules: permission denied");
	fact_in(s, HD_F_KERNEL_CONFIG, HD_FACT_ERROR, &f);
	ck_assert_str_eq(f.reason, "permission denied");
	ck_assert_str_eq(f.source, "/boot/config-denied");
	hd_snapshot_free(s);
	tu_rmtree(root);
	free(root);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("hostfacts_collect");
	TCase *tc = tcase_create("trees");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, basic_users_and_files);
	tcase_add_test(tc, basic_mount_lsm_kernel_sysctl);
	tcase_add_test(tc, data_root_mount_from_dockerds_namespace);
	tcase_add_test(tc, own_mount_namespace_not_read_under_root);
	tcase_add_test(tc, net_sysctls_from_another_namespace);
	tcase_add_test(tc, basic_audit_userns);
	tcase_add_test(tc, basic_processes);
	tcase_add_test(tc, audited_daemon_preferred);
	tcase_add_test(tc, defaults_without_daemon_facts);
	tcase_add_test(tc, bare_tree);
	tcase_add_test(tc, v1_selinux_tree);
	tcase_add_test(tc, built_tree_types_modes_gzip_fifo);
	tcase_add_test(tc, symlinks_out_of_root_refused);
	tcase_add_test(tc, permission_denied);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
