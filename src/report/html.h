/* The HTML report's parts: the page (html.c), every check with its
 * objects (html_results.c), the inline style and script (html_assets.c). */
#ifndef HARDOCK_REPORT_HTML_H
#define HARDOCK_REPORT_HTML_H

#include <stdio.h>

#include <hardock/report.h>

/* Rows of a table of objects shown at first; the script pages the rest. */
#define HD_HTML_PAGE 50

extern const char hd_html_css[];
extern const char hd_html_js[];

/* The "All checks" part: filters, then a <details> per check. */
void hd_html_results(FILE *out, const struct hd_report *rep);

/* The evidence of f as a table (field, value, source, sha256). */
void hd_html_evidence(FILE *out, const struct hd_finding *f);

#endif
