/* hardock version: the tool, the benchmark and the libraries it uses. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <seccomp.h>

#include <hardock/common.h>
#include <hardock/report.h>
#include <hardock/scan.h>

#include "cli.h"

static int
version_exec(int argc, char **argv)
{
	const struct scmp_version *sv = seccomp_version();

	if (argc > 1)
		return cli_usage_error("version: unexpected argument '%s'", argv[1]);
	printf("hardock %s\n", HARDOCK_VERSION);
	printf("benchmark: %s %s (%zu checks)\n", HD_BENCHMARK_NAME,
	    HD_BENCHMARK_VERSION, hd_catalog_count());
	printf("report schema: %s\n", HD_REPORT_SCHEMA_VERSION);
	printf("libcurl %s, json-c %s, libseccomp %u.%u.%u\n",
	    curl_version_info(CURLVERSION_NOW)->version, json_c_version(),
	    sv->major, sv->minor, sv->micro);
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version", .args = "", .summary = "print version information",
	.description = "Print hardock's version, the benchmark it implements, the "
	    "number of checks, the report schema version and the versions of the "
	    "libraries it was built with.",
	.exec = version_exec,
};
