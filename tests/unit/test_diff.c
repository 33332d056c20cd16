/* Comparing two JSON reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hardock/report.h>

#include "testutil.h"

/* A minimal report with one result of status st and findings (JSON). */
static json_object *
report(int score, const char *st, const char *findings)
{
	char text[2048];

	snprintf(text, sizeof(text), "{\"started_at\":\"t\",\"summary\":{\"score\":%d},"
	    "\"results\":[{\"id\":\"5.5\",\"title\":\"priv\",\"status\":\"%s\","
	    "\"findings\":%s},{\"id\":\"2.2\",\"title\":\"icc\",\"status\":\"pass\","
	    "\"findings\":[]}]}", score, st, findings);
	return tu_json(text);
}

#define F(kind, id, st) "{\"object\":{\"kind\":\"" kind "\",\"id\":\"" id \
	"\",\"name\":\"n\"},\"status\":\"" st "\"}"

START_TEST(new_and_resolved_findings)
{
	json_object *old = report(50, "fail", "[" F("container", "aa", "fail") ","
	    F("container", "bb", "pass") "]");
	json_object *new = report(40, "fail", "[" F("container", "bb", "fail") ","
	    F("container", "cc", "error") "]");
	json_object *d = hd_report_diff(old, new);
	json_object *added = hd_json_path(d, "new_findings");
	json_object *gone = hd_json_path(d, "resolved_findings");

	ck_assert_int_eq(json_object_array_length(hd_json_path(d, "changes")), 0);
	ck_assert_int_eq(json_object_array_length(added), 2);
	ck_assert_str_eq(json_object_get_string(hd_json_path(
	    json_object_array_get_idx(added, 0), "finding.object.id")), "bb");
	ck_assert_int_eq(json_object_array_length(gone), 1);
	ck_assert_str_eq(json_object_get_string(hd_json_path(
	    json_object_array_get_idx(gone, 0), "finding.object.id")), "aa");
	ck_assert_int_eq(json_object_get_int(hd_json_path(d, "score.old")), 50);
	ck_assert_int_eq(json_object_get_int(hd_json_path(d, "score.new")), 40);
	json_object_put(old);
	json_object_put(new);
	json_object_put(d);
}
END_TEST

START_TEST(status_changes)
{
	json_object *old = report(100, "pass", "[]");
	json_object *new = report(0, "error", "[]");
	json_object *d = hd_report_diff(old, new), *c;

	ck_assert_int_eq(json_object_array_length(hd_json_path(d, "changes")), 1);
	c = json_object_array_get_idx(hd_json_path(d, "changes"), 0);
	ck_assert_str_eq(json_object_get_string(hd_json_path(c, "id")), "5.5");
	ck_assert_str_eq(json_object_get_string(hd_json_path(c, "old_status")), "pass");
	ck_assert_str_eq(json_object_get_string(hd_json_path(c, "new_status")), "error");
	json_object_put(old);
	json_object_put(new);
	json_object_put(d);
}
END_TEST

/* Garbage reports give an empty diff, not a crash. */
START_TEST(malformed_reports)
{
	json_object *a = tu_json("{\"results\":5}"), *b = tu_json("{\"results\":"
	    "[1,{\"id\":7},{\"id\":\"x\",\"findings\":{}}]}");
	json_object *d = hd_report_diff(a, b);

	ck_assert_int_le(json_object_array_length(hd_json_path(d, "changes")), 1);
	ck_assert_int_eq(json_object_array_length(hd_json_path(d, "new_findings")), 0);
	json_object_put(d);
	json_object_put(a);
	json_object_put(b);
}
END_TEST

/* hd_report_parse() keeps of each result what a diff reads (passing
 * findings go as each result is parsed), and the diff of two reports so
 * parsed is the diff of the whole trees, for well-formed and odd results
 * alike. */
