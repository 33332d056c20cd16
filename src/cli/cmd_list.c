/* hardock list: a benchmark pack's recommendations and their controls. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <hardock/report.h>
#include <hardock/scan.h>

#include "cli.h"

static const struct cli_opt list_opts[] = {
	CLI_OPT_BENCHMARK,
	{ "format", 'f', "FMT", "text (default), or json with every metadata field" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* Whether r matches one of the n selectors (all when n == 0). */
static bool
wanted(const struct hd_rule *r, char **sel, int n)
{
	for (int i = 0; i < n; i++)
		if (hd_rule_matches(sel[i], r))
			return true;
	return n == 0;
}

static int
list_exec(int argc, char **argv)
{
	const char *fmt = "text", *bench = NULL;
	const struct hd_pack *p;
	json_object *arr;
	int ch;

	while ((ch = cli_getopt(&cmd_list_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'b':
			bench = optarg;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_list_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if ((p = cli_pack("list", bench)) == NULL)
		return HD_EXIT_USAGE;
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
		return cli_usage_error("list: unknown format '%s' (text, json)", fmt);
	for (int i = optind; i < argc; i++) {
		bool any = false;

		for (size_t k = 0; k < p->nrules && !any; k++)
			any = hd_rule_matches(argv[i], &p->rules[k]);
		if (!any)
			return cli_usage_error("list: unknown check id or section "
			    "'%s' in %s", argv[i], p->name);
	}
	if (strcmp(fmt, "json") == 0) {
		arr = json_object_new_array();
		for (size_t k = 0; k < p->nrules; k++)
			if (wanted(&p->rules[k], argv + optind, argc - optind))
				json_object_array_add(arr, hd_rule_json(&p->rules[k]));
		puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
		return HD_EXIT_OK;
	}
	printf("%-12s %-5s %-9s %-8s %-32s %s\n", "ID", "LEVEL", "SEVERITY",
	    "AUDIT", "CONTROL", "TITLE");
	for (size_t k = 0; k < p->nrules; k++) {
		const struct hd_rule *r = &p->rules[k];

		if (wanted(r, argv + optind, argc - optind))
			printf("%-12s %-5d %-9s %-8s %-32s %s\n", r->id, r->level,
			    hd_severity_name(r->control->severity),
			    hd_audit_name(r->control->audit), r->control->key,
			    r->title);
	}
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_list_entry = {
	.name = "list", .args = "[-b NAME] [-f text|json] [SELECTOR...]",
	.summary = "list the checks of a benchmark",
	.description = "List a benchmark pack's recommendations: id, level, "
	    "severity, whether hardock decides it from facts or leaves it to a "
	    "person (manual), the control that decides it (a key that stays the "
	    "same across benchmark versions) and title. SELECTOR filters by id, "
	    "section prefix (5, 2.1, HD) or control key (daemon.icc, container).",
	.opts = list_opts, .exec = list_exec,
};
