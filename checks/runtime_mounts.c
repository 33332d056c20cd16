/*
 * CIS section 5, what of the host a container can touch: host directories
 * and the engine's socket mounted in, mount propagation, host devices.
 */
#include <stdlib.h>
#include <string.h>

#include "container_util.h"

#define MAX_SOCKETS 16

/* Host directories named as sensitive: a parameter, because benchmark
 * versions differ (1.7.0 added /lib64). "/" counts only as itself (below
 * it is everything), the others with every path below them. */
static const struct hd_param_def sensitive_params[] = {
	{ "sensitive_dirs", HD_PARAM_LIST,
	  "/,/boot,/dev,/etc,/lib,/lib64,/proc,/sys,/usr",
	  "host directories that no container may mount (each with every path "
	  "below it; / only as itself)" },
	{ .name = NULL },
};

/* The usual socket paths, whatever the engine reports: the engine may
 * have been reconfigured since, and containerd's socket is as good. */
static const char *const usual_sockets[] = {
	"/var/run/docker.sock", "/run/docker.sock",
	"/run/containerd/containerd.sock",
};

/* The mounts of c into *m; false with f's message on bad data. */
static bool
mounts_of(const struct hd_object *c, struct hd_finding *f,
    struct hd_ctr_mount **m, size_t *n)
{
	*m = NULL;
	*n = 0;
	return hd_ctr_ok(c, f) && hd_ctr_mounts(c, f, m, n) == 0;
}

/* Whether a mount's source is one of the sensitive_dirs parameter's
 * directories (or below one, but for "/"). */
static bool
sensitive_source(const struct hd_ctx *ctx, const struct hd_ctr_mount *m)
{
	const char *p = hd_param(ctx, "sensitive_dirs");
	bool hit = false;

	while (p != NULL && *p && !hit) {
		size_t n = strcspn(p, ",");
		char *dir = hd_xstrndup(p, n);

		if (strcmp(dir, "/") == 0)
			hit = strcmp(m->clean, "/") == 0;
		else if (dir[0] == '/')
			hit = hd_path_under(m->clean, dir);
		free(dir);
		p += n;
		p += *p == ',';
	}
	return hit;
}

/* 5.6: host system directories in a container, above all writable, let it
 * change the host's configuration, binaries or kernel state. */
static enum hd_status
sensitive_mounts(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_ctr_mount *m;
	size_t n, bad = 0, rw = 0;

	if (!mounts_of(c, f, &m, &n))
		return HD_ERROR;
	hd_ev_str(f, "sensitive_dirs", hd_param(ctx, "sensitive_dirs"),
	    "parameter");
	for (size_t i = 0; i < n; i++) {
		if (!sensitive_source(ctx, &m[i]))
			continue;
		hd_ev_mount(f, &m[i]);
		bad++;
		rw += m[i].rw;
	}
	hd_ctr_mounts_free(m, n);
	if (bad > 0) {
		hd_msg(f, "%zu sensitive host path(s) mounted, %zu read-write", bad, rw);
		return HD_FAIL;
	}
	hd_msg(f, "%zu mount(s), none of a sensitive host directory", n);
	return HD_PASS;
}

/* 5.18: a host device in a container gives direct access to hardware or
 * kernel interfaces behind every other protection. */
static enum hd_status
host_devices(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *devs = NULL, *rules = NULL;
	bool priv;
	size_t nd, nr;

	(void)ctx;
	if (!hd_ctr_ok(c, f) ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.Privileged", false, &priv) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.Devices", &devs) < 0 ||
	    hd_get_array(f, c->inspect.value, "HostConfig.DeviceCgroupRules", &rules) < 0)
		return HD_ERROR;
	nd = devs ? json_object_array_length(devs) : 0;
	nr = rules ? json_object_array_length(rules) : 0;
	hd_ev(f, "HostConfig.Devices", devs ? json_object_get(devs) : NULL, SRC_INSPECT);
	hd_ev(f, "HostConfig.DeviceCgroupRules", rules ? json_object_get(rules) : NULL,
	    SRC_INSPECT);
	if (priv) {
		hd_ev_bool(f, "HostConfig.Privileged", true, SRC_INSPECT);
		hd_msg(f, "privileged: every host device");
		return HD_FAIL;
	}
	if (nd > 0 || nr > 0) {
		hd_msg(f, "%zu host device(s) and %zu device cgroup rule(s) passed in",
		    nd, nr);
		return HD_FAIL;
	}
	hd_msg(f, "no host device");
	return HD_PASS;
}

/* 5.20: with shared propagation, mounts made in the container appear on
 * the host and the other way round. */
