/*
 * The table of check tables: the one place that lists the check modules.
 * Adding a module is one line here; the core never names a check.
 */
#include "checks.h"

const struct hd_check *const hd_check_tables[] = {
	hd_checks_daemon,
	hd_checks_daemon_files,
	hd_checks_daemon_net,
	hd_checks_runtime,
	hd_checks_images,
	hd_checks_operations,
	hd_checks_swarm,
	hd_checks_secrets,
	hd_checks_host,
	hd_checks_host_baseline,
	hd_checks_host_extra,
	hd_checks_runtime_ns,
	hd_checks_runtime_limits,
	hd_checks_runtime_mounts,
	hd_checks_container_deep,
	hd_checks_engine,
	NULL,
};
