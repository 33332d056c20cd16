/* The reporter table: every output format, in one list. */
#include <string.h>

#include <hardock/report.h>

#include "report/reporters.h"

static const struct hd_reporter reporters[] = {
	{ "text", "grouped by section, for a terminal", hd_render_text },
	{ "json", "versioned JSON evidence (schema " HD_REPORT_SCHEMA_VERSION ")",
	  hd_render_json },
	{ "csv", "one row per finding, formula-safe", hd_render_csv },
	{ "junit", "JUnit XML, a testcase per check, for CI systems",
	  hd_render_junit },
	{ "prometheus", "text exposition format for node_exporter's textfile "
	  "collector", hd_render_prometheus },
	{ "html", "a self-contained page", hd_render_html },
	{ "sarif", "SARIF 2.1.0 for GitHub code scanning: a rule per check, a "
	  "result per failing object", hd_render_sarif },
};

#define NREPORTERS (sizeof(reporters) / sizeof(reporters[0]))

const struct hd_reporter *
hd_reporter_find(const char *name)
{
	for (size_t i = 0; i < NREPORTERS; i++)
		if (strcmp(reporters[i].name, name) == 0)
			return &reporters[i];
	return NULL;
}

size_t
hd_reporter_count(void)
{
	return NREPORTERS;
}

const struct hd_reporter *
hd_reporter_get(size_t i)
{
	return i < NREPORTERS ? &reporters[i] : NULL;
}
