/* Declarations shared by the check modules: their tables and helpers. */
#ifndef HARDOCK_CHECKS_H
#define HARDOCK_CHECKS_H

#include <hardock/check.h>
#include <hardock/facts.h>
#include <hardock/scan.h>

/* One table per module, each terminated by an entry with id NULL. */
extern const struct hd_check hd_checks_daemon[];
extern const struct hd_check hd_checks_daemon_files[];
extern const struct hd_check hd_checks_daemon_net[];
extern const struct hd_check hd_checks_runtime[];
extern const struct hd_check hd_checks_images[];
extern const struct hd_check hd_checks_operations[];
extern const struct hd_check hd_checks_swarm[];
extern const struct hd_check hd_checks_secrets[];
extern const struct hd_check hd_checks_host[];
extern const struct hd_check hd_checks_host_baseline[];
extern const struct hd_check hd_checks_host_extra[];
extern const struct hd_check hd_checks_runtime_ns[];
extern const struct hd_check hd_checks_runtime_limits[];
extern const struct hd_check hd_checks_runtime_mounts[];
extern const struct hd_check hd_checks_container_deep[];
extern const struct hd_check hd_checks_engine[];

extern const struct hd_check *const hd_check_tables[];

#endif
