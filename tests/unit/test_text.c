/* The text report at 1,000 containers: failures grouped by message and
 * capped, 80 columns, ids never cut, -q and -v, the summary's section
 * scores, top failures by severity with their fix, waiver warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hardock/report.h>

#include "report/reporters.h"
#include "testutil.h"

#define N 1000
#define LONG_NAME "a-container-name-far-longer-than-eighty-columns-that-no-" \
	"wrapping-may-ever-cut-in-two-0123456789"

static struct hd_snapshot *snap;
static struct hd_results *res;
static struct hd_waiver waiver;
static const char *const waiver_objs[] = { "name:no-such-*" };

/* 1,000 containers without memory limit; every 100th privileged; one with
 * a name longer than a line; a stale waiver. */
static void
setup(void)
{
	struct hd_scan_opts o;

	snap = hd_snapshot_new();
	for (int i = 0; i < N; i++) {
		char *doc = hd_xasprintf("{\"Id\":\"%064x\",\"Name\":\"/%s%d\","
		    "\"HostConfig\":{\"Privileged\":%s,\"Memory\":0}}", i + 1,
		    i == 7 ? LONG_NAME : "web-", i, i % 100 == 0 ? "true" : "false");

		tu_add_container(snap, doc);
		free(doc);
	}
	hd_scan_opts_init(&o);
	waiver.check = "5.10";
	waiver.objects = waiver_objs;
	waiver.nobjects = 1;
	waiver.justification = "monitoring";
	waiver.approved_by = "jane";
	waiver.expires = "2027-01-10";
	waiver.where = "prod.yaml:9:5";
	o.waivers = &waiver;
	o.nwaivers = 1;
	o.today = "2027-01-01";
	ck_assert_int_eq(hd_scan_run(&res, snap, &o), 0);
	o.waivers = NULL;
	o.nwaivers = 0;
	hd_scan_opts_release(&o);
}

static void
teardown(void)
{
	hd_results_free(res);
	hd_snapshot_free(snap);
}

/* Render the text report into a string. */
static char *
render(bool quiet, bool verbose, size_t max_objects)
{
	struct hd_report rep = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	rep.results = res;
	rep.snapshot = snap;
	rep.started_at = rep.finished_at = rep.collected_at = "2027-01-01T00:00:00Z";
	rep.profile = "prod";
	rep.quiet = quiet;
	rep.verbose = verbose;
	rep.max_objects = max_objects;
	ck_assert_int_eq(hd_render_text(fp, &rep), 0);
	fclose(fp);
	return buf;
}

/* s with every run of spaces and newlines made one space (wrapping
 * undone), in place. */
static char *
flat(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++)
		if (*r != ' ' && *r != '\n')
			*w++ = *r;
		else if (w > s && w[-1] != ' ')
			*w++ = ' ';
	*w = '\0';
	return s;
}

/* How many times needle occurs in hay. */
static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

START_TEST(groups_and_caps_objects)
{
	char *out = render(false, false, 5);
	const char *r511 = strstr(out, "] 5.11 ");

	ck_assert_ptr_nonnull(r511);
	/* One line for all 1,000, five named, the rest counted. */
	ck_assert_msg(strstr(r511, "[FAIL  ] 1000 containers: no memory limit "
	    "(HostConfig.Memory=0)\n") != NULL, "%.600s", r511);
	ck_assert(strstr(r511, "and 995 more containers") != NULL);
	ck_assert_int_lt(strstr(r511, "and 995 more") - r511, 600);
	/* The privileged ones: ten of a thousand. */
	ck_assert(strstr(out, "[FAIL  ] 10 containers: privileged\n") != NULL);
	ck_assert(strstr(out, "and 5 more containers") != NULL);
	/* Not 10,000 lines: a line or three per check. */
	ck_assert_int_lt(count(out, "\n"), 800);
	ck_assert_int_eq(count(out, "web-999"), 0);
	free(out);
	out = render(false, false, 2);
	ck_assert(strstr(out, "and 998 more containers") != NULL);
	free(out);
}
END_TEST

START_TEST(eighty_columns_and_ids_whole)
{
	char *out = render(false, true, 0);
	size_t lines = 0;

	for (char *line = out, *nl; *line; line = nl + 1) {
		size_t cols = 0;

		nl = strchr(line, '\n');
		ck_assert_ptr_nonnull(nl);
		for (char *p = line; p < nl; p++)
			cols += ((unsigned char)*p & 0xc0) != 0x80;
		/* Only a word longer than a line may pass 80, alone on it. */
		if (cols > 80)
			ck_assert_msg(memmem(line, (size_t)(nl - line), LONG_NAME,
			    strlen(LONG_NAME)) != NULL, "%.*s", (int)(nl - line), line);
		lines++;
	}
	ck_assert_int_gt(lines, N);
	/* The long name is never cut, and neither is a full id in evidence. */
	ck_assert(strstr(out, LONG_NAME "7") != NULL);
	/* -v: every object and the evidence of each. */
	ck_assert(strstr(out, "web-999 (") != NULL);
	ck_assert(strstr(out, "HostConfig.Privileged = true (GET") != NULL);
	free(out);
}
END_TEST

START_TEST(quiet_prints_failures_and_summary)
{
	char *out = render(true, false, 5);

	ck_assert(strstr(out, "hardock " HARDOCK_VERSION) == NULL);
	ck_assert(strstr(out, "[PASS  ]") == NULL);
	ck_assert(strstr(out, "[N/A   ]") == NULL);
	ck_assert(strstr(out, "[FAIL  ] 5.5 ") != NULL);
	ck_assert(strstr(out, "Summary:") != NULL);
	ck_assert(strstr(out, "Score:") != NULL);
	free(out);
}
END_TEST

START_TEST(summary_scores_top_failures_warnings)
{
	char *out = flat(render(false, false, 5));
	const char *sum = strstr(out, " Summary:"), *top, *crit, *med;

	ck_assert_ptr_nonnull(sum);
	/* The score, and next to it each section's. */
	ck_assert(strstr(sum, " Score: ") != NULL);
	ck_assert_msg(strstr(sum, " 5 Container Runtime Configuration ") != NULL,
	    "%.900s", sum);
	/* Top failures: critical first, each with the first sentence of its
	 * fix, and how many objects fail. */
	top = strstr(sum, "Top failures, most severe first: ");
	ck_assert_ptr_nonnull(top);
	crit = strstr(top, " critical 5.5 ");
	med = strstr(top, " medium ");
	ck_assert_ptr_nonnull(crit);
	ck_assert(med == NULL || crit < med);
	ck_assert(strstr(crit, "(10 of 1000 containers)") != NULL);
	ck_assert(strstr(crit, "fix: Recreate the container without --privileged;")
	    != NULL);
	/* The stale waiver, that expires in nine days too. */
	ck_assert_msg(strstr(sum, "warning: prod.yaml:9:5: the waiver for 5.10 "
	    "[name:no-such-*] expires on 2027-01-10, in 9 days") != NULL, "%.900s",
	    strstr(sum, "warning"));
	ck_assert(strstr(sum, "warning: prod.yaml:9:5: the waiver for 5.10 "
	    "[name:no-such-*] is stale") != NULL);
	free(out);
}
END_TEST

static Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("text");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, groups_and_caps_objects);
	tcase_add_test(tc, eighty_columns_and_ids_whole);
	tcase_add_test(tc, quiet_prints_failures_and_summary);
	tcase_add_test(tc, summary_scores_top_failures_warnings);
	suite_add_tcase(s, tc);
	return s;
}

HD_TEST_MAIN(text_suite)
