/* hardock's own container checks HD-CTR-1..6 (checks/container_deep.c)
 * and the daemon seccomp profile collector (collect/seccomp.c). */
#include <hardock/buf.h>
#include <hardock/collect.h>

#include "collect/collectors.h"
#include "ctr_testutil.h"

/* A profile file's content as a SecurityOpt entry "seccomp=JSON", quoted
 * for embedding in a JSON document (as the docker CLI stores it). */
static char *
secopt_from_file(const char *rel)
{
	struct hd_buf *b = NULL;
	json_object *s;
	char *opt, *out;

	ck_assert_int_eq(hd_root_read(&b, "/", tu_fixture(rel), 1 << 20), 0);
	opt = hd_xasprintf("seccomp=%s", hd_buf_ptr(b));
	s = json_object_new_string(opt);
	out = hd_xasprintf("\"SecurityOpt\": [%s]", json_object_to_json_string(s));
	json_object_put(s);
	free(opt);
	hd_buf_free(b);
	return out;
}

START_TEST(live_capabilities)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "default", true, "", "");
	ct_add(s, "admin", true, "", "");
	ct_add(s, "mknod_dev", true, "\"Devices\": [{\"PathOnHost\": \"/dev/fuse\"}]", "");
	ct_add(s, "stopped", false, "", "");
	ct_add(s, "unknown", true, "", "");
	ct_add(s, "bad", true, "", "");
	ct_proc(s, "default", "{\"cap_eff\": [\"cap_chown\", \"cap_mknod\", "
	    "\"cap_net_bind_service\", \"cap_kill\"]}");
	ct_proc(s, "admin", "{\"cap_eff\": [\"cap_chown\", \"cap_sys_admin\", "
	    "\"cap_dac_read_search\"]}");
	ct_proc(s, "mknod_dev", "{\"cap_eff\": [\"cap_mknod\"]}");
	hd_snapshot_set_error(s, HD_F_PROCESS_CONTAINER "unknown-id", "/proc",
	    "no such process");
	ct_proc(s, "bad", "{\"cap_eff\": \"cap_sys_admin\"}");

	ct_expect(s, "container.live_capabilities", "default", HD_PASS, "cap_eff", "cap_mknod", "none dangerous");
	ct_expect(s, "container.live_capabilities", "admin", HD_FAIL, "dangerous", "SYS_ADMIN",
	    "DAC_READ_SEARCH");
	ct_expect(s, "container.live_capabilities", "mknod_dev", HD_FAIL, "dangerous", "MKNOD", NULL);
	ct_expect(s, "container.live_capabilities", "stopped", HD_NOTAPPLICABLE, NULL, NULL, "not running");
	ct_expect(s, "container.live_capabilities", "unknown", HD_ERROR, NULL, NULL, "no such process");
	ct_expect(s, "container.live_capabilities", "bad", HD_ERROR, NULL, NULL, "expected array");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(container_profile)
{
	struct hd_snapshot *s = hd_snapshot_new();
	char *perm = secopt_from_file("seccomp/permissive.json");
	char *restr = secopt_from_file("seccomp/restrictive.json");
	char *dang = secopt_from_file("seccomp/dangerous.json");
	char *bad = secopt_from_file("seccomp/malformed.json");
	char *docker = secopt_from_file("seccomp/docker-default-20.10.24.json");

	ct_fact(s, HD_F_HOST_INFO, "{\"arch\": \"x86_64\"}");
	ct_add(s, "default", false, "", "");
	ct_add(s, "docker_copy", false, docker, "");
	ct_add(s, "permissive", false, perm, "");
	ct_add(s, "restrictive", false, restr, "");
	ct_add(s, "dangerous", false, dang, "");
	ct_add(s, "malformed", false, bad, "");
	ct_add(s, "path", false, "\"SecurityOpt\": [\"seccomp=/etc/p.json\"]", "");
	ct_add(s, "unconf", false, "\"SecurityOpt\": [\"seccomp:unconfined\"]", "");
	ct_add(s, "wrong", false, "\"SecurityOpt\": [\"seccomp={\\\"defaultAction\\\": 5}\"]", "");

	ct_expect(s, "container.seccomp_custom_profile", "default", HD_NOTAPPLICABLE, NULL, NULL, "daemon's profile");
	ct_expect(s, "container.seccomp_custom_profile", "permissive", HD_FAIL, "defaultAction", "SCMP_ACT_ALLOW",
	    "allows");
	ct_expect(s, "container.seccomp_custom_profile", "permissive", HD_FAIL, "dangerous_allowed", "mount", NULL);
	ct_expect(s, "container.seccomp_custom_profile", "permissive", HD_FAIL,
	    "Docker's default profile", "\"mount\": \"allowed only with CAP_SYS_ADMIN\"", NULL);
	ct_expect(s, "container.seccomp_custom_profile", "dangerous", HD_FAIL,
	    "Docker's default profile", "\"keyctl\": \"never allowed\"", NULL);
	ct_expect(s, "container.seccomp_custom_profile", "restrictive", HD_PASS, "arch", "x86_64", "blocks every");
	ct_expect(s, "container.seccomp_custom_profile", "dangerous", HD_FAIL, "unknown_syscalls", "not_a_syscall",
	    "1 name(s) unknown");
	ct_expect(s, "container.seccomp_custom_profile", "dangerous", HD_FAIL, "dangerous_allowed", "keyctl",
	    "3 dangerous");
	ct_expect(s, "container.seccomp_custom_profile", "malformed", HD_ERROR, NULL, NULL, "not valid JSON");
	ct_expect(s, "container.seccomp_custom_profile", "path", HD_MANUAL, "HostConfig.SecurityOpt", "p.json",
	    "path");
	ct_expect(s, "container.seccomp_custom_profile", "unconf", HD_NOTAPPLICABLE, NULL, NULL, "container.seccomp_unconfined");
	ct_expect(s, "container.seccomp_custom_profile", "wrong", HD_ERROR, NULL, NULL, "expected string");
	/* A copy of Docker's own default blocks all Docker's default blocks. */
	ct_expect(s, "container.seccomp_custom_profile", "docker_copy", HD_PASS,
	    "dangerous_allowed", "[ ]", "blocks every");
	free(docker);
	free(perm);
	free(restr);
	free(dang);
	free(bad);
	hd_snapshot_free(s);
}
END_TEST

