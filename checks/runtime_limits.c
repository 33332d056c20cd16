/*
 * CIS section 5, the resources and lifecycle of containers: memory, CPU,
 * PIDs and ulimits, read-only root, restart policy, cgroup parent, health
 * checks and the age of their images.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container_util.h"
#include "image_util.h"

/* Read an integer of HostConfig into *v with evidence; false on a wrong
 * type (f's message set). */
static bool
host_int(const struct hd_object *c, struct hd_finding *f, const char *path,
    int64_t *v)
{
	if (hd_get_int(f, c->inspect.value, path, 0, v) < 0)
		return false;
	hd_ev_int(f, path, *v, SRC_INSPECT);
	return true;
}

/* 5.11: without a memory limit one container can push the host into the
 * OOM killer and take other services down with it. */
static enum hd_status
memory_limit(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	int64_t mem;

	(void)ctx;
	if (!hd_ctr_ok(c, f) || !host_int(c, f, "HostConfig.Memory", &mem))
		return HD_ERROR;
	if (mem <= 0) {
		hd_msg(f, "no memory limit (HostConfig.Memory=0)");
		return HD_FAIL;
	}
	hd_msg(f, "memory limited to %lld bytes", (long long)mem);
	return HD_PASS;
}

/* 5.12: CPU shares give a container its relative weight when the CPUs are
 * contended. CIS audits CpuShares alone: 0 (unset) and 1024 (the kernel's
 * default weight) are no priority at all. A CPU count (NanoCpus) or CFS
 * quota caps a container but sets no priority; they are shown, they do
 * not pass. */
static enum hd_status
cpu_priority(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	int64_t shares, nano, quota;

	(void)ctx;
	if (!hd_ctr_ok(c, f) || !host_int(c, f, "HostConfig.CpuShares", &shares) ||
	    !host_int(c, f, "HostConfig.NanoCpus", &nano) ||
	    !host_int(c, f, "HostConfig.CpuQuota", &quota))
		return HD_ERROR;
	if (shares > 0 && shares != 1024) {
		hd_msg(f, "CPU shares set to %lld", (long long)shares);
		return HD_PASS;
	}
	if (nano > 0 || quota > 0)
		hd_msg(f, "CPU shares %s (CpuShares=%lld): a CPU limit is set "
		    "(NanoCpus %lld, CpuQuota %lld), but CIS asks for a CPU "
		    "priority", shares == 0 ? "unset" : "at the default weight",
		    (long long)shares, (long long)nano, (long long)quota);
	else
		hd_msg(f, "CPU shares %s (CpuShares=%lld) and no CPU limit",
		    shares == 0 ? "unset" : "at the default weight",
		    (long long)shares);
	return HD_FAIL;
}

/* 5.13: a read-only root filesystem stops an intruder from altering the
 * container's binaries and leaves writes to explicit volumes. */
