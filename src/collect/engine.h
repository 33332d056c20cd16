/*
 * The Engine API collector's entry with its limits exposed, so tests can
 * point it at a fake engine with a small body cap or a short deadline;
 * hd_collect_engine() calls it with the process environment and the
 * defaults below.
 */
#ifndef HARDOCK_COLLECT_ENGINE_H
#define HARDOCK_COLLECT_ENGINE_H

#include <stddef.h>

#include <hardock/collect.h>

#include "collect/dockerhost.h"

#define HD_ENGINE_TIMEOUT_MS 10000L /* per request when --timeout is unset */
#define HD_ENGINE_DEADLINE_FACTOR 6 /* whole collection: 6 request timeouts */
#define HD_ENGINE_INFLIGHT 16       /* inspects on the wire at once */
#define HD_ENGINE_API_NEWEST 47     /* API 1.47, the newest hardock knows */
#define HD_ENGINE_API_OLDEST 24     /* API 1.24, the oldest it accepts */

struct hd_engine_limits {
	size_t body_cap;   /* largest response, bytes (HD_BUF_CAP_API) */
	int max_inflight;  /* HD_ENGINE_INFLIGHT */
	long deadline_ms;  /* 0: HD_ENGINE_DEADLINE_FACTOR request timeouts */
};

/* Collect every engine fact into s from the endpoint o and env resolve to. */
void hd_engine_collect(struct hd_snapshot *s, const struct hd_collect_opts *o,
    const struct hd_docker_env *env, const struct hd_engine_limits *lim);

/* An open connection to the engine, for `hardock watch`: the endpoint
 * resolved, the API version negotiated, one client kept for single
 * inspects between full scans. */
struct hd_engine_conn;

/* Resolve and negotiate; HD_ECONNECT (or HD_EUSAGE for a bad endpoint)
 * with the reason in hd_error_last(). The client has no collection
 * deadline: each request still has its timeout. */
int hd_engine_open(struct hd_engine_conn **out, const struct hd_collect_opts *o,
    const struct hd_docker_env *env, const struct hd_engine_limits *lim);

/* The endpoint and the version prefix ("/v1.47") of c (borrowed). */
const struct hd_engine_target *hd_engine_conn_target(const struct hd_engine_conn *c);
const char *hd_engine_conn_prefix(const struct hd_engine_conn *c);

/* Inspect container id again and replace it in s: HD_OK (the object is
 * in s, with its document or the error that prevented reading it),
 * HD_ENOTFOUND (the engine no longer has it: removed from s), HD_EUSAGE
 * (id is not an engine id: s untouched) or HD_ECONNECT (the engine is
 * unreachable: s untouched, reason in hd_error_last()). */
int hd_engine_refresh_container(struct hd_engine_conn *c, struct hd_snapshot *s,
    const char *id);

/* Free c; NULL is accepted. */
void hd_engine_conn_free(struct hd_engine_conn *c);

#endif
