/* hardock scan: collect a snapshot (or load one), evaluate, report. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hardock/collect.h>
#include <hardock/facts.h>
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
	int fail_on; /* severity, or -1 for never */
	bool quiet;
	bool verbose;
};

static void
scan_usage(FILE *out)
{
	fprintf(out, "usage: hardock scan [OPTIONS]\n\n"
	    "Collect facts about this host and its Docker engine, evaluate every\n"
	    "check and report.\n\n"
	    "  -H, --host URL          engine to audit (default: --context, then\n"
	    "                          $DOCKER_HOST, $DOCKER_CONTEXT, the current\n"
	    "                          docker context, unix:///var/run/docker.sock)\n"
	    "      --context NAME      engine of docker context NAME\n"
	    "      --root DIR          read host files under DIR instead of /\n"
	    "  -f, --format FMT        report on stdout in FMT (default text)\n"
	    "  -o, --output FMT:FILE   also write FMT to FILE (repeatable)\n"
	    "  -c, --check LIST        only these ids or sections (comma-separated)\n"
	    "  -e, --exclude LIST      skip these ids or sections\n"
	    "      --fail-on SEV       exit 1 when a check of severity SEV or above\n"
	    "                          fails: info (default), low, medium, high,\n"
	    "                          critical, or none\n"
	    "  -q, --quiet             no report on stdout, no progress\n"
	    "  -v, --verbose           also list passing objects in text output\n"
	    "      --color WHEN        auto (default), always, never; NO_COLOR is honoured\n"
	    "      --timeout SECONDS   per engine request (default 10)\n"
	    "      --tlsverify         verify the engine's TLS certificate\n"
	    "      --tlscacert FILE    CA certificate for tcp:// engines\n"
	    "      --tlscert FILE      client certificate\n"
	    "      --tlskey FILE       client key\n"
	    "      --param NAME=VALUE  set a check parameter (repeatable)\n"
	    "      --save-snapshot F   write the collected facts to F\n"
	    "      --snapshot F        evaluate a saved snapshot, touching nothing\n"
	    "  -h, --help              this help\n\nFormats:\n");
	for (size_t i = 0; i < hd_reporter_count(); i++)
		fprintf(out, "  %-8s %s\n", hd_reporter_get(i)->name,
		    hd_reporter_get(i)->description);
	fprintf(out, "\nExit status: 0 nothing at or above --fail-on failed, 1 something "
	    "did,\n2 usage error, 3 the scan could not run.\n");
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
	enum { O_ROOT = 256, O_FAILON, O_COLOR, O_TIMEOUT, O_PARAM, O_SAVE,
	    O_SNAP, O_TLSV, O_TLSCA, O_TLSCERT, O_TLSKEY, O_CONTEXT };
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "root", required_argument, NULL, O_ROOT },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "check", required_argument, NULL, 'c' },
		{ "exclude", required_argument, NULL, 'e' },
		{ "fail-on", required_argument, NULL, O_FAILON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "color", required_argument, NULL, O_COLOR },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "param", required_argument, NULL, O_PARAM },
		{ "save-snapshot", required_argument, NULL, O_SAVE },
		{ "snapshot", required_argument, NULL, O_SNAP },
		{ "tlsverify", no_argument, NULL, O_TLSV },
		{ "tlscacert", required_argument, NULL, O_TLSCA },
		{ "tlscert", required_argument, NULL, O_TLSCERT },
		{ "tlskey", required_argument, NULL, O_TLSKEY },
		{ "context", required_argument, NULL, O_CONTEXT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int ch, r;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":H:f:o:c:e:qvh", longopts, NULL)) != -1) {
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
			scan_usage(stdout);
			return -1;
		case ':':
			return cli_usage_error("scan: option '%s' needs a value",
			    argv[optind - 1]);
		default:
			return cli_usage_error("scan: unknown option '%s'", argv[optind - 1]);
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
	rep.started_at = a.snapshot_in && hd_snapshot_meta(snap, HD_META_COLLECTED_AT) ?
	    hd_snapshot_meta(snap, HD_META_COLLECTED_AT) : started;
	rep.finished_at = finished;
	rep.profile = a.scan.profile ? a.scan.profile : "default";
	rep.color = want_color(a.color);
	rep.verbose = a.verbose;
	if ((r = write_outputs(&a, &rep)) != HD_EXIT_OK)
		goto out;
	r = a.fail_on >= 0 && hd_results_failed_at(res, (enum hd_severity)a.fail_on) ?
	    HD_EXIT_FAILED : HD_EXIT_OK;
out:
	hd_results_free(res);
	hd_snapshot_free(snap);
	for (size_t i = 0; i < a.scan.nparams; i++) {
		free(a.scan.params[i].name);
		free(a.scan.params[i].value);
	}
	free(a.scan.params);
	free(a.scan.select);
	free(a.scan.exclude);
	return r;
}

const struct cmd_entry cmd_scan_entry = {
	.name = "scan", .args = "[OPTIONS]",
	.summary = "audit this host and its Docker engine",
	.exec = scan_exec, .usage = scan_usage,
};
