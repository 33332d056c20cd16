/* hardock's own host-side checks (HD-ENGINE-2.., HD-HOST-1..). */
#include "checkfix.h"

START_TEST(tcp_without_verify)
{
	struct hd_snapshot *s = hd_snapshot_new();

	cf_expect(s, "engine.tcp_unauthenticated", HD_ERROR, NULL, NULL, "not collected");
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"unix:///run/docker.sock\", "
	    "\"scheme\": \"unix\", \"path\": \"/run/docker.sock\", \"source\": \"x\"}]");
	cf_expect(s, "engine.tcp_unauthenticated", HD_NOTAPPLICABLE, NULL, NULL, "no TCP");
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"tcp://0.0.0.0:2376\", "
	    "\"scheme\": \"tcp\", \"tls\": true, \"tlsverify\": true, "
	    "\"source\": \"unit\"}]");
	cf_expect(s, "engine.tcp_unauthenticated", HD_PASS, "tlsverify", "true", NULL);
	/* A socket-activated listener from docker.socket. */
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"tcp://0.0.0.0:2375\", "
	    "\"scheme\": \"tcp\", \"tls\": false, \"tlsverify\": false, "
	    "\"source\": \"/lib/systemd/system/docker.socket:5\"}]");
	cf_expect(s, "engine.tcp_unauthenticated", HD_FAIL, "endpoint", "2375", "plain TCP");
	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"tcp://0.0.0.0:2376\", "
	    "\"scheme\": \"tcp\", \"tls\": true, \"tlsverify\": false, "
	    "\"source\": \"unit\"}]");
	cf_expect(s, "engine.tcp_unauthenticated", HD_FAIL, NULL, NULL, "any client is accepted");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(socket_access)
{
	struct hd_snapshot *s = hd_snapshot_new();

	cf_set(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"unix:///run/docker.sock\", "
	    "\"scheme\": \"unix\", \"path\": \"/run/docker.sock\", \"source\": \"x\"}]");
	cf_set(s, HD_F_DOCKER_GROUP, "{\"gid\": 998, \"members\": [], "
	    "\"primary\": []}");
	cf_file(s, "/run/docker.sock", "socket", 0660, 0, 998, "root", "docker");
	cf_expect(s, "engine.socket_writable", HD_PASS, "mode", "0660", "docker group");
	cf_file(s, "/run/docker.sock", "socket", 0660, 0, 27, "root", "sudo");
	cf_expect(s, "engine.socket_writable", HD_FAIL, "group", "sudo", "not docker");
	cf_file(s, "/run/docker.sock", "socket", 0604, 0, 998, "root", "docker");
	cf_expect(s, "engine.socket_writable", HD_FAIL, "mode", "0604", "every local user");
	cf_file_absent(s, "/run/docker.sock");
	cf_expect(s, "engine.socket_writable", HD_NOTAPPLICABLE, NULL, NULL, NULL);
	cf_file_error(s, "/run/docker.sock", "EACCES");
	cf_expect(s, "engine.socket_writable", HD_ERROR, NULL, NULL, "EACCES");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(apparmor_selinux)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_absent(s, HD_F_APPARMOR, "/sys/module/apparmor",
	    "no AppArmor");
	hd_snapshot_set_absent(s, HD_F_SELINUX, "/sys/fs/selinux", "no SELinux");
	cf_expect(s, "host.apparmor", HD_NOTAPPLICABLE, NULL, NULL, "no AppArmor");
	cf_expect(s, "host.selinux", HD_NOTAPPLICABLE, NULL, NULL, "no SELinux");
	cf_expect(s, "host.apparmor_docker_default", HD_NOTAPPLICABLE, NULL, NULL, "no AppArmor");
	cf_set(s, HD_F_APPARMOR, "{\"enabled\": false, \"profiles\": {}, "
	    "\"docker_default\": false}");
	cf_expect(s, "host.apparmor", HD_FAIL, HD_F_APPARMOR, NULL, "not enabled");
	cf_expect(s, "host.apparmor_docker_default", HD_NOTAPPLICABLE, NULL, NULL, "not enabled");
	cf_set(s, HD_F_APPARMOR, "{\"enabled\": true, \"profiles\": "
	    "{\"docker-default\": \"enforce\"}, \"docker_default\": true}");
	cf_expect(s, "host.apparmor", HD_PASS, NULL, NULL, "AppArmor is enabled");
	cf_expect(s, "host.apparmor_docker_default", HD_PASS, "profiles.docker-default", "enforce",
	    NULL);
	cf_set(s, HD_F_APPARMOR, "{\"enabled\": true, \"profiles\": "
	    "{\"docker-default\": \"complain\"}, \"docker_default\": true}");
	cf_expect(s, "host.apparmor_docker_default", HD_FAIL, NULL, NULL, "complain");
	cf_set(s, HD_F_APPARMOR, "{\"enabled\": true, \"profiles\": {}, "
	    "\"docker_default\": false}");
	cf_expect(s, "host.apparmor_docker_default", HD_FAIL, "docker_default", "false", "not loaded");
	/* SELinux permissive: fails even with AppArmor around. */
	cf_set(s, HD_F_SELINUX, "{\"enabled\": true, \"enforcing\": false}");
	cf_expect(s, "host.selinux", HD_FAIL, NULL, NULL, "permissive");
	cf_set(s, HD_F_SELINUX, "{\"enabled\": true, \"enforcing\": true}");
	cf_expect(s, "host.selinux", HD_PASS, NULL, NULL, "enforcing");
	/* AppArmor off while SELinux confines: not this check's business. */
	cf_set(s, HD_F_APPARMOR, "{\"enabled\": false, \"profiles\": {}, "
	    "\"docker_default\": false}");
	cf_expect(s, "host.apparmor", HD_NOTAPPLICABLE, NULL, NULL, "SELinux is the "
	    "active LSM");
	hd_snapshot_set_error(s, HD_F_APPARMOR, "/sys", "EACCES");
	cf_expect(s, "host.apparmor", HD_ERROR, NULL, NULL, "EACCES");
	cf_expect(s, "host.apparmor_docker_default", HD_ERROR, NULL, NULL, "EACCES");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(kernel_options)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_error(s, HD_F_KERNEL_CONFIG, "/boot/config-6.1.0",
	    "no kernel configuration found");
	cf_expect(s, "host.kernel_isolation", HD_ERROR, NULL, NULL, "no kernel configuration");
	cf_set_src(s, HD_F_KERNEL_CONFIG, "{\"CONFIG_NAMESPACES\": \"y\", "
	    "\"CONFIG_USER_NS\": \"y\", \"CONFIG_PID_NS\": \"y\", \"CONFIG_NET_NS\": "
	    "\"y\", \"CONFIG_IPC_NS\": \"y\", \"CONFIG_UTS_NS\": \"y\", "
	    "\"CONFIG_CGROUPS\": \"y\", \"CONFIG_MEMCG\": \"y\", "
	    "\"CONFIG_CGROUP_PIDS\": \"y\", \"CONFIG_SECCOMP\": \"y\", "
	    "\"CONFIG_SECCOMP_FILTER\": \"y\", \"CONFIG_STRICT_DEVMEM\": \"y\", "
	    "\"CONFIG_RANDOMIZE_BASE\": \"y\", \"CONFIG_CC_STACKPROTECTOR_STRONG\": "
	    "\"y\", \"CONFIG_HARDENED_USERCOPY\": \"y\", \"CONFIG_FORTIFY_SOURCE\": "
	    "\"y\", \"CONFIG_STRICT_KERNEL_RWX\": \"y\", \"CONFIG_SECURITY_YAMA\": "
	    "\"y\"}", "/boot/config-6.1.0");
	cf_expect(s, "host.kernel_isolation", HD_PASS, "CONFIG_USER_NS", "y", NULL);
	/* The older name of an option counts. */
	cf_expect(s, "host.kernel_hardening", HD_PASS, "CONFIG_CC_STACKPROTECTOR_STRONG", "y",
	    NULL);
	cf_set(s, HD_F_KERNEL_CONFIG, "{\"CONFIG_NAMESPACES\": \"y\", "
	    "\"CONFIG_USER_NS\": \"n\", \"CONFIG_PID_NS\": \"y\", \"CONFIG_NET_NS\": "
	    "\"y\", \"CONFIG_IPC_NS\": \"y\", \"CONFIG_UTS_NS\": \"y\", "
	    "\"CONFIG_CGROUPS\": \"y\", \"CONFIG_MEMCG\": \"y\", "
	    "\"CONFIG_SECCOMP\": \"y\", \"CONFIG_SECCOMP_FILTER\": \"y\", "
	    "\"CONFIG_HARDENED_USERCOPY\": \"y\"}");
	cf_expect(s, "host.kernel_isolation", HD_FAIL, "CONFIG_USER_NS", "n",
	    "CONFIG_USER_NS is n");
	ck_assert_int_eq(cf_child_status(s, "host.kernel_isolation", "CONFIG_CGROUP_PIDS"),
	    HD_FAIL);
	ck_assert_int_eq(cf_child_status(s, "host.kernel_isolation", "CONFIG_MEMCG"), HD_PASS);
	cf_expect(s, "host.kernel_hardening", HD_FAIL, "CONFIG_RANDOMIZE_BASE", "not set",
	    "CONFIG_RANDOMIZE_BASE is not set");
	ck_assert_int_eq(cf_child_status(s, "host.kernel_hardening", "CONFIG_HARDENED_USERCOPY"),
	    HD_PASS);
	hd_snapshot_free(s);
}
END_TEST

