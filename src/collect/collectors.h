/* Entry points of the collectors, listed in collectors.c. */
#ifndef HARDOCK_COLLECT_COLLECTORS_H
#define HARDOCK_COLLECT_COLLECTORS_H

#include <hardock/collect.h>

void hd_collect_host_info(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_engine(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_docker_group(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_files(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_root_mount(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_lsm(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_kernel(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_sysctl(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_audit(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_userns(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_processes(struct hd_snapshot *s, const struct hd_collect_opts *o);

#endif
