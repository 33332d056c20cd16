/* hardock scan: collect a snapshot (or load one), evaluate, report. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/facts.h>
#include <hardock/sandbox.h>

#include "cli.h"
#include "scanrun.h"

/* What only scan reads besides the shared options. */
struct scan_only {
	const char *format;
	const char *snapshot_in;
	const char *snapshot_out;
	struct scan_output save; /* --save-snapshot, opened before the sandbox */
	const char *color;
	bool quiet;
	bool verbose;
	bool format_given; /* -f on the command line */
	long max_objects;  /* -1 until --max-objects */
	int width;         /* of the terminal on stdout, 0 when none */
	bool no_sandbox;
};

enum { O_COLOR = O_OWN, O_SAVE, O_SNAP, O_NOSANDBOX, O_MAXOBJ, O_WARNEXP,
	O_ASOF };

#define DEFAULT_MAX_OBJECTS 5

static const struct cli_opt scan_opts[] = {
	SCAN_OPTS_ENGINE,
	{ "format", 'f', "FMT", "report format on stdout (default text)" },
	{ "output", 'o', "FMT:FILE", "also write format FMT to FILE (repeatable)" },
	SCAN_OPTS_SELECT,
	{ "fail-on", O_FAILON, "SEV", "exit 1 when a check of severity SEV or above "
	  "fails: info (default), low, medium, high, critical, none" },
	{ "quiet", 'q', NULL, "no progress line; the text report lists only "
	  "failures and the summary; with -o and no -f nothing on stdout at all "
	  "(for cron)" },
	{ "verbose", 'v', NULL, "text report: every object (passing ones too) "
	  "and the evidence of every result" },
	{ "max-objects", O_MAXOBJ, "N", "text report: name at most N objects per "
	  "group of failures (default 5, 0 for all; -v: all)" },
	{ "warn-expiry", O_WARNEXP, "DAYS", "warn about waivers expiring within "
	  "DAYS days (default 14)" },
	{ "as-of", O_ASOF, "DATE", "judge waiver expiry as of DATE (YYYY-MM-DD) "
	  "instead of today, e.g. to re-check a saved snapshot" },
	{ "color", O_COLOR, "WHEN", "auto (default), always or never; NO_COLOR is "
	  "honoured" },
	{ "save-snapshot", O_SAVE, "FILE", "write the collected facts to FILE" },
	{ "snapshot", O_SNAP, "FILE", "evaluate a saved snapshot, touching nothing "
	  "on this host" },
	{ "no-sandbox", O_NOSANDBOX, NULL, "keep every privilege and skip the "
	  "seccomp filter (debugging; said in the report; see 'hardock version "
	  "--verbose')" },
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
			so->format_given = true;
			break;
		case 'q':
			so->quiet = true;
			break;
		case 'v':
			so->verbose = true;
			break;
		case O_MAXOBJ:
		case O_WARNEXP: {
			char *end;
			long v = strtol(optarg, &end, 10);

			if (end == optarg || *end || v < 0 || v > 1000000)
				return cli_usage_error("scan: --%s wants a number from 0, "
				    "not '%s'", ch == O_MAXOBJ ? "max-objects" :
				    "warn-expiry", optarg);
			if (ch == O_MAXOBJ)
				so->max_objects = v;
			else
				a->scan.warn_expiry_days = (int)v;
			break;
		}
		case O_ASOF:
			a->scan.today = optarg;
			break;
		case O_COLOR:
			if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
			    strcmp(optarg, "never") != 0)
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
		case O_NOSANDBOX:
			so->no_sandbox = true;
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


/* Open o->path for writing before the sandbox, keeping what it holds
 * until the report replaces it (truncated then, see finish_output()), so
 * that a scan failing early leaves last night's report. */
static int
open_output(struct scan_output *o)
{
	int fd;

	o->created = false;
	if (o->path == NULL) {
		o->fp = stdout;
		return HD_EXIT_OK;
	}
	if ((fd = open(o->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) >= 0)
		o->created = true;
	else if (errno == EEXIST)
		fd = open(o->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "hardock: scan: cannot write %s: %s\n", o->path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return HD_EXIT_NOSCAN;
	}
	return HD_EXIT_OK;
}

/* Flush o and cut a regular file to what was written; -1 on failure. */
static int
finish_output(struct scan_output *o)
{
	struct stat st;
	off_t len;
	int r = 0;

	if (fflush(o->fp) != 0)
		r = -1;
	if (o->path != NULL && r == 0 && fstat(fileno(o->fp), &st) == 0 &&
	    S_ISREG(st.st_mode) && ((len = ftello(o->fp)) < 0 ||
	    ftruncate(fileno(o->fp), len) < 0))
		r = -1;
	if (o->path != NULL && fclose(o->fp) != 0)
		r = -1;
	o->fp = NULL;
	o->created = false;
	return r;
}

/* Close o unwritten: a file this run created goes away (before the
 * sandbox; inside it, the empty file stays). */
static void
abandon_output(struct scan_output *o)
{
	if (o->fp == NULL || o->path == NULL)
		return;
	fclose(o->fp);
	o->fp = NULL;
	if (o->created)
		(void)unlink(o->path);
}

/* Open every output and the --save-snapshot file; the exit status. */
static int
open_outputs(struct scan_args *a, struct scan_only *so, struct hd_sandbox *sb)
{
	int r;

	for (size_t i = 0; i < a->noutputs; i++) {
		if ((r = open_output(&a->outputs[i])) != HD_EXIT_OK)
			return r;
		if (a->outputs[i].path != NULL &&
		    hd_sandbox_allow_write(sb, fileno(a->outputs[i].fp)) < 0)
			return cli_usage_error("scan: %s", hd_error_last());
	}
	so->save.path = so->snapshot_out;
	return so->snapshot_out ? open_output(&so->save) : HD_EXIT_OK;
}

/* Collect the snapshot into *out and save it when asked, or read the
 * saved one into *saved (parsed inside the sandbox); the exit status. */
static int
collect_or_read(struct hd_snapshot **out, struct hd_buf **saved,
    struct scan_args *a, struct scan_only *so, struct hd_sandbox *sb,
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
	if (so->snapshot_out && (hd_snapshot_write(s, so->save.fp) < 0 ||
	    finish_output(&so->save) < 0)) {
		fprintf(stderr, "hardock: scan: cannot save snapshot to %s: %s\n",
		    so->snapshot_out, hd_error_last());
		hd_snapshot_free(s);
		return HD_EXIT_NOSCAN;
	}
	*out = s;
	return remote_unreachable(s);
}

/* Parse the saved snapshot read before the sandbox; the exit status. */
static int
parse_saved(struct hd_snapshot **out, struct hd_buf *saved, const char *path)
{
	int r = hd_snapshot_parse(out, hd_buf_ptr(saved), hd_buf_len(saved));

	if (r < 0) {
		hd_error_wrap(r, path);
		return cli_usage_error("scan: cannot read snapshot %s", hd_error_last());
	}
	return remote_unreachable(*out);
}


/* The width of the terminal on stdout, 0 (80 columns) when it is none. */
static int
terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 40)
		return ws.ws_col;
	return 0;
}

