/*
 * hardock: what `hardock watch` computes between two states of the
 * results: verdicts (one recommendation on one object) and the changes
 * worth a line. Pure functions over results; the CLI does the I/O.
 */
#ifndef HARDOCK_WATCH_H
#define HARDOCK_WATCH_H

#include <stdio.h>
#include <json-c/json.h>

#include "scan.h"

/* The status of one recommendation on one object, or of the whole
 * recommendation when it has no per-object findings (kind host, id ""). */
struct hd_verdict {
	size_t rule;              /* index into the results' items */
	enum hd_object_kind kind;
	char *id;                 /* object id, "" for the recommendation */
	char *name;
	enum hd_status status;
	const struct hd_finding *f; /* valid while the results are unchanged */
	json_object *json;        /* the finding as JSON when kept (owned) */
};

struct hd_verdicts {
	struct hd_verdict *v;     /* sorted by rule, kind, id */
	size_t n;
	size_t alloc;             /* slots allocated in v */
};

/* The verdicts of res into out (cleared first): every one, or when id is
 * not NULL only those of that object of kind. keep_json keeps each
 * failing or erroring finding as JSON, for when res is about to change in
 * place (hd_scan_update_object()). */
void hd_verdicts_collect(struct hd_verdicts *out, const struct hd_results *res,
    enum hd_object_kind kind, const char *id, bool keep_json);

void hd_verdicts_clear(struct hd_verdicts *v);

#define HD_STATUS_NONE (-1) /* no verdict: a new object, or one gone */

/* A change of verdict worth a line. */
struct hd_change {
	size_t rule;
	const struct hd_verdict *old; /* NULL: no verdict before */
	const struct hd_verdict *new; /* NULL: gone (or, see below, error) */
	int old_status;               /* enum hd_status or HD_STATUS_NONE */
	int new_status;
	bool unseen; /* new is the recommendation's error standing for old's
	              * object, whose list could not be read */
};

/* The changes from old to new: a verdict whose status changed where one
 * side is fail or error (a new failure, a failure resolved, an object gone
 * with its failure). An object verdict missing from new while its
 * recommendation errs as a whole in new (the object list could not be
 * read) changes to error, not to gone. Returns the count; *out is owned
 * by the caller (free()), NULL when there are none. */
size_t hd_verdicts_diff(struct hd_change **out, const struct hd_verdicts *old,
    const struct hd_verdicts *new);

/* The change as one JSON Lines object (new reference): {"type": "change",
 * "seq", "change": "new_failure"|"resolved"|"gone"|"changed", "id" (the
 * benchmark's), "control", "title", "severity", "old_status",
 * "new_status" (null for none), "finding" (the JSON report's shape),
 * "cause" (borrowed into the line)}. */
json_object *hd_change_json(const struct hd_change *c,
    const struct hd_results *res, unsigned long long seq, json_object *cause);

/* The change as one escaped line of text for a terminal. */
void hd_change_text(FILE *out, const struct hd_change *c,
    const struct hd_results *res, unsigned long long seq, const char *cause);

/* What a change is called: "new_failure", "resolved", "gone", "changed". */
const char *hd_change_kind(const struct hd_change *c);

#endif
