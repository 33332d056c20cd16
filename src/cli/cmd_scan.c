/* hardock scan: collect a snapshot (or load one), evaluate, report. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hardock/collect.h>
#include <hardock/facts.h>
#include <hardock/profile.h>
#include <hardock/report.h>
#include <hardock/scan.h>

#include "cli.h"

#define MAX_OUTPUTS 16

struct output {
	const struct hd_reporter *reporter;
	const char *path; /* NULL for stdout */
};

struct scan_args {
	struct hd_collect_opts collect;
	struct hd_scan_opts scan;
	struct output outputs[MAX_OUTPUTS];
	size_t noutputs;
	const char *format;
	const char *snapshot_in;
	const char *snapshot_out;
	const char *color;
	const char *profile;
	const char *benchmark;
	int fail_on; /* severity, or -1 for never */
	bool quiet;
	bool verbose;
	bool format_given; /* -f on the command line */
	long max_objects;  /* -1 until --max-objects */
};

enum {
	O_ROOT = 256, O_FAILON, O_COLOR, O_TIMEOUT, O_PARAM, O_SAVE, O_SNAP,
	O_TLSV, O_TLSCA, O_TLSCERT, O_TLSKEY, O_PROFILE, O_CONTEXT, O_MAXOBJ,
	O_WARNEXP, O_ASOF,
};

#define DEFAULT_MAX_OBJECTS 5

