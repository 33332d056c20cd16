/*
 * hardock: one fleet report from many hosts' JSON reports (hardock merge).
 *
 * Reports are added one at a time and only what the fleet report needs is
 * kept (per host: name, times, benchmark, score, counts; per control: the
 * hosts failing it), so memory is bounded by one parsed report plus the
 * aggregate. Results are matched by control key, so hosts audited against
 * different benchmark versions merge; the fleet report warns when they do
 * (the same id then names different recommendations).
 *
 * Fleet report, schema HD_FLEET_SCHEMA_VERSION (man/hardock-json.5):
 *   {"schema_version", "generated_at", "max_age_seconds", "fail_on",
 *    "summary": {"hosts", "hosts_failing", "stale", "missing",
 *                "unreadable", "benchmarks": [..], "warnings": [..]},
 *    "hosts": [{"host", "report", "collected_at", "benchmark",
 *               "hardock_version", "score", "counts", "failed",
 *               "failed_at_threshold", "stale", "error"}],
 *    "checks": [{"control", "ids": {pack: id}, "title", "severity",
 *                "failing": n, "hosts": [names], "errors": n}],
 *    "missing": [names], "tool"?}
 * ("tool", how hardock merge confined itself, is added by the command and
 * rendered when present).
 * checks are sorted worst first: most failing hosts, then severity.
 */
#ifndef HARDOCK_FLEET_H
#define HARDOCK_FLEET_H

#include <stdio.h>
#include <time.h>
#include <json-c/json.h>

#include "check.h"

#define HD_FLEET_SCHEMA_VERSION "1.0"

struct hd_fleet;

struct hd_fleet *hd_fleet_new(void);
void hd_fleet_free(struct hd_fleet *f);

/* Add one host's parsed report (borrowed; nothing of it is kept).
 * A document that is not a hardock report is recorded as unreadable. A
 * second report of the same host replaces the older one (by
 * collected_at), with a warning. */
void hd_fleet_add(struct hd_fleet *f, const char *path, json_object *report);

/* Record a report that could not be read or parsed, with the reason. */
void hd_fleet_add_error(struct hd_fleet *f, const char *path,
    const char *why);

/* A host that must report: listed as missing when no report names it. */
void hd_fleet_expect(struct hd_fleet *f, const char *host);

/* The fleet report (new reference) as of now: a host whose report was
 * collected more than max_age seconds earlier is stale; a host fails when
 * a result at or above fail_on (severity) failed. */
json_object *hd_fleet_json(const struct hd_fleet *f, time_t now,
    long max_age, enum hd_severity fail_on);

/* Whether the fleet report says anything is wrong: a host failing at the
 * threshold, or a host stale, missing or unreadable (exit status 1). */
bool hd_fleet_failed(json_object *fleet);

/* The fleet report for a person (terminal escaping), and as one
 * self-contained HTML page. */
int hd_fleet_render_text(FILE *out, json_object *fleet);
int hd_fleet_render_html(FILE *out, json_object *fleet);

#endif
