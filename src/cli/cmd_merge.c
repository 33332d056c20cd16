/* hardock merge REPORT|DIR...: one fleet report from many hosts' reports. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

enum { O_MAXAGE = 256, O_HOSTS, O_FAILON, O_NOW };

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
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* Add the report at path to the fleet (or the reason it is unreadable). */
static void
add_file(struct hd_fleet *f, const char *path)
{
	struct hd_buf *b = NULL;
	json_object *doc = NULL;

	if (hd_buf_load(&b, path, REPORT_CAP) < 0 ||
	    hd_json_parse(&doc, hd_buf_ptr(b), hd_buf_len(b)) < 0)
		hd_fleet_add_error(f, path, hd_error_last());
	else
		hd_fleet_add(f, path, doc);
	json_object_put(doc);
	hd_buf_free(b);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add every *.json of directory dir, in name order. */
static int
add_dir(struct hd_fleet *f, const char *dir)
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
	for (size_t i = 0; i < n; i++) {
		add_file(f, names[i]);
		free(names[i]);
	}
	free(names);
	return HD_EXIT_OK;
}

/* Read the expected hosts' names from path. */
static int
add_expected(struct hd_fleet *f, const char *path)
{
	struct hd_buf *b = NULL;
	char *text, *line, *save = NULL;

	if (hd_buf_load(&b, path, HOSTS_CAP) < 0) {
		int r = cli_usage_error("merge: %s: %s", path, hd_error_last());

		hd_buf_free(b);
		return r;
	}
	text = hd_xstrndup(hd_buf_ptr(b), hd_buf_len(b));
	for (line = strtok_r(text, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, " \t\r#")] = '\0';
		if (*line)
			hd_fleet_expect(f, line);
	}
	free(text);
	hd_buf_free(b);
	return HD_EXIT_OK;
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

/* Write "FMT:FILE" atomically: a temporary file beside it, then rename,
 * so a reader never sees half a fleet report. */
static int
write_output(const char *spec, json_object *fleet)
{
	const char *colon = strchr(spec, ':');
	char *fmt = hd_xstrndup(spec, (size_t)(colon - spec));
	char *tmp = hd_xasprintf("%s.tmp.%ld", colon + 1, (long)getpid());
	FILE *fp = fopen(tmp, "w");
	int r = HD_EXIT_OK;

	if (fp == NULL || render(fp, fmt, fleet) < 0 || fclose(fp) != 0 ||
	    rename(tmp, colon + 1) != 0) {
		fprintf(stderr, "hardock: merge: cannot write %s: %s\n", colon + 1,
		    strerror(errno));
		unlink(tmp);
		r = HD_EXIT_NOSCAN;
	}
	free(fmt);
	free(tmp);
	return r;
}

static int
merge_exec(int argc, char **argv)
{
	const char *fmt = "text", *outputs[MAX_OUTPUTS], *hosts = NULL;
	size_t nout = 0;
	long max_age = 48L * 3600;
	int fail_on = HD_SEV_INFO, ch, r = HD_EXIT_OK;
	bool quiet = false;
	time_t now = time(NULL);
	struct hd_fleet *f = NULL;
	json_object *fleet = NULL;
	char *end;

	while ((ch = cli_getopt(&cmd_merge_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'f':
			fmt = optarg;
			break;
		case 'o':
			if (nout == MAX_OUTPUTS)
				return cli_usage_error("merge: at most %d outputs",
				    MAX_OUTPUTS);
			outputs[nout++] = optarg;
			break;
		case O_MAXAGE:
			errno = 0;
			max_age = strtol(optarg, &end, 10) * 3600;
			if (errno || end == optarg || *end || max_age <= 0)
				return cli_usage_error("merge: --max-age wants hours, "
				    "got '%s'", optarg);
			break;
		case O_HOSTS:
			hosts = optarg;
			break;
		case O_FAILON:
			if ((fail_on = hd_severity_from_name(optarg)) < 0)
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
			now = timegm(&tm);
			break;
		}
		case 'q':
			quiet = true;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_merge_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (!known_format(fmt))
		return cli_usage_error("merge: unknown format '%s' (text, json, "
		    "html)", fmt);
	for (size_t i = 0; i < nout; i++) {
		char *ofmt = hd_xstrndup(outputs[i], strcspn(outputs[i], ":"));
		bool ok = strchr(outputs[i], ':') && strchr(outputs[i], ':')[1] &&
		    known_format(ofmt);

		free(ofmt);
		if (!ok)
			return cli_usage_error("merge: --output wants FMT:FILE with "
			    "FMT text, json or html, got '%s'", outputs[i]);
	}
	if (optind == argc)
		return cli_usage_error("merge: expected JSON reports or directories "
		    "of them");
	f = hd_fleet_new();
	if (hosts && (r = add_expected(f, hosts)) != HD_EXIT_OK)
		goto out;
	for (int i = optind; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if ((r = add_dir(f, argv[i])) != HD_EXIT_OK)
				goto out;
		} else {
			add_file(f, argv[i]);
		}
	}
	fleet = hd_fleet_json(f, now, max_age, (enum hd_severity)fail_on);
	if (!quiet && render(stdout, fmt, fleet) < 0) {
		r = HD_EXIT_NOSCAN;
		goto out;
	}
	for (size_t i = 0; i < nout; i++)
		if ((r = write_output(outputs[i], fleet)) != HD_EXIT_OK)
			goto out;
	r = hd_fleet_failed(fleet) ? HD_EXIT_FAILED : HD_EXIT_OK;
out:
	json_object_put(fleet);
	hd_fleet_free(f);
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
	    "status 1, as does a host failing at or above --fail-on.",
	.opts = merge_opts, .exec = merge_exec,
};
