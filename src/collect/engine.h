/*
 * The Engine API collector's entry with its limits exposed, so tests can
 * point it at a fake engine with a small body cap or a short deadline;
 * hd_collect_engine() calls it with the process environment and the
 * defaults below.
 */
#ifndef HARDOCK_COLLECT_ENGINE_H
#define HARDOCK_COLLECT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

#include <hardock/collect.h>

#include "collect/dockerhost.h"
#include "collect/engine_http.h"

#define HD_ENGINE_TIMEOUT_MS 10000L /* per request when --timeout is unset */
#define HD_ENGINE_DEADLINE_FACTOR 6 /* whole collection: 6 request timeouts */
#define HD_ENGINE_INFLIGHT 16       /* inspects on the wire at once */
/* Through ssh each connection is one ssh process and one login on the
 * remote host (key exchange, a session, the remote docker CLI): two carry
 * the requests. Measured (bench/README.md, 1000 containers over a loopback
 * sshd): 1 connection 2.9 s, 2: 2.6 s, 4: 3.6 s, 16: 8.4 s, each login
 * costing more than its parallelism saves; two still halve the round trips
 * one connection would wait for over a real network, and stay far below
 * sshd's default MaxStartups (10 unauthenticated at once). Build with
 * -DHD_ENGINE_SSH_POOL=N to compare. */
#ifndef HD_ENGINE_SSH_POOL
#define HD_ENGINE_SSH_POOL 2
#endif
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

/* What the locality decision (collect/engine_local.c) is made from. */
struct hd_locality_in {
	const struct hd_engine_target *target;
	const char *engine_id;    /* the audited engine's /info ID, or NULL */
	const char *id_error;     /* why engine_id is NULL */
	const char *id_file;      /* <DockerRootDir>/engine-id under the root */
	const char *id_file_path;
	const char *local_url;    /* this host's default engine, if asked */
	const char *local_id;     /* its /info ID, or NULL */
	const char *local_error;  /* why local_id is NULL */
};

/* The HD_F_ENGINE_LOCALITY value for in: {"local", "why", ...}. */
json_object *hd_locality_decide(const struct hd_locality_in *in);

/* Whether tcp://HOST:PORT names this machine (loopback, unspecified or
 * "localhost"). */
bool hd_tcp_url_loopback(const char *url);

/* Decide and record HD_F_ENGINE_LOCALITY for target t, once the engine
 * facts are in s; asks this host's default engine for its ID when that is
 * the only proof left (within timeout_ms). */
void hd_engine_record_locality(struct hd_snapshot *s,
    const struct hd_engine_target *t, const struct hd_collect_opts *o,
    long timeout_ms);

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

/* What the engine answered to one container's inspect, unparsed: what
 * `hardock watch`'s collector hands its sandboxed evaluator. */
struct hd_engine_answer {
	char *path;      /* "/v1.47/containers/ID/json" */
	int err;         /* hd_http_req.err: HD_OK, HD_ERR, HD_ELIMIT */
	long status;     /* HTTP status */
	char *reason;    /* why err != HD_OK */
	char *text;      /* the body of a 2xx answer, NUL-terminated */
	size_t text_len;
};

/* Inspect container id again into *out (cleared first; release it with
 * hd_engine_answer_clear()), nothing parsed: HD_OK (whatever the engine
 * answered, 404 included), HD_EUSAGE (id is not an engine id: nothing
 * asked) or HD_ECONNECT (the engine is unreachable, reason in
 * hd_error_last(); *out empty). */
int hd_engine_inspect_container(struct hd_engine_answer *out,
    struct hd_engine_conn *c, const char *id);

/* Replace container id in s by what a answered: HD_OK (the object is in
 * s, with its document or the error that prevented reading it: a body
 * that is not one JSON object is that error), HD_ENOTFOUND (404: the
 * engine no longer has it, removed from s) or HD_EUSAGE (id is not an
 * engine id: s untouched). */
int hd_snapshot_put_container(struct hd_snapshot *s, const char *id,
    const struct hd_engine_answer *a);

/* Free what a holds; a cleared answer is accepted. */
void hd_engine_answer_clear(struct hd_engine_answer *a);

/* Both in one process: inspect container id again and replace it in s.
 * HD_OK, HD_ENOTFOUND, HD_EUSAGE or HD_ECONNECT as above (s untouched on
 * the last two). */
int hd_engine_refresh_container(struct hd_engine_conn *c, struct hd_snapshot *s,
    const char *id);

/* `hardock image`: record in s what a scan records of the engine
 * (HD_F_ENGINE_TARGET, HD_F_ENGINE_CONN, HD_F_ENGINE_VERSION), then
 * inspect each of the n images refs names (a name, name:tag, name@digest
 * or id) with GET /images/{ref}/json and read its GET
 * /images/{id}/history, as a scan does for every image: one HD_OBJ_IMAGE
 * object and HD_F_IMAGE_HISTORY + id per image found, and
 * HD_F_ENGINE_IMAGES listing them in the /images/json shape. ids[i]
 * (caller frees) is the full id of refs[i], or NULL with why[i] (caller
 * frees) when the engine does not have it or the request failed; a ref
 * naming an image another ref named already is listed once. HD_EUSAGE
 * for a ref that cannot be one (characters outside a reference's), with
 * nothing asked. */
int hd_engine_conn_images(struct hd_engine_conn *c, struct hd_snapshot *s,
    const struct hd_collect_opts *o, const char *const *refs, size_t n,
    char **ids, char **why);

/* Free c; NULL is accepted. */
void hd_engine_conn_free(struct hd_engine_conn *c);

#endif