/* Set one sysctl. */
static void
sysctl(struct hd_snapshot *s, const char *name, const char *value)
{
	char key[256];

	snprintf(key, sizeof(key), "%s%s", HD_F_SYSCTL, name);
	hd_snapshot_set_value(s, key, json_object_new_string(value), "/proc/sys");
}

START_TEST(sysctls)
{
	struct hd_snapshot *s = hd_snapshot_new();

	sysctl(s, "kernel.unprivileged_bpf_disabled", "2");
	sysctl(s, "kernel.kptr_restrict", "1");
	sysctl(s, "kernel.dmesg_restrict", "1");
	sysctl(s, "kernel.yama.ptrace_scope", "1\n");
	sysctl(s, "fs.protected_symlinks", "1");
	sysctl(s, "fs.protected_hardlinks", "1");
	cf_expect(s, "host.sysctls", HD_PASS, "kernel.unprivileged_bpf_disabled", "2",
	    NULL);
	sysctl(s, "kernel.yama.ptrace_scope", "0");
	cf_expect(s, "host.sysctls", HD_FAIL, "kernel.yama.ptrace_scope", "0",
	    "kernel.yama.ptrace_scope = 0");
	sysctl(s, "kernel.yama.ptrace_scope", "1");
	/* A sysctl this kernel lacks is not a failure. */
	hd_snapshot_set_absent(s, HD_F_SYSCTL "kernel.unprivileged_bpf_disabled",
	    "/proc/sys", "no such sysctl");
	cf_expect(s, "host.sysctls", HD_PASS, NULL, NULL, "does not exist");
	ck_assert_int_eq(cf_child_status(s, "host.sysctls",
	    "kernel.unprivileged_bpf_disabled"), HD_NOTAPPLICABLE);
	sysctl(s, "fs.protected_hardlinks", "yes");
	cf_expect(s, "host.sysctls", HD_ERROR, NULL, NULL, "not a number");
	hd_snapshot_set_error(s, HD_F_SYSCTL "fs.protected_hardlinks", "/proc/sys",
	    "EACCES");
	cf_expect(s, "host.sysctls", HD_ERROR, NULL, NULL, "EACCES");
	hd_snapshot_free(s);
}
END_TEST

