/* hardock merge REPORT|DIR...: one fleet report from many hosts' reports. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hardock/buf.h>
#include <hardock/fleet.h>
#include <hardock/jsonparse.h>
#include <hardock/report.h>

#include "cli.h"

#define REPORT_CAP (512u << 20)
#define HOSTS_CAP (16u << 20)
#define MAX_OUTPUTS 8

enum { O_MAXAGE = 256, O_HOSTS, O_FAILON, O_NOW, O_NOSANDBOX };

static const struct cli_opt merge_opts[] = {
	{ "format", 'f', "FMT", "text (default), json or html on stdout" },
	{ "output", 'o', "FMT:FILE", "also write format FMT to FILE (repeatable)" },
	{ "max-age", O_MAXAGE, "HOURS", "a report collected longer ago is stale "
	  "(default 48)" },
	{ "hosts", O_HOSTS, "FILE", "hosts that must report, one per line: those "
	  "without a report are listed as missing" },
	{ "fail-on", O_FAILON, "SEV", "exit 1 when a host fails a check of "
	  "severity SEV or above: info (default), low, medium, high, critical" },
	{ "now", O_NOW, "TIME", "judge staleness as of this RFC 3339 time "
	  "instead of now (reproducible reports)" },
	{ "quiet", 'q', NULL, "nothing on stdout" },
	CLI_OPT_NO_SANDBOX(O_NOSANDBOX),
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* One report to merge: opened before the sandbox, read inside it. */
struct input {
	char *path;
	int fd;    /* -1: why says why it could not be opened */
	char *why;
};

/* What one merge reads, does and writes. */
struct merge {
	const char *fmt, *hosts;
	const char *outputs[MAX_OUTPUTS]; /* "FMT:FILE" */
	FILE *out_fp[MAX_OUTPUTS];        /* their temporary files */
	char *out_tmp[MAX_OUTPUTS];
	size_t nout;
	long max_age;
	int fail_on;
	bool quiet;
	time_t now;
	char **args;                      /* REPORT|DIR... */
	int nargs;
	struct input *in;
	size_t nin;
	struct hd_sandbox sb;
};

/* Open path for reading later, or record why it cannot be. */
static void
open_input(struct merge *m, char *path)
{
	struct input *in;

	m->in = hd_xrealloc(m->in, m->nin + 1, sizeof(*m->in));
	in = &m->in[m->nin++];
	in->path = path;
	in->why = NULL;
	/* O_NONBLOCK: a FIFO named as a report must not hang the merge. */
	if ((in->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		in->why = hd_xasprintf("%s: %s", path, strerror(errno));
}

/* Parse and add one opened report to the fleet (or the reason it is
 * unreadable); inside the sandbox. */
static void
add_input(struct hd_fleet *f, const struct input *in)
{
	struct hd_buf *b = NULL;
	json_object *doc = NULL;
	int r;

	if (in->fd < 0) {
		hd_fleet_add_error(f, in->path, in->why);
		return;
	}
	b = hd_buf_new(REPORT_CAP);
	if ((r = hd_buf_read_fd(b, in->fd)) < 0) {
		hd_error_wrap(r, in->path);
		hd_fleet_add_error(f, in->path, hd_error_last());
	} else if (hd_json_parse(&doc, hd_buf_ptr(b), hd_buf_len(b)) < 0) {
		hd_fleet_add_error(f, in->path, hd_error_last());
	} else {
		hd_fleet_add(f, in->path, doc);
	}
	json_object_put(doc);
	hd_buf_free(b);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Open every *.json of directory dir, in name order. */
static int
open_dir(struct merge *m, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	if (d == NULL)
		return cli_usage_error("merge: %s: %s", dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0 &&
		    e->d_name[0] != '.') {
			names = hd_xrealloc(names, n + 1, sizeof(*names));
			names[n++] = hd_xasprintf("%s/%s", dir, e->d_name);
		}
	}
	closedir(d);
	/* qsort's array must not be NULL, even when empty. */
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++)
		open_input(m, names[i]);
	free(names);
	return HD_EXIT_OK;
}

/* Open every report named (files, directories of them); the exit status.
 * A merge of many hosts holds one descriptor per report until it is
 * read: the soft limit on descriptors is raised to the hard one, and a
 * report past it is listed as unreadable with the reason. */
static int
open_inputs(struct merge *m)
{
	struct rlimit rl;
	int r;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (int i = 0; i < m->nargs; i++) {
		struct stat st;

		if (stat(m->args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((r = open_dir(m, m->args[i])) != HD_EXIT_OK)
				return r;
		} else {
			open_input(m, hd_xstrdup(m->args[i]));
		}
	}
	return HD_EXIT_OK;
}

/* Add the expected hosts' names, one per line of text. */
static void
add_expected(struct hd_fleet *f, const struct hd_buf *b)
{
	char *text, *line, *save = NULL;

	text = hd_xstrndup(hd_buf_ptr(b), hd_buf_len(b));
	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, " \t\r#")] = '\0';
		if (*line)
			hd_fleet_expect(f, line);
	}
	free(text);
}

