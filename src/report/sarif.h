/* Helpers of the SARIF reporter (sarif.c), apart so that they are
 * unit-tested alone: URI references and the severity mapping. */
#ifndef HARDOCK_REPORT_SARIF_H
#define HARDOCK_REPORT_SARIF_H

#include <hardock/check.h>
#include <hardock/scan.h>

/* s with every byte that is not an RFC 3986 unreserved character
 * (ALPHA DIGIT - . _ ~) or '/' written as %XX (upper-case hex): spaces,
 * control characters, '%', '#', '?', ':', '@' and every byte of a
 * non-ASCII character, so that the result is a URI path that no consumer
 * reads as a scheme, a query or a fragment. Caller frees. */
char *hd_uri_encode_path(const char *s);

/* A path inside a tree (an image's filesystem, a host's root) as a
 * relative URI reference: without leading '/', empty and "." segments
 * dropped, ".." removing the segment before it (never climbing above
 * the root, as in a filesystem), then hd_uri_encode_path(). "" when
 * nothing is left (the root itself). Caller frees. */
char *hd_uri_relative_path(const char *path);

/* s for a SARIF plain text message: '\\', '[' and ']' preceded by '\\', so
 * that a name such as "[x](1)" is not read as an embedded link to a
 * related location (SARIF 3.11.6). Caller frees. */
char *hd_sarif_text(const char *s);

/* The SARIF level of a failing result of severity sev: critical and high
 * "error", medium "warning", low and info "note". */
const char *hd_sarif_level(enum hd_severity sev);

/* GitHub code scanning's properties["security-severity"] score for sev:
 * "9.5", "8.0", "5.5", "3.0", "0.0". */
const char *hd_sarif_security_severity(enum hd_severity sev);

/* The repository of an image reference: without its "@digest" and its
 * ":tag" (a ':' after the last '/'), so "registry:5000/app:v1" gives
 * "registry:5000/app". Caller frees. */
char *hd_image_repository(const char *ref);

/* ---- Locations and fingerprints (sarif_where.c) ------------------------- */

/* What locations and fingerprints need to know of the whole report. */
struct hd_sarif_subjects {
	const char *hostname; /* the audited host's name, "" when unknown */
	json_object *repos;   /* image repository -> {reference: true}, of the
	                       * images that get a result */
};

/* Fill out for the results res of host hostname (borrowed); release with
 * hd_sarif_subjects_release(). */
void hd_sarif_subjects_init(struct hd_sarif_subjects *out,
    const struct hd_results *res, const char *hostname);
void hd_sarif_subjects_release(struct hd_sarif_subjects *s);

/* Whether a finding of status st gives a result: fail, waived, error. */
bool hd_sarif_reported(enum hd_status st);

/* The name f's object is shown and known by: its name, else its id. */
const char *hd_sarif_object_label(const struct hd_finding *f);

/* result.locations of f: [{physicalLocation, logicalLocations?,
 * properties?}] (new reference). */
json_object *hd_sarif_locations(const struct hd_sarif_subjects *s,
    const struct hd_finding *f);

/* result.relatedLocations of an image finding naming several files inside
 * the image, else NULL (new reference). */
json_object *hd_sarif_related(const struct hd_finding *f);

/* result.partialFingerprints of f under control key: {"hardockFinding/v1":
 * SHA-256 hex} (new reference). */
json_object *hd_sarif_fingerprint(const struct hd_sarif_subjects *s,
    const char *key, const struct hd_finding *f);

#endif