static enum hd_status
readonly_rootfs(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	bool ro;

	(void)ctx;
	if (!hd_ctr_ok(c, f) ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.ReadonlyRootfs", false, &ro) < 0)
		return HD_ERROR;
	hd_ev_bool(f, "HostConfig.ReadonlyRootfs", ro, SRC_INSPECT);
	hd_msg(f, ro ? "root filesystem is read-only" : "root filesystem is writable");
	return ro ? HD_PASS : HD_FAIL;
}

/* 5.15: endless restarts hide a crashing (or exploited) container and can
 * exhaust the host; on-failure with at most 5 retries bounds them. */
static enum hd_status
restart_policy(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *name = NULL;
	int64_t max;

	(void)ctx;
	if (!hd_ctr_ok(c, f) ||
	    hd_get_str(f, c->inspect.value, "HostConfig.RestartPolicy.Name", "",
	    &name) < 0 ||
	    !host_int(c, f, "HostConfig.RestartPolicy.MaximumRetryCount", &max))
		return HD_ERROR;
	hd_ev_str(f, "HostConfig.RestartPolicy.Name", name, SRC_INSPECT);
	if (name[0] == '\0' || strcmp(name, "no") == 0) {
		hd_msg(f, "never restarted automatically");
		return HD_PASS;
	}
	if (strcmp(name, "on-failure") == 0) {
		if (max > 0 && max <= 5) {
			hd_msg(f, "on-failure with at most %lld retries", (long long)max);
			return HD_PASS;
		}
		hd_msg(f, "on-failure with %s retries", max <= 0 ? "unlimited" :
		    "more than 5");
		return HD_FAIL;
	}
	hd_msg(f, "restart policy %s restarts without bound", name);
	return HD_FAIL;
}

/* Whether a ulimit value is "unlimited". */
static bool
unlimited(json_object *u, const char *key, struct hd_finding *f, bool *bad)
{
	int64_t v;

	if (hd_get_int(f, u, key, 0, &v) < 0) {
		*bad = true;
		return false;
	}
	return v < 0;
}

/* 5.19: the daemon's default ulimits should hold unless a container needs
 * more; an override to unlimited defeats them. */
static enum hd_status
ulimits(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *ul = NULL;
	size_t n, unl = 0;

	(void)ctx;
	if (!hd_ctr_ok(c, f) ||
	    hd_get_array(f, c->inspect.value, "HostConfig.Ulimits", &ul) < 0)
		return HD_ERROR;
	n = ul ? json_object_array_length(ul) : 0;
	hd_ev(f, "HostConfig.Ulimits", ul ? json_object_get(ul) : NULL, SRC_INSPECT);
	for (size_t i = 0; i < n; i++) {
		json_object *u = json_object_array_get_idx(ul, i);
		const char *name = NULL;
		bool bad = false, soft, hard;

		if (!json_object_is_type(u, json_type_object) ||
		    hd_get_str(f, u, "Name", "", &name) < 0) {
			hd_msg(f, "HostConfig.Ulimits[%zu]: malformed", i);
			return HD_ERROR;
		}
		/* Both limits are read, so a malformed one is never skipped. */
		soft = unlimited(u, "Soft", f, &bad);
		hard = unlimited(u, "Hard", f, &bad);
		if (bad)
			return HD_ERROR;
		unl += soft || hard;
	}
	if (n == 0) {
		hd_msg(f, "no ulimit override: the daemon's defaults apply");
		return HD_PASS;
	}
	if (unl > 0) {
		hd_msg(f, "%zu ulimit(s) overridden to unlimited", unl);
		return HD_FAIL;
	}
	hd_msg(f, "%zu ulimit override(s): confirm the container needs them", n);
	return HD_MANUAL;
}

/* 5.25: a custom cgroup parent can take a container out of the limits of
 * the docker slice. */
static enum hd_status
cgroup_parent(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *parent = NULL, *allowed = hd_param(ctx, "allowed_cgroup_parents");

	if (!hd_ctr_ok(c, f) ||
	    hd_get_str(f, c->inspect.value, "HostConfig.CgroupParent", "", &parent) < 0)
		return HD_ERROR;
	hd_ev_str(f, "HostConfig.CgroupParent", parent, SRC_INSPECT);
	if (parent[0] == '\0') {
		hd_msg(f, "the daemon's default cgroup parent");
		return HD_PASS;
	}
	if (allowed == NULL) {
		hd_msg(f, "cgroup parent %s: confirm it is intended, or list it in "
		    "allowed_cgroup_parents", parent);
		return HD_MANUAL;
	}
	hd_ev_str(f, "allowed_cgroup_parents", allowed, "parameter");
	if (hd_param_list_has(ctx, "allowed_cgroup_parents", parent)) {
		hd_msg(f, "cgroup parent %s is allowed", parent);
		return HD_PASS;
	}
	hd_msg(f, "cgroup parent %s is not in allowed_cgroup_parents", parent);
	return HD_FAIL;
}

/* 5.27: a health check lets the engine and orchestrators see a container
 * that runs but no longer works. */
static enum hd_status
health(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *test = NULL, *hs = NULL;
	const char *status = NULL, *first = "";
	bool running;

	(void)ctx;
	if (!hd_ctr_ok(c, f) || hd_ctr_running(c, f, &running) < 0 ||
	    hd_get_array(f, c->inspect.value, "Config.Healthcheck.Test", &test) < 0 ||
	    hd_get_object(f, c->inspect.value, "State.Health", &hs) < 0 ||
	    hd_get_str(f, c->inspect.value, "State.Health.Status", "", &status) < 0)
		return HD_ERROR;
	if (test != NULL && json_object_array_length(test) > 0) {
		json_object *t0 = json_object_array_get_idx(test, 0);

		if (!json_object_is_type(t0, json_type_string)) {
			hd_msg(f, "Config.Healthcheck.Test[0]: expected string");
			return HD_ERROR;
		}
		first = json_object_get_string(t0);
	}
	/* Health commands carry credentials (curl -u, DB URLs): redacted. */
	hd_ev(f, "Config.Healthcheck.Test", hd_command_array_evidence(test),
	    SRC_INSPECT);
	if (strcmp(first, "NONE") == 0) {
		hd_msg(f, "health check disabled (HEALTHCHECK NONE / --no-healthcheck)");
		return HD_FAIL;
	}
	if (running) {
		hd_ev_str(f, "State.Health.Status", hs ? status : NULL, SRC_INSPECT);
		if (hs == NULL) {
			hd_msg(f, "running without a health check");
			return HD_FAIL;
		}
		if (strcmp(status, "unhealthy") == 0) {
			hd_msg(f, "running and unhealthy");
			return HD_FAIL;
		}
		hd_msg(f, "health %s", status[0] ? status : "unknown");
		return HD_PASS;
	}
	if (first[0] == '\0') {
		hd_msg(f, "no health check defined");
		return HD_FAIL;
	}
	hd_msg(f, "health check defined (%s); not running", first);
	return HD_PASS;
}

/* The tag of an image reference ("latest" when it names none; NULL when
 * it is pinned by digest only or is an image id) into buf. */
static const char *
ref_tag(const char *ref, char *buf, size_t len)
{
	const char *last = strrchr(ref, '/'), *colon, *at = strchr(ref, '@');
	size_t n;

	if (strncmp(ref, "sha256:", 7) == 0)
		return NULL;
	colon = strchr(last ? last : ref, ':');
	if (colon != NULL && (at == NULL || colon < at)) {
		n = (size_t)((at ? at : colon + strlen(colon)) - colon - 1);
		snprintf(buf, len, "%.*s", (int)n, colon + 1);
		return buf;
	}
	return at != NULL ? NULL : "latest";
}

/* 5.28: whether a container runs the latest version of its image is known
 * only to the registry, which hardock does not ask: a digest pins one
 * version, which may be old, and a tag says nothing of when it was pulled.
 * What the snapshot holds is the image's age: against max_image_age_days
 * it decides, without it a person does, with tag, digest and age shown. */
static enum hd_status
image_fresh(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *ref = NULL, *image_id = NULL, *created = NULL, *tag;
	const char *max_text = hd_param(ctx, "max_image_age_days");
	json_object *digests = NULL;
	struct hd_object img;
	char tagbuf[256];
	long days, max;
	char *end;

	if (!hd_ctr_ok(c, f) ||
	    hd_get_str(f, c->inspect.value, "Config.Image", "", &ref) < 0 ||
	    hd_get_str(f, c->inspect.value, "Image", "", &image_id) < 0)
		return HD_ERROR;
	hd_ev_str(f, "Config.Image", ref, SRC_INSPECT);
	if (ref[0] == '\0') {
		hd_msg(f, "Config.Image is empty");
		return HD_ERROR;
	}
	tag = ref_tag(ref, tagbuf, sizeof(tagbuf));
	hd_ev_str(f, "tag", tag, SRC_INSPECT " Config.Image");
	hd_ev_str(f, "Image", image_id, SRC_INSPECT);
	if (!hd_image_lookup(&img, ctx, image_id) ||
	    img.inspect.state != HD_FACT_VALUE) {
		hd_ev_str(f, "image Created", NULL, "image not in the snapshot");
		hd_msg(f, "the image %s is not in the snapshot: its age is unknown",
		    image_id[0] ? image_id : ref);
		return HD_ERROR;
	}
	if (hd_get_array(f, img.inspect.value, "RepoDigests", &digests) < 0 ||
	    hd_get_str(f, img.inspect.value, "Created", NULL, &created) < 0)
		return HD_ERROR;
	hd_ev(f, "image RepoDigests", digests ? json_object_get(digests) : NULL,
	    SRC_IMAGE_INSPECT);
	hd_ev_str(f, "image Created", created, SRC_IMAGE_INSPECT);
	if (created == NULL || !hd_age_days(ctx, created, &days)) {
		hd_msg(f, "the image's build time is unknown (Created \"%s\")",
		    created ? created : "");
		return HD_ERROR;
	}
	hd_ev_int(f, "age_days", days, SRC_IMAGE_INSPECT " Created, collected_at");
	if (max_text == NULL) {
		hd_msg(f, "image %s (%s) was built %ld days before the scan; "
		    "whether it is the latest version needs the registry: compare "
		    "it there, or set max_image_age_days", ref,
		    tag ? tag : "pinned by digest", days);
		return HD_MANUAL;
	}
	max = strtol(max_text, &end, 10);
	if (*end != '\0' || max < 0) {
		hd_msg(f, "max_image_age_days=%s is not a number of days", max_text);
		return HD_ERROR;
	}
	hd_ev_int(f, "max_image_age_days", max, "parameter");
	if (days > max) {
		hd_msg(f, "image %s was built %ld days before the scan, more than "
		    "max_image_age_days=%ld: pull its current version and recreate "
		    "the container", ref, days, max);
		return HD_FAIL;
	}
	hd_msg(f, "image %s was built %ld days before the scan (at most %ld)",
	    ref, days, max);
	return HD_PASS;
}

/* 5.29: a PIDs limit stops a fork bomb in one container from exhausting
 * the host's process table. */
static enum hd_status
pids_limit(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	int64_t lim;

	(void)ctx;
	if (!hd_ctr_ok(c, f) || !host_int(c, f, "HostConfig.PidsLimit", &lim))
		return HD_ERROR;
	if (lim <= 0) {
		hd_msg(f, "no PIDs limit");
		return HD_FAIL;
	}
	hd_msg(f, "at most %lld processes", (long long)lim);
	return HD_PASS;
}

/* HD-CTR-7: without any block I/O limit one container's disk traffic can
 * starve every other container and the host (a weight, or a bandwidth or
 * IOPS limit per device, bounds it). */
static enum hd_status
blkio_limit(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	static const char *const devices[] = { "HostConfig.BlkioWeightDevice",
		"HostConfig.BlkioDeviceReadBps", "HostConfig.BlkioDeviceWriteBps",
		"HostConfig.BlkioDeviceReadIOps", "HostConfig.BlkioDeviceWriteIOps" };
	int64_t weight;
	size_t limits = 0;

	(void)ctx;
	if (!hd_ctr_ok(c, f) || !host_int(c, f, "HostConfig.BlkioWeight", &weight))
		return HD_ERROR;
	for (size_t i = 0; i < sizeof(devices) / sizeof(*devices); i++) {
		json_object *a = NULL;

		if (hd_get_array(f, c->inspect.value, devices[i], &a) < 0)
			return HD_ERROR;
		if (a != NULL && json_object_array_length(a) > 0) {
			hd_ev(f, devices[i], json_object_get(a), SRC_INSPECT);
			limits++;
		}
	}
	if (weight > 0 || limits > 0) {
		hd_msg(f, "block I/O is bounded (weight %lld, %zu per-device limit "
		    "list(s))", (long long)weight, limits);
		return HD_PASS;
	}
	hd_msg(f, "no block I/O weight or per-device limit");
	return HD_FAIL;
}

static const struct hd_param_def freshness_params[] = {
	{ "max_image_age_days", HD_PARAM_INT, NULL,
	  "oldest build (days before the scan) of a container's image; unset "
	  "leaves the check to a person, who compares with the registry" },
	{ NULL, 0, NULL, NULL },
};

static const struct hd_param_def cgroup_params[] = {
	{ "allowed_cgroup_parents", HD_PARAM_LIST, NULL,
	  "cgroup parents containers may use; unset leaves the check to a person" },
	{ NULL, 0, NULL, NULL },
};

const struct hd_check hd_checks_runtime_limits[] = {
	{ .key = "container.memory_limit",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A container without a memory limit can use all the host's "
	      "memory and make the kernel's OOM killer end other services.",
	  .audit_text = "Reads HostConfig.Memory; 0 (no limit) fails.",
	  .remediation = "Recreate the container with --memory (e.g. --memory 512m), or "
	      "set it with docker update --memory 512m --memory-swap 1g CONTAINER.",
	  .references = "https://docs.docker.com/engine/containers/resource_constraints/",
	  .object = memory_limit },
	{ .key = "container.cpu_shares",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Without CPU shares every container has the same weight, so "
	      "one busy container competes equally with the host's important ones "
	      "when the CPUs are contended.",
	  .audit_text = "Reads HostConfig.CpuShares as CIS audits it: 0 (unset) or "
	      "1024 (the default weight) fails, any other value passes. NanoCpus "
	      "(--cpus) and CpuQuota are shown as evidence; they cap CPU use but "
	      "set no priority, so they do not pass on their own.",
	  .remediation = "Recreate the container with --cpu-shares 512 (a weight other "
	      "than 1024), or docker update --cpu-shares 512 CONTAINER; add --cpus "
	      "1.5 to cap it as well.",
	  .references = "https://docs.docker.com/engine/containers/resource_constraints/#cpu",
	  .object = cpu_priority },
	{ .key = "container.readonly_rootfs",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A writable root filesystem lets an intruder replace the "
	      "container's binaries and persist; a read-only one confines writes to "
	      "declared volumes and tmpfs.",
	  .audit_text = "Reads HostConfig.ReadonlyRootfs; false fails.",
	  .remediation = "Recreate the container with --read-only, adding --tmpfs /tmp "
	      "and volumes for the paths it must write.",
	  .references = "https://docs.docker.com/reference/cli/docker/container/run/#read-only",
	  .object = readonly_rootfs },
	{ .key = "container.restart_policy",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Unbounded restarts hide a failing or exploited container and "
	      "can exhaust the host; a bounded on-failure policy makes failure visible.",
	  .audit_text = "Reads HostConfig.RestartPolicy: no policy passes; on-failure "
	      "passes with MaximumRetryCount from 1 to 5; on-failure without a bound, "
	      "always and unless-stopped fail, as CIS audits them.",
	  .remediation = "docker update --restart on-failure:5 CONTAINER (or recreate "
	      "with --restart on-failure:5).",
	  .references = "https://docs.docker.com/engine/containers/start-containers-automatically/",
	  .object = restart_policy },
	{ .key = "container.ulimits",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "The daemon's default ulimits bound file descriptors and "
	      "processes for every container; an override should be the exception, "
	      "and never to unlimited.",
	  .audit_text = "Reads HostConfig.Ulimits: none passes (the daemon's "
	      "default-ulimits apply); an override to unlimited (-1) fails; other "
	      "overrides are listed for a person to confirm (manual).",
	  .remediation = "Set \"default-ulimits\" in /etc/docker/daemon.json and "
	      "recreate containers without --ulimit unless they need a specific value.",
	  .references = "https://docs.docker.com/reference/cli/docker/container/run/#ulimit",
	  .object = ulimits },
	{ .key = "container.cgroup_parent",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A container placed under another cgroup parent escapes the "
	      "limits and accounting set for the docker cgroup.",
	  .audit_text = "Reads HostConfig.CgroupParent: empty (the daemon's default) "
	      "passes; another parent passes or fails against the "
	      "allowed_cgroup_parents parameter, and is manual without it.",
	  .remediation = "Recreate the container without --cgroup-parent, or list the "
	      "intended parent in allowed_cgroup_parents.",
	  .references = "https://docs.docker.com/reference/cli/docker/container/run/#cgroup-parent",
	  .params = cgroup_params, .object = cgroup_parent },
	{ .key = "container.health_status",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Without a health check a container that runs but no longer "
	      "serves (or was tampered with) looks healthy to the engine.",
	  .audit_text = "A running container fails without State.Health or when its "
	      "status is unhealthy; a stopped one fails when Config.Healthcheck "
	      "defines no test; a test of NONE (health check disabled) fails.",
	  .remediation = "Add a HEALTHCHECK instruction to the image, or run with "
	      "--health-cmd; investigate unhealthy containers.",
	  .references = "https://docs.docker.com/reference/dockerfile/#healthcheck",
	  .object = health },
	{ .key = "container.image_freshness",
	  .audit = HD_AUDIT_MANUAL, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A container keeps running the image it was created from: "
	      "fixes published since then reach it only when the current version "
	      "is pulled and the container recreated.",
	  .audit_text = "Whether an image is the latest version of its name is "
	      "known only to the registry, which hardock does not query; a digest "
	      "pin proves which version runs, not that it is the latest. hardock "
	      "shows Config.Image, its tag, the image's RepoDigests, Created and "
	      "its age in days at the time of collection. With the "
	      "max_image_age_days parameter it decides: an image built longer ago "
	      "fails; without it the result is manual. An image missing from the "
	      "snapshot, or without a build time, is an error.",
	  .remediation = "docker pull the image's current version (by tag, then pin "
	      "the new digest: name:tag@sha256:DIGEST) and recreate the container; "
	      "set max_image_age_days to the rebuild interval the site commits to.",
	  .references = "https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier",
	  .params = freshness_params, .object = image_fresh },
	{ .key = "container.blkio_limit",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_LOW,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Disk bandwidth is shared: a container without any block I/O "
	      "limit can saturate the devices the host and the other containers "
	      "write to (logs, databases, the engine's own data root).",
	  .audit_text = "Reads HostConfig.BlkioWeight and the per-device lists "
	      "BlkioWeightDevice, BlkioDeviceReadBps, BlkioDeviceWriteBps, "
	      "BlkioDeviceReadIOps and BlkioDeviceWriteIOps: a weight above 0 or "
	      "any per-device entry passes; none at all fails.",
	  .remediation = "Recreate the container with --blkio-weight 300, or bound "
	      "its devices with --device-write-bps /dev/sda:50mb / "
	      "--device-read-iops; docker update --blkio-weight 300 CONTAINER.",
	  .references = "https://docs.docker.com/reference/cli/docker/container/run/#blkio-weight",
	  .object = blkio_limit },
	{ .key = "container.pids_limit",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A fork bomb in a container without a PIDs limit exhausts the "
	      "host's process table.",
	  .audit_text = "Reads HostConfig.PidsLimit; null, 0 or -1 (unlimited) fails.",
	  .remediation = "Recreate the container with --pids-limit 200 (or docker update "
	      "--pids-limit 200 CONTAINER).",
	  .references = "https://docs.docker.com/reference/cli/docker/container/run/#pids-limit",
	  .object = pids_limit },
	{ .key = NULL },
};
