/* hardock diff OLD NEW: what changed between two JSON reports. */
#include <stdlib.h>
#include <string.h>

#include <hardock/buf.h>
#include <hardock/report.h>

#include "cli.h"

#define REPORT_CAP (512u << 20)

enum { O_NOSANDBOX = 256 };

static const struct cli_opt diff_opts[] = {
	{ "format", 'f', "FMT", "text (default) or json" },
	CLI_OPT_NO_SANDBOX(O_NOSANDBOX),
	{ "help", 'h', NULL, "show this help" },
	{ NULL, 0, NULL, NULL },
};

/* Read the report at path into *out (before the sandbox), mapped (last
 * night's 20 MB report is not copied); a usage error naming path on
 * failure. */
static int
read_report(struct hd_buf **out, const char *path)
{
	if (hd_buf_map(out, path, REPORT_CAP) < 0)
		return cli_usage_error("diff: %s: %s", path, hd_error_last());
	return HD_EXIT_OK;
}

/* Parse a report read by read_report() (inside the sandbox); a usage
 * error naming path on failure. */
static int
parse_report(json_object **out, const struct hd_buf *b, const char *path)
{
	*out = NULL;
	if (hd_report_parse(out, hd_buf_ptr(b), hd_buf_len(b)) < 0)
		return cli_usage_error("diff: %s: %s", path, hd_error_last());
	return HD_EXIT_OK;
}

/* One finding line: "+ fail container NAME (ID): message". */
static void
finding_line(FILE *out, char sign, json_object *e)
{
	json_object *f = NULL, *v;
	const char *fields[] = { "status", "object.kind", "object.name", "object.id",
	    "message" };
	const char *s[5];

	json_object_object_get_ex(e, "finding", &f);
	for (size_t i = 0; i < 5; i++) {
		v = hd_json_path(f, fields[i]);
		s[i] = v && json_object_is_type(v, json_type_string) ?
		    json_object_get_string(v) : "";
	}
	v = hd_json_path(e, "id");
	fprintf(out, "  %c ", sign);
	hd_fputs_term(out, v ? json_object_get_string(v) : "");
	for (size_t i = 0; i < 2; i++) {
		fputc(' ', out);
		hd_fputs_term(out, s[i]);
	}
	fputc(' ', out);
	hd_fputs_term(out, s[2][0] ? s[2] : s[3]);
	fputs(": ", out);
	hd_fputs_term(out, s[4]);
	fputc('\n', out);
}

/* The diff for a person; sb says how it was confined. */
static void
print_text(FILE *out, json_object *d, const struct hd_sandbox *sb)
{
	char *sandbox = hd_sandbox_summary(sb);
	json_object *arr;

	json_object *so = hd_json_path(d, "score.old"), *sn = hd_json_path(d,
	    "score.new");

	/* Reports are files: a tampered one must not reach the terminal raw. */
	fputs("hardock diff: ", out);
	hd_fputs_term(out, json_object_get_string(hd_json_path(d, "old_started_at")));
	fputs(" -> ", out);
	hd_fputs_term(out, json_object_get_string(hd_json_path(d, "new_started_at")));
	fputs("\nbenchmark: ", out);
	hd_fputs_term(out, json_object_get_string(hd_json_path(d, "benchmark.old")));
	fputs(" -> ", out);
	hd_fputs_term(out, json_object_get_string(hd_json_path(d, "benchmark.new")));
	if (json_object_get_boolean(hd_json_path(d, "benchmark.changed")))
		fputs(" (the benchmarks differ: results matched by control key)", out);
	fprintf(out, "\nscore: %s%s -> %s%s\n",
	    so ? json_object_get_string(so) : "not computable", so ? "%" : "",
	    sn ? json_object_get_string(sn) : "not computable", sn ? "%" : "");
	fprintf(out, "sandbox: %s\n", sandbox);
	free(sandbox);
	arr = hd_json_path(d, "changes");
	fprintf(out, "\nChanged status (%zu):\n", json_object_array_length(arr));
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *c = json_object_array_get_idx(arr, i);
		json_object *o = hd_json_path(c, "old_status");

		json_object *oid = hd_json_path(c, "old_id");

		fputs("  ", out);
		hd_fputs_term(out, json_object_get_string(hd_json_path(c, "id")));
		if (oid) {
			fputs(" (was ", out);
			hd_fputs_term(out, json_object_get_string(oid));
			fputc(')', out);
		}
		fputs(" ", out);
		hd_fputs_term(out, o ? json_object_get_string(o) : "(new check)");
		fputs(" -> ", out);
		hd_fputs_term(out, json_object_get_string(hd_json_path(c, "new_status")));
		fputs("  ", out);
		hd_fputs_term(out, json_object_get_string(hd_json_path(c, "title")));
		fputc('\n', out);
	}
	arr = hd_json_path(d, "new_findings");
	fprintf(out, "\nNew findings (%zu):\n", json_object_array_length(arr));
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		finding_line(out, '+', json_object_array_get_idx(arr, i));
	arr = hd_json_path(d, "resolved_findings");
	fprintf(out, "\nResolved findings (%zu):\n", json_object_array_length(arr));
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		finding_line(out, '-', json_object_array_get_idx(arr, i));
}