#define ROOT_CAPS "[\"cap_chown\", \"cap_sys_admin\", \"cap_net_admin\"]"

START_TEST(daemon_confinement)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_absent(s, HD_F_SELINUX, "/sys/fs/selinux", "no SELinux");
	hd_snapshot_set_absent(s, HD_F_PROCESS "dockerd", "/proc", "not running");
	hd_snapshot_set_absent(s, HD_F_PROCESS "containerd", "/proc", "not running");
	cf_expect(s, "host.daemon_confinement", HD_NOTAPPLICABLE, NULL, NULL, "neither");
	/* Root with every capability and no filter is a rootful engine. */
	cf_set(s, HD_F_PROCESS "dockerd", "{\"pid\": 10, \"uid\": 0, \"user\": "
	    "\"root\", \"cap_eff\": " ROOT_CAPS ", \"cap_prm\": " ROOT_CAPS ", "
	    "\"cap_bnd\": " ROOT_CAPS ", \"seccomp\": 0, \"no_new_privs\": false, "
	    "\"label\": \"unconfined\"}");
	cf_expect(s, "host.daemon_confinement", HD_PASS, "cap_eff", "cap_sys_admin", NULL);
	/* Under SELinux enforcing, unconfined_t is not the runtime domain. */
	cf_set(s, HD_F_SELINUX, "{\"enabled\": true, \"enforcing\": true}");
	cf_set(s, HD_F_PROCESS "containerd", "{\"pid\": 11, \"uid\": 0, "
	    "\"cap_eff\": " ROOT_CAPS ", \"seccomp\": 0, \"no_new_privs\": false, "
	    "\"label\": \"system_u:system_r:container_runtime_t:s0\"}");
	cf_expect(s, "host.daemon_confinement", HD_FAIL, "label", "unconfined",
	    "not in the container runtime domain");
	ck_assert_int_eq(cf_child_status(s, "host.daemon_confinement", "containerd"), HD_PASS);
	/* A non-root dockerd holding host capabilities. */
	hd_snapshot_set_absent(s, HD_F_SELINUX, "/sys/fs/selinux", "no SELinux");
	cf_set(s, HD_F_PROCESS "dockerd", "{\"pid\": 10, \"uid\": 1000, "
	    "\"cap_eff\": [\"cap_net_admin\"], \"seccomp\": 0, "
	    "\"no_new_privs\": false, \"label\": \"unconfined\"}");
	cf_expect(s, "host.daemon_confinement", HD_FAIL, "uid", "1000", "uid 1000 yet holds 1");
	cf_set(s, HD_F_PROCESS "dockerd", "{\"pid\": 10, \"uid\": 0, "
	    "\"cap_eff\": [], \"seccomp\": 1, \"no_new_privs\": false}");
	cf_expect(s, "host.daemon_confinement", HD_FAIL, "seccomp", "1", "strict mode");
	hd_snapshot_set_error(s, HD_F_PROCESS "dockerd", "/proc/10", "EACCES");
	cf_expect(s, "host.daemon_confinement", HD_ERROR, NULL, NULL, "EACCES");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(userns_ranges)
{
	struct hd_snapshot *s = hd_snapshot_new();

	hd_snapshot_set_absent(s, HD_F_USERNS, "daemon.config", "not configured");
	cf_expect(s, "host.subids", HD_NOTAPPLICABLE, NULL, NULL, "not configured");
	cf_set(s, HD_F_USERNS, "{\"user\": \"dockremap\", \"group\": \"dockremap\", "
	    "\"subuid\": [{\"start\": 100000, \"count\": 65536}], "
	    "\"subgid\": [{\"start\": 100000, \"count\": 32768}, "
	    "{\"start\": 200000, \"count\": 32768}]}");
	cf_expect(s, "host.subids", HD_PASS, "user", "dockremap", NULL);
	cf_set(s, HD_F_USERNS, "{\"user\": \"dockremap\", \"group\": \"dockremap\", "
	    "\"subuid\": [{\"start\": 100000, \"count\": 1000}], \"subgid\": []}");
	cf_expect(s, "host.subids", HD_FAIL, "subuid", "1000",
	    "subuid: 1000 ids; subgid: 0 ids");
	cf_set(s, HD_F_USERNS, "{\"user\": \"dockremap\", \"subuid\": "
	    "[{\"start\": 1}], \"subgid\": []}");
	cf_expect(s, "host.subids", HD_ERROR, NULL, NULL, "no valid count");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(conflicts)
{
	struct hd_snapshot *s = hd_snapshot_new();

	cf_set(s, HD_F_DAEMON_CONFLICTS, "[]");
	cf_expect(s, "daemon.flag_conflicts", HD_PASS, NULL, NULL, "no setting");
	cf_set(s, HD_F_DAEMON_CONFLICTS, "[{\"key\": \"hosts\", \"flag\": "
	    "[\"fd://\"], \"file\": [\"unix:///run/docker.sock\"], \"flag_source\": "
	    "\"/lib/systemd/system/docker.service:13\", \"file_source\": "
	    "\"/etc/docker/daemon.json\"}]");
	cf_expect(s, "daemon.flag_conflicts", HD_FAIL, "flag", "fd:", "refuses to start");
	hd_snapshot_set_error(s, HD_F_DAEMON_CONFLICTS, "daemon", "not parsed");
	cf_expect(s, "daemon.flag_conflicts", HD_ERROR, NULL, NULL, "not parsed");
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("checks_host_extra");
	TCase *tc = tcase_create("hd_host");

	tcase_add_test(tc, tcp_without_verify);
	tcase_add_test(tc, socket_access);
	tcase_add_test(tc, apparmor_selinux);
	tcase_add_test(tc, kernel_options);
	tcase_add_test(tc, sysctls);
	tcase_add_test(tc, daemon_confinement);
	tcase_add_test(tc, userns_ranges);
	tcase_add_test(tc, conflicts);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(suite)
