/* CSV, JUnit, Prometheus and HTML: hostile names escaped in each format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/report.h>

#include <hardock/digest.h>

#include "report/html.h"
#include "report/reporters.h"
#include "testutil.h"

/* Render the rich fixture with the named reporter into a string. */
static char *
render(const char *format, size_t *len)
{
	struct hd_snapshot *s = tu_snapshot_fixture("snapshots/rich.json");
	struct hd_results *res = NULL;
	struct hd_scan_opts o;
	struct hd_report rep = { 0 };
	char *buf = NULL;
	FILE *fp;

	static const char *sel[] = { "2.2", "3.15", "3.16", "5.5", "5.10" };

	hd_scan_opts_init(&o);
	/* The checks whose findings the assertions below count. */
	o.select = sel;
	o.nselect = 5;
	ck_assert_int_eq(hd_scan_run(&res, s, &o), 0);
	rep.results = res;
	rep.snapshot = s;
	rep.started_at = rep.finished_at = "2026-11-23T19:00:00Z";
	rep.profile = "<b>default</b>";
	rep.verbose = true;
	fp = open_memstream(&buf, len);
	ck_assert_int_eq(hd_reporter_find(format)->render(fp, &rep), 0);
	fclose(fp);
	hd_results_free(res);
	hd_snapshot_free(s);
	return buf;
}

/* Escape s with fn into a string. */
static char *
esc(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);

	fn(fp, s);
	fclose(fp);
	return buf;
}

#define ESC_EQ(fn, in, want) do {                  \
		char *got_ = esc(fn, in);          \
		ck_assert_str_eq(got_, want);      \
		free(got_);                        \
	} while (0)