static enum hd_status
shared_propagation(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	struct hd_ctr_mount *m;
	size_t n, bad = 0;

	(void)ctx;
	if (!mounts_of(c, f, &m, &n))
		return HD_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(m[i].propagation, "shared") == 0 ||
		    strcmp(m[i].propagation, "rshared") == 0) {
			hd_ev_mount(f, &m[i]);
			bad++;
		}
	}
	hd_ctr_mounts_free(m, n);
	if (bad > 0) {
		hd_msg(f, "%zu mount(s) with shared propagation", bad);
		return HD_FAIL;
	}
	hd_msg(f, "%zu mount(s), none shared", n);
	return HD_PASS;
}

/* The mounts of m[0..n) exposing one of socks[0..ns), as evidence. */
static size_t
exposed(struct hd_finding *f, const struct hd_ctr_mount *m, size_t n,
    const char *const *socks, size_t ns)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < ns; k++) {
			if (m[i].clean[0] != '/' || !hd_path_under(socks[k], m[i].clean))
				continue;
			hd_ev_mount(f, &m[i]);
			hd_ev_str(f, "socket", socks[k], "engine endpoints, usual paths");
			hd_msg(f, "%s exposes %s", m[i].source, socks[k]);
			bad++;
			break;
		}
	}
	return bad;
}

/* 5.32: the engine's socket in a container is root on the host: it can
 * start a privileged container mounting /. A mount of a directory holding
 * the socket (/run, /var/run, /) exposes it as well. The usual paths are
 * tried first: they decide without the daemon's configuration, which a
 * remote engine's scan does not have. */
static enum hd_status
socket_mounted(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	const char *socks[MAX_SOCKETS];
	struct hd_ctr_mount *m;
	size_t n, ns, bad;

	if (!mounts_of(c, f, &m, &n))
		return HD_ERROR;
	bad = exposed(f, m, n, usual_sockets,
	    sizeof(usual_sockets) / sizeof(usual_sockets[0]));
	if (bad == 0 && n > 0) {
		ns = hd_engine_sockets(ctx, socks, MAX_SOCKETS);
		bad = exposed(f, m, n, socks, ns);
	}
	hd_ctr_mounts_free(m, n);
	if (bad > 1)
		hd_msg(f, "%zu mounts expose a container engine socket", bad);
	if (bad > 0)
		return HD_FAIL;
	hd_msg(f, "%zu mount(s), no container engine socket", n);
	return HD_PASS;
}

/* Whether the array at path was emptied: present as [], not left to the
 * engine's default (absent or null). -1 on a wrong type. */
static int
emptied(const struct hd_object *c, struct hd_finding *f, const char *path)
{
	json_object *a = NULL;

	if (hd_get_array(f, c->inspect.value, path, &a) < 0)
		return -1;
	hd_ev(f, path, a ? json_object_get(a) : NULL, SRC_INSPECT);
	return a != NULL && json_object_array_length(a) == 0;
}

/* HD-CTR-8: /proc and /sys paths the runtime masks (kcore, keys,
 * sysrq-trigger, firmware, ...) or makes read-only (/proc/sys, irq, bus):
 * systempaths=unconfined, emptied lists or --privileged hand them to the
 * container writable. */
static enum hd_status
system_paths(const struct hd_ctx *ctx, const struct hd_object *c,
    struct hd_finding *f)
{
	json_object *opts;
	const char *v = NULL;
	bool priv = false;
	int masked, ro;

	(void)ctx;
	if (!hd_ctr_ok(c, f) || hd_ctr_secopts(c, f, &opts) < 0 ||
	    hd_get_bool(f, c->inspect.value, "HostConfig.Privileged", false,
	    &priv) < 0 ||
	    (masked = emptied(c, f, "HostConfig.MaskedPaths")) < 0 ||
	    (ro = emptied(c, f, "HostConfig.ReadonlyPaths")) < 0)
		return HD_ERROR;
	for (size_t i = 0; opts && i < json_object_array_length(opts) && !v; i++)
		if (!hd_secopt_match(json_object_get_string(
		    json_object_array_get_idx(opts, i)), "systempaths", &v))
			v = NULL;
	if (v != NULL) {
		hd_ev_str(f, "HostConfig.SecurityOpt", v, SRC_INSPECT);
		if (strcmp(v, "unconfined") == 0) {
			hd_msg(f, "systempaths=unconfined: /proc and /sys are neither "
			    "masked nor read-only");
			return HD_FAIL;
		}
	}
	if (priv) {
		hd_ev_bool(f, "HostConfig.Privileged", true, SRC_INSPECT);
		hd_msg(f, "privileged: the kernel's /proc and /sys paths are "
		    "unmasked and writable");
		return HD_FAIL;
	}
	if (masked || ro) {
		hd_msg(f, "%s emptied: those kernel paths are %s in the container",
		    masked && ro ? "MaskedPaths and ReadonlyPaths" : masked ?
		    "MaskedPaths" : "ReadonlyPaths", masked ? "visible" : "writable");
		return HD_FAIL;
	}
	hd_msg(f, "kernel paths masked and read-only (%s)", hd_json_path(
	    c->inspect.value, "HostConfig.MaskedPaths") ? "as listed" :
	    "the runtime's defaults");
	return HD_PASS;
}

