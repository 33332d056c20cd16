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
#include "collect/engine_http.h"

#define HD_ENGINE_TIMEOUT_MS 10000L /* per request when --timeout is unset */
#define HD_ENGINE_DEADLINE_FACTOR 6 /* whole collection: 6 request timeouts */
#define HD_ENGINE_INFLIGHT 16       /* inspects on the wire at once */
#define HD_ENGINE_API_NEWEST 47     /* API 1.47, the newest hardock knows */
#define HD_ENGINE_API_OLDEST 24     /* API 1.24, the oldest it accepts */

struct hd_engine_limits {
	size_t body_cap;   /* largest response, bytes (HD_BUF_CAP_API) */
	int max_inflight;  /* HD_ENGINE_INFLIGHT */
	long deadline_ms;  /* 0: HD_ENGINE_DEADLINE_FACTOR request timeouts */
	/* NULL: the engine answers; else replay answers every request (see
	 * hd_http_opts), which is how the fuzzer drives the whole client. */
	hd_http_replay_fn replay;
	void *replay_arg;
};

/* Collect every engine fact into s from the endpoint o and env resolve to. */
void hd_engine_collect(struct hd_snapshot *s, const struct hd_collect_opts *o,
    const struct hd_docker_env *env, const struct hd_engine_limits *lim);

#endif