/* Whether a status change is a regression (to fail or error). */
static bool
regressed(json_object *d)
{
	json_object *arr = hd_json_path(d, "changes");

	if (json_object_array_length(hd_json_path(d, "new_findings")) > 0)
		return true;
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		const char *st = json_object_get_string(hd_json_path(
		    json_object_array_get_idx(arr, i), "new_status"));

		if (strcmp(st, "fail") == 0 || strcmp(st, "error") == 0)
			return true;
	}
	return false;
}

static int
diff_exec(int argc, char **argv)
{
	json_object *old = NULL, *new = NULL, *d = NULL;
	struct hd_buf *b_old = NULL, *b_new = NULL;
	struct hd_sandbox sb;
	const char *fmt = "text";
	bool sandbox = true;
	int ch, r;

	while ((ch = cli_getopt(&cmd_diff_entry, argc, argv)) != -1) {
		switch (ch) {
		case 'f':
			fmt = optarg;
			break;
		case O_NOSANDBOX:
			sandbox = false;
			break;
		case 'h':
			return cli_usage(stdout, &cmd_diff_entry), HD_EXIT_OK;
		default:
			return HD_EXIT_USAGE;
		}
	}
	if (strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0)
		return cli_usage_error("diff: unknown format '%s' (text, json)", fmt);
	if (argc - optind != 2)
		return cli_usage_error("diff: expected two JSON reports, OLD and NEW");
	/* Read with cap_dac_read_search only, parse with nothing: a report is
	 * a file a tenant may have shaped (see <hardock/sandbox.h>). */
	cli_sandbox_init(&sb, sandbox, "after both reports were read, before "
	    "they were parsed and compared", "the reports were read");
	if ((r = cli_sandbox_begin(&sb, "diff")) != HD_EXIT_OK ||
	    (r = read_report(&b_old, argv[optind])) != HD_EXIT_OK ||
	    (r = read_report(&b_new, argv[optind + 1])) != HD_EXIT_OK ||
	    (r = cli_sandbox_enter(&sb, "diff")) != HD_EXIT_OK)
		goto out;
	if ((r = parse_report(&old, b_old, argv[optind])) != HD_EXIT_OK ||
	    (r = parse_report(&new, b_new, argv[optind + 1])) != HD_EXIT_OK)
		goto out;
	d = hd_report_diff(old, new);
	if (strcmp(fmt, "json") == 0) {
		json_object_object_add(d, "tool", cli_tool_json(&sb));
		puts(json_object_to_json_string_ext(d, JSON_C_TO_STRING_PRETTY |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
	} else {
		print_text(stdout, d, &sb);
	}
	r = regressed(d) ? HD_EXIT_FAILED : HD_EXIT_OK;
out:
	hd_buf_free(b_old);
	hd_buf_free(b_new);
	json_object_put(old);
	json_object_put(new);
	json_object_put(d);
	return r;
}

const struct cmd_entry cmd_diff_entry = {
	.name = "diff", .args = "[-f text|json] OLD.json NEW.json",
	.summary = "compare two JSON reports (e.g. last night's and today's)",
	.description = "Show checks whose status changed, failing or undecided "
	    "findings that are new, and those that were resolved, matched by check "
	    "id and object. Exit status 1 when something regressed (a new failing "
	    "finding, or a check that now fails or errors), 0 otherwise. The "
	    "reports are parsed in the sandbox scan uses (no capability, a "
	    "seccomp filter), entered once both are read.",
	.opts = diff_opts, .exec = diff_exec,
};