START_TEST(parse_keeps_what_the_diff_reads)
{
	static const char *const texts[][2] = {
		{ "{\"started_at\":\"t1\",\"summary\":{\"score\":50},\"results\":["
		  "{\"id\":\"5.5\",\"control\":\"c55\",\"title\":\"priv\","
		  "\"status\":\"fail\",\"message\":\"m\",\"evidence\":[1],"
		  "\"findings\":[" F("container", "aa", "fail") ","
		  F("container", "bb", "pass") "," F("image", "ii", "error") "]},"
		  "{\"id\":\"2.2\",\"status\":\"pass\",\"findings\":["
		  F("container", "aa", "pass") "]}]}",
		  "{\"started_at\":\"t2\",\"summary\":{\"score\":40},\"results\":["
		  "{\"id\":\"5.5\",\"control\":\"c55\",\"title\":\"priv\","
		  "\"status\":\"fail\",\"findings\":[" F("container", "bb", "fail")
		  "," F("container", "aa", "manual") "]},"
		  "{\"id\":\"2.2\",\"status\":\"fail\",\"findings\":["
		  F("container", "aa", "fail") "]}]}" },
		{ "{\"results\":[1,{\"id\":7},{\"id\":\"x\",\"findings\":{}},"
		  "{\"id\":\"y\",\"findings\":[3,{\"status\":5}]}]}",
		  "{\"results\":[{\"id\":\"x\",\"status\":\"error\"}]}" },
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		json_object *p[2], *w[2], *dp, *dw;

		for (int k = 0; k < 2; k++) {
			ck_assert_int_eq(hd_report_parse(&p[k], texts[i][k],
			    strlen(texts[i][k])), HD_OK);
			w[k] = tu_json(texts[i][k]);
		}
		dp = hd_report_diff(p[0], p[1]);
		dw = hd_report_diff(w[0], w[1]);
		ck_assert_str_eq(json_object_to_json_string(dp),
		    json_object_to_json_string(dw));
		json_object_put(dp);
		json_object_put(dw);
		for (int k = 0; k < 2; k++) {
			json_object_put(p[k]);
			json_object_put(w[k]);
		}
	}
	/* The passing finding and the result's message and evidence are
	 * gone; the failing and the erroring findings stay whole. */
	{
		json_object *r = NULL, *fs;

		ck_assert_int_eq(hd_report_parse(&r, texts[0][0], strlen(texts[0][0])),
		    HD_OK);
		fs = hd_json_path(json_object_array_get_idx(hd_json_path(r,
		    "results"), 0), "findings");
		ck_assert_int_eq(json_object_array_length(fs), 2);
		ck_assert_str_eq(json_object_get_string(hd_json_path(
		    json_object_array_get_idx(fs, 0), "object.id")), "aa");
		ck_assert_str_eq(json_object_get_string(hd_json_path(
		    json_object_array_get_idx(fs, 1), "object.kind")), "image");
		ck_assert_ptr_null(hd_json_path(json_object_array_get_idx(
		    hd_json_path(r, "results"), 0), "message"));
		ck_assert_int_eq(json_object_get_int(hd_json_path(r, "summary.score")),
		    50);
		json_object_put(r);
	}
}
END_TEST

/* Write text to a temporary file; its path (caller frees). */
static char *
temp_file(const char *text)
{
	char *path = strdup("/tmp/hd-diff-XXXXXX");
	int fd = mkstemp(path);
	FILE *fp;

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(fp = fdopen(fd, "w"));
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* hardock diff on tampered reports (statuses null or of another type,
 * results that are not objects, hostile titles and times): exit 0 or 1,
 * never a crash, and nothing raw on the terminal. */
START_TEST(tampered_reports_cli)
{
	static const char *const tampered[] = {
		"{\"started_at\":null,\"summary\":{\"score\":\"\\u001b[2J\"},"
		"\"results\":[{\"id\":\"5.5\",\"title\":\"t\\u001b]0;x\\u0007\","
		"\"status\":null,\"findings\":[{\"status\":null},{\"status\":"
		"\"fail\",\"object\":null,\"message\":5}]}]}",
		"{\"started_at\":\"\\u001b]0;x\\u0007\",\"benchmark\":7,\"results\":"
		"[null,5,\"x\",{\"id\":null,\"status\":{}},{\"id\":\"2.2\","
		"\"status\":7,\"findings\":[null,{\"status\":\"error\",\"object\":"
		"{\"kind\":5,\"id\":[],\"name\":\"n\\u009b31m\"}}]}]}",
	};
	char *good = temp_file("{\"started_at\":\"t\",\"summary\":{\"score\":50},"
	    "\"results\":[{\"id\":\"5.5\",\"title\":\"priv\",\"status\":"
	    "\"fail\",\"findings\":[]}]}");

	for (size_t i = 0; i < sizeof(tampered) / sizeof(*tampered); i++) {
		char *bad = temp_file(tampered[i]), *cmd, *out = NULL;
		size_t len = 0;
		FILE *fp;
		int st;

		for (int dir = 0; dir < 2; dir++) {
			ck_assert_int_ge(asprintf(&cmd, "%s diff %s %s", HD_BINARY,
			    dir ? bad : good, dir ? good : bad), 0);
			ck_assert_ptr_nonnull(fp = popen(cmd, "r"));
			free(cmd);
			{
				char buf[4096];
				size_t n;
				FILE *mem = open_memstream(&out, &len);

				while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
					fwrite(buf, 1, n, mem);
				fclose(mem);
			}
			st = pclose(fp);
			ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) <= 1,
			    "report %zu: diff ended with status %d", i, st);
			ck_assert_msg(memchr(out, 0x1b, len) == NULL, "report %zu: raw "
			    "ESC in: %s", i, out);
			ck_assert(memchr(out, 0x07, len) == NULL);
			ck_assert(strstr(out, "\xc2\x9b") == NULL);
			free(out);
			out = NULL;
		}
		unlink(bad);
		free(bad);
	}
	unlink(good);
	free(good);
}
END_TEST

