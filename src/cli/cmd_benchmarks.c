/* hardock benchmarks: the shipped benchmark packs. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <hardock/scan.h>

#include "cli.h"

static const struct cli_opt benchmarks_opts[] = {
	{ "format", 'f', "FMT", "text (default) or json" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* How many of p's recommendations in [from, to) hardock decides. */
static size_t
decided(const struct hd_pack *p, size_t from, size_t to)
{
	size_t n = 0;

	for (size_t i = from; i < to; i++)
		n += p->rules[i].control->audit == HD_AUDIT_DECIDED;
	return n;
}

static int
benchmarks_exec(int argc, char **argv)
{
	const char *fmt = "text";
	json_object *arr;
	int ch;

	while ((ch = cli_getopt(&cmd_benchmarks_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'f':
			fmt = optarg;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_benchmarks_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("benchmarks: unexpected argument '%s'",
		    argv[optind]);
	if (strcmp(fmt, "json") == 0) {
		arr = json_object_new_array();
		for (size_t i = 0; i < hd_pack_count(); i++) {
			const struct hd_pack *p = hd_pack_get(i);
			json_object *o = json_object_new_object();

			json_object_object_add(o, "id", json_object_new_string(p->name));
			json_object_object_add(o, "name", json_object_new_string(p->title));
			json_object_object_add(o, "version",
			    json_object_new_string(p->version));
			json_object_object_add(o, "default",
			    json_object_new_boolean(p == hd_pack_default()));
			json_object_object_add(o, "recommendations",
			    json_object_new_int64((int64_t)p->ncis));
			json_object_object_add(o, "decided",
			    json_object_new_int64((int64_t)decided(p, 0, p->ncis)));
			json_object_object_add(o, "beyond_cis",
			    json_object_new_int64((int64_t)(p->nrules - p->ncis)));
			json_object_array_add(arr, o);
		}
		puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
		return HD_EXIT_OK;
	}
	if (strcmp(fmt, "text") != 0)
		return cli_usage_error("benchmarks: unknown format '%s' (text, json)",
		    fmt);
	printf("%-10s %-28s %-8s %s\n", "ID", "NAME", "VERSION", "RECOMMENDATIONS");
	for (size_t i = 0; i < hd_pack_count(); i++) {
		const struct hd_pack *p = hd_pack_get(i);

		printf("%-10s %-28s %-8s %zu (%zu decided from facts) + %zu "
		    "beyond CIS%s\n", p->name, p->title, p->version, p->ncis,
		    decided(p, 0, p->ncis), p->nrules - p->ncis,
		    p == hd_pack_default() ? "  [default]" : "");
	}
	return HD_EXIT_OK;
}

const struct cmd_entry cmd_benchmarks_entry = {
	.name = "benchmarks", .args = "[-f text|json]",
	.summary = "list the benchmark packs",
	.description = "List the benchmark packs hardock ships: id (for "
	    "--benchmark), name, version, how many recommendations it has and "
	    "how many hardock decides from facts, and hardock's own checks every "
	    "pack includes.",
	.opts = benchmarks_opts, .exec = benchmarks_exec,
};
