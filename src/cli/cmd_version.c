/* hardock version: the tool, the commit it was built from, the benchmark and
 * the libraries it runs with; with --verbose, the collectors and the sandbox
 * a scan runs in. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <seccomp.h>
#include <sys/capability.h>

#include <hardock/collect.h>
#include <hardock/common.h>
#include <hardock/report.h>
#include <hardock/sandbox.h>
#include <hardock/scan.h>

#include "buildinfo.h"
#include "cli.h"

/* Stringify the value of a macro. */
#define STR_(x) #x
#define STR(x) STR_(x)

static const struct cli_opt version_opts[] = {
	{ "verbose", 'v', NULL, "also list the collectors and the sandbox "
	  "policy: which capabilities collection keeps and why, which syscalls "
	  "evaluation may make" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* The collector table, in the order collectors run. */
static void
print_collectors(void)
{
	printf("collectors (in order):\n");
	for (size_t i = 0; i < hd_collector_count(); i++)
		printf("  %-11s %s\n", hd_collector_get(i)->name,
		    hd_collector_get(i)->description);
}

static int
version_exec(int argc, char **argv)
{
	const struct scmp_version *sv = seccomp_version();
	bool verbose = false;
	int ch;

	while ((ch = cli_getopt(&cmd_version_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'v':
			verbose = true;
			break;
		case 'h':
			cli_usage(stdout, &cmd_version_entry);
			return HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("version: unexpected argument '%s'", argv[optind]);
	printf("hardock %s\n", HARDOCK_VERSION);
	printf("commit: %s\n", HARDOCK_COMMIT);
	for (size_t i = 0; i < hd_pack_count(); i++)
		printf("benchmark: %s %s (%s, %zu recommendations + %zu of "
		    "hardock's own)%s\n", hd_pack_get(i)->title,
		    hd_pack_get(i)->version, hd_pack_get(i)->name,
		    hd_pack_get(i)->ncis,
		    hd_pack_get(i)->nrules - hd_pack_get(i)->ncis,
		    hd_pack_get(i) == hd_pack_default() ? " [default]" : "");
	printf("controls: %zu\n", hd_control_count());
	printf("report schema: %s\n", HD_REPORT_SCHEMA_VERSION);
	/* The versions of the libraries loaded now, asked at run time; libcap
	 * has no such call, so its headers' version is what can be told. */
	printf("libcurl: %s\n", curl_version_info(CURLVERSION_NOW)->version);
	printf("json-c: %s\n", json_c_version());
	printf("libseccomp: %u.%u.%u\n", sv->major, sv->minor, sv->micro);
	printf("libcap: %s (build time; libcap has no run-time version call)\n",
	    STR(LIBCAP_MAJOR) "." STR(LIBCAP_MINOR));
	if (!verbose)
		return HD_EXIT_OK;
	print_collectors();
	hd_sandbox_describe(stdout);
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version", .args = "[OPTIONS]",
	.summary = "print version information",
	.description = "Print hardock's version and the commit it was built from "
	    "(\"unknown\" outside a git checkout), the benchmark packs it ships, "
	    "the number of controls, the report schema version, and the versions "
	    "of libcurl, json-c and libseccomp it runs with (asked at run time) "
	    "and of libcap it was built with (libcap has no run-time version "
	    "call); with --verbose also the collectors and where and how a scan "
	    "confines itself.",
	.opts = version_opts, .exec = version_exec,
};
