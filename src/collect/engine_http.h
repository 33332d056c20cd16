/*
 * The Engine API transport: GET requests over a unix socket, tcp:// (with
 * TLS) or ssh:// (collect/engine_ssh.h), run concurrently through one curl
 * multi handle.
 *
 * A batch of requests is run with at most max_inflight of them on the wire
 * at once; the multi handle keeps one pool of connections (and a share
 * handle the TLS sessions and DNS cache) across batches, so a thousand
 * inspects reuse a handful of connections. Each answer is read into a
 * capped buffer and parsed once.
 *
 * Once the engine cannot be reached (connection refused, TLS handshake
 * failed, connect timed out) or the whole-collection deadline has passed,
 * the client is "down": requests not yet sent fail at once with the same
 * reason, so a dead engine costs one timeout, not one per request.
 */
#ifndef HARDOCK_COLLECT_ENGINE_HTTP_H
#define HARDOCK_COLLECT_ENGINE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <curl/curl.h>
#include <json-c/json.h>

#include "collect/dockerhost.h"

/* An answer made up instead of read from the wire, for fuzzing and tests:
 * status 0 is "connection refused"; header is one raw header line
 * ("Api-Version: 1.47\r\n") or NULL. Everything is borrowed until the
 * callback is called again. */
struct hd_http_answer {
	long status;
	const char *header;
	size_t header_len;
	const char *body;
	size_t len;
};

/* Fill a with the answer to GET path. */
typedef void (*hd_http_replay_fn)(void *arg, const char *path,
    struct hd_http_answer *a);

struct hd_http_opts {
	long timeout_ms;   /* connect and per-request timeout (> 0) */
	long deadline_ms;  /* the whole client's lifetime budget (> 0) */
	size_t body_cap;   /* largest body accepted, in bytes */
	int max_inflight;  /* requests on the wire at once (>= 1) */
	/* NULL: talk to the engine. Else every request is answered by
	 * replay(replay_arg, ...) and handled from there on as a real answer
	 * (cap, status, header, JSON); libcurl is never used. */
	hd_http_replay_fn replay;
	void *replay_arg;
};

/* One GET request and its outcome. */
struct hd_http_req {
	/* Set by the caller. */
	const char *path;  /* "/v1.47/info"; borrowed */
	bool raw;          /* keep the body as text, do not parse JSON */
	/* Optional: called inside hd_http_run() as soon as a raw answer's
	 * text is set, so that a batch of thousands is taken (and its text
	 * freed) answer by answer instead of held whole until the end. */
	void (*on_text)(void *arg, struct hd_http_req *req);
	void *on_text_arg;
	/* Set by hd_http_run(). */
	int err;           /* HD_OK, or HD_ECONNECT (engine unreachable or the
	                    * client down), HD_ERR (HTTP status or transport),
	                    * HD_ELIMIT (body too large), HD_EPARSE (not JSON) */
	long status;       /* HTTP status, 0 when none was received */
	char *reason;      /* why err != HD_OK, ready for a fact (owned) */
	json_object *doc;  /* parsed body of a 2xx answer (owned), else NULL;
	                    * a non-2xx answer's {"message"} is in reason */
	char *text;        /* raw body when raw (owned), NUL-terminated */
	size_t text_len;   /* its length (a hostile body may hold NUL bytes) */
	char *api_version; /* the Api-Version response header (owned) */
};

struct hd_http;

/* A client for the engine at t (borrowed; must outlive the client). */
int hd_http_new(struct hd_http **out, const struct hd_engine_target *t,
    const struct hd_http_opts *o);

/* Run n requests; returns when each has its outcome. progress, when not
 * NULL, is called after each completion with (done, n). */
void hd_http_run(struct hd_http *h, struct hd_http_req *reqs, size_t n,
    void (*progress)(void *arg, size_t done, size_t total), void *arg);

/* Mark the client down with reason (printf-style): later requests fail at
 * once with it. */
void hd_http_kill(struct hd_http *h, const char *fmt, ...) HD_PRINTF(2, 3);

/* Why the client is down, or NULL while it is up. */
const char *hd_http_down(const struct hd_http *h);

/* Parse a raw request's body now, as hd_http_run() parses the others:
 * doc on success, else err HD_EPARSE with the reason; the text is freed.
 * Batches of large answers are fetched raw and parsed one at a time, so
 * that a thousand trees are never in memory together. */
void hd_http_parse(struct hd_http *h, struct hd_http_req *req);

/* hd_http_parse() of a raw request whose answer is a long list: element
 * by element through map (hd_json_parse_array_map()). */
void hd_http_parse_list(struct hd_http *h, struct hd_http_req *req,
    json_object *(*map)(void *arg, json_object *elem), void *arg);

/* Release what a request's outcome holds (not the request itself). */
void hd_http_req_clear(struct hd_http_req *r);

/* Outside text (an engine's message, ssh's stderr) made safe for a
 * report: at most 512 bytes, trailing blanks dropped, control characters
 * (terminal escapes) replaced by '?'. Caller frees. */
char *hd_http_quote(const char *s, size_t n);

/* Free h; NULL is accepted. */
void hd_http_free(struct hd_http *h);

struct hd_ssh;

/* Set on easy handle c how every request reaches the engine at t: the
 * ssh tunnel (when ssh is not NULL), unix socket or TLS material, no
 * proxy, http(s) only, no signals. The event stream (collect/events.c)
 * shares this with the client. */
void hd_http_easy_transport(CURL *c, const struct hd_engine_target *t,
    struct hd_ssh *ssh);

/* The URL requests to t are made below (caller frees). */
char *hd_http_base_url(const struct hd_engine_target *t);

#endif
