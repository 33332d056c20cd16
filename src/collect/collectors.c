/* The collector table: run in this order, each may read earlier facts. */
#include <hardock/collect.h>

#include "collect/collectors.h"

static const struct hd_collector collectors[] = {
	{ "host", "hostname, kernel release, OS", hd_collect_host_info },
	{ "engine", "Docker Engine API over its socket (libcurl)",
	  hd_collect_engine },
	{ "daemon", "dockerd's effective configuration: processes, flags, daemon.json, systemd units, environment files", hd_collect_daemon },
};

#define NCOLLECTORS (sizeof(collectors) / sizeof(collectors[0]))

void
hd_collect_all(struct hd_snapshot *s, const struct hd_collect_opts *o)
{
	for (size_t i = 0; i < NCOLLECTORS; i++)
		collectors[i].collect(s, o);
}

size_t
hd_collector_count(void)
{
	return NCOLLECTORS;
}

const struct hd_collector *
hd_collector_get(size_t i)
{
	return i < NCOLLECTORS ? &collectors[i] : NULL;
}
