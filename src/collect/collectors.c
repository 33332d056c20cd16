/* The collector table: run in this order, each may read earlier facts. */
#include <hardock/collect.h>

#include "collect/collectors.h"

static const struct hd_collector collectors[] = {
	{ "host", "hostname, kernel release, OS", hd_collect_host_info },
	{ "engine", "Docker Engine API over its socket (libcurl)",
	  hd_collect_engine },
	{ "daemon", "dockerd's effective configuration: processes, flags, daemon.json, systemd units, environment files", hd_collect_daemon },
	{ "swarmstate", "the swarm node's state file (listen and data-path "
	  "addresses)", hd_collect_swarm_state },
	/* The host collectors read the daemon-config and engine facts above. */
	{ "users", "members of the docker group (/etc/group, /etc/passwd)",
	  hd_collect_docker_group },
	{ "files", "owner, group, mode and type of the daemon's files",
	  hd_collect_files },
	{ "mounts", "the mount holding the data root (/proc/self/mountinfo)",
	  hd_collect_root_mount },
	{ "lsm", "AppArmor and SELinux state (/sys)", hd_collect_lsm },
	{ "kernel", "kernel build config (zlib) and cgroup version",
	  hd_collect_kernel },
	{ "sysctl", "isolation-related sysctls (/proc/sys)", hd_collect_sysctl },
	{ "audit", "audit rules files and auditctl -l", hd_collect_audit },
	{ "userns", "userns-remap user and its subuid/subgid ranges",
	  hd_collect_userns },
	{ "process", "capabilities, seccomp, labels of daemons and containers "
	  "(/proc, libcap)", hd_collect_processes },
	{ "seccomp", "the daemon-wide seccomp profile file", hd_collect_seccomp },
	{ "hoststate", "log forwarding (journald, rsyslog, syslog-ng), the "
	  "system-wide client environment, a pending reboot, listening TCP "
	  "sockets (/proc/net)", hd_collect_host_state },
};

#define NCOLLECTORS (sizeof(collectors) / sizeof(collectors[0]))

void
hd_collect_all(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	for (size_t i = 0; i < NCOLLECTORS; i++) {
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
