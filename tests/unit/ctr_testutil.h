/* Fixture containers and result assertions shared by the container check
 * tests (header only: testutil.c belongs to the foundation). */
#ifndef HARDOCK_CTR_TESTUTIL_H
#define HARDOCK_CTR_TESTUTIL_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* The image reference of fixture containers (pinned by digest). */
#define CT_IMAGE "busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000"

/* Add container NAME (id "NAME-id"): running or not, with the HostConfig
 * members hostconfig and top-level members extra (JSON text without
 * braces, may be ""; later keys override the defaults). */
static inline void
ct_add(struct hd_snapshot *s, const char *name, bool running,
    const char *hostconfig, const char *extra)
{
	char *doc = hd_xasprintf("{\"Id\": \"%s-id\", \"Name\": \"/%s\", "
	    "\"State\": {\"Running\": %s, \"Status\": \"%s\"}, "
	    "\"Config\": {\"Image\": \"" CT_IMAGE "\"}, "
	    "\"HostConfig\": {%s}%s%s}", name, name, running ? "true" : "false",
	    running ? "running" : "exited", hostconfig, extra[0] ? ", " : "", extra);

	tu_add_container(s, doc);
	free(doc);
}

/* Set fact key to the JSON text value. */
static inline void
ct_fact(struct hd_snapshot *s, const char *key, const char *json)
{
	hd_snapshot_set_value(s, key, tu_json(json), "test fixture");
}

/* Set the live process fact of container NAME. */
static inline void
ct_proc(struct hd_snapshot *s, const char *name, const char *json)
{
	char *key = hd_xasprintf("%s%s-id", HD_F_PROCESS_CONTAINER, name);

	ct_fact(s, key, json);
	free(key);
}

/* Assert one finding: status, evidence field (containing val when not
 * NULL) when field is not NULL, and message containing msg when not NULL. */
static inline void
ct_assert(const struct hd_finding *f, const char *what, enum hd_status st,
    const char *field, const char *val, const char *msg)
{
	ck_assert_msg(f->status == st, "%s: status %s, expected %s (message: %s)",
	    what, hd_status_name(f->status), hd_status_name(st),
	    f->message ? f->message : "");
	if (field != NULL)
		ck_assert_msg(tu_has_evidence(f, field, val),
		    "%s: no evidence %s containing %s (message: %s)", what, field,
		    val ? val : "(any)", f->message ? f->message : "");
	if (msg != NULL)
		ck_assert_msg(f->message != NULL && strstr(f->message, msg) != NULL,
		    "%s: message \"%s\" lacks \"%s\"", what,
		    f->message ? f->message : "", msg);
}

/* Run check id with params and assert the finding of container name. */
static inline void
ct_expect_p(const struct hd_snapshot *s, const char *id, const char *name,
    const char *const *params, enum hd_status st, const char *field,
    const char *val, const char *msg)
{
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, id, params, &res);
	const struct hd_finding *c = tu_child_of(res, name);
	char *what = hd_xasprintf("%s on %s", id, name);

	ck_assert_msg(c != NULL, "%s: no finding for container %s", id, name);
	ct_assert(c, what, st, field, val, msg);
	free(what);
	hd_results_free(r);
}

static inline void
ct_expect(const struct hd_snapshot *s, const char *id, const char *name,
    enum hd_status st, const char *field, const char *val, const char *msg)
{
	ct_expect_p(s, id, name, NULL, st, field, val, msg);
}

/* Run host check id and assert its top finding. */
static inline void
ct_expect_host(const struct hd_snapshot *s, const char *id,
    const char *const *params, enum hd_status st, const char *field,
    const char *val, const char *msg)
{
	const struct hd_result *res;
	struct hd_results *r = tu_run(s, id, params, &res);

	ct_assert(&res->top, id, st, field, val, msg);
	hd_results_free(r);
}

#endif
