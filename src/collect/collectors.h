/* Entry points of the collectors, listed in collectors.c. */
#ifndef HARDOCK_COLLECT_COLLECTORS_H
#define HARDOCK_COLLECT_COLLECTORS_H

#include <hardock/collect.h>

void hd_collect_host_info(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_engine(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_daemon(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_presence(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_docker_group(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_files(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_root_mount(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_lsm(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_kernel(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_sysctl(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_audit(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_userns(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_processes(struct hd_snapshot *s, const struct hd_collect_opts *o);
/* Log forwarding, client environment, pending reboot, listening sockets. */
void hd_collect_host_state(struct hd_snapshot *s, const struct hd_collect_opts *o);

/* The swarm node state file (<data-root>/swarm/docker-state.json). */
void hd_collect_swarm_state(struct hd_snapshot *s, const struct hd_collect_opts *o);
/* Parse that file's content: a JSON object, HD_EPARSE otherwise. */
int hd_swarm_state_parse(json_object **out, const char *data, size_t len);

/* The daemon-wide seccomp profile file (seccomp.daemon_profile). */
void hd_collect_seccomp(struct hd_snapshot *s, const struct hd_collect_opts *o);
/* Parse a seccomp profile held in a buffer: a JSON object, or HD_EPARSE
 * with the offset (also used by checks on inline SecurityOpt profiles). */
int hd_seccomp_profile_parse(json_object **out, const char *data, size_t len);

/* hd_root_open()'s resolution without openat2, below an open root
 * directory: used where the kernel lacks openat2, exposed for tests. flags
 * are openat(2)'s; -1 with errno on failure. */
int hd_root_open_walk(int rootfd, const char *path, int flags);

#endif
