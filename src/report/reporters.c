/* The reporter table: every output format, in one list. */
#include <string.h>

#include <hardock/report.h>

#include "report/reporters.h"

/* The SARIF mapping (src/report/sarif.c), for the man page. */
#define SARIF_DETAILS \
	"One run; tool.driver.rules holds a rule per evaluated check: id the " \
	"benchmark id, name the control key, help how hardock audits and the " \
	"fix, helpUri the first reference URL, defaultConfiguration.level " \
	"and properties[\"security-severity\"] from the severity (critical " \
	"error 9.5, high error 8.0, medium warning 5.5, low note 3.0, info " \
	"note 0.0), properties the benchmark, CIS level, section, severity " \
	"and tags.\n\n" \
	"A result per failing object of a per-object check (else per failing " \
	"child of a host check, else the check): level from the result's " \
	"severity (a profile's), properties the status, object, evidence and " \
	"inherited when only the base image is to blame. A waived failure " \
	"has suppressions [{kind external, status accepted, justification}]. " \
	"A check that could not be evaluated is a result of kind open and " \
	"level none (SARIF allows no other level for it; GitHub still shows " \
	"it) and an error notification of invocations[0] " \
	"(toolExecutionNotifications), so no consumer mistakes the run for " \
	"complete; executionSuccessful stays true, as the scan ran. Waiver " \
	"warnings are toolConfigurationNotifications. pass, manual and " \
	"notapplicable give no result.\n\n" \
	"Every location is a percent-encoded relative reference, as GitHub " \
	"rejects absolute file URIs: a host file as etc/docker/daemon.json " \
	"under uriBaseId HOSTROOT (file:/// or the --root directory) with " \
	"its line when known; an image as its reference (busybox%3Alatest), " \
	"or REF/PATH for a file inside it with the layer in the location's " \
	"properties (several files: the image, each file a related " \
	"location); a container as containers/NAME; the host as " \
	"host/HOSTNAME; region.startLine 1 when no line is known. " \
	"logicalLocations name images, containers and files.\n\n" \
	"partialFingerprints[\"hardockFinding/v1\"] is the SHA-256 of the " \
	"NUL-terminated strings \"hardock-finding/v1\", the control key, the " \
	"object kind, the object's identity and the path inside the image " \
	"(empty when none). The identity survives a rebuild: an image's " \
	"repository without tag or digest (the full reference when the run " \
	"holds several tags of one repository, the id when it has no name), " \
	"HOSTNAME/NAME for a container (never its id), HOSTNAME/ID for a " \
	"host's file, sysctl or endpoint, HOSTNAME for a host check. So an " \
	"alert closes when the finding is fixed, even under a new tag, and a " \
	"CIS renumbering keeps it. baselineState is not written: hardock " \
	"compares no runs (hardock diff does), GitHub does it from the " \
	"fingerprints. tool.driver has no informationUri: hardock has no " \
	"home page to name."

static const struct hd_reporter reporters[] = {
	{ "text", "grouped by section, for a terminal", hd_render_text, NULL },
	{ "json", "versioned JSON evidence (schema " HD_REPORT_SCHEMA_VERSION ")",
	  hd_render_json, NULL },
	{ "csv", "one row per finding, formula-safe", hd_render_csv, NULL },
	{ "junit", "JUnit XML, a testcase per check, for CI systems",
	  hd_render_junit, NULL },
	{ "prometheus", "text exposition format for node_exporter's textfile "
	  "collector", hd_render_prometheus, NULL },
	{ "html", "a self-contained page", hd_render_html, NULL },
	{ "sarif", "SARIF 2.1.0 for GitHub code scanning: a rule per check, a "
	  "result per failing object", hd_render_sarif, SARIF_DETAILS },
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