START_TEST(escape_functions)
{
	ESC_EQ(hd_fputs_xml, "<a href='x'>&\"</a>",
	    "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
	ESC_EQ(hd_fputs_xml, "bell\x07" "esc\x1b", "bell\\x07esc\\x1b");
	ESC_EQ(hd_fputs_xml, "ok\tline\n", "ok\tline\n");
	ESC_EQ(hd_fputs_csv, "plain", "\"plain\"");
	ESC_EQ(hd_fputs_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	ESC_EQ(hd_fputs_csv, "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	ESC_EQ(hd_fputs_csv, "@SUM(A1)", "\"'@SUM(A1)\"");
	ESC_EQ(hd_fputs_csv, "a\x1b[2Jb", "\"a\\x1b[2Jb\"");
	ESC_EQ(hd_fputs_prom, "a\"b\\c\nd", "a\\\"b\\\\c\\nd");
	ESC_EQ(hd_fputs_prom, "x\x1by", "x\\\\x1by");
}
END_TEST

/* Prometheus wants valid UTF-8 and HTML/XML readers reorder text at bidi
 * controls: invalid bytes, C1 controls and bidi controls are escaped in
 * every format, valid text is kept. */
START_TEST(escape_utf8_c1_bidi)
{
	/* Prometheus: the escape's backslash is escaped, so it reads back as
	 * the text \xNN. */
	ESC_EQ(hd_fputs_prom, "bad\xff\xfe", "bad\\\\xff\\\\xfe");
	ESC_EQ(hd_fputs_prom, "csi\xc2\x9b" "31m", "csi\\\\xc2\\\\x9b31m");
	ESC_EQ(hd_fputs_prom, "trunc\xe5\x80", "trunc\\\\xe5\\\\x80");
	ESC_EQ(hd_fputs_prom, "rlo\xe2\x80\xae" "gnp", "rlo\\\\u202egnp");
	ESC_EQ(hd_fputs_prom, "over\xc0\xaf", "over\\\\xc0\\\\xaf");
	ESC_EQ(hd_fputs_prom, "surr\xed\xa0\x80", "surr\\\\xed\\\\xa0\\\\x80");
	ESC_EQ(hd_fputs_prom, "caf\xc3\xa9", "caf\xc3\xa9");
	/* XML and HTML: bidi and separators visible, the rest as before. */
	ESC_EQ(hd_fputs_xml, "a\xe2\x80\xae" "b\xe2\x81\xa6" "c", "a\\u202eb\\u2066c");
	ESC_EQ(hd_fputs_xml, "ls\xe2\x80\xa8x", "ls\\u2028x");
	ESC_EQ(hd_fputs_xml, "c1\xc2\x85x\xff", "c1\\xc2\\x85x\\xff");
	ESC_EQ(hd_fputs_xml, "caf\xc3\xa9 \xe5\x80\xa4", "caf\xc3\xa9 \xe5\x80\xa4");
	/* CSV goes through the terminal rules. */
	ESC_EQ(hd_fputs_csv, "x\xe2\x80\xae", "\"x\\u202e\"");
}
END_TEST

/* The cap term_capped() passes to hd_fputs_term_n (esc() takes no
 * argument for it). */
static size_t term_cap;

static void
term_capped(FILE *fp, const char *s)
{
	hd_fputs_term_n(fp, s, term_cap);
}

/* Kept text is written in runs between escapes: an escape first, last,
 * twice in a row, or alone, and a cap that ends inside a run, must each
 * give what escaping one character at a time gave. */
START_TEST(escape_runs_and_caps)
{
	ESC_EQ(hd_fputs_term, "\x1b" "abc", "\\x1babc");
	ESC_EQ(hd_fputs_term, "abc\x1b", "abc\\x1b");
	ESC_EQ(hd_fputs_term, "\x1b\x07", "\\x1b\\x07");
	ESC_EQ(hd_fputs_term, "\\", "\\\\");
	ESC_EQ(hd_fputs_term, "", "");
	ESC_EQ(hd_fputs_term, "a\\b\x1b" "c\xe2\x80\xae" "d", "a\\\\b\\x1bc\\u202ed");
	ESC_EQ(hd_fputs_xml, "&<>", "&amp;&lt;&gt;");
	ESC_EQ(hd_fputs_xml, "x&", "x&amp;");
	ESC_EQ(hd_fputs_csv, "\"\"", "\"\"\"\"\"\"");
	ESC_EQ(hd_fputs_csv, "a\\\"", "\"a\\\\\"\"\"");
	ESC_EQ(hd_fputs_prom, "\n\n", "\\n\\n");
	/* The cap counts bytes of the input; a character begun before it is
	 * written whole. */
	term_cap = 3;
	ESC_EQ(term_capped, "abcdef", "abc");
	ESC_EQ(term_capped, "ab\x1b" "cd", "ab\\x1b");
	term_cap = 2;
	ESC_EQ(term_capped, "a\xc3\xa9z", "a\xc3\xa9");
	term_cap = 0;
	ESC_EQ(term_capped, "abc", "");
}
END_TEST

/* No format lets the ESC/BEL of the hostile container name through raw,
 * nor markup from labels or the profile name. */
START_TEST(hostile_strings_escaped_everywhere)
{
	static const char *const formats[] = { "csv", "junit", "prometheus", "html",
	    "json", "text", "sarif" };

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		size_t len;
		char *out = render(formats[i], &len);

		ck_assert_msg(len > 0, "%s: empty", formats[i]);
		ck_assert_msg(memchr(out, 0x07, len) == NULL, "%s: raw BEL", formats[i]);
		if (strcmp(formats[i], "text") != 0)
			ck_assert_msg(memchr(out, 0x1b, len) == NULL, "%s: raw ESC",
			    formats[i]);
		ck_assert_msg(strstr(out, "<b>default</b>") == NULL ||
		    strcmp(formats[i], "json") == 0 || strcmp(formats[i], "text") == 0 ||
		    strcmp(formats[i], "sarif") == 0,
		    "%s: markup from the profile name", formats[i]);
		free(out);
	}
}
END_TEST

START_TEST(junit_structure)
{
	size_t len;
	char *out = render("junit", &len);

	ck_assert(strncmp(out, "<?xml version=\"1.0\"", 19) == 0);
	ck_assert(strstr(out, "<testcase classname=\"5 Container Runtime "
	    "Configuration\" name=\"5.5 Ensure that privileged containers are not "
	    "used\">") != NULL);
	ck_assert(strstr(out, "<failure type=\"critical\"") != NULL);
	ck_assert(strstr(out, "fail container priv\\x1b]0;pwned\\x07: privileged") != NULL);
	ck_assert(strstr(out, "</testsuites>\n") != NULL);
	free(out);
}
END_TEST

START_TEST(prometheus_structure)
{
	size_t len;
	char *out = render("prometheus", &len);

	ck_assert(strstr(out, "# TYPE hardock_score gauge\nhardock_score ") != NULL);
	ck_assert(strstr(out, "hardock_check{id=\"5.5\",control=\"container."
	    "privileged\",severity=\"critical\",level=\"1\",status=\"fail\"} 1\n")
	    != NULL);
	ck_assert(strstr(out, "name=\"priv\\\\x1b]0;pwned\\\\x07\",status=\"fail\"} 1")
	    != NULL);
	free(out);
}
END_TEST

START_TEST(csv_one_row_per_finding)
{
	size_t len, rows = 0;
	char *out = render("csv", &len);

	for (char *p = out; (p = strstr(p, "\r\n")) != NULL; p += 2)
		rows++;
	/* header + 2.2 + 2 file findings + 4 containers x (5.5, 5.10) */
	ck_assert_int_eq(rows, 1 + 1 + 2 + 8);
	ck_assert(strstr(out, "\"5.10\",\"container.host_network\",\"5 Container "
	    "Runtime Configuration\",\"1\",\"high\",\"fail\",\"container\"") != NULL);
	free(out);
}
END_TEST

START_TEST(html_is_self_contained)
{
	size_t len;
	char *out = render("html", &len);

	char css[45], js[45], *csp;
	const char *p;

	ck_assert(strstr(out, "<!DOCTYPE html>") != NULL);
	/* The policy allows nothing but the page's own style and script, by
	 * the hash of exactly what the page holds. */
	hd_sha256_base64(css, hd_html_css, strlen(hd_html_css));
	hd_sha256_base64(js, hd_html_js, strlen(hd_html_js));
	csp = hd_xasprintf("content=\"default-src 'none'; style-src 'sha256-%s'; "
	    "script-src 'sha256-%s';", css, js);
	ck_assert_msg(strstr(out, csp) != NULL, "no CSP %s", csp);
	free(csp);
	p = strstr(out, "<script>");
	ck_assert_ptr_nonnull(p);
	ck_assert(strncmp(p + 8, hd_html_js, strlen(hd_html_js)) == 0);
	ck_assert(strstr(p + 1, "<script") == NULL);
	ck_assert(strstr(strstr(out, "<style>") + 7, hd_html_css) != NULL);
	/* No fetch from anywhere: no src, no external link, no @import. */
	ck_assert(strstr(out, " src=") == NULL);
	ck_assert(strstr(out, "href=\"http") == NULL);
	ck_assert(strstr(out, "@import") == NULL);
	/* Hostile strings are text. */
	ck_assert(strstr(out, "&lt;b&gt;default&lt;/b&gt;") != NULL);
	ck_assert(strstr(out, "<b>default</b>") == NULL);
	/* The parts a reader looks for. */
	ck_assert(strstr(out, "<svg id=\"chart\"") != NULL);
	ck_assert(strstr(out, "<table id=\"failures\">") != NULL);
	ck_assert(strstr(out, "<form id=\"filters\"") != NULL);
	free(out);
}
END_TEST

/* Nothing passed, failed or errored: the score is not computable in every
 * format, never 100. */
START_TEST(score_not_computable)
{
	static const char *const formats[] = { "text", "json", "html", "prometheus",
	    "sarif" };
	static const char *const want[] = { "Score: not computable",
	    "\"score\":null", "not computable: nothing passed", "hardock_score NaN\n",
	    "\"score\":null" };
	struct hd_snapshot *s = hd_snapshot_new();
	struct hd_results *res = NULL;
	struct hd_scan_opts o;
	static const char *sel[] = { "container.privileged" };

	hd_snapshot_set_value(s, HD_F_ENGINE_CONTAINERS, tu_json("[]"),
	    "GET /containers/json");
	hd_scan_opts_init(&o);
	o.select = sel;
	o.nselect = 1;
	ck_assert_int_eq(hd_scan_run(&res, s, &o), 0);
	ck_assert_int_eq(res->by_status[HD_NOTAPPLICABLE], 1);
	ck_assert_int_eq(res->score, -1);
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct hd_report rep = { 0 };
		char *buf = NULL;
		size_t len;
		FILE *fp = open_memstream(&buf, &len);

		rep.results = res;
		rep.snapshot = s;
		rep.started_at = rep.finished_at = "2026-11-23T19:00:00Z";
		rep.profile = "default";
		ck_assert_int_eq(hd_reporter_find(formats[i])->render(fp, &rep), 0);
		fclose(fp);
		ck_assert_msg(strstr(buf, want[i]) != NULL, "%s lacks %s", formats[i],
		    want[i]);
		free(buf);
	}
	hd_results_free(res);
	hd_snapshot_free(s);
}
END_TEST

static Suite *
formats_suite(void)
{
	Suite *s = suite_create("formats");
	TCase *tc = tcase_create("formats");

	tcase_add_test(tc, score_not_computable);
	tcase_add_test(tc, escape_functions);
	tcase_add_test(tc, escape_runs_and_caps);
	tcase_add_test(tc, hostile_strings_escaped_everywhere);
	tcase_add_test(tc, escape_utf8_c1_bidi);
	tcase_add_test(tc, junit_structure);
	tcase_add_test(tc, prometheus_structure);
	tcase_add_test(tc, csv_one_row_per_finding);
	tcase_add_test(tc, html_is_self_contained);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(formats_suite)
