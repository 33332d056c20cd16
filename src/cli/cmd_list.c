/* hardock list: the catalog, from the check tables. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <hardock/report.h>
#include <hardock/scan.h>

#include "cli.h"

static void
list_usage(FILE *out)
{
	fprintf(out, "usage: hardock list [-f text|json] [SECTION...]\n\n"
	    "List the checks: id, level, severity, whether hardock decides it or\n"
	    "leaves it to a person (manual), and title. SECTION filters by id or\n"
	    "section prefix (\"5\", \"2.1\", \"HD\").\n\n"
	    "  -f, --format FMT  text (default) or json: every metadata field\n"
	    "  -h, --help        this help\n");
}

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
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *fmt = "text";
	json_object *arr;
	int ch;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			fmt = optarg;
			break;
		case 'h':
			return list_usage(stdout), HD_EXIT_OK;
		default:
			return cli_usage_error("list: unknown option '%s'", argv[optind - 1]);
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
	.exec = list_exec, .usage = list_usage,
};