const struct hd_check hd_checks_runtime_mounts[] = {
	{ .key = "container.sensitive_mounts",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A container with /etc, /usr, /boot or / of the host mounted can "
	      "read its secrets or, read-write, change its users, binaries and boot "
	      "chain; /proc, /sys and /dev reach into the kernel.",
	  .audit_text = "Reads Mounts[] (and HostConfig.Binds) of every container: a "
	      "source equal to / or equal to or below a directory of the "
	      "sensitive_dirs parameter (/boot, /dev, /etc, /lib, /proc, /sys, /usr, "
	      "and /lib64 from CIS 1.7.0 on) fails, read-only or read-write; the "
	      "evidence shows the list, and source, destination and mode of each.",
	  .remediation = "Recreate the container without those -v/--mount sources; "
	      "copy the needed files into a volume or an image instead.",
	  .references = "https://docs.docker.com/engine/storage/bind-mounts/",
	  .params = sensitive_params, .object = sensitive_mounts },
	{ .key = "container.host_devices",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "A host device in a container is raw access to hardware or a "
	      "kernel interface (a disk read below the filesystem's permissions, "
	      "/dev/mem) that no other control mediates.",
	  .audit_text = "Fails a container with any HostConfig.Devices entry, any "
	      "HostConfig.DeviceCgroupRules entry, or --privileged (every device); "
	      "container.raw_host_devices names the most dangerous ones.",
	  .remediation = "Recreate the container without --device and "
	      "--device-cgroup-rule; if a device is truly needed, pass only it with "
	      "the least access (--device /dev/X:/dev/X:r).",
	  .references = "https://docs.docker.com/reference/cli/docker/container/run/#device",
	  .object = host_devices },
	{ .key = "container.mount_propagation",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_MEDIUM,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "With shared propagation a mount made inside the container "
	      "appears on the host, and host mounts appear in the container.",
	  .audit_text = "Reads Mounts[].Propagation (and bind options of "
	      "HostConfig.Binds): shared or rshared fails.",
	  .remediation = "Recreate the container with private propagation: drop "
	      ":shared/:rshared from -v, or bind-propagation=rprivate in --mount.",
	  .references = "https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation",
	  .object = shared_propagation },
	{ .key = "container.docker_socket_mount",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_CRITICAL,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "Whoever reaches the engine's socket can start a privileged "
	      "container with / mounted: a container holding it is root on the host. "
	      "containerd's socket is the same power one layer down.",
	  .audit_text = "Compares every mount source with the engine's real socket "
	      "paths (daemon endpoints and the socket hardock used), the usual "
	      "/var/run/docker.sock and /run/docker.sock, and containerd's "
	      "/run/containerd/containerd.sock (/var/run and /run treated as one): the "
	      "socket itself or a directory holding it (/run, /var/run, /) fails.",
	  .remediation = "Recreate the container without -v /var/run/docker.sock:...; "
	      "give tools that need the API a narrowly scoped proxy or run them "
	      "outside containers.",
	  .references = "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
	  .object = socket_mounted },
	{ .key = "container.system_paths",
	  .audit = HD_AUDIT_DECIDED, .severity = HD_SEV_HIGH,
	  .scope = HD_SCOPE_CONTAINER,
	  .rationale = "The runtime hides /proc/kcore, /proc/keys, /proc/sysrq-trigger, "
	      "/sys/firmware and others, and makes /proc/sys, /proc/irq and /proc/bus "
	      "read-only: unmasked and writable they let a container read kernel "
	      "memory, change kernel settings for the whole host, or reboot it.",
	  .audit_text = "Reads HostConfig.SecurityOpt, Privileged, MaskedPaths and "
	      "ReadonlyPaths: systempaths=unconfined fails, --privileged fails, and "
	      "MaskedPaths or ReadonlyPaths present but empty fails. Lists left to "
	      "the engine (absent or null) or non-empty pass.",
	  .remediation = "Recreate the container without --security-opt "
	      "systempaths=unconfined and without --privileged; grant the single "
	      "capability or device it needs instead.",
	  .references = "https://docs.docker.com/reference/cli/docker/container/run/#security-opt",
	  .object = system_paths },
	{ .key = NULL },
};