/* The collector reads the configured file under --root and the check
 * analyses it. */
START_TEST(daemon_profile)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_collect_opts o = { .root = tu_fixture("") };

	ct_fact(s, HD_F_HOST_INFO, "{\"arch\": \"x86_64\"}");
	hd_collect_seccomp(s, &o);
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_ERROR, NULL, NULL, "not collected");

	ct_fact(s, HD_F_DAEMON_CONFIG, "{}");
	hd_collect_seccomp(s, &o);
	ck_assert(hd_snapshot_has(s, HD_F_SECCOMP_DAEMON_PROFILE));
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_NOTAPPLICABLE, NULL, NULL, "built-in");

	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": \"unconfined\", "
	    "\"source\": \"--seccomp-profile\"}}");
	hd_collect_seccomp(s, &o);
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_FAIL, "seccomp-profile", "unconfined",
	    "without seccomp");

	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": "
	    "\"/seccomp/permissive.json\", \"source\": \"/etc/docker/daemon.json\"}}");
	hd_collect_seccomp(s, &o);
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_FAIL, "dangerous_allowed", "unshare",
	    "SCMP_ACT_ALLOW allows");

	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": "
	    "\"/seccomp/restrictive.json\", \"source\": \"/etc/docker/daemon.json\"}}");
	hd_collect_seccomp(s, &o);
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_PASS, "defaultAction", "SCMP_ACT_ERRNO", NULL);

	/* A daemon-wide copy of Docker's default profile passes. */
	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": "
	    "\"/seccomp/docker-default-20.10.24.json\", \"source\": "
	    "\"/etc/docker/daemon.json\"}}");
	hd_collect_seccomp(s, &o);
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_PASS,
	    "dangerous_allowed", "[ ]", "blocks every dangerous system call");

	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": "
	    "\"/seccomp/malformed.json\"}}");
	hd_collect_seccomp(s, &o);
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_ERROR, NULL, NULL, "not valid JSON");

	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": "
	    "\"/seccomp/missing.json\"}}");
	hd_collect_seccomp(s, &o);
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_ERROR, NULL, NULL, "missing.json");

	ct_fact(s, HD_F_DAEMON_CONFIG, "{\"seccomp-profile\": {\"value\": [1]}}");
	ct_expect_host(s, "daemon.seccomp_default_strength", NULL, HD_ERROR, NULL, NULL, "expected string");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(live_seccomp)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "filtered", true, "", "");
	ct_add(s, "off", true, "", "");
	ct_add(s, "stopped", false, "", "");
	ct_add(s, "weird", true, "", "");
	ct_add(s, "bad", true, "", "");
	ct_proc(s, "filtered", "{\"seccomp\": 2}");
	/* Its configuration says nothing; the kernel says no filter. */
	ct_proc(s, "off", "{\"seccomp\": 0}");
	ct_proc(s, "weird", "{\"seccomp\": 9}");
	ct_proc(s, "bad", "{\"seccomp\": \"2\"}");
	ct_expect(s, "container.live_seccomp", "filtered", HD_PASS, "seccomp", "2", "filter active");
	ct_expect(s, "container.live_seccomp", "off", HD_FAIL, "seccomp", "0", "no seccomp filter");
	ct_expect(s, "container.live_seccomp", "stopped", HD_NOTAPPLICABLE, NULL, NULL, NULL);
	ct_expect(s, "container.live_seccomp", "weird", HD_ERROR, NULL, NULL, "unknown");
	ct_expect(s, "container.live_seccomp", "bad", HD_ERROR, NULL, NULL, "expected integer");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(sensitive_devices)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "fuse", false, "\"Devices\": [{\"PathOnHost\": \"/dev/fuse\"}], "
	    "\"DeviceCgroupRules\": [\"c 10:229 rwm\", \"b *:* m\"]", "");
	ct_add(s, "mem", false, "\"Devices\": [{\"PathOnHost\": \"/dev/./mem\"}]", "");
	ct_add(s, "disk", false, "\"Devices\": [{\"PathOnHost\": \"/dev/nvme0n1\"}]", "");
	ct_add(s, "all", false, "\"DeviceCgroupRules\": [\"a *:* rwm\"]", "");
	ct_add(s, "kmem_rule", false, "\"DeviceCgroupRules\": [\"c 1:2 r\"]", "");
	ct_add(s, "priv", false, "\"Privileged\": true", "");
	ct_add(s, "bad_rule", false, "\"DeviceCgroupRules\": [\"everything\"]", "");
	ct_add(s, "bad_dev", false, "\"Devices\": [\"/dev/sda\"]", "");
	ct_expect(s, "container.raw_host_devices", "fuse", HD_PASS, NULL, NULL, "no memory");
	ct_expect(s, "container.raw_host_devices", "mem", HD_FAIL, "HostConfig.Devices[0]", "mem",
	    "host memory");
	ct_expect(s, "container.raw_host_devices", "disk", HD_FAIL, "HostConfig.Devices[0]", "nvme0n1", NULL);
	ct_expect(s, "container.raw_host_devices", "all", HD_FAIL, "HostConfig.DeviceCgroupRules[0]",
	    "a *:* rwm", NULL);
	ct_expect(s, "container.raw_host_devices", "kmem_rule", HD_FAIL, "HostConfig.DeviceCgroupRules[0]",
	    "c 1:2 r", NULL);
	ct_expect(s, "container.raw_host_devices", "priv", HD_FAIL, "HostConfig.Privileged", "true", NULL);
	ct_expect(s, "container.raw_host_devices", "bad_rule", HD_ERROR, NULL, NULL, "not a device cgroup rule");
	ct_expect(s, "container.raw_host_devices", "bad_dev", HD_ERROR, NULL, NULL, "malformed");
	hd_snapshot_free(s);
}
END_TEST

