/* Entry points of the collectors, listed in collectors.c. */
#ifndef HARDOCK_COLLECT_COLLECTORS_H
#define HARDOCK_COLLECT_COLLECTORS_H

#include <hardock/collect.h>

void hd_collect_host_info(struct hd_snapshot *s, const struct hd_collect_opts *o);
void hd_collect_engine(struct hd_snapshot *s, const struct hd_collect_opts *o);

/* The daemon-wide seccomp profile file (seccomp.daemon_profile). */
void hd_collect_seccomp(struct hd_snapshot *s, const struct hd_collect_opts *o);
/* Parse a seccomp profile held in a buffer: a JSON object, or HD_EPARSE
 * with the offset (also used by checks on inline SecurityOpt profiles). */
int hd_seccomp_profile_parse(json_object **out, const char *data, size_t len);

#endif