/* A 1.6.0 report against a 1.8.0 one of the same host: results match by
 * control key, so renumbered ids are no regression; a 1.0 report without
 * control keys is matched through its benchmark's ids. */
START_TEST(across_benchmarks)
{
	json_object *old = tu_json("{\"started_at\":\"t1\",\"benchmark\":{"
	    "\"version\":\"1.6.0\"},\"summary\":{\"score\":50},\"results\":["
	    "{\"id\":\"2.14\",\"title\":\"nnp\",\"status\":\"fail\",\"findings\":[]},"
	    "{\"id\":\"2.15\",\"title\":\"live\",\"status\":\"pass\",\"findings\":[]}]}");
	json_object *new = tu_json("{\"started_at\":\"t2\",\"benchmark\":{"
	    "\"id\":\"cis-1.8.0\",\"version\":\"1.8.0\"},\"summary\":{\"score\":null},"
	    "\"results\":[{\"id\":\"2.15\",\"control\":\"daemon.no_new_privileges\","
	    "\"title\":\"nnp\",\"status\":\"fail\",\"findings\":[]},{\"id\":\"2.16\","
	    "\"control\":\"daemon.live_restore\",\"title\":\"live\",\"status\":"
	    "\"fail\",\"findings\":[]}]}");
	json_object *d = hd_report_diff(old, new), *c;

	ck_assert_str_eq(json_object_get_string(hd_json_path(d, "benchmark.old")),
	    "cis-1.6.0");
	ck_assert_str_eq(json_object_get_string(hd_json_path(d, "benchmark.new")),
	    "cis-1.8.0");
	ck_assert(json_object_get_boolean(hd_json_path(d, "benchmark.changed")));
	/* Only live restore changed (pass -> fail); 2.14 -> 2.15 did not. */
	ck_assert_int_eq(json_object_array_length(hd_json_path(d, "changes")), 1);
	c = json_object_array_get_idx(hd_json_path(d, "changes"), 0);
	ck_assert_str_eq(json_object_get_string(hd_json_path(c, "control")),
	    "daemon.live_restore");
	ck_assert_str_eq(json_object_get_string(hd_json_path(c, "id")), "2.16");
	ck_assert_str_eq(json_object_get_string(hd_json_path(c, "old_id")), "2.15");
	ck_assert_str_eq(json_object_get_string(hd_json_path(c, "old_status")), "pass");
	ck_assert_ptr_null(hd_json_path(d, "score.new"));
	json_object_put(old);
	json_object_put(new);
	json_object_put(d);
}
END_TEST

static Suite *
diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_test(tc, new_and_resolved_findings);
	tcase_add_test(tc, status_changes);
	tcase_add_test(tc, across_benchmarks);
	tcase_add_test(tc, malformed_reports);
	tcase_add_test(tc, parse_keeps_what_the_diff_reads);
	tcase_add_test(tc, tampered_reports_cli);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(diff_suite)
