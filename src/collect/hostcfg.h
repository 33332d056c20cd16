/*
 * Shared internals of the host collectors: the facts of earlier collectors
 * they depend on (daemon configuration, engine info), with the engine's
 * defaults when those facts are missing, and small reading helpers.
 */
#ifndef HARDOCK_COLLECT_HOSTCFG_H
#define HARDOCK_COLLECT_HOSTCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hardock/collect.h>
#include <hardock/snapshot.h>

#define HD_DEFAULT_SOCKET "/var/run/docker.sock"
#define HD_DEFAULT_DATA_ROOT "/var/lib/docker"
#define HD_CONTAINERD_SOCKET "/run/containerd/containerd.sock"

/* Whether the audit root is the live host ("/"). */
bool hd_root_is_live(const struct hd_collect_opts *o);

/* Whether root holds a directory at path (e.g. "/proc"): a --root tree
 * without /proc has no live processes. */
bool hd_root_has_dir(const char *root, const char *path);

/* The value of the effective daemon setting key when it is a string, else
 * NULL; *source (may be NULL) gets its source. Borrowed from s. */
const char *hd_cfg_string(const struct hd_snapshot *s, const char *key,
    const char **source);

/* Whether the daemon's effective configuration is known: false with
 * *reason (borrowed) when daemon.config was recorded absent or an error,
 * so that a collector never derives a path from Docker's defaults in its
 * stead; true when it was read, or never collected (a host collector run
 * alone looks at the usual places). */
bool hd_cfg_known(const struct hd_snapshot *s, const char **reason);

/* A string member of daemon.rootless ("config_dir", "socket", ...) when
 * the audited daemon is rootless, else NULL. Borrowed. */
const char *hd_rootless_str(const struct hd_snapshot *s, const char *key);

/* The engine's data root: /info DockerRootDir, else the configured
 * data-root, else /var/lib/docker; *source names which. Borrowed. NULL
 * when neither the engine answered nor the configuration is known
 * (*source is then the reason). */
const char *hd_cfg_data_root(const struct hd_snapshot *s, const char **source);
/* The target of the symbolic link path under root, not followed (a link
 * in a fixture tree stays one; /proc's magic links give their text), or
 * NULL when it is not a readable link. The caller frees it. */
char *hd_root_readlink(const char *root, const char *path);

/* The pid of the dockerd the daemon-config collector audits (in
 * HD_F_DAEMON_PROCESSES, as the audit root's /proc numbers it), or 0. */
int hd_cfg_daemon_pid(const struct hd_snapshot *s);

/* A decimal number of at most 10 digits in s[0..n), or -1 when s is
 * empty, longer, or holds anything but digits. */
int64_t hd_parse_dec(const char *s, size_t n);

/* The first line of a small file under root, trailing whitespace dropped. */
int hd_root_read_line(char **out, const char *root, const char *path);

/* Record key as absent (HD_ENOTFOUND) or as an error whose reason is
 * "permission denied" (HD_EACCES) or the last error message. */
void hd_fact_from_error(struct hd_snapshot *s, const char *key,
    const char *source, int code);

/* The entries of directory dir under root whose names end in suffix, as
 * "dir/name" paths sorted by name (at most max; caller frees each and the
 * array). 0 with *out NULL when there are none; -1 with errno set when dir
 * exists but cannot be listed (ENOENT and ENOTDIR count as none). */
long hd_root_list(char ***out, const char *root, const char *dir,
    const char *suffix, size_t max);

/* The last component of path (borrowed pointer into path). */
const char *hd_basename(const char *path);

#endif