#define BIND(src, rw) "{\"Type\": \"bind\", \"Source\": \"" src \
	"\", \"Destination\": \"/m\", \"RW\": " rw "}"

START_TEST(writable_state)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "data", false, "", "\"Mounts\": [" BIND("/srv/data", "true") "]");
	ct_add(s, "root", false, "", "\"Mounts\": [" BIND("/", "true") "]");
	ct_add(s, "root_ro", false, "", "\"Mounts\": [" BIND("/", "false") "]");
	ct_add(s, "dataroot", false, "", "\"Mounts\": [" BIND("/data/docker/overlay2",
	    "true") "]");
	ct_add(s, "var", false, "", "\"Mounts\": [" BIND("/data", "true") "]");
	ct_add(s, "containerd", false, "", "\"Mounts\": [" BIND("/var/run/containerd",
	    "true") "]");
	ct_add(s, "volume", false, "", "\"Mounts\": [{\"Type\": \"volume\", \"Source\": "
	    "\"/data/docker/volumes/v/_data\", \"Destination\": \"/v\", \"RW\": true}]");
	ct_add(s, "bad", false, "", "\"Mounts\": [{\"Type\": \"bind\", \"RW\": \"yes\"}]");

	ct_expect(s, "container.engine_state_mounts", "data", HD_ERROR, NULL, NULL, "not collected");
	ct_fact(s, HD_F_ENGINE_INFO, "{\"DockerRootDir\": \"/data/docker\"}");
	ct_expect(s, "container.engine_state_mounts", "data", HD_PASS, NULL, NULL, "no writable mount");
	ct_expect(s, "container.engine_state_mounts", "root", HD_FAIL, "Mounts[0]", "\"mode\": \"rw\"",
	    "1 writable mount");
	ct_expect(s, "container.engine_state_mounts", "root_ro", HD_PASS, NULL, NULL, NULL);
	ct_expect(s, "container.engine_state_mounts", "dataroot", HD_FAIL, "Mounts[0]", "overlay2",
	    "data root /data/docker");
	ct_expect(s, "container.engine_state_mounts", "var", HD_FAIL, NULL, NULL, NULL);
	ct_expect(s, "container.engine_state_mounts", "containerd", HD_FAIL, "Mounts[0]", "containerd", NULL);
	ct_expect(s, "container.engine_state_mounts", "volume", HD_PASS, NULL, NULL, NULL);
	ct_expect(s, "container.engine_state_mounts", "bad", HD_ERROR, NULL, NULL, "RW: expected boolean");
	ct_fact(s, HD_F_ENGINE_INFO, "{\"DockerRootDir\": 5}");
	ct_expect(s, "container.engine_state_mounts", "data", HD_ERROR, NULL, NULL, "expected string");
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("container_deep");
	TCase *t = tcase_create("container_deep");

	tcase_add_test(t, live_capabilities);
	tcase_add_test(t, container_profile);
	tcase_add_test(t, daemon_profile);
	tcase_add_test(t, live_seccomp);
	tcase_add_test(t, sensitive_devices);
	tcase_add_test(t, writable_state);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
