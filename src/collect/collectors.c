/* The collector table: run in this order, each may read earlier facts. */
#include <hardock/collect.h>

#include "collect/collectors.h"

/* The engine comes first: where it is decides whether the host collectors
 * (host = true) describe it at all (HD_F_ENGINE_LOCALITY). */
static const struct hd_collector collectors[] = {
	{ "engine", "Docker Engine API over its socket or ssh (libcurl)",
	  hd_collect_engine, false },
	{ "host", "hostname, kernel release, OS", hd_collect_host_info, true },
	{ "daemon", "dockerd's effective configuration: processes, flags, daemon.json, systemd units, environment files", hd_collect_daemon, true },
	{ "presence", "whether Docker is on the host at all (engine, dockerd "
	  "process, binary, unit)", hd_collect_presence, true },
	{ "swarmstate", "the swarm node's state file (listen and data-path "
	  "addresses)", hd_collect_swarm_state, true },
	/* The host collectors read the daemon-config and engine facts above. */
	{ "users", "members of the docker group (/etc/group, /etc/passwd)",
	  hd_collect_docker_group, true },
	{ "files", "owner, group, mode and type of the daemon's files",
	  hd_collect_files, true },
	{ "mounts", "the mount holding the data root (dockerd's /proc/PID/mountinfo, else init's)",
	  hd_collect_root_mount, true },
	{ "lsm", "AppArmor and SELinux state (/sys)", hd_collect_lsm, true },
	{ "kernel", "kernel build config (zlib) and cgroup version",
	  hd_collect_kernel, true },
	{ "sysctl", "isolation-related sysctls (/proc/sys)", hd_collect_sysctl,
	  true },
	{ "audit", "audit rules files and the kernel's loaded rules (netlink "
	  "AUDIT_LIST_RULES)", hd_collect_audit, true },
	{ "userns", "userns-remap user and its subuid/subgid ranges",
	  hd_collect_userns, true },
	{ "process", "capabilities, seccomp, labels of daemons and containers "
	  "(/proc, libcap)", hd_collect_processes, true },
	{ "seccomp", "the daemon-wide seccomp profile file", hd_collect_seccomp,
	  true },
	{ "hoststate", "log forwarding (journald, rsyslog, syslog-ng), the "
	  "system-wide client environment, a pending reboot, listening TCP "
	  "sockets (/proc/net)", hd_collect_host_state, true },
};

#define NCOLLECTORS (sizeof(collectors) / sizeof(collectors[0]))

/* A remote engine's host is not this one: its files, processes and kernel
 * are not read here, so no local fact can be taken for the engine's. */
void
hd_collect_all(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	/* The sandbox hears of a skipped collector too: what it needed goes. */
	for (size_t i = 0; i < NCOLLECTORS; i++) {
		if (!collectors[i].host || hd_snapshot_remote(s) == NULL)
			collectors[i].collect(s, o);
		if (o->collected != NULL)
			o->collected(collectors[i].name, o->collected_arg);
	}
}

size_t
hd_collector_count(void)
{
	return NCOLLECTORS;
}

const struct hd_collector *
hd_collector_get(size_t i)
{
	return i < NCOLLECTORS ? &collectors[i] : NULL;
}
