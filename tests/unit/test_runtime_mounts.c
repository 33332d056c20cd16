/* CIS section 5 mount and device checks (checks/runtime_mounts.c). */
#include "ctr_testutil.h"

/* One bind mount item of Mounts[]. */
#define BIND(src, dst, rw, prop) "{\"Type\": \"bind\", \"Source\": \"" src \
	"\", \"Destination\": \"" dst "\", \"RW\": " rw ", \"Propagation\": \"" prop "\"}"

static struct hd_snapshot *
mounts_fixture(void)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "clean", false, "", "\"Mounts\": [" BIND("/srv/data", "/data", "true",
	    "rprivate") ", {\"Type\": \"volume\", \"Name\": \"v\", \"Source\": "
	    "\"/var/lib/docker/volumes/v/_data\", \"Destination\": \"/v\", \"RW\": true}]");
	ct_add(s, "etc_ro", false, "", "\"Mounts\": [" BIND("/etc", "/host-etc", "false", "") "]");
	ct_add(s, "below", false, "", "\"Mounts\": [" BIND("/usr/local/../lib/modules",
	    "/lib/modules", "true", "") "]");
	ct_add(s, "root", false, "", "\"Mounts\": [" BIND("/", "/host", "true", "rshared") "]");
	/* A stopped container from an older engine: only Binds. */
	ct_add(s, "binds", false, "\"Binds\": [\"/proc:/hostproc:ro\", "
	    "\"/srv/x:/x:shared\"]", "");
	ct_add(s, "sock", false, "", "\"Mounts\": [" BIND("/var/run/docker.sock",
	    "/var/run/docker.sock", "true", "") "]");
	ct_add(s, "runsock", false, "", "\"Mounts\": [" BIND("/run/docker.sock",
	    "/d.sock", "false", "") "]");
	ct_add(s, "rundir", false, "", "\"Mounts\": [" BIND("/var/run", "/hostrun",
	    "false", "") "]");
	ct_add(s, "containerd", false, "", "\"Mounts\": ["
	    BIND("/run/containerd/containerd.sock", "/c.sock", "true", "") "]");
	ct_add(s, "realsock", false, "", "\"Mounts\": [" BIND("/srv/engine/api.sock",
	    "/api.sock", "true", "") "]");
	ct_add(s, "bad", false, "", "\"Mounts\": [{\"Source\": 1}]");
	ct_add(s, "badbind", false, "\"Binds\": [\"nocolon\"]", "");
	ct_add(s, "badbinds", false, "\"Binds\": \"/etc:/etc\"", "");
	return s;
}

