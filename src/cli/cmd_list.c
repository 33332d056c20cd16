/* hardock list: the catalog, from the check tables. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <hardock/report.h>
#include <hardock/scan.h>

#include "cli.h"

static const struct cli_opt list_opts[] = {
	{ "format", 'f', "FMT", "text (default), or json with every metadata field" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* Whether c matches one of the n selectors (all when n == 0). */
static bool
wanted(const struct hd_check *c, char **sel, int n)
{
	for (int i = 0; i < n; i++)
		if (hd_id_matches(sel[i], c->id))
			return true;
	return n == 0;
}

static int
list_exec(int argc, char **argv)
{
	const char *fmt = "text";
	json_object *arr;
	int ch;

	while ((ch = cli_getopt(&cmd_list_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'f':
			fmt = optarg;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_list_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
		return cli_usage_error("list: unknown format '%s' (text, json)", fmt);
	for (int i = optind; i < argc; i++) {
		bool any = false;

		for (size_t k = 0; k < hd_catalog_count() && !any; k++)
			any = hd_id_matches(argv[i], hd_catalog_get(k)->id);
		if (!any)
			return cli_usage_error("list: unknown check id or section '%s'",
			    argv[i]);
	}
	if (strcmp(fmt, "json") == 0) {
		arr = json_object_new_array();
		for (size_t k = 0; k < hd_catalog_count(); k++)
			if (wanted(hd_catalog_get(k), argv + optind, argc - optind))
				json_object_array_add(arr, hd_check_json(hd_catalog_get(k)));
		puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
		return HD_EXIT_OK;
	}
	printf("%-12s %-5s %-9s %-8s %s\n", "ID", "LEVEL", "SEVERITY", "AUDIT", "TITLE");
	for (size_t k = 0; k < hd_catalog_count(); k++) {
		const struct hd_check *c = hd_catalog_get(k);

		if (wanted(c, argv + optind, argc - optind))
			printf("%-12s %-5d %-9s %-8s %s\n", c->id, c->level,
			    hd_severity_name(c->severity), hd_audit_name(c->audit),
			    c->title);
	}
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list", .args = "[-f text|json] [SECTION...]",
	.summary = "list the checks hardock runs",
	.description = "List the checks: id, level, severity, whether hardock "
	    "decides it from facts or leaves it to a person (manual), and title. "
	    "SECTION filters by id or section prefix (5, 2.1, HD).",
	.opts = list_opts, .exec = list_exec,
};
