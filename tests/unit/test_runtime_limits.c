/* CIS section 5 resource and lifecycle checks (checks/runtime_limits.c). */
#include "ctr_testutil.h"

START_TEST(memory)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "limited", false, "\"Memory\": 536870912", "");
	ct_add(s, "unlimited", false, "\"Memory\": 0", "");
	ct_add(s, "unset", false, "", "");
	ct_add(s, "bad", false, "\"Memory\": \"512m\"", "");
	ct_expect(s, "container.memory_limit", "limited", HD_PASS, "HostConfig.Memory", "536870912", NULL);
	ct_expect(s, "container.memory_limit", "unlimited", HD_FAIL, "HostConfig.Memory", "0",
	    "no memory limit");
	ct_expect(s, "container.memory_limit", "unset", HD_FAIL, NULL, NULL, NULL);
	ct_expect(s, "container.memory_limit", "bad", HD_ERROR, NULL, NULL, "expected integer");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(cpu)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "shares", false, "\"CpuShares\": 512", "");
	ct_add(s, "nano", false, "\"NanoCpus\": 1500000000", "");
	ct_add(s, "quota", false, "\"CpuQuota\": 50000", "");
	ct_add(s, "default", false, "\"CpuShares\": 1024", "");
	ct_add(s, "none", false, "\"CpuShares\": 0, \"NanoCpus\": 0, \"CpuQuota\": 0", "");
	ct_add(s, "bad", false, "\"NanoCpus\": 1.5", "");
	ct_expect(s, "container.cpu_shares", "shares", HD_PASS, "HostConfig.CpuShares", "512", NULL);
	ct_expect(s, "container.cpu_shares", "nano", HD_PASS, "HostConfig.NanoCpus", "1500000000", NULL);
	ct_expect(s, "container.cpu_shares", "quota", HD_PASS, "HostConfig.CpuQuota", "50000", NULL);
	ct_expect(s, "container.cpu_shares", "default", HD_FAIL, "HostConfig.CpuShares", "1024",
	    "no CPU shares");
	ct_expect(s, "container.cpu_shares", "none", HD_FAIL, NULL, NULL, NULL);
	ct_expect(s, "container.cpu_shares", "bad", HD_ERROR, NULL, NULL, "NanoCpus");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(readonly)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "ro", false, "\"ReadonlyRootfs\": true", "");
	ct_add(s, "rw", false, "\"ReadonlyRootfs\": false", "");
	ct_add(s, "bad", false, "\"ReadonlyRootfs\": 1", "");
	ct_expect(s, "container.readonly_rootfs", "ro", HD_PASS, "HostConfig.ReadonlyRootfs", "true", NULL);
	ct_expect(s, "container.readonly_rootfs", "rw", HD_FAIL, "HostConfig.ReadonlyRootfs", "false",
	    "writable");
	ct_expect(s, "container.readonly_rootfs", "bad", HD_ERROR, NULL, NULL, "expected boolean");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(restart)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "five", false, "\"RestartPolicy\": {\"Name\": \"on-failure\", "
	    "\"MaximumRetryCount\": 5}", "");
	ct_add(s, "six", false, "\"RestartPolicy\": {\"Name\": \"on-failure\", "
	    "\"MaximumRetryCount\": 6}", "");
	ct_add(s, "unbounded", false, "\"RestartPolicy\": {\"Name\": \"on-failure\", "
	    "\"MaximumRetryCount\": 0}", "");
	ct_add(s, "always", false, "\"RestartPolicy\": {\"Name\": \"always\", "
	    "\"MaximumRetryCount\": 0}", "");
	ct_add(s, "unless", false, "\"RestartPolicy\": {\"Name\": \"unless-stopped\"}", "");
	ct_add(s, "no", false, "\"RestartPolicy\": {\"Name\": \"no\"}", "");
	ct_add(s, "bad", false, "\"RestartPolicy\": {\"Name\": \"on-failure\", "
	    "\"MaximumRetryCount\": \"5\"}", "");
	ct_expect(s, "container.restart_policy", "five", HD_PASS, "HostConfig.RestartPolicy.MaximumRetryCount",
	    "5", "at most 5");
	ct_expect(s, "container.restart_policy", "six", HD_FAIL, NULL, NULL, "more than 5");
	ct_expect(s, "container.restart_policy", "unbounded", HD_FAIL, NULL, NULL, "unlimited");
	ct_expect(s, "container.restart_policy", "always", HD_FAIL, "HostConfig.RestartPolicy.Name",
	    "always", "without bound");
	ct_expect(s, "container.restart_policy", "unless", HD_FAIL, "HostConfig.RestartPolicy.Name",
	    "unless-stopped", NULL);
	ct_expect(s, "container.restart_policy", "no", HD_PASS, NULL, NULL, "never restarted");
	ct_expect(s, "container.restart_policy", "bad", HD_ERROR, NULL, NULL, "expected integer");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(ulimits)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "none", false, "\"Ulimits\": null", "");
	ct_add(s, "override", false, "\"Ulimits\": [{\"Name\": \"nofile\", "
	    "\"Soft\": 1024, \"Hard\": 2048}]", "");
	ct_add(s, "infinite", false, "\"Ulimits\": [{\"Name\": \"nproc\", "
	    "\"Soft\": -1, \"Hard\": -1}]", "");
	ct_add(s, "bad", false, "\"Ulimits\": [{\"Name\": \"nofile\", \"Soft\": \"x\"}]", "");
	ct_add(s, "bad2", false, "\"Ulimits\": [\"nofile=1\"]", "");
	ct_expect(s, "container.ulimits", "none", HD_PASS, "HostConfig.Ulimits", NULL, "defaults apply");
	ct_expect(s, "container.ulimits", "override", HD_MANUAL, "HostConfig.Ulimits", "nofile",
	    "confirm");
	ct_expect(s, "container.ulimits", "infinite", HD_FAIL, "HostConfig.Ulimits", "nproc",
	    "unlimited");
	ct_expect(s, "container.ulimits", "bad", HD_ERROR, NULL, NULL, "Soft");
	ct_expect(s, "container.ulimits", "bad2", HD_ERROR, NULL, NULL, "malformed");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(cgroup_parent)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *params[] = { "allowed_cgroup_parents=app.slice", NULL };

	ct_add(s, "default", false, "\"CgroupParent\": \"\"", "");
	ct_add(s, "custom", false, "\"CgroupParent\": \"app.slice\"", "");
	ct_add(s, "other", false, "\"CgroupParent\": \"system.slice\"", "");
	ct_add(s, "bad", false, "\"CgroupParent\": {}", "");
	ct_expect(s, "container.cgroup_parent", "default", HD_PASS, "HostConfig.CgroupParent", NULL, "default");
	ct_expect(s, "container.cgroup_parent", "custom", HD_MANUAL, "HostConfig.CgroupParent", "app.slice",
	    "confirm");
	ct_expect_p(s, "container.cgroup_parent", "custom", params, HD_PASS, NULL, NULL, "allowed");
	ct_expect_p(s, "container.cgroup_parent", "other", params, HD_FAIL, "HostConfig.CgroupParent",
	    "system.slice", "not in allowed");
	ct_expect(s, "container.cgroup_parent", "bad", HD_ERROR, NULL, NULL, "expected string");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(health)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "healthy", true, "", "\"Config\": {\"Healthcheck\": {\"Test\": "
	    "[\"CMD\", \"true\"]}}, \"State\": {\"Running\": true, \"Health\": "
	    "{\"Status\": \"healthy\"}}");
	ct_add(s, "unhealthy", true, "", "\"Config\": {\"Healthcheck\": {\"Test\": "
	    "[\"CMD\", \"false\"]}}, \"State\": {\"Running\": true, \"Health\": "
	    "{\"Status\": \"unhealthy\"}}");
	ct_add(s, "nocheck", true, "", "");
	ct_add(s, "disabled", false, "", "\"Config\": {\"Healthcheck\": {\"Test\": "
	    "[\"NONE\"]}}");
	ct_add(s, "stopped_check", false, "", "\"Config\": {\"Healthcheck\": "
	    "{\"Test\": [\"CMD-SHELL\", \"curl -f localhost\"]}}");
	ct_add(s, "stopped_none", false, "", "");
	ct_add(s, "bad", true, "", "\"State\": {\"Running\": true, \"Health\": "
	    "{\"Status\": 3}}");
	ct_expect(s, "container.health_status", "healthy", HD_PASS, "State.Health.Status", "healthy", NULL);
	ct_expect(s, "container.health_status", "unhealthy", HD_FAIL, "State.Health.Status", "unhealthy",
	    "unhealthy");
	ct_expect(s, "container.health_status", "nocheck", HD_FAIL, NULL, NULL, "without a health check");
	ct_expect(s, "container.health_status", "disabled", HD_FAIL, "Config.Healthcheck.Test", "NONE",
	    "disabled");
	ct_expect(s, "container.health_status", "stopped_check", HD_PASS, NULL, NULL, "CMD-SHELL");
	ct_expect(s, "container.health_status", "stopped_none", HD_FAIL, NULL, NULL, "no health check");
	ct_expect(s, "container.health_status", "bad", HD_ERROR, NULL, NULL, "expected string");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(image_pinned)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "digest", false, "", "");
	ct_add(s, "id", false, "", "\"Config\": {\"Image\": \"sha256:abcd\"}");
	ct_add(s, "latest", false, "", "\"Config\": {\"Image\": \"nginx:latest\"}");
	ct_add(s, "bare", false, "", "\"Config\": {\"Image\": \"registry:5000/team/app\"}");
	ct_add(s, "tag", false, "", "\"Config\": {\"Image\": \"registry:5000/app:1.25\"}");
	ct_add(s, "bad", false, "", "\"Config\": {\"Image\": [\"nginx\"]}");
	ct_expect(s, "container.image_freshness", "digest", HD_PASS, "Config.Image", "sha256", "digest");
	ct_expect(s, "container.image_freshness", "id", HD_PASS, NULL, NULL, NULL);
	ct_expect(s, "container.image_freshness", "latest", HD_FAIL, "Config.Image", "nginx:latest",
	    "latest tag");
	/* The registry's port is not a tag. */
	ct_expect(s, "container.image_freshness", "bare", HD_FAIL, NULL, NULL, "latest tag");
	ct_expect(s, "container.image_freshness", "tag", HD_FAIL, NULL, NULL, "without a digest");
	ct_expect(s, "container.image_freshness", "bad", HD_ERROR, NULL, NULL, "expected string");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(pids)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "limited", false, "\"PidsLimit\": 200", "");
	ct_add(s, "null", false, "\"PidsLimit\": null", "");
	ct_add(s, "minus", false, "\"PidsLimit\": -1", "");
	ct_add(s, "bad", false, "\"PidsLimit\": \"200\"", "");
	ct_expect(s, "container.pids_limit", "limited", HD_PASS, "HostConfig.PidsLimit", "200", NULL);
	ct_expect(s, "container.pids_limit", "null", HD_FAIL, "HostConfig.PidsLimit", "0", "no PIDs limit");
	ct_expect(s, "container.pids_limit", "minus", HD_FAIL, "HostConfig.PidsLimit", "-1", NULL);
	ct_expect(s, "container.pids_limit", "bad", HD_ERROR, NULL, NULL, "expected integer");
	hd_snapshot_free(s);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("runtime_limits");
	TCase *t = tcase_create("runtime_limits");

	tcase_add_test(t, memory);
	tcase_add_test(t, cpu);
	tcase_add_test(t, readonly);
	tcase_add_test(t, restart);
	tcase_add_test(t, ulimits);
	tcase_add_test(t, cgroup_parent);
	tcase_add_test(t, health);
	tcase_add_test(t, image_pinned);
	tcase_add_test(t, pids);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
