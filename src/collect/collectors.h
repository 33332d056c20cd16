/* Entry points of the collectors, listed in collectors.c. */
#ifndef HARDOCK_COLLECT_COLLECTORS_H
#define HARDOCK_COLLECT_COLLECTORS_H

#include <hardock/collect.h>

void hd_collect_host_info(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_engine(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_daemon(struct hd_snapshot *s, const struct hd_collect_opts *o);

#endif
