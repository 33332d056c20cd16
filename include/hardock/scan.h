/*
 * hardock: the catalog, the scanner and its results.
 *
 * The scanner evaluates the recommendations of one benchmark pack
 * (<hardock/pack.h>), each by its control, over a snapshot: it owns the loop over
 * objects, object scoping, parameters and waivers, so checks stay pure and
 * small. Results are plain data for the reporters, which never decide a
 * status themselves.
 */
#ifndef HARDOCK_SCAN_H
#define HARDOCK_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "check.h"
#include "pack.h"
#include "snapshot.h"

/* ---- Ids and selectors --------------------------------------------------- */

/* Whether a selector ("5", "2.1", "5.10", "HD-ENGINE") matches an id: the
 * exact id, or a section prefix followed by '.' or '-'. */
bool hd_id_matches(const char *selector, const char *id);

/* Compare two ids in natural order (numeric parts as numbers). */
int hd_id_cmp(const char *a, const char *b);

/* A recommendation's metadata as a JSON object (new reference): id,
 * control, title, section, level, cis_assessment, audit, severity, scope,
 * rationale, how_audited, remediation (the pack's, parameters expanded
 * with their defaults and the pack's values), references [str], params
 * [{name, type, default, help}]. */
json_object *hd_rule_json(const struct hd_rule *r);

/* ---- Findings, as the reporters read them ------------------------------- */

struct hd_evidence {
	char *field;
	json_object *value; /* owned; NULL is JSON null */
	char *source;
	char *sha256; /* the digest of the source file the collectors read
	               * (daemon.json, a unit file, audit rules), or NULL */
};

/* A name and a value: a parameter, or a value a check observed for the
 * remediation text (hd_fix_set()). */
struct hd_param_value {
	char *name;
	char *value;
};

/* A finding's object_id, object_name, message and its evidence's field
 * and source are shared strings (hd_shared_str() in finding.c: one copy
 * of each distinct text for all findings): set them only through
 * hd_finding_add(), hd_msg(), hd_msg_set() and hd_ev*(), never free them.
 * The evidence array of a per-object finding is sealed once its check is
 * done (hd_finding_seal()): findings whose evidence is alike share one
 * array, read like any other and copied before it is changed.
 *
 * A host with 10,000 containers holds some 400,000 findings, so the
 * struct is kept to 72 bytes: counts are 32-bit (hd_finding_add() and
 * hd_ev() abort past that, which no capped input reaches) and the enums
 * are bit-fields. */
struct hd_finding {
	char *object_id;   /* NULL for the top finding of a result */
	char *object_name;
	char *message;
	struct hd_evidence *evidence;
	struct hd_finding *children;
	char *waiver; /* justification when status == HD_WAIVED */
	struct hd_param_value *fix; /* observed values for the fix text */
	uint32_t nevidence;
	uint32_t nchildren;
	uint32_t children_cap; /* allocated children (hd_finding_reserve()) */
	uint16_t nfix;
	enum hd_object_kind kind : 4;
	enum hd_status status : 4;
	bool inherited : 1; /* fails only because of the base image's layers
	                     * or history (hd_finding_set_inherited()) */
};

struct hd_result {
	const struct hd_rule *rule;   /* the pack's recommendation */
	const struct hd_check *check; /* its control (rule->control) */
	char *remediation;            /* the fix, with the values the check
	                               * observed and the parameters expanded */
	enum hd_severity severity;    /* the control's, or the profile's */
	enum hd_status status;
	struct hd_finding top; /* message and evidence of the whole check */
};

/* ---- The dockerd gate ---------------------------------------------------- */

/* Why the checks of dockerd (HD_CHECK_DOCKERD) have no subject. */
struct hd_gate {
	char *reason;       /* "no Docker on this host", short, owned */
	char *detail;       /* what shows it, owned, or NULL */
	const char *fact;   /* the fact that shows it (its source) */
	const char *field;  /* evidence field */
	json_object *value; /* evidence value, owned */
};

/* Whether the checks of dockerd do not apply to the host of s: the
 * audited engine is not dockerd (Podman), or there is no Docker on the
 * host at all (daemon.presence). true with *out filled (release with
 * hd_gate_clear); false with *out zeroed. One table in src/core/gate.c
 * holds every reason: a new one is a row there, never a check's case. */
bool hd_dockerd_gate(struct hd_gate *out, const struct hd_snapshot *s);

/* Release what a gate holds; NULL is accepted. */
void hd_gate_clear(struct hd_gate *g);

/* ---- Scanning ----------------------------------------------------------- */

/* A waiver: a failure of check (on objects matching any of objects, or
 * the whole check when there are none) accepted until expires
 * (YYYY-MM-DD, inclusive). check is a selector of the scanned pack (id,
 * section prefix or control key). Strings are borrowed (the profile). */
struct hd_waiver {
	const char *check;
	const char *const *objects; /* object selectors; NULL/0: every object */
	size_t nobjects;
	const char *justification;
	const char *approved_by;
	const char *expires;
	const char *ticket; /* or NULL */
	const char *where;  /* "FILE:LINE:COLUMN" of the waiver, or NULL */
};

/* A severity a profile gives the recommendations matching check. */
struct hd_severity_override {
	const char *check;
	enum hd_severity severity;
};

