/*
 * Fixture helpers shared by the host-side check tests (sections 1-3 and
 * hardock's host checks): snapshots built in code, and one assertion that
 * runs a check and checks its status, evidence and message.
 */
#ifndef HARDOCK_TEST_CHECKFIX_H
#define HARDOCK_TEST_CHECKFIX_H

#include <stdio.h>
#include <string.h>

#include "testutil.h"

/* Set fact key to the JSON text. */
static inline void
cf_set(struct hd_snapshot *s, const char *key, const char *json)
{
	hd_snapshot_set_value(s, key, tu_json(json), "fixture");
}

/* Set fact key to the JSON text with a source. */
static inline void
cf_set_src(struct hd_snapshot *s, const char *key, const char *json,
    const char *source)
{
	hd_snapshot_set_value(s, key, tu_json(json), source);
}

/* Record a file fact for path. */
static inline void
cf_file(struct hd_snapshot *s, const char *path, const char *type, int mode,
    int uid, int gid, const char *user, const char *group)
{
	char key[512], json[1024];

	snprintf(key, sizeof(key), "%s%s", HD_F_FILE, path);
	snprintf(json, sizeof(json), "{\"path\": \"%s\", \"type\": \"%s\", "
	    "\"mode\": %d, \"uid\": %d, \"gid\": %d, \"user\": \"%s\", "
	    "\"group\": \"%s\", \"size\": 10}", path, type, mode, uid, gid, user,
	    group);
	hd_snapshot_set_value(s, key, tu_json(json), "stat(2)");
}

/* Record that path does not exist, or could not be read. */
static inline void
cf_file_absent(struct hd_snapshot *s, const char *path)
{
	char key[512];

	snprintf(key, sizeof(key), "%s%s", HD_F_FILE, path);
	hd_snapshot_set_absent(s, key, path, "no such file");
}

static inline void
cf_file_error(struct hd_snapshot *s, const char *path, const char *why)
{
	char key[512];

	snprintf(key, sizeof(key), "%s%s", HD_F_FILE, path);
	hd_snapshot_set_error(s, key, path, "%s", why);
}

/* Whether f or one of its children has a message containing text. */
static inline int
cf_has_msg(const struct hd_finding *f, const char *text)
{
	if (f->message != NULL && strstr(f->message, text) != NULL)
		return 1;
	for (size_t i = 0; i < f->nchildren; i++)
		if (cf_has_msg(&f->children[i], text))
			return 1;
	return 0;
}

/* Run check id on s with params (NULL-terminated, may be NULL) and assert
 * its status; when field is given, evidence field (containing value when
 * not NULL) must be there; when msg is given, a message must contain it. */
static inline void
cf_expect_p(const struct hd_snapshot *s, const char *id,
    const char *const *params, enum hd_status want, const char *field,
    const char *value, const char *msg)
{
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, id, params, &res);

	ck_assert_msg(res->status == want, "%s: status %s, expected %s (%s)", id,
	    hd_status_name(res->status), hd_status_name(want),
	    res->top.message ? res->top.message :
	    (res->top.nchildren && res->top.children[0].message ?
	    res->top.children[0].message : ""));
	if (field != NULL)
		ck_assert_msg(tu_has_evidence(&res->top, field, value),
		    "%s: no evidence %s=%s", id, field, value ? value : "*");
	if (msg != NULL)
		ck_assert_msg(cf_has_msg(&res->top, msg),
		    "%s: no message containing '%s' (top: %s)", id, msg,
		    res->top.message ? res->top.message : "(none)");
	hd_results_free(r);
}

/* cf_expect_p without parameters. */
static inline void
cf_expect(const struct hd_snapshot *s, const char *id, enum hd_status want,
    const char *field, const char *value, const char *msg)
{
	cf_expect_p(s, id, NULL, want, field, value, msg);
}

/* The status of the child finding for object id of check id on s. */
static inline enum hd_status
cf_child_status(const struct hd_snapshot *s, const char *id, const char *obj)
{
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, id, NULL, &res);
	const struct hd_finding *c = tu_child_of(res, obj);
	enum hd_status st;

	ck_assert_msg(c != NULL, "%s: no finding for %s", id, obj);
	st = c->status;
	hd_results_free(r);
	return st;
}

#endif
