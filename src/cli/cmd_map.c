/* hardock map: the same recommendations' ids in two benchmark versions. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <hardock/scan.h>

#include "cli.h"

enum { O_FROM = 256, O_TO };

static const struct cli_opt map_opts[] = {
	{ "from", O_FROM, "NAME", "the benchmark mapped from (e.g. cis-1.6.0)" },
	{ "to", O_TO, "NAME", "the benchmark mapped to (default: the newest)" },
	{ "format", 'f', "FMT", "text (default) or json" },
	{ "all", 'a', NULL, "also list ids that stay the same" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* One line of the mapping: r in from and s in to (either may be NULL). */
static void
emit(json_object *arr, const struct hd_rule *r, const struct hd_rule *s,
    bool all)
{
	const struct hd_rule *any = s ? s : r;
	const char *change = r == NULL ? "added" : s == NULL ? "removed" :
	    strcmp(r->id, s->id) != 0 ? "renumbered" : "same";

	if (!all && strcmp(change, "same") == 0)
		return;
	if (arr != NULL) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "from", r ? json_object_new_string(r->id) : NULL);
		json_object_object_add(o, "to", s ? json_object_new_string(s->id) : NULL);
		json_object_object_add(o, "control",
		    json_object_new_string(any->control->key));
		json_object_object_add(o, "change", json_object_new_string(change));
		json_object_object_add(o, "title", json_object_new_string(any->title));
		json_object_array_add(arr, o);
		return;
	}
	printf("%-10s %-10s %-11s %-32s %s\n", r ? r->id : "-", s ? s->id : "-",
	    change, any->control->key, any->title);
}

static int
map_exec(int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *fmt = "text";
	const struct hd_pack *pf, *pt;
	json_object *arr = NULL;
	bool all = false;
	int ch;

	while ((ch = cli_getopt(&cmd_map_entry, argc, argv)) != -1) {
		switch (ch) {
		case O_FROM:
			from = optarg;
			break;
		case O_TO:
			to = optarg;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'a':
			all = true;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_map_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (from == NULL)
		return cli_usage_error("map: --from NAME is required (see hardock "
		    "benchmarks)");
	if (optind < argc)
		return cli_usage_error("map: unexpected argument '%s'", argv[optind]);
	if ((pf = cli_pack("map", from)) == NULL || (pt = cli_pack("map", to)) == NULL)
		return HD_EXIT_USAGE;
	if (strcmp(fmt, "json") == 0)
		arr = json_object_new_array();
	else if (strcmp(fmt, "text") != 0)
		return cli_usage_error("map: unknown format '%s' (text, json)", fmt);
	else
		printf("%-10s %-10s %-11s %-32s %s\n", pf->name, pt->name, "CHANGE",
		    "CONTROL", "TITLE");
	/* In the target's order, then what the target no longer has. */
	for (size_t i = 0; i < pt->nrules; i++)
		emit(arr, hd_pack_rule_for(pf, pt->rules[i].control->key),
		    &pt->rules[i], all);
	for (size_t i = 0; i < pf->nrules; i++)
		if (hd_pack_rule_for(pt, pf->rules[i].control->key) == NULL)
			emit(arr, &pf->rules[i], NULL, all);
	if (arr != NULL) {
		json_object *doc = json_object_new_object();

		json_object_object_add(doc, "from", json_object_new_string(pf->name));
		json_object_object_add(doc, "to", json_object_new_string(pt->name));
		json_object_object_add(doc, "mapping", arr);
		puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(doc);
	}
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_map_entry = {
	.name = "map", .args = "--from NAME [--to NAME] [-a] [-f text|json]",
	.summary = "map check ids between benchmark versions",
	.description = "Print how the recommendations of one benchmark version "
	    "map to another's ids, matched by the control that decides them: "
	    "renumbered, added and removed ones (with -a also those that keep "
	    "their id).",
	.opts = map_opts, .exec = map_exec,
};
