/* hardock scan: collect a snapshot (or load one), evaluate, report. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/facts.h>
#include <hardock/sandbox.h>

#include "cli.h"
#include "scanrun.h"

static const struct cli_opt scan_opts[] = {
	SCAN_OPTS_ENGINE,
	SCAN_OPTS_FORMAT,
	SCAN_OPTS_SELECT,
	{ "fail-on", O_FAILON, "SEV", "exit 1 when a check of severity SEV or above "
	  "fails: info (default), low, medium, high, critical, none" },
	SCAN_OPTS_REPORT,
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* Parse argv into a and so; returns HD_EXIT_OK or the exit status to use
 * (-1 after --help). */
static int
parse_args(struct scan_args *a, struct scan_report_args *so, int argc, char **argv)
{
	int ch, r;

	while ((ch = cli_getopt(&cmd_scan_entry, argc, argv)) != -1) {
		if ((r = scan_parse_opt(a, ch, optarg)) != SCAN_OPT_NOT_MINE) {
			if (r != HD_EXIT_OK)
				return r;
			continue;
		}
		if ((r = scan_parse_report_opt(a, so, ch, optarg)) !=
		    SCAN_OPT_NOT_MINE) {
			if (r != HD_EXIT_OK)
				return r;
			continue;
		}
		switch (ch) {
		case 'h':
			cli_usage(stdout, &cmd_scan_entry);
			return -1;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error("scan: unexpected argument '%s'", argv[optind]);
	return scan_report_ready(a, so);
}

/* A remote engine that could not be read leaves nothing to audit: this
 * host's facts are not its. HD_EXIT_NOSCAN with the reason then. */
static int
remote_unreachable(const struct hd_snapshot *s)
{
	struct hd_fact conn, ver;

	if (hd_snapshot_remote(s) == NULL)
		return HD_EXIT_OK;
	hd_snapshot_fact(&conn, s, HD_F_ENGINE_CONN);
	if (conn.state == HD_FACT_VALUE)
		return HD_EXIT_OK;
	hd_snapshot_fact(&ver, s, HD_F_ENGINE_VERSION);
	fprintf(stderr, "hardock: scan: %s\nhardock: scan: nothing to audit: the "
	    "engine is remote (%s)\n", ver.reason ? ver.reason : conn.reason,
	    hd_snapshot_remote(s));
	return HD_EXIT_NOSCAN;
}


/* Collect the snapshot into *out and save it when asked, or read the
 * saved one into *saved (parsed inside the sandbox); the exit status. */
static int
collect_or_read(struct hd_snapshot **out, struct hd_buf **saved,
    struct scan_args *a, struct scan_report_args *so, struct hd_sandbox *sb,
    const char *started)
{
	struct hd_snapshot *s;
	int r;

	*out = NULL;
	*saved = NULL;
	if (so->snapshot_in != NULL) {
		if (hd_snapshot_read(saved, so->snapshot_in) < 0)
			return cli_usage_error("scan: cannot read snapshot %s",
			    hd_error_last());
		return HD_EXIT_OK;
	}
	a->collect.collected = hd_sandbox_collected;
	a->collect.collected_arg = sb;
	if ((r = scan_collect(&s, a, started)) != HD_EXIT_OK)
		return r;
	if ((r = scan_save_snapshot(so, s)) != HD_EXIT_OK) {
		hd_snapshot_free(s);
		return r;
	}
	*out = s;
	return remote_unreachable(s);
}

/* Parse the saved snapshot read before the sandbox; the exit status. */
static int
parse_saved(struct hd_snapshot **out, struct hd_buf *saved, const char *path)
{
	/* Spent as it is read: freed right after. */
	int r = hd_snapshot_parse_spent(out, hd_buf_data(saved), hd_buf_len(saved));

	if (r < 0) {
		hd_error_wrap(r, path);
		return cli_usage_error("scan: cannot read snapshot %s", hd_error_last());
	}
	return remote_unreachable(*out);
}


static int
scan_exec(int argc, char **argv)
{
	struct scan_args a;
	struct scan_report_args so;
	struct hd_snapshot *snap = NULL;
	struct hd_results *res = NULL;
	struct hd_buf *saved = NULL;
	struct hd_profile *profile = NULL;
	struct hd_sandbox sb;
	char started[32];
	int r;

	/* The engine collector resolves the endpoint like the docker CLI. */
	scan_args_init(&a, "scan");
	scan_report_args_init(&so);
	if ((r = parse_args(&a, &so, argc, argv)) != HD_EXIT_OK) {
		r = r < 0 ? HD_EXIT_OK : r;
		goto out;
	}
	if ((r = scan_prepare(&a, &profile)) != HD_EXIT_OK)
		goto out;
	a.collect.progress = !so.quiet && isatty(STDERR_FILENO);
	if (a.collect.progress)
		a.scan.progress = scan_progress;
	/* Outputs are opened with every privilege (a report in a user's
	 * directory), then privileges go: see <hardock/sandbox.h>. */
	hd_sandbox_init(&sb, !so.no_sandbox, so.snapshot_in != NULL);
	if ((r = scan_open_outputs(&a, &so, &sb)) != HD_EXIT_OK)
		goto out;
	if (hd_sandbox_begin(&sb) < 0) {
		r = scan_sandbox_failed(&a, "drop privileges");
		goto out;
	}
	scan_now(started, sizeof(started));
	if ((r = collect_or_read(&snap, &saved, &a, &so, &sb, started)) !=
	    HD_EXIT_OK)
		goto out;
	if (hd_sandbox_enter(&sb) < 0) {
		r = scan_sandbox_failed(&a, "enter the sandbox");
		goto out;
	}
	if (saved != NULL && (r = parse_saved(&snap, saved, so.snapshot_in)) !=
	    HD_EXIT_OK)
		goto out;
	/* The snapshot holds what it needs of the file's text. */
	hd_buf_free(saved);
	saved = NULL;
	/* Saved already (or read from a file): the reports need the facts,
	 * not the objects' documents, so each goes once it is judged. */
	a.scan.consume = snap;
	if (hd_scan_run(&res, snap, &a.scan) < 0) {
		r = cli_usage_error("scan: %s", hd_error_last());
		goto out;
	}
	if ((r = scan_render(&a, &so, res, snap, profile, &sb, started)) !=
	    HD_EXIT_OK)
		goto out;
	r = a.fail_on >= 0 && hd_results_failed_at(res, (enum hd_severity)a.fail_on, false) ?
	    HD_EXIT_FAILED : HD_EXIT_OK;
out:
	scan_abandon_outputs(&a, &so);
	hd_buf_free(saved);
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
	.opts = scan_opts, .exec = scan_exec, .help_extra = scan_help_formats,
};