/* Render every output into its open file; the exit status. */
static int
write_outputs(struct scan_args *a, const struct scan_only *so,
    struct hd_report *rep)
{
	bool color = rep->color;

	for (size_t i = 0; i < a->noutputs; i++) {
		struct scan_output *o = &a->outputs[i];
		int r;

		rep->color = o->path == NULL && color;
		rep->width = o->path == NULL ? so->width : 0;
		r = o->reporter->render(o->fp, rep);
		if (finish_output(o) < 0)
			r = -1;
		if (r < 0) {
			fprintf(stderr, "hardock: scan: cannot write %s report to %s\n",
			    o->reporter->name, o->path ? o->path : "stdout");
			return HD_EXIT_NOSCAN;
		}
	}
	return HD_EXIT_OK;
}


/* Say why a step of the sandbox failed; the exit status. */
static int
sandbox_failed(const char *step)
{
	fprintf(stderr, "hardock: scan: cannot %s: %s (--no-sandbox runs without "
	    "the sandbox)\n", step, hd_error_last());
	return HD_EXIT_NOSCAN;
}

static int
scan_exec(int argc, char **argv)
{
	struct scan_args a;
	struct scan_only so = { .format = "text", .color = "auto",
	    .max_objects = -1 };
	struct hd_snapshot *snap = NULL;
	struct hd_results *res = NULL;
	struct hd_buf *saved = NULL;
	struct hd_report rep;
	struct hd_profile *profile = NULL;
	struct hd_sandbox sb;
	char started[32], finished[32];
	int r;

	/* The engine collector resolves the endpoint like the docker CLI. */
	scan_args_init(&a, "scan");
	if ((r = parse_args(&a, &so, argc, argv)) != HD_EXIT_OK) {
		r = r < 0 ? HD_EXIT_OK : r;
		goto out;
	}
	/* -q with -o writes files only: nothing on stdout, for cron. */
	if ((!so.quiet || so.format_given || a.noutputs == 0) &&
	    (r = scan_add_output(&a, so.format, false)) != HD_EXIT_OK)
		goto out;
	if ((r = scan_prepare(&a, &profile)) != HD_EXIT_OK)
		goto out;
	a.collect.progress = !so.quiet && isatty(STDERR_FILENO);
	if (a.collect.progress)
		a.scan.progress = progress;
	/* Asked now: the sandbox allows no ioctl but isatty(3)'s. */
	so.width = terminal_width();
	/* Outputs are opened with every privilege (a report in a user's
	 * directory), then privileges go: see <hardock/sandbox.h>. */
	hd_sandbox_init(&sb, !so.no_sandbox, so.snapshot_in != NULL);
	if ((r = open_outputs(&a, &so, &sb)) != HD_EXIT_OK)
		goto out;
	if (hd_sandbox_begin(&sb) < 0) {
		r = sandbox_failed("drop privileges");
		goto out;
	}
	scan_now(started, sizeof(started));
	if ((r = collect_or_read(&snap, &saved, &a, &so, &sb, started)) !=
	    HD_EXIT_OK)
		goto out;
	if (hd_sandbox_enter(&sb) < 0) {
		r = sandbox_failed("enter the sandbox");
		goto out;
	}
	if (saved != NULL && (r = parse_saved(&snap, saved, so.snapshot_in)) !=
	    HD_EXIT_OK)
		goto out;
	/* The snapshot holds what it needs of the file's text. */
	hd_buf_free(saved);
	saved = NULL;
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
	rep.profile_file = profile;
	rep.sandbox = &sb;
	rep.color = scan_want_color(so.color);
	rep.verbose = so.verbose;
	rep.quiet = so.quiet;
	rep.max_objects = so.max_objects >= 0 ? (size_t)so.max_objects :
	    so.verbose ? 0 : DEFAULT_MAX_OBJECTS;
	if ((r = write_outputs(&a, &so, &rep)) != HD_EXIT_OK)
		goto out;
	r = a.fail_on >= 0 && hd_results_failed_at(res, (enum hd_severity)a.fail_on, false) ?
	    HD_EXIT_FAILED : HD_EXIT_OK;
out:
	for (size_t i = 0; i < a.noutputs; i++)
		abandon_output(&a.outputs[i]);
	abandon_output(&so.save);
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
	.opts = scan_opts, .exec = scan_exec, .help_extra = scan_help_extra,
};
