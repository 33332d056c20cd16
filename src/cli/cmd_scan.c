/* hardock scan: collect a snapshot (or load one), evaluate, report. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hardock/collect.h>
#include <hardock/facts.h>
#include <hardock/profile.h>
#include <hardock/report.h>
#include <hardock/sandbox.h>
#include <hardock/scan.h>

#include "cli.h"

#define MAX_OUTPUTS 16

struct output {
	const struct hd_reporter *reporter;
	const char *path; /* NULL for stdout */
	FILE *fp;         /* opened before the sandbox */
	bool created;     /* by this run: removed when the scan cannot run */
};

struct scan_args {
	struct hd_collect_opts collect;
	struct hd_scan_opts scan;
	struct output outputs[MAX_OUTPUTS];
	size_t noutputs;
	const char *format;
	const char *snapshot_in;
	const char *snapshot_out;
	struct output save;  /* --save-snapshot, opened before the sandbox */
	const char *color;
	const char *profile;
	const char *benchmark;
	int fail_on; /* severity, or -1 for never */
	bool quiet;
	bool verbose;
	bool no_sandbox;
};

enum {
	O_ROOT = 256, O_FAILON, O_COLOR, O_TIMEOUT, O_PARAM, O_SAVE, O_SNAP,
	O_TLSV, O_TLSCA, O_TLSCERT, O_TLSKEY, O_PROFILE, O_CONTEXT, O_NOSANDBOX,
};

