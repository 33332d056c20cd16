/* The end of the text report: counts, the score next to the score of each
 * section, the top failures by severity with their one-line fix, and the
 * warnings about waivers. It is what -q leaves besides the failures. */
#include <stdlib.h>
#include <string.h>

#include <hardock/report.h>

#include "report/reporters.h"
#include "report/textwrap.h"

#define TOP_FAILURES 10
#define SECTION_COL 48

static const char *const sev_colors[HD_SEV__COUNT] = {
	[HD_SEV_INFO] = "", [HD_SEV_LOW] = "", [HD_SEV_MEDIUM] = "\033[33m",
	[HD_SEV_HIGH] = "\033[31m", [HD_SEV_CRITICAL] = "\033[1;31m",
};

/* "62%", or "-" when not computable, into buf. */
static const char *
score_text(char *buf, size_t len, int score)
{
	if (score < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d%%", score);
	return buf;
}

/* What was audited, and the count of each status (empty ones but pass and
 * fail left out) with the failed checks per severity. */
static void
counts(struct tw *t, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	json_object *h = hd_report_host_block(rep->snapshot), *v;
	size_t sev[HD_SEV__COUNT] = { 0 };
	bool first = true;

	size_t inherited = 0;

	for (size_t i = 0; i < res->count; i++)
		if (res->items[i].status == HD_FAIL) {
			sev[res->items[i].severity]++;
			inherited += hd_result_inherited(&res->items[i]);
		}
	fputc('\n', t->out);
	tw_line(t, 2);
	tw_color(t, TW_BOLD);
	tw_raw(t, "Summary:", 8);
	tw_color(t, TW_RESET);
	if (json_object_object_get_ex(h, "hostname", &v) && v != NULL) {
		tw_text(t, json_object_get_string(v), true);
		tw_raw(t, ",", 1);
	}
	tw_printf(t, true, "%s,", res->pack->name);
	tw_printf(t, true, "profile");
	tw_text(t, rep->profile, true);
	tw_end(t);
	json_object_put(h);
	tw_line(t, 2);
	for (int st = 0; st < HD_STATUS__COUNT; st++) {
		char more[128] = "";
		size_t len = 0;

		if (res->by_status[st] == 0 && st != HD_PASS && st != HD_FAIL)
			continue;
		for (int k = HD_SEV__COUNT - 1; st == HD_FAIL && k >= 0; k--)
			if (sev[k] && len < sizeof(more))
				len += (size_t)snprintf(more + len, sizeof(more) - len,
				    "%s%zu %s", len ? ", " : " (", sev[k],
				    hd_severity_name(k));
		if (!first)
			tw_raw(t, ",", 1);
		tw_printf(t, !first, "%s%zu %s%s%s", first ? "  " : "",
		    res->by_status[st], hd_status_name(st), more, len ? ")" : "");
		first = false;
	}
	/* Failures that only the base image's layers or history cause. */
	if (inherited > 0)
		tw_printf(t, false, "; %zu failed only through the base image "
		    "(inherited)", inherited);
	tw_end(t);
}

/* The score, and each section's beside it. */
static void
scores(struct tw *t, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	char buf[16];

	tw_line(t, 2);
	tw_color(t, TW_BOLD);
	if (res->score < 0)
		tw_printf(t, false, "Score: not computable");
	else
		tw_printf(t, false, "Score: %d%%", res->score);
	tw_color(t, TW_RESET);
	tw_printf(t, true, "(pass / (pass + fail + error))");
	tw_end(t);
	tw_line(t, 2);
	tw_rawf(t, "  %-*s %5s %5s %5s %5s", SECTION_COL, "by section", "score",
	    "pass", "fail", "error");
	tw_end(t);
	for (size_t i = 0; i < res->nsections; i++) {
		const struct hd_section_stats *s = &res->sections[i];

		if (s->count == s->by_status[HD_NOTSELECTED])
			continue;
		tw_line(t, 4);
		tw_raw(t, "  ", 2);
		tw_text(t, s->name, false);
		/* A long name keeps its line; the figures go to the next. */
		if (t->col > SECTION_COL + 2) {
			tw_end(t);
			tw_line(t, 4);
		}
		tw_pad(t, SECTION_COL + 2, false);
		tw_rawf(t, " %5s %5zu %5zu %5zu", score_text(buf, sizeof(buf),
		    s->score), s->by_status[HD_PASS], s->by_status[HD_FAIL],
		    s->by_status[HD_ERROR]);
		tw_end(t);
	}
}

/* The most severe failures, each with its one-line fix. */
static void
top_failures(struct tw *t, const struct hd_report *rep)
{
	const struct hd_results *res = rep->results;
	size_t *idx = NULL, n = hd_report_top_failures(&idx, res, TOP_FAILURES);

	if (n > 0) {
		tw_line(t, 2);
		tw_color(t, TW_BOLD);
		tw_printf(t, false, "Top failures, most severe first:");
		tw_color(t, TW_RESET);
		tw_end(t);
	}
	for (size_t i = 0; i < n; i++) {
		const struct hd_result *r = &res->items[idx[i]];
		size_t nfail = hd_result_count(r, HD_FAIL);
		char *fix = hd_first_sentence(r->remediation);

		tw_line(t, 21);
		tw_raw(t, "  ", 2);
		tw_color(t, sev_colors[r->severity]);
		tw_rawf(t, "%-8s", hd_severity_name(r->severity));
		tw_color(t, TW_RESET);
		tw_rawf(t, " %s", r->rule->id);
		tw_pad(t, 21, true);
		tw_text(t, r->rule->title, false);
		if (nfail > 0)
			tw_printf(t, true, "(%zu of %zu %ss)", nfail, (size_t)r->top.nchildren,
			    hd_object_kind_name(r->top.children[0].kind));
		tw_end(t);
		if (fix != NULL) {
			tw_line(t, 26);
			tw_pad(t, 21, false);
			tw_raw(t, "fix:", 4);
			tw_text(t, fix, true);
			tw_end(t);
		}
		free(fix);
	}
	free(idx);
}

/* Stale, expiring and expired waivers. */
static void
warnings(struct tw *t, const struct hd_report *rep)
{
	struct hd_warning *w = NULL;
	size_t n = hd_report_warnings(&w, rep->results);

	for (size_t i = 0; i < n; i++) {
		tw_line(t, 11);
		tw_color(t, "\033[33m");
		tw_raw(t, "  warning:", 10);
		tw_color(t, TW_RESET);
		tw_text(t, w[i].message, true);
		tw_end(t);
	}
	hd_warnings_free(w, n);
}

void
hd_text_summary(struct tw *t, const struct hd_report *rep)
{
	counts(t, rep);
	scores(t, rep);
	warnings(t, rep);
	top_failures(t, rep);
}
