/* hardock scan: collect a snapshot (or load one), evaluate, report. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/facts.h>

#include "cli.h"
#include "scanrun.h"

/* What only scan reads besides the shared options. */
struct scan_only {
	const char *format;
	const char *snapshot_in;
	const char *snapshot_out;
	const char *color;
	bool quiet;
	bool verbose;
};

enum { O_COLOR = O_OWN, O_SAVE, O_SNAP };

static const struct cli_opt scan_opts[] = {
	SCAN_OPTS_ENGINE,
	{ "format", 'f', "FMT", "report format on stdout (default text)" },
	{ "output", 'o', "FMT:FILE", "also write format FMT to FILE (repeatable)" },
	SCAN_OPTS_SELECT,
	{ "fail-on", O_FAILON, "SEV", "exit 1 when a check of severity SEV or above "
	  "fails: info (default), low, medium, high, critical, none" },
	{ "quiet", 'q', NULL, "no report on stdout and no progress line" },
	{ "verbose", 'v', NULL, "text output also lists passing objects" },
	{ "color", O_COLOR, "WHEN", "auto (default), always or never; NO_COLOR is "
	  "honoured" },
	{ "save-snapshot", O_SAVE, "FILE", "write the collected facts to FILE" },
	{ "snapshot", O_SNAP, "FILE", "evaluate a saved snapshot, touching nothing "
	  "on this host" },
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* The formats part of --help, from the reporter table. */
static void
scan_help_extra(FILE *out)
{
	fprintf(out, "\nFormats:\n");
	for (size_t i = 0; i < hd_reporter_count(); i++)
		fprintf(out, "  %-8s %s\n", hd_reporter_get(i)->name,
		    hd_reporter_get(i)->description);
}

/* Progress of evaluation on a terminal: "[ 12/118]". */
static void
progress(void *arg, size_t done, size_t total)
{
	(void)arg;
	fprintf(stderr, "\rhardock: evaluating checks [%3zu/%zu]", done, total);
	if (done == total)
		fputs("\r\033[K", stderr);
}

/* Parse argv into a and so; returns HD_EXIT_OK or the exit status to use
 * (-1 after --help). */
static int
parse_args(struct scan_args *a, struct scan_only *so, int argc, char **argv)
{
	int ch, r;

	while ((ch = cli_getopt(&cmd_scan_entry, argc, argv)) != -1) {
		if ((r = scan_parse_opt(a, ch, optarg)) != SCAN_OPT_NOT_MINE) {
			if (r != HD_EXIT_OK)
				return r;
			continue;
		}
		switch (ch) {
		case 'f':
			so->format = optarg;
			break;
		case 'q':
			so->quiet = true;
			break;
		case 'v':
			so->verbose = true;
			break;
		case O_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return cli_usage_error("scan: --color takes auto, always or "
				    "never, not '%s'", optarg);
			so->color = optarg;
			break;
		case O_SAVE:
			so->snapshot_out = optarg;
			break;
		case O_SNAP:
			so->snapshot_in = optarg;
			break;
		case 'h':
			cli_usage(stdout, &cmd_scan_entry);
			return -1;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("scan: unexpected argument '%s'", argv[optind]);
	if (so->snapshot_in && so->snapshot_out)
		return cli_usage_error("scan: --snapshot and --save-snapshot exclude "
		    "each other");
	return HD_EXIT_OK;
}

/* Load or collect the snapshot; the exit status on failure. */
static int
get_snapshot(struct hd_snapshot **out, const struct scan_args *a,
    const struct scan_only *so, const char *started)
{
	struct hd_snapshot *s;
	int r;

	*out = NULL;
	if (so->snapshot_in != NULL) {
		if (hd_snapshot_load(&s, so->snapshot_in) < 0)
			return cli_usage_error("scan: cannot read snapshot %s",
			    hd_error_last());
		*out = s;
		return HD_EXIT_OK;
	}
	if ((r = scan_collect(&s, a, started)) != HD_EXIT_OK)
		return r;
	if (so->snapshot_out && hd_snapshot_save(s, so->snapshot_out) < 0) {
		fprintf(stderr, "hardock: scan: cannot save snapshot: %s\n",
		    hd_error_last());
		hd_snapshot_free(s);
		return HD_EXIT_NOSCAN;
	}
	*out = s;
	return HD_EXIT_OK;
}

static int
scan_exec(int argc, char **argv)
{
	struct scan_args a;
	struct scan_only so = { .format = "text", .color = "auto" };
	struct hd_snapshot *snap = NULL;
	struct hd_results *res = NULL;
	struct hd_report rep;
	struct hd_profile *profile = NULL;
	char started[32], finished[32];
	int r;

	/* The engine collector resolves the endpoint like the docker CLI. */
	scan_args_init(&a, "scan");
	if ((r = parse_args(&a, &so, argc, argv)) != HD_EXIT_OK) {
		r = r < 0 ? HD_EXIT_OK : r;
		goto out;
	}
	if (!so.quiet && (r = scan_add_output(&a, so.format, false)) != HD_EXIT_OK)
		goto out;
	if (so.quiet && hd_reporter_find(so.format) == NULL) {
		r = cli_usage_error("scan: unknown format '%s'", so.format);
		goto out;
	}
	if ((r = scan_prepare(&a, &profile)) != HD_EXIT_OK)
		goto out;
	a.collect.progress = !so.quiet && isatty(STDERR_FILENO);
	if (a.collect.progress)
		a.scan.progress = progress;
	scan_now(started, sizeof(started));
	if ((r = get_snapshot(&snap, &a, &so, started)) != HD_EXIT_OK)
		goto out;
	if (hd_scan_run(&res, snap, &a.scan) < 0) {
		r = cli_usage_error("scan: %s", hd_error_last());
		goto out;
	}
	scan_now(finished, sizeof(finished));
	memset(&rep, 0, sizeof(rep));
	rep.results = res;
	rep.snapshot = snap;
	rep.started_at = started;
	rep.collected_at = hd_snapshot_meta(snap, HD_META_COLLECTED_AT) ?
	    hd_snapshot_meta(snap, HD_META_COLLECTED_AT) : started;
	rep.finished_at = finished;
	rep.profile = a.scan.profile ? a.scan.profile : "default";
	rep.color = scan_want_color(so.color);
	rep.verbose = so.verbose;
	if ((r = scan_write_outputs(&a, &rep, false)) != HD_EXIT_OK)
		goto out;
	r = a.fail_on >= 0 && hd_results_failed_at(res, (enum hd_severity)a.fail_on) ?
	    HD_EXIT_FAILED : HD_EXIT_OK;
out:
	hd_results_free(res);
	hd_snapshot_free(snap);
	hd_scan_opts_release(&a.scan);
	hd_profile_free(profile);
	return r;
}

const struct cmd_entry cmd_scan_entry = {
	.name = "scan", .args = "[OPTIONS]",
	.summary = "audit this host and its Docker engine",
	.description = "Collect facts about this host and its Docker engine once, "
	    "evaluate every check over them, and report. Host files are read "
	    "read-only; the engine is only sent GET requests.",
	.opts = scan_opts, .exec = scan_exec, .help_extra = scan_help_extra,
};
