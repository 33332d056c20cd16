/*
 * hardock: profiles, hand-written JSON files that say which checks run,
 * with which parameters, on which objects, and which failures are waived.
 *
 *   {"name": "web-hosts", "description": "...", "extends": "cis-level1",
 *    "level": 1, "checks": ["1", "2", "5"], "exclude": ["2.13"],
 *    "params": {"trusted_users": "alice,bob"},
 *    "objects": {"include": ["label:env=prod"], "exclude": ["name:ci-*"]},
 *    "waivers": [{"check": "5.10", "object": "name:node-exporter",
 *                 "justification": "needs host network for metrics",
 *                 "expires": "2027-03-31"}]}
 *
 * Every key is optional but "name". Unknown keys are errors, so a typo
 * never silently widens what a profile allows. See hardock-profile(5).
 */
#ifndef HARDOCK_PROFILE_H
#define HARDOCK_PROFILE_H

#include <stddef.h>

#include "scan.h"

struct hd_profile;

/* Parse a profile from a buffer; origin names it in messages. HD_EPARSE
 * with "origin: ..." on malformed JSON, unknown keys, wrong types or a
 * waiver without justification or with a bad date. */
int hd_profile_parse(struct hd_profile **out, const char *data, size_t len,
    const char *origin);

/* Load a profile by path (contains '/' or ends in .json) or by name from
 * the shipped profiles directory (and the source tree's profiles/ when run
 * from a build directory). Follows "extends" up to 8 levels. */
int hd_profile_load(struct hd_profile **out, const char *name_or_path);

void hd_profile_free(struct hd_profile *p);

/* The profile's name. */
const char *hd_profile_name(const struct hd_profile *p);

/* Add the profile's selection, parameters, object scope and waivers to o.
 * Pointers into p stay valid while p lives. Selectors and parameters
 * given on the command line afterwards take precedence. */
void hd_profile_apply(const struct hd_profile *p, struct hd_scan_opts *o);

/* The names hd_profile_load() finds by name (the *.json files of the
 * profiles directory, and of the source tree's when run from a build
 * directory), sorted, without duplicates, as a NULL-terminated vector
 * (free with hd_strv_free()); empty when neither directory exists. */
char **hd_profile_names(void);

/* Directory searched for profiles by name. */
const char *hd_profile_dir(void);

#endif
