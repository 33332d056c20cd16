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
	for (size_t i = 0; i < hd_pack_count(); i++)
		printf("benchmark: %s %s (%s, %zu recommendations + %zu of "
		    "hardock's own)%s\n", hd_pack_get(i)->title,
		    hd_pack_get(i)->version, hd_pack_get(i)->name,
		    hd_pack_get(i)->ncis,
		    hd_pack_get(i)->nrules - hd_pack_get(i)->ncis,
		    hd_pack_get(i) == hd_pack_default() ? " [default]" : "");
	printf("controls: %zu\n", hd_control_count());
	printf("report schema: %s\n", HD_REPORT_SCHEMA_VERSION);
	printf("libcurl %s, json-c %s, libseccomp %u.%u.%u\n",
	    curl_version_info(CURLVERSION_NOW)->version, json_c_version(),
	    sv->major, sv->minor, sv->micro);
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version", .args = "", .summary = "print version information",
	.description = "Print hardock's version, the benchmark packs it ships, the "
	    "number of controls, the report schema version and the versions of the "
	    "libraries it was built with.",
	.exec = version_exec,
};