/* What to evaluate and how. Build with hd_scan_opts_init(), then set. */
struct hd_scan_opts {
	const struct hd_pack *pack; /* the benchmark; NULL = hd_pack_default() */
	const char **select;   /* selectors (ids, prefixes or control keys) */
	size_t nselect;
	const char **exclude;  /* selectors to skip */
	size_t nexclude;
	struct hd_param_value *params; /* --param NAME=VALUE */
	size_t nparams;
	const char *profile; /* profile name reported, "default" when NULL */
	bool images;         /* `hardock image`: evaluate only what judges an
	                      * image (image-scoped controls, and the .image
	                      * function of container-scoped ones, per image);
	                      * every other recommendation is notselected */
	int max_level;       /* only recommendations of level <= this; 0 = all */
	/* Object scope: selectors "name:GLOB", "id:PREFIX", "label:KEY" or
	 * "label:KEY=VALUE". An object is evaluated when it matches an include
	 * (or there are none) and no exclude. */
	const char **objects_include;
	size_t nobjects_include;
	const char **objects_exclude;
	size_t nobjects_exclude;
	const struct hd_waiver *waivers;
	size_t nwaivers;
	const struct hd_severity_override *severities; /* the last match wins */
	size_t nseverities;
	const char *today;   /* YYYY-MM-DD for waiver expiry; NULL = now (UTC) */
	int warn_expiry_days; /* waivers expiring within this many days are
	                       * listed (hd_scan_opts_init: 14) */
	/* The scanned snapshot, when the caller needs none of its objects
	 * after the scan: each is dropped once every check has judged it
	 * (hd_snapshot_drop()), so a scan of 10,000 containers does not hold
	 * their documents and its findings at once. Host checks then run
	 * first (some read every image). NULL: the objects stay. */
	struct hd_snapshot *consume;
	/* Called after each check with (done, total); may be NULL. */
	void (*progress)(void *arg, size_t done, size_t total);
	void *progress_arg;
};

void hd_scan_opts_init(struct hd_scan_opts *o);

/* Free what the options own: the selector, object, waiver and severity
 * arrays (not the strings they point to) and the parameters with their
 * strings. */
void hd_scan_opts_release(struct hd_scan_opts *o);

/* A copy of src into dst owning its own arrays and parameters (strings
 * the arrays point to are borrowed as src borrows them), released with
 * hd_scan_opts_release(): watch keeps the command line's options to put
 * a reloaded profile under them. */
void hd_scan_opts_copy(struct hd_scan_opts *dst, const struct hd_scan_opts *src);

/* Validate selectors, parameters, object selectors and waivers against
 * the pack: HD_EUSAGE with the message naming the unknown check id,
 * undeclared parameter or malformed selector. */
int hd_scan_opts_validate(const struct hd_scan_opts *o);

/* The score of a set of results: 100 * pass / (pass + fail + error),
 * rounded down; -1 when there is none of those (not computable, never
 * 100). Waived, manual, notapplicable and notselected do not count. */
int hd_score(const size_t by_status[HD_STATUS__COUNT]);

/* Counts and score of one section of the pack (rule->section). */
struct hd_section_stats {
	const char *name;  /* "2 Docker daemon configuration" */
	size_t count;      /* recommendations in the section */
	size_t by_status[HD_STATUS__COUNT];
	int score;         /* hd_score(), -1 when not computable */
};

enum hd_waiver_state {
	HD_WAIVER_ACTIVE = 0,
	HD_WAIVER_EXPIRING, /* within warn_expiry_days of its date */
	HD_WAIVER_EXPIRED,  /* past its date: it no longer applies */
};

/* How a waiver of the options was used by the scan. */
struct hd_waiver_use {
	struct hd_waiver waiver; /* a copy; strings borrowed as in the options */
	size_t matched;  /* failing findings it covers (waived unless expired) */
	enum hd_waiver_state state;
	long days_left;  /* days from today to its date (< 0 once expired) */
};

struct hd_results {
	const struct hd_pack *pack; /* the benchmark evaluated */
	struct hd_result *items;    /* one per recommendation of the pack */
	size_t count;
	size_t by_status[HD_STATUS__COUNT];
	int score; /* hd_score() of every result */
	struct hd_section_stats *sections; /* in pack order */
	size_t nsections;
	struct hd_waiver_use *waivers; /* one per waiver of the options */
	size_t nwaivers;
	char today[11];       /* the date waivers were judged against */
	int warn_expiry_days;
};

/* Whether waiver use u is stale: it covered no failure in this scan (the
 * check passes now, or no object it names exists). */
bool hd_waiver_stale(const struct hd_waiver_use *u);

/* Evaluate the pack's recommendations over s. Unselected ones appear as
 * notselected. */
int hd_scan_run(struct hd_results **out, const struct hd_snapshot *s,
    const struct hd_scan_opts *o);

/* Re-evaluate, in res (from hd_scan_run() with the same s and o), the
 * per-object checks of kind for the one object id, after the caller
 * replaced or removed it in s: its findings are dropped, evaluated again
 * when s still holds it (appended last), and each such result's status,
 * message, counts and score recomputed. Host checks are left as they were
 * (a full hd_scan_run() refreshes them). */
void hd_scan_update_object(struct hd_results *res, const struct hd_snapshot *s,
    const struct hd_scan_opts *o, enum hd_object_kind kind, const char *id);

void hd_results_free(struct hd_results *r);

/* Whether an object selector ("name:web-*", "id:abc", "label:k=v") matches
 * the object. */
bool hd_object_matches(const char *selector, const struct hd_object *obj);

/* Whether any result failed at or above severity min (exit code 1); with
 * ignore_inherited, a result whose every failing finding is inherited
 * (hd_finding_set_inherited()) does not count. */
bool hd_results_failed_at(const struct hd_results *r, enum hd_severity min,
    bool ignore_inherited);

/* Whether every failing finding of r (its top finding, or its failing
 * children) is inherited from the base image; false when none fails. */
bool hd_result_inherited(const struct hd_result *r);

#endif
