/* Render functions listed in reporters.c. */
#ifndef HARDOCK_REPORT_REPORTERS_H
#define HARDOCK_REPORT_REPORTERS_H

#include <hardock/report.h>

int hd_render_text(FILE *out, const struct hd_report *rep);
int hd_render_json(FILE *out, const struct hd_report *rep);
int hd_render_csv(FILE *out, const struct hd_report *rep);
int hd_render_junit(FILE *out, const struct hd_report *rep);
int hd_render_prometheus(FILE *out, const struct hd_report *rep);
int hd_render_html(FILE *out, const struct hd_report *rep);
int hd_render_sarif(FILE *out, const struct hd_report *rep);

/* The whole report as the JSON document of schema HD_REPORT_SCHEMA_VERSION
 * (new reference); other formats may derive from it. */
json_object *hd_report_json(const struct hd_report *rep);

/* Write text with every line after the first indented by ind spaces, a
 * line at a time: the streaming JSON and SARIF reports put one pretty
 * printed piece after another (a result of a thousand findings is
 * megabytes). */
void hd_fputs_indented(FILE *out, const char *text, int ind);

/* ---- Shared summaries (summary.c) -------------------------------------- */

/* Children of one result with the same status, message and waiver. */
struct hd_group {
	enum hd_status status;
	const char *message; /* borrowed from the first child */
	const char *waiver;  /* likewise, NULL when not waived */
	const size_t *items; /* indices into the result's children */
	size_t n;
};

struct hd_groups {
	struct hd_group *v;
	size_t n;
	size_t *idx; /* what items point into */
};

/* The children of r whose status is in mask (bit 1 << status) grouped by
 * identical message: fail, then error, waived, manual, others; within a
 * status the larger group first. Release with hd_groups_release(). */
void hd_report_groups(struct hd_groups *out, const struct hd_result *r,
    unsigned mask);
void hd_groups_release(struct hd_groups *g);

/* The children of r with status st. */
size_t hd_result_count(const struct hd_result *r, enum hd_status st);

/* Indices of the failed results, more severe first, then more failing
 * objects, then pack order, into *out (caller frees); returns how many,
 * at most max (0: all). */
size_t hd_report_top_failures(size_t **out, const struct hd_results *res,
    size_t max);

/* The first sentence of text (up to ". "), for one-line fixes; caller
 * frees; NULL for NULL. */
char *hd_first_sentence(const char *text);

enum hd_warning_kind {
	HD_WARN_STALE = 0,
	HD_WARN_EXPIRING,
	HD_WARN_EXPIRED,
};

/* A warning every format carries: a waiver that is stale, expiring
 * within --warn-expiry days, or expired. */
struct hd_warning {
	enum hd_warning_kind kind;
	const struct hd_waiver_use *use;
	char *message; /* "FILE:LINE:COL: the waiver for 5.10 ..." */
};

/* The scan's warnings in waiver order into *out; free with
 * hd_warnings_free(). */
size_t hd_report_warnings(struct hd_warning **out, const struct hd_results *res);
void hd_warnings_free(struct hd_warning *w, size_t n);

/* "stale_waiver", "expiring_waiver", "expired_waiver". */
const char *hd_warning_kind_name(enum hd_warning_kind k);

#endif
