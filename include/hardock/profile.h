/*
 * hardock: profiles, files a person writes (YAML with comments, or JSON)
 * that say which checks run, with which parameters and severities, on
 * which objects, and which failures are waived, by whom and until when:
 *
 *   name: web-hosts
 *   extends: cis-level1          # a shipped profile, or a path
 *   benchmark: cis-1.8.0         # the ids below are this version's
 *   checks: ["1", "2", "5"]
 *   exclude: ["2.13"]
 *   severity: {"5.10": critical}
 *   params: {trusted_users: [alice, bob]}
 *   objects: {include: ["label:env=prod"], exclude: ["name:ci-*"]}
 *   waivers:
 *     - check: "5.10"
 *       objects: ["name:node-exporter"]
 *       justification: needs host network for metrics
 *       approved_by: jane.doe@example.com
 *       expires: 2027-03-31
 *       ticket: SEC-1234
 *
 * Every key is optional but "name"; a waiver needs check, justification,
 * approved_by and expires. Unknown keys, unknown check ids, parameters and
 * severities, malformed selectors and dates are errors naming
 * FILE:LINE:COLUMN, so a typo never silently widens what a profile allows.
 * See hardock-profile(5).
 */
#ifndef HARDOCK_PROFILE_H
#define HARDOCK_PROFILE_H

#include <stddef.h>
#include <stdio.h>

#include "scan.h"

struct hd_profile;

/* Parse a profile from a buffer (YAML or JSON); origin names it in
 * messages ("ORIGIN:LINE:COLUMN: problem", HD_EPARSE). "extends" is
 * recorded, not followed (hd_profile_load() follows it). */
int hd_profile_parse(struct hd_profile **out, const char *data, size_t len,
    const char *origin);

/* Load a profile by path (contains '/' or ends in .yaml, .yml or .json)
 * or by name from the shipped profiles directory (NAME.yaml, NAME.yml,
 * NAME.json; also the source tree's profiles/ when run from a build
 * directory). Follows "extends" up to 8 levels; a relative path there is
 * relative to the directory of the profile that extends. */
int hd_profile_load(struct hd_profile **out, const char *name_or_path);

void hd_profile_free(struct hd_profile *p);

/* The profile's name, the path (or origin) it was read from, the sha256
 * (hex) of its bytes, and the profile it extends (NULL when none). */
const char *hd_profile_name(const struct hd_profile *p);
const char *hd_profile_origin(const struct hd_profile *p);
const char *hd_profile_sha256(const struct hd_profile *p);
const struct hd_profile *hd_profile_parent(const struct hd_profile *p);

/* The bytes p was parsed from (borrowed), its length in *len: with
 * hd_profile_origin(), what another process needs to rebuild p. */
const char *hd_profile_text(const struct hd_profile *p, size_t *len);

/* Rebuild a profile hd_profile_load() gave from its chain, without
 * reading a file: n profiles, the i-th parsed from texts[i][0..lens[i])
 * as origins[i], each extending the next (the first is the one loaded).
 * HD_EPARSE when one does not parse or the "extends" do not line up. */
int hd_profile_parse_chain(struct hd_profile **out, size_t n,
    const char *const *origins, const char *const *texts, const size_t *lens);

/* Add the profile's selection, severities, parameters, object scope and
 * waivers to o, the profiles it extends first. Pointers into p stay valid
 * while p lives. Selectors and parameters given on the command line
 * afterwards take precedence. */
void hd_profile_apply(const struct hd_profile *p, struct hd_scan_opts *o);

/* Print the effective profile (after extends) as YAML, preceded by
 * comments naming each file read and its sha256. */
int hd_profile_show(FILE *out, const struct hd_profile *p);
/* The names hd_profile_load() finds by name (the *.yaml, *.yml and *.json
 * files of the profiles directory, and of the source tree's when run from
 * a build directory), sorted, without duplicates, as a NULL-terminated vector
 * (free with hd_strv_free()); empty when neither directory exists. */
char **hd_profile_names(void);

/* Directory searched for profiles by name. */
const char *hd_profile_dir(void);

#endif
