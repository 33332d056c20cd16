/* Declarations shared by the check modules: their tables and helpers. */
#ifndef HARDOCK_CHECKS_H
#define HARDOCK_CHECKS_H

#include <hardock/check.h>
#include <hardock/facts.h>
#include <hardock/scan.h>

/* One table per module, each terminated by an entry with id NULL. */
extern const struct hd_check hd_checks_daemon[];
extern const struct hd_check hd_checks_daemon_files[];
extern const struct hd_check hd_checks_runtime[];
extern const struct hd_check hd_checks_engine[];

extern const struct hd_check *const hd_check_tables[];

#endif
