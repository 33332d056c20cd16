/* CIS section 5 confinement checks (checks/runtime.c) and the section 5
 * catalog against CIS's table. */
#include <stdio.h>

#include "ctr_testutil.h"

#define DCFG_EMPTY "{}"

START_TEST(swarm_mode)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *needed[] = { "swarm_needed=true", NULL };

	ct_expect_host(s, "swarm.enabled", NULL, HD_ERROR, NULL, NULL, "not collected");
	ct_fact(s, HD_F_ENGINE_INFO, "{\"Swarm\": {\"LocalNodeState\": \"inactive\"}}");
	ct_expect_host(s, "swarm.enabled", NULL, HD_PASS, "Swarm.LocalNodeState", "inactive", NULL);
	ct_fact(s, HD_F_ENGINE_INFO, "{\"Swarm\": {\"LocalNodeState\": \"active\"}}");
	ct_expect_host(s, "swarm.enabled", NULL, HD_FAIL, "Swarm.LocalNodeState", "active",
	    "swarm mode is active");
	ct_expect_host(s, "swarm.enabled", needed, HD_PASS, "swarm_needed", "true", "declared");
	ct_fact(s, HD_F_ENGINE_INFO, "{\"Swarm\": {\"LocalNodeState\": 1}}");
	ct_expect_host(s, "swarm.enabled", NULL, HD_ERROR, NULL, NULL, "expected string");
	ct_fact(s, HD_F_ENGINE_INFO, "{\"Swarm\": {}}");
	ct_expect_host(s, "swarm.enabled", NULL, HD_ERROR, NULL, NULL, "no Swarm");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(apparmor)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "good", true, "", "\"AppArmorProfile\": \"docker-default\"");
	ct_add(s, "none", false, "", "\"AppArmorProfile\": \"\"");
	ct_add(s, "unconf", false, "", "\"AppArmorProfile\": \"unconfined\"");
	ct_add(s, "liar", true, "", "\"AppArmorProfile\": \"docker-default\"");
	ct_add(s, "bad", false, "", "\"AppArmorProfile\": 7");
	ct_proc(s, "good", "{\"label\": \"docker-default (enforce)\"}");
	ct_proc(s, "liar", "{\"label\": \"unconfined\"}");
	/* Running, but its process could not be read. */
	ct_add(s, "ghost", true, "", "\"AppArmorProfile\": \"docker-default\"");
	hd_snapshot_set_error(s, HD_F_PROCESS_CONTAINER "ghost-id", "/proc/77/status",
	    "/proc/77/status: Permission denied");

	hd_snapshot_set_absent(s, HD_F_APPARMOR, "/sys/kernel/security", "no apparmor");
	ct_expect(s, "container.apparmor", "none", HD_NOTAPPLICABLE, NULL, NULL, "no AppArmor");
	ct_fact(s, HD_F_APPARMOR, "{\"enabled\": false}");
	ct_expect(s, "container.apparmor", "none", HD_NOTAPPLICABLE, NULL, NULL, "not enabled");
	hd_snapshot_set_error(s, HD_F_APPARMOR, "/sys", "permission denied");
	ct_expect(s, "container.apparmor", "good", HD_ERROR, NULL, NULL, "permission denied");

	ct_fact(s, HD_F_APPARMOR, "{\"enabled\": true}");
	ct_expect(s, "container.apparmor", "good", HD_PASS, "label", "enforce", "docker-default");
	ct_expect(s, "container.apparmor", "none", HD_FAIL, "AppArmorProfile", "\"\"", "no AppArmor profile");
	ct_expect(s, "container.apparmor", "unconf", HD_FAIL, "AppArmorProfile", "unconfined", NULL);
	ct_expect(s, "container.apparmor", "liar", HD_FAIL, "label", "unconfined", "not confined");
	ct_expect(s, "container.apparmor", "bad", HD_ERROR, NULL, NULL, "expected string");
	ct_expect(s, "container.apparmor", "ghost", HD_ERROR, HD_F_PROCESS_CONTAINER,
	    NULL, "live process unknown: /proc/77/status: Permission denied");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(selinux)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "good", true, "",
	    "\"ProcessLabel\": \"system_u:system_r:container_t:s0:c1,c2\"");
	ct_add(s, "disabled", false, "\"SecurityOpt\": [\"label=disable\"]",
	    "\"ProcessLabel\": \"\"");
	ct_add(s, "spc", false, "\"SecurityOpt\": [\"label:type:spc_t\"]",
	    "\"ProcessLabel\": \"system_u:system_r:spc_t:s0\"");
	ct_add(s, "nolabel", false, "", "\"ProcessLabel\": \"\"");
	ct_add(s, "live", true, "",
	    "\"ProcessLabel\": \"system_u:system_r:container_t:s0:c1,c2\"");
	ct_add(s, "bad", false, "\"SecurityOpt\": [1]", "");
	ct_proc(s, "good", "{\"label\": \"system_u:system_r:container_t:s0:c1,c2\"}");
	ct_proc(s, "live", "{\"label\": \"unconfined_u:unconfined_r:unconfined_t:s0\"}");
	ct_add(s, "ghost", true, "",
	    "\"ProcessLabel\": \"system_u:system_r:container_t:s0:c1,c2\"");

	hd_snapshot_set_absent(s, HD_F_SELINUX, "/sys/fs/selinux", "no selinuxfs");
	ct_expect(s, "container.selinux", "good", HD_NOTAPPLICABLE, NULL, NULL, "no SELinux");
	ct_fact(s, HD_F_SELINUX, "{\"enabled\": true, \"enforcing\": true}");
	ct_expect(s, "container.selinux", "good", HD_PASS, "ProcessLabel", "container_t", NULL);
	ct_expect(s, "container.selinux", "disabled", HD_FAIL, "HostConfig.SecurityOpt",
	    "label=disable", "turned off");
	ct_expect(s, "container.selinux", "spc", HD_FAIL, "HostConfig.SecurityOpt", "spc_t", NULL);
	ct_expect(s, "container.selinux", "nolabel", HD_FAIL, "ProcessLabel", NULL, "selinux-enabled");
	ct_expect(s, "container.selinux", "live", HD_FAIL, "label", "unconfined_t", "not confined");
	ct_expect(s, "container.selinux", "bad", HD_ERROR, NULL, NULL, "SecurityOpt[0]");
	/* No process fact at all for a running container: never a pass. */
	ct_expect(s, "container.selinux", "ghost", HD_ERROR, NULL, NULL,
	    "live process unknown: not collected");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(capabilities)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "defaults", false, "\"CapAdd\": [\"CAP_CHOWN\", \"net_bind_service\"], "
	    "\"CapDrop\": [\"ALL\"]", "");
	ct_add(s, "none", false, "\"CapAdd\": null", "");
	ct_add(s, "admin", false, "\"CapAdd\": [\"cap_sys_admin\", \"Net_Admin\"]", "");
	ct_add(s, "all", false, "\"CapAdd\": [\"ALL\"]", "");
	ct_add(s, "priv", false, "\"Privileged\": true", "");
	ct_add(s, "unknown", false, "\"CapAdd\": [\"CAP_FLY\"]", "");
	ct_add(s, "bad", false, "\"CapAdd\": [true]", "");
	ct_add(s, "bad2", false, "\"CapAdd\": \"SYS_ADMIN\"", "");

	ct_expect(s, "container.capabilities", "defaults", HD_PASS, "HostConfig.CapAdd", "CAP_CHOWN", NULL);
	ct_expect(s, "container.capabilities", "none", HD_PASS, NULL, NULL, "no capability beyond");
	ct_expect(s, "container.capabilities", "admin", HD_FAIL, "added_beyond_default", "SYS_ADMIN",
	    "NET_ADMIN");
	ct_expect(s, "container.capabilities", "all", HD_FAIL, "added_beyond_default", "ALL", NULL);
	ct_expect(s, "container.capabilities", "priv", HD_FAIL, "HostConfig.Privileged", "true",
	    "every capability");
	ct_expect(s, "container.capabilities", "unknown", HD_ERROR, NULL, NULL, "unknown capability CAP_FLY");
	ct_expect(s, "container.capabilities", "bad", HD_ERROR, NULL, NULL, "CapAdd[0]");
	ct_expect(s, "container.capabilities", "bad2", HD_ERROR, NULL, NULL, "expected array");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(privileged)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "plain", true, "\"Privileged\": false", "");
	ct_add(s, "created", false, "\"Privileged\": true",
	    "\"State\": {\"Running\": false, \"Status\": \"created\"}");
	ct_add(s, "bad", false, "\"Privileged\": \"yes\"", "");
	ct_add(s, "nohc", false, "", "\"HostConfig\": []");
	ct_expect(s, "container.privileged", "plain", HD_PASS, "HostConfig.Privileged", "false", NULL);
	ct_expect(s, "container.privileged", "created", HD_FAIL, "HostConfig.Privileged", "true",
	    "privileged");
	ct_expect(s, "container.privileged", "bad", HD_ERROR, NULL, NULL, "expected boolean");
	ct_expect(s, "container.privileged", "nohc", HD_ERROR, NULL, NULL, "HostConfig");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(sshd)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "web", true, "", "");
	ct_add(s, "ssh", true, "", "");
	ct_add(s, "hostpid", true, "\"PidMode\": \"host\"", "");
	ct_add(s, "stopped", false, "", "");
	ct_add(s, "unknown", true, "", "");
	ct_add(s, "empty", true, "", "");
	ct_add(s, "bad", true, "", "");
	ct_proc(s, "web", "{\"processes\": [{\"pid\": 10, \"comm\": \"nginx\", "
	    "\"exe\": \"/usr/sbin/nginx\"}]}");
	ct_proc(s, "ssh", "{\"processes\": [{\"pid\": 11, \"comm\": \"bash\", "
	    "\"exe\": \"/bin/bash\"}, {\"pid\": 12, \"comm\": \"sshd\", "
	    "\"exe\": \"/usr/sbin/sshd\"}]}");
	/* --pid host: only processes in the container's cgroup are listed,
	 * the host's sshd is not among them. */
	ct_proc(s, "hostpid", "{\"processes\": [{\"pid\": 13, \"comm\": \"sleep\", "
	    "\"exe\": \"/bin/busybox\"}]}");
	hd_snapshot_set_error(s, HD_F_PROCESS_CONTAINER "unknown-id", "/proc",
	    "permission denied");
	ct_proc(s, "empty", "{\"processes\": []}");
	ct_proc(s, "bad", "{\"processes\": [{\"comm\": 5}]}");

	ct_expect(s, "container.sshd", "web", HD_PASS, "processes", "1", "no sshd");
	ct_expect(s, "container.sshd", "ssh", HD_FAIL, "sshd", "\"pid\": 12", "sshd runs");
	ct_expect(s, "container.sshd", "hostpid", HD_PASS, NULL, NULL, NULL);
	ct_expect(s, "container.sshd", "stopped", HD_NOTAPPLICABLE, NULL, NULL, "not running");
	ct_expect(s, "container.sshd", "unknown", HD_ERROR, NULL, NULL, "permission denied");
	ct_expect(s, "container.sshd", "empty", HD_ERROR, NULL, NULL, "no process");
	ct_expect(s, "container.sshd", "bad", HD_ERROR, NULL, NULL, "malformed");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(seccomp_disabled)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "default", false, "", "");
	ct_add(s, "unconf", false, "\"SecurityOpt\": [\"seccomp=unconfined\"]", "");
	ct_add(s, "unconf2", false, "\"SecurityOpt\": [\"seccomp:unconfined\"]", "");
	ct_add(s, "custom", false,
	    "\"SecurityOpt\": [\"seccomp={\\\"defaultAction\\\":\\\"SCMP_ACT_ERRNO\\\"}\"]", "");
	ct_add(s, "priv", false, "\"Privileged\": true", "");

	ct_expect(s, "container.seccomp_unconfined", "default", HD_ERROR, NULL, NULL, "not collected");
	ct_fact(s, HD_F_DAEMON_CONFIG, DCFG_EMPTY);
	ct_expect(s, "container.seccomp_unconfined", "default", HD_PASS, "seccomp-profile", NULL, "default");
	ct_expect(s, "container.seccomp_unconfined", "unconf", HD_FAIL, "HostConfig.SecurityOpt",
	    "seccomp=unconfined", "seccomp disabled");
	ct_expect(s, "container.seccomp_unconfined", "unconf2", HD_FAIL, "HostConfig.SecurityOpt",
	    "seccomp:unconfined", NULL);
	ct_expect(s, "container.seccomp_unconfined", "custom", HD_PASS, "HostConfig.SecurityOpt",
	    "inline profile", NULL);
	ct_expect(s, "container.seccomp_unconfined", "priv", HD_FAIL, "HostConfig.Privileged", "true", NULL);
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": "
	    "\"unconfined\", \"source\": \"/etc/docker/daemon.json\"}}");
	ct_expect(s, "container.seccomp_unconfined", "default", HD_FAIL, "seccomp-profile", "unconfined",
	    "every container");
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": 3}}");
	ct_expect(s, "container.seccomp_unconfined", "default", HD_ERROR, NULL, NULL, "expected string");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(exec_manual)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "execs", true, "", "\"ExecIDs\": [\"e1\", \"e2\"]");
	ct_add(s, "none", true, "", "\"ExecIDs\": null");
	ct_add(s, "bad", true, "", "\"ExecIDs\": \"e1\"");
	ct_expect(s, "container.exec_privileged", "execs", HD_MANUAL, "ExecIDs", "e2", "2 exec session");
	ct_expect(s, "container.exec_root", "execs", HD_MANUAL, "ExecIDs", "e1", "--user=root");
	ct_expect(s, "container.exec_privileged", "none", HD_MANUAL, "ExecIDs", "[ ]", "--privileged");
	ct_expect(s, "container.exec_root", "bad", HD_ERROR, NULL, NULL, "expected array");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(no_new_privs)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "plain", false, "", "");
	ct_add(s, "opt", false, "\"SecurityOpt\": [\"no-new-privileges\"]", "");
	ct_add(s, "opt_true", false, "\"SecurityOpt\": [\"no-new-privileges=true\"]", "");
	ct_add(s, "opt_false", false, "\"SecurityOpt\": [\"no-new-privileges:false\"]", "");
	ct_add(s, "opt_bad", false, "\"SecurityOpt\": [\"no-new-privileges:maybe\"]", "");
	ct_add(s, "live", true, "\"SecurityOpt\": [\"no-new-privileges:true\"]", "");
	ct_proc(s, "live", "{\"no_new_privs\": false}");
	ct_add(s, "ghost", true, "\"SecurityOpt\": [\"no-new-privileges:true\"]", "");
	ct_add(s, "ghost_off", true, "\"SecurityOpt\": [\"no-new-privileges:false\"]", "");
	ct_add(s, "alive", true, "\"SecurityOpt\": [\"no-new-privileges:true\"]", "");
	ct_proc(s, "alive", "{\"no_new_privs\": true}");
	hd_snapshot_set_error(s, HD_F_PROCESS_CONTAINER "ghost-id", "/proc/78/status",
	    "/proc/78/status: No such process");

	ct_expect(s, "container.no_new_privileges", "plain", HD_ERROR, NULL, NULL, "not collected");
	ct_expect(s, "container.no_new_privileges", "opt", HD_PASS, "HostConfig.SecurityOpt", NULL, NULL);
	ct_fact(s, HD_F_DAEMON_CONFIG, DCFG_EMPTY);
	ct_expect(s, "container.no_new_privileges", "plain", HD_FAIL, "no-new-privileges", "false", "not set");
	ct_expect(s, "container.no_new_privileges", "opt_true", HD_PASS, "HostConfig.SecurityOpt", "=true", NULL);
	ct_expect(s, "container.no_new_privileges", "opt_bad", HD_ERROR, NULL, NULL, "unrecognised");
	ct_expect(s, "container.no_new_privileges", "live", HD_FAIL, "no_new_privs", "false", "running process");
	ct_expect(s, "container.no_new_privileges", "alive", HD_PASS, "no_new_privs", "true", NULL);
	/* Configured, but what runs could not be read: error, not pass. */
	ct_expect(s, "container.no_new_privileges", "ghost", HD_ERROR, NULL, NULL,
	    "live process unknown: /proc/78/status");
	/* Not configured fails whatever the process shows. */
	ct_expect(s, "container.no_new_privileges", "ghost_off", HD_FAIL, NULL, NULL, "not set");
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"no-new-privileges\": {\"value\": true, "
	    "\"source\": \"/etc/docker/daemon.json\"}}");
	ct_expect(s, "container.no_new_privileges", "plain", HD_PASS, "no-new-privileges", "true", NULL);
	ct_expect(s, "container.no_new_privileges", "opt_false", HD_FAIL, "HostConfig.SecurityOpt", ":false", NULL);
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"no-new-privileges\": {\"value\": \"yes\"}}");
	ct_expect(s, "container.no_new_privileges", "plain", HD_ERROR, NULL, NULL, "expected boolean");
	hd_snapshot_free(s);
}
END_TEST

/* No containers: notapplicable, never pass. */
START_TEST(no_containers)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_fact(s, HD_F_ENGINE_CONTAINERS, "[]");
	ck_assert_int_eq(tu_status(s, "container.privileged"), HD_NOTAPPLICABLE);
	ck_assert_int_eq(tu_status(s, "container.capabilities"), HD_NOTAPPLICABLE);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("runtime");
	TCase *t = tcase_create("runtime");
	tcase_add_test(t, swarm_mode);
	tcase_add_test(t, apparmor);
	tcase_add_test(t, selinux);
	tcase_add_test(t, capabilities);
	tcase_add_test(t, privileged);
	tcase_add_test(t, sshd);
	tcase_add_test(t, seccomp_disabled);
	tcase_add_test(t, exec_manual);
	tcase_add_test(t, no_new_privs);
	tcase_add_test(t, no_containers);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
