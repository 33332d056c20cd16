/*
 * hardock: what a check is, and the API a check function may use.
 *
 * A check module (checks/<topic>.c) exports one const table of struct
 * hd_check (controls), terminated by an entry whose key is NULL, and
 * registers it in checks/tables.c. The core never names a check, and no
 * check names a benchmark id: the packs map ids to control keys.
 *
 * A check is a pure function of the snapshot and its parameters: it does no
 * I/O. It reads facts through hd_fact()/hd_require() and object documents
 * through the hd_get_*() helpers, and it writes a status, a message and
 * evidence into the finding it is given.
 *
 * Scopes:
 *   HD_SCOPE_HOST       .host is called once with the result's top finding;
 *                       it may add per-object child findings with
 *                       hd_finding_add() (e.g. one per file under certs.d);
 *   HD_SCOPE_CONTAINER  .object is called once per selected container;
 *   HD_SCOPE_IMAGE      .object is called once per selected image.
 * A container-scoped control may also give .image: what it judges of a
 * container that the image decides for every container made from it (4.1:
 * the image's USER). `hardock image` (hd_scan_opts.images) evaluates the
 * image-scoped controls and these, once per image, and nothing else.
 * The scanner owns the loop over objects, object selection and waivers; a
 * per-object check with no objects is notapplicable.
 *
 * Facts missing never pass: hd_require() turns an absent or failed fact into
 * an error message in one line, and the check returns HD_ERROR.
 */
#ifndef HARDOCK_CHECK_H
#define HARDOCK_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "common.h"
#include "snapshot.h"

/* Result status, close to XCCDF's vocabulary. Order matters only for
 * iteration; hd_status_merge() defines precedence. */
enum hd_status {
	HD_PASS = 0,
	HD_FAIL,
	HD_MANUAL,
	HD_NOTAPPLICABLE,
	HD_ERROR,
	HD_WAIVED,
	HD_NOTSELECTED,
	HD_STATUS__COUNT
};

enum hd_severity {
	HD_SEV_INFO = 0,
	HD_SEV_LOW,
	HD_SEV_MEDIUM,
	HD_SEV_HIGH,
	HD_SEV_CRITICAL,
	HD_SEV__COUNT
};

enum hd_scope {
	HD_SCOPE_HOST = 0,
	HD_SCOPE_CONTAINER,
	HD_SCOPE_IMAGE,
};

/* CIS's assessment column. HD_CIS_NONE for hardock's own checks. */
enum hd_assessment {
	HD_CIS_NONE = 0,
	HD_CIS_AUTOMATED,
	HD_CIS_MANUAL,
};

/* How hardock audits: decided from facts, or left to a person. */
enum hd_audit {
	HD_AUDIT_DECIDED = 0,
	HD_AUDIT_MANUAL,
};

enum hd_param_type {
	HD_PARAM_STRING = 0,
	HD_PARAM_INT,
	HD_PARAM_BOOL,
	HD_PARAM_LIST, /* comma-separated strings */
};

/* A parameter a check declares; profiles and --param NAME=VALUE set it. */
struct hd_param_def {
	const char *name;
	enum hd_param_type type;
	const char *def; /* default as text, NULL for "unset" */
	const char *help;
};

/* The check is about dockerd itself (its configuration, its processes):
 * when the audited engine is not Docker (Podman's compatible API), the
 * scanner reports it notapplicable instead of judging a dockerd that is
 * not the engine being audited. */
#define HD_CHECK_DOCKERD 0x1u

struct hd_ctx;     /* the snapshot and parameter values, read-only */
struct hd_finding; /* status, object, message, evidence, children */

typedef enum hd_status (*hd_host_fn)(const struct hd_ctx *ctx,
    struct hd_finding *f);
typedef enum hd_status (*hd_object_fn)(const struct hd_ctx *ctx,
    const struct hd_object *obj, struct hd_finding *f);

/* A control: what hardock can decide, under a stable key of its own. The
 * benchmark's id, title, section, level and assessment are not here: they
 * are data of the benchmark packs (<hardock/pack.h>), so a renumbering by
 * CIS changes no control. */
struct hd_check {
	const char *key;     /* "daemon.icc", "container.privileged" */
	enum hd_audit audit;
	enum hd_severity severity;
	enum hd_scope scope;
	const char *rationale;
	const char *audit_text;  /* how hardock audits it */
	const char *remediation; /* the exact fix; ${PARAM} is a parameter,
	                          * ${NAME:-TEXT} a value the check observes
	                          * (hd_fix_set()), TEXT until it does */
	const char *references;  /* newline-separated URLs or documents */
	const struct hd_param_def *params; /* NULL or {NULL}-terminated */
	unsigned flags;          /* HD_CHECK_* */
	hd_host_fn host;
	hd_object_fn object;
	hd_object_fn image; /* HD_SCOPE_CONTAINER only, or NULL: the same
	                     * judgement of an image (see above) */
};

/* ---- Facts and parameters --------------------------------------------- */

/* Checks read facts only through these: the scanner notes which are facts
 * of the host hardock runs on (<hardock/facts.h>, "Where facts come
 * from"), and when the engine is remote a check or object evaluation that
 * read one is reported notapplicable (HD_REMOTE_REASON) whatever it
 * concluded, so this host is never judged in a remote engine's name. */

/* Read a fact (see <hardock/facts.h>). */
void hd_fact(struct hd_fact *out, const struct hd_ctx *ctx, const char *key);

