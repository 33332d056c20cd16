/*
 * hardock: reporters turn results into an output format.
 *
 * Reporters are listed in one table (src/report/reporters.c). A reporter
 * renders; it never decides a status. Every attacker-controlled string
 * (container names, labels, image metadata, config values) is escaped for
 * the format being written.
 */
#ifndef HARDOCK_REPORT_H
#define HARDOCK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "sandbox.h"
#include "scan.h"
#include "snapshot.h"

/* 1.1: benchmark.id (the pack), results[].control (the stable control
 * key beside the benchmark id), summary.score null when not computable.
 * 1.2: summary.sections (counts and score per section) and
 * summary.score_formula; profile_sha256 and profile_files; waivers (each
 * with its state) and warnings (stale, expiring, expired waivers);
 * waivers_as_of; evidence[].sha256 of configuration files;
 * results[].control_severity when a profile changed the severity.
 * 1.3: findings[].inherited (true, only when it is) for what fails only
 * through the base image. The JSON Schema is schemas/report-1.3.json. */
#define HD_REPORT_SCHEMA_VERSION "1.3"

struct hd_profile;

/* Everything a reporter may show. */
struct hd_report {
	const struct hd_results *results;
	const struct hd_snapshot *snapshot; /* host block facts */
	const char *collected_at; /* when the facts were gathered (RFC 3339 UTC);
	                           * earlier than started_at for --snapshot */
	const char *started_at;   /* when this evaluation started */
	const char *finished_at;  /* when it ended */
	const char *profile;
	const struct hd_profile *profile_file; /* the profile read (its files
	                                        * and digests), or NULL */
	const struct hd_sandbox *sandbox; /* how this run was confined; NULL
	                                   * leaves it out */
	bool color;   /* terminal colour allowed */
	bool verbose; /* text: every object, and evidence for every result */
	bool quiet;   /* text: only failures and the summary */
	size_t max_objects; /* text: objects named per group; 0 = all */
	int width;    /* text: wrap at this many columns; 0 = 80 */
};

struct hd_reporter {
	const char *name;
	const char *description;
	int (*render)(FILE *out, const struct hd_report *rep);
	const char *details; /* what the man page says of the format beyond
	                      * description (paragraphs split by "\n\n"), or
	                      * NULL */
};

/* The reporter named name, NULL when unknown. */
const struct hd_reporter *hd_reporter_find(const char *name);

/* Number of reporters and the i-th, for --help and the man page. */
size_t hd_reporter_count(void);
const struct hd_reporter *hd_reporter_get(size_t i);

/* The host block {hostname, kernel, os, docker_version, api_version,
 * engine, engine_url, root, engine_error, dockerd_not_applicable} derived
 * from the snapshot (new reference). */
json_object *hd_report_host_block(const struct hd_snapshot *s);

/* One per-object finding as the JSON report writes it (new reference):
 * {"object": {"kind", "id", "name"}, "status", "message", "evidence",
 * "waiver"?}. */
json_object *hd_report_finding_json(const struct hd_finding *f);

/* Parse a JSON report held in data[0..len) for hd_report_diff():
 * HD_EPARSE with the position when it is not JSON, or "not a hardock
 * JSON report" when it is not an object with "results". */
int hd_report_parse(json_object **out, const char *data, size_t len);

/* The benchmark pack a JSON report was evaluated against (benchmark.id,
 * or for schema 1.0 reports benchmark.version); NULL when hardock does not
 * ship it. */
const struct hd_pack *hd_report_pack(json_object *report);

/* The control key of result r of a report evaluated against pack p: its
 * "control", else the control of its "id" in p (reports of schema 1.0);
 * NULL when neither is known. Borrowed from r or the pack. */
const char *hd_report_result_control(json_object *r, const struct hd_pack *p);

/* Compare two JSON reports (new reference): {"schema_version",
 * "benchmark": {"old", "new", "changed"}, "old_started_at",
 * "new_started_at", "score": {"old", "new"} (null: not computable),
 * "changes": [{"id", "control", "old_id"?, "title", "old_status",
 * "new_status"}], "new_findings": [{"id", "control", "title", "finding"}],
 * "resolved_findings": [...]}. Results are matched by control key (so a
 * report of another benchmark version compares), findings by object kind
 * and id; only fail and error findings count. Malformed input yields
 * empty lists. (hardock diff -f json adds "tool", its sandbox.) */
json_object *hd_report_diff(json_object *old, json_object *new);

/* Write s to out with every control character escaped (\xNN, \e, \n...),
 * for terminals. */
void hd_fputs_term(FILE *out, const char *s);

/* The same for at most the first max bytes of s (whole characters). */
void hd_fputs_term_n(FILE *out, const char *s, size_t max);

/* s escaped for XML and HTML text and attribute values. */
void hd_fputs_xml(FILE *out, const char *s);

/* s as one quoted CSV field, safe from spreadsheet formula injection. */
void hd_fputs_csv(FILE *out, const char *s);

/* s escaped as a Prometheus label value (without the quotes). */
void hd_fputs_prom(FILE *out, const char *s);

#endif