START_TEST(sensitive)
{
	struct hd_snapshot *s = mounts_fixture();

	ct_expect(s, "container.sensitive_mounts", "clean", HD_PASS, NULL, NULL, "2 mount(s), none");
	ct_expect(s, "container.sensitive_mounts", "etc_ro", HD_FAIL, "Mounts[0]", "\"mode\": \"ro\"",
	    "1 sensitive host path(s) mounted, 0 read-write");
	ct_expect(s, "container.sensitive_mounts", "etc_ro", HD_FAIL, "Mounts[0]", "host-etc", NULL);
	ct_expect(s, "container.sensitive_mounts", "below", HD_FAIL, "Mounts[0]", "\"mode\": \"rw\"",
	    "1 read-write");
	ct_expect(s, "container.sensitive_mounts", "root", HD_FAIL, "Mounts[0]", "\"source\": \"\\/\"", NULL);
	ct_expect(s, "container.sensitive_mounts", "binds", HD_FAIL, "HostConfig.Binds[0]", "hostproc", NULL);
	ct_expect(s, "container.sensitive_mounts", "bad", HD_ERROR, NULL, NULL, "Mounts[0].Source: expected string");
	ct_expect(s, "container.sensitive_mounts", "badbind", HD_ERROR, NULL, NULL, "SOURCE:DESTINATION");
	ct_expect(s, "container.sensitive_mounts", "badbinds", HD_ERROR, NULL, NULL, "expected array");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(propagation)
{
	struct hd_snapshot *s = mounts_fixture();

	ct_expect(s, "container.mount_propagation", "clean", HD_PASS, NULL, NULL, "none shared");
	ct_expect(s, "container.mount_propagation", "root", HD_FAIL, "Mounts[0]", "rshared", "shared propagation");
	ct_expect(s, "container.mount_propagation", "binds", HD_FAIL, "HostConfig.Binds[1]", "shared", NULL);
	ct_expect(s, "container.mount_propagation", "bad", HD_ERROR, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(socket)
{
	struct hd_snapshot *s = mounts_fixture();

	ct_expect(s, "container.docker_socket_mount", "clean", HD_PASS, NULL, NULL, "no container engine socket");
	ct_expect(s, "container.docker_socket_mount", "sock", HD_FAIL, "socket", "docker.sock", "exposes");
	ct_expect(s, "container.docker_socket_mount", "runsock", HD_FAIL, "Mounts[0]", "\"mode\": \"ro\"", NULL);
	ct_expect(s, "container.docker_socket_mount", "rundir", HD_FAIL, "socket", "docker.sock",
	    "/var/run exposes");
	ct_expect(s, "container.docker_socket_mount", "containerd", HD_FAIL, "socket", "containerd.sock", NULL);
	ct_expect(s, "container.docker_socket_mount", "root", HD_FAIL, NULL, NULL, NULL);
	/* The engine's real socket, from its endpoints. */
	ct_expect(s, "container.docker_socket_mount", "realsock", HD_PASS, NULL, NULL, NULL);
	ct_fact(s, HD_F_DAEMON_ENDPOINTS, "[{\"url\": \"unix:///srv/engine/api.sock\", "
	    "\"scheme\": \"unix\", \"path\": \"/srv/engine/api.sock\"}]");
	ct_expect(s, "container.docker_socket_mount", "realsock", HD_FAIL, "socket", "api.sock", NULL);
	ct_expect(s, "container.docker_socket_mount", "bad", HD_ERROR, NULL, NULL, NULL);
	hd_snapshot_free(s);
}
END_TEST

START_TEST(devices)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "none", false, "\"Devices\": [], \"DeviceCgroupRules\": null", "");
	ct_add(s, "fuse", false, "\"Devices\": [{\"PathOnHost\": \"/dev/fuse\", "
	    "\"PathInContainer\": \"/dev/fuse\", \"CgroupPermissions\": \"rwm\"}]", "");
	ct_add(s, "rule", false, "\"DeviceCgroupRules\": [\"c 10:229 rwm\"]", "");
	ct_add(s, "priv", false, "\"Privileged\": true", "");
	ct_add(s, "bad", false, "\"Devices\": {\"PathOnHost\": \"/dev/sda\"}", "");
	ct_expect(s, "container.host_devices", "none", HD_PASS, NULL, NULL, "no host device");
	ct_expect(s, "container.host_devices", "fuse", HD_FAIL, "HostConfig.Devices", "fuse",
	    "1 host device(s)");
	ct_expect(s, "container.host_devices", "rule", HD_FAIL, "HostConfig.DeviceCgroupRules",
	    "c 10:229 rwm", "1 device cgroup rule");
	ct_expect(s, "container.host_devices", "priv", HD_FAIL, "HostConfig.Privileged", "true",
	    "every host device");
	ct_expect(s, "container.host_devices", "bad", HD_ERROR, NULL, NULL, "expected array");
	hd_snapshot_free(s);
}
END_TEST

/* 5.6's list is the benchmark's: /lib64 from CIS 1.7.0 on, not in
 * 1.6.0, and --param overrides both. */
static enum hd_status
lib64_status(const char *pack, const char *param)
{
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_param_value pv = { "sensitive_dirs", (char *)param };
	struct hd_scan_opts o;
	struct hd_results *r = NULL;
	enum hd_status st = HD_NOTSELECTED;
	const char *sel[] = { "container.sensitive_mounts" };

	tu_add_container(s, "{\"Id\":\"l64\",\"Name\":\"/l64\",\"HostConfig\":{},"
	    "\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/lib64\","
	    "\"Destination\":\"/host-lib64\",\"Mode\":\"ro\",\"RW\":false}]}");
	hd_scan_opts_init(&o);
	o.pack = hd_pack_find(pack);
	o.select = sel;
	o.nselect = 1;
	if (param) {
		o.params = &pv;
		o.nparams = 1;
	}
	ck_assert_int_eq(hd_scan_run(&r, s, &o), 0);
	for (size_t i = 0; i < r->count; i++)
		if (r->items[i].status != HD_NOTSELECTED)
			st = r->items[i].status;
	hd_results_free(r);
	hd_snapshot_free(s);
	return st;
}

START_TEST(sensitive_per_benchmark)
{
	ck_assert_int_eq(lib64_status("cis-1.6.0", NULL), HD_PASS);
	ck_assert_int_eq(lib64_status("cis-1.7.0", NULL), HD_FAIL);
	ck_assert_int_eq(lib64_status("cis-1.8.0", NULL), HD_FAIL);
	ck_assert_int_eq(lib64_status("cis-1.6.0", "/lib64"), HD_FAIL);
	ck_assert_int_eq(lib64_status("cis-1.8.0", "/etc"), HD_PASS);
}
END_TEST

START_TEST(system_paths)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "default", false, "\"MaskedPaths\": [\"/proc/kcore\"], "
	    "\"ReadonlyPaths\": [\"/proc/sys\"]", "");
	ct_add(s, "older", false, "", "");
	ct_add(s, "unconfined", false, "\"SecurityOpt\": "
	    "[\"systempaths=unconfined\"], \"MaskedPaths\": [], "
	    "\"ReadonlyPaths\": []", "");
	ct_add(s, "unmasked", false, "\"MaskedPaths\": [], "
	    "\"ReadonlyPaths\": [\"/proc/sys\"]", "");
	ct_add(s, "writable", false, "\"MaskedPaths\": [\"/proc/kcore\"], "
	    "\"ReadonlyPaths\": []", "");
	ct_add(s, "priv", false, "\"Privileged\": true", "");
	ct_add(s, "bad", false, "\"MaskedPaths\": \"/proc/kcore\"", "");
	ct_expect(s, "container.system_paths", "default", HD_PASS,
	    "HostConfig.MaskedPaths", "kcore", "as listed");
	ct_expect(s, "container.system_paths", "older", HD_PASS, NULL, NULL,
	    "the runtime's defaults");
	ct_expect(s, "container.system_paths", "unconfined", HD_FAIL,
	    "HostConfig.SecurityOpt", "unconfined", "systempaths=unconfined");
	ct_expect(s, "container.system_paths", "unmasked", HD_FAIL, NULL, NULL,
	    "MaskedPaths emptied");
	ct_expect(s, "container.system_paths", "writable", HD_FAIL, NULL, NULL,
	    "writable");
	ct_expect(s, "container.system_paths", "priv", HD_FAIL,
	    "HostConfig.Privileged", "true", "privileged");
	ct_expect(s, "container.system_paths", "bad", HD_ERROR, NULL, NULL,
	    "expected array");
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("runtime_mounts");
	TCase *t = tcase_create("runtime_mounts");

	tcase_add_test(t, sensitive);
	tcase_add_test(t, sensitive_per_benchmark);
	tcase_add_test(t, propagation);
	tcase_add_test(t, socket);
	tcase_add_test(t, devices);
	tcase_add_test(t, system_paths);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
