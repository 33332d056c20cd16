/* hardock profile check FILE... | show NAME|FILE: validate profiles without
 * scanning, and print the effective profile after extends. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <hardock/profile.h>
#include <hardock/report.h>

#include "cli.h"

static const struct cli_opt profile_opts[] = {
	CLI_OPT_BENCHMARK,
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* Load spec and check it against pack as a scan would; print one line. */
static int
check_one(const char *spec, const struct hd_pack *pack)
{
	struct hd_profile *p = NULL;
	struct hd_scan_opts o;
	int r = HD_EXIT_OK;

	if (hd_profile_load(&p, spec) < 0)
		return cli_usage_error("profile: %s", hd_error_last());
	hd_scan_opts_init(&o);
	hd_profile_apply(p, &o);
	o.pack = pack;
	if (hd_scan_opts_validate(&o) < 0) {
		r = cli_usage_error("profile: %s: %s", spec, hd_error_last());
		goto out;
	}
	hd_fputs_term(stdout, spec);
	fputs(": ok: profile ", stdout);
	hd_fputs_term(stdout, hd_profile_name(p));
	for (const struct hd_profile *q = hd_profile_parent(p); q;
	    q = hd_profile_parent(q)) {
		fputs(" extends ", stdout);
		hd_fputs_term(stdout, hd_profile_name(q));
	}
	printf("; %zu check selector%s, %zu exclude%s, %zu severit%s, %zu "
	    "parameter%s, %zu waiver%s; valid for %s\n", o.nselect,
	    o.nselect == 1 ? "" : "s", o.nexclude, o.nexclude == 1 ? "" : "s",
	    o.nseverities, o.nseverities == 1 ? "y" : "ies", o.nparams,
	    o.nparams == 1 ? "" : "s", o.nwaivers, o.nwaivers == 1 ? "" : "s",
	    pack->name);
out:
	hd_scan_opts_release(&o);
	hd_profile_free(p);
	return r;
}

/* Print the effective profile spec names. */
static int
show(const char *spec)
{
	struct hd_profile *p = NULL;
	int r;

	if (hd_profile_load(&p, spec) < 0)
		return cli_usage_error("profile: %s", hd_error_last());
	r = hd_profile_show(stdout, p) < 0 ? HD_EXIT_NOSCAN : HD_EXIT_OK;
	hd_profile_free(p);
	return r;
}

static int
profile_exec(int argc, char **argv)
{
	const char *bench = NULL, *verb;
	const struct hd_pack *pack;
	int ch, r = HD_EXIT_OK;

	while ((ch = cli_getopt(&cmd_profile_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'b':
			bench = optarg;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_profile_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error("profile: check FILE... or show NAME|FILE "
		    "(see 'hardock profile --help')");
	verb = argv[optind++];
	if ((pack = cli_pack("profile", bench)) == NULL)
		return HD_EXIT_USAGE;
	if (strcmp(verb, "check") == 0) {
		if (optind >= argc)
			return cli_usage_error("profile: check wants a FILE or NAME");
		for (; optind < argc; optind++)
			if (check_one(argv[optind], pack) != HD_EXIT_OK)
				r = HD_EXIT_USAGE;
		return r;
	}
	if (strcmp(verb, "show") == 0) {
		if (optind + 1 != argc)
			return cli_usage_error("profile: show wants one NAME or FILE");
		return show(argv[optind]);
	}
	return cli_usage_error("profile: unknown action '%s' (check, show)", verb);
}

const struct cmd_entry cmd_profile_entry = {
	.name = "profile", .args = "check FILE... | show NAME|FILE",
	.summary = "validate profiles, or print the effective one",
	.description = "check: read each profile (YAML or JSON, a file or a "
	    "shipped name), follow its extends, and validate everything a scan "
	    "would (keys, check ids against the benchmark, parameters, selectors, "
	    "waivers) without scanning; errors name FILE:LINE:COLUMN and exit 2. "
	    "show: print the effective profile after extends as YAML, with the "
	    "file and sha256 of each profile read as comments. See "
	    "hardock-profile(5).",
	.opts = profile_opts, .exec = profile_exec,
};