/* Render fleet as fmt into out; -1 on an unknown format. */
static int
render(FILE *out, const char *fmt, json_object *fleet)
{
	if (strcmp(fmt, "text") == 0)
		return hd_fleet_render_text(out, fleet);
	if (strcmp(fmt, "html") == 0)
		return hd_fleet_render_html(out, fleet);
	if (strcmp(fmt, "json") == 0) {
		fputs(json_object_to_json_string_ext(fleet, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_NOSLASHESCAPE), out);
		fputc('\n', out);
		return ferror(out) ? HD_EIO : HD_OK;
	}
	return -1;
}

/* Whether fmt is a fleet format. */
static bool
known_format(const char *fmt)
{
	return strcmp(fmt, "text") == 0 || strcmp(fmt, "json") == 0 ||
	    strcmp(fmt, "html") == 0;
}

/* The file of output spec "FMT:FILE". */
static const char *
output_path(const char *spec)
{
	return strchr(spec, ':') + 1;
}

/* Open a temporary file beside each output (renamed into place once the
 * fleet report is written, so a reader never sees half of one), before
 * the sandbox; the exit status. */
static int
open_outputs(struct merge *m)
{
	for (size_t i = 0; i < m->nout; i++) {
		const char *path = output_path(m->outputs[i]);

		m->out_tmp[i] = hd_xasprintf("%s.tmp.%ld", path, (long)getpid());
		if ((m->out_fp[i] = fopen(m->out_tmp[i], "we")) == NULL) {
			fprintf(stderr, "hardock: merge: cannot write %s: %s\n", path,
			    strerror(errno));
			return HD_EXIT_NOSCAN;
		}
		if (hd_sandbox_allow_write(&m->sb, fileno(m->out_fp[i])) < 0)
			return cli_usage_error("merge: %s", hd_error_last());
	}
	return HD_EXIT_OK;
}

/* Close every temporary output: renamed into place when the merge wrote
 * them (ok), removed otherwise; the exit status, r or a write failure. */
static int
close_outputs(struct merge *m, int r)
{
	bool ok = r == HD_EXIT_OK || r == HD_EXIT_FAILED;

	for (size_t i = 0; i < m->nout; i++) {
		const char *path = output_path(m->outputs[i]);

		if (m->out_fp[i] == NULL)
			continue;
		if ((fclose(m->out_fp[i]) != 0 || (ok && rename(m->out_tmp[i],
		    path) != 0)) && ok) {
			fprintf(stderr, "hardock: merge: cannot write %s: %s\n", path,
			    strerror(errno));
			ok = false;
			r = HD_EXIT_NOSCAN;
		}
		if (!ok)
			(void)unlink(m->out_tmp[i]);
		m->out_fp[i] = NULL;
	}
	return r;
}

/* Write the fleet report into every temporary output (flushed, closed
 * by close_outputs()); the exit status. */
static int
write_outputs(struct merge *m, json_object *fleet)
{
	for (size_t i = 0; i < m->nout; i++) {
		const char *spec = m->outputs[i];
		char *fmt = hd_xstrndup(spec, strcspn(spec, ":"));
		int r = render(m->out_fp[i], fmt, fleet);

		free(fmt);
		if (r < 0 || fflush(m->out_fp[i]) != 0) {
			fprintf(stderr, "hardock: merge: cannot write %s: %s\n",
			    output_path(spec), strerror(errno));
			return HD_EXIT_NOSCAN;
		}
	}
	return HD_EXIT_OK;
}

/* Open the reports with only cap_dac_read_search, enter the sandbox, then
 * read, parse, merge and render them; the exit status. Runs in the
 * sandboxed child (cli_sandboxed()). */
static int
merge_run(void *arg)
{
	struct merge *m = arg;
	struct hd_fleet *f = NULL;
	struct hd_buf *hosts = NULL;
	json_object *fleet = NULL;
	int r;

	if ((r = cli_sandbox_begin(&m->sb, "merge")) != HD_EXIT_OK)
		goto out;
	if (m->hosts && hd_buf_load(&hosts, m->hosts, HOSTS_CAP) < 0) {
		r = cli_usage_error("merge: %s: %s", m->hosts, hd_error_last());
		goto out;
	}
	if ((r = open_inputs(m)) != HD_EXIT_OK ||
	    (r = cli_sandbox_enter(&m->sb, "merge")) != HD_EXIT_OK)
		goto out;
	f = hd_fleet_new();
	if (hosts)
		add_expected(f, hosts);
	for (size_t i = 0; i < m->nin; i++) {
		add_input(f, &m->in[i]);
		if (m->in[i].fd >= 0)
			close(m->in[i].fd);
		m->in[i].fd = -1;
	}
	fleet = hd_fleet_json(f, m->now, m->max_age, (enum hd_severity)m->fail_on);
	json_object_object_add(fleet, "tool", cli_tool_json(&m->sb));
	if (!m->quiet && render(stdout, m->fmt, fleet) < 0) {
		r = HD_EXIT_NOSCAN;
		goto out;
	}
	if ((r = write_outputs(m, fleet)) != HD_EXIT_OK)
		goto out;
	r = hd_fleet_failed(fleet) ? HD_EXIT_FAILED : HD_EXIT_OK;
out:
	json_object_put(fleet);
	hd_fleet_free(f);
	hd_buf_free(hosts);
	return r;
}

