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

/* The whole report as the JSON document of schema HD_REPORT_SCHEMA_VERSION
 * (new reference); other formats may derive from it. */
json_object *hd_report_json(const struct hd_report *rep);

#endif