static const struct cli_opt scan_opts[] = {
	{ "host", 'H', "URL", "engine to audit: unix://PATH, tcp://HOST:PORT or "
	  "ssh://[USER@]HOST[:PORT] (default: --context, then "
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
	{ "quiet", 'q', NULL, "no report on stdout and no progress line" },
	{ "verbose", 'v', NULL, "text output also lists passing objects" },
	{ "color", O_COLOR, "WHEN", "auto (default), always or never; NO_COLOR is "
	  "honoured" },
	{ "timeout", O_TIMEOUT, "SECONDS", "per engine request (default 10)" },
	{ "tlsverify", O_TLSV, NULL, "verify the engine's TLS certificate" },
	{ "tlscacert", O_TLSCA, "FILE", "CA certificate for a tcp:// engine" },
	{ "tlscert", O_TLSCERT, "FILE", "client certificate for a tcp:// engine" },
	{ "tlskey", O_TLSKEY, "FILE", "client key for a tcp:// engine" },
	{ "profile", O_PROFILE, "NAME|FILE", "checks, parameters, object scope and "
	  "waivers from a profile (shipped: cis-level1, cis-level2)" },
	{ "param", O_PARAM, "NAME=VALUE", "set a parameter a check declares "
	  "(repeatable; see hardock explain ID)" },
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
		case O_COLOR:
			if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
			    strcmp(optarg, "never") != 0)
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
		case O_NOSANDBOX:
			a->no_sandbox = true;
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
open_output(struct output *o)
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
finish_output(struct output *o)
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
abandon_output(struct output *o)
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
open_outputs(struct scan_args *a, struct hd_sandbox *sb)
{
	int r;

	for (size_t i = 0; i < a->noutputs; i++) {
		if ((r = open_output(&a->outputs[i])) != HD_EXIT_OK)
			return r;
		if (a->outputs[i].path != NULL &&
		    hd_sandbox_allow_write(sb, fileno(a->outputs[i].fp)) < 0)
			return cli_usage_error("scan: %s", hd_error_last());
	}
	a->save.path = a->snapshot_out;
	return a->snapshot_out ? open_output(&a->save) : HD_EXIT_OK;
}

/* Collect the snapshot into *out and save it when asked, or read the
 * saved one into *saved (parsed inside the sandbox); the exit status. */
static int
collect_or_read(struct hd_snapshot **out, struct hd_buf **saved,
    struct scan_args *a, struct hd_sandbox *sb, const char *started)
{
	struct hd_snapshot *s;
	struct stat st;

	*out = NULL;
	*saved = NULL;
	if (a->snapshot_in != NULL) {
		if (hd_snapshot_read(saved, a->snapshot_in) < 0)
			return cli_usage_error("scan: cannot read snapshot %s",
			    hd_error_last());
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
	a->collect.collected = hd_sandbox_collected;
	a->collect.collected_arg = sb;
	hd_collect_all(s, &a->collect);
	if (a->snapshot_out && (hd_snapshot_write(s, a->save.fp) < 0 ||
	    finish_output(&a->save) < 0)) {
		fprintf(stderr, "hardock: scan: cannot save snapshot to %s: %s\n",
		    a->snapshot_out, hd_error_last());
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

/* Render every output into its open file; the exit status. */
static int
write_outputs(struct scan_args *a, struct hd_report *rep)
{
	bool color = rep->color;

	for (size_t i = 0; i < a->noutputs; i++) {
		struct output *o = &a->outputs[i];
		int r;

		rep->color = o->path == NULL && color;
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
	const char *term = getenv("TERM"), *no_color = getenv("NO_COLOR");

	if (strcmp(when, "always") == 0)
		return true;
	if (strcmp(when, "never") == 0)
		return false;
	if (no_color && no_color[0])
		return false;
	return isatty(STDOUT_FILENO) && !(term && strcmp(term, "dumb") == 0);
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
	struct hd_snapshot *snap = NULL;
	struct hd_results *res = NULL;
	struct hd_buf *saved = NULL;
	struct hd_report rep;
	struct hd_profile *profile = NULL;
	struct hd_sandbox sb;
	char started[32], finished[32];
	int r;

	memset(&a, 0, sizeof(a));
	hd_scan_opts_init(&a.scan);
	a.collect.root = "/";
	/* The engine collector resolves the endpoint like the docker CLI. */
	a.format = "text";
	a.color = "auto";
	if ((r = parse_args(&a, argc, argv)) != HD_EXIT_OK) {
		r = r < 0 ? HD_EXIT_OK : r;
		goto out;
	}
	if (!a.quiet && (r = add_output(&a, a.format, false)) != HD_EXIT_OK)
		goto out;
	if (a.quiet && hd_reporter_find(a.format) == NULL) {
		r = cli_usage_error("scan: unknown format '%s'", a.format);
		goto out;
	}
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
	/* Outputs are opened with every privilege (a report in a user's
	 * directory), then privileges go: see <hardock/sandbox.h>. */
	hd_sandbox_init(&sb, !a.no_sandbox, a.snapshot_in != NULL);
	if ((r = open_outputs(&a, &sb)) != HD_EXIT_OK)
		goto out;
	if (hd_sandbox_begin(&sb) < 0) {
		r = sandbox_failed("drop privileges");
		goto out;
	}
	now_rfc3339(started, sizeof(started));
	if ((r = collect_or_read(&snap, &saved, &a, &sb, started)) != HD_EXIT_OK)
		goto out;
	if (hd_sandbox_enter(&sb) < 0) {
		r = sandbox_failed("enter the sandbox");
		goto out;
	}
	if (saved != NULL && (r = parse_saved(&snap, saved, a.snapshot_in)) !=
	    HD_EXIT_OK)
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
	rep.sandbox = &sb;
	rep.color = want_color(a.color);
	rep.verbose = a.verbose;
	if ((r = write_outputs(&a, &rep)) != HD_EXIT_OK)
		goto out;
	r = a.fail_on >= 0 && hd_results_failed_at(res, (enum hd_severity)a.fail_on) ?
	    HD_EXIT_FAILED : HD_EXIT_OK;
out:
	for (size_t i = 0; i < a.noutputs; i++)
		abandon_output(&a.outputs[i]);
	abandon_output(&a.save);
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