static const struct cli_opt scan_opts[] = {
	{ "host", 'H', "URL", "engine to audit (default: --context, then "
	  "$DOCKER_HOST, $DOCKER_CONTEXT, the current docker context, "
	  "unix:///var/run/docker.sock)" },
	{ "context", O_CONTEXT, "NAME", "the engine of docker context NAME" },
	{ "root", O_ROOT, "DIR", "read host files, /proc and /sys under DIR instead of /" },
	{ "format", 'f', "FMT", "report format on stdout (default text)" },
	{ "output", 'o', "FMT:FILE", "also write format FMT to FILE (repeatable)" },
	CLI_OPT_BENCHMARK,
	{ "check", 'c', "LIST", "only these check ids, sections or control keys "
	  "(comma-separated)" },
	{ "exclude", 'e', "LIST", "skip these check ids, sections or control keys" },
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
	{ "timeout", O_TIMEOUT, "SECONDS", "per engine request (default 10)" },
	{ "tlsverify", O_TLSV, NULL, "verify the engine's TLS certificate" },
	{ "tlscacert", O_TLSCA, "FILE", "CA certificate for a tcp:// engine" },
	{ "tlscert", O_TLSCERT, "FILE", "client certificate for a tcp:// engine" },
	{ "tlskey", O_TLSKEY, "FILE", "client key for a tcp:// engine" },
	{ "profile", O_PROFILE, "NAME|FILE", "checks, severities, parameters, "
	  "object scope and waivers from a YAML or JSON profile (shipped: "
	  "cis-level1, cis-level2, hardock-recommended; see hardock profile)" },
	{ "param", O_PARAM, "NAME=VALUE", "set a parameter a check declares "
	  "(repeatable; see hardock explain ID)" },
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

/* Split a comma-separated list into the growing array *v of *n items. The
 * strings point into s, which must outlive the array. */
static void
split_list(const char ***v, size_t *n, char *s)
{
	for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
		*v = hd_xrealloc(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = tok;
	}
}

/* The current time as RFC 3339 UTC into buf. */
static void
now_rfc3339(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
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

/* Add FMT or FMT:FILE to the outputs; usage error on unknown format. */
static int
add_output(struct scan_args *a, const char *spec, bool with_file)
{
	const char *colon = with_file ? strchr(spec, ':') : NULL;
	char name[64];
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);

	if (with_file && (colon == NULL || colon[1] == '\0'))
		return cli_usage_error("scan: --output wants FMT:FILE, got '%s'", spec);
	if (n >= sizeof(name))
		return cli_usage_error("scan: unknown format '%s'", spec);
	memcpy(name, spec, n);
	name[n] = '\0';
	if (a->noutputs == MAX_OUTPUTS)
		return cli_usage_error("scan: at most %d outputs", MAX_OUTPUTS);
	if ((a->outputs[a->noutputs].reporter = hd_reporter_find(name)) == NULL)
		return cli_usage_error("scan: unknown format '%s' (see 'hardock scan --help')",
		    name);
	a->outputs[a->noutputs++].path = colon ? colon + 1 : NULL;
	return HD_EXIT_OK;
}

/* Parse argv into a; returns HD_EXIT_OK or the exit status to use. */
static int
parse_args(struct scan_args *a, int argc, char **argv)
{
	char *end;
	int ch, r;

	while ((ch = cli_getopt(&cmd_scan_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'H':
			a->collect.host = optarg;
			break;
		case O_ROOT:
			a->collect.root = optarg;
			break;
		case 'f':
			a->format = optarg;
			a->format_given = true;
			break;
		case 'o':
			if ((r = add_output(a, optarg, true)) != HD_EXIT_OK)
				return r;
			break;
		case 'c':
			split_list(&a->scan.select, &a->scan.nselect, optarg);
			break;
		case 'e':
			split_list(&a->scan.exclude, &a->scan.nexclude, optarg);
			break;
		case O_FAILON:
			if (strcmp(optarg, "none") == 0)
				a->fail_on = -1;
			else if ((a->fail_on = hd_severity_from_name(optarg)) < 0)
				return cli_usage_error("scan: unknown severity '%s' (info, "
				    "low, medium, high, critical, none)", optarg);
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'v':
			a->verbose = true;
			break;
		case O_MAXOBJ:
		case O_WARNEXP: {
			long v = strtol(optarg, &end, 10);

			if (end == optarg || *end || v < 0 || v > 1000000)
				return cli_usage_error("scan: --%s wants a number from 0, "
				    "not '%s'", ch == O_MAXOBJ ? "max-objects" :
				    "warn-expiry", optarg);
			if (ch == O_MAXOBJ)
				a->max_objects = v;
			else
				a->scan.warn_expiry_days = (int)v;
			break;
		}
		case O_ASOF:
			a->scan.today = optarg;
			break;
		case O_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") &&
			    strcmp(optarg, "never"))
				return cli_usage_error("scan: --color takes auto, always or "
				    "never, not '%s'", optarg);
			a->color = optarg;
			break;
		case O_TIMEOUT: {
			double secs = strtod(optarg, &end);

			if (end == optarg || *end || !(secs > 0 && secs <= 3600))
				return cli_usage_error("scan: --timeout wants seconds "
				    "between 0 and 3600, not '%s'", optarg);
			a->collect.timeout_ms = (long)(secs * 1000);
			break;
		}
		case O_PARAM: {
			char *eq = strchr(optarg, '=');

			if (eq == NULL || eq == optarg)
				return cli_usage_error("scan: --param wants NAME=VALUE, "
				    "not '%s'", optarg);
			a->scan.params = hd_xrealloc(a->scan.params,
			    a->scan.nparams + 1, sizeof(*a->scan.params));
			a->scan.params[a->scan.nparams].name =
			    hd_xstrndup(optarg, (size_t)(eq - optarg));
			a->scan.params[a->scan.nparams++].value = hd_xstrdup(eq + 1);
			break;
		}
		case 'b':
			a->benchmark = optarg;
			break;
		case O_PROFILE:
			a->profile = optarg;
			break;
		case O_SAVE:
			a->snapshot_out = optarg;
			break;
		case O_SNAP:
			a->snapshot_in = optarg;
			break;
		case O_TLSV:
			a->collect.tls_verify = true;
			break;
		case O_TLSCA:
			a->collect.tls_ca = optarg;
			break;
		case O_TLSCERT:
			a->collect.tls_cert = optarg;
			break;
		case O_TLSKEY:
			a->collect.tls_key = optarg;
			break;
		case O_CONTEXT:
			a->collect.context = optarg;
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
	if (a->snapshot_in && a->snapshot_out)
		return cli_usage_error("scan: --snapshot and --save-snapshot exclude "
		    "each other");
	return HD_EXIT_OK;
}

/* Load or collect the snapshot; the exit status on failure. */
static int
get_snapshot(struct hd_snapshot **out, struct scan_args *a, const char *started)
{
	struct hd_snapshot *s;
	struct stat st;

	*out = NULL;
	if (a->snapshot_in != NULL) {
		if (hd_snapshot_load(&s, a->snapshot_in) < 0)
			return cli_usage_error("scan: cannot read snapshot %s",
			    hd_error_last());
		*out = s;
		return HD_EXIT_OK;
	}
	if (stat(a->collect.root, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "hardock: scan: no host to audit at --root %s: %s\n",
		    a->collect.root, errno ? strerror(errno) : "not a directory");
		return HD_EXIT_NOSCAN;
	}
	s = hd_snapshot_new();
	hd_snapshot_set_meta(s, HD_META_COLLECTED_AT, started);
	hd_snapshot_set_meta(s, HD_META_ROOT, a->collect.root);
	hd_collect_all(s, &a->collect);
	if (a->snapshot_out && hd_snapshot_save(s, a->snapshot_out) < 0) {
		fprintf(stderr, "hardock: scan: cannot save snapshot: %s\n",
		    hd_error_last());
		hd_snapshot_free(s);
		return HD_EXIT_NOSCAN;
	}
	*out = s;
	return HD_EXIT_OK;
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

/* Render every output; the exit status on a write failure. */
static int
write_outputs(struct scan_args *a, struct hd_report *rep)
{
	for (size_t i = 0; i < a->noutputs; i++) {
		const struct output *o = &a->outputs[i];
		FILE *fp = o->path ? fopen(o->path, "we") : stdout;
		int r;

		if (fp == NULL) {
			fprintf(stderr, "hardock: scan: cannot write %s: %s\n", o->path,
			    strerror(errno));
			return HD_EXIT_NOSCAN;
		}
		rep->color = o->path == NULL && rep->color;
		rep->width = o->path == NULL ? terminal_width() : 0;
		r = o->reporter->render(fp, rep);
		if (o->path ? fclose(fp) != 0 : fflush(fp) != 0)
			r = -1;
		if (r < 0) {
			fprintf(stderr, "hardock: scan: cannot write %s report to %s\n",
			    o->reporter->name, o->path ? o->path : "stdout");
			return HD_EXIT_NOSCAN;
		}
	}
	return HD_EXIT_OK;
}

/* Put the profile under what the command line said: the profile's
 * parameters first (the last one given wins), its checks only when no -c
 * was given, its excludes added to -e. */
static void
apply_profile(struct hd_scan_opts *o, const struct hd_profile *p)
{
	struct hd_scan_opts cli = *o;

	o->select = NULL;
	o->nselect = 0;
	o->exclude = NULL;
	o->nexclude = 0;
	o->params = NULL;
	o->nparams = 0;
	hd_profile_apply(p, o);
	if (cli.nselect) {
		free(o->select);
		o->select = cli.select;
		o->nselect = cli.nselect;
	}
	if (cli.nexclude) {
		o->exclude = hd_xrealloc(o->exclude, o->nexclude + cli.nexclude,
		    sizeof(*o->exclude));
		memcpy(o->exclude + o->nexclude, cli.exclude,
		    cli.nexclude * sizeof(*o->exclude));
		o->nexclude += cli.nexclude;
		free(cli.exclude);
	}
	o->params = hd_xrealloc(o->params, o->nparams + cli.nparams,
	    sizeof(*o->params));
	if (cli.nparams)
		memcpy(o->params + o->nparams, cli.params,
		    cli.nparams * sizeof(*o->params));
	o->nparams += cli.nparams;
	free(cli.params);
}

/* Whether to colour stdout: --color, NO_COLOR, and whether it is a tty. */
static bool
want_color(const char *when)
{
	const char *term = getenv("TERM");

	if (strcmp(when, "always") == 0)
		return true;
	if (strcmp(when, "never") == 0)
		return false;
	if (getenv("NO_COLOR") && getenv("NO_COLOR")[0])
		return false;
	return isatty(STDOUT_FILENO) && !(term && strcmp(term, "dumb") == 0);
}

static int
scan_exec(int argc, char **argv)
{
	struct scan_args a;
	struct hd_snapshot *snap = NULL;
	struct hd_results *res = NULL;
	struct hd_report rep;
	struct hd_profile *profile = NULL;
	char started[32], finished[32];
	int r;

	memset(&a, 0, sizeof(a));
	hd_scan_opts_init(&a.scan);
	a.max_objects = -1;
	a.collect.root = "/";
	/* The engine collector resolves the endpoint like the docker CLI. */
	a.format = "text";
	a.color = "auto";
	if ((r = parse_args(&a, argc, argv)) != HD_EXIT_OK) {
		r = r < 0 ? HD_EXIT_OK : r;
		goto out;
	}
	/* -q with -o writes files only: nothing on stdout, for cron. */
	if ((!a.quiet || a.format_given || a.noutputs == 0) &&
	    (r = add_output(&a, a.format, false)) != HD_EXIT_OK)
		goto out;
	if ((a.scan.pack = cli_pack("scan", a.benchmark)) == NULL) {
		r = HD_EXIT_USAGE;
		goto out;
	}
	if (a.profile && hd_profile_load(&profile, a.profile) < 0) {
		r = cli_usage_error("scan: %s", hd_error_last());
		goto out;
	}
	if (profile)
		apply_profile(&a.scan, profile);
	if (hd_scan_opts_validate(&a.scan) < 0) {
		r = cli_usage_error("scan: %s", hd_error_last());
		goto out;
	}
	a.collect.progress = !a.quiet && isatty(STDERR_FILENO);
	if (a.collect.progress) {
		a.scan.progress = progress;
	}
	now_rfc3339(started, sizeof(started));
	if ((r = get_snapshot(&snap, &a, started)) != HD_EXIT_OK)
		goto out;
	if (hd_scan_run(&res, snap, &a.scan) < 0) {
		r = cli_usage_error("scan: %s", hd_error_last());
		goto out;
	}
	now_rfc3339(finished, sizeof(finished));
	memset(&rep, 0, sizeof(rep));
	rep.results = res;
	rep.snapshot = snap;
	rep.started_at = started;
	rep.collected_at = hd_snapshot_meta(snap, HD_META_COLLECTED_AT) ?
	    hd_snapshot_meta(snap, HD_META_COLLECTED_AT) : started;
	rep.finished_at = finished;
	rep.profile = a.scan.profile ? a.scan.profile : "default";
	rep.profile_file = profile;
	rep.color = want_color(a.color);
	rep.verbose = a.verbose;
	rep.quiet = a.quiet;
	rep.max_objects = a.max_objects >= 0 ? (size_t)a.max_objects :
	    a.verbose ? 0 : DEFAULT_MAX_OBJECTS;
	if ((r = write_outputs(&a, &rep)) != HD_EXIT_OK)
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