/* Free what merge_run() and open_outputs() made. */
static void
merge_release(struct merge *m)
{
	for (size_t i = 0; i < m->nin; i++) {
		if (m->in[i].fd >= 0)
			close(m->in[i].fd);
		free(m->in[i].path);
		free(m->in[i].why);
	}
	free(m->in);
	for (size_t i = 0; i < m->nout; i++)
		free(m->out_tmp[i]);
}

static int
merge_exec(int argc, char **argv)
{
	struct merge m = { .fmt = "text", .max_age = 48L * 3600,
	    .fail_on = HD_SEV_INFO, .now = time(NULL) };
	bool sandbox = true;
	int ch, r = HD_EXIT_OK;
	char *end;

	while ((ch = cli_getopt(&cmd_merge_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'f':
			m.fmt = optarg;
			break;
		case 'o':
			if (m.nout == MAX_OUTPUTS)
				return cli_usage_error("merge: at most %d outputs",
				    MAX_OUTPUTS);
			m.outputs[m.nout++] = optarg;
			break;
		case O_MAXAGE:
			errno = 0;
			m.max_age = strtol(optarg, &end, 10) * 3600;
			if (errno || end == optarg || *end || m.max_age <= 0)
				return cli_usage_error("merge: --max-age wants hours, "
				    "got '%s'", optarg);
			break;
		case O_HOSTS:
			m.hosts = optarg;
			break;
		case O_FAILON:
			if ((m.fail_on = hd_severity_from_name(optarg)) < 0)
				return cli_usage_error("merge: unknown severity '%s'",
				    optarg);
			break;
		case O_NOW: {
			struct tm tm;
			const char *e;

			memset(&tm, 0, sizeof(tm));
			if ((e = strptime(optarg, "%Y-%m-%dT%H:%M:%SZ", &tm)) == NULL ||
			    *e)
				return cli_usage_error("merge: --now wants "
				    "YYYY-MM-DDTHH:MM:SSZ, got '%s'", optarg);
			m.now = timegm(&tm);
			break;
		}
		case O_NOSANDBOX:
			sandbox = false;
			break;
		case 'q':
			m.quiet = true;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_merge_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (!known_format(m.fmt))
		return cli_usage_error("merge: unknown format '%s' (text, json, "
		    "html)", m.fmt);
	for (size_t i = 0; i < m.nout; i++) {
		char *ofmt = hd_xstrndup(m.outputs[i], strcspn(m.outputs[i], ":"));
		bool ok = strchr(m.outputs[i], ':') && strchr(m.outputs[i], ':')[1] &&
		    known_format(ofmt);

		free(ofmt);
		if (!ok)
			return cli_usage_error("merge: --output wants FMT:FILE with "
			    "FMT text, json or html, got '%s'", m.outputs[i]);
	}
	if (optind == argc)
		return cli_usage_error("merge: expected JSON reports or directories "
		    "of them");
	m.args = argv + optind;
	m.nargs = argc - optind;
	/* Outputs are opened with every privilege (a directory of the
	 * user's); the reports are opened, read and parsed in the child. */
	cli_sandbox_init(&m.sb, sandbox, "after the outputs and the reports were "
	    "opened, before the reports were read, parsed and merged (in a child "
	    "process)", "the reports were opened");
	if ((r = open_outputs(&m)) == HD_EXIT_OK)
		r = cli_sandboxed(&m.sb, "merge", merge_run, &m);
	r = close_outputs(&m, r);
	merge_release(&m);
	return r;
}

const struct cmd_entry cmd_merge_entry = {
	.name = "merge", .args = "[OPTIONS] REPORT|DIR...",
	.summary = "merge many hosts' JSON reports into one fleet report",
	.description = "Read the JSON reports of many hosts (files, or every "
	    "*.json of a directory) one at a time and write one fleet report: per "
	    "host its score and counts; per check how many hosts fail it and "
	    "which, worst first. Results are matched by control key, so hosts "
	    "audited against different benchmark versions merge (with a "
	    "warning). Hosts whose report is older than --max-age, missing "
	    "(--hosts) or unreadable are listed, never dropped, and make the exit "
	    "status 1, as does a host failing at or above --fail-on. The "
	    "reports are opened, then read and parsed in the sandbox scan uses "
	    "(no capability, a seccomp filter) by a child process; outputs are "
	    "renamed into place once it has written them.",
	.opts = merge_opts, .exec = merge_exec,
};
