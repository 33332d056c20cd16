/*
 * The sysctls that weaken or harden container isolation, read from the
 * audited host's /proc/sys (under --root, the tree's own /proc/sys); the
 * net.* ones only when hardock shares the engine's network namespace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/collect.h>
#include <hardock/facts.h>

#include "collect/collectors.h"
#include "collect/hostcfg.h"

static const char *const sysctls[] = {
	"kernel.unprivileged_userns_clone", "user.max_user_namespaces",
	"kernel.unprivileged_bpf_disabled", "kernel.kptr_restrict",
	"kernel.dmesg_restrict", "kernel.yama.ptrace_scope",
	"fs.protected_symlinks", "fs.protected_hardlinks", "net.ipv4.ip_forward",
	NULL
};

/* The target of root's /proc/PID/ns/net ("net:[4026531840]"); NULL when
 * there is none (a tree, not a live /proc) or it cannot be read. */
static char *
netns_of(const char *root, const char *pid)
{
	char *path = hd_xasprintf("/proc/%s/ns/net", pid);
	char *target = hd_root_readlink(root, path);

	free(path);
	return target;
}

/* Why root's /proc/sys/net is not the engine's, or NULL: it shows the
 * network namespace of the process reading it, and hardock's (a pod
 * without hostNetwork, a unit with PrivateNetwork=) may not be dockerd's
 * (else init's). Unknown either way, it is taken for the engine's. */
static char *
foreign_netns(const struct hd_snapshot *s, const char *root)
{
	int pid = hd_cfg_daemon_pid(s);
	char other[24], *mine, *theirs, *why = NULL;

	snprintf(other, sizeof(other), "%d", pid > 0 ? pid : 1);
	mine = netns_of(root, "self");
	theirs = netns_of(root, other);
	if (mine != NULL && theirs != NULL && strcmp(mine, theirs) != 0)
		why = hd_xasprintf("hardock runs in network namespace %s, %s "
		    "(pid %s) in %s: /proc/sys/net shows the reader's namespace, "
		    "so the engine's value cannot be read from here (run hardock "
		    "in the host's network namespace, e.g. hostNetwork: true)",
		    mine, pid > 0 ? "dockerd" : "init", other, theirs);
	free(mine);
	free(theirs);
	return why;
}

/* sysctl:NAME for each name, from /proc/sys/NAME with dots as slashes. */
void
hd_collect_sysctl(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	char *netns = foreign_netns(s, o->root);

	for (size_t i = 0; sysctls[i] != NULL; i++) {
		char *path = hd_xasprintf("/proc/sys/%s", sysctls[i]);
		char *key = hd_xasprintf("%s%s", HD_F_SYSCTL, sysctls[i]);
		char *val = NULL;
		int r;

		for (char *c = path + 10; *c; c++)
			if (*c == '.')
				*c = '/';
		if (netns != NULL && strncmp(sysctls[i], "net.", 4) == 0)
			hd_snapshot_set_error(s, key, path, "%s", netns);
		else if ((r = hd_root_read_line(&val, o->root, path)) < 0)
			hd_fact_from_error(s, key, path, r);
		else
			hd_snapshot_set_value(s, key, json_object_new_string(val), path);
		free(val);
		free(key);
		free(path);
	}
	free(netns);
}
