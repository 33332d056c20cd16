/*
 * An Engine API transcript: canned answers that the engine client replays
 * instead of talking to an engine (hd_http_opts.replay), so the fuzzer and
 * the unit tests drive the whole client, from the answer's bytes on, with
 * no socket. The text form, one record per answer:
 *
 *   GET /_ping 200 Api-Version: 1.43
 *   OK
 *   GET /version 200
 *   {...}
 *
 * A record starts at a line "GET PATTERN STATUS [HEADER]"; its body is every
 * byte up to the next line starting "GET " (the last newline before it is
 * not part of the body) or the end. PATTERN is matched against the request
 * path with its "/v1.N" prefix dropped; a segment that is a lone star
 * matches any one segment ("GET /containers/STAR/json" with a real "*").
 * Several records matching a request answer its kind in turn (the one
 * used least first), so one pattern can answer many inspects. STATUS 0 is "connection refused". A request no record
 * matches gets 404 {"message":"page not found"}, as from dockerd.
 */
#ifndef HARDOCK_FUZZ_TRANSCRIPT_H
#define HARDOCK_FUZZ_TRANSCRIPT_H

#include <stddef.h>

#include "collect/engine_http.h"

struct hd_transcript;

/* Parse text (borrowed: it must outlive the transcript); never fails, a
 * line that is not a record header belongs to the body before it. */
struct hd_transcript *hd_transcript_parse(const char *text, size_t len);

/* The replay callback (hd_http_replay_fn) over a transcript arg. */
void hd_transcript_answer(void *arg, const char *path,
    struct hd_http_answer *a);

/* Requests answered so far, matched or not. */
size_t hd_transcript_requests(const struct hd_transcript *t);

/* Free t; NULL is accepted. */
void hd_transcript_free(struct hd_transcript *t);

#endif
