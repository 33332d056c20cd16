/*
 * The sysctls that weaken or harden container isolation, read from the
 * audited host's /proc/sys (under --root, the tree's own /proc/sys).
 */
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

/* sysctl:NAME for each name, from /proc/sys/NAME with dots as slashes. */
void
hd_collect_sysctl(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	for (size_t i = 0; sysctls[i] != NULL; i++) {
		char *path = hd_xasprintf("/proc/sys/%s", sysctls[i]);
		char *key = hd_xasprintf("%s%s", HD_F_SYSCTL, sysctls[i]);
		char *val = NULL;
		int r;

		for (char *c = path + 10; *c; c++)
			if (*c == '.')
				*c = '/';
		if ((r = hd_root_read_line(&val, o->root, path)) < 0)
			hd_fact_from_error(s, key, path, r);
		else
			hd_snapshot_set_value(s, key, json_object_new_string(val), path);
		free(val);
		free(key);
		free(path);
	}
}
