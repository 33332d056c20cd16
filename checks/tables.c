/*
 * The table of check tables: the one place that lists the check modules.
 * Adding a module is one line here; the core never names a check.
 */
#include "checks.h"

const struct hd_check *const hd_check_tables[] = {
	hd_checks_daemon,
	hd_checks_daemon_files,
	hd_checks_runtime,
	hd_checks_engine,
	NULL,
};
