/* hardock: dispatch to a subcommand from the table. */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include <hardock/common.h>

#include "cli.h"

const struct cmd_entry *const cli_commands[] = {
	&cmd_scan_entry,
	&cmd_watch_entry,
	&cmd_image_entry,
	&cmd_list_entry,
	&cmd_explain_entry,
	&cmd_diff_entry,
	&cmd_merge_entry,
	&cmd_benchmarks_entry,
	&cmd_map_entry,
	&cmd_profile_entry,
	&cmd_version_entry,
	&cmd_manpage_entry,
	&cmd_completion_entry,
	NULL,
};

/* The top-level help, generated from the command table. */
static void
usage(FILE *out)
{
	int w = 0;

	fprintf(out, "usage: hardock COMMAND [OPTIONS]\n\n"
	    "Audit a Docker host against the CIS Docker Benchmark (1.6.0, 1.7.0,\n"
	    "1.8.0) and beyond.\n\n"
	    "Commands:\n");
	for (size_t i = 0; cli_commands[i]; i++)
		if ((int)strlen(cli_commands[i]->name) > w)
			w = (int)strlen(cli_commands[i]->name);
	for (size_t i = 0; cli_commands[i]; i++)
		fprintf(out, "  %-*s %s\n", w, cli_commands[i]->name,
		    cli_commands[i]->summary);
	fprintf(out, "\nExit status:\n");
	for (size_t i = 0; cli_exits[i].meaning; i++)
		fprintf(out, "  %d  %s\n", cli_exits[i].code, cli_exits[i].meaning);
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
	for (size_t i = 0; cli_commands[i]; i++) {
		if (strcmp(cli_commands[i]->name, argv[1]) != 0)
			continue;
		curl_global_init(CURL_GLOBAL_DEFAULT);
		optind = 1;
		if (argc > 2 && (strcmp(argv[2], "--help") == 0 ||
		    strcmp(argv[2], "-h") == 0)) {
			cli_usage(stdout, cli_commands[i]);
			r = HD_EXIT_OK;
		} else {
			r = cli_commands[i]->exec(argc - 1, argv + 1);
		}
		curl_global_cleanup();
		return r;
	}
	return cli_usage_error("unknown command '%s' (see 'hardock --help')", argv[1]);
}