/* Read a fact whose key is a family prefix plus a suffix (id or path). */
void hd_fact2(struct hd_fact *out, const struct hd_ctx *ctx,
    const char *prefix, const char *suffix);

/* Whether any collector recorded key (present, absent or error). */
bool hd_fact_recorded(const struct hd_ctx *ctx, const char *key);

/* The fact's value when it is HD_FACT_VALUE; otherwise NULL, and f gets the
 * error message "KEY: reason" (status left to the caller: HD_ERROR). */
json_object *hd_require(struct hd_finding *f, const struct hd_ctx *ctx,
    const char *key);

/* The snapshot under evaluation (for object counts and lists). */
const struct hd_snapshot *hd_ctx_snapshot(const struct hd_ctx *ctx);

/* A parameter's value as text (profile, --param, or its default), NULL when
 * unset. The name must be declared by the running check. */
const char *hd_param(const struct hd_ctx *ctx, const char *name);

/* Whether a comma-separated list parameter contains item. */
bool hd_param_list_has(const struct hd_ctx *ctx, const char *name,
    const char *item);

/* ---- JSON access with types checked (attacker-controlled data) -------- */

/* The value at a dotted path ("HostConfig.Privileged"), NULL if missing or
 * if an intermediate is not an object. */
json_object *hd_json_path(json_object *root, const char *path);

/* Typed getters: 0 and *out on success; missing (or JSON null) leaves *out
 * at def and returns 0; a value of another type, or an intermediate value
 * that is not an object ("HostConfig": "x"), returns HD_ETYPE and sets f's
 * message "PATH: expected boolean, got string" (f may be NULL), so hostile
 * documents give an error, never a default that passes. */
int hd_get_bool(struct hd_finding *f, json_object *root, const char *path,
    bool def, bool *out);
int hd_get_int(struct hd_finding *f, json_object *root, const char *path,
    int64_t def, int64_t *out);
int hd_get_str(struct hd_finding *f, json_object *root, const char *path,
    const char *def, const char **out);
/* Array or object at path; missing/null gives *out = NULL and 0. */
int hd_get_array(struct hd_finding *f, json_object *root, const char *path,
    json_object **out);
int hd_get_object(struct hd_finding *f, json_object *root, const char *path,
    json_object **out);

/* ---- Findings ----------------------------------------------------------- */

/* Set the finding's message (replaces an earlier one). */
void hd_msg(struct hd_finding *f, const char *fmt, ...) HD_PRINTF(2, 3);
/* The same with the text as it is (copied). */
void hd_msg_set(struct hd_finding *f, const char *text);

/* Append an observed value with its source. value is stolen (may be NULL
 * for JSON null). field names what was observed ("HostConfig.Privileged",
 * "--icc", "mode"); source where ("GET /containers/ID/json",
 * "/etc/docker/daemon.json"). */
void hd_ev(struct hd_finding *f, const char *field, json_object *value,
    const char *source);
void hd_ev_str(struct hd_finding *f, const char *field, const char *value,
    const char *source);
void hd_ev_bool(struct hd_finding *f, const char *field, bool value,
    const char *source);
void hd_ev_int(struct hd_finding *f, const char *field, int64_t value,
    const char *source);
/* Evidence copied from a fact: its value (deep copy) and its source. */
void hd_ev_fact(struct hd_finding *f, const char *field,
    const struct hd_fact *fact);

/* Record a value the check observed for its remediation text: ${name}
 * (or ${name:-default}) in the control's remediation becomes value, the
 * path or setting found on this host, instead of a default. Set on the
 * top finding, or on an object's: the first failing object's value is
 * used. The file helpers (hd_check_files*) set "path" on each file. */
void hd_fix_set(struct hd_finding *f, const char *name, const char *value);

/* Mark f as inherited: what fails comes only from the image's base image
 * (its layers, or history entries: HD_F_IMAGE_CONTENT "base"), not from
 * what the image's own build added. Reporters show it; --ignore-inherited
 * leaves such findings out of the exit code. */
void hd_finding_set_inherited(struct hd_finding *f, bool inherited);

/* Add a child finding for one object (host checks with several objects);
 * the caller sets its status with hd_finding_set_status(). */
struct hd_finding *hd_finding_add(struct hd_finding *parent,
    enum hd_object_kind kind, const char *id, const char *name);
void hd_finding_set_status(struct hd_finding *f, enum hd_status st);

/* The merged status of f's children (fail > error > manual > pass >
 * notapplicable), or none_status when f has no children. */
enum hd_status hd_finding_children_status(const struct hd_finding *f,
    enum hd_status none_status);

/* Precedence of two statuses when aggregating per-object findings. */
enum hd_status hd_status_merge(enum hd_status a, enum hd_status b);

/* ---- Names -------------------------------------------------------------- */

const char *hd_status_name(enum hd_status st);     /* "pass", ... */
const char *hd_severity_name(enum hd_severity sev); /* "critical", ... */
const char *hd_scope_name(enum hd_scope scope);
const char *hd_assessment_name(enum hd_assessment a); /* "Automated", ... */
const char *hd_audit_name(enum hd_audit a);           /* "decided"/"manual" */
const char *hd_param_type_name(enum hd_param_type t);
/* Parse names back; -1 when unknown. */
int hd_status_from_name(const char *name);
int hd_severity_from_name(const char *name);

#endif
