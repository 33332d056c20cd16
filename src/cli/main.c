/* hardock: dispatch to a subcommand from the table. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include <hardock/common.h>

#include "cli.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_scan_entry,
	&cmd_list_entry,
	&cmd_explain_entry,
	&cmd_version_entry,
	NULL,
};

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("hardock: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return HD_EXIT_USAGE;
}

/* The top-level help, generated from the command table. */
static void
usage(FILE *out)
{
	fprintf(out, "usage: hardock COMMAND [OPTIONS]\n\n"
	    "Audit a Docker host against the CIS Docker Benchmark 1.6.0 and beyond.\n\n"
	    "Commands:\n");
	for (size_t i = 0; cmd_table[i]; i++)
		fprintf(out, "  %-9s %s\n", cmd_table[i]->name, cmd_table[i]->summary);
	fprintf(out, "\nRun 'hardock COMMAND --help' for a command's options.\n");
}

int
main(int argc, char **argv)
{
	int r;

	if (argc < 2)
		return usage(stderr), HD_EXIT_USAGE;
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0)
		return usage(stdout), HD_EXIT_OK;
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version_entry.exec(1, argv + 1);
	for (size_t i = 0; cmd_table[i]; i++) {
		if (strcmp(cmd_table[i]->name, argv[1]) != 0)
			continue;
		curl_global_init(CURL_GLOBAL_DEFAULT);
		r = cmd_table[i]->exec(argc - 1, argv + 1);
		curl_global_cleanup();
		return r;
	}
	return cli_usage_error("unknown command '%s' (see 'hardock --help')", argv[1]);
}
