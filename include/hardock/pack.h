/*
 * hardock: controls and benchmark packs.
 *
 * A control (struct hd_check, <hardock/check.h>) is what hardock can decide:
 * a check function with a stable key of hardock's own ("daemon.icc") that
 * never changes when CIS renumbers. A benchmark pack is data: for one
 * benchmark version, each recommendation's id, title, section, level and
 * assessment, the control that decides it, and the parameter values and
 * remediation text that differ in that version. Every pack ends with
 * hardock's own controls (HD-*), the "beyond CIS" part.
 *
 * The packs are built from the files in benchmarks/ (compiled in, see
 * src/core/pack.c): cis-docker-VERSION.tsv (CIS's recommendations),
 * controls.tsv (which control decides which id in each version),
 * hardock.tsv (the beyond-CIS part) and overrides.tsv (per-version
 * parameters and remediation). A new CIS release is a data change there.
 */
#ifndef HARDOCK_PACK_H
#define HARDOCK_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"

/* A parameter value a pack sets for one recommendation (e.g. 5.6's list
 * of sensitive directories in 1.7.0). */
struct hd_pack_param {
	const char *name;
	const char *value;
};

/* One recommendation of a pack, decided by one control. */
struct hd_rule {
	const char *id;      /* "2.15", or "HD-CTR-1" in the beyond-CIS part */
	const char *title;   /* the benchmark's title */
	const char *section; /* "2 Docker daemon configuration" */
	int level;           /* CIS profile level 1 or 2 */
	enum hd_assessment cis; /* HD_CIS_NONE for hardock's own */
	const struct hd_check *control;
	const char *remediation; /* the pack's text where it differs, or NULL */
	const struct hd_pack_param *params;
	size_t nparams;
};

struct hd_pack {
	const char *name;    /* "cis-1.8.0" */
	const char *title;   /* "CIS Docker Benchmark" */
	const char *version; /* "1.8.0" */
	const struct hd_rule *rules; /* natural id order, CIS before HD-* */
	size_t nrules;
	size_t ncis;         /* rules[0..ncis) are the benchmark's own */
};

/* The shipped packs, oldest first. */
size_t hd_pack_count(void);
const struct hd_pack *hd_pack_get(size_t i);

/* The pack named "cis-1.8.0" (also "1.8.0" or "cis-docker-1.8.0"), NULL
 * when there is none. */
const struct hd_pack *hd_pack_find(const char *name);

/* The default pack: the newest shipped. */
const struct hd_pack *hd_pack_default(void);

/* The pack's recommendation with exactly this id, or the one decided by
 * this control key; NULL when the pack has none. */
const struct hd_rule *hd_pack_rule(const struct hd_pack *p, const char *id);
const struct hd_rule *hd_pack_rule_for(const struct hd_pack *p,
    const char *control);

/* Whether a selector matches a recommendation: its id or a section prefix
 * of it ("5", "2.1", "HD-CTR": hd_id_matches()), its control key, or a
 * control-key prefix ending before a '.' ("daemon", "files.tls_ca"). */
bool hd_rule_matches(const char *selector, const struct hd_rule *r);

/* The value the pack gives parameter name for r, NULL when it gives none. */
const char *hd_rule_param(const struct hd_rule *r, const char *name);

/* The remediation text for r with each ${NAME} or ${NAME:-TEXT} replaced:
 * by value(name, arg) when value is given and returns non-NULL (the scanner
 * gives what the check observed, then --param), else for a parameter the
 * control declares by the pack's value or its default, else by TEXT. A
 * ${NAME} that is neither stays as written. Caller frees. */
char *hd_rule_remediation(const struct hd_rule *r,
    const char *(*value)(const char *name, void *arg), void *arg);

/* ---- Controls ----------------------------------------------------------- */

/* Every registered control, sorted by key. */
size_t hd_control_count(void);
const struct hd_check *hd_control_get(size_t i);

/* The control with this key, NULL when unknown. */
const struct hd_check *hd_control_find(const char *key);

/* ---- Pack data ---------------------------------------------------------- */

/* A data file of benchmarks/, compiled in (src/core/pack_data.c). */
struct hd_pack_file {
	const char *name; /* "cis-docker-1.8.0.tsv" */
	const char *text;
	size_t len;
};

/* Build the packs from data files (the compiled-in set, or a test's):
 * 0 and *out (an array of *n packs) on success; HD_EPARSE with a message
 * naming the file, line and problem when the data is inconsistent (a
 * recommendation without a control, an unknown control key, an id listed
 * twice, a malformed row). Free with hd_packs_free(). */
int hd_packs_build(struct hd_pack **out, size_t *n,
    const struct hd_pack_file *files, size_t nfiles);
void hd_packs_free(struct hd_pack *packs, size_t n);

#endif
