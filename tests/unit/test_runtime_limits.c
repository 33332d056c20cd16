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
	/* CIS audits CpuShares alone: a CPU cap is evidence, not a priority. */
	ct_expect(s, "container.cpu_shares", "nano", HD_FAIL, "HostConfig.NanoCpus", "1500000000",
	    "a CPU limit is set");
	ct_expect(s, "container.cpu_shares", "quota", HD_FAIL, "HostConfig.CpuQuota", "50000",
	    "CIS asks for a CPU priority");
	ct_expect(s, "container.cpu_shares", "default", HD_FAIL, "HostConfig.CpuShares", "1024",
	    "at the default weight");
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
	ct_add(s, "cred", false, "", "\"Config\": {\"Healthcheck\": {\"Test\": "
	    "[\"CMD\", \"pg_isready\", \"--password=hunter2hunter2\", "
	    "\"redis://:s3cretpassw0rd@localhost:6379\"]}}");
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
	/* Health commands are evidence with their credentials redacted. */
	ct_expect(s, "container.health_status", "cred", HD_PASS, "Config.Healthcheck.Test",
	    "--password=<redacted>", NULL);
	{
		const struct hd_result *res;
		struct hd_results *r = tu_run(s, "container.health_status", NULL, &res);
		const struct hd_finding *c = tu_child_of(res, "cred");

		ck_assert(!tu_has_evidence(c, "Config.Healthcheck.Test", "hunter2"));
		ck_assert(!tu_has_evidence(c, "Config.Healthcheck.Test", "s3cretpassw0rd"));
		hd_results_free(r);
	}
	hd_snapshot_free(s);
}
END_TEST

/* An image built on day, with optional registry digests. */
static void
add_image(struct hd_snapshot *s, const char *id, const char *created,
    const char *digests)
{
	char *doc = hd_xasprintf("{\"Id\": \"%s\", \"RepoTags\": [], "
	    "\"RepoDigests\": %s, \"Created\": \"%s\"}", id, digests, created);

	tu_add_image(s, doc);
	free(doc);
}

/* 5.28: a digest pin does not prove "latest"; the image's age against
 * max_image_age_days decides, and without it a person does. */
START_TEST(image_freshness)
{
	struct hd_snapshot *s = hd_snapshot_new();
	const char *month[] = { "max_image_age_days=30", NULL };
	const char *year[] = { "max_image_age_days=365", NULL };
	const char *bad[] = { "max_image_age_days=-1", NULL };

	hd_snapshot_set_meta(s, HD_META_COLLECTED_AT, "2026-01-31T00:00:00Z");
	add_image(s, "sha256:old", "2025-06-01T10:00:00.5Z",
	    "[\"nginx@sha256:0000\"]");
	add_image(s, "sha256:new", "2026-01-20T00:00:00Z", "[]");
	add_image(s, "sha256:undated", "", "[]");
	ct_add(s, "pinned", false, "", "\"Image\": \"sha256:old\", \"Config\": "
	    "{\"Image\": \"nginx:1.25@sha256:0000\"}");
	ct_add(s, "latest", false, "", "\"Image\": \"sha256:new\", \"Config\": "
	    "{\"Image\": \"registry:5000/team/app\"}");
	ct_add(s, "undated", false, "", "\"Image\": \"sha256:undated\", "
	    "\"Config\": {\"Image\": \"app:1\"}");
	ct_add(s, "gone", false, "", "\"Image\": \"sha256:gone\", \"Config\": "
	    "{\"Image\": \"app:2\"}");
	ct_add(s, "bad", false, "", "\"Config\": {\"Image\": [\"nginx\"]}");
	/* A digest names one version, maybe an old one: manual, with the
	 * facts a person compares with the registry. */
	ct_expect(s, "container.image_freshness", "pinned", HD_MANUAL, "age_days",
	    "243", "needs the registry");
	ct_expect(s, "container.image_freshness", "pinned", HD_MANUAL, "tag",
	    "1.25", NULL);
	ct_expect(s, "container.image_freshness", "pinned", HD_MANUAL,
	    "image RepoDigests", "nginx@sha256:0000", NULL);
	/* The registry's port is not a tag. */
	ct_expect(s, "container.image_freshness", "latest", HD_MANUAL, "tag",
	    "latest", NULL);
	ct_expect_p(s, "container.image_freshness", "pinned", month, HD_FAIL,
	    "max_image_age_days", "30", "243 days");
	ct_expect_p(s, "container.image_freshness", "pinned", year, HD_PASS,
	    NULL, NULL, "at most 365");
	ct_expect_p(s, "container.image_freshness", "latest", month, HD_PASS,
	    "age_days", "11", NULL);
	ct_expect_p(s, "container.image_freshness", "pinned", bad, HD_ERROR,
	    NULL, NULL, "not a number");
	ct_expect_p(s, "container.image_freshness", "undated", month, HD_ERROR,
	    NULL, NULL, "build time is unknown");
	ct_expect_p(s, "container.image_freshness", "gone", month, HD_ERROR,
	    NULL, NULL, "not in the snapshot");
	ct_expect(s, "container.image_freshness", "bad", HD_ERROR, NULL, NULL,
	    "expected string");
	hd_snapshot_free(s);
}
END_TEST

START_TEST(blkio)
{
	struct hd_snapshot *s = hd_snapshot_new();

	ct_add(s, "weight", false, "\"BlkioWeight\": 300", "");
	ct_add(s, "wbps", false, "\"BlkioWeight\": 0, \"BlkioDeviceWriteBps\": "
	    "[{\"Path\": \"/dev/sda\", \"Rate\": 52428800}]", "");
	ct_add(s, "none", false, "\"BlkioWeight\": 0, \"BlkioWeightDevice\": [], "
	    "\"BlkioDeviceReadBps\": null", "");
	ct_add(s, "unset", false, "", "");
	ct_add(s, "bad", false, "\"BlkioDeviceReadIOps\": {}", "");
	ct_expect(s, "container.blkio_limit", "weight", HD_PASS, "HostConfig.BlkioWeight",
	    "300", "bounded");
	ct_expect(s, "container.blkio_limit", "wbps", HD_PASS,
	    "HostConfig.BlkioDeviceWriteBps", "sda", "1 per-device");
	ct_expect(s, "container.blkio_limit", "none", HD_FAIL, NULL, NULL,
	    "no block I/O weight");
	ct_expect(s, "container.blkio_limit", "unset", HD_FAIL, NULL, NULL, NULL);
	ct_expect(s, "container.blkio_limit", "bad", HD_ERROR, NULL, NULL,
	    "expected array");
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
	tcase_add_test(t, image_freshness);
	tcase_add_test(t, blkio);
	tcase_add_test(t, pids);
	suite_add_tcase(s, t);
	return s;
}

HD_TEST_MAIN(suite)
